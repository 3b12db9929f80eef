// Package mrapps holds the MapReduce applications, compiled in and chosen by
// name (Lab 1 loads them as Go plugins; this course does not).
//
// Provided — no need to edit.
//
// The word-count and inverted-index apps are real jobs; the others exist to
// test a MapReduce implementation, each from outside, the way Lab 1's script
// does: mtiming and rtiming report how many map or reduce calls ran at the
// same time, jobcount counts how many times map ran, earlyexit makes one
// reduce slow, and crash makes workers die or stall at random (nocrash is its
// twin without failures, for the expected output).
package mrapps

import (
	"fmt"
	"sort"
	"strings"
)

// KeyValue is one pair emitted by a Map function.
type KeyValue struct {
	Key   string
	Value string
}

// App is a MapReduce application: a Map and a Reduce function.
type App struct {
	// Name is the name the app is registered under.
	Name string
	// Map is called once per input file with its name and contents.
	Map func(filename, contents string) []KeyValue
	// Reduce is called once per distinct key with every value emitted for it.
	Reduce func(key string, values []string) string
}

var registry = map[string]App{}

func register(a App) { registry[a.Name] = a }

func init() {
	register(App{Name: "wc", Map: wcMap, Reduce: wcReduce})
	register(App{Name: "indexer", Map: indexMap, Reduce: indexReduce})
	register(App{Name: "mtiming", Map: mtimingMap, Reduce: maxReduce})
	register(App{Name: "rtiming", Map: rtimingMap, Reduce: rtimingReduce})
	register(App{Name: "jobcount", Map: jobcountMap, Reduce: jobcountReduce})
	register(App{Name: "earlyexit", Map: earlyExitMap, Reduce: earlyExitReduce})
	register(App{Name: "crash", Map: crashMap, Reduce: crashReduce})
	register(App{Name: "nocrash", Map: factsMap, Reduce: factsReduce})
}

// Lookup returns the app registered under name.
func Lookup(name string) (App, error) {
	a, ok := registry[name]
	if !ok {
		return App{}, fmt.Errorf("mrapps: unknown app %q (known: %s)", name, strings.Join(Names(), ", "))
	}
	return a, nil
}

// Names returns the names of every registered app, sorted.
func Names() []string {
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
