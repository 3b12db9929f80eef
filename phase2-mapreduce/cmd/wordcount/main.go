// Command wordcount prints the most frequent words of its input files (or
// of standard input), using your weekend 9 code.
//
//	go run ./phase2-mapreduce/cmd/wordcount -n 20 book.txt
//
// Provided — no need to edit.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"dsweekends/phase2-mapreduce/wordcount"
)

func main() {
	n := flag.Int("n", 10, "how many words to print")
	flag.Parse()
	total := map[string]int{}
	add := func(name string, r io.Reader) {
		counts, err := wordcount.Count(r)
		if err != nil {
			fmt.Fprintf(os.Stderr, "wordcount: %s: %v\n", name, err)
			os.Exit(1)
		}
		for w, c := range counts {
			total[w] += c
		}
	}
	if flag.NArg() == 0 {
		add("stdin", os.Stdin)
	}
	for _, name := range flag.Args() {
		f, err := os.Open(name)
		if err != nil {
			fmt.Fprintln(os.Stderr, "wordcount:", err)
			os.Exit(1)
		}
		add(name, f)
		f.Close()
	}
	for _, wc := range wordcount.Top(total, *n) {
		fmt.Printf("%7d %s\n", wc.Count, wc.Word)
	}
}
