package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/spf13/cobra"

	"dsweekends/scripts/grade"
	"dsweekends/scripts/viz"
)

// vizDir is where study viz writes its pages, relative to the root.
const vizDir = ".study/viz"

func newVizCmd(load loader) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "viz",
		Short: "Timelines as self-contained HTML: a Raft test run, a MapReduce job, or a saved trace",
	}
	var reference bool
	var pkgFlag string
	raft := &cobra.Command{
		Use:   "raft TEST",
		Short: "Run one Raft test with tracing on and draw its timeline (lanes per peer, roles, terms, RPCs, partitions, the failure)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := load()
			if err != nil {
				return err
			}
			pkg := pkgFlag
			if pkg == "" {
				pkg = "./phase3-raft/raft"
			}
			traces, err := os.MkdirTemp("", "study-viz-*")
			if err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			defer os.RemoveAll(traces)
			goArgs := []string{"test", "-count=1", "-run", "^" + regexp.QuoteMeta(args[0]) + "$"}
			if reference {
				ov, err := grade.SolutionOverlay(a.root, a.rm.Exercises)
				if err != nil {
					return &exitError{code: exitUsage, err: err}
				}
				defer os.Remove(ov)
				goArgs = append(goArgs, "-overlay="+ov)
			}
			goArgs = append(goArgs, pkg)
			c := exec.CommandContext(cmd.Context(), "go", goArgs...)
			c.Dir = a.root
			c.Env = append(os.Environ(), "RAFT_TRACE="+traces)
			out, runErr := c.CombinedOutput()
			files, _ := filepath.Glob(filepath.Join(traces, "*.jsonl"))
			if len(files) == 0 {
				return &exitError{code: exitFailed, err: fmt.Errorf(a.T("no trace was written: does %s have a test named %s that runs a cluster?\n%s",
					"트레이스가 없습니다: %s에 클러스터를 실행하는 %s 테스트가 있나요?\n%s"), pkg, args[0], lastLines(string(out), 15))}
			}
			result := a.T("passed", "통과")
			if runErr != nil {
				result = a.T("failed", "실패")
			}
			for _, f := range files {
				path, err := a.renderTrace(f, fmt.Sprintf("%s (%s)", strings.TrimSuffix(filepath.Base(f), ".jsonl"), result))
				if err != nil {
					return &exitError{code: exitUsage, err: err}
				}
				a.Printf("%s %s\n", a.T("timeline:", "타임라인:"), path)
			}
			return nil
		},
	}
	raft.Flags().BoolVar(&reference, "reference", false, "run the reference solution instead of your code")
	raft.Flags().StringVar(&pkgFlag, "pkg", "", "the package of the test (default ./phase3-raft/raft)")

	trace := &cobra.Command{
		Use:   "trace FILE.jsonl",
		Short: "Draw a Raft trace the harness saved (RAFT_TRACE, or a failing test's trace)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := load()
			if err != nil {
				return err
			}
			path, err := a.renderTrace(args[0], strings.TrimSuffix(filepath.Base(args[0]), ".jsonl"))
			if err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			a.Printf("%s %s\n", a.T("timeline:", "타임라인:"), path)
			return nil
		},
	}
	var mrRef bool
	var mrArgs []string
	mrCmd := &cobra.Command{
		Use:   "mr",
		Short: "Run a MapReduce job with your coordinator and workers (crashes and stalls made at random) and draw its timeline",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := load()
			if err != nil {
				return err
			}
			dir, err := os.MkdirTemp("", "study-viz-mr-*")
			if err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			defer os.RemoveAll(dir)
			trace := filepath.Join(dir, "mr.jsonl")
			goArgs := []string{"run"}
			if mrRef {
				ov, err := grade.SolutionOverlay(a.root, a.rm.Exercises)
				if err != nil {
					return &exitError{code: exitUsage, err: err}
				}
				defer os.Remove(ov)
				goArgs = append(goArgs, "-overlay="+ov)
			}
			goArgs = append(goArgs, "./phase2-mapreduce/cmd/mrtrace", "-o", trace)
			c := exec.CommandContext(cmd.Context(), "go", append(goArgs, mrArgs...)...)
			c.Dir = a.root
			out, runErr := c.CombinedOutput()
			f, err := os.Open(trace)
			if err != nil {
				return &exitError{code: exitFailed, err: fmt.Errorf(a.T("the job wrote no trace: %v\n%s", "작업이 트레이스를 남기지 않았습니다: %v\n%s"), runErr, lastLines(string(out), 15))}
			}
			defer f.Close()
			title := "MapReduce job"
			if runErr != nil {
				title += " (" + a.T("failed", "실패") + ": " + strings.TrimSpace(lastLines(string(out), 1)) + ")"
			}
			tl, err := viz.FromMRTrace(f, title)
			if err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			path, err := a.writePage(tl, "mapreduce")
			if err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			a.Printf("%s %s\n", a.T("timeline:", "타임라인:"), path)
			if runErr != nil {
				return &exitError{code: exitFailed, err: fmt.Errorf("%s", strings.TrimSpace(lastLines(string(out), 5)))}
			}
			return nil
		},
	}
	mrCmd.Flags().BoolVar(&mrRef, "reference", false, "run the reference solution instead of your code")
	mrCmd.Flags().StringSliceVar(&mrArgs, "job", nil, "flags for the job, e.g. --job=-workers=6,-crash=0.3 (see go run ./phase2-mapreduce/cmd/mrtrace -h)")
	cmd.AddCommand(raft, trace, mrCmd)
	return cmd
}

// renderTrace draws a Raft trace file into .study/viz/NAME.html.
func (a *app) renderTrace(file, title string) (string, error) {
	f, err := os.Open(file)
	if err != nil {
		return "", fmt.Errorf("viz: %w", err)
	}
	defer f.Close()
	tl, err := viz.FromRaftTrace(f, title)
	if err != nil {
		return "", err
	}
	return a.writePage(tl, strings.TrimSuffix(filepath.Base(file), ".jsonl"))
}

// writePage writes a timeline's page under .study/viz and returns its path.
func (a *app) writePage(tl viz.Timeline, name string) (string, error) {
	page, err := viz.HTML(tl)
	if err != nil {
		return "", err
	}
	dir := filepath.Join(a.root, vizDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("viz: %w", err)
	}
	path := filepath.Join(dir, name+".html")
	if err := os.WriteFile(path, page, 0o644); err != nil {
		return "", fmt.Errorf("viz: %w", err)
	}
	rel, _ := filepath.Rel(a.root, path)
	return rel, nil
}

// lastLines keeps the end of a command's output.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
