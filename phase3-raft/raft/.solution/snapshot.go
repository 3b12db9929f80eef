package raft

import (
	"dsweekends/phase3-raft/figure2"
	"dsweekends/phase3-raft/raftdebug"
)

// InstallSnapshotArgs is the InstallSnapshot RPC's request (Figure 13, without chunks).
type InstallSnapshotArgs struct {
	Term              int    // the leader's term
	LeaderID          int    // so a follower can redirect clients
	LastIncludedIndex int    // the snapshot replaces every entry up to and including this index
	LastIncludedTerm  int    // term of the entry at LastIncludedIndex
	Data              []byte // the snapshot
}

// InstallSnapshotReply is the InstallSnapshot RPC's reply.
type InstallSnapshotReply struct {
	Term int // the follower's currentTerm, for the leader to update itself
}

// Snapshot tells the peer that the service has saved a snapshot of every entry up to and
// including index: the peer discards that prefix of its log (§7).
func (rf *Raft) Snapshot(index int, snapshot []byte) {
	rf.mu.Lock()
	defer rf.mu.Unlock()
	if index <= rf.log.Start || index > rf.commitIndex {
		return // already compacted, or not committed (a confused service)
	}
	rf.compact(index, rf.termAt(index), snapshot)
	rf.persist()
	raftdebug.Event(rf.me, raftdebug.Snapshot, raftdebug.SnapshotTaken, rf.currentTerm, "up to %d", index)
}

// termAt returns the term of the entry at index, which must be in the log.
func (rf *Raft) termAt(index int) int {
	term, _ := rf.log.Term(index)
	return term
}

// compact replaces the log up to index with snapshot, keeping the entries after index if the log
// has the entry at index with term. Call it with rf.mu held.
func (rf *Raft) compact(index, term int, snapshot []byte) {
	var rest []figure2.Entry
	var restEncoded [][]byte
	if t, ok := rf.log.Term(index); ok && t == term {
		rest = rf.log.Entries[index-rf.log.Start+1:]
		if k := index - rf.log.Start + 1; k < len(rf.encoded) {
			restEncoded = rf.encoded[k:]
		}
	}
	first := figure2.Entry{Term: term}
	rf.log = figure2.Log{Start: index, Entries: append([]figure2.Entry{first}, rest...)}
	if len(restEncoded) > 0 {
		rf.encoded = append([][]byte{encodeEntry(first)}, restEncoded...)
	} else {
		rf.encoded = nil
	}
	rf.snapshot = snapshot
}

// installSnapshotArgs is the request that brings a follower up to the leader's snapshot.
// Call it with rf.mu held.
func (rf *Raft) installSnapshotArgs() *InstallSnapshotArgs {
	return &InstallSnapshotArgs{Term: rf.currentTerm, LeaderID: rf.me,
		LastIncludedIndex: rf.log.Start, LastIncludedTerm: rf.log.Entries[0].Term, Data: rf.snapshot}
}

// sendSnapshot sends one InstallSnapshot and acts on the reply, unless the reply is stale.
func (rf *Raft) sendSnapshot(p int, args *InstallSnapshotArgs) {
	var reply InstallSnapshotReply
	if !rf.peers[p].Call("Raft.InstallSnapshot", args, &reply) {
		return
	}
	rf.mu.Lock()
	defer rf.mu.Unlock()
	if reply.Term > rf.currentTerm {
		rf.becomeFollower(reply.Term)
		return
	}
	if rf.role == Leader && rf.currentTerm == args.Term {
		rf.matchIndex[p] = max(rf.matchIndex[p], args.LastIncludedIndex)
		rf.nextIndex[p] = max(rf.nextIndex[p], args.LastIncludedIndex+1)
	}
}

// InstallSnapshot is the InstallSnapshot RPC handler: the follower replaces the prefix of its
// log that the leader's snapshot covers, and the applier hands the snapshot to the service.
func (rf *Raft) InstallSnapshot(args *InstallSnapshotArgs, reply *InstallSnapshotReply) {
	rf.mu.Lock()
	defer rf.mu.Unlock()
	if args.Term < rf.currentTerm {
		reply.Term = rf.currentTerm
		return
	}
	rf.becomeFollower(args.Term)
	rf.resetElectionTimer()
	reply.Term = rf.currentTerm
	if args.LastIncludedIndex <= rf.commitIndex {
		return // we already have all of it
	}
	rf.compact(args.LastIncludedIndex, args.LastIncludedTerm, args.Data)
	rf.commitIndex = args.LastIncludedIndex
	rf.snapshotPending = true
	rf.persist()
	rf.applyCond.Broadcast()
}
