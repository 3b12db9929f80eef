package exercise

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"gopkg.in/yaml.v3"
)

// HintsFile is the name of a package's hint ladder. An exercise that shares
// its package with another (core and stretch, or two weekends' parts) may
// have its own ladder, HintsFileFor(id), which is used instead.
const HintsFile = "hints.yaml"

// HintsFileFor is the name of exercise id's own hint ladder: hints.<id>.yaml.
func HintsFileFor(id string) string { return "hints." + id + ".yaml" }

// HintsPath returns the hint ladder exercise id reads in its package
// directory dir: hints.<id>.yaml when it exists, else hints.yaml.
func HintsPath(dir, id string) string {
	own := filepath.Join(dir, HintsFileFor(id))
	if _, err := os.Stat(own); err == nil {
		return own
	}
	return filepath.Join(dir, HintsFile)
}

// HintsFor reads exercise id's hint ladder (see HintsPath).
func HintsFor(dir, id string) ([]Hint, error) {
	return readHints(HintsPath(dir, id))
}

// Hint is one rung of a hint ladder, in both languages.
type Hint struct {
	Ko string `yaml:"ko"`
	En string `yaml:"en"`
}

// Hints reads the hint ladder of the package directory dir (absolute):
// nudge first, near-answer last.
func Hints(dir string) ([]Hint, error) {
	return readHints(filepath.Join(dir, HintsFile))
}

func readHints(path string) ([]Hint, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read hints: %w", err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	var hs []Hint
	if err := dec.Decode(&hs); err != nil {
		return nil, fmt.Errorf("read hints %s: %w", path, err)
	}
	for i, h := range hs {
		if h.Ko == "" || h.En == "" {
			return nil, fmt.Errorf("read hints %s: rung %d needs both ko and en", path, i+1)
		}
	}
	return hs, nil
}
