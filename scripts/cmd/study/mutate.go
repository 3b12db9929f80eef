package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"time"

	"github.com/spf13/cobra"

	"dsweekends/scripts/mutate"
)

// mutateDir is where study mutate writes its results, one JSON file per exercise.
const mutateDir = ".study/mutate"

func newMutateCmd(load loader) *cobra.Command {
	var o mutate.Options
	var verbose, install bool
	cmd := &cobra.Command{
		Use:   "mutate [EXERCISE...]",
		Short: "For maintainers: an independent mutation score of each reference (gremlins), per exercise",
		Long: `mutate runs gremlins, a Go mutation-testing tool, over each exercise's reference
solution with that exercise's graded tests, and prints per exercise the mutants
killed, lived, not covered and timed out, and the score killed ÷ (killed + lived).

It works on a throwaway copy of the modules the exercise needs, each .solution/
file copied over its skeleton; your files are never touched. Only the files the
learner edits (the roadmap's edit list) are mutated, and only the exercise's
graded tests run against each mutant. A mutant that does not compile is NOT
VIABLE, not a kill. Results go to .study/mutate/<id>.json (gremlins' own output
to <id>.log); -v lists every surviving mutant (file:line, the change, the line).

With no EXERCISE it measures every core exercise, one after another (slow: a
small exercise takes minutes). It is not part of verify or CI. It needs gremlins:
  ` + mutate.InstallCommand + `
(or pass --install). See CONTRIBUTING.md, "Mutation score".`,
		Hidden: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := load()
			if err != nil {
				return err
			}
			es, err := a.exercisesOrCore(args)
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			o.Gremlins, err = mutate.Locate()
			if errors.Is(err, mutate.ErrNoTool) && install {
				a.Printf("installing: %s\n", mutate.InstallCommand)
				o.Gremlins, err = mutate.Install(ctx, a.Err)
			}
			if err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			o.Root = a.root
			outDir := filepath.Join(a.root, filepath.FromSlash(mutateDir))
			if err := os.MkdirAll(outDir, 0o755); err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			a.Printf("mutate: %d exercise(s) with %s, %d worker(s), timeout ×%d, %s mutators%s\n", len(es), o.Gremlins, o.Workers, o.TimeoutCoefficient, o.Mutators,
				map[bool]string{true: ", -race", false: ""}[o.Race])
			var errs int
			for _, e := range es {
				o.Exercise = e
				a.Printf("%-18s … ", e.ID)
				began := time.Now()
				logFile, err := os.Create(filepath.Join(outDir, e.ID+".log"))
				if err != nil {
					return &exitError{code: exitUsage, err: err}
				}
				o.Log = logFile
				r, err := mutate.Run(ctx, o)
				logFile.Close()
				if ctx.Err() != nil {
					a.Printf("interrupted\n")
					return &exitError{code: exitFailed, err: errors.New("interrupted")}
				}
				if err != nil {
					errs++
					a.Printf("%s after %.0fs\n  %v\n", a.Red("error"), time.Since(began).Seconds(), err)
					continue
				}
				a.Printf("score %5.1f%%  killed %d, lived %d, not covered %d, timed out %d, not viable %d  (%.0fs)\n",
					100*r.Score, r.Killed, r.Lived, r.NotCovered, r.TimedOut, r.NotViable, r.Seconds)
				if verbose {
					for _, m := range r.Survivors() {
						a.Printf("    lived  %s:%d:%d  %s %s\n           %s\n", m.File, m.Line, m.Column, m.Kind, m.Change, m.Code)
					}
				}
				b, err := json.MarshalIndent(r, "", "  ")
				if err == nil {
					err = os.WriteFile(filepath.Join(outDir, e.ID+".json"), append(b, '\n'), 0o644)
				}
				if err != nil {
					return &exitError{code: exitUsage, err: fmt.Errorf("write results: %w", err)}
				}
			}
			a.Printf("results: %s/<exercise>.json\n", mutateDir)
			if errs > 0 {
				return failed
			}
			return nil
		},
	}
	cmd.Flags().IntVar(&o.Workers, "workers", min(2, runtime.NumCPU()), "mutants tested at a time (each runs go test)")
	cmd.Flags().IntVar(&o.TimeoutCoefficient, "timeout-coefficient", 10, "a mutant's tests may run this many times as long as the unmutated run before it counts as TIMED OUT")
	cmd.Flags().BoolVar(&o.Race, "race", false, "run the graded tests with -race (several times slower; operator mutants seldom need it)")
	cmd.Flags().StringVar(&o.Mutators, "mutators", "extended", "which mutators: default (gremlins' own), extended (adds &&/||, break/continue, += and friends) or all (adds bitwise)")
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "list every surviving mutant")
	cmd.Flags().BoolVar(&install, "install", false, "install gremlins with go install when it is missing")
	cmd.Flags().BoolVar(&o.Keep, "keep", false, "keep the throwaway workspace (for debugging a run)")
	return cmd
}
