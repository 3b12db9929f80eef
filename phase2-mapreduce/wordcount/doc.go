// Package wordcount is word count, the "hello world" of MapReduce, written
// twice: first as a plain program (weekend 9: Words, Count, Top), then split
// into a Map and a Reduce function and run by a sequential driver that does
// what a MapReduce library does, in one process (weekend 10: Map, Reduce,
// Sequential). Sequential's output is the reference a distributed run must
// match, as Lab 1's mrsequential is.
package wordcount
