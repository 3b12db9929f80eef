package raft

import (
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"dsweekends/phase3-raft/figure2"
	"dsweekends/phase3-raft/raftapi"
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

	role             Role
	electionDeadline time.Time // when a follower or candidate starts the next election
	lastBroadcast    time.Time // when the leader last sent AppendEntries to everyone

	// Snapshots (3D).
	snapshot []byte // the latest snapshot, covering the log up to log.Start
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
		votedFor:  figure2.NoVote,
		log:       figure2.NewLog(),
	}
	rf.readPersist(persister.ReadRaftState())
	// TODO(weekend 17): start a goroutine that sends committed entries on applyCh.
	go rf.ticker()
	return rf
}

// GetState returns the current term and whether this peer believes it is the leader.
func (rf *Raft) GetState() (int, bool) {
	// TODO(weekend 15): return currentTerm and whether this peer is the leader, under rf.mu.
	return 0, false
}

// Start proposes command. A leader appends it to its log and returns at once with the index it
// will have if it commits; anyone else returns isLeader false.
func (rf *Raft) Start(command any) (int, int, bool) {
	// TODO(weekend 17): if leader, append {currentTerm, command} to the log, get it replicated,
	// and return its index, the term and true.
	return -1, 0, false
}

// Kill stops the peer: its goroutines must end soon after, and it sends nothing more on applyCh.
func (rf *Raft) Kill() {
	rf.dead.Store(true)
	// TODO(weekend 17): wake any goroutine that waits (a sync.Cond, a channel) so it sees killed.
}

func (rf *Raft) killed() bool { return rf.dead.Load() }

// ticker runs until Kill. It wakes up every few tens of milliseconds.
func (rf *Raft) ticker() {
	for !rf.killed() {
		// TODO(weekend 15): a follower or candidate whose election timeout has passed starts an
		// election (figure2.ElectionTimeout picks the timeout); a leader sends heartbeats
		// (empty AppendEntries) every HeartbeatInterval.

		time.Sleep(time.Duration(50+rand.IntN(300)) * time.Millisecond)
	}
}
