// Package milestone tags the plan's milestones in git: an annotated tag,
// made only when every core exercise scheduled up to the milestone's week
// passes, checked fresh, and never moved once made.
package milestone

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"

	"dsweekends/scripts/roadmap"
)

// Due returns the work a milestone requires: the core exercises of every
// weekend up to its week (DESIGN §3: exactly the work scheduled up to it).
func Due(rm *roadmap.Roadmap, m roadmap.Milestone) []roadmap.Exercise {
	return roadmap.Filter(rm.Exercises, func(e roadmap.Exercise) bool { return e.Core() && e.Weekend <= m.Week })
}

// ErrTagExists reports a milestone that is already tagged.
var ErrTagExists = errors.New("tag exists")

// Git runs git in a work tree.
type Git struct{ Dir string }

func (g Git) run(ctx context.Context, stdin string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = g.Dir
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("git %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(errb.String()))
	}
	return strings.TrimSpace(out.String()), nil
}

// IsRepo reports whether the folder is inside a git work tree.
func (g Git) IsRepo(ctx context.Context) bool {
	_, err := g.run(ctx, "", "rev-parse", "--is-inside-work-tree")
	return err == nil
}

// TagDate returns when the tag was made, or false when it does not exist.
func (g Git) TagDate(ctx context.Context, tag string) (time.Time, bool) {
	out, err := g.run(ctx, "", "for-each-ref", "--format=%(creatordate:iso-strict)", "refs/tags/"+tag)
	if err != nil || out == "" {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339, out)
	return t, err == nil
}

// Tag creates the annotated tag with the message; it refuses to move an
// existing tag.
func (g Git) Tag(ctx context.Context, tag, message string) error {
	if _, ok := g.TagDate(ctx, tag); ok {
		return fmt.Errorf("%s: %w (a milestone tag is never moved; delete it yourself with git tag -d %s if you really mean to)", tag, ErrTagExists, tag)
	}
	_, err := g.run(ctx, message, "tag", "-a", tag, "--cleanup=verbatim", "-F", "-") // verbatim: keep the Markdown headings
	return err
}
