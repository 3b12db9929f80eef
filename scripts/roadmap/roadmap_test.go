package roadmap

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestRoadmapIsConsistent keeps the plan honest: see [Roadmap.Validate].
func TestRoadmapIsConsistent(t *testing.T) {
	r, err := Load()
	require.NoError(t, err, "roadmap.yaml must decode into the Roadmap types (unknown keys are errors)")
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	for _, e := range r.Validate(root) {
		t.Error(e)
	}
}

// TestParseRejectsUnknownFields guards against a typo silently dropping data.
func TestParseRejectsUnknownFields(t *testing.T) {
	_, err := Parse([]byte("title: {ko: a, en: b}\nweekendz: []\n"))
	require.ErrorContains(t, err, "weekendz", "an unknown key must be reported by name")
}

func TestTextInFallsBack(t *testing.T) {
	require.Equal(t, "안녕", Text{Ko: "안녕", En: "hello"}.In("ko"))
	require.Equal(t, "hello", Text{Ko: "안녕", En: "hello"}.In("en"))
	require.Equal(t, "안녕", Text{Ko: "안녕"}.In("en"), "a text missing its English falls back to Korean")
	require.Equal(t, "hello", Text{En: "hello"}.In("ko"), "a text missing its Korean falls back to English")
}

// TestReadmesListEveryExercise keeps the README's 20-weekend table true:
// each weekend's row names every exercise the roadmap gives that weekend.
func TestReadmesListEveryExercise(t *testing.T) {
	r, err := Load()
	require.NoError(t, err)
	for _, name := range []string{"README.md", "README.ko.md"} {
		b, err := os.ReadFile(filepath.Join("..", "..", name))
		require.NoError(t, err)
		rows := map[int]string{}
		for _, line := range strings.Split(string(b), "\n") {
			var n int
			if _, err := fmt.Sscanf(line, "| %d |", &n); err == nil {
				rows[n] = line
			}
		}
		for _, w := range r.Weekends {
			row, ok := rows[w.N]
			if !assert.True(t, ok, "%s: the weekend table has no row for weekend %d", name, w.N) {
				continue
			}
			for _, e := range r.ExercisesOf(w.N) {
				assert.Contains(t, row, e.ID, "%s: weekend %d's row must name exercise %s", name, w.N, e.ID)
			}
		}
	}
}
