// Package demoraft is a small, plain Raft used to test the rafttest harness itself: leader
// election, log replication with the conflict-term shortcut, persistence and snapshots.
//
// It is written for the harness's tests, not as a model answer: it favours brevity over
// performance. Options switch on deliberate bugs, so that the harness's tests can show each
// diagnostic the harness gives (no leader, a stalled clock, goroutines that outlive Kill).
package demoraft

import (
	"bytes"
	"encoding/gob"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"dsweekends/phase3-raft/raftapi"
	"dsweekends/phase3-raft/raftdebug"
)

// Options are deliberate bugs, all off by default.
type Options struct {
	// NeverElect keeps followers from ever timing out, so no leader is ever elected.
	NeverElect bool
	// LockAcrossSleep makes the ticker sleep with the mutex held, which freezes a synctest bubble.
	LockAcrossSleep bool
	// IgnoreKill makes the ticker loop forever, so its goroutine outlives Kill.
	IgnoreKill bool
	// ResendAtOnce makes a leader resend every AppendEntries at once, again and again, without
	// waiting: a retry loop that keeps virtual time from moving.
	ResendAtOnce bool
}

// Timing: the ticker wakes every tick; a leader sends heartbeats every heartbeat; a follower waits
// a random election timeout in [electionMin, electionMin+electionSpread).
const (
	tick           = 10 * time.Millisecond
	heartbeat      = 100 * time.Millisecond
	electionMin    = 300 * time.Millisecond
	electionSpread = 300 * time.Millisecond
)

type role int

const (
	follower role = iota
	candidate
	leader
)

// Entry is one log entry.
type Entry struct {
	Term    int
	Command any
}

// Raft is one peer.
type Raft struct {
	mu        sync.Mutex
	peers     []raftapi.ClientEnd
	persister raftapi.Persister
	me        int
	dead      atomic.Bool
	opts      Options
	applyCh   chan<- raftapi.ApplyMsg
	applyCond *sync.Cond

	// Persistent state. log[0] stands for the last entry in the snapshot (index lastIncluded).
	currentTerm  int
	votedFor     int
	log          []Entry
	lastIncluded int
	snapshot     []byte

	commitIndex     int
	lastApplied     int
	pendingSnapshot bool // the applier must deliver snapshot before any command

	state         role
	lastHeard     time.Time
	timeout       time.Duration
	lastBroadcast time.Time
	nextIndex     []int
	matchIndex    []int
}

// Make builds a correct peer.
func Make(peers []raftapi.ClientEnd, me int, p raftapi.Persister, applyCh chan<- raftapi.ApplyMsg) raftapi.Peer {
	return MakeWith(Options{})(peers, me, p, applyCh)
}

// MakeWith returns a MakeFunc building peers with the given bugs.
func MakeWith(opts Options) raftapi.MakeFunc {
	return func(peers []raftapi.ClientEnd, me int, p raftapi.Persister, applyCh chan<- raftapi.ApplyMsg) raftapi.Peer {
		rf := &Raft{peers: peers, persister: p, me: me, opts: opts, applyCh: applyCh,
			votedFor: -1, log: []Entry{{}}}
		rf.applyCond = sync.NewCond(&rf.mu)
		rf.readPersist(p.ReadRaftState())
		rf.snapshot = p.ReadSnapshot()
		rf.commitIndex, rf.lastApplied = rf.lastIncluded, rf.lastIncluded
		rf.resetTimerLocked()
		go rf.ticker()
		go rf.applier()
		return rf
	}
}

func (rf *Raft) lastIndex() int      { return rf.lastIncluded + len(rf.log) - 1 }
func (rf *Raft) termAt(i int) int    { return rf.log[i-rf.lastIncluded].Term }
func (rf *Raft) killed() bool        { return rf.dead.Load() }
func (rf *Raft) majority() int       { return len(rf.peers)/2 + 1 }
func (rf *Raft) resetTimerLocked()   { rf.lastHeard = time.Now(); rf.timeout = electionTimeout() }
func electionTimeout() time.Duration { return electionMin + rand.N(electionSpread) }

