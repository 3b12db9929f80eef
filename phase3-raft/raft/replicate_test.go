package raft

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"dsweekends/phase3-raft/rafttest"
)

// Test3BBasicAgree: on a healthy cluster each command is committed by every peer, at the next
// index.
func Test3BBasicAgree(t *testing.T) {
	rafttest.Run(t, "3B basic agreement", func(t *testing.T) {
		c := rafttest.NewCluster(t, 3, true, false, makeRaft)
		for index := 1; index <= 3; index++ {
			nd, _ := c.NCommitted(index)
			require.Zero(t, nd, "no command was submitted for index %d, yet %d peers applied one there", index, nd)
			got := c.One(index*100, 3, false)
			require.Equal(t, index, got,
				"the %d-th command of a fresh cluster must land at index %d (the log starts at index 1), got %d",
				index, index, got)
		}
	})
}

// Test3BBytesBound: each command crosses the network about once per follower: a leader must not
// resend entries a follower already has.
func Test3BBytesBound(t *testing.T) {
	rafttest.Run(t, "3B RPC byte count", func(t *testing.T) {
		c := rafttest.NewCluster(t, 3, true, false, makeRaft)
		c.One(99, 3, false)
		before := c.BytesTotal()
		const iters, size = 10, 5000
		sent := int64(0)
		for i := range iters {
			cmd := strings.Repeat(fmt.Sprint(i%10), size)
			c.One(cmd, 3, false)
			sent += size
		}
		got := c.BytesTotal() - before
		limit := 2*sent + 50000 // two followers each get each command once, plus headers
		require.LessOrEqual(t, got, limit,
			"%d commands of %d bytes took %d bytes on the network; the limit is %d (each entry should "+
				"cross to each follower about once: send entries from nextIndex[i] on, and advance nextIndex "+
				"after a success, Figure 2 Rules for Leaders)", iters, size, got, limit)
	})
}

// Test3BFollowerFailure: the leader and one follower still commit when the other follower
// fails; with both followers gone nothing commits.
func Test3BFollowerFailure(t *testing.T) {
	rafttest.Run(t, "3B progressive failure of followers", func(t *testing.T) {
		c := rafttest.NewCluster(t, 3, true, false, makeRaft)
		c.One(101, 3, false)

		leader1 := c.CheckOneLeader()
		c.Disconnect((leader1 + 1) % 3)
		c.One(102, 2, false) // leader and one follower are a majority
		time.Sleep(rafttest.ElectionTimeout)
		c.One(103, 2, false)

		leader2 := c.CheckOneLeader()
		c.Disconnect((leader2 + 1) % 3)
		c.Disconnect((leader2 + 2) % 3)
		index, _, ok := c.Start(leader2, 104)
		require.True(t, ok, "peer %d was leader a moment ago and nothing told it otherwise: Start must accept", leader2)
		require.Equal(t, 4, index, "three commands were committed, so the next goes at index 4")
		time.Sleep(2 * rafttest.ElectionTimeout)
		nd, _ := c.NCommitted(index)
		require.Zero(t, nd, "index %d was committed by %d peers although the leader was alone: commit only "+
			"what a majority stores (Figure 2, Rules for Leaders: N such that a majority of matchIndex[i] ≥ N)", index, nd)
	})
}

// Test3BLeaderFailure: commands commit under a new leader after the leader fails; with both
// leaders gone nothing commits.
func Test3BLeaderFailure(t *testing.T) {
	rafttest.Run(t, "3B failure of leaders", func(t *testing.T) {
		c := rafttest.NewCluster(t, 3, true, false, makeRaft)
		c.One(101, 3, false)

		leader1 := c.CheckOneLeader()
		c.Disconnect(leader1)
		c.One(102, 2, false)
		time.Sleep(rafttest.ElectionTimeout)
		c.One(103, 2, false)

		leader2 := c.CheckOneLeader()
		c.Disconnect(leader2)
		for i := range 3 {
			c.Start(i, 104) // one peer is left connected; whatever it accepts cannot commit
		}
		time.Sleep(2 * rafttest.ElectionTimeout)
		nd, _ := c.NCommitted(4)
		require.Zero(t, nd, "index 4 was committed by %d peers with two of three peers cut off: commit only "+
			"what a majority stores (Figure 2, Rules for Leaders)", nd)
	})
}

