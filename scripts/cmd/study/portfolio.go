package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"dsweekends/scripts/grade"
	"dsweekends/scripts/milestone"
	"dsweekends/scripts/portfolio"
	"dsweekends/scripts/roadmap"
	"dsweekends/scripts/state"
)

func newPortfolioCmd(load loader) *cobra.Command {
	var bench bool
	cmd := &cobra.Command{
		Use:   "portfolio",
		Short: "Regenerate the generated part of portfolio/README.md: progress, milestones, tests, stress, charts (SVG), diagrams",
		Long: `portfolio rewrites the part of portfolio/README.md between its markers — progress
per phase, milestones reached with their dates, test and stress figures, benchmark
figures, Mermaid diagrams of the systems you built — and draws the charts
portfolio/charts/progress.svg (planned against actual) and hours.svg. Your own text
outside the markers is never touched. --bench first runs the benchmarks of the
exercises that pass and keeps their figures.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := load()
			if err != nil {
				return err
			}
			results, err := state.LoadResults(a.root)
			if err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			if bench {
				if err := a.runBenchmarks(cmd, results); err != nil {
					return err
				}
			}
			tags := map[string]time.Time{}
			git := milestone.Git{Dir: a.root}
			for _, m := range a.rm.Milestones {
				if d, ok := git.TagDate(cmd.Context(), m.Tag); ok {
					tags[m.Tag] = d
				}
			}
			files, err := portfolio.Write(portfolio.Input{Root: a.root, RM: a.rm, Settings: a.settings, Results: results,
				Lang: a.Lang, Today: a.now(), Milestones: tags})
			if err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			for _, f := range files {
				a.Printf("%s %s\n", a.T("wrote", "작성:"), f)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&bench, "bench", false, "run the benchmarks of the exercises that pass first and include their figures")
	return cmd
}

// runBenchmarks runs, once each, the benchmarks of the packages whose
// exercises all pass, and saves the output for the portfolio.
func (a *app) runBenchmarks(cmd *cobra.Command, results state.Results) error {
	p := progress{rm: a.rm, results: results}
	var es []roadmap.Exercise
	for _, e := range a.rm.Exercises {
		if p.done(e) {
			es = append(es, e)
		}
	}
	if len(es) == 0 {
		a.Printf("%s\n", a.T("No exercise passes yet: no benchmarks to run.", "아직 통과한 과제가 없어 실행할 벤치마크가 없습니다."))
		return nil
	}
	a.Printf(a.T("Running the benchmarks of %s…\n", "%s의 벤치마크를 실행합니다…\n"), ids(es))
	c := exec.CommandContext(cmd.Context(), "go", append([]string{"test", "-run=^$", "-bench=.", "-benchtime=1x", "-benchmem"}, grade.Pkgs(es)...)...)
	c.Dir = a.root
	out, err := c.CombinedOutput()
	if err != nil {
		return &exitError{code: exitFailed, err: fmt.Errorf("benchmarks failed: %w\n%s", err, out)}
	}
	path := filepath.Join(a.root, portfolio.BenchFile)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	if err := os.WriteFile(path, out, 0o644); err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	return nil
}
