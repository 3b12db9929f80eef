package raft

import (
	"dsweekends/phase3-raft/figure2"
	"dsweekends/phase3-raft/raftdebug"
)

// RequestVoteArgs is the RequestVote RPC's request (Figure 2).
type RequestVoteArgs struct {
	Term         int // the candidate's term
	CandidateID  int // the candidate requesting the vote
	LastLogIndex int // index of the candidate's last log entry (§5.4)
	LastLogTerm  int // term of the candidate's last log entry (§5.4)
}

// RequestVoteReply is the RequestVote RPC's reply (Figure 2).
type RequestVoteReply struct {
	Term        int  // the voter's currentTerm, for the candidate to update itself
	VoteGranted bool // true means the candidate received the vote
}

// RequestVote is the RequestVote RPC handler. The rules themselves are figure2.GrantVote;
// this handler applies its verdict to the peer's state.
func (rf *Raft) RequestVote(args *RequestVoteArgs, reply *RequestVoteReply) {
	rf.mu.Lock()
	defer rf.mu.Unlock()
	res := figure2.GrantVote(figure2.VoterState{
		CurrentTerm:  rf.currentTerm,
		VotedFor:     rf.votedFor,
		LastLogIndex: rf.log.LastIndex(),
		LastLogTerm:  rf.log.LastTerm(),
	}, figure2.VoteRequest{Term: args.Term, CandidateID: args.CandidateID,
		LastLogIndex: args.LastLogIndex, LastLogTerm: args.LastLogTerm})
	if res.StepDown {
		rf.becomeFollower(res.Term)
	}
	rf.currentTerm, rf.votedFor = res.Term, res.VotedFor
	if res.Persist {
		rf.persist() // a vote is a promise: it must survive a crash before the reply leaves
	}
	if res.ResetTimer {
		rf.resetElectionTimer() // granting a vote counts as hearing from a would-be leader
		raftdebug.Event(rf.me, raftdebug.Vote, raftdebug.VoteGranted, rf.currentTerm, "to %d", args.CandidateID)
	}
	reply.Term, reply.VoteGranted = res.Term, res.Granted
}

// sendRequestVote calls RequestVote on peer server and reports whether a reply came back.
func (rf *Raft) sendRequestVote(server int, args *RequestVoteArgs, reply *RequestVoteReply) bool {
	return rf.peers[server].Call("Raft.RequestVote", args, reply)
}

// startElection turns the peer into a candidate of a new term and asks every peer for its vote
// (Rules for Servers, Candidates). Call it with rf.mu held; the votes are collected by one
// goroutine per peer.
func (rf *Raft) startElection() {
	rf.role = Candidate
	rf.currentTerm++
	rf.votedFor = rf.me
	rf.persist()
	rf.resetElectionTimer()
	raftdebug.Event(rf.me, raftdebug.Vote, raftdebug.ElectionStart, rf.currentTerm, "")
	args := RequestVoteArgs{Term: rf.currentTerm, CandidateID: rf.me,
		LastLogIndex: rf.log.LastIndex(), LastLogTerm: rf.log.LastTerm()}
	votes := 1 // our own
	for p := range rf.peers {
		if p == rf.me {
			continue
		}
		go func() {
			var reply RequestVoteReply
			if !rf.sendRequestVote(p, &args, &reply) {
				return
			}
			rf.mu.Lock()
			defer rf.mu.Unlock()
			if reply.Term > rf.currentTerm {
				rf.becomeFollower(reply.Term)
				return
			}
			// A reply to an older election, or one that arrives after we won or lost, counts
			// for nothing.
			if rf.role != Candidate || rf.currentTerm != args.Term || !reply.VoteGranted {
				return
			}
			if votes++; votes == len(rf.peers)/2+1 {
				rf.becomeLeader()
			}
		}()
	}
}

// becomeLeader takes over after winning an election: nextIndex starts just past the leader's
// log, matchIndex at zero, and an empty AppendEntries round tells everyone at once (§5.2).
func (rf *Raft) becomeLeader() {
	rf.role = Leader
	raftdebug.Event(rf.me, raftdebug.Leader, raftdebug.BecameLeader, rf.currentTerm, "")
	rf.nextIndex = make([]int, len(rf.peers))
	rf.matchIndex = make([]int, len(rf.peers))
	rf.inflight = make([]int, len(rf.peers))
	for p := range rf.peers {
		rf.nextIndex[p] = rf.log.LastIndex() + 1
	}
	rf.broadcast(true)
}
