// Package rafttest is the test harness for Raft implementations: it builds a cluster of peers on
// a simulated network (simnet), breaks the network and the peers on command, and checks what the
// peers do against the rules of the Raft paper's Figure 2.
//
// # Writing a test
//
// A test wraps its body in Run, builds a Cluster from the implementation's Make, and alternates
// between doing something to the cluster and checking the result:
//
//	func makeRaft(peers []raftapi.ClientEnd, me int, p raftapi.Persister, applyCh chan<- raftapi.ApplyMsg) raftapi.Peer {
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
// SetReliable(false) (lost and delayed messages), SetLongReordering(true) (very late replies),
// SetLongDelays(false) (calls to an unreachable peer fail within 100ms instead of up to 7s).
// Things to check: CheckOneLeader, CheckNoLeader, CheckTerms, NCommitted (how many peers applied
// an index), One (submit a command and wait until enough peers apply it) and Wait. Things to
// measure: RPCTotal (calls sent by all peers), RPCCount(i) (requests delivered to peer i) and
// BytesTotal (bytes carried both ways), for tests that bound how chatty a peer may be. Things to
// look at: Persister(i) (what a restart of peer i will see), Peer(i) (the running peer, nil while
// crashed), Committed (NCommitted without the failing) and Rand (the test's own random numbers,
// replayed by the seed). Call the peers through the cluster (c.Start, c.GetState) rather than
// c.Peer(i), so that goroutines they start are attributed to them. Pauses are plain time.Sleep,
// often a multiple of ElectionTimeout.
//
// Every check fails the test with a message saying what was expected, what happened, and which
// rule of Figure 2 to look at. A test whose body runs for more than MaxTestTime (120s) of virtual
// time fails too, when it returns; a correct Raft needs far less.
//
// In the background, one goroutine per peer reads its applyCh and checks that commands arrive in
// index order without gaps and that all peers apply the same command at each index. With
// NewCluster's snapshot argument true it also calls Snapshot every SnapshotInterval commands and
// restores its state from snapshots the peer sends on applyCh.
//
// # Client goroutines
//
// A test may call a Cluster from many goroutines at once, as tests of concurrent clients do:
// Start, GetState, Peer, IsConnected, Committed, NCommitted, One, Wait and the other checks are
// all safe for concurrent use. A check that fails on the test's own goroutine (the one that
// called NewCluster) ends the test with t.Fatal. A check that fails on any other goroutine marks
// the test failed with t.Error and ends only that goroutine, with runtime.Goexit: the goroutine's
// deferred calls run, the test's goroutine carries on, and the test is reported as failed when it
// ends. So signal that a client goroutine is done with defer (defer wg.Done(), or wg.Go, or a
// deferred send), never with a last statement a failing check would skip, and wait for every
// client goroutine before the test returns. A client loop that must not be ended by a check can
// poll Committed, which never fails.
//
// # Randomness
//
// Graded tests draw every random choice (which peer to crash, how long to pause, which command
// to send) from c.Rand(), never from math/rand's top-level functions. Rand is seeded from the
// network's seed, so RAFT_SEED replays a failed test's own choices along with the network's.
// (A Raft implementation is different: it draws its election timeouts from math/rand/v2's
// top-level functions, as the Virtual time section explains.)
//
// # Virtual time
//
// Run executes the body inside a testing/synctest bubble, where time.Now, time.Sleep, timers and
// tickers use a fake clock that jumps forward whenever every goroutine of the test is blocked. A
// test that waits through ten election timeouts takes milliseconds, and a slow or busy machine
// cannot make a correct implementation miss a heartbeat. Set RAFT_REALTIME=1 to run the same tests
// on the wall clock.
//
// The fake clock starts at the same instant, midnight UTC on 1 January 2000, in every bubble,
// and NewCluster makes all its peers at one instant of it. A peer that seeds its own generator
// from time.Now (rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), …))) therefore gets the
// same seed as every other peer, draws the same election timeouts, and its elections split the
// vote forever. Use the top-level functions of math/rand/v2 (rand.IntN, rand.N), which the
// runtime seeds randomly.
//
// The fake clock has one trap. A goroutine waiting to lock a sync.Mutex is not "durably blocked",
// so if one goroutine sleeps or calls an RPC while holding the mutex that others wait for, the
// clock can never move again. Sending on applyCh with the mutex held does the same in snapshot
// mode (NewCluster's snapshot argument true), because there the goroutine that reads applyCh
// also calls your Snapshot, which waits for that mutex while you wait for the reader: release
// the lock before sending on applyCh. (Without snapshots the reader never calls into the peer,
// so the send completes.) A watchdog outside the bubble notices that virtual time has stood still
// for RAFT_STALL_TIMEOUT of wall time (10s by default), prints which goroutines wait for a mutex
// and where the others are, and ends the test binary.
//
// A goroutine that resends one request again and again without waiting (a refused AppendEntries
// retried unchanged, for example) never blocks, so it stops the clock too. The network counts
// identical requests from one end at one instant; at simnet.LoopLimit of them it reports a retry
// loop, and the harness fails the test right there, with the looping goroutine's stack, instead
// of waiting for the watchdog. A test that builds its own simnet.Network gets the same with
// WatchLoops.
//
// A synctest test also cannot end while one of its goroutines lives. After the test the harness
// kills every peer and waits up to 5 virtual seconds for their goroutines; if any is still
// running it names each one with its peer and function, fails the test and ends the test binary,
// so the tests after it do not run. (With RAFT_REALTIME=1 only the test fails.)
//
// MaxTestTime bounds the virtual time of one test, from the start of Run's body until it
// returns: a test that took longer fails when it ends, with a message listing the usual reasons
// for a slow Raft. With RAFT_REALTIME=1 the limit is not checked.
//
// # Output
//
// When a test ends, Run prints one summary line:
//
//	--- 3A election after network failure: virtual 4.6s, wall 25ms, 3 peers, 128 RPCs, 22.5 kB, 0 commits
//
// When a test fails it also prints the network seed (replay the network's and the test's random
// choices with RAFT_SEED=<seed>; goroutine scheduling still varies, so a replay often but not
// always fails the same way) and writes the test's event trace.
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
//	RAFT_REALTIME=1        run on the wall clock instead of virtual time (MaxTestTime unchecked)
//	RAFT_SEED=<n>          seed of the network's and the test's (Cluster.Rand) randomness
//	RAFT_TRACE=<dir>       write every test's event trace into dir
//	RAFT_STALL_TIMEOUT=5s  wall time virtual time may stand still before the test is declared stuck
//	RAFT_DEBUG=vote,log    raftdebug topics to print (or all)
//
// Tests that use Run must not call t.Parallel.
package rafttest
