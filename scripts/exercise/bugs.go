package exercise

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
)

// BugsFile is the known-bug catalog of an exercise package, inside its
// reference solution folder: realistic learner mistakes, each a small
// change to the reference that a graded test must catch.
const BugsFile = "bugs.yaml"

// Bug is one catalogued learner mistake.
type Bug struct {
	ID       string `yaml:"id"`
	Exercise string `yaml:"exercise,omitempty"` // needed when several exercises share the package
	Rule     struct {
		Ko string `yaml:"ko"`
		En string `yaml:"en"`
	} `yaml:"rule"` // the rule the bug breaks, in one line
	Runs  int    `yaml:"runs,omitempty"` // how many runs must all catch it (default 1)
	Edits []Edit `yaml:"edits"`
}

// Edit is one search-and-replace in a reference file.
type Edit struct {
	File    string `yaml:"file"`    // a file of .solution/
	Find    string `yaml:"find"`    // exact text, found exactly once
	Replace string `yaml:"replace"` // what it becomes
}

// Bugs reads the known-bug catalog of the package directory dir
// (absolute). A package without a catalog has no bugs and no error; the
// roadmap's validation requires one per exercise.
func Bugs(dir string) ([]Bug, error) {
	path := filepath.Join(dir, SolutionDir, BugsFile)
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read bug catalog: %w", err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	var bugs []Bug
	if err := dec.Decode(&bugs); err != nil {
		return nil, fmt.Errorf("read bug catalog %s: %w", path, err)
	}
	seen := map[string]bool{}
	for i, bug := range bugs {
		switch {
		case bug.ID == "":
			return nil, fmt.Errorf("read bug catalog %s: bug %d has no id", path, i+1)
		case seen[bug.ID]:
			return nil, fmt.Errorf("read bug catalog %s: bug %s is listed twice", path, bug.ID)
		case bug.Rule.Ko == "" || bug.Rule.En == "":
			return nil, fmt.Errorf("read bug catalog %s: bug %s needs its rule in both ko and en", path, bug.ID)
		case len(bug.Edits) == 0:
			return nil, fmt.Errorf("read bug catalog %s: bug %s has no edits", path, bug.ID)
		}
		seen[bug.ID] = true
		if bug.Runs < 1 {
			bugs[i].Runs = 1
		}
	}
	return bugs, nil
}

// Apply writes the reference files the bug changes, with its edits made,
// into tmp, and returns the overlay entries that put them in place of the
// package files in dir (absolute). It fails when an edit's text is not found
// exactly once: a stale catalog is reported, never silently skipped.
func (b Bug) Apply(dir, tmp string) (map[string]string, error) {
	changed := map[string]string{} // file name -> mutated content
	for _, e := range b.Edits {
		src, ok := changed[e.File]
		if !ok {
			raw, err := os.ReadFile(filepath.Join(dir, SolutionDir, e.File))
			if err != nil {
				return nil, fmt.Errorf("bug %s: %w", b.ID, err)
			}
			src = string(raw)
		}
		if n := strings.Count(src, e.Find); n != 1 {
			return nil, fmt.Errorf("bug %s: the text to find occurs %d times in %s/%s, want exactly once:\n%s", b.ID, n, SolutionDir, e.File, e.Find)
		}
		changed[e.File] = strings.Replace(src, e.Find, e.Replace, 1)
	}
	out := map[string]string{}
	for name, src := range changed {
		path := filepath.Join(tmp, b.ID+"-"+name)
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			return nil, fmt.Errorf("bug %s: %w", b.ID, err)
		}
		out[filepath.Join(dir, name)] = path
	}
	return out, nil
}
