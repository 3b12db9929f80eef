package wordcount

import (
	"errors"
	"io"

	"dsweekends/phase2-mapreduce/mrapps"
)

// Map is word count's map function: one pair (word, "1") per word of
// contents, in order, words as Words splits them. The file name is unused.
func Map(filename, contents string) []mrapps.KeyValue {
	// TODO(weekend 10): one KeyValue per word.
	return nil
}

// Reduce is word count's reduce function: how many values there are, in
// decimal ("3" for three "1"s).
func Reduce(key string, values []string) string {
	// TODO(weekend 10): strconv.Itoa.
	return ""
}

// Sequential runs app over files in one process, the way a MapReduce
// library would: call app.Map on every file, sort all the pairs by key,
// call app.Reduce once per distinct key with all of that key's values (in
// the order the pairs were emitted), and write one line "key value\n" per
// key to w, keys in ascending order — Lab 1's output format. A file that
// cannot be read is an error naming the file.
func Sequential(app mrapps.App, files []string, w io.Writer) error {
	// TODO(weekend 10): map, sort.SliceStable by key, group equal keys, reduce, fmt.Fprintf.
	return errors.New("wordcount: Sequential not implemented")
}