// GetState returns the current term and whether this peer believes it is leader.
func (rf *Raft) GetState() (int, bool) {
	rf.mu.Lock()
	defer rf.mu.Unlock()
	return rf.currentTerm, rf.state == leader
}

// Start appends command to the leader's log and starts replicating it.
func (rf *Raft) Start(command any) (int, int, bool) {
	rf.mu.Lock()
	defer rf.mu.Unlock()
	if rf.state != leader || rf.killed() {
		return -1, rf.currentTerm, false
	}
	rf.log = append(rf.log, Entry{Term: rf.currentTerm, Command: command})
	rf.persistLocked()
	rf.broadcastLocked()
	return rf.lastIndex(), rf.currentTerm, true
}

// Kill stops the peer: its loops end and a waiting applier wakes up to see it.
func (rf *Raft) Kill() {
	rf.dead.Store(true)
	rf.mu.Lock()
	rf.applyCond.Broadcast()
	rf.mu.Unlock()
}

// Snapshot discards the log up to index, which the service has captured in snapshot.
func (rf *Raft) Snapshot(index int, snapshot []byte) {
	rf.mu.Lock()
	defer rf.mu.Unlock()
	if index <= rf.lastIncluded || index > rf.lastIndex() {
		return
	}
	rf.log = append([]Entry{{Term: rf.termAt(index)}}, rf.log[index-rf.lastIncluded+1:]...)
	rf.lastIncluded = index
	rf.snapshot = snapshot
	rf.persistLocked()
	raftdebug.Event(rf.me, raftdebug.Snapshot, raftdebug.SnapshotTaken, rf.currentTerm, "up to %d", index)
}

type persistent struct {
	CurrentTerm, VotedFor, LastIncluded int
	Log                                 []Entry
}

func (rf *Raft) persistLocked() {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(persistent{rf.currentTerm, rf.votedFor, rf.lastIncluded, rf.log}); err != nil {
		panic(err) // only unregistered command types fail, a bug in the test
	}
	rf.persister.Save(buf.Bytes(), rf.snapshot)
}

func (rf *Raft) readPersist(data []byte) {
	if len(data) == 0 {
		return
	}
	var p persistent
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&p); err != nil {
		panic(err)
	}
	rf.currentTerm, rf.votedFor, rf.lastIncluded, rf.log = p.CurrentTerm, p.VotedFor, p.LastIncluded, p.Log
}

// becomeFollowerLocked adopts a higher term.
func (rf *Raft) becomeFollowerLocked(term int) {
	if rf.state == leader {
		raftdebug.Event(rf.me, raftdebug.Leader, raftdebug.SteppedDown, term, "saw term %d", term)
	}
	rf.state, rf.currentTerm, rf.votedFor = follower, term, -1
	rf.persistLocked()
}

// ticker starts elections and sends heartbeats.
func (rf *Raft) ticker() {
	for rf.opts.IgnoreKill || !rf.killed() {
		rf.mu.Lock()
		switch {
		case rf.state == leader:
			if time.Since(rf.lastBroadcast) >= heartbeat {
				rf.broadcastLocked()
			}
		case !rf.opts.NeverElect && time.Since(rf.lastHeard) >= rf.timeout:
			rf.startElectionLocked()
		}
		if rf.opts.LockAcrossSleep {
			time.Sleep(tick) // the bug: sleeping with rf.mu held
		}
		rf.mu.Unlock()
		time.Sleep(tick)
	}
}

// RequestVoteArgs is the RequestVote RPC's request.
type RequestVoteArgs struct {
	Term, CandidateID, LastLogIndex, LastLogTerm int
}

// RequestVoteReply is the RequestVote RPC's reply.
type RequestVoteReply struct {
	Term        int
	VoteGranted bool
}

