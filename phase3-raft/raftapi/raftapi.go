// Package raftapi defines the boundary between your Raft and the code that tests and uses it.
//
// The shape follows the API of the MIT 6.5840 Raft labs on purpose, so their lab handouts and the
// Raft paper's Figure 2 read directly onto this course:
//
//   - A constructor of type [MakeFunc] (your Make) builds one peer. It gets the ends for calling
//     every peer (peers[me] is its own, unused), its index me, a [Persister] holding what it
//     saved before a crash, and applyCh, the channel on which it reports committed commands. Make must return quickly: start long-running work (the election ticker, the
//     applier) in goroutines.
//   - The returned [Peer] is driven by the service above it: Start proposes a command,
//     GetState asks who leads, Snapshot tells Raft that a prefix of the log is no longer
//     needed, and Kill stops the peer when a test ends or crashes it.
//   - Each committed entry comes back, in log order, as an [ApplyMsg] on applyCh; so does an
//     installed snapshot.
//
// The test harness (package rafttest) receives your Make as a MakeFunc value, so it never imports
// your package, and your package never imports the harness.
//
// Peers and stable storage come in through two small interfaces, [ClientEnd] and [Persister]. In
// the graded tests they are a [simnet.End] on the simulated network and an in-memory
// [persister.Persister]; when your Raft runs as a real process (cmd/kvnode) they are a TCP
// connection (package transport) and a file on disk (persister.File). Your code only calls
// their methods, so it runs unchanged in both.
package raftapi

import (
	"dsweekends/phase3-raft/persister"
	"dsweekends/phase3-raft/simnet"
)

// ApplyMsg is what a Raft peer sends on applyCh for each committed command or installed snapshot.
// Exactly one of CommandValid and SnapshotValid is true.
type ApplyMsg struct {
	// CommandValid marks a committed log entry: Command was committed at CommandIndex.
	CommandValid bool
	Command      any
	CommandIndex int
	// CommandTerm is the term of the entry. Filling it in is optional; the harness ignores 0.
	CommandTerm int

	// SnapshotValid marks a snapshot the peer installed from its leader (InstallSnapshot): the
	// service replaces its state with Snapshot, which covers the log up to SnapshotIndex.
	SnapshotValid bool
	Snapshot      []byte
	SnapshotTerm  int
	SnapshotIndex int
}

// Peer is the API a Raft peer offers to the service above it. All methods are called from
// goroutines other than the peer's own and must be safe for concurrent use.
type Peer interface {
	// Start proposes command for the replicated log and returns at once, without waiting for
	// it to commit. If this peer believes it is the leader, index and term are where the command
	// will appear if it ever commits, and isLeader is true; otherwise isLeader is false and the
	// command is ignored. Commitment is reported later on applyCh.
	Start(command any) (index int, term int, isLeader bool)

	// GetState returns the peer's current term and whether it believes it is the leader.
	GetState() (term int, isLeader bool)

	// Snapshot tells the peer that the service has saved a snapshot covering every entry up to
	// and including index, so the peer may discard that prefix of its log.
	Snapshot(index int, snapshot []byte)

	// Kill stops the peer. It must return quickly; afterwards the peer should stop its
	// goroutines, send nothing on applyCh and answer RPCs without effect.
	Kill()
}

// ClientEnd is one peer's handle for calling one other peer. [simnet.End] implements it for the
// tests, and the TCP transport of a real node implements it too.
type ClientEnd interface {
	// Call sends an RPC named "Service.Method" (for example "Raft.RequestVote") with args and
	// waits for the reply, which it writes into reply, a pointer to a fresh zero-valued reply
	// struct. It returns true if a reply arrived and false if none did (lost, peer down, timed
	// out). False does not mean the handler did not run.
	Call(method string, args any, reply any) bool
}

// Persister is a peer's stable storage: the Raft state and the latest snapshot, saved together in
// one atomic step. [persister.Persister] keeps them in memory for the tests; persister.File
// keeps them in a file, so they survive a kill -9. Implementations are safe for concurrent use.
type Persister interface {
	// Save replaces the Raft state and the snapshot in one atomic step. It keeps copies.
	Save(raftState, snapshot []byte)
	// ReadRaftState returns a copy of the saved Raft state; empty if nothing was saved.
	ReadRaftState() []byte
	// ReadSnapshot returns a copy of the saved snapshot; empty if there is none.
	ReadSnapshot() []byte
	// RaftStateSize returns the size in bytes of the saved Raft state.
	RaftStateSize() int
	// SnapshotSize returns the size in bytes of the saved snapshot.
	SnapshotSize() int
}

// The simulated network and the in-memory persister are what the graded tests pass in.
var (
	_ ClientEnd = (*simnet.End)(nil)
	_ Persister = (*persister.Persister)(nil)
)

// MakeFunc builds one Raft peer: your Make. peers are the ends for calling the other peers
// (peers[me] is this peer's own), persister holds the state it saved before it last crashed (and
// is where it saves from now on), and applyCh receives every committed entry in order. The
// harness passes a MakeFunc in, so the harness never imports a learner's package.
type MakeFunc func(peers []ClientEnd, me int, persister Persister, applyCh chan<- ApplyMsg) Peer
