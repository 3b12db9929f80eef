package exercise

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func write(t *testing.T, path, content string) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
}

func TestTestFuncsFindsOnlyTests(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a_test.go"), `package a
import "testing"
func TestMain(m *testing.M) {}
func TestB(t *testing.T) {}
func TestA(t *testing.T) {}
func Testlower(t *testing.T) {}
func Test(t *testing.T) {}
func FuzzA(f *testing.F) {}
func BenchmarkA(b *testing.B) {}
func helper() {}
`)
	write(t, filepath.Join(dir, "a.go"), "package a\nfunc TestNotInTestFile() {}\n")
	got, err := TestFuncs(dir)
	require.NoError(t, err)
	assert.Equal(t, []string{"Test", "TestA", "TestB"}, got, "TestMain, Testlower (lower-case after Test), Fuzz*, Benchmark* and non-test files are not graded tests")
}

func TestSolutionOverlayReplacesAndAdds(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "calc.go"), "package calc\n")
	write(t, filepath.Join(dir, SolutionDir, "calc.go"), "package calc // reference\n")
	write(t, filepath.Join(dir, SolutionDir, "extra.go"), "package calc\n")
	write(t, filepath.Join(dir, SolutionDir, "notes.txt"), "not go\n")
	write(t, filepath.Join(dir, "answers.yaml"), "s01:\n")
	write(t, filepath.Join(dir, SolutionDir, "answers.yaml"), "s01: 1\n")
	write(t, filepath.Join(dir, SolutionDir, BugsFile), "[]\n")
	ov, err := SolutionOverlay([]string{dir})
	require.NoError(t, err)
	assert.Equal(t, map[string]string{
		filepath.Join(dir, "calc.go"):      filepath.Join(dir, SolutionDir, "calc.go"),
		filepath.Join(dir, "extra.go"):     filepath.Join(dir, SolutionDir, "extra.go"),
		filepath.Join(dir, "answers.yaml"): filepath.Join(dir, SolutionDir, "answers.yaml"),
	}, ov.Replace, "a data file replaces its skeleton; notes.txt has none and the bug catalog is never overlaid")

	path, err := ov.WriteFile(t.TempDir())
	require.NoError(t, err)
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"Replace"`, "go build -overlay expects a Replace object")
}

func TestManifestRoundTripAndDiff(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(root, "scripts"), 0o755))
	write(t, filepath.Join(root, "ex/a.go"), "package a\n")
	write(t, filepath.Join(root, "ex/a_test.go"), "package a\n")
	files := []string{"ex/a.go", "ex/a_test.go"}

	m, err := ComputeManifest(root, files)
	require.NoError(t, err)
	require.NoError(t, m.Write(root))
	read, err := ReadManifest(root)
	require.NoError(t, err)
	assert.Equal(t, m, read)
	assert.Empty(t, Diff(read, m))

	write(t, filepath.Join(root, "ex/a.go"), "package a // started\n")
	changed, err := read.Changed(root, files)
	require.NoError(t, err)
	assert.Equal(t, []string{"ex/a.go"}, changed)

	now, err := ComputeManifest(root, append(files[:1:1], "ex/b_test.go"))
	require.Error(t, err, "a missing file cannot be hashed")
	write(t, filepath.Join(root, "ex/b_test.go"), "package a\n")
	now, err = ComputeManifest(root, []string{"ex/a.go", "ex/b_test.go"})
	require.NoError(t, err)
	assert.Equal(t, []string{"changed: ex/a.go", "not in manifest: ex/b_test.go", "no longer shipped: ex/a_test.go"}, Diff(read, now))
}

func TestReadManifestRejectsGarbage(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, ManifestPath), "# header\nnot a checksum line\n")
	_, err := ReadManifest(root)
	require.ErrorContains(t, err, ":2:", "the error names the line")
}

func TestHintsNeedBothLanguages(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, HintsFile), "- en: a\n  ko: 가\n- en: b\n")
	_, err := Hints(dir)
	require.ErrorContains(t, err, "rung 2 needs both ko and en")

	write(t, filepath.Join(dir, HintsFile), "- en: a\n  ko: 가\n  level: 1\n")
	_, err = Hints(dir)
	require.Error(t, err, "unknown keys are rejected")

	write(t, filepath.Join(dir, HintsFile), "- en: a\n  ko: 가\n- en: b\n  ko: 나\n")
	hs, err := Hints(dir)
	require.NoError(t, err)
	assert.Equal(t, []Hint{{Ko: "가", En: "a"}, {Ko: "나", En: "b"}}, hs)
}

func TestBugsApplyMakesEachEditOnce(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, SolutionDir, "calc.go"), "package calc\n\nfunc Neg(v int) int { return -v }\n")
	write(t, filepath.Join(dir, SolutionDir, BugsFile), `
- id: neg-keeps-sign
  rule: {ko: "부호를 바꾼다", en: "negation flips the sign"}
  edits:
    - {file: calc.go, find: "return -v", replace: "return v"}
- id: stale
  rule: {ko: "없는 코드", en: "code that is not there"}
  runs: 3
  edits:
    - {file: calc.go, find: "return v * 2", replace: "return v"}
`)
	bugs, err := Bugs(dir)
	require.NoError(t, err)
	require.Len(t, bugs, 2)
	assert.Equal(t, 1, bugs[0].Runs, "runs defaults to 1")
	assert.Equal(t, 3, bugs[1].Runs)

	tmp := t.TempDir()
	ov, err := bugs[0].Apply(dir, tmp)
	require.NoError(t, err)
	mutated, ok := ov[filepath.Join(dir, "calc.go")]
	require.True(t, ok, "the mutated reference replaces the package file of the same name")
	b, err := os.ReadFile(mutated)
	require.NoError(t, err)
	assert.Contains(t, string(b), "return v }")

	_, err = bugs[1].Apply(dir, tmp)
	require.ErrorContains(t, err, "occurs 0 times", "a stale catalog is an error, never silently skipped")
}

func TestBugsRejectsIncompleteEntries(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, SolutionDir, BugsFile), "- id: x\n  rule: {en: only English}\n  edits: [{file: a.go, find: a, replace: b}]\n")
	_, err := Bugs(dir)
	require.ErrorContains(t, err, "both ko and en")

	none, err := Bugs(t.TempDir())
	require.NoError(t, err, "a package without a catalog has no bugs (the roadmap check requires one)")
	assert.Empty(t, none)
}

// TestHintsForPrefersTheExercisesOwnLadder: in a package shared by two
// exercises, hints.<id>.yaml is that exercise's ladder; the others keep
// hints.yaml.
func TestHintsForPrefersTheExercisesOwnLadder(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, HintsFile), "- en: shared\n  ko: 공유\n")
	write(t, filepath.Join(dir, HintsFileFor("mr-faults")), "- en: own\n  ko: 전용\n")
	hs, err := HintsFor(dir, "mr-faults")
	require.NoError(t, err)
	assert.Equal(t, []Hint{{Ko: "전용", En: "own"}}, hs)
	assert.Equal(t, filepath.Join(dir, "hints.mr-faults.yaml"), HintsPath(dir, "mr-faults"))
	hs, err = HintsFor(dir, "mr")
	require.NoError(t, err)
	assert.Equal(t, []Hint{{Ko: "공유", En: "shared"}}, hs, "an exercise without its own ladder reads hints.yaml")

	write(t, filepath.Join(dir, HintsFileFor("bad")), "- en: only english\n")
	_, err = HintsFor(dir, "bad")
	require.ErrorContains(t, err, "hints.bad.yaml", "an error names the file it read")
}
