package kvraft

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"dsweekends/phase3-raft/kvtest"
	"dsweekends/phase3-raft/simnet"
)

// ruleOnce names the at-most-once rule, shown when a value holds an Append twice.
const ruleOnce = "Rule: each request is applied exactly once — the Clerk retries with the same " +
	"(ClientID, Seq), and the server keeps the highest Seq applied per client and skips a request " +
	"it has already applied (see server.go apply, and the duplicate table)"

// ruleLog names the rule that every operation, reads included, goes through the log.
const ruleLog = "Rule: a server answers only after the request's entry is committed in the Raft log " +
	"and applied, Get included; a leader cut off in a minority cannot commit, so it must not answer"

// ruleApplied names the rule that an operation returns only once it has been applied.
const ruleApplied = "Rule: Put and Append return only after the request is committed and applied, " +
	"and Get returns the value at its own place in the log (the Clerk keeps retrying until a " +
	"server answers OK; the server answers only once the entry is applied)"

// explain names the rule a wrong value breaks: extra text is an Append applied twice, missing
// text an operation that returned before it was applied (or was lost).
func explain(want, got string) string {
	if len(got) > len(want) {
		return ruleOnce
	}
	return ruleApplied
}

// token is the string client c appends in its j-th Append.
func token(c, j int) string { return fmt.Sprintf("x %d %d y", c, j) }

// workload runs n clients, numbered base, base+1, …, until stop is closed. Client c appends
// token(c, j) to its own key "own-c" and, when shared is set, to the key "shared" too, pausing between operations; after
// each Append to its own key it reads the key back and checks it. It returns how many Appends
// each client completed.
func workload(t *testing.T, g *kvtest.Group, base, n int, shared bool, stop <-chan struct{}) map[int]int {
	done := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		c := base + i
		cl := g.Client()
		wg.Go(func() {
			key := fmt.Sprintf("own-%d", c)
			want := ""
			for j := 0; ; j++ {
				select {
				case <-stop:
					return
				default:
				}
				cl.Append(key, token(c, j))
				want += token(c, j)
				if shared {
					cl.Append("shared", token(c, j))
				}
				done[i] = j + 1
				got := cl.Get(key)
				if !assert.Equal(t, want, got, "client %d: Get(%q) after %d Appends of its own. %s", c, key, j+1, explain(want, got)) {
					return
				}
				time.Sleep(time.Duration(50+g.IntN(100)) * time.Millisecond)
			}
		})
	}
	wg.Wait()
	counts := map[int]int{}
	for i, k := range done {
		counts[base+i] = k
	}
	return counts
}

// runFor runs the workload for d of virtual time while during (if not nil) does something to
// the group, then checks every client's key and the shared key with a fresh client.
func runFor(t *testing.T, g *kvtest.Group, n int, shared bool, d time.Duration, during func(stop <-chan struct{})) {
	stop := make(chan struct{})
	var counts map[int]int
	var wg sync.WaitGroup
	wg.Go(func() { counts = workload(t, g, 0, n, shared, stop) })
	if during != nil {
		wg.Go(func() { during(stop) })
	}
	time.Sleep(d)
	close(stop)
	wg.Wait()
	require.False(t, t.Failed(), "a client saw a wrong value (above)")
	checkAppends(t, g, counts, shared)
}

// checkAppends reads every client's key and the shared key and checks each Append is there
// exactly once, in the client's order.
func checkAppends(t *testing.T, g *kvtest.Group, counts map[int]int, shared bool) {
	ck := g.Client()
	for c, n := range counts {
		require.Positive(t, n, "client %d completed no Append at all: operations must keep completing while a majority can talk", c)
		want := ""
		for j := range n {
			want += token(c, j)
		}
		got := ck.Get(fmt.Sprintf("own-%d", c))
		require.Equal(t, want, got, "client %d's key after %d Appends. %s", c, n, explain(want, got))
	}
	if !shared {
		return
	}
	// Read without recording: porcupine would have to find the one order of every concurrent
	// Append that produced this string, a search that can take minutes; the loop below checks
	// what matters here directly.
	all := ck.GetUnrecorded("shared")
	for c, n := range counts {
		last := -1
		for j := range n {
			tok := token(c, j)
			require.Equal(t, 1, strings.Count(all, tok), "the shared key must hold client %d's Append %q exactly once. %s", c, tok, ruleOnce)
			at := strings.Index(all, tok)
			require.Greater(t, at, last, "client %d's Appends to the shared key are out of order: %q came before the one before it. %s", c, tok, ruleOnce)
			last = at
		}
	}
}

// leaderOf waits (in virtual time) for a server to say it is leader.
func leaderOf(t *testing.T, g *kvtest.Group) int {
	for range 50 {
		if l, ok := g.Leader(); ok {
			return l
		}
		time.Sleep(100 * time.Millisecond)
	}
	require.FailNow(t, "no server became leader within 5s: check the Raft underneath (go test ./phase3-raft/raft/)")
	return -1
}

// rawAppend sends one PutAppend with a fixed (clientID, seq) to the servers through ends until one
// answers OK, as a Clerk retrying the same request would.
// The caller records the Append in the history (History.Begin): once, however often it is sent.
func rawAppend(t *testing.T, ends []*simnet.End, key, value string, clientID, seq int64) {
	args := PutAppendArgs{Key: key, Value: value, Op: "Append", ClientID: clientID, Seq: seq}
	for range 200 {
		for _, e := range ends {
			var reply PutAppendReply
			if e.Call("KVServer.PutAppend", &args, &reply) && reply.Err == OK {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	require.FailNow(t, "no server answered OK to an Append within 60s of retries (every server said ErrWrongLeader or nothing). Rule: the leader commits the request and answers OK")
}
