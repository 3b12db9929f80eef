package raft_test

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"dsweekends/phase3-raft/rafttest"
)

// Test3CPersistRestart: peers keep their log and term across restarts of everyone, of the
// leader, and of a follower.
func Test3CPersistRestart(t *testing.T) {
	rafttest.Run(t, "3C basic persistence", func(t *testing.T) {
		const n = 3
		c := rafttest.NewCluster(t, n, true, false, makeRaft)
		c.One(11, n, true)

		for i := range n { // everyone crashes and restarts
			c.Start1(i)
		}
		for i := range n {
			c.Disconnect(i)
			c.Connect(i)
		}
		c.One(12, n, true)

		leader1 := c.CheckOneLeader()
		c.Disconnect(leader1)
		c.Start1(leader1)
		c.Connect(leader1)
		c.One(13, n, true)

		leader2 := c.CheckOneLeader()
		c.Disconnect(leader2)
		c.One(14, n-1, true)
		c.Start1(leader2)
		c.Connect(leader2)
		c.Wait(4, n, -1) // the restarted peer must catch up

		i3 := (c.CheckOneLeader() + 1) % n
		c.Disconnect(i3)
		c.One(15, n-1, true)
		c.Start1(i3)
		c.Connect(i3)
		c.One(16, n, true)
	})
}

// Test3CPersistMore: rounds of crashes of a majority and restarts, with commands in between.
func Test3CPersistMore(t *testing.T) {
	rafttest.Run(t, "3C more persistence", func(t *testing.T) {
		const n = 5
		c := rafttest.NewCluster(t, n, true, false, makeRaft)
		index := 1
		for range 5 {
			c.One(10+index, n, true)
			index++

			leader1 := c.CheckOneLeader()
			c.Disconnect((leader1 + 1) % n)
			c.Disconnect((leader1 + 2) % n)
			c.One(10+index, n-2, true)
			index++

			c.Disconnect(leader1)
			c.Disconnect((leader1 + 3) % n)
			c.Disconnect((leader1 + 4) % n)

			c.Start1((leader1 + 1) % n)
			c.Start1((leader1 + 2) % n)
			c.Connect((leader1 + 1) % n)
			c.Connect((leader1 + 2) % n)
			time.Sleep(rafttest.ElectionTimeout)

			c.Start1((leader1 + 3) % n)
			c.Connect((leader1 + 3) % n)
			c.One(10+index, n-2, true)
			index++

			c.Connect((leader1 + 4) % n)
			c.Connect(leader1)
		}
		c.One(1000, n, true)
	})
}

// Test3CPartitionedLeaderAndFollowerCrash: a leader and a follower crash in turn while the third
// peer is cut off; every committed command survives.
func Test3CPartitionedLeaderAndFollowerCrash(t *testing.T) {
	rafttest.Run(t, "3C partitioned leader and one follower crash, leader restarts", func(t *testing.T) {
		const n = 3
		c := rafttest.NewCluster(t, n, true, false, makeRaft)
		c.One(101, 3, true)

		leader := c.CheckOneLeader()
		c.Disconnect((leader + 2) % n)
		c.One(102, 2, true)

		c.Crash1(leader % n)
		c.Crash1((leader + 1) % n)
		c.Connect((leader + 2) % n)
		c.Start1(leader % n)
		c.Connect(leader % n)
		c.One(103, 2, true)

		c.Start1((leader + 1) % n)
		c.Connect((leader + 1) % n)
		c.One(104, n, true)
	})
}

// figure8 crashes and restarts leaders at random while they hold uncommitted entries of old
// terms: the situation of the paper's Figure 8. It checks that committed entries survive and
// that the cluster still agrees at the end.
func figure8(t *testing.T, c *rafttest.Cluster, rounds int, unreliable bool) {
	const n = 5
	rng := c.Rand()
	c.One(rng.Int(), 1, true)
	up := n
	for range rounds {
		if unreliable && rng.IntN(1000) < 200 {
			c.SetLongReordering(true)
		}
		leader := -1
		for i := range n {
			if _, _, ok := c.Start(i, rng.Int()); ok && (unreliable || c.IsConnected(i)) {
				leader = i
			}
		}
		switch {
		case rng.IntN(1000) < 100:
			time.Sleep(time.Duration(rng.Int64N(int64(rafttest.ElectionTimeout / 2))))
		default:
			time.Sleep(time.Duration(rng.Int64N(13)) * time.Millisecond)
		}
		if leader != -1 && (unreliable && rng.IntN(1000) < 500 || !unreliable) {
			if unreliable {
				c.Disconnect(leader)
			} else {
				c.Crash1(leader)
			}
			up--
		}
		if up < 3 {
			s := rng.IntN(n)
			if unreliable {
				if !c.IsConnected(s) {
					c.Connect(s)
					up++
				}
			} else if c.Peer(s) == nil {
				c.Start1(s)
				c.Connect(s)
				up++
			}
		}
	}
	for i := range n {
		if unreliable {
			c.Connect(i)
		} else if c.Peer(i) == nil {
			c.Start1(i)
			c.Connect(i)
		}
	}
	c.SetReliable(true)
	c.SetLongReordering(false)
	c.One(rng.Int(), n, true)
}

