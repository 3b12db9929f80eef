package rafttest_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"dsweekends/phase3-raft/rafttest"
	"dsweekends/phase3-raft/rafttest/internal/demoraft"
)

// These tests drive the demonstration Raft through the harness, so that every check, network
// control and the crash/restart and snapshot machinery run end to end.

func TestOneLeaderIsElectedAndTermStaysStable(t *testing.T) {
	rafttest.Run(t, "initial election", func(t *testing.T) {
		c := rafttest.NewCluster(t, 3, true, false, demoraft.Make)
		c.CheckOneLeader()
		term1 := c.CheckTerms()
		require.GreaterOrEqual(t, term1, 1, "a leader was elected, so the term must have advanced past 0")
		time.Sleep(2 * rafttest.ElectionTimeout)
		require.Equal(t, term1, c.CheckTerms(), "no failure happened, so the term must not change")
		c.CheckOneLeader()
	})
}

func TestNewLeaderAfterLeaderDisconnects(t *testing.T) {
	rafttest.Run(t, "re-election", func(t *testing.T) {
		c := rafttest.NewCluster(t, 3, true, false, demoraft.Make)
		leader1 := c.CheckOneLeader()

		c.Disconnect(leader1)
		leader2 := c.CheckOneLeader()
		require.NotEqual(t, leader1, leader2, "the disconnected peer cannot be the new leader of the rest")

		c.Connect(leader1)
		leader3 := c.CheckOneLeader()

		c.Disconnect(leader3)
		c.Disconnect((leader3 + 1) % 3)
		time.Sleep(2 * rafttest.ElectionTimeout)
		c.CheckNoLeader()

		c.Connect((leader3 + 1) % 3)
		c.CheckOneLeader()
		c.Connect(leader3)
		c.CheckOneLeader()
	})
}

func TestElectionsWithFivePeersUnderRepeatedPartitions(t *testing.T) {
	rafttest.Run(t, "many elections", func(t *testing.T) {
		c := rafttest.NewCluster(t, 5, true, false, demoraft.Make)
		c.CheckOneLeader()
		for round := range 5 {
			a, b := round%5, (round+2)%5
			c.Disconnect(a)
			c.Disconnect(b)
			c.CheckOneLeader() // three of five remain: a majority
			c.Connect(a)
			c.Connect(b)
		}
		c.CheckOneLeader()
	})
}

func TestAgreementOnCommands(t *testing.T) {
	rafttest.Run(t, "basic agreement", func(t *testing.T) {
		c := rafttest.NewCluster(t, 5, true, false, demoraft.Make)
		for index := 1; index <= 3; index++ {
			nd, _ := c.NCommitted(index)
			require.Zero(t, nd, "nothing was submitted for index %d yet", index)
			got := c.One(index*100, 5, false)
			require.Equal(t, index, got, "the i-th command of a fresh cluster lands at index i")
		}
	})
}

func TestAgreementWithoutAndWithMajority(t *testing.T) {
	rafttest.Run(t, "no agreement without majority", func(t *testing.T) {
		c := rafttest.NewCluster(t, 5, true, false, demoraft.Make)
		c.One(10, 5, false)
		leader := c.CheckOneLeader()
		for k := 1; k <= 3; k++ {
			c.Disconnect((leader + k) % 5)
		}
		index, _, ok := c.Start(leader, 20)
		require.True(t, ok, "the leader still believes it leads")
		require.Equal(t, 2, index)
		time.Sleep(2 * rafttest.ElectionTimeout)
		nd, _ := c.NCommitted(index)
		require.Zero(t, nd, "two peers of five are a minority and must not commit")
		for k := 1; k <= 3; k++ {
			c.Connect((leader + k) % 5)
		}
		c.One(30, 5, true)
	})
}

func TestCrashedPeersRestartFromPersistedState(t *testing.T) {
	rafttest.Run(t, "persistence", func(t *testing.T) {
		c := rafttest.NewCluster(t, 3, true, false, demoraft.Make)
		c.One(11, 3, true)
		for i := range 3 {
			c.Crash1(i)
		}
		for i := range 3 {
			c.Start1(i)
			c.Connect(i)
		}
		c.One(12, 3, true)

		leader := c.CheckOneLeader()
		c.Crash1(leader)
		c.One(13, 2, true)
		c.Start1(leader)
		c.Connect(leader)
		c.One(14, 3, true)
		nd, cmd := c.NCommitted(1)
		require.Equal(t, 3, nd, "every peer, restarted or not, applies index 1 again")
		require.Equal(t, 11, cmd)
	})
}

func TestAgreementOnUnreliableNetwork(t *testing.T) {
	rafttest.Run(t, "unreliable agreement", func(t *testing.T) {
		c := rafttest.NewCluster(t, 5, false, false, demoraft.Make)
		for k := range 20 {
			c.One(fmt.Sprintf("cmd-%d", k), 1, true)
		}
		c.SetReliable(true)
		c.SetLongReordering(true)
		for k := range 5 {
			c.One(k, 5, true)
		}
		c.SetLongReordering(false)
	})
}

func TestWaitReturnsCommandOrGivesUpOnNewTerm(t *testing.T) {
	rafttest.Run(t, "wait", func(t *testing.T) {
		c := rafttest.NewCluster(t, 3, true, false, demoraft.Make)
		leader := c.CheckOneLeader()
		index, term, ok := c.Start(leader, "w")
		require.True(t, ok)
		require.Equal(t, "w", c.Wait(index, 3, term), "Wait returns the command applied at index")
		require.Equal(t, -1, c.Wait(index+1, 3, term-1), "a term past startTerm makes Wait return -1")
	})
}

func TestSnapshotsAreTakenAndInstalled(t *testing.T) {
	rafttest.Run(t, "snapshots", func(t *testing.T) {
		c := rafttest.NewCluster(t, 3, true, true, demoraft.Make)
		c.One(0, 3, true)
		leader := c.CheckOneLeader()
		follower := (leader + 1) % 3
		c.Disconnect(follower)
		for k := 1; k <= 3*rafttest.SnapshotInterval; k++ {
			c.One(k, 2, true)
		}
		// The follower missed entries the others compacted: it needs InstallSnapshot.
		c.Connect(follower)
		index := c.One("after", 3, true)
		nd, _ := c.NCommitted(index)
		require.Equal(t, 3, nd)
		require.Positive(t, c.Persister(leader).SnapshotSize(), "the harness's applier called Snapshot")

		// A restart restores the harness's state from the persisted snapshot.
		c.Crash1(follower)
		c.Start1(follower)
		c.Connect(follower)
		c.One("after restart", 3, true)
	})
}
