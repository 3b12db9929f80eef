// Command mrsequential runs a MapReduce app over input files in one process
// and prints the reference output: one "key value" line per key, sorted,
// Lab 1's mr-out format. A distributed run's mr-out-* files, sorted and
// concatenated, must equal it.
//
//	go run ./phase2-mapreduce/cmd/mrsequential wc text-*.txt > mr-correct-wc.txt
//
// The app is one of mrapps.Names() or "wordcount" (your weekend 10 code).
// Provided — no need to edit.
package main

import (
	"bufio"
	"fmt"
	"os"

	"dsweekends/phase2-mapreduce/mrapps"
	"dsweekends/phase2-mapreduce/wordcount"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: mrsequential app inputfiles...")
		os.Exit(2)
	}
	app, err := lookup(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "mrsequential:", err)
		os.Exit(2)
	}
	w := bufio.NewWriter(os.Stdout)
	if err := wordcount.Sequential(app, os.Args[2:], w); err != nil {
		fmt.Fprintln(os.Stderr, "mrsequential:", err)
		os.Exit(1)
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "mrsequential:", err)
		os.Exit(1)
	}
}

func lookup(name string) (mrapps.App, error) {
	if name == "wordcount" {
		return wordcount.App(), nil
	}
	return mrapps.Lookup(name)
}
