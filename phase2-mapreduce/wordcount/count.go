package wordcount

import (
	"errors"
	"io"
)

// WordCount is a word and how many times it occurs.
type WordCount struct {
	Word  string
	Count int
}

// Words splits text into words: maximal runs of letters (unicode.IsLetter,
// so Korean and other scripts count as letters), folded to lower case.
// Everything else — spaces, punctuation, digits, apostrophes — separates
// words: "Don't stop-2 GO" is ["don", "t", "stop", "go"].
func Words(text string) []string {
	// TODO(weekend 9): strings.FieldsFunc with a "not a letter" test, then strings.ToLower.
	return nil
}

// Count reads r to the end and counts its words (as Words splits them).
// It reads line by line, so it never holds all of r in memory, and it
// handles lines of any length and a last line without "\n". A read error
// is returned, wrapped.
func Count(r io.Reader) (map[string]int, error) {
	// TODO(weekend 9): a bufio.Reader and ReadString('\n') in a loop.
	return nil, errors.New("wordcount: Count not implemented")
}

// Top returns the n most frequent words of counts, most frequent first;
// words with equal counts are in alphabetical order. With fewer than n
// words it returns them all.
func Top(counts map[string]int, n int) []WordCount {
	// TODO(weekend 9): collect, sort with slices.SortFunc, cut.
	return nil
}
