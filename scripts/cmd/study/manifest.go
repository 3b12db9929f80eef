package main

import (
	"github.com/spf13/cobra"

	"dsweekends/scripts/exercise"
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

// shippedFiles returns every file the manifest covers: each exercise's
// files to edit and its graded test files.
func (a *app) shippedFiles() ([]string, error) {
	var files []string
	for _, e := range a.rm.Exercises {
		for _, f := range e.Edit {
			files = append(files, e.Path+"/"+f)
		}
		tests, err := exercise.TestFiles(a.dir(e))
		if err != nil {
			return nil, err
		}
		for _, f := range tests {
			files = append(files, e.Path+"/"+f)
		}
	}
	return files, nil
}

func (a *app) computeManifest() (exercise.Manifest, error) {
	files, err := a.shippedFiles()
	if err != nil {
		return nil, err
	}
	return exercise.ComputeManifest(a.root, files)
}
