package wordcount

import (
	"bufio"
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"
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
	words := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) })
	for i, w := range words {
		words[i] = strings.ToLower(w)
	}
	return words
}

// Count reads r to the end and counts its words (as Words splits them).
// It reads line by line, so it never holds all of r in memory, and it
// handles lines of any length and a last line without "\n". A read error
// is returned, wrapped.
func Count(r io.Reader) (map[string]int, error) {
	counts := map[string]int{}
	br := bufio.NewReader(r) // not bufio.Scanner: its lines are limited to 64 KiB
	for {
		line, err := br.ReadString('\n')
		for _, w := range Words(line) { // the last line may come with io.EOF
			counts[w]++
		}
		if errors.Is(err, io.EOF) {
			return counts, nil
		}
		if err != nil {
			return nil, fmt.Errorf("wordcount: %w", err)
		}
	}
}

// Top returns the n most frequent words of counts, most frequent first;
// words with equal counts are in alphabetical order. With fewer than n
// words it returns them all.
func Top(counts map[string]int, n int) []WordCount {
	all := make([]WordCount, 0, len(counts))
	for w, c := range counts {
		all = append(all, WordCount{Word: w, Count: c})
	}
	slices.SortFunc(all, func(a, b WordCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Word, b.Word))
	})
	return all[:min(n, len(all))]
}