func (rf *Raft) startElectionLocked() {
	rf.state = candidate
	rf.currentTerm++
	rf.votedFor = rf.me
	rf.persistLocked()
	rf.resetTimerLocked()
	raftdebug.Event(rf.me, raftdebug.Vote, raftdebug.ElectionStart, rf.currentTerm, "")
	args := RequestVoteArgs{rf.currentTerm, rf.me, rf.lastIndex(), rf.termAt(rf.lastIndex())}
	votes := 1
	for p := range rf.peers {
		if p == rf.me {
			continue
		}
		go func() {
			var reply RequestVoteReply
			if !rf.peers[p].Call("Raft.RequestVote", &args, &reply) {
				return
			}
			rf.mu.Lock()
			defer rf.mu.Unlock()
			if reply.Term > rf.currentTerm {
				rf.becomeFollowerLocked(reply.Term)
				return
			}
			if rf.state != candidate || rf.currentTerm != args.Term || !reply.VoteGranted {
				return
			}
			if votes++; votes == rf.majority() {
				rf.becomeLeaderLocked()
			}
		}()
	}
}

func (rf *Raft) becomeLeaderLocked() {
	rf.state = leader
	raftdebug.Event(rf.me, raftdebug.Leader, raftdebug.BecameLeader, rf.currentTerm, "")
	rf.nextIndex = make([]int, len(rf.peers))
	rf.matchIndex = make([]int, len(rf.peers))
	for p := range rf.peers {
		rf.nextIndex[p] = rf.lastIndex() + 1
	}
	rf.broadcastLocked()
}

// RequestVote grants a vote to an up-to-date candidate, once per term.
func (rf *Raft) RequestVote(args *RequestVoteArgs, reply *RequestVoteReply) {
	rf.mu.Lock()
	defer rf.mu.Unlock()
	if args.Term > rf.currentTerm {
		rf.becomeFollowerLocked(args.Term)
	}
	reply.Term = rf.currentTerm
	if args.Term < rf.currentTerm || (rf.votedFor != -1 && rf.votedFor != args.CandidateID) {
		return
	}
	myLastTerm := rf.termAt(rf.lastIndex())
	if args.LastLogTerm < myLastTerm || (args.LastLogTerm == myLastTerm && args.LastLogIndex < rf.lastIndex()) {
		return
	}
	rf.votedFor = args.CandidateID
	rf.persistLocked()
	rf.resetTimerLocked()
	reply.VoteGranted = true
	raftdebug.Event(rf.me, raftdebug.Vote, raftdebug.VoteGranted, rf.currentTerm, "to %d", args.CandidateID)
}

// AppendEntriesArgs is the AppendEntries RPC's request.
type AppendEntriesArgs struct {
	Term, LeaderID, PrevLogIndex, PrevLogTerm, LeaderCommit int
	Entries                                                 []Entry
}

// AppendEntriesReply is the AppendEntries RPC's reply. On a mismatch, XTerm is the term of the
// follower's conflicting entry and XIndex its first index with that term; XTerm -1 means the
// follower's log is too short, and XLen is its length.
type AppendEntriesReply struct {
	Term                int
	Success             bool
	XTerm, XIndex, XLen int
}

// InstallSnapshotArgs is the InstallSnapshot RPC's request.
type InstallSnapshotArgs struct {
	Term, LeaderID, LastIncludedIndex, LastIncludedTerm int
	Data                                                []byte
}

// InstallSnapshotReply is the InstallSnapshot RPC's reply.
type InstallSnapshotReply struct {
	Term int
}

