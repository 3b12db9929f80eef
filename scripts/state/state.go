// Package state reads and writes what the study command keeps for the
// learner: their settings and log in study.yaml (tracked in git, theirs to
// edit) and the recorded test results in .study/ (a cache, ignored by git).
//
// A file that exists but cannot be parsed is reported with its path and
// never silently reset or overwritten.
package state

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"gopkg.in/yaml.v3"
)

// SettingsFile and ResultsFile are relative to the workspace root.
const (
	SettingsFile = "study.yaml"
	ResultsFile  = ".study/results.json"
)

// DateLayout is the layout of dates in study.yaml and on the command line.
const DateLayout = "2006-01-02"

// Settings is the learner's study.yaml.
type Settings struct {
	Start string     `yaml:"start,omitempty"` // the Saturday of weekend 1, YYYY-MM-DD
	Lang  string     `yaml:"lang,omitempty"`  // "ko" or "en"
	Hours []HoursLog `yaml:"hours,omitempty"`
	// Ticked holds the self-reported items the learner has done (lectures,
	// papers, notes, posts), by item id, with the date each was ticked.
	Ticked map[string]string `yaml:"ticked,omitempty"`
	// Poll makes watch poll for changes instead of using file events (WSL,
	// network drives); doctor says when to set it.
	Poll bool `yaml:"poll,omitempty"`
}

// HoursFor returns the hours logged for weekend n.
func (s Settings) HoursFor(n int) float64 {
	var h float64
	for _, l := range s.Hours {
		if l.Weekend == n {
			h += l.Hours
		}
	}
	return h
}

// HoursLog is one entry of the hours studied.
type HoursLog struct {
	Date    string  `yaml:"date"`
	Weekend int     `yaml:"weekend"`
	Hours   float64 `yaml:"hours"`
}

// StartDate returns the parsed start date, or false when none is set.
func (s Settings) StartDate() (time.Time, bool, error) {
	if s.Start == "" {
		return time.Time{}, false, nil
	}
	t, err := time.ParseInLocation(DateLayout, s.Start, time.Local)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("%s: start: want a date like 2026-11-28, got %q", SettingsFile, s.Start)
	}
	return t, true, nil
}

// LoadSettings reads study.yaml under root. A missing file is empty settings.
func LoadSettings(root string) (Settings, error) {
	path := filepath.Join(root, SettingsFile)
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return Settings{}, nil
	}
	if err != nil {
		return Settings{}, fmt.Errorf("read settings: %w", err)
	}
	var s Settings
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&s); err != nil && !errors.Is(err, io.EOF) {
		return Settings{}, fmt.Errorf("%s is not valid (fix or delete it; nothing was changed): %w", path, err)
	}
	if _, _, err := s.StartDate(); err != nil {
		return Settings{}, fmt.Errorf("%s is not valid (fix or delete it; nothing was changed): %w", path, err)
	}
	return s, nil
}

// SaveSettings writes study.yaml under root.
func SaveSettings(root string, s Settings) error {
	var b bytes.Buffer
	b.WriteString("# Your study settings and log, written by `go run ./scripts/cmd/study` (safe to edit).\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(s); err != nil {
		return fmt.Errorf("encode settings: %w", err)
	}
	return writeFileAtomic(filepath.Join(root, SettingsFile), b.Bytes())
}

// Results is the cache of recorded graded-test results, by exercise id.
type Results struct {
	Exercises map[string]ExerciseResult `json:"exercises"`
	Hints     map[string]int            `json:"hints,omitempty"` // highest hint rung shown, by exercise id
}

// ExerciseResult is the last recorded run of one exercise's graded tests.
type ExerciseResult struct {
	CheckedAt time.Time             `json:"checked_at"`
	Tests     map[string]TestResult `json:"tests"`
	// FirstPassed is when every graded test first passed in one check; it
	// stays set when a later check fails, so the plan's pace can be measured.
	FirstPassed *time.Time `json:"first_passed,omitempty"`
}

// TestResult is one graded test's outcome.
type TestResult struct {
	Pass    bool    `json:"pass"`
	Seconds float64 `json:"seconds"`
}

// Passed reports whether every one of the given tests passed in the recorded run.
func (r ExerciseResult) Passed(tests []string) bool {
	if len(tests) == 0 {
		return false
	}
	for _, t := range tests {
		if !r.Tests[t].Pass {
			return false
		}
	}
	return true
}

// LoadResults reads the results cache under root. A missing cache is empty.
func LoadResults(root string) (Results, error) {
	path := filepath.Join(root, ResultsFile)
	r := Results{Exercises: map[string]ExerciseResult{}, Hints: map[string]int{}}
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return r, nil
	}
	if err != nil {
		return r, fmt.Errorf("read results: %w", err)
	}
	if err := json.Unmarshal(b, &r); err != nil {
		return r, fmt.Errorf("%s is corrupt (delete it to start the record afresh; nothing was changed): %w", path, err)
	}
	if r.Exercises == nil {
		r.Exercises = map[string]ExerciseResult{}
	}
	if r.Hints == nil {
		r.Hints = map[string]int{}
	}
	return r, nil
}

// SaveResults writes the results cache under root.
func SaveResults(root string, r Results) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("encode results: %w", err)
	}
	path := filepath.Join(root, ResultsFile)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("write results: %w", err)
	}
	return writeFileAtomic(path, append(b, '\n'))
}

// writeFileAtomic writes through a temporary file and a rename, so an
// interrupted write never leaves half a file behind.
func writeFileAtomic(path string, b []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(b); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