// Test3CFigure8: random leader crashes with uncommitted entries (Figure 8's situation).
func Test3CFigure8(t *testing.T) {
	rafttest.Run(t, "3C Figure 8", func(t *testing.T) {
		c := rafttest.NewCluster(t, 5, true, false, makeRaft)
		figure8(t, c, 1000, false)
	})
}

// Test3CUnreliableAgree: concurrent clients on a network that loses, delays and reorders
// messages all get their commands committed.
func Test3CUnreliableAgree(t *testing.T) {
	rafttest.Run(t, "3C unreliable agreement", func(t *testing.T) {
		const n = 5
		c := rafttest.NewCluster(t, n, false, false, makeRaft)
		var wg sync.WaitGroup
		for iters := 1; iters < 50; iters++ {
			for j := range 4 {
				wg.Go(func() { c.One(100*iters+j, 1, true) })
			}
			c.One(iters, 1, true)
		}
		c.SetReliable(true)
		wg.Wait()
		c.One(100, n, true)
	})
}

// Test3CFigure8Unreliable: Figure 8's situation on a network that loses messages and holds some
// replies back for a long time.
func Test3CFigure8Unreliable(t *testing.T) {
	rafttest.Run(t, "3C Figure 8 (unreliable)", func(t *testing.T) {
		c := rafttest.NewCluster(t, 5, false, false, makeRaft)
		figure8(t, c, 1000, true)
	})
}

// churn runs three clients against a cluster whose peers crash, restart and lose their
// network at random; every value a client saw committed must be in the final log.
func churn(t *testing.T, reliable bool) {
	const n = 5
	c := rafttest.NewCluster(t, n, reliable, false, makeRaft)
	var stop atomic.Bool
	var mu sync.Mutex
	var seen []int // every value a client saw committed
	var wg sync.WaitGroup
	for me := range 3 {
		wg.Go(func() {
			rng := c.Rand()
			for !stop.Load() {
				x := rng.Int()
				index := -1
				for i := range n {
					if c.Peer(i) == nil {
						continue
					}
					if i1, _, ok := c.Start(i, x); ok {
						index = i1
					}
				}
				if index < 0 {
					time.Sleep(time.Duration(79+me*17) * time.Millisecond)
					continue
				}
				for _, to := range []int{10, 20, 50, 100, 200} {
					if nd, cmd := c.Committed(index); nd > 0 {
						if v, ok := cmd.(int); ok && v == x {
							mu.Lock()
							seen = append(seen, x)
							mu.Unlock()
						}
						break
					}
					time.Sleep(time.Duration(to) * time.Millisecond)
				}
			}
		})
	}
	rng := c.Rand()
	for range 20 {
		if rng.IntN(1000) < 200 {
			c.Disconnect(rng.IntN(n))
		}
		if rng.IntN(1000) < 500 {
			i := rng.IntN(n)
			if c.Peer(i) == nil {
				c.Start1(i)
			}
			c.Connect(i)
		}
		if rng.IntN(1000) < 200 {
			i := rng.IntN(n)
			if c.Peer(i) != nil {
				c.Crash1(i)
			}
		}
		// Less than an election timeout: some peers are always in the middle of something.
		time.Sleep(time.Duration(rng.Int64N(int64(rafttest.ElectionTimeout*7/10))) * 1)
	}
	time.Sleep(rafttest.ElectionTimeout)
	c.SetReliable(true)
	for i := range n {
		if c.Peer(i) == nil {
			c.Start1(i)
		}
		c.Connect(i)
	}
	stop.Store(true)
	wg.Wait()
	time.Sleep(rafttest.ElectionTimeout)

	last := c.One(rng.Int(), n, true)
	inLog := map[int]bool{}
	for index := 1; index <= last; index++ {
		if v, ok := c.Wait(index, n, -1).(int); ok {
			inLog[v] = true
		}
	}
	for _, v := range seen {
		require.True(t, inLog[v], "a client saw %d committed, but it is not in the final log: a committed entry "+
			"was lost (check persistence before replying, the election restriction §5.4.1, and that a leader "+
			"commits only its own term's entries by counting, §5.4.2)", v)
	}
}

// Test3CReliableChurn: crashes, restarts and disconnections on a reliable network.
func Test3CReliableChurn(t *testing.T) {
	rafttest.Run(t, "3C churn", func(t *testing.T) { churn(t, true) })
}

// Test3CUnreliableChurn: crashes, restarts and disconnections on a lossy network.
func Test3CUnreliableChurn(t *testing.T) {
	rafttest.Run(t, "3C unreliable churn", func(t *testing.T) { churn(t, false) })
}