// broadcastLocked sends every follower what it is missing: entries, or the snapshot.
func (rf *Raft) broadcastLocked() {
	rf.lastBroadcast = time.Now()
	for p := range rf.peers {
		if p == rf.me {
			continue
		}
		if rf.nextIndex[p] <= rf.lastIncluded {
			args := InstallSnapshotArgs{rf.currentTerm, rf.me, rf.lastIncluded, rf.log[0].Term, rf.snapshot}
			go rf.sendSnapshot(p, &args)
			continue
		}
		prev := rf.nextIndex[p] - 1
		args := AppendEntriesArgs{Term: rf.currentTerm, LeaderID: rf.me, PrevLogIndex: prev,
			PrevLogTerm: rf.termAt(prev), LeaderCommit: rf.commitIndex,
			Entries: append([]Entry(nil), rf.log[prev+1-rf.lastIncluded:]...)}
		go rf.sendAppend(p, &args)
	}
}

func (rf *Raft) sendAppend(p int, args *AppendEntriesArgs) {
	for rf.opts.ResendAtOnce && !rf.killed() {
		var reply AppendEntriesReply
		rf.peers[p].Call("Raft.AppendEntries", args, &reply)
	}
	var reply AppendEntriesReply
	if !rf.peers[p].Call("Raft.AppendEntries", args, &reply) {
		return
	}
	rf.mu.Lock()
	defer rf.mu.Unlock()
	if reply.Term > rf.currentTerm {
		rf.becomeFollowerLocked(reply.Term)
		return
	}
	if rf.state != leader || rf.currentTerm != args.Term {
		return
	}
	if reply.Success {
		match := args.PrevLogIndex + len(args.Entries)
		rf.matchIndex[p] = max(rf.matchIndex[p], match)
		rf.nextIndex[p] = max(rf.nextIndex[p], match+1)
		rf.advanceCommitLocked()
		return
	}
	next := reply.XLen
	if reply.XTerm != -1 {
		next = reply.XIndex
		for i := rf.lastIndex(); i > rf.lastIncluded; i-- {
			if rf.termAt(i) == reply.XTerm {
				next = i + 1
				break
			}
		}
	}
	rf.nextIndex[p] = max(1, min(next, rf.lastIndex()+1))
}

// advanceCommitLocked commits the newest entry of the current term stored on a majority.
func (rf *Raft) advanceCommitLocked() {
	for n := rf.lastIndex(); n > rf.commitIndex && rf.termAt(n) == rf.currentTerm; n-- {
		count := 1
		for p := range rf.peers {
			if p != rf.me && rf.matchIndex[p] >= n {
				count++
			}
		}
		if count >= rf.majority() {
			rf.commitIndex = n
			raftdebug.Event(rf.me, raftdebug.Log, raftdebug.Commit, rf.currentTerm, "index %d", n)
			rf.applyCond.Broadcast()
			return
		}
	}
}

// acceptLeaderLocked applies the term rules to a message from a leader (Figure 2: Rules for
// Servers, and receiver rule 1): it adopts a higher term, reports the current term through
// replyTerm, and rejects a stale leader. A current leader is followed, and the election timer
// restarts. It reports whether the message may be processed.
func (rf *Raft) acceptLeaderLocked(term int, replyTerm *int) bool {
	if term > rf.currentTerm {
		rf.becomeFollowerLocked(term)
	}
	*replyTerm = rf.currentTerm
	if term < rf.currentTerm {
		return false
	}
	rf.state = follower
	rf.resetTimerLocked()
	return true
}

