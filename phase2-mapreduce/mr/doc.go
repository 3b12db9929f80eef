// Package mr is a MapReduce library in the shape of MIT 6.5840 Lab 1: one
// coordinator hands out tasks over net/rpc, and workers run them.
//
// A job has one map task per input file and Config.NReduce reduce tasks.
// Map task X reads its file, calls the app's Map, and writes the pairs to
// nReduce intermediate files IntermediateName(X, Y), the pair's Y chosen by
// Partition. Once every map task is done, reduce task Y reads
// IntermediateName(X, Y) for every X, sorts the pairs by key, calls the app's
// Reduce once per key, and writes "key value" lines to OutputName(Y) — the
// paper's §3.1 "Execution overview", steps 1 to 6.
//
// Failures (the paper's §3.3): a task given to a worker that stays silent for
// Config.TaskTimeout is given to another worker, and every file appears under
// its final name only when complete (a temporary file and an atomic rename),
// so a crashed or slow worker never leaves half a file behind.
//
// The learner writes rpc.go, coordinator.go and worker.go (weekend 11) and
// faults.go (weekend 12); files.go is provided.
package mr
