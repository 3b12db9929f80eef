// Package rafttest is the test harness for Raft implementations: it builds a cluster of peers on
// a simulated network (simnet), breaks the network and the peers on command, and checks what the
// peers do against the rules of the Raft paper's Figure 2.
//
// # Writing a test
//
// A test wraps its body in Run, builds a Cluster from the implementation's Make, and alternates
// between doing something to the cluster and checking the result:
//
//	func makeRaft(peers []*simnet.End, me int, p *persister.Persister, applyCh chan<- raftapi.ApplyMsg) raftapi.Peer {
//		return Make(peers, me, p, applyCh)
//	}
//
//	func TestReElection3A(t *testing.T) {
//		rafttest.Run(t, "3A election after network failure", func(t *testing.T) {
//			c := rafttest.NewCluster(t, 3, true, false, makeRaft)
//			leader1 := c.CheckOneLeader()
//
//			c.Disconnect(leader1) // the others must elect a new leader
//			c.CheckOneLeader()
//
//			c.Connect(leader1) // the old leader must step down, not disturb the new one
//			c.CheckOneLeader()
//		})
//	}
//
// Things to do to a cluster: Disconnect and Connect (a peer cut off the network keeps running),
// Crash1 and Start1 (a crashed peer loses everything but what it saved in its persister),
// SetReliable(false) (lost and delayed messages), SetLongReordering(true) (very late replies).
// Things to check: CheckOneLeader, CheckNoLeader, CheckTerms, NCommitted (how many peers applied
// an index), One (submit a command and wait until enough peers apply it) and Wait. Call the
// peers through the cluster (c.Start, c.GetState) rather than c.Peer(i), so that goroutines they
// start are attributed to them. Pauses are plain time.Sleep, often a multiple of ElectionTimeout.
//
// Every check fails the test with a message saying what was expected, what happened, and which
// rule of Figure 2 to look at. Checks must be called from the test's goroutine.
//
// In the background, one goroutine per peer reads its applyCh and checks that commands arrive in
// index order without gaps and that all peers apply the same command at each index. With
// NewCluster's snapshot argument true it also calls Snapshot every SnapshotInterval commands and
// restores its state from snapshots the peer sends on applyCh.
//
// # Virtual time
//
// Run executes the body inside a testing/synctest bubble, where time.Now, time.Sleep, timers and
// tickers use a fake clock that jumps forward whenever every goroutine of the test is blocked. A
// test that waits through ten election timeouts takes milliseconds, and a slow or busy machine
// cannot make a correct implementation miss a heartbeat. Set RAFT_REALTIME=1 to run the same tests
// on the wall clock.
//
// The fake clock has one trap. A goroutine waiting to lock a sync.Mutex is not "durably blocked",
// so if one goroutine sleeps (or calls an RPC, or sends on applyCh) while holding the mutex that
// others wait for, the clock can never move again. A watchdog outside the bubble notices that
// virtual time has stood still for RAFT_STALL_TIMEOUT of wall time (10s by default), prints which
// goroutines wait for a mutex and where the others are, and ends the test binary. A synctest test
// also cannot end while one of its goroutines lives: after the test the harness kills every peer,
// waits up to 5 virtual seconds for their goroutines, and names the ones that did not exit.
//
// # Output
//
// When a test ends, Run prints one summary line:
//
//	--- 3A election after network failure: virtual 4.6s, wall 25ms, 3 peers, 128 RPCs, 22.5 kB, 0 commits
//
// When a test fails it also prints the network seed (replay the network's random choices with
// RAFT_SEED=<seed>; goroutine scheduling still varies, so a replay often but not always fails the
// same way) and writes the test's event trace.
//
// # Event trace
//
// The harness records what it sees with virtual timestamps: peers started, crashed, connected and
// disconnected, commands submitted and applied, leaders seen, failures, and the final RPC counts.
// An implementation adds its own events (election started, vote granted, became leader, …) with
// raftdebug.Event. The trace is written as JSON Lines (see TraceEvent) to
// $TMPDIR/rafttest-traces/<test name>.jsonl when a test fails, or to RAFT_TRACE/<test name>.jsonl
// for every test when RAFT_TRACE names a directory:
//
//	{"t_ns":0,"peer":0,"kind":"start","term":0,"detail":"fresh"}
//	{"t_ns":512000000,"peer":1,"kind":"election-start","term":1,"detail":""}
//	{"t_ns":514000000,"peer":1,"kind":"became-leader","term":1,"detail":""}
//
// peer is -1 for events of the whole cluster. A timeline viewer can draw one lane per peer.
//
// # Debug printing
//
// For printing, use the raftdebug package in the implementation: RAFT_DEBUG=vote,log prints those
// topics with virtual timestamps, one column per peer.
//
// # Environment
//
//	RAFT_REALTIME=1        run on the wall clock instead of virtual time
//	RAFT_SEED=<n>          seed of the simulated network's randomness
//	RAFT_TRACE=<dir>       write every test's event trace into dir
//	RAFT_STALL_TIMEOUT=5s  wall time virtual time may stand still before the test is declared stuck
//	RAFT_DEBUG=vote,log    raftdebug topics to print (or all)
//
// Tests that use Run must not call t.Parallel.
package rafttest
