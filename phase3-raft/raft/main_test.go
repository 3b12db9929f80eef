package raft

import (
	"testing"

	"go.uber.org/goleak"

	"dsweekends/phase3-raft/raftapi"
	"dsweekends/phase3-raft/rafttest"
)

// TestMain runs each graded test in a process of its own (rafttest.Isolate), so that a test
// whose clock stalls or whose goroutines outlive Kill fails alone and the others still report.
func TestMain(m *testing.M) {
	rafttest.Isolate()
	goleak.VerifyTestMain(m)
}

// makeRaft adapts Make to the harness's raftapi.MakeFunc.
func makeRaft(peers []raftapi.ClientEnd, me int, p raftapi.Persister, applyCh chan<- raftapi.ApplyMsg) raftapi.Peer {
	return Make(peers, me, p, applyCh)
}
