package rafttest_test

import (
	"testing"

	"dsweekends/phase3-raft/raft"
	"dsweekends/phase3-raft/raftapi"
	"dsweekends/phase3-raft/rafttest"
)

// TestPlayground is not a check: it is the live cluster of your Raft (phase3-raft/raft's Make)
// that go run ./scripts/cmd/study play raft opens in the browser. It skips unless RAFT_PLAY=1.
// It lives here, beside the harness, rather than in phase3-raft/raft, where every test is graded.
func TestPlayground(t *testing.T) {
	rafttest.Play(t, func(peers []raftapi.ClientEnd, me int, p raftapi.Persister, applyCh chan<- raftapi.ApplyMsg) raftapi.Peer {
		return raft.Make(peers, me, p, applyCh)
	})
}
