// Provided — no need to edit.

package mrapps

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode"
)

// words splits contents into maximal runs of letters, as Lab 1's wc does.
func words(contents string) []string {
	return strings.FieldsFunc(contents, func(r rune) bool { return !unicode.IsLetter(r) })
}

func wcMap(_ string, contents string) []KeyValue {
	ws := words(contents)
	kvs := make([]KeyValue, 0, len(ws))
	for _, w := range ws {
		kvs = append(kvs, KeyValue{Key: w, Value: "1"})
	}
	return kvs
}

func wcReduce(_ string, values []string) string { return strconv.Itoa(len(values)) }

// indexMap emits (word, document) once per distinct word of the document.
func indexMap(document string, contents string) []KeyValue {
	seen := map[string]bool{}
	var kvs []KeyValue
	for _, w := range words(contents) {
		if !seen[w] {
			seen[w] = true
			kvs = append(kvs, KeyValue{Key: w, Value: filepath.Base(document)})
		}
	}
	return kvs
}

// indexReduce lists the documents of a word: "count doc1,doc2,...", sorted.
func indexReduce(_ string, values []string) string {
	docs := append([]string(nil), values...)
	sort.Strings(docs)
	return fmt.Sprintf("%d %s", len(docs), strings.Join(docs, ","))
}

// callSeq numbers the calls of this process, so marker files stay unique
// when several workers share one process (the in-process tests).
var callSeq atomic.Int64

// markerDir is where the test apps leave their marker files: the current
// directory, or MR_APP_DIR when set.
func markerDir() string {
	if d := os.Getenv("MR_APP_DIR"); d != "" {
		return d
	}
	return "."
}

// overlap creates a marker file, waits, and reports how many markers
// (its own included) existed at the busiest moment: how many calls ran at
// the same time, across processes that share the directory.
func overlap(prefix string) int {
	name := filepath.Join(markerDir(), fmt.Sprintf("mr-worker-%s-%d-%d", prefix, os.Getpid(), callSeq.Add(1)))
	if err := os.WriteFile(name, nil, 0o644); err != nil {
		return 0
	}
	defer os.Remove(name)
	most := 0
	for range 10 {
		time.Sleep(100 * time.Millisecond)
		m, _ := filepath.Glob(filepath.Join(markerDir(), "mr-worker-"+prefix+"-*"))
		most = max(most, len(m))
	}
	return most
}

func mtimingMap(filename, _ string) []KeyValue {
	return []KeyValue{{Key: "parallel", Value: strconv.Itoa(overlap("mtiming"))}, {Key: "file", Value: filepath.Base(filename)}}
}

func maxReduce(key string, values []string) string {
	if key != "parallel" {
		return strconv.Itoa(len(values))
	}
	most := 0
	for _, v := range values {
		n, _ := strconv.Atoi(v)
		most = max(most, n)
	}
	return strconv.Itoa(most)
}

// rtimingMap emits ten keys, so that every reduce task has work to do.
func rtimingMap(_, _ string) []KeyValue {
	var kvs []KeyValue
	for _, k := range []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"} {
		kvs = append(kvs, KeyValue{Key: k, Value: "1"})
	}
	return kvs
}

func rtimingReduce(_ string, _ []string) string { return strconv.Itoa(overlap("rtiming")) }

// jobcountMap leaves one marker file per call; jobcountReduce counts them,
// so the output says how many times map ran in all.
func jobcountMap(_, _ string) []KeyValue {
	name := filepath.Join(markerDir(), fmt.Sprintf("mr-worker-jobcount-%d-%d", os.Getpid(), callSeq.Add(1)))
	_ = os.WriteFile(name, []byte("x"), 0o644)
	time.Sleep(time.Duration(200+rand.IntN(300)) * time.Millisecond)
	return []KeyValue{{Key: "a", Value: "x"}}
}

func jobcountReduce(_ string, _ []string) string {
	m, _ := filepath.Glob(filepath.Join(markerDir(), "mr-worker-jobcount-*"))
	return strconv.Itoa(len(m))
}

// earlyExitMap emits the file name; earlyExitReduce is slow for one key,
// so a worker that exits while that reduce runs is caught.
func earlyExitMap(filename, _ string) []KeyValue {
	return []KeyValue{{Key: filepath.Base(filename), Value: "1"}}
}

func earlyExitReduce(key string, values []string) string {
	if strings.HasSuffix(key, "0.txt") {
		time.Sleep(2 * time.Second)
	}
	return strconv.Itoa(len(values))
}

// maybeCrash makes the calling worker process exit (probability
// MR_CRASH_PROB, default 0.2) or stall (MR_STALL_PROB, default 0.1, for
// MR_STALL, default 12s — longer than the coordinator's task timeout).
func maybeCrash() {
	crash := envFloat("MR_CRASH_PROB", 0.2)
	stall := envFloat("MR_STALL_PROB", 0.1)
	switch r := rand.Float64(); {
	case r < crash:
		os.Exit(1)
	case r < crash+stall:
		d, err := time.ParseDuration(os.Getenv("MR_STALL"))
		if err != nil {
			d = 12 * time.Second
		}
		time.Sleep(d)
	}
}

func envFloat(name string, def float64) float64 {
	f, err := strconv.ParseFloat(os.Getenv(name), 64)
	if err != nil {
		return def
	}
	return f
}

// crashMap emits a few facts about each file (Lab 1's crash app does the
// same): few keys, so every reduce call may crash or stall without making a
// task impossible to finish.
func crashMap(document, contents string) []KeyValue {
	maybeCrash()
	return factsMap(document, contents)
}

func crashReduce(key string, values []string) string {
	maybeCrash()
	return factsReduce(key, values)
}

func factsMap(document, contents string) []KeyValue {
	base := filepath.Base(document)
	ws := words(contents)
	return []KeyValue{
		{Key: base + "-bytes", Value: strconv.Itoa(len(contents))},
		{Key: base + "-words", Value: strconv.Itoa(len(ws))},
		{Key: base + "-first", Value: strings.Join(ws[:min(5, len(ws))], " ")},
	}
}

func factsReduce(_ string, values []string) string {
	vs := append([]string(nil), values...)
	sort.Strings(vs)
	return strings.Join(vs, ",")
}
