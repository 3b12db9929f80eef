package main

import (
	"github.com/spf13/cobra"

	"dsweekends/scripts/exercise"
	"dsweekends/scripts/verify"
)

func newManifestCmd(load loader) *cobra.Command {
	return &cobra.Command{
		Use:    "manifest",
		Short:  "For maintainers: record the checksums of every skeleton and graded test file as shipped",
		Args:   cobra.NoArgs,
		Hidden: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := load()
			if err != nil {
				return err
			}
			m, err := a.computeManifest()
			if err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			if err := m.Write(a.root); err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			a.Printf("wrote %s: %d files\n", exercise.ManifestPath, len(m))
			return nil
		},
	}
}

func (a *app) computeManifest() (exercise.Manifest, error) {
	return verify.ComputeManifest(a.root, a.rm)
}
