package main

import (
	"io"

	"github.com/spf13/cobra"
)

func newRootCmd(stdout, stderr io.Writer) *cobra.Command {
	var lang string
	load := func() (*app, error) { return newApp(lang, stdout, stderr) }
	root := &cobra.Command{
		Use:   "study",
		Short: "Your coach for the 20-weekend road to distributed systems (주말 분산 시스템 코치)",
		Long: `study knows your 20-weekend plan, runs the graded checks, records your progress,
gives hints, and verifies the project. Run it without a command to see where you are.

study는 20주 주말 학습 계획을 알고, 채점 테스트를 실행하고, 진도를 기록하고,
힌트를 보여 줍니다. 명령 없이 실행하면 지금 어디에 있는지 보여 줍니다.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := load()
			if err != nil {
				return err
			}
			return a.status()
		},
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.PersistentFlags().StringVar(&lang, "lang", "", "language: ko or en (default: study.yaml, then $LANG)")
	root.AddCommand(
		newStatusCmd(load),
		newStartCmd(load),
		newPlanCmd(load),
		newCheckCmd(load),
		newHintCmd(load),
		newVerifyCmd(load),
		newRevealCmd(load),
		newTagCmd(load),
		newStressCmd(load),
		newWatchCmd(load),
		newDoctorCmd(load),
		newPortfolioCmd(load),
		newVizCmd(load),
		newPlayCmd(load),
		newLogCmd(load),
		newRetroCmd(load),
		newTickCmd(load, true),
		newTickCmd(load, false),
		newManifestCmd(load),
		newMutateCmd(load),
		newLatencyCmd(load),
		newChaosCmd(load),
		newClusterCmd(load),
	)
	return root
}

type loader func() (*app, error)

func newStatusCmd(load loader) *cobra.Command {
	return &cobra.Command{
		Use:   "status",
		Short: "Where you are: this weekend, progress, checklist, next milestone (runs nothing)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := load()
			if err != nil {
				return err
			}
			return a.status()
		},
	}
}