// Test3BRejoinAgree: a follower cut off for a while catches up when it comes back.
func Test3BRejoinAgree(t *testing.T) {
	rafttest.Run(t, "3B agreement after follower reconnects", func(t *testing.T) {
		c := rafttest.NewCluster(t, 3, true, false, makeRaft)
		c.One(101, 3, false)

		leader := c.CheckOneLeader()
		c.Disconnect((leader + 1) % 3)
		c.One(102, 2, false)
		c.One(103, 2, false)
		time.Sleep(rafttest.ElectionTimeout)
		c.One(104, 2, false)
		c.One(105, 2, false)

		c.Connect((leader + 1) % 3)
		// retry: the returning follower's higher term may force an election
		c.One(106, 3, true)
		time.Sleep(rafttest.ElectionTimeout)
		c.One(107, 3, true)
	})
}

// Test3BNoAgreeWithoutMajority: with three of five followers cut off nothing commits; when they
// return, the uncommitted entry may be replaced, and agreement resumes.
func Test3BNoAgreeWithoutMajority(t *testing.T) {
	rafttest.Run(t, "3B no agreement if too many followers disconnect", func(t *testing.T) {
		c := rafttest.NewCluster(t, 5, true, false, makeRaft)
		c.One(10, 5, false)

		leader := c.CheckOneLeader()
		for k := 1; k <= 3; k++ {
			c.Disconnect((leader + k) % 5)
		}
		index, _, ok := c.Start(leader, 20)
		require.True(t, ok, "peer %d is still leader as far as it knows: Start must accept", leader)
		require.Equal(t, 2, index, "one command was committed, so the next goes at index 2")
		time.Sleep(2 * rafttest.ElectionTimeout)
		nd, _ := c.NCommitted(index)
		require.Zero(t, nd, "%d peers committed index %d with only two of five connected: commit only what a "+
			"majority stores", nd, index)

		for k := 1; k <= 3; k++ {
			c.Connect((leader + k) % 5)
		}
		// The returning majority may elect one of its own, which replaces the uncommitted entry.
		leader2 := c.CheckOneLeader()
		index2, _, ok := c.Start(leader2, 30)
		require.True(t, ok, "CheckOneLeader just chose peer %d: Start must accept", leader2)
		require.True(t, index2 == 2 || index2 == 3,
			"the new command must land at index 2 (the uncommitted 20 was replaced) or 3 (it was kept); got %d", index2)
		c.One(1000, 5, true)
	})
}

// Test3BConcurrentStarts: five commands started at once on the leader all commit, at distinct
// indexes.
func Test3BConcurrentStarts(t *testing.T) {
	rafttest.Run(t, "3B concurrent Start()s", func(t *testing.T) {
		c := rafttest.NewCluster(t, 3, true, false, makeRaft)
		for try := 0; ; try++ {
			require.Less(t, try, 5, "the terms kept changing for five tries: with a reliable network a leader "+
				"should keep its term (followers must not time out while heartbeats arrive)")
			if try > 0 {
				time.Sleep(3 * time.Second) // let the cluster settle
			}
			leader := c.CheckOneLeader()
			_, term, ok := c.Start(leader, 1)
			if !ok {
				continue // lost leadership already
			}
			var mu sync.Mutex
			indexes := map[int]int{} // index → command
			var wg sync.WaitGroup
			for k := range 5 {
				wg.Go(func() {
					i, t1, ok := c.Start(leader, 100+k)
					if ok && t1 == term {
						mu.Lock()
						indexes[i] = 100 + k
						mu.Unlock()
					}
				})
			}
			wg.Wait()
			if len(indexes) != 5 || c.CheckTerms() != term {
				continue // leadership moved: start over
			}
			for i, want := range indexes {
				got := c.Wait(i, 3, term)
				if got == -1 {
					break
				}
				require.Equal(t, want, got, "Start returned index %d for command %d, but %v was committed there", i, want, got)
			}
			return
		}
	})
}

// Test3BPartitionedLeaderRejoins: a leader cut off with uncommitted entries rejoins; its stale
// entries are replaced by the new leader's.
func Test3BPartitionedLeaderRejoins(t *testing.T) {
	rafttest.Run(t, "3B rejoin of partitioned leader", func(t *testing.T) {
		c := rafttest.NewCluster(t, 3, true, false, makeRaft)
		c.One(101, 3, true)

		leader1 := c.CheckOneLeader()
		c.Disconnect(leader1)
		c.Start(leader1, 102) // never committed: the leader is alone
		c.Start(leader1, 103)
		c.Start(leader1, 104)

		c.One(103, 2, true) // the other two elect a leader and commit at index 2

		leader2 := c.CheckOneLeader()
		c.Disconnect(leader2)
		c.Connect(leader1) // the old leader with its stale entries, and one follower
		c.One(104, 2, true)

		c.Connect(leader2)
		c.One(105, 3, true)
	})
}

