package raft

import (
	"time"

	"dsweekends/phase3-raft/figure2"
	"dsweekends/phase3-raft/raftdebug"
)

// AppendEntriesArgs is the AppendEntries RPC's request (Figure 2).
type AppendEntriesArgs struct {
	Term         int             // the leader's term
	LeaderID     int             // so a follower can redirect clients
	PrevLogIndex int             // index of the entry just before the new ones
	PrevLogTerm  int             // term of the entry at PrevLogIndex
	Entries      []figure2.Entry // entries to store; empty for a heartbeat
	LeaderCommit int             // the leader's commitIndex
}

// AppendEntriesReply is the AppendEntries RPC's reply (Figure 2), with the conflict hint that
// lets a leader skip a whole term of mismatching entries at once (§5.3, "fast backup").
type AppendEntriesReply struct {
	Term    int  // the follower's currentTerm, for the leader to update itself
	Success bool // true if the follower had an entry matching PrevLogIndex and PrevLogTerm
	XTerm   int  // on a mismatch: the term of the follower's conflicting entry, or 0
	XIndex  int  // on a mismatch: the follower's first index of XTerm
	XLen    int  // on a mismatch: the length of the follower's log (its last index + 1)
}

// AppendEntries is the AppendEntries RPC handler. The log rules themselves are
// figure2.AcceptAppend; this handler applies the term rules and the verdict.
func (rf *Raft) AppendEntries(args *AppendEntriesArgs, reply *AppendEntriesReply) {
	rf.mu.Lock()
	defer rf.mu.Unlock()
	if args.Term < rf.currentTerm { // receiver rule 1: a stale leader
		reply.Term, reply.Success = rf.currentTerm, false
		return
	}
	rf.becomeFollower(args.Term) // a leader of this term exists (§5.2)...
	rf.resetElectionTimer()      // ... and it is alive
	res := figure2.AcceptAppend(rf.log, rf.commitIndex, figure2.AppendRequest{
		Term: args.Term, LeaderID: args.LeaderID, PrevLogIndex: args.PrevLogIndex,
		PrevLogTerm: args.PrevLogTerm, Entries: args.Entries, LeaderCommit: args.LeaderCommit})
	if res.LogChanged {
		rf.forgetEncodedFrom(args.PrevLogIndex + 1)
		rf.log = res.Log
		rf.persist() // the leader counts these entries as stored once we say Success
	}
	if res.CommitIndex > rf.commitIndex {
		rf.commitIndex = res.CommitIndex
		rf.applyCond.Broadcast()
	}
	reply.Term, reply.Success = rf.currentTerm, res.Success
	reply.XTerm, reply.XIndex, reply.XLen = res.Hint.XTerm, res.Hint.XIndex, res.Hint.XLen
}

// broadcast sends every follower the entries it is missing (none for a heartbeat), or the
// snapshot when it needs entries the leader has discarded. Call it with rf.mu held.
func (rf *Raft) broadcast(heartbeat bool) {
	if rf.unsaved {
		rf.persist() // entries added by Start since the last round: saved once, before they leave
	}
	if heartbeat {
		rf.lastBroadcast = time.Now()
	}
	for p := range rf.peers {
		if p != rf.me && (heartbeat || rf.inflight[p] == 0) {
			rf.sendTo(p)
		}
	}
}

// A leader sends new entries to a follower at once (kicked by Start) only when no request to it
// is in flight; otherwise the reply to that request sends them. Entries started together thus
// travel together, and a follower that is down is not sent the whole log on every Start, only
// with each heartbeat.

// sendTo sends peer p, in a new goroutine, the entries from nextIndex[p] on, or the snapshot
// if the log no longer holds them. Call it with rf.mu held.
func (rf *Raft) sendTo(p int) {
	if rf.nextIndex[p] <= rf.log.Start {
		go rf.sendSnapshot(p, rf.installSnapshotArgs())
		return
	}
	prev := rf.nextIndex[p] - 1
	prevTerm, _ := rf.log.Term(prev)
	args := &AppendEntriesArgs{Term: rf.currentTerm, LeaderID: rf.me, PrevLogIndex: prev,
		PrevLogTerm: prevTerm, Entries: rf.log.From(prev + 1), LeaderCommit: rf.commitIndex}
	rf.inflight[p]++
	go rf.sendAppend(p, args)
}

// sendAppend sends one AppendEntries and acts on the reply, unless the reply is stale.
func (rf *Raft) sendAppend(p int, args *AppendEntriesArgs) {
	var reply AppendEntriesReply
	ok := rf.peers[p].Call("Raft.AppendEntries", args, &reply)
	rf.mu.Lock()
	defer rf.mu.Unlock()
	if rf.currentTerm == args.Term {
		rf.inflight[p]--
	}
	if !ok {
		return
	}
	if reply.Term > rf.currentTerm {
		rf.becomeFollower(reply.Term)
		return
	}
	if rf.role != Leader || rf.currentTerm != args.Term {
		return // a reply to a request of an earlier term: nothing in it is true any more
	}
	if reply.Success {
		// Replies arrive in any order: an old success must not move matchIndex back.
		match := args.PrevLogIndex + len(args.Entries)
		rf.matchIndex[p] = max(rf.matchIndex[p], match)
		rf.nextIndex[p] = max(rf.nextIndex[p], match+1)
		if n := figure2.AdvanceCommit(rf.log, rf.currentTerm, rf.matchIndex, rf.me, rf.commitIndex); n > rf.commitIndex {
			rf.commitIndex = n
			raftdebug.Event(rf.me, raftdebug.Log, raftdebug.Commit, rf.currentTerm, "index %d", n)
			rf.applyCond.Broadcast()
		}
		if rf.nextIndex[p] <= rf.log.LastIndex() && rf.inflight[p] == 0 {
			rf.sendTo(p) // entries Start added while this request was in flight
		}
		return
	}
	if rf.nextIndex[p] != args.PrevLogIndex+1 {
		return // an answer to an older probe: nextIndex has moved since
	}
	next := figure2.NextIndexAfterReject(rf.log, figure2.ConflictHint{
		XTerm: reply.XTerm, XIndex: reply.XIndex, XLen: reply.XLen})
	if next < rf.nextIndex[p] {
		rf.nextIndex[p] = next
		rf.sendTo(p) // try again at once from further back, rather than at the next heartbeat
	}
	// No progress (a follower that keeps refusing): leave it to the heartbeats, so that a
	// confused follower cannot make the leader spin.
}
