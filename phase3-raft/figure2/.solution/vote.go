package figure2

// GrantVote decides a RequestVote RPC (Figure 2, "RequestVote RPC, Receiver
// implementation") for a voter in state.
//
// The rules, in order:
//   - A request from an older term is refused, and nothing changes (rule 1).
//   - A request from a newer term moves the voter to that term first, as any
//     RPC does: currentTerm = req.Term, votedFor = NoVote, and a leader or
//     candidate steps down (Figure 2, "Rules for Servers"). The vote is then
//     decided in the new term, and the new term must be persisted even when
//     the vote is refused.
//   - The vote is granted only if votedFor is NoVote or already
//     req.CandidateID (one vote per term, §5.2), and the candidate's log is
//     at least as up-to-date as the voter's (§5.4.1): the log whose last
//     entry has the later term is more up-to-date; with equal last terms,
//     the longer log is.
//
// Granting resets the election timer; refusing does not. The result's Term
// and VotedFor are the voter's new currentTerm and votedFor, and Persist
// says whether either changed. Granting the same candidate twice in one term
// is allowed (the reply may have been lost) and changes nothing.
func GrantVote(state VoterState, req VoteRequest) VoteResult {
	res := VoteResult{Term: state.CurrentTerm, VotedFor: state.VotedFor}

	// Receiver rule 1: reply false if term < currentTerm (§5.1).
	if req.Term < state.CurrentTerm {
		return res
	}

	// Rules for all servers: a higher term wins. Adopt it, forget the vote
	// cast in the old term, and step down.
	if req.Term > state.CurrentTerm {
		res.Term, res.VotedFor = req.Term, NoVote
		res.StepDown, res.Persist = true, true
	}

	// Receiver rule 2: one vote per term (§5.2) ...
	if res.VotedFor != NoVote && res.VotedFor != req.CandidateID {
		return res
	}
	// ... and only for a log at least as up-to-date as ours (§5.4.1).
	if !atLeastAsUpToDate(req.LastLogTerm, req.LastLogIndex, state.LastLogTerm, state.LastLogIndex) {
		return res
	}

	if res.VotedFor != req.CandidateID {
		res.Persist = true
	}
	res.Granted, res.VotedFor, res.ResetTimer = true, req.CandidateID, true
	return res
}

// atLeastAsUpToDate reports whether a log ending at (lastTerm, lastIndex) is
// at least as up-to-date as one ending at (otherTerm, otherIndex) (§5.4.1):
// compare the terms of the last entries first, and only when they are equal
// compare the lengths.
func atLeastAsUpToDate(lastTerm, lastIndex, otherTerm, otherIndex int) bool {
	if lastTerm != otherTerm {
		return lastTerm > otherTerm
	}
	return lastIndex >= otherIndex
}

// ObserveTerm applies the rule every server follows on every RPC request and
// reply it sees (Figure 2, "Rules for Servers: All Servers"): if the term
// seen is greater than the current term, it becomes the current term and the
// server steps down to follower.
//
// ObserveTerm returns the current term after seeing seen, and stepDown =
// true when it went up. When stepDown is true the caller must also set
// votedFor to NoVote, become a follower and persist. A term that is not
// higher changes nothing; in particular a candidate that hears from a leader
// of its own term steps down because of §5.2, not because of this rule.
func ObserveTerm(current, seen int) (newTerm int, stepDown bool) {
	if seen > current {
		return seen, true
	}
	return current, false
}
