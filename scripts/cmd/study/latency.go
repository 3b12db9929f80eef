package main

import (
	"os"
	"os/signal"

	"github.com/spf13/cobra"

	"dsweekends/scripts/verify"
)

func newLatencyCmd(load loader) *cobra.Command {
	return &cobra.Command{
		Use:    "latency [EXERCISE...]",
		Short:  "For maintainers: seconds from a near-miss save to the first failing verdict, per catalogued bug",
		Hidden: true,
		Long: `latency applies each catalogued bug of the exercises (default: every core
exercise) to the reference, one at a time, runs go test -race -json the way
study check does, and prints the seconds from the start to the first failing
graded test, then the median and worst per exercise. The goal is 10 s or less.`,
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
			v := &verify.Verifier{UI: a.UI, Root: a.root, RM: a.rm}
			ls, err := v.Latency(ctx, a.Out, es)
			verify.LatencyTable(a.Out, ls)
			return err
		},
	}
}
