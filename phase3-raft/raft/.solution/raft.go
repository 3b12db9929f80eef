package raft

import (
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"dsweekends/phase3-raft/figure2"
	"dsweekends/phase3-raft/raftapi"
	"dsweekends/phase3-raft/raftdebug"
)

// Timing. A leader sends at most 1/HeartbeatInterval AppendEntries rounds per second (the tests
// allow ten); a follower that hears nothing for a random election timeout in
// [ElectionTimeoutMin, ElectionTimeoutMax) starts an election (§5.2). The tests expect a new
// leader within five seconds, so several elections fit even when votes split.
const (
	HeartbeatInterval  = 100 * time.Millisecond
	ElectionTimeoutMin = 400 * time.Millisecond
	ElectionTimeoutMax = 800 * time.Millisecond
)

// Role is what a peer currently is: follower, candidate or leader.
type Role int

// The three roles of Figure 2.
const (
	Follower Role = iota
	Candidate
	Leader
)

// Raft is one Raft peer.
type Raft struct {
	mu        sync.Mutex          // guards every field below it
	peers     []raftapi.ClientEnd // the ends to call every peer; peers[me] is our own
	persister raftapi.Persister   // where persist saves and Make reads
	me        int                 // this peer's index in peers
	dead      atomic.Bool         // set by Kill
	applyCh   chan<- raftapi.ApplyMsg
	applyCond *sync.Cond    // signalled when commitIndex moves, a snapshot arrives, or on Kill
	kick      chan struct{} // wakes the ticker to send AppendEntries at once (Start)

	// Persistent state on all servers (Figure 2), saved with persist before answering an RPC.
	currentTerm int         // latest term this peer has seen
	votedFor    int         // candidate voted for in currentTerm, or figure2.NoVote
	log         figure2.Log // the log; Entries[0] stands for the entry at log.Start

	// Volatile state on all servers.
	commitIndex int // highest index known to be committed
	lastApplied int // highest index sent on applyCh

	// Volatile state on leaders, reinitialized after each election.
	nextIndex  []int // for each peer, index of the next entry to send it
	matchIndex []int // for each peer, highest index known to be replicated on it
	inflight   []int // for each peer, AppendEntries requests sent this term and not yet answered

	role             Role
	electionDeadline time.Time // when a follower or candidate starts the next election
	lastBroadcast    time.Time // when the leader last sent AppendEntries to everyone

	// What persist keeps between calls, so it never re-encodes what has not changed.
	encoded [][]byte // encoded[i] is log.Entries[i] encoded, for a prefix of the log
	unsaved bool     // Start appended entries that persist has not saved yet

	// Snapshots (3D).
	snapshot        []byte // the latest snapshot, covering the log up to log.Start
	snapshotPending bool   // the applier must send snapshot on applyCh before any command
}

// Make builds a Raft peer and starts its background goroutines. peers are the ends for calling
// every peer (peers[me] is this one), persister holds what the peer saved before it crashed, and
// applyCh receives each committed entry, in order. Make returns at once.
func Make(peers []raftapi.ClientEnd, me int, persister raftapi.Persister, applyCh chan<- raftapi.ApplyMsg) *Raft {
	rf := &Raft{
		peers:     peers,
		persister: persister,
		me:        me,
		applyCh:   applyCh,
		kick:      make(chan struct{}, 1),
		votedFor:  figure2.NoVote,
		log:       figure2.NewLog(),
	}
	rf.applyCond = sync.NewCond(&rf.mu)
	rf.readPersist(persister.ReadRaftState())
	rf.snapshot = persister.ReadSnapshot()
	// Everything in the snapshot was committed and applied before the crash (§7).
	rf.commitIndex, rf.lastApplied = rf.log.Start, rf.log.Start
	rf.resetElectionTimer()
	go rf.ticker()
	go rf.applier()
	return rf
}

// GetState returns the current term and whether this peer believes it is the leader.
func (rf *Raft) GetState() (int, bool) {
	rf.mu.Lock()
	defer rf.mu.Unlock()
	return rf.currentTerm, rf.role == Leader
}

