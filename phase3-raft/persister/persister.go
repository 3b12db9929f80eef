// Package persister is the stable storage of a simulated Raft peer: the place a peer writes the
// state that must survive a crash, and reads it back when it restarts.
//
// A real peer would write to disk and call fsync. Here the test harness owns one Persister per
// peer. When it "crashes" a peer it keeps the Persister, hands a copy ([Persister.Copy]) to the
// restarted peer, and everything the old peer saved is there; everything it kept only in memory
// is gone. That is the whole point of Figure 2's "persistent state on all servers": currentTerm,
// votedFor and log[] must be saved before the peer answers an RPC or acts on them.
//
// A Persister holds two byte slices, saved together in one atomic step:
//
//   - the Raft state, which your peer encodes itself (with encoding/gob, say) and
//   - the latest snapshot, which the service above Raft produced (empty until you snapshot).
//
// Saving them together matters: a crash between "write the snapshot" and "trim the log" must not
// leave a log that was trimmed without its snapshot. [Persister.Save] replaces both at once.
//
// The Persister copies every slice that goes in or comes out, so neither the peer nor the
// harness can change stored state by mutating a slice afterwards. It is safe for concurrent use.
package persister

import (
	"bytes"
	"sync"
)

// Persister holds one peer's saved Raft state and snapshot. It is safe for concurrent use. The
// zero value is an empty Persister ready to use.
type Persister struct {
	mu        sync.Mutex
	raftState []byte
	snapshot  []byte
}

// New returns an empty Persister.
func New() *Persister {
	return &Persister{}
}

// Copy returns a new Persister holding the same state and snapshot. The copy and the original
// are independent: saving to one does not change the other. The harness gives a restarted peer a
// copy, so the crashed peer (which may still be running a goroutine) cannot write into it.
func (p *Persister) Copy() *Persister {
	p.mu.Lock()
	defer p.mu.Unlock()
	return &Persister{raftState: bytes.Clone(p.raftState), snapshot: bytes.Clone(p.snapshot)}
}

// Save replaces the Raft state and the snapshot in one atomic step. It stores copies: changing
// raftState or snapshot after Save returns does not change what was saved. Pass the current
// snapshot (from ReadSnapshot) again if only the Raft state changed, or nil if there is none.
func (p *Persister) Save(raftState, snapshot []byte) {
	raftState, snapshot = bytes.Clone(raftState), bytes.Clone(snapshot)
	p.mu.Lock()
	defer p.mu.Unlock()
	p.raftState = raftState
	p.snapshot = snapshot
}

// ReadRaftState returns a copy of the saved Raft state; nil or empty if nothing was saved.
// The caller owns the returned slice.
func (p *Persister) ReadRaftState() []byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	return bytes.Clone(p.raftState)
}

// ReadSnapshot returns a copy of the saved snapshot; nil or empty if there is none. The caller
// owns the returned slice.
func (p *Persister) ReadSnapshot() []byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	return bytes.Clone(p.snapshot)
}

// RaftStateSize returns the size in bytes of the saved Raft state. The service above Raft
// compares it with its limit to decide when to take a snapshot.
func (p *Persister) RaftStateSize() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.raftState)
}

// SnapshotSize returns the size in bytes of the saved snapshot.
func (p *Persister) SnapshotSize() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.snapshot)
}
