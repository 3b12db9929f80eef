package raft

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"dsweekends/phase3-raft/rafttest"
)

// The tests in this file script partitions so that one rule of Figure 2, if broken, is broken
// in the same way in every run, instead of by chance in a randomized test. Each one checks the
// rule at the exact step where a wrong implementation first goes astray.

// Test3BElectionRestriction: nine peers; four are cut off while the others commit an entry.
// Then one peer that holds the entry is left alone with the four stale ones. The stale peers
// may vote for each other, but they are only four of nine; the fifth vote must come from the
// up-to-date peer, which must refuse them (§5.4.1). So it must be the one that becomes leader.
// Repeated four times with different peers.
func Test3BElectionRestriction(t *testing.T) {
	rafttest.Run(t, "3B election restriction (§5.4.1)", func(t *testing.T) {
		const n = 9
		c := rafttest.NewCluster(t, n, true, false, makeRaft)
		c.One(1, n, true)
		for round := range 4 {
			leader := c.CheckOneLeader()
			// Four stale peers: the four after the leader.
			stale := []int{(leader + 1) % n, (leader + 2) % n, (leader + 3) % n, (leader + 4) % n}
			for _, i := range stale {
				c.Disconnect(i)
			}
			index := c.One(100+round, n-len(stale), true) // on the leader and the four others
			keeper := (leader + 5) % n                    // one of the peers that hold index

			for i := range n {
				if i != keeper && !contains(stale, i) {
					c.Disconnect(i)
				}
			}
			for _, i := range stale {
				c.Connect(i)
			}
			// Connected now: the four stale peers and keeper, five of nine, a majority.
			got := c.CheckOneLeader()
			require.Equal(t, keeper, got,
				"election restriction (§5.4.1): entry %d is committed, and of the connected peers only peer %d "+
					"holds it; peer %d, whose log ends before it, became leader and can overwrite it. A voter must "+
					"refuse a candidate whose log is less up-to-date than its own: compare the last entries' "+
					"terms, and if equal the last indexes (RequestVote receiver rule 2)", index, keeper, got)

			for i := range n {
				c.Connect(i)
			}
			c.One(200+round, n, true)
		}
	})
}

func contains(s []int, x int) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

// Test3BFigure8Sequence plays the paper's Figure 8 step by step with five peers:
//
//	(a) leader L (term t1) replicates x at index 2 to one follower F only;
//	(b) L and F are cut off; of the other three, L2 becomes leader (term t2 > t1) and puts y at
//	    index 2 on itself only;
//	(c) L2 is cut off; L comes back with two peers that lack index 2: only L can win (term t3),
//	    and it copies x to them, so x is on three of five peers. x must still not be committed:
//	    it is of term t1, not t3;
//	(d) L is cut off; L2 comes back with those two and wins (its last term t2 is newer than
//	    theirs, t1): it replaces x with y, and commits y with a command of its own term.
//
// A leader that counted replicas of x in (c) would have committed x, which (d) then replaces.
func Test3BFigure8Sequence(t *testing.T) {
	rafttest.Run(t, "3B Figure 8, step by step", func(t *testing.T) {
		const n = 5
		c := rafttest.NewCluster(t, n, true, false, makeRaft)
		c.One(1, n, true)

		// (a)
		lead := c.CheckOneLeader()
		f := (lead + 1) % n
		rest := []int{(lead + 2) % n, (lead + 3) % n, (lead + 4) % n}
		for _, i := range rest {
			c.Disconnect(i)
		}
		index, term1, ok := c.Start(lead, "x")
		require.True(t, ok, "peer %d was just seen as leader and nothing has told it otherwise: Start must accept", lead)
		require.Equal(t, 2, index, "one command is committed, so x goes at index 2")
		time.Sleep(rafttest.ElectionTimeout / 2)
		nd, _ := c.NCommitted(2)
		require.Zero(t, nd, "x at index 2 is stored on two peers of five, yet %d peers committed it: commit only what "+
			"a majority stores (Figure 2, Rules for Leaders)", nd)

		// (b)
		c.Disconnect(lead)
		c.Disconnect(f)
		for _, i := range rest {
			c.Connect(i)
		}
		lead2 := c.CheckOneLeader()
		var pair []int
		for _, i := range rest {
			if i != lead2 {
				pair = append(pair, i)
			}
		}
		for _, i := range pair {
			c.Disconnect(i)
		}
		index2, term2, ok := c.Start(lead2, "y")
		require.True(t, ok, "peer %d was just seen as leader: Start must accept", lead2)
		require.Equal(t, 2, index2, "peer %d's log holds only index 1, so y goes at index 2", lead2)
		require.Greater(t, term2, term1, "peer %d won an election after peer %d's term %d", lead2, lead, term1)
		time.Sleep(rafttest.ElectionTimeout / 2)

		// (c)
		c.Disconnect(lead2)
		c.Connect(lead)
		for _, i := range pair {
			c.Connect(i)
		}
		got := c.CheckOneLeader()
		require.Equal(t, lead, got,
			"election restriction (§5.4.1): peer %d's log ends with x at index 2, peers %v end at index 1, "+
				"so peer %d must refuse them and only peer %d can collect three votes; peer %d won. A voter refuses a "+
				"candidate whose log is less up-to-date than its own (RequestVote receiver rule 2)", lead, pair, lead, lead, got)
		time.Sleep(2 * rafttest.ElectionTimeout) // long enough to copy x to both and to commit it, if wrong
		nd, _ = c.NCommitted(2)
		require.Zero(t, nd,
			"Figure 8 (§5.4.2): x at index 2 is from term %d and now on three of five peers, and %d peers "+
				"committed it; but leader %d is in a later term, and peer %d holds y at index 2 from term %d and "+
				"can still win and replace x. A leader commits only an entry of its own current term by counting "+
				"replicas (Figure 2, Rules for Leaders: log[N].term == currentTerm); older entries commit "+
				"indirectly, with it", term1, nd, lead, lead2, term2)

		// (d)
		c.Disconnect(lead)
		c.Connect(lead2)
		got = c.CheckOneLeader()
		require.Equal(t, lead2, got,
			"election restriction (§5.4.1): peer %d's last entry is from term %d, newer than x (term %d) that "+
				"peers %v end with, so only peer %d can win", lead2, term2, term1, pair, lead2)
		c.One("z", 3, true)
		_, cmd := c.NCommitted(2)
		require.Equal(t, "y", cmd, "peer %d's y must replace x at index 2 once it commits an entry of its own term", lead2)

		for i := range n {
			c.Connect(i)
		}
		c.One("end", n, true)
	})
}
