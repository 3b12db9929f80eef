package verify

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"dsweekends/scripts/roadmap"
)

func put(t *testing.T, root, rel, text string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
	require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
}

// fakeMR is a small workspace shaped like phase2-mapreduce/mr: weekend 11's
// mapreduce and weekend 12's mapreduce-faults share one package, and (as
// the real one did) one hint ladder whose near-answer quotes faults.go.
func fakeMR(t *testing.T) (string, *roadmap.Roadmap) {
	t.Helper()
	root := t.TempDir()
	put(t, root, "p2/mr/coordinator.go", "package mr\n\nfunc (c *Coordinator) GetTask() int {\n\t// TODO(weekend 11)\n\treturn -1\n}\n")
	put(t, root, "p2/mr/faults.go", "package mr\n\nfunc Expired(started, now time.Time, timeout time.Duration) bool {\n\t// TODO(weekend 12)\n\treturn false\n}\n")
	put(t, root, "p2/mr/.solution/coordinator.go", `package mr

func (c *Coordinator) GetTask() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	// for every task: hand out an idle one
	for i := range c.tasks {
		if c.tasks[i].state == idle || Expired(c.tasks[i].started, now, c.timeout) {
			return i
		}
	}
	return -1
}
`)
	put(t, root, "p2/mr/.solution/faults.go", `package mr

func Expired(started, now time.Time, timeout time.Duration) bool {
	// compare how long it has been out
	return now.Sub(started) > timeout // a Duration carries its unit
}
`)
	put(t, root, "p2/mr/hints.yaml", `- en: Keep the coordinator behind one mutex.
  ko: 코디네이터는 뮤텍스 하나 뒤에 두세요.
- en: GetTask hands out an idle task.
  ko: GetTask는 대기 중인 작업을 줍니다.
- en: >-
    pick: `+"`"+`if c.tasks[i].state == idle || Expired(c.tasks[i].started, now,
    c.timeout) {`+"`"+`. Expired: `+"`"+`return now.Sub(started) >
    timeout`+"`"+`.
  ko: >-
    pick: 위와 같습니다. Expired: `+"`"+`return now.Sub(started) > timeout`+"`"+`.
`)
	rm := &roadmap.Roadmap{Exercises: []roadmap.Exercise{
		{ID: "mapreduce", Weekend: 11, Tier: roadmap.Core, Path: "p2/mr", Edit: []string{"coordinator.go"}},
		{ID: "mapreduce-faults", Weekend: 12, Tier: roadmap.Core, Path: "p2/mr", Edit: []string{"faults.go"}},
	}}
	return root, rm
}

// TestSpoilersCatchesALaterWeekendsCodeInAHint: weekend 11's hint 3 quoting
// weekend 12's faults.go is caught (even wrapped over lines in the YAML);
// the fix — the later exercise's own ladder, hints.mapreduce-faults.yaml —
// passes.
func TestSpoilersCatchesALaterWeekendsCodeInAHint(t *testing.T) {
	root, rm := fakeMR(t)
	problems := Spoilers(root, rm)
	require.Len(t, problems, 1, "one hint quotes one later file: %q", problems)
	p := problems[0]
	for _, want := range []string{"mapreduce (weekend 11)", "hint 3", "p2/mr/hints.yaml", "mapreduce-faults (weekend 12, faults.go)", "`return now.Sub(started) > timeout`"} {
		assert.Contains(t, p, want)
	}
	assert.NotContains(t, p, "c.tasks[i].state", "code of the hint's own weekend is not a spoiler")

	// The fix: weekend 12's near-answer moves to its own ladder.
	hints, err := os.ReadFile(filepath.Join(root, "p2/mr/hints.yaml"))
	require.NoError(t, err)
	put(t, root, "p2/mr/hints.mapreduce-faults.yaml", string(hints))
	put(t, root, "p2/mr/hints.yaml", "- en: a\n  ko: 가\n- en: b\n  ko: 나\n- en: Expired is weekend 12's.\n  ko: Expired는 주말 12에.\n")
	assert.Empty(t, Spoilers(root, rm), "weekend 12's own ladder may quote weekend 12's code")
}

