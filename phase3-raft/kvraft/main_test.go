package kvraft

import (
	"testing"

	"go.uber.org/goleak"

	"dsweekends/phase3-raft/kvtest"
	"dsweekends/phase3-raft/raftapi"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// makeServer adapts StartKVServer to the harness's kvtest.MakeServer.
func makeServer(ends []raftapi.ClientEnd, me int, p raftapi.Persister, maxRaftState int) kvtest.Replica {
	kv := StartKVServer(ends, me, p, maxRaftState)
	return kvtest.Replica{KV: kv, Raft: kv.Raft()}
}

// makeClerk adapts MakeClerk to the harness's kvtest.MakeClerk.
func makeClerk(ends []raftapi.ClientEnd) kvtest.Clerk { return MakeClerk(ends) }

// config returns a group configuration with this package's server and clerk.
func config(servers int, unreliable bool, maxRaftState int) kvtest.Config {
	return kvtest.Config{Servers: servers, Unreliable: unreliable, MaxRaftState: maxRaftState,
		MakeServer: makeServer, MakeClerk: makeClerk}
}