// Test3BFastBackup: a leader brings back followers whose logs diverge by many entries over a
// few terms, quickly: with the conflict hint it skips a term per round trip, not an entry.
func Test3BFastBackup(t *testing.T) {
	rafttest.Run(t, "3B leader backs up quickly over incorrect follower logs", func(t *testing.T) {
		const n = 5
		c := rafttest.NewCluster(t, n, true, false, makeRaft)
		rng := c.Rand()
		c.One(rng.Int(), n, true)

		// Put the leader and one follower in a minority; they pile up 50 uncommitted entries.
		leader1 := c.CheckOneLeader()
		for k := 2; k <= 4; k++ {
			c.Disconnect((leader1 + k) % n)
		}
		for range 50 {
			c.Start(leader1, rng.Int())
		}
		time.Sleep(rafttest.ElectionTimeout / 2)
		c.Disconnect(leader1)
		c.Disconnect((leader1 + 1) % n)

		// The other three form a majority and commit 50 entries of their own.
		for k := 2; k <= 4; k++ {
			c.Connect((leader1 + k) % n)
		}
		for range 50 {
			c.One(rng.Int(), 3, true)
		}

		// Cut that majority's leader and one follower; two are left with a new term's log.
		leader2 := c.CheckOneLeader()
		other := (leader1 + 2) % n
		if leader2 == other {
			other = (leader2 + 1) % n
		}
		c.Disconnect(other)
		for range 50 {
			c.Start(leader2, rng.Int()) // uncommitted: leader2 has only one follower
		}
		time.Sleep(rafttest.ElectionTimeout / 2)

		// Bring back the first minority and the cut-off follower: they must catch up on 50.
		for i := range n {
			c.Disconnect(i)
		}
		c.Connect(leader1)
		c.Connect((leader1 + 1) % n)
		c.Connect(other)
		for range 50 {
			c.One(rng.Int(), 3, true)
		}

		for i := range n {
			c.Connect(i)
		}
		c.One(rng.Int(), n, true)
	})
}

// Test3BRPCCounts: an election, ten agreements and an idle second each take few RPCs.
func Test3BRPCCounts(t *testing.T) {
	rafttest.Run(t, "3B RPC counts aren't too high", func(t *testing.T) {
		const n = 3
		c := rafttest.NewCluster(t, n, true, false, makeRaft)
		leader := c.CheckOneLeader()

		total1 := 0
		for i := range n {
			total1 += c.RPCCount(i)
		}
		require.LessOrEqual(t, total1, 30,
			"electing the first leader took %d RPCs; the limit is 30 (one RequestVote per peer per election, "+
				"and few elections: randomize the election timeout, §5.2)", total1)

		for try := 0; ; try++ {
			require.Less(t, try, 5, "the terms kept changing for five tries on a reliable network")
			if try > 0 {
				time.Sleep(3 * time.Second)
			}
			leader = c.CheckOneLeader()
			before := 0
			for i := range n {
				before += c.RPCCount(i)
			}
			const iters = 10
			_, term, ok := c.Start(leader, 1)
			if !ok {
				continue
			}
			cmds := []int{}
			changed := false
			for k := 1; k < iters+2; k++ {
				cmd := c.Rand().Int()
				cmds = append(cmds, cmd)
				index, term1, ok := c.Start(leader, cmd)
				if !ok || term1 != term {
					changed = true
					break
				}
				require.Equal(t, k+1, index, "Start(%d) on the leader must return the next index", cmd)
			}
			for k := 1; k < iters+1 && !changed; k++ {
				if got := c.Wait(k+1, n, term); got == -1 {
					changed = true
				} else {
					require.Equal(t, cmds[k-1], got, "the command committed at index %d is not the one started there", k+1)
				}
			}
			if changed || c.CheckTerms() != term {
				continue
			}
			after := 0
			for i := range n {
				after += c.RPCCount(i)
			}
			limit := (iters + 1 + 3) * 3
			require.LessOrEqual(t, after-before, limit,
				"%d agreements took %d RPCs; the limit is %d (about one AppendEntries per follower per command; "+
					"batch entries started together, and do not resend what a follower has)", iters, after-before, limit)
			break
		}

		time.Sleep(rafttest.ElectionTimeout)
		idle0 := 0
		for i := range n {
			idle0 += c.RPCCount(i)
		}
		time.Sleep(time.Second)
		idle1 := 0
		for i := range n {
			idle1 += c.RPCCount(i)
		}
		require.LessOrEqual(t, idle1-idle0, 3*20,
			"an idle second took %d RPCs; the limit is 60 (at most 10 heartbeat rounds per second)", idle1-idle0)
	})
}
