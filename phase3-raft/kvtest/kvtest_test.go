package kvtest_test

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/anishathalye/porcupine"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"dsweekends/phase3-raft/kvtest"
	"dsweekends/phase3-raft/raftapi"
	"dsweekends/phase3-raft/rafttest"
)

func op(client int, in kvtest.Input, out string, call, ret int64) porcupine.Operation {
	return porcupine.Operation{ClientId: client, Input: in, Output: out, Call: call, Return: ret}
}

func TestModelAcceptsAndRejects(t *testing.T) {
	put := kvtest.Input{Op: kvtest.OpPut, Key: "k", Value: "a"}
	app := kvtest.Input{Op: kvtest.OpAppend, Key: "k", Value: "b"}
	get := kvtest.Input{Op: kvtest.OpGet, Key: "k"}
	ok := []porcupine.Operation{op(0, put, "", 0, 10), op(1, app, "", 5, 15), op(2, get, "ab", 20, 30)}
	assert.True(t, porcupine.CheckOperations(kvtest.Model, ok), "Put a, Append b, then Get ab is linearizable")
	concurrent := []porcupine.Operation{op(0, put, "", 0, 10), op(1, app, "", 5, 15), op(2, get, "a", 6, 30)}
	assert.True(t, porcupine.CheckOperations(kvtest.Model, concurrent), "a Get concurrent with the Append may miss it")
	twice := []porcupine.Operation{op(0, put, "", 0, 10), op(1, app, "", 11, 15), op(2, get, "abb", 20, 30)}
	assert.False(t, porcupine.CheckOperations(kvtest.Model, twice), "an Append applied twice is not linearizable")
	stale := []porcupine.Operation{op(0, put, "", 0, 10), op(2, get, "", 20, 30)}
	assert.False(t, porcupine.CheckOperations(kvtest.Model, stale), "a Get after a completed Put must see it")
	other := []porcupine.Operation{op(0, put, "", 0, 10), op(2, kvtest.Input{Op: kvtest.OpGet, Key: "z"}, "", 20, 30)}
	assert.True(t, porcupine.CheckOperations(kvtest.Model, other), "keys are independent")
}

// recorder is a testing.TB that keeps the errors Check reports instead of failing the test.
type recorder struct {
	testing.TB
	mu   sync.Mutex
	errs []string
}

func (r *recorder) Error(args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprint(args...))
}

func (r *recorder) Helper() {}

// The toy service below is a single server without Raft that keeps its map in memory only: it
// is linearizable while it runs, and forgets everything when it restarts.

// KVServer is the toy server; its type name makes its RPC service "KVServer".
type KVServer struct {
	mu   sync.Mutex
	data map[string]string
}

// Args is the request of every toy RPC.
type Args struct{ Op, Key, Value string }

// Reply is the answer of every toy RPC.
type Reply struct{ Value string }

// Do applies one operation.
func (s *KVServer) Do(args *Args, reply *Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch args.Op {
	case "Put":
		s.data[args.Key] = args.Value
	case "Append":
		s.data[args.Key] += args.Value
	}
	reply.Value = s.data[args.Key]
}

// Kill does nothing: the toy server has no goroutines.
func (s *KVServer) Kill() {}

// Raft is a stand-in peer that never leads.
type Raft struct{}

func (*Raft) Start(any) (int, int, bool) { return -1, 0, false }
func (*Raft) GetState() (int, bool)      { return 0, false }
func (*Raft) Snapshot(int, []byte)       {}
func (*Raft) Kill()                      {}

type toyClerk struct{ end raftapi.ClientEnd }

func (c toyClerk) call(op, key, value string) string {
	for {
		var reply Reply
		if c.end.Call("KVServer.Do", &Args{op, key, value}, &reply) {
			return reply.Value
		}
	}
}
func (c toyClerk) Get(key string) string    { return c.call("Get", key, "") }
func (c toyClerk) Put(key, value string)    { c.call("Put", key, value) }
func (c toyClerk) Append(key, value string) { c.call("Append", key, value) }

func toyConfig() kvtest.Config {
	return kvtest.Config{Servers: 1, MaxRaftState: -1,
		MakeServer: func(_ []raftapi.ClientEnd, _ int, _ raftapi.Persister, _ int) kvtest.Replica {
			return kvtest.Replica{KV: &KVServer{data: map[string]string{}}, Raft: &Raft{}}
		},
		MakeClerk: func(ends []raftapi.ClientEnd) kvtest.Clerk { return toyClerk{ends[0]} },
	}
}

func TestHistoryOfACorrectServerIsLinearizable(t *testing.T) {
	kvtest.Run(t, "kvtest toy server", func(t *testing.T, h *kvtest.History) {
		g := kvtest.NewGroup(t, h, toyConfig())
		var wg sync.WaitGroup
		for c := range 4 {
			ck := g.Client()
			wg.Go(func() {
				for j := range 20 {
					ck.Append("k", fmt.Sprintf("%d.%d ", c, j))
					ck.Get("k")
				}
			})
		}
		wg.Wait()
		require.Equal(t, 160, h.Len(), "every completed operation is recorded")
	})
}

func TestCheckReportsALostWrite(t *testing.T) {
	h := &kvtest.History{}
	rafttest.Run(t, "kvtest forgetful server", func(t *testing.T) {
		g := kvtest.NewGroup(t, h, toyConfig())
		ck := g.Client()
		ck.Put("k", "1")
		g.Restart(0) // the toy server forgets
		require.Equal(t, "", ck.Get("k"), "the toy server keeps nothing across a restart")
	})
	rec := &recorder{TB: t}
	kvtest.Check(rec, h)
	require.Len(t, rec.errs, 1, "Check must fail a history where a completed Put is lost")
	msg := rec.errs[0]
	assert.Contains(t, msg, "not linearizable", "the message names the problem")
	assert.Contains(t, msg, `Get("k") → ""`, "the message lists the operation porcupine could not place")
	i := strings.Index(msg, "Open ")
	require.Positive(t, i, "the message points at the visualisation")
	path := strings.Fields(msg[i+len("Open "):])[0]
	b, err := os.ReadFile(path)
	require.NoError(t, err, "the visualisation file must exist")
	assert.Contains(t, string(b), "<html", "the visualisation is porcupine's HTML page")
}

func TestCheckNamesAnAppendAppliedTwice(t *testing.T) {
	h := &kvtest.History{}
	h.Begin(0, kvtest.Input{Op: kvtest.OpAppend, Key: "k", Value: "0.1 "})("")
	h.Begin(1, kvtest.Input{Op: kvtest.OpAppend, Key: "k", Value: "10.1 "})("")
	h.Begin(1, kvtest.Input{Op: kvtest.OpGet, Key: "k"})("0.1 10.1 0.1 ")
	rec := &recorder{TB: t}
	kvtest.Check(rec, h)
	require.Len(t, rec.errs, 1, "an Append seen twice is not linearizable")
	assert.Contains(t, rec.errs[0], `client 0's Append("k", "0.1 ") was made once`, "the message names the Append")
	assert.Contains(t, rec.errs[0], "holding it 2 times", "the message counts whole values only (not \"0.1 \" inside \"10.1 \")")
	assert.Contains(t, rec.errs[0], "at most once", "the message names the rule")
}
