package wordcount

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"

	"dsweekends/phase2-mapreduce/mrapps"
)

// Map is word count's map function: one pair (word, "1") per word of
// contents, in order, words as Words splits them. The file name is unused.
func Map(filename, contents string) []mrapps.KeyValue {
	words := Words(contents)
	kvs := make([]mrapps.KeyValue, 0, len(words))
	for _, w := range words {
		kvs = append(kvs, mrapps.KeyValue{Key: w, Value: "1"})
	}
	return kvs
}

// Reduce is word count's reduce function: how many values there are, in
// decimal ("3" for three "1"s).
func Reduce(key string, values []string) string { return strconv.Itoa(len(values)) }

// Sequential runs app over files in one process, the way a MapReduce
// library would: call app.Map on every file, sort all the pairs by key,
// call app.Reduce once per distinct key with all of that key's values (in
// the order the pairs were emitted), and write one line "key value\n" per
// key to w, keys in ascending order — Lab 1's output format. A file that
// cannot be read is an error naming the file.
func Sequential(app mrapps.App, files []string, w io.Writer) error {
	var kvs []mrapps.KeyValue
	for _, f := range files {
		contents, err := os.ReadFile(f)
		if err != nil {
			return fmt.Errorf("wordcount: %w", err) // *PathError names the file
		}
		kvs = append(kvs, app.Map(f, string(contents))...)
	}
	// Sorting brings equal keys together — the paper's "shuffle" (§3.1 step 5).
	// Stable, so each key's values stay in the order they were emitted.
	sort.SliceStable(kvs, func(i, j int) bool { return kvs[i].Key < kvs[j].Key })
	for i := 0; i < len(kvs); {
		j := i + 1
		for j < len(kvs) && kvs[j].Key == kvs[i].Key {
			j++
		}
		values := make([]string, 0, j-i)
		for _, kv := range kvs[i:j] {
			values = append(values, kv.Value)
		}
		if _, err := fmt.Fprintf(w, "%v %v\n", kvs[i].Key, app.Reduce(kvs[i].Key, values)); err != nil {
			return fmt.Errorf("wordcount: %w", err)
		}
		i = j
	}
	return nil
}
