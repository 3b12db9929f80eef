// Package phase2mapreduce is the root of Phase 2 (weekends 9–12): MapReduce.
// Each exercise lives in its own sub-package; see the README of each.
//
//   - wordcount (weekends 9–10): word count, then Map, Reduce and a sequential driver.
//   - mr (weekends 11–12): the coordinator and workers of MIT 6.5840 Lab 1.
//   - corpus and mrapps (provided): generated text, and the apps chosen by name.
//   - cmd: mrsequential, mrcoordinator, mrworker, mrcorpus, wordcount.
package phase2mapreduce
