package raft

import (
	"testing"

	"go.uber.org/goleak"

	"dsweekends/phase3-raft/persister"
	"dsweekends/phase3-raft/raftapi"
	"dsweekends/phase3-raft/rafttest"
	"dsweekends/phase3-raft/simnet"
)

// TestMain runs each graded test in a process of its own (rafttest.Isolate), so that a test
// whose clock stalls or whose goroutines outlive Kill fails alone and the others still report.
func TestMain(m *testing.M) {
	rafttest.Isolate()
	goleak.VerifyTestMain(m)
}

// makeRaft adapts Make to the harness's raftapi.MakeFunc.
func makeRaft(peers []*simnet.End, me int, p *persister.Persister, applyCh chan<- raftapi.ApplyMsg) raftapi.Peer {
	return Make(peers, me, p, applyCh)
}
