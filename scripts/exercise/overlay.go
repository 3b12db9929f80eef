package exercise

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Overlay is a go build -overlay file: each key, a path the go command would
// read, is replaced by the file its value names.
type Overlay struct {
	Replace map[string]string
}

// SolutionOverlay returns the overlay that puts the reference solution of
// each package directory in dirs (absolute) in place of its skeleton: a file
// in .solution/ replaces the package file of the same name, or is added to
// the package when there is none. The learner's files are never touched.
// A reference data file (not Go, not the bug catalog) replaces the package's
// file of the same name, such as an answer file the package embeds with
// go:embed (the go command reads embedded files through the overlay too); one
// with no such file beside it is the reference's own and is left out.
func SolutionOverlay(dirs []string) (Overlay, error) {
	ov := Overlay{Replace: map[string]string{}}
	for _, dir := range dirs {
		files, err := SolutionFiles(dir)
		if err != nil {
			return Overlay{}, err
		}
		data, err := solutionDataFiles(dir)
		if err != nil {
			return Overlay{}, err
		}
		files = append(files, data...)
		for _, f := range files {
			ov.Replace[filepath.Join(dir, filepath.Base(f))] = f
		}
	}
	return ov, nil
}

// WriteFile writes the overlay as JSON to a new file in dir and returns its path.
func (ov Overlay) WriteFile(dir string) (string, error) {
	b, err := json.MarshalIndent(ov, "", "  ")
	if err != nil {
		return "", fmt.Errorf("encode overlay: %w", err)
	}
	f, err := os.CreateTemp(dir, "overlay-*.json")
	if err != nil {
		return "", fmt.Errorf("write overlay: %w", err)
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return "", fmt.Errorf("write overlay: %w", err)
	}
	if err := f.Close(); err != nil {
		return "", fmt.Errorf("write overlay: %w", err)
	}
	return f.Name(), nil
}

// solutionDataFiles returns the files of the reference solution of the
// package in dir that are neither Go files nor the bug catalog and replace a
// package file of the same name.
func solutionDataFiles(dir string) ([]string, error) {
	ents, err := os.ReadDir(filepath.Join(dir, SolutionDir))
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read reference solution: %w", err)
	}
	var out []string
	for _, e := range ents {
		if !e.Type().IsRegular() || strings.HasSuffix(e.Name(), ".go") || e.Name() == BugsFile {
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, e.Name())); err == nil {
			out = append(out, filepath.Join(dir, SolutionDir, e.Name()))
		}
	}
	return out, nil
}
