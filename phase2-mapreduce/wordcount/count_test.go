package wordcount

import (
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"testing/iotest"
	"unicode"

	"dsweekends/phase2-mapreduce/corpus"
	"dsweekends/testkit/say"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Weekend 9: word count as a plain program.

func TestWordsSplitsOnNonLettersAndFoldsCase(t *testing.T) {
	for _, tc := range []struct {
		in, why string
		want    []string
	}{
		{"the cat sat", "spaces separate words", []string{"the", "cat", "sat"}},
		{"The THE tHe", "words are folded to lower case", []string{"the", "the", "the"}},
		{"end. Next, word! (ok) -- yes", "punctuation separates words and is not part of them", []string{"end", "next", "word", "ok", "yes"}},
		{"Don't stop-2", "apostrophes, hyphens and digits separate words", []string{"don", "t", "stop"}},
		{"abc123def", "a digit inside a word splits it", []string{"abc", "def"}},
		{"맵리듀스는 재미있다, MapReduce", "Korean letters are letters too", []string{"맵리듀스는", "재미있다", "mapreduce"}},
		{"  \n\t ,,, 42 ", "no letters, no words", nil},
	} {
		got := Words(tc.in)
		if len(tc.want) == 0 {
			assert.Empty(t, got, say.F("Words(%q): %s", "Words(%q): %s", tc.in, tc.why))
			continue
		}
		assert.Equal(t, tc.want, got, say.F("Words(%q): %s", "Words(%q): %s", tc.in, tc.why))
	}
}

func TestCountHandlesLongLinesAndALastLineWithoutNewline(t *testing.T) {
	long := strings.Repeat("go ", 100_000) // one 300 KB line: more than bufio.Scanner's 64 KiB
	counts, err := Count(strings.NewReader("Hello world\n" + long + "\nbye WORLD"))
	require.NoError(t, err, say.T("Count: 64 KiB보다 긴 줄도 한 줄입니다 (bufio.Scanner는 64 KiB에서 멈추고 bufio.Reader.ReadString은 멈추지 않습니다)", "Count: a line longer than 64 KiB is still a line (bufio.Scanner stops at 64 KiB; bufio.Reader.ReadString does not)"))
	assert.Equal(t, 100_000, counts["go"], say.T("Count: 300 KB짜리 한 줄의 모든 단어를 셉니다", "Count: every word of a 300 KB line counts"))
	assert.Equal(t, 1, counts["bye"], say.T("Count: 마지막 줄은 \"\\n\"이 없어도 그 단어를 셉니다 (ReadString은 그 줄을 io.EOF와 함께 돌려줍니다)", "Count: the last line has no \"\\n\" but its words count (ReadString returns it together with io.EOF)"))
	assert.Equal(t, 2, counts["world"], say.T("Count: \"world\"와 \"WORLD\"는 같은 단어입니다", "Count: \"world\" and \"WORLD\" are the same word"))
	assert.Len(t, counts, 4, say.F("Count: 서로 다른 단어는 hello, world, go, bye인데 %v가 나왔습니다", "Count: the distinct words are hello, world, go, bye; got %v", keys(counts)))
}

func keys(m map[string]int) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
		if len(ks) == 10 {
			break
		}
	}
	return ks
}

func TestCountMatchesTheWholeText(t *testing.T) {
	files, err := corpus.Generate(t.TempDir(), corpus.Options{Seed: 1, Files: 1, TotalBytes: 500_000})
	require.NoError(t, err)
	b, err := os.ReadFile(files[0])
	require.NoError(t, err)
	want := map[string]int{}
	for _, w := range strings.FieldsFunc(string(b), func(r rune) bool { return !unicode.IsLetter(r) }) {
		want[strings.ToLower(w)]++
	}
	// OneByteReader hands Count one byte per Read: words still cross no line.
	got, err := Count(iotest.OneByteReader(strings.NewReader(string(b[:50_000]))))
	require.NoError(t, err)
	require.NotEmpty(t, got, say.T("50 KB 텍스트의 Count가 단어를 하나도 찾지 못했습니다", "Count of 50 KB of text found no words"))
	got, err = Count(strings.NewReader(string(b)))
	require.NoError(t, err)
	require.Len(t, got, len(want), say.F("생성한 500 KB 텍스트의 Count: 서로 다른 단어 %d개, 기대 %d개", "Count of a 500 KB generated text: %d distinct words, want %d", len(got), len(want)))
	for w, n := range want {
		require.Equal(t, n, got[w], say.F("Count: 단어 %q는 텍스트에 %d번 나옵니다", "Count: the word %q occurs %d times in the text", w, n))
	}
}

var errDisk = errors.New("disk on fire")

func TestCountReturnsReadErrors(t *testing.T) {
	r := io.MultiReader(strings.NewReader("some words\nmore words\n"), iotest.ErrReader(errDisk))
	_, err := Count(r)
	require.Error(t, err, say.T("Count: 두 줄 뒤에 실패하는 reader면 일부만 센 결과가 아니라 에러를 돌려줘야 합니다", "Count: a reader that fails after two lines must give an error, not a partial count"))
	assert.ErrorIs(t, err, errDisk, say.T("Count: 읽기 에러를 %w로 감싸야 호출한 쪽이 errors.Is로 확인할 수 있습니다", "Count: wrap the read error with %w so callers can test it with errors.Is"))
}

func TestTopOrdersByCountThenWord(t *testing.T) {
	for range 20 { // a map's order differs from one range to the next: ties must not depend on it
		counts := map[string]int{"b": 3, "a": 3, "c": 1, "d": 5, "e": 3, "f": 3}
		require.Equal(t, []WordCount{{"d", 5}, {"a", 3}, {"b", 3}}, Top(counts, 3), say.T("Top(3): 많이 나온 것부터; 횟수가 같으면 (a, b, e, f: 3) 알파벳 순서", "Top(3): most frequent first; equal counts (a, b, e, f: 3) in alphabetical order"))
		require.Equal(t, []WordCount{{"d", 5}, {"a", 3}, {"b", 3}, {"e", 3}, {"f", 3}, {"c", 1}}, Top(counts, 10), say.T("단어 6개의 Top(10): 전부, 횟수가 같으면 알파벳 순서", "Top(10) of 6 words: all of them, equal counts in alphabetical order"))
		require.Empty(t, Top(counts, 0), say.T("Top(0): 단어 없음", "Top(0): no words"))
	}
}

func FuzzWords(f *testing.F) {
	for _, s := range []string{"", "The cat", "Don't stop-2", "맵리듀스 MapReduce", "a\nb\r\nc", "\xff\xfeabc", "İstanbul ǅ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		words := Words(text)
		want := map[string]int{}
		for _, w := range words {
			require.NotEmpty(t, w, "Words(%q): no empty words", text)
			for _, r := range w {
				require.True(t, unicode.IsLetter(r), "Words(%q): %q holds a non-letter %q", text, w, r)
			}
			require.Equal(t, strings.ToLower(w), w, "Words(%q): words are lower case", text)
			want[w]++
		}
		got, err := Count(strings.NewReader(text))
		require.NoError(t, err)
		if len(want) == 0 {
			require.Empty(t, got, "Count(%q)", text)
			return
		}
		require.Equal(t, want, got, "Count(%q) counts the words Words finds", text)
	})
}
