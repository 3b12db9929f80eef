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

// TestSizingRejectsAnOversizedCore: the sizing rule is enforced — a core
// exercise that asks for more minutes, or more lines, than the weekend's
// hands-on time allows is a roadmap error.
func TestSizingRejectsAnOversizedCore(t *testing.T) {
	r, err := Load()
	require.NoError(t, err)
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)

	w1, ok := r.Weekend(1)
	require.True(t, ok)
	require.Equal(t, 60, int(w1.HandsonHours()*60), "weekend 1 has an hour of hands-on time: 0.5 h calculator + 0.5 h Student")

	// The full calculator (parser and REPL) made core on weekend 1.
	big := *r
	big.Exercises = nil
	for _, e := range r.Exercises {
		if e.ID == "calculator" {
			e.Tier = Core
			e.Minutes = 300
		}
		big.Exercises = append(big.Exercises, e)
	}
	budgets, err := big.Budgets(root)
	require.NoError(t, err)
	var problems []string
	for _, b := range budgets {
		if b.Weekend == 1 {
			problems = b.Problems()
			assert.Greater(t, b.Lines["calculator"], b.LineBudget, "the calculator reference adds more lines over its skeleton than weekend 1's budget")
		}
	}
	require.Len(t, problems, 2, "both the minutes and the lines break the budget")
	assert.Contains(t, problems[0], "minutes")
	assert.Contains(t, problems[1], "lines of code")
}

func TestLinesCountsOnlyAddedCode(t *testing.T) {
	dir := t.TempDir()
	pkg := filepath.Join(dir, "p")
	require.NoError(t, os.MkdirAll(filepath.Join(pkg, ".solution"), 0o755))
	skel := "package p\n\n// Add adds.\nfunc Add(a, b int) int {\n\t// TODO(weekend 1): add\n\treturn 0\n}\n"
	ref := "package p\n\n// Add adds.\nfunc Add(a, b int) int {\n\t/* the sum\n\t   of both */\n\tsum := a + b\n\n\treturn sum\n}\n\nfunc helper() {}\n"
	require.NoError(t, os.WriteFile(filepath.Join(pkg, "p.go"), []byte(skel), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(pkg, ".solution", "p.go"), []byte(ref), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(pkg, ".solution", "extra.go"), []byte("package p\n\nvar x = 1\n"), 0o644))
	r := &Roadmap{Exercises: []Exercise{{ID: "p", Path: "p", Edit: []string{"p.go"}}}}
	n, err := r.LearnerLines(dir, r.Exercises[0])
	require.NoError(t, err)
	// p.go adds "sum := a + b", "return sum", "func helper() {}"; extra.go adds "package p", "var x = 1".
	assert.Equal(t, 5, n, "added code lines only: shared lines, blank lines and comments do not count")
}
