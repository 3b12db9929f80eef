package rafttest

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"reflect"
	"sync/atomic"

	"dsweekends/phase3-raft/raftapi"
)

// The appliers: one goroutine per peer incarnation reads its applyCh and checks that
//
//   - committed commands arrive in index order, with no gap and no repeat (Figure 2, Rules for
//     All Servers: apply log[lastApplied+1] and increment lastApplied), and
//   - every peer applies the same command at the same index (State Machine Safety).
//
// In snapshot mode it also calls Snapshot every SnapshotInterval commands with an encoding of the
// commands applied so far, and on a SnapshotValid message it decodes the snapshot and continues
// from its last index, as a service restoring its state would.

// applier is the reader of one peer incarnation's applyCh.
type applier struct {
	peer        int
	incarnation int
	ch          chan raftapi.ApplyMsg
	retired     atomic.Bool // set when the incarnation is crashed: messages are drained and ignored
	restored    int         // the index of the persisted snapshot the incarnation started from, or 0
	appliedAny  bool        // a command has been applied; read and written by applyLoop only
	quit        chan struct{}
	done        chan struct{}
}

func newApplier(peer, incarnation int, ch chan raftapi.ApplyMsg) *applier {
	return &applier{peer: peer, incarnation: incarnation, ch: ch,
		quit: make(chan struct{}), done: make(chan struct{})}
}

// stop ends the applier's goroutine and waits for it.
func (a *applier) stop() {
	close(a.quit)
	<-a.done
}

// applyLoop reads a's applyCh until the cluster stops it. It keeps reading after a crash, so a
// killed peer's goroutine sending on applyCh is never stuck.
func (c *Cluster) applyLoop(a *applier) {
	defer close(a.done)
	for {
		select {
		case <-a.quit:
			return
		case m := <-a.ch:
			if a.retired.Load() {
				continue
			}
			c.handleApply(a, m)
		}
	}
}

// snapshotState is what the harness's snapshots contain: every command applied up to LastIndex.
type snapshotState struct {
	LastIndex int
	Commands  []any // Commands[k] is the command at index k+1
}

func (c *Cluster) handleApply(a *applier, m raftapi.ApplyMsg) {
	i := a.peer
	switch {
	case m.CommandValid && m.SnapshotValid:
		c.applyError("peer %d sent an ApplyMsg with both CommandValid and SnapshotValid set; "+
			"a message carries either a command or a snapshot", i)
	case m.CommandValid:
		if !a.appliedAny && a.restored > 0 && m.CommandIndex <= a.restored {
			c.applyError("peer %d restarted from its persisted snapshot, which holds every command up to index %d, "+
				"and then applied index %d, which that snapshot already covers. A restarted peer goes on just after "+
				"its snapshot, so the Raft state it restores must be the one saved with that snapshot: Snapshot "+
				"saves the trimmed log (log.Start and that entry's term) and the snapshot together, in one "+
				"persister.Save(state, snapshot), and Make starts commitIndex and lastApplied at log.Start (§7)",
				i, a.restored, m.CommandIndex)
			return
		}
		a.appliedAny = true
		snap := c.applyCommand(i, m)
		if snap != nil {
			if rf, inc := c.peerAndIncarnation(i); rf != nil && inc == a.incarnation {
				c.asPeer(i, inc, func() { rf.Snapshot(m.CommandIndex, snap) })
			}
		}
	case m.SnapshotValid:
		c.mu.Lock()
		err := c.restoreSnapshotLocked(i, m.Snapshot, m.SnapshotIndex)
		c.mu.Unlock()
		if err != "" {
			c.applyError("peer %d sent a snapshot on applyCh (SnapshotIndex %d, SnapshotTerm %d) that is not "+
				"the one the service gave to Snapshot: %s", i, m.SnapshotIndex, m.SnapshotTerm, err)
			return
		}
		c.tr.add(i, KindApplySnap, m.SnapshotTerm, fmt.Sprintf("index %d", m.SnapshotIndex))
	default:
		c.applyError("peer %d sent an ApplyMsg with neither CommandValid nor SnapshotValid set "+
			"(CommandIndex %d, Command %v); set CommandValid: true for a committed command", i, m.CommandIndex, m.Command)
	}
}

