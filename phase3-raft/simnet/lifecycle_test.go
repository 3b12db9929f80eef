package simnet_test

import (
	"bytes"
	"encoding/gob"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"dsweekends/phase3-raft/simnet"
)

// gobSize is the size of args as the network encodes it.
func gobSize(t *testing.T, args any) int64 {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, gob.NewEncoder(&buf).Encode(args))
	return int64(buf.Len())
}

func TestCountsAreExact(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		net, _ := newNetwork(t, 1)
		addVoter(t, net, "s1")
		addVoter(t, net, "s2")
		e1 := connectedEnd(net, "e1", "s1")
		e2 := connectedEnd(net, "e2", "s2")
		cut := net.NewEnd("cut") // connected to s1 but disabled
		net.Connect("cut", "s1")

		var wantBytes int64
		call := func(end *simnet.End, method string, args VoteArgs) {
			var reply VoteReply
			if end.Call(method, &args, &reply) {
				wantBytes += gobSize(t, &reply) // a reply that got back travelled too
			}
			wantBytes += gobSize(t, &args)
		}
		call(e1, "Voter.Vote", VoteArgs{Term: 1})
		call(e1, "Voter.Vote", VoteArgs{Term: 200, Log: []int{1, 2, 3}})
		call(e1, "Voter.Vote", VoteArgs{Term: 3})
		call(e1, "Voter.Nope", VoteArgs{Term: 4}) // delivered, then rejected by the server
		call(e2, "Voter.Vote", VoteArgs{Term: 5})
		call(e2, "Voter.Vote", VoteArgs{Term: 6, CandidateID: 9})
		call(cut, "Voter.Vote", VoteArgs{Term: 7}) // sent, never delivered
		e1.Call("Voter.Vote", &VoteArgs{}, nil)    // rejected before sending: not counted

		assert.Equal(t, 7, net.TotalRPCs(), "TotalRPCs counts every call that entered the network")
		assert.Equal(t, 4, net.RPCCount("s1"), "RPCCount counts requests delivered to s1, unknown method included")
		assert.Equal(t, 2, net.RPCCount("s2"))
		assert.Equal(t, 0, net.RPCCount("nobody"), "a name without a server counts 0")
		assert.Equal(t, wantBytes, net.TotalBytes(),
			"TotalBytes is the sum of the gob-encoded sizes of all args sent and all replies that got back")
	})
}

func TestConcurrentCalls(t *testing.T) {
	// Many goroutines share ends and servers on an unreliable network; run with -race. Each call
	// has its own term, so a reply that reached the wrong caller would show up.
	synctest.Test(t, func(t *testing.T) {
		net, _ := newNetwork(t, 9)
		voter := addVoter(t, net, "server")
		ends := []*simnet.End{connectedEnd(net, "a", "server"), connectedEnd(net, "b", "server")}
		net.SetReliable(false)
		net.SetLongReordering(true)

		const goroutines, perGoroutine = 8, 50
		var wg sync.WaitGroup
		var mu sync.Mutex
		succeeded := 0
		for g := range goroutines {
			wg.Go(func() {
				for i := range perGoroutine {
					term := g*1000 + i
					var reply VoteReply
					if ends[g%2].Call("Voter.Vote", &VoteArgs{Term: term}, &reply) {
						assert.Equal(t, term+1, reply.Term, "each caller gets the reply to its own request")
						mu.Lock()
						succeeded++
						mu.Unlock()
					}
				}
			})
		}
		wg.Wait()
		assert.Equal(t, goroutines*perGoroutine, net.TotalRPCs())
		assert.Equal(t, voter.Calls(), net.RPCCount("server"))
		assert.LessOrEqual(t, succeeded, net.RPCCount("server"), "no reply without a delivered request")
		assert.Positive(t, succeeded)
	})
}

func TestCleanupLeavesNoGoroutines(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		net := simnet.NewNetwork(1)
		net.SetLongDelays(true)
		voter := addVoter(t, net, "server")
		voter.entered = make(chan struct{}, 1)
		voter.release = make(chan struct{})
		busy := connectedEnd(net, "busy", "server")
		cut := net.NewEnd("cut") // disabled: its call waits up to 7s for nothing

		results := make(chan bool, 2)
		go func() { results <- busy.Call("Voter.Vote", &VoteArgs{}, &VoteReply{}) }()
		go func() { results <- cut.Call("Voter.Vote", &VoteArgs{}, &VoteReply{}) }()
		<-voter.entered
		synctest.Wait() // both calls are now waiting inside the network

		cleaned := make(chan struct{})
		go func() {
			net.Cleanup()
			close(cleaned)
		}()
		assert.False(t, <-results, "Cleanup makes waiting calls return false")
		assert.False(t, <-results, "Cleanup makes waiting calls return false")
		synctest.Wait()
		select {
		case <-cleaned:
			t.Fatal("Cleanup returned while a handler was still running; it must wait for it")
		default:
		}
		close(voter.release) // the handler returns: now Cleanup can finish
		<-cleaned

		assert.False(t, busy.Call("Voter.Vote", &VoteArgs{}, &VoteReply{}), "calls after Cleanup fail at once")
		net.Cleanup() // a second Cleanup is harmless
		verifyNoLeakInBubble(t)
	})
	goleak.VerifyNone(t)
}

func TestRealtimeCalls(t *testing.T) {
	// The same network on the wall clock, outside any bubble.
	net, _ := newNetwork(t, 1)
	addVoter(t, net, "server")
	ends := []*simnet.End{connectedEnd(net, "a", "server"), connectedEnd(net, "b", "server")}

	var wg sync.WaitGroup
	for i, end := range ends {
		wg.Go(func() {
			for j := range 20 {
				var reply VoteReply
				if assert.True(t, end.Call("Voter.Vote", &VoteArgs{Term: i*100 + j}, &reply)) {
					assert.Equal(t, i*100+j+1, reply.Term)
				}
			}
		})
	}
	wg.Wait()

	net.SetReliable(false)
	for range 10 {
		var reply VoteReply
		ends[0].Call("Voter.Vote", &VoteArgs{}, &reply) // short real delays; may fail
	}
	start := time.Now()
	net.Enable("a", false)
	assert.False(t, ends[0].Call("Voter.Vote", &VoteArgs{}, &VoteReply{}), "a disabled end fails on the wall clock too")
	t.Logf("disabled call returned after %v", time.Since(start))
	assert.Equal(t, 51, net.TotalRPCs())
}

func TestNilWarningWriterDiscards(t *testing.T) {
	net := simnet.NewNetwork(1)
	defer net.Cleanup()
	net.SetWarningWriter(nil)
	end := net.NewEnd("client")
	assert.False(t, end.Call("bad", &VoteArgs{}, &VoteReply{}), "warnings go nowhere, the call still fails")
	net.Enable("nobody", true) // warns about the unknown end, into the void
}

func TestWiringMistakesAreReported(t *testing.T) {
	net, warnings := newNetwork(t, 1)
	net.NewEnd("client")

	net.Connect("cliet", "server")
	net.Enable("cliet", true)
	assert.Contains(t, warnings.String(), `Connect("cliet", "server"): there is no end named "cliet"`)
	assert.Contains(t, warnings.String(), `Enable("cliet", true): there is no end named "cliet"`)
	assert.PanicsWithValue(t, `simnet: NewEnd("client"): an end with this name already exists`,
		func() { net.NewEnd("client") }, "end names must be unique")
}
