package raft

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"dsweekends/phase3-raft/rafttest"
)

// Test3AInitialElection: three healthy peers elect one leader, and with no failure the term
// then stays put (followers that hear heartbeats never start elections).
func Test3AInitialElection(t *testing.T) {
	rafttest.Run(t, "3A initial election", func(t *testing.T) {
		c := rafttest.NewCluster(t, 3, true, false, makeRaft)
		c.CheckOneLeader()

		term1 := c.CheckTerms()
		require.GreaterOrEqual(t, term1, 1,
			"a leader was elected, so its term must be at least 1 (a candidate increments currentTerm, §5.2)")
		time.Sleep(2 * rafttest.ElectionTimeout)
		term2 := c.CheckTerms()
		require.Equal(t, term1, term2,
			"no peer failed, yet the term moved from %d to %d: a leader must send heartbeats often enough "+
				"(at least one per election timeout) and a follower must reset its election timer when it hears "+
				"from the current leader (Figure 2, Rules for Servers: Followers)", term1, term2)
		c.CheckOneLeader()
	})
}

// Test3AReElection: a new leader when the leader is cut off; the old one steps down when it
// returns; no leader without a majority; a leader again once a majority is back.
func Test3AReElection(t *testing.T) {
	rafttest.Run(t, "3A election after network failure", func(t *testing.T) {
		c := rafttest.NewCluster(t, 3, true, false, makeRaft)
		leader1 := c.CheckOneLeader()

		c.Disconnect(leader1) // the other two are a majority: they elect a new leader
		leader2 := c.CheckOneLeader()
		require.NotEqual(t, leader1, leader2, "the cut-off leader cannot lead the connected majority")

		c.Connect(leader1) // it sees the higher term and becomes a follower
		leader3 := c.CheckOneLeader()

		c.Disconnect(leader3)
		c.Disconnect((leader3 + 1) % 3)
		time.Sleep(2 * rafttest.ElectionTimeout)
		c.CheckNoLeader() // one peer of three is not a majority (§5.2)

		c.Connect((leader3 + 1) % 3) // a majority again
		c.CheckOneLeader()

		c.Connect(leader3)
		c.CheckOneLeader()
	})
}

// Test3AManyElections: seven peers, and round after round three random peers are cut off;
// the four left must always agree on one leader.
func Test3AManyElections(t *testing.T) {
	rafttest.Run(t, "3A multiple elections", func(t *testing.T) {
		const n = 7
		c := rafttest.NewCluster(t, n, true, false, makeRaft)
		c.CheckOneLeader()
		rng := c.Rand()
		for range 10 {
			cut := rng.Perm(n)[:3]
			for _, i := range cut {
				c.Disconnect(i)
			}
			c.CheckOneLeader() // four of seven are a majority
			for _, i := range cut {
				c.Connect(i)
			}
		}
		c.CheckOneLeader()
	})
}

// Test3AIdleHeartbeatRate: an idle leader of three sends at most ten heartbeat rounds a second,
// as the lab requires; more floods the network for nothing.
func Test3AIdleHeartbeatRate(t *testing.T) {
	rafttest.Run(t, "3A heartbeat rate", func(t *testing.T) {
		c := rafttest.NewCluster(t, 3, true, false, makeRaft)
		c.CheckOneLeader()
		time.Sleep(rafttest.ElectionTimeout) // let the election's RPCs settle
		before := c.RPCTotal()
		time.Sleep(time.Second)
		sent := c.RPCTotal() - before
		// Ten rounds a second to two followers is 20 RPCs; allow 30 (timing at the edges).
		require.LessOrEqual(t, sent, 30,
			"an idle 3-peer cluster sent %d RPCs in one second; the limit is 30 (at most 10 heartbeat "+
				"rounds per second, the lab's rule: send heartbeats every ~100 ms, not in a busy loop)", sent)
	})
}
