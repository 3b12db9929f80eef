// Package corpus generates seeded text for the MapReduce exercises, so tests
// and benchmarks need no downloaded books.
//
// Provided — no need to edit.
//
// Words follow a Zipf distribution over a made-up vocabulary, as words of a
// natural language roughly do: a few words are very common, most are rare.
// The text has the things a word counter must handle: capitalised words,
// punctuation, digits inside words, some Korean words, long and short lines.
// The same seed always gives the same files.
package corpus

import (
	"bufio"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// Options says what to generate.
type Options struct {
	// Seed selects the text; the same seed gives the same bytes.
	Seed uint64
	// Files is the number of files (at least 1).
	Files int
	// TotalBytes is the approximate size of all files together.
	TotalBytes int64
	// Vocabulary is the number of distinct words (0: 5000).
	Vocabulary int
}

// Generate writes opts.Files files named text-0.txt, text-1.txt, ... into
// dir and returns their paths. Files differ in size (the largest about three
// times the smallest), as real inputs do.
func Generate(dir string, opts Options) ([]string, error) {
	if opts.Files < 1 {
		return nil, errors.New("corpus: Files must be at least 1")
	}
	if opts.TotalBytes < 1 {
		return nil, errors.New("corpus: TotalBytes must be positive")
	}
	vocab := opts.Vocabulary
	if vocab <= 0 {
		vocab = 5000
	}
	r := rand.New(rand.NewPCG(opts.Seed, 0x6d72))
	words := vocabulary(r, vocab)
	zipf := rand.NewZipf(rand.New(rand.NewPCG(opts.Seed, 0x7a69)), 1.1, 2, uint64(len(words)-1))

	weights := make([]float64, opts.Files)
	sum := 0.0
	for i := range weights {
		weights[i] = 1 + 2*r.Float64()
		sum += weights[i]
	}
	paths := make([]string, 0, opts.Files)
	for i := range opts.Files {
		size := int64(float64(opts.TotalBytes) * weights[i] / sum)
		p := filepath.Join(dir, fmt.Sprintf("text-%d.txt", i))
		if err := writeFile(p, size, r, zipf, words); err != nil {
			return nil, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}

func writeFile(path string, size int64, r *rand.Rand, zipf *rand.Zipf, words []string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("corpus: %w", err)
	}
	w := bufio.NewWriter(f)
	var n int64
	line := 0
	for n < size {
		word := words[zipf.Uint64()]
		sep := " "
		switch x := r.IntN(100); {
		case x < 6:
			sep = ", "
		case x < 8:
			sep = ". "
		case x < 9:
			sep = "! "
		case x < 10:
			sep = " -- "
		}
		line += len(word) + len(sep)
		if line > 60+r.IntN(40) {
			sep = "\n"
			line = 0
		}
		k, _ := w.WriteString(word + sep)
		n += int64(k)
	}
	w.WriteString("\n")
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("corpus: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("corpus: %w", err)
	}
	return nil
}

var (
	onsets  = []string{"", "b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "st", "tr", "sh", "ch", "th"}
	vowels  = []string{"a", "e", "i", "o", "u", "ea", "ou", "y"}
	codas   = []string{"", "", "n", "r", "s", "t", "l", "nd", "ng", "ck"}
	hangul  = []string{"가", "나", "다", "라", "마", "바", "사", "아", "자", "하", "는", "을", "의", "에", "서", "고"}
	suffixs = []string{"", "", "", "s", "ed", "ing", "'s"}
)

// vocabulary makes n distinct words: mostly made-up English-like words,
// some capitalised, some with digits or an apostrophe, some in Hangul.
func vocabulary(r *rand.Rand, n int) []string {
	seen := make(map[string]bool, n)
	out := make([]string, 0, n)
	for len(out) < n {
		var b strings.Builder
		switch x := r.IntN(100); {
		case x < 5:
			for range 2 + r.IntN(2) {
				b.WriteString(hangul[r.IntN(len(hangul))])
			}
		default:
			for range 1 + r.IntN(3) {
				b.WriteString(onsets[r.IntN(len(onsets))] + vowels[r.IntN(len(vowels))] + codas[r.IntN(len(codas))])
			}
			b.WriteString(suffixs[r.IntN(len(suffixs))])
			w := b.String()
			b.Reset()
			switch y := r.IntN(100); {
			case y < 10:
				w = strings.ToUpper(w[:1]) + w[1:]
			case y < 12:
				w += fmt.Sprint(r.IntN(100))
			}
			b.WriteString(w)
		}
		if w := b.String(); !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}