// AppendEntries accepts entries that match the log, and commits what the leader committed.
func (rf *Raft) AppendEntries(args *AppendEntriesArgs, reply *AppendEntriesReply) {
	rf.mu.Lock()
	defer rf.mu.Unlock()
	if !rf.acceptLeaderLocked(args.Term, &reply.Term) {
		return
	}

	prev, entries := args.PrevLogIndex, args.Entries
	if prev < rf.lastIncluded { // the start of the request is already in our snapshot
		skip := rf.lastIncluded - prev
		if skip > len(entries) {
			reply.Success = true
			return
		}
		prev, entries = rf.lastIncluded, entries[skip:]
	} else if prev > rf.lastIndex() {
		reply.XTerm, reply.XLen = -1, rf.lastIndex()+1
		return
	} else if rf.termAt(prev) != args.PrevLogTerm {
		reply.XTerm = rf.termAt(prev)
		reply.XIndex = prev
		for reply.XIndex-1 > rf.lastIncluded && rf.termAt(reply.XIndex-1) == reply.XTerm {
			reply.XIndex--
		}
		return
	}
	changed := false
	for k, e := range entries {
		i := prev + 1 + k
		if i <= rf.lastIndex() && rf.termAt(i) == e.Term {
			continue
		}
		rf.log = append(rf.log[:i-rf.lastIncluded], entries[k:]...)
		changed = true
		break
	}
	if changed {
		rf.persistLocked()
	}
	reply.Success = true
	if args.LeaderCommit > rf.commitIndex {
		rf.commitIndex = min(args.LeaderCommit, prev+len(entries))
		rf.applyCond.Broadcast()
	}
}

func (rf *Raft) sendSnapshot(p int, args *InstallSnapshotArgs) {
	var reply InstallSnapshotReply
	if !rf.peers[p].Call("Raft.InstallSnapshot", args, &reply) {
		return
	}
	rf.mu.Lock()
	defer rf.mu.Unlock()
	if reply.Term > rf.currentTerm {
		rf.becomeFollowerLocked(reply.Term)
		return
	}
	if rf.state == leader && rf.currentTerm == args.Term {
		rf.matchIndex[p] = max(rf.matchIndex[p], args.LastIncludedIndex)
		rf.nextIndex[p] = max(rf.nextIndex[p], args.LastIncludedIndex+1)
	}
}

// InstallSnapshot replaces the log's prefix with the leader's snapshot.
func (rf *Raft) InstallSnapshot(args *InstallSnapshotArgs, reply *InstallSnapshotReply) {
	rf.mu.Lock()
	defer rf.mu.Unlock()
	if !rf.acceptLeaderLocked(args.Term, &reply.Term) {
		return
	}
	if args.LastIncludedIndex <= rf.commitIndex {
		return
	}
	var rest []Entry
	if args.LastIncludedIndex < rf.lastIndex() && rf.termAt(args.LastIncludedIndex) == args.LastIncludedTerm {
		rest = rf.log[args.LastIncludedIndex-rf.lastIncluded+1:]
	}
	rf.log = append([]Entry{{Term: args.LastIncludedTerm}}, rest...)
	rf.lastIncluded = args.LastIncludedIndex
	rf.snapshot = args.Data
	rf.commitIndex = args.LastIncludedIndex
	rf.pendingSnapshot = true
	rf.persistLocked()
	rf.applyCond.Broadcast()
}

// applier sends committed entries and installed snapshots on applyCh, without holding the lock
// while it sends.
func (rf *Raft) applier() {
	for {
		rf.mu.Lock()
		for !rf.killed() && !rf.pendingSnapshot && rf.lastApplied >= rf.commitIndex {
			rf.applyCond.Wait()
		}
		if rf.killed() {
			rf.mu.Unlock()
			return
		}
		var msgs []raftapi.ApplyMsg
		if rf.pendingSnapshot {
			rf.pendingSnapshot = false
			msgs = append(msgs, raftapi.ApplyMsg{SnapshotValid: true, Snapshot: rf.snapshot,
				SnapshotTerm: rf.log[0].Term, SnapshotIndex: rf.lastIncluded})
			rf.lastApplied = max(rf.lastApplied, rf.lastIncluded)
		} else {
			for i := max(rf.lastApplied, rf.lastIncluded) + 1; i <= rf.commitIndex; i++ {
				msgs = append(msgs, raftapi.ApplyMsg{CommandValid: true, Command: rf.log[i-rf.lastIncluded].Command,
					CommandIndex: i, CommandTerm: rf.termAt(i)})
			}
			rf.lastApplied = rf.commitIndex
		}
		rf.mu.Unlock()
		for _, m := range msgs {
			rf.applyCh <- m
		}
	}
}
