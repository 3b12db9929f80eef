// Provided — no need to edit. The exercise lives in vote.go, election.go
// (weekend 13), appendentries.go, backup.go and commit.go (weekend 14).

// Package figure2 holds the rules of Raft's Figure 2 as pure functions.
//
// Figure 2 of the Raft paper (Ongaro & Ousterhout, "In Search of an
// Understandable Consensus Algorithm", extended version) is a page of rules.
// Most Raft bugs are one of those rules applied slightly wrong, hidden under
// locks, goroutines, timers and RPCs. This package takes the rules out of
// that noise: every function here takes plain values, returns plain values,
// touches no clock, no lock and no network, and is tested against the
// scenarios the paper itself draws (Figures 7 and 8, §5.4.1).
//
// Your Raft (weekends 15–18) imports this package and calls these functions
// from its RPC handlers, so the API is final. A typical RequestVote handler:
//
//	rf.mu.Lock()
//	defer rf.mu.Unlock()
//	res := figure2.GrantVote(figure2.VoterState{
//		CurrentTerm:  rf.currentTerm,
//		VotedFor:     rf.votedFor,
//		LastLogIndex: rf.log.LastIndex(),
//		LastLogTerm:  rf.log.LastTerm(),
//	}, figure2.VoteRequest{Term: args.Term, CandidateID: args.CandidateID,
//		LastLogIndex: args.LastLogIndex, LastLogTerm: args.LastLogTerm})
//	if res.StepDown {
//		rf.becomeFollower()
//	}
//	rf.currentTerm, rf.votedFor = res.Term, res.VotedFor
//	if res.Persist {
//		rf.persist()
//	}
//	if res.ResetTimer {
//		rf.resetElectionTimer()
//	}
//	reply.Term, reply.VoteGranted = res.Term, res.Granted
//
// and an AppendEntries handler:
//
//	if args.Term < rf.currentTerm { // rule 1: a stale leader
//		reply.Term, reply.Success = rf.currentTerm, false
//		return
//	}
//	if term, higher := figure2.ObserveTerm(rf.currentTerm, args.Term); higher {
//		rf.currentTerm, rf.votedFor = term, figure2.NoVote
//		rf.persist()
//	}
//	rf.becomeFollower()      // a leader of this term exists (§5.2)
//	rf.resetElectionTimer()  // ... and it is alive
//	res := figure2.AcceptAppend(rf.log, rf.commitIndex, figure2.AppendRequest{...})
//	rf.log = res.Log
//	if res.LogChanged {
//		rf.persist()
//	}
//	rf.commitIndex = res.CommitIndex // then wake the applier
//	reply.Term, reply.Success, reply.Hint = rf.currentTerm, res.Success, res.Hint
//
// On the leader, a rejected AppendEntries moves nextIndex with
// NextIndexAfterReject, and every successful one is followed by
// AdvanceCommit.
//
// Nothing in this package keeps state or starts goroutines, so every
// function is safe to call from any goroutine; the values you pass in are
// yours to protect (call these functions while holding your Raft's lock).
package figure2
