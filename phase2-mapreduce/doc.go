// Package phase2mapreduce is the root of Phase 2 (weekends 9–12): MapReduce.
// Each exercise lives in its own sub-package; see the README of each.
package phase2mapreduce
