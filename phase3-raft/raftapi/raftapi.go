// Package raftapi defines the boundary between your Raft and the code that tests and uses it.
//
// The shape follows the API of the MIT 6.5840 Raft labs on purpose, so their lab handouts and the
// Raft paper's Figure 2 read directly onto this course:
//
//   - A constructor of type [MakeFunc] (your Make) builds one peer. It gets the ends for calling
//     every peer (peers[me] is its own, unused), its index me, a [persister.Persister] holding
//     what it saved before a crash, and applyCh, the channel on which it reports committed
//     commands. Make must return quickly: start long-running work (the election ticker, the
//     applier) in goroutines.
//   - The returned [Peer] is driven by the service above it: Start proposes a command,
//     GetState asks who leads, Snapshot tells Raft that a prefix of the log is no longer
//     needed, and Kill stops the peer when a test ends or crashes it.
//   - Each committed entry comes back, in log order, as an [ApplyMsg] on applyCh; so does an
//     installed snapshot.
//
// The test harness (package rafttest) receives your Make as a MakeFunc value, so it never imports
// your package, and your package never imports the harness.
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

// MakeFunc builds one Raft peer: your Make. peers are the ends for calling the other peers
// (peers[me] is this peer's own), persister holds the state it saved before it last crashed (and
// is where it saves from now on), and applyCh receives every committed entry in order. The
// harness passes a MakeFunc in, so the harness never imports a learner's package.
type MakeFunc func(peers []*simnet.End, me int, persister *persister.Persister, applyCh chan<- ApplyMsg) Peer
