package main

import (
	"os"
	"os/signal"

	"github.com/spf13/cobra"

	"dsweekends/scripts/verify"
)

func newVerifyCmd(load loader) *cobra.Command {
	var only []string
	var noBugs, verbose bool
	cmd := &cobra.Command{
		Use:   "verify",
		Short: "The project's own test command: framework tests, references, skeletons, gofmt, vet, roadmap",
		Long: `verify is what CI and maintainers run. It checks that the roadmap is consistent,
the manifest is current, every file is gofmt-clean and vets clean (skeletons and
references), the framework and CLI tests pass, every reference solution passes its
graded tests under -race, every graded test fails on its untouched skeleton, every
catalogued learner bug (.solution/bugs.yaml) is caught by a graded test, and every
weekend's core fits the plan's hands-on time (sizing).
It prints one line per check and ends with "verify: N passed, N failed".
--only checks just the named exercises (for whoever is writing one).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := load()
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			// In the maintainers' CI a skeleton that differs from the manifest
			// means the manifest is stale; in a learner's copy (their own CI
			// sets STUDY_LEARNER) it means they have started that exercise.
			ci := os.Getenv("CI") != ""
			learner := os.Getenv("STUDY_LEARNER") != ""
			v := &verify.Verifier{UI: a.UI, Root: a.root, RM: a.rm, CI: ci, Strict: ci && !learner, Learner: learner, Bugs: !noBugs, Verbose: verbose}
			if len(only) > 0 {
				for _, id := range only {
					es, err := a.resolveExercises(id)
					if err != nil {
						return err
					}
					v.Only = append(v.Only, es...)
				}
			}
			v.Run(ctx)
			a.Printf("verify: %d passed, %d failed", v.Passed, v.Failed)
			if v.Skipped > 0 {
				a.Printf(", %d skipped", v.Skipped)
			}
			a.Printf("\n")
			if v.Failed > 0 {
				return failed
			}
			return nil
		},
	}
	cmd.Flags().StringSliceVar(&only, "only", nil, "check only these exercises (ids or package names, comma-separated): their gofmt, vet, reference, skeleton, bugs and weekend sizing")
	cmd.Flags().BoolVar(&noBugs, "no-bugs", false, "skip the known-bug catalogs (faster; CI runs them)")
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "show which graded test caught each catalogued bug")
	return cmd
}
