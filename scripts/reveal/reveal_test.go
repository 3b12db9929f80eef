package reveal

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestUnifiedShowsChangesWithContext(t *testing.T) {
	a := "package p\n\nfunc Add(a, b int) int {\n\treturn 0\n}\n"
	b := "package p\n\nfunc Add(a, b int) int {\n\treturn a + b\n}\n"
	want := "--- yours\n+++ reference\n@@ -1,5 +1,5 @@\n package p\n \n func Add(a, b int) int {\n-\treturn 0\n+\treturn a + b\n }\n"
	assert.Equal(t, want, Unified("yours", "reference", a, b))
	assert.Empty(t, Unified("yours", "reference", a, a), "equal files have no diff")
}

func TestUnifiedSplitsDistantChanges(t *testing.T) {
	var a, b string
	for i := range 20 {
		line := string(rune('a'+i)) + "\n"
		a += line
		if i == 1 || i == 18 {
			line = "X\n"
		}
		b += line
	}
	d := Unified("x", "y", a, b)
	assert.Contains(t, d, "@@ -1,5 +1,5 @@", "the first hunk starts at the top with its context")
	assert.Contains(t, d, "@@ -16,5 +16,5 @@", "a far-away change gets its own hunk")
}

// TestFilesShowsOnlyTheExercisesEditFiles: a package shared by two
// weekends' exercises (mr: mapreduce, then mapreduce-faults) reveals only
// the named exercise's files, never the later one's reference.
func TestFilesShowsOnlyTheExercisesEditFiles(t *testing.T) {
	dir := t.TempDir()
	put := func(rel, text string) {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
	}
	put("coordinator.go", "package mr\n\n// TODO\n")
	put("faults.go", "package mr\n\n// TODO\n")
	put(".solution/coordinator.go", "package mr\n\nfunc Coordinate() {}\n")
	put(".solution/faults.go", "package mr\n\nfunc RecoverFromCrash() {}\n")

	var out strings.Builder
	n, err := Files(&out, dir, "mr", []string{"coordinator.go"})
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.Contains(t, out.String(), "func Coordinate()")
	assert.NotContains(t, out.String(), "faults.go", "the later weekend's file is not revealed")
	assert.NotContains(t, out.String(), "RecoverFromCrash")

	set, err := FileSet(dir, []string{"faults.go", "coordinator.go", "faults.go"})
	require.NoError(t, err)
	assert.Equal(t, []string{filepath.Join(dir, ".solution", "coordinator.go"), filepath.Join(dir, ".solution", "faults.go")}, set)

	_, err = FileSet(dir, []string{"missing.go"})
	require.ErrorContains(t, err, "missing.go has no reference")
}
