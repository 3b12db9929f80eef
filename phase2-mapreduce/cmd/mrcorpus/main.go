// Command mrcorpus writes generated text files for MapReduce runs.
//
//	go run ./phase2-mapreduce/cmd/mrcorpus -dir /tmp/in -files 8 -size 64MiB
//
// Provided — no need to edit.
package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"

	"dsweekends/phase2-mapreduce/corpus"
)

func main() {
	dir := flag.String("dir", ".", "where to write text-N.txt")
	files := flag.Int("files", 8, "number of files")
	size := flag.String("size", "8MiB", "total size (bytes, or with KiB/MiB)")
	seed := flag.Uint64("seed", 1, "seed: the same seed gives the same text")
	flag.Parse()
	n, err := parseSize(*size)
	if err == nil {
		_, err = corpus.Generate(*dir, corpus.Options{Seed: *seed, Files: *files, TotalBytes: n})
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "mrcorpus:", err)
		os.Exit(1)
	}
}

func parseSize(s string) (int64, error) {
	mult := int64(1)
	for suffix, m := range map[string]int64{"KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30} {
		if strings.HasSuffix(s, suffix) {
			s, mult = strings.TrimSuffix(s, suffix), m
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("bad size %q", s)
	}
	return n * mult, nil
}