// applyCommand checks and records one applied command. In snapshot mode it returns the snapshot
// to hand to the peer when one is due, else nil.
func (c *Cluster) applyCommand(i int, m raftapi.ApplyMsg) []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	want := c.lastApplied[i] + 1
	if m.CommandIndex != want {
		what := "skipped"
		if m.CommandIndex < want {
			what = "repeated or went back to"
		}
		c.applyErrorLocked("peer %d applied index %d after index %d: it %s an index. Apply committed entries "+
			"one by one in index order, each exactly once (Figure 2, Rules for All Servers: "+
			"if commitIndex > lastApplied, increment lastApplied and apply log[lastApplied])",
			i, m.CommandIndex, c.lastApplied[i], what)
		return nil
	}
	if first, ok := c.firstApply[m.CommandIndex]; ok && !sameCommand(first.command, m.Command) {
		c.applyErrorLocked("peers disagree on the command at index %d: peer %d applied %v, but peer %d applied %v. "+
			"Two peers committed different entries at one index. Every rule that can cause this: "+
			"(1) a voter must refuse a candidate whose log is less up-to-date than its own (§5.4.1, election "+
			"restriction: compare last log term, then last log index); (2) a leader commits only entries of its "+
			"own term by counting replicas (§5.4.2, Figure 8); (3) a follower deletes an entry only when it "+
			"conflicts with the leader's, and never entries after a match (AppendEntries receiver rule 3); "+
			"(4) a follower sets commitIndex to min(leaderCommit, index of last new entry) (receiver rule 5); "+
			"(5) currentTerm, votedFor and the log are persisted before replying (a restarted peer that forgot "+
			"its vote or its log can elect a second leader)",
			m.CommandIndex, first.peer, first.command, i, m.Command)
		return nil
	} else if !ok {
		c.firstApply[m.CommandIndex] = applied{peer: i, command: m.Command}
	}
	c.logs[i][m.CommandIndex] = m.Command
	c.lastApplied[i] = m.CommandIndex
	c.maxIndex = max(c.maxIndex, m.CommandIndex)
	c.tr.add(i, KindApply, m.CommandTerm, fmt.Sprintf("index %d: %v", m.CommandIndex, m.Command))
	if !c.snapshot || (m.CommandIndex+1)%SnapshotInterval != 0 {
		return nil
	}
	state := snapshotState{LastIndex: m.CommandIndex, Commands: make([]any, m.CommandIndex)}
	for k := 1; k <= m.CommandIndex; k++ {
		state.Commands[k-1] = c.logs[i][k]
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(state); err != nil {
		c.applyErrorLocked("rafttest: cannot encode a snapshot of peer %d's commands: %v "+
			"(register command types with gob.Register)", i, err)
		return nil
	}
	return buf.Bytes()
}

// restoreSnapshotLocked replaces peer i's applied state with a snapshot's. index is the
// SnapshotIndex the peer reported, or -1 when restoring from the persister at start.
// It returns a description of what is wrong with the snapshot, or "".
func (c *Cluster) restoreSnapshotLocked(i int, snapshot []byte, index int) string {
	var state snapshotState
	if err := gob.NewDecoder(bytes.NewReader(snapshot)).Decode(&state); err != nil {
		return fmt.Sprintf("cannot decode it (%v); pass the service's snapshot bytes through unchanged", err)
	}
	if index >= 0 && index != state.LastIndex {
		return fmt.Sprintf("the snapshot ends at index %d but the message says SnapshotIndex %d",
			state.LastIndex, index)
	}
	log := make(map[int]any, len(state.Commands))
	for k, cmd := range state.Commands {
		log[k+1] = cmd
		if first, ok := c.firstApply[k+1]; ok && !sameCommand(first.command, cmd) {
			return fmt.Sprintf("it holds %v at index %d, but peer %d applied %v there", cmd, k+1, first.peer, first.command)
		}
	}
	c.logs[i] = log
	c.lastApplied[i] = state.LastIndex
	return ""
}

// applyError records an error found by an applier goroutine. Appliers cannot end the test
// (t.FailNow must run on the test's goroutine), so the test fails with t.Error now, and the next
// check any goroutine makes ends that goroutine: the test itself, on the test's goroutine.
func (c *Cluster) applyError(format string, args ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.applyErrorLocked(format, args...)
}

func (c *Cluster) applyErrorLocked(format string, args ...any) {
	if c.applyErr != "" {
		return
	}
	c.applyErr = fmt.Sprintf(format, args...)
	c.tr.add(-1, KindFailure, 0, c.applyErr)
	c.t.Error(c.applyErr)
}

// sameCommand compares two commands, which may be any values that survived a gob round trip.
func sameCommand(a, b any) bool {
	return reflect.DeepEqual(a, b)
}
