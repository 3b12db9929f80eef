package raft

import "dsweekends/phase3-raft/figure2"

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

// AppendEntries is the AppendEntries RPC handler.
func (rf *Raft) AppendEntries(args *AppendEntriesArgs, reply *AppendEntriesReply) {
	// TODO(weekend 15): reject a stale leader (receiver rule 1); otherwise adopt its term,
	// become a follower and reset the election timer.
	// TODO(weekend 17): apply figure2.AcceptAppend's verdict: the new log (persist it if it
	// changed), the new commitIndex (wake the applier), the reply and its conflict hint.
}