// TestSpoilersIgnoresWhatTheLearnerHasAnyway: lines of a skeleton or test
// file, lines an earlier weekend's reference has, comments and short lines
// are not spoilers.
func TestSpoilersIgnoresWhatTheLearnerHasAnyway(t *testing.T) {
	root, rm := fakeMR(t)
	put(t, root, "p2/mr/hints.yaml", "- en: a\n  ko: 가\n- en: b\n  ko: 나\n- en: >-\n    `func Expired(started, now time.Time, timeout time.Duration) bool {` is in the skeleton;\n    // compare how long it has been out; `return false`.\n  ko: 다\n")
	assert.Empty(t, Spoilers(root, rm))

	// A line weekend 11's reference also has was earned by then.
	b, err := os.ReadFile(filepath.Join(root, "p2/mr/.solution/coordinator.go"))
	require.NoError(t, err)
	put(t, root, "p2/mr/.solution/coordinator.go", string(b)+"\nfunc stale(started, now time.Time, timeout time.Duration) bool {\n\treturn now.Sub(started) > timeout\n}\n")
	put(t, root, "p2/mr/.solution/faults.go", "package mr\n\nfunc Expired(started, now time.Time, timeout time.Duration) bool {\n\treturn now.Sub(started) > timeout\n}\n")
	put(t, root, "p2/mr/hints.yaml", "- en: a\n  ko: 가\n- en: b\n  ko: 나\n- en: \"`return now.Sub(started) > timeout` is how weekend 11's stale check reads.\"\n  ko: 다\n")
	assert.Empty(t, Spoilers(root, rm), "the line is in weekend 11's own reference (stale): the learner writes it by then")
}

// TestSpoilersChecksRevealsFileSet: every edit file needs a reference, and
// every reference file belongs to some exercise's edit files.
func TestSpoilersChecksRevealsFileSet(t *testing.T) {
	root, rm := fakeMR(t)
	put(t, root, "p2/mr/hints.yaml", "- en: a\n  ko: 가\n- en: b\n  ko: 나\n- en: c\n  ko: 다\n")
	put(t, root, "p2/mr/.solution/extra.go", "package mr\n")
	rm.Exercises[0].Edit = append(rm.Exercises[0].Edit, "worker.go")
	problems := strings.Join(Spoilers(root, rm), "\n")
	assert.Contains(t, problems, "mapreduce: study reveal cannot show its edit files")
	assert.Contains(t, problems, "worker.go has no reference")
	assert.Contains(t, problems, "p2/mr/.solution/extra.go is no exercise's edit file")
}

func TestCodeLines(t *testing.T) {
	src := "package p\n\n// a comment that is long enough to count\n/*\nblock comment long enough too\n*/\nfunc f() {\n\tx := strings.Repeat(\"//\", 3) // trailing note\n\treturn\n}\n"
	assert.Equal(t, []string{`x := strings.Repeat("//", 3)`}, codeLines(src))
}

