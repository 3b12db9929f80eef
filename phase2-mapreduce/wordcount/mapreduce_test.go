package wordcount

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"dsweekends/phase2-mapreduce/corpus"
	"dsweekends/phase2-mapreduce/mrapps"
	"dsweekends/testkit/say"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Weekend 10: word count as Map and Reduce, and a sequential driver.

func TestMapEmitsOnePairPerWord(t *testing.T) {
	got := Map("a.txt", "The cat, the hat.")
	want := []mrapps.KeyValue{{Key: "the", Value: "1"}, {Key: "cat", Value: "1"}, {Key: "the", Value: "1"}, {Key: "hat", Value: "1"}}
	assert.Equal(t, want, got, say.T("Map: 단어마다 (단어, \"1\") 하나, 나온 순서대로, 단어는 Words가 나누는 대로 — 합치는 것은 Reduce의 일입니다", "Map: one (word, \"1\") per word, in order, words as Words splits them — adding up is Reduce's job"))
}

func TestReduceCountsValues(t *testing.T) {
	assert.Equal(t, "3", Reduce("the", []string{"1", "1", "1"}), say.T("Reduce(\"the\", \"1\" 세 개)", "Reduce(\"the\", three \"1\"s)"))
	assert.Equal(t, "1", Reduce("cat", []string{"1"}), say.T("Reduce(\"cat\", \"1\" 하나)", "Reduce(\"cat\", one \"1\")"))
}

func writeFiles(t *testing.T, contents ...string) []string {
	t.Helper()
	dir := t.TempDir()
	var files []string
	for i, c := range contents {
		p := filepath.Join(dir, fmt.Sprintf("in-%d.txt", i))
		require.NoError(t, os.WriteFile(p, []byte(c), 0o644))
		files = append(files, p)
	}
	return files
}

func TestSequentialWritesSortedKeyValueLines(t *testing.T) {
	files := writeFiles(t, "b a c\na", "c B")
	var out bytes.Buffer
	require.NoError(t, Sequential(App(), files, &out))
	assert.Equal(t, "a 2\nb 2\nc 2\n", out.String(), say.T("Sequential(wordcount): 단어마다 \"키 값\" 한 줄, 키는 정렬, 횟수는 모든 파일에 걸쳐 합산", "Sequential(wordcount): one \"key value\" line per word, keys sorted, counts summed over every file"))
}

// recordingApp emits "key:value" tokens as pairs and records Reduce calls.
func recordingApp(calls map[string]int) mrapps.App {
	return mrapps.App{
		Name: "recording",
		Map: func(_, contents string) []mrapps.KeyValue {
			var kvs []mrapps.KeyValue
			for _, tok := range strings.Fields(contents) {
				k, v, _ := strings.Cut(tok, ":")
				kvs = append(kvs, mrapps.KeyValue{Key: k, Value: v})
			}
			return kvs
		},
		Reduce: func(key string, values []string) string {
			calls[key]++
			return strings.Join(values, ",")
		},
	}
}

func TestSequentialCallsReduceOncePerKeyWithAllValues(t *testing.T) {
	files := writeFiles(t, "z:1 y:1 z:2 x:1", "y:2 z:3", "x:2 w:1")
	calls := map[string]int{}
	var out bytes.Buffer
	require.NoError(t, Sequential(recordingApp(calls), files, &out))
	assert.Equal(t, map[string]int{"w": 1, "x": 1, "y": 1, "z": 1}, calls, say.T("Sequential: Reduce는 서로 다른 키마다 정확히 한 번 불립니다 — 모든 쌍을 키로 정렬한 뒤 이웃한 같은 키끼리 묶으세요", "Sequential: Reduce is called exactly once per distinct key — sort all pairs by key, then group the equal neighbours"))
	assert.Equal(t, "w 1\nx 1,2\ny 1,2\nz 1,2,3\n", out.String(), say.T("Sequential: 키마다 값은 낸 순서대로 (안정 정렬이 지켜 줍니다), 키는 오름차순", "Sequential: each key's values in the order they were emitted (a stable sort keeps them), keys in ascending order"))
}

func TestSequentialMatchesCount(t *testing.T) {
	files, err := corpus.Generate(t.TempDir(), corpus.Options{Seed: 2, Files: 4, TotalBytes: 400_000})
	require.NoError(t, err)
	want := map[string]int{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, w := range Words(string(b)) {
			want[w]++
		}
	}
	var out bytes.Buffer
	require.NoError(t, Sequential(App(), files, &out))
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	require.Len(t, lines, len(want), say.T("생성한 파일 4개의 Sequential(wordcount): 서로 다른 단어마다 한 줄", "Sequential(wordcount) over 4 generated files: one line per distinct word"))
	prev := ""
	for _, l := range lines {
		w, n, ok := strings.Cut(l, " ")
		require.True(t, ok, say.F("Sequential: 줄 %q는 \"키 값\" 형식이 아닙니다", "Sequential: line %q is not \"key value\"", l))
		require.Less(t, prev, w, say.F("Sequential: 키는 오름차순, 한 번씩 (%q가 %q 뒤에 왔습니다)", "Sequential: keys in ascending order, each once (%q came after %q)", w, prev))
		prev = w
		require.Equal(t, strconv.Itoa(want[w]), n, say.F("Sequential: %q의 횟수", "Sequential: the count of %q", w))
	}
}

func TestSequentialReportsAMissingFile(t *testing.T) {
	files := writeFiles(t, "a b")
	missing := filepath.Join(t.TempDir(), "nope.txt")
	var out bytes.Buffer
	err := Sequential(App(), append(files, missing), &out)
	require.Error(t, err, say.T("없는 입력 파일이 있으면 Sequential은 실패해야 합니다", "Sequential with a missing input file must fail"))
	assert.ErrorIs(t, err, fs.ErrNotExist, say.T("Sequential: os.ReadFile의 에러를 %w로 감싸세요", "Sequential: wrap the error of os.ReadFile with %w"))
	assert.Contains(t, err.Error(), "nope.txt", say.T("Sequential: 에러에 파일 이름이 들어갑니다", "Sequential: the error names the file"))
}
