package state

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestSettingsRoundTrip(t *testing.T) {
	root := t.TempDir()
	s, err := LoadSettings(root)
	require.NoError(t, err, "a missing study.yaml is empty settings")
	assert.Equal(t, Settings{}, s)

	want := Settings{Start: "2026-11-28", Lang: "ko", Hours: []HoursLog{{Date: "2026-11-28", Weekend: 1, Hours: 4}}}
	require.NoError(t, SaveSettings(root, want))
	got, err := LoadSettings(root)
	require.NoError(t, err)
	assert.Equal(t, want, got)
	d, ok, err := got.StartDate()
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, time.Saturday, d.Weekday())

	st, err := os.Stat(filepath.Join(root, SettingsFile))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o644), st.Mode().Perm(), "study.yaml is an ordinary, readable file")
}

func TestCorruptFilesAreReportedNotReset(t *testing.T) {
	cases := []struct {
		name, file, content, want string
		load                      func(root string) error
	}{
		{"yaml syntax", SettingsFile, "start: [x\n", "study.yaml is not valid", func(r string) error { _, err := LoadSettings(r); return err }},
		{"unknown key", SettingsFile, "strat: 2026-11-28\n", "study.yaml is not valid", func(r string) error { _, err := LoadSettings(r); return err }},
		{"bad date", SettingsFile, "start: 2026-02-30\n", "want a date like", func(r string) error { _, err := LoadSettings(r); return err }},
		{"results", ResultsFile, "{\"exercises\": {", "results.json is corrupt", func(r string) error { _, err := LoadResults(r); return err }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			root := t.TempDir()
			path := filepath.Join(root, c.file)
			require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
			require.NoError(t, os.WriteFile(path, []byte(c.content), 0o644))
			err := c.load(root)
			require.ErrorContains(t, err, c.want)
			assert.Contains(t, err.Error(), path, "the error names the file's path")
			b, _ := os.ReadFile(path)
			assert.Equal(t, c.content, string(b), "a corrupt file is left as it was")
		})
	}
}

func TestResultsRoundTripAndPassed(t *testing.T) {
	root := t.TempDir()
	r, err := LoadResults(root)
	require.NoError(t, err)
	r.Exercises["calculator"] = ExerciseResult{
		CheckedAt: time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC),
		Tests:     map[string]TestResult{"TestA": {Pass: true, Seconds: 0.1}, "TestB": {Pass: false}},
	}
	r.Hints["calculator"] = 2
	require.NoError(t, SaveResults(root, r))
	got, err := LoadResults(root)
	require.NoError(t, err)
	assert.Equal(t, r, got)

	er := got.Exercises["calculator"]
	assert.True(t, er.Passed([]string{"TestA"}))
	assert.False(t, er.Passed([]string{"TestA", "TestB"}))
	assert.False(t, er.Passed([]string{"TestA", "TestMissing"}), "a test with no record has not passed")
	assert.False(t, er.Passed(nil), "an exercise with no tests is not passed")
}