// goodReadme pairs its halves: the same sections in the same order, code
// (comments translated), table rows and list items; a translated text
// block and Mermaid labels; Hints and Reading in both; a stretch pair at
// the end.
const goodReadme = "# mr — MapReduce (주말 11)\n\n" +
	"## 목표\n\n코디네이터와 워커를 만듭니다.\n\n" +
	"## 만들 것\n\n```go\ntype Coordinator struct { // 작업 목록\n\tmu sync.Mutex\n}\n```\n\n" +
	"## 규칙\n\n1. 뮤텍스 하나.\n2. 에러는 `%w`로 감쌉니다.\n   - `ErrDone`: 끝남\n\n" +
	"## 채점 방법\n\n| 테스트 | 확인 |\n|---|---|\n| `TestA` | 하나 |\n\n" +
	"### 구성 요소\n\n```mermaid\nflowchart LR\n    W[워커] -->|RPC| C[(코디네이터)]\n```\n\n" +
	"```text\n요구 사항: …\n규모: …\n```\n\n" +
	"## 실행 명령\n\n```\ngo test -race ./p2/mr/   # 채점\n```\n\n" +
	"## 힌트\n\n`go run ./scripts/cmd/study hint mapreduce`\n\n" +
	"## 읽을거리\n\n- 논문: https://example.org/mapreduce.pdf\n\n" +
	"---\n\n## Goal\n\nBuild the coordinator and the workers.\n\n" +
	"## What to build\n\n```go\n// The coordinator.\ntype Coordinator struct { // the task list\n\tmu  sync.Mutex\n}\n```\n\n" +
	"## Rules\n\n1. One mutex.\n2. Wrap errors with `%w`.\n   - `ErrDone`: finished\n\n" +
	"## How it is graded\n\n| test | checks |\n|---|---|\n| `TestA` | one |\n\n" +
	"### Components\n\n```mermaid\nflowchart LR\n    W[worker] -->|RPC call| C[(coordinator)]\n```\n\n" +
	"```text\nRequirements: …\nScale: …\n```\n\n" +
	"## Run\n\n```\ngo test -race ./p2/mr/   # graded\n```\n\n" +
	"## Hints\n\n`go run ./scripts/cmd/study hint mapreduce`\n\n" +
	"## Reading\n\n- The paper: https://example.org/mapreduce.pdf\n\n" +
	"## 더 해보기: 장애 (`mapreduce-faults`, stretch)\n\n설명.\n\n" +
	"## Stretch: faults (`mapreduce-faults`)\n\nText.\n"

func TestReadmeParityAcceptsMatchingHalves(t *testing.T) {
	assert.Empty(t, ReadmeParity(goodReadme))
	// A stretch heading in English with a Korean word is English.
	md := strings.Replace(goodReadme, "## Stretch: faults (`mapreduce-faults`)", "## Stretch: `mapreduce-faults` (더 해보기)", 1)
	assert.Empty(t, ReadmeParity(md))
}