// Start proposes command. A leader appends it to its log and returns at once with the index it
// will have if it commits; anyone else returns isLeader false.
func (rf *Raft) Start(command any) (int, int, bool) {
	rf.mu.Lock()
	defer rf.mu.Unlock()
	if rf.role != Leader || rf.killed() {
		return -1, rf.currentTerm, false
	}
	rf.log.Entries = append(rf.log.Entries, figure2.Entry{Term: rf.currentTerm, Command: command})
	rf.unsaved = true
	// No persist here: broadcast persists once, before it sends, for every command started
	// since it last ran. That is safe: the entry cannot commit before any follower holds it,
	// and no follower can hold it before broadcast has saved it here.
	select {
	case rf.kick <- struct{}{}:
	default: // a wake-up is already pending
	}
	return rf.log.LastIndex(), rf.currentTerm, true
}

// Kill stops the peer: the ticker ends at its next tick and the applier wakes up to see it.
func (rf *Raft) Kill() {
	rf.dead.Store(true)
	rf.mu.Lock()
	rf.applyCond.Broadcast()
	rf.mu.Unlock()
}

func (rf *Raft) killed() bool { return rf.dead.Load() }

// resetElectionTimer picks a new random election timeout (§5.2: randomized so that split votes
// are rare). Call it with rf.mu held.
func (rf *Raft) resetElectionTimer() {
	rf.electionDeadline = time.Now().Add(figure2.ElectionTimeout(nil, ElectionTimeoutMin, ElectionTimeoutMax))
}

// becomeFollower makes the peer a follower of term, forgetting its vote when term is new (Rules
// for All Servers: "if RPC request or response contains term T > currentTerm: set currentTerm =
// T, convert to follower"). Call it with rf.mu held.
func (rf *Raft) becomeFollower(term int) {
	if rf.role == Leader {
		raftdebug.Event(rf.me, raftdebug.Leader, raftdebug.SteppedDown, term, "saw term %d", term)
	}
	rf.role = Follower
	if term > rf.currentTerm {
		rf.currentTerm, rf.votedFor = term, figure2.NoVote
		rf.persist()
	}
}

// ticker runs until Kill: a leader sends AppendEntries every HeartbeatInterval, or at once when
// Start kicks it; a follower or candidate starts an election when its timer expires.
func (rf *Raft) ticker() {
	for !rf.killed() {
		rf.mu.Lock()
		switch {
		case rf.role == Leader:
			if time.Since(rf.lastBroadcast) >= HeartbeatInterval {
				rf.broadcast(true)
			} else if rf.kicked() {
				rf.broadcast(false)
			}
		case !time.Now().Before(rf.electionDeadline):
			rf.startElection()
		}
		wait := 10*time.Millisecond + time.Duration(rand.IntN(10))*time.Millisecond
		rf.mu.Unlock()
		select {
		case <-rf.kick:
			rf.mu.Lock()
			if rf.role == Leader {
				rf.broadcast(false)
			}
			rf.mu.Unlock()
		case <-time.After(wait):
		}
	}
}

// kicked reports, and clears, a pending wake-up from Start.
func (rf *Raft) kicked() bool {
	select {
	case <-rf.kick:
		return true
	default:
		return false
	}
}

// applier sends committed entries, and installed snapshots, on applyCh in index order. It never
// holds rf.mu while it sends: the service may call back into the peer meanwhile.
func (rf *Raft) applier() {
	for {
		rf.mu.Lock()
		for !rf.killed() && !rf.snapshotPending && rf.lastApplied >= rf.commitIndex {
			rf.applyCond.Wait()
		}
		if rf.killed() {
			rf.mu.Unlock()
			return
		}
		var msgs []raftapi.ApplyMsg
		if rf.snapshotPending {
			rf.snapshotPending = false
			msgs = append(msgs, raftapi.ApplyMsg{SnapshotValid: true, Snapshot: rf.snapshot,
				SnapshotTerm: rf.log.Entries[0].Term, SnapshotIndex: rf.log.Start})
			rf.lastApplied = max(rf.lastApplied, rf.log.Start)
		}
		for i := max(rf.lastApplied, rf.log.Start) + 1; i <= rf.commitIndex; i++ {
			e := rf.log.Entries[i-rf.log.Start]
			msgs = append(msgs, raftapi.ApplyMsg{CommandValid: true, Command: e.Command, CommandIndex: i, CommandTerm: e.Term})
		}
		rf.lastApplied = max(rf.lastApplied, rf.commitIndex)
		rf.mu.Unlock()
		for _, m := range msgs {
			if rf.killed() {
				return
			}
			rf.applyCh <- m
		}
	}
}
