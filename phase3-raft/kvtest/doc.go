// Package kvtest is the test harness for a key/value service built on Raft (provided — no need
// to edit). It runs a group of servers on a simulated network (simnet), each server owning its
// Raft peer, breaks the network and the servers on command, records every client operation and
// checks the whole history for linearizability with porcupine.
//
// # Writing a test
//
// A test wraps its body in Run, which runs it in virtual time (rafttest.Run: a testing/synctest
// bubble with stall detection and a goroutine-leak check) and, once the body has returned,
// checks the recorded history:
//
//	func TestBasic(t *testing.T) {
//		kvtest.Run(t, "4A basic", func(t *testing.T, h *kvtest.History) {
//			g := kvtest.NewGroup(t, h, kvtest.Config{Servers: 5, MaxRaftState: -1,
//				MakeServer: makeServer, MakeClerk: makeClerk})
//			ck := g.Client()
//			ck.Put("a", "1")
//			require.Equal(t, "1", ck.Get("a"))
//		})
//	}
//
// # Faults
//
// Partition splits the servers into groups that can only reach their own group (Heal joins them
// again); a client reaches the servers given to Client or Reach. Crash kills a whole server,
// key/value layer and Raft peer, keeping only what it saved in its persister; Restart starts it
// again from that persister, as a rebooted machine would. Config.Unreliable makes the network
// lose, delay and reorder messages.
//
// # Linearizability
//
// Every operation a Client completes is recorded with its call and return time (virtual time,
// made strictly increasing so that one operation returning before another is called is never
// mistaken for concurrency) and its input and output. When the test body returns, Run checks the
// history against a sequential key/value model (Model: Get, Put, Append) with porcupine. If no
// order of the operations explains what the clients saw, the test fails, lists the operations
// porcupine could not place, and writes porcupine's HTML visualisation of the history to a file
// whose path it prints: open it in a browser to see each client's operations on a time line and
// the longest order that does work.
//
// # Operations that never finish
//
// A Clerk retries until it gets an answer, so a server that never answers (an entry waited for
// forever, a handler that does not notice its leader lost the term) leaves the client hanging.
// The harness notices an operation in flight for more than OpTimeout of virtual time, prints
// which one, and ends the test binary: a synctest test cannot end while its clients still run.
package kvtest
