package main

import (
	"time"

	"github.com/spf13/cobra"

	"dsweekends/scripts/state"
)

func newStartCmd(load loader) *cobra.Command {
	return &cobra.Command{
		Use:   "start YYYY-MM-DD",
		Short: "Set the Saturday of your weekend 1 (written to study.yaml, with --lang if given)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := load()
			if err != nil {
				return err
			}
			d, err := time.ParseInLocation(state.DateLayout, args[0], time.Local)
			if err != nil {
				return usagef("%q is not a date: expected YYYY-MM-DD, for example 2026-11-28", args[0])
			}
			a.settings.Start = d.Format(state.DateLayout)
			if f := cmd.Flag("lang"); f != nil && f.Changed {
				a.settings.Lang = a.Lang // an explicit --lang becomes the default
			}
			if err := state.SaveSettings(a.root, a.settings); err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			a.Printf(a.T("Start date set: weekend 1 begins %s (%s). Saved in %s.\n",
				"시작일을 저장했습니다: 주말 1은 %s (%s)에 시작합니다. 저장 위치: %s\n"),
				a.settings.Start, a.weekday(d), state.SettingsFile)
			if d.Weekday() != time.Saturday {
				a.Printf("%s", a.T("Note: that is not a Saturday; weeks are counted from it all the same.\n",
					"참고: 토요일이 아니지만, 이 날부터 주를 셉니다.\n"))
			}
			return nil
		},
	}
}

func (a *app) weekday(d time.Time) string {
	if a.Lang == "ko" {
		return []string{"일요일", "월요일", "화요일", "수요일", "목요일", "금요일", "토요일"}[d.Weekday()]
	}
	return d.Weekday().String()
}
