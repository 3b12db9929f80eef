package rafttest_test

import (
	"fmt"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"dsweekends/phase3-raft/rafttest"
	"dsweekends/phase3-raft/rafttest/internal/demoraft"
)

// These tests cover what MIT-style Raft tests do from client goroutines: submit commands, read
// state and poll for commits concurrently (run them with -race), and draw replayable randomness.

func TestChecksAreSafeFromClientGoroutines(t *testing.T) {
	rafttest.Run(t, "concurrent clients", func(t *testing.T) {
		c := rafttest.NewCluster(t, 3, true, false, demoraft.Make)
		c.CheckOneLeader()
		const clients, perClient = 5, 4
		var mu sync.Mutex
		committed := map[int]string{} // index → command, as One reported it
		var wg sync.WaitGroup
		for k := range clients {
			wg.Go(func() { // wg.Go calls Done with defer, so a failing check cannot hang Wait
				for j := range perClient {
					cmd := fmt.Sprintf("client %d command %d", k, j)
					index := c.One(cmd, 3, true)
					assert.Equal(t, cmd, c.Wait(index, 3, -1), "Wait sees the command One committed")
					n, got := c.Committed(index)
					assert.Equal(t, 3, n, "all three peers applied index %d", index)
					assert.Equal(t, cmd, got)
					n, got = c.NCommitted(index)
					assert.Equal(t, 3, n)
					assert.Equal(t, cmd, got)
					for i := range c.N() {
						assert.True(t, c.IsConnected(i))
						assert.NotNil(t, c.Peer(i))
						term, _ := c.GetState(i)
						assert.Positive(t, term)
					}
					mu.Lock()
					_, dup := committed[index]
					committed[index] = cmd
					mu.Unlock()
					assert.False(t, dup, "two clients' commands cannot be committed at index %d", index)
				}
			})
		}
		wg.Wait()
		require.Len(t, committed, clients*perClient, "every client command was committed at its own index")
	})
}

func TestCommittedNeverFails(t *testing.T) {
	rafttest.Run(t, "committed", func(t *testing.T) {
		rec := &recordingTB{TB: t}
		c := rafttest.NewCluster(rec, 3, true, false, demoraft.Make)
		n, cmd := c.Committed(1)
		assert.Zero(t, n, "nothing is committed in a fresh cluster")
		assert.Nil(t, cmd)
		index := c.One("x", 3, false)
		n, cmd = c.Committed(index)
		assert.Equal(t, 3, n)
		assert.Equal(t, "x", cmd)
		assert.False(t, rec.Failed(), "Committed reports; it does not fail: %s", rec.messages())
	})
}

func TestRPCCountCountsRequestsDeliveredToAPeer(t *testing.T) {
	rafttest.Run(t, "rpc count", func(t *testing.T) {
		c := rafttest.NewCluster(t, 3, true, false, demoraft.Make)
		leader := c.CheckOneLeader()
		follower := (leader + 1) % 3
		sum := 0
		for i := range c.N() {
			sum += c.RPCCount(i)
		}
		require.Positive(t, c.RPCCount(follower), "a follower receives the leader's heartbeats")
		require.LessOrEqual(t, sum, c.RPCTotal(), "no more requests are delivered than were sent")

		c.Disconnect(follower)
		time.Sleep(rafttest.ElectionTimeout) // let calls already past the network finish
		cut := c.RPCCount(follower)
		time.Sleep(2 * rafttest.ElectionTimeout)
		require.Equal(t, cut, c.RPCCount(follower), "nothing reaches a disconnected peer")

		c.Crash1(follower)
		require.Zero(t, c.RPCCount(follower), "a crashed peer has no server")
		c.Start1(follower)
		c.Connect(follower)
		time.Sleep(rafttest.ElectionTimeout)
		require.Positive(t, c.RPCCount(follower), "the restarted peer's new server counts from zero")
	})
}

// randDraws creates a cluster with RAFT_SEED=seed and returns the first n numbers its Rand draws.
func randDraws(t *testing.T, seed int64, n int) []uint64 {
	t.Helper()
	t.Setenv(rafttest.EnvSeed, strconv.FormatInt(seed, 10))
	var draws []uint64
	t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
		rafttest.Run(t, "rand", func(t *testing.T) {
			c := rafttest.NewCluster(t, 1, true, false, fakeMake(func(_, index int) (int, any) { return index, 0 }))
			require.Equal(t, seed, c.Seed())
			for range n {
				draws = append(draws, c.Rand().Uint64())
			}
		})
	})
	return draws
}

func TestRandReplaysWithTheSeed(t *testing.T) {
	first := randDraws(t, 42, 20)
	require.Len(t, first, 20)
	assert.Equal(t, first, randDraws(t, 42, 20), "RAFT_SEED=42 must replay the test's random draws")
	assert.NotEqual(t, first, randDraws(t, 43, 20), "another seed gives other draws")
}

func TestRandIsSafeForConcurrentUse(t *testing.T) {
	// Four goroutines draw at once (run with -race). Who gets which number depends on scheduling,
	// but together they draw exactly the seed's sequence.
	want := randDraws(t, 7, 400)
	t.Setenv(rafttest.EnvSeed, "7")
	rafttest.Run(t, "concurrent rand", func(t *testing.T) {
		c := rafttest.NewCluster(t, 1, true, false, fakeMake(func(_, index int) (int, any) { return index, 0 }))
		var mu sync.Mutex
		var got []uint64
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				for range 100 {
					v := c.Rand().Uint64()
					mu.Lock()
					got = append(got, v)
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		slices.Sort(got)
		slices.Sort(want)
		require.Equal(t, want, got, "concurrent draws are the seed's numbers, each drawn once")
	})
}
