package exercise

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
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
func SolutionOverlay(dirs []string) (Overlay, error) {
	ov := Overlay{Replace: map[string]string{}}
	for _, dir := range dirs {
		files, err := SolutionFiles(dir)
		if err != nil {
			return Overlay{}, err
		}
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
