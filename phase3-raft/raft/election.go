package raft

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

// RequestVote is the RequestVote RPC handler: the network calls it when a candidate calls
// rf.peers[i].Call("Raft.RequestVote", args, reply).
func (rf *Raft) RequestVote(args *RequestVoteArgs, reply *RequestVoteReply) {
	// TODO(weekend 15): under rf.mu, ask figure2.GrantVote for the verdict and apply it: step
	// down on a higher term, record the term and the vote, persist if asked, reset the election
	// timer if asked, and fill in reply.
}

// sendRequestVote calls RequestVote on peer server and reports whether a reply came back. A call
// can fail (a lost request or reply, a dead peer) after a while; never hold rf.mu across it.
func (rf *Raft) sendRequestVote(server int, args *RequestVoteArgs, reply *RequestVoteReply) bool {
	return rf.peers[server].Call("Raft.RequestVote", args, reply)
}