// TestReadmeParityNamesWhatDiffers: a bad README — the Korean half lost
// its API block, a table row, a rule and its reading list — gets one line
// per difference, each naming the sections it compared.
func TestReadmeParityNamesWhatDiffers(t *testing.T) {
	md := strings.Replace(goodReadme, "```go\ntype Coordinator struct { // 작업 목록\n\tmu sync.Mutex\n}\n```\n\n", "", 1)
	md = strings.Replace(md, "| `TestA` | 하나 |\n", "", 1)
	md = strings.Replace(md, "   - `ErrDone`: 끝남\n", "", 1)
	got := ReadmeParity(md)
	require.Len(t, got, 4, "%q", got)
	assert.Equal(t, `"## 만들 것" ↔ "## What to build": ko has 0 code blocks, en has 1`, got[0])
	assert.Equal(t, `"## 만들 것" ↔ "## What to build": en code block 1 (`+"`type Coordinator struct {`"+`) has no identical block in ko (only comments may differ)`, got[1])
	assert.Equal(t, `"## 규칙" ↔ "## Rules": ko has 2 list items, en has 3`, got[2])
	assert.Equal(t, `"## 채점 방법" ↔ "## How it is graded": ko has 1 table rows, en has 2`, got[3])

	// A section missing from one half: the halves no longer pair, and the
	// heading lists show which.
	md = strings.Replace(goodReadme, "## 읽을거리\n\n- 논문: https://example.org/mapreduce.pdf\n\n", "", 1)
	got = ReadmeParity(md)
	require.Len(t, got, 2, "%q", got)
	assert.Contains(t, got[0], "ko has 7 sections (## and ###: 8 headings), en has 8 (9)")
	assert.Contains(t, got[0], "## Reading")
	assert.Equal(t, "ko has 3 list items, en has 4", got[1])

	// The sections pair in order: a stretch section moved is named.
	md = strings.Replace(goodReadme, "## 더 해보기: 장애 (`mapreduce-faults`, stretch)\n\n설명.\n\n", "", 1)
	md = strings.Replace(md, "## 목표\n", "## 더 해보기: 장애 (`mapreduce-faults`, stretch)\n\n설명.\n\n## 목표\n", 1)
	got = ReadmeParity(md)
	require.NotEmpty(t, got)
	assert.Equal(t, `"## 더 해보기: 장애 (`+"`mapreduce-faults`"+`, stretch)" ↔ "## Goal": headings "## 더 해보기: 장애 (`+"`mapreduce-faults`"+`, stretch)" and "## Goal" name different code (`+"`mapreduce-faults`"+`; ): the n-th heading of one half is the n-th of the other`, got[0])

	// Code is code in both languages: a changed identifier is a difference,
	// and so is a changed command; a text block may be translated but not
	// lose a line; a Mermaid diagram may not lose an arrow.
	for _, c := range []struct{ from, to, want string }{
		{"\tmu  sync.Mutex", "\tmu  sync.RWMutex", `"## 만들 것" ↔ "## What to build": code block 1 differs (only comments may): ko ` + "`mu sync.Mutex`, en `mu sync.RWMutex`"},
		{"go test -race ./p2/mr/   # graded", "go test -race -run 'A|B' ./p2/mr/   # graded\n",
			`"## 실행 명령" ↔ "## Run": code block 1 differs (only comments may): ko ` + "`go test -race ./p2/mr/`, en `go test -race -run 'A|B' ./p2/mr/`"},
		{"go test -race ./p2/mr/   # graded", "go test ./p2/mr/   # graded", `"## 실행 명령" ↔ "## Run": code block 1 differs (only comments may): ko ` + "`go test -race ./p2/mr/`, en `go test ./p2/mr/`"},
		{"Scale: …\n", "", `"## 채점 방법" ↔ "## How it is graded": code block 2 differs (only comments may): ko ` + "`(text: 2 lines)`, en `(text: 1 lines)`"},
		{"    W[worker] -->|RPC call| C[(coordinator)]\n", "    W[worker]\n", `"## 채점 방법" ↔ "## How it is graded": code block 1 differs`},
	} {
		md := strings.Replace(goodReadme, c.from, c.to, 1)
		require.NotEqual(t, goodReadme, md, c.from)
		got := ReadmeParity(md)
		require.Len(t, got, 1, "%s: %q", c.from, got)
		assert.Contains(t, got[0], c.want)
	}

	assert.Equal(t, []string{"no Korean half: core READMEs are Korean first (목표, 만들 것, 규칙, 채점 방법, 실행 명령), then the same in English"},
		ReadmeParity("# x\n\n## Goal\n\nText.\n"))
	ko, en, ok := strings.Cut(goodReadme, "---\n\n")
	require.True(t, ok)
	en, _, _ = strings.Cut(en, "## 더 해보기")
	assert.Contains(t, ReadmeParity("# x\n\n"+en+"\n"+strings.TrimPrefix(ko, "# mr — MapReduce (주말 11)\n\n")), "the English half comes first: core READMEs are Korean first")
}

// TestParityReadsCoreReadmesOnly: a stretch exercise's README of its own
// is only noted; a core README that is missing is a problem.
func TestParityReadsCoreReadmesOnly(t *testing.T) {
	root := t.TempDir()
	put(t, root, "p/a/README.md", goodReadme)
	put(t, root, "p/s/README.md", "# only English\n\n## Goal\n")
	rm := &roadmap.Roadmap{Exercises: []roadmap.Exercise{
		{ID: "a", Tier: roadmap.Core, Path: "p/a"},
		{ID: "a2", Tier: roadmap.Core, Path: "p/a"},
		{ID: "s", Tier: roadmap.Stretch, Path: "p/s"},
		{ID: "m", Tier: roadmap.Core, Path: "p/m"},
	}}
	got, notes := Parity(root, rm)
	require.Len(t, got, 1, "%q", got)
	assert.True(t, strings.HasPrefix(got[0], "p/m/README.md: "), got[0])
	require.Len(t, notes, 1, "a stretch README that differs is a note: %q", notes)
	assert.True(t, strings.HasPrefix(notes[0], "p/s/README.md: no Korean half"), notes[0])
}
