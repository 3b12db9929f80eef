package raft

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"dsweekends/phase3-raft/rafttest"
)

// maxLogSize bounds the persisted Raft state while the service snapshots every
// rafttest.SnapshotInterval commands: the log must be trimmed, not kept whole.
const maxLogSize = 2000

// snapshotRounds submits commands while one peer at a time is disconnected or crashed, so that
// it falls behind a leader that has compacted its log and must be brought back with
// InstallSnapshot. It checks that the persisted state stays small.
func snapshotRounds(t *testing.T, disconnect, reliable, crash bool) {
	const n, iters = 3, 30
	c := rafttest.NewCluster(t, n, reliable, true, makeRaft)
	rng := c.Rand()
	c.One(rng.Int(), n, true)
	leader := c.CheckOneLeader()
	for i := range iters {
		victim := (leader + 1) % n
		sender := leader
		if i%3 == 1 {
			sender, victim = (leader+1)%n, leader
		}
		if disconnect {
			c.Disconnect(victim)
			c.One(rng.Int(), n-1, true)
		}
		if crash {
			c.Crash1(victim)
			c.One(rng.Int(), n-1, true)
		}
		// Enough commands to take a snapshot on the peers that are up.
		for range rafttest.SnapshotInterval + 1 {
			c.Start(sender, rng.Int())
		}
		c.One(rng.Int(), n-1, true) // let them commit
		for i := range n {
			if c.Peer(i) == nil {
				continue
			}
			size := c.Persister(i).RaftStateSize()
			require.LessOrEqual(t, size, maxLogSize,
				"peer %d's persisted Raft state is %d bytes, over %d: after Snapshot(index), discard the log up "+
					"to index and persist the shorter log (§7)", i, size, maxLogSize)
		}
		if disconnect {
			c.Connect(victim) // it is behind the leader's snapshot: InstallSnapshot brings it up
			c.One(rng.Int(), n, true)
			leader = c.CheckOneLeader()
		}
		if crash {
			c.Start1(victim) // it restarts from its own snapshot, then catches up
			c.Connect(victim)
			c.One(rng.Int(), n, true)
			leader = c.CheckOneLeader()
		}
	}
}

// Test3DSnapshotBasic: the log stays small while the service snapshots.
func Test3DSnapshotBasic(t *testing.T) {
	rafttest.Run(t, "3D snapshots, one client", func(t *testing.T) { snapshotRounds(t, false, true, false) })
}

// Test3DInstallSnapshot: a peer cut off while the others compact their logs is brought back
// with InstallSnapshot.
func Test3DInstallSnapshot(t *testing.T) {
	rafttest.Run(t, "3D install snapshots (disconnect)", func(t *testing.T) { snapshotRounds(t, true, true, false) })
}

// Test3DInstallSnapshotUnreliable: the same on a network that loses and delays messages.
func Test3DInstallSnapshotUnreliable(t *testing.T) {
	rafttest.Run(t, "3D install snapshots (disconnect+unreliable)", func(t *testing.T) {
		snapshotRounds(t, true, false, false)
	})
}

// Test3DInstallSnapshotCrash: a crashed peer restarts from its own snapshot and catches up.
func Test3DInstallSnapshotCrash(t *testing.T) {
	rafttest.Run(t, "3D install snapshots (crash)", func(t *testing.T) { snapshotRounds(t, false, true, true) })
}

// Test3DSnapshotAllCrash: every peer restarts from its snapshot, and the log goes on from there.
func Test3DSnapshotAllCrash(t *testing.T) {
	rafttest.Run(t, "3D crash and restart all servers", func(t *testing.T) {
		const n = 3
		c := rafttest.NewCluster(t, n, false, true, makeRaft)
		rng := c.Rand()
		c.One(rng.Int(), n, true)
		for range 5 {
			for range rafttest.SnapshotInterval + 1 {
				c.One(rng.Int(), n, true)
			}
			index1 := c.One(rng.Int(), n, true)
			for i := range n {
				c.Crash1(i)
			}
			for i := range n {
				c.Start1(i)
				c.Connect(i)
			}
			index2 := c.One(rng.Int(), n, true)
			require.Greater(t, index2, index1, "after every peer restarted from its snapshot, the next command must "+
				"go after index %d, the last one committed before: the log (and the snapshot's index) survives a "+
				"restart", index1)
		}
		time.Sleep(rafttest.ElectionTimeout)
	})
}
