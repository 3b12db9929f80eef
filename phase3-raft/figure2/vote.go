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
	// TODO(weekend 13): apply the RequestVote receiver rules of Figure 2: the term check, one vote per term, and the §5.4.1 up-to-date log check.
	return VoteResult{}
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
	// TODO(weekend 13): a higher term seen in any RPC becomes the current term and means step down.
	return 0, false
}
