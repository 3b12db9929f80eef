// Package races holds three classic race conditions — a shared counter, a
// check-then-act cache and a bank transfer between accounts — for the learner
// to see under the race detector and then fix.
//
// Provided — no need to edit: this file and racy.go (the broken versions that
// phase1-network/cmd/racedemo runs under -race). The learner edits counter.go,
// cache.go and bank.go, and for the stretch exercise counters.go.
package races
