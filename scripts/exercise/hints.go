package exercise

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"gopkg.in/yaml.v3"
)

// HintsFile is the name of an exercise's hint ladder.
const HintsFile = "hints.yaml"

// Hint is one rung of a hint ladder, in both languages.
type Hint struct {
	Ko string `yaml:"ko"`
	En string `yaml:"en"`
}

// Hints reads the hint ladder of the package directory dir (absolute):
// nudge first, near-answer last.
func Hints(dir string) ([]Hint, error) {
	path := filepath.Join(dir, HintsFile)
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
