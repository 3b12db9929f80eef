package mutate

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"dsweekends/scripts/roadmap"
)

// tiny is the fake exercise in testdata/ws: TestPositiveZero is left out
// of its graded tests on purpose, and provided.go out of its edit list.
var tiny = roadmap.Exercise{
	ID:   "tiny",
	Tier: roadmap.Core,
	Path: "course/tiny",
	Edit: []string{"tiny.go"},
	Tests: []roadmap.GradedTest{
		{Name: "TestMax"}, {Name: "TestPositive"}, {Name: "TestGreet"},
	},
}

// TestRunFakeExercise runs gremlins for real on the fake exercise: a
// mutant the graded tests miss is reported as lived (even though an
// ungraded test would kill it), a caught one as killed, one that does not
// compile as not viable, and the provided file is never mutated.
func TestRunFakeExercise(t *testing.T) {
	if testing.Short() {
		t.Skip("runs gremlins (about 10 s)")
	}
	tool, err := Locate()
	if err != nil {
		t.Skipf("gremlins is not installed (%s): skipping", InstallCommand)
	}
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh on this machine")
	}
	root, err := filepath.Abs(filepath.Join("testdata", "ws"))
	require.NoError(t, err)
	skeleton, err := os.ReadFile(filepath.Join(root, "course", "tiny", "tiny.go"))
	require.NoError(t, err)

	var log strings.Builder
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	r, err := Run(ctx, Options{Root: root, Exercise: tiny, Gremlins: tool, TempDir: t.TempDir(), Workers: 1, TimeoutCoefficient: 10, Log: &log})
	require.NoError(t, err, "gremlins output:\n%s", log.String())

	byLine := map[string]string{}
	for _, m := range r.Mutants {
		require.Equal(t, "course/tiny/tiny.go", m.File, "only the edit list is mutated, got a mutant in %s (%s)", m.File, m.Code)
		byLine[m.Code+" "+m.Change] = m.Status
	}
	want := map[string]string{
		"if a < b { // killed by the graded test; the boundary mutant (<=) is equivalent and lives < → <=": Lived,
		"if a < b { // killed by the graded test; the boundary mutant (<=) is equivalent and lives < → >=": Killed,
		"return x > 0 // the boundary mutant (>=) lives: the graded test never tries 0 > → >=":             Lived,
		"return x > 0 // the boundary mutant (>=) lives: the graded test never tries 0 > → <=":             Killed,
		`return "hello, " + name // "+" made "-" does not compile: not viable + → -`:                       NotViable,
	}
	require.Equal(t, want, byLine, "gremlins output:\n%s", log.String())
	require.Equal(t, 2, r.Killed)
	require.Equal(t, 2, r.Lived)
	require.Equal(t, 1, r.NotViable)
	require.Equal(t, 0, r.NotCovered)
	require.InDelta(t, 0.5, r.Score, 1e-9)
	require.Len(t, r.Survivors(), 2)

	after, err := os.ReadFile(filepath.Join(root, "course", "tiny", "tiny.go"))
	require.NoError(t, err)
	require.Equal(t, string(skeleton), string(after), "the skeleton in the real workspace must never be touched")
}

func TestChangeNamesTheMutation(t *testing.T) {
	for _, c := range []struct {
		line string
		col  int
		kind string
		want string
	}{
		{"\tif a < b {", 7, "CONDITIONALS_BOUNDARY", "< → <="},
		{"\tif a < b {", 7, "CONDITIONALS_NEGATION", "< → >="},
		{"\ti++", 3, "INCREMENT_DECREMENT", "++ → --"},
		{"\treturn -x", 9, "INVERT_NEGATIVES", "- → +"},
		{"\tn += 2", 4, "REMOVE_SELF_ASSIGNMENTS", "+= → ="},
		{"\tok := a && b", 10, "INVERT_LOGICAL", "&& → ||"},
		{"\tif a < b {", 5, "CONDITIONALS_BOUNDARY", ""}, // not at a token the mutator changes
	} {
		require.Equal(t, c.want, change(c.line, c.col, c.kind), "change(%q, %d, %s)", c.line, c.col, c.kind)
	}
}

func TestExcludeOthersKeepsOnlyTheEditList(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"a.go", "b.go", "a_test.go", "provided.go", "README.md"} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, f), nil, 0o644))
	}
	got, err := excludeOthers(dir, []string{"a.go"})
	require.NoError(t, err)
	require.Equal(t, []string{"/", `^b\.go$`, `^provided\.go$`}, got)
}

func TestReadGoWork(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "go.work")
	require.NoError(t, os.WriteFile(p, []byte("go 1.26.0\n\ntoolchain go1.26.1\n\nuse (\n\t./a // first\n\t./b\n)\n\nuse ./c\n"), 0o644))
	uses, other, err := readGoWork(p)
	require.NoError(t, err)
	require.Equal(t, []string{filepath.Join(dir, "a"), filepath.Join(dir, "b"), filepath.Join(dir, "c")}, uses)
	require.Equal(t, []string{"go 1.26.0", "toolchain go1.26.1"}, other)
}
