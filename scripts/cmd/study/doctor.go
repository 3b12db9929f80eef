package main

import (
	"os"
	"os/exec"

	"github.com/spf13/cobra"

	"dsweekends/scripts/doctor"
	"dsweekends/scripts/ui"
)

func newDoctorCmd(load loader) *cobra.Command {
	return &cobra.Command{
		Use:   "doctor",
		Short: "Check this machine: Go, the workspace, git, a C compiler for -race, redis-server, file watching, colours",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := load()
			if err != nil {
				return err
			}
			proc, _ := os.ReadFile("/proc/version")
			checks := doctor.Run(cmd.Context(), doctor.Env{Root: a.root, Getenv: os.Getenv, LookPath: exec.LookPath,
				Terminal: ui.IsTerminal(a.Out), ProcVersion: string(proc)})
			bad := false
			for _, c := range checks {
				mark := a.Green("ok  ")
				if !c.OK {
					mark = a.Red("FIX ")
					if !c.Required {
						mark = a.Red("warn")
					}
				}
				a.Printf("%s %-30s %s\n", mark, c.Name, c.Detail)
				if !c.OK {
					a.Printf("     %s %s\n", a.T("fix:", "해결:"), a.T(c.FixEn, c.FixKo))
					bad = bad || c.Required
				}
			}
			if bad {
				return failed
			}
			return nil
		},
	}
}
