package figure2

// AcceptAppend applies an AppendEntries request to a follower's log and
// commitIndex (Figure 2, "AppendEntries RPC, Receiver implementation",
// rules 2–5) and returns the reply with the follower's new state.
//
// The term rules are the caller's, because they need state this function
// does not see: before calling AcceptAppend, reply false if req.Term <
// currentTerm (rule 1), adopt a higher term (ObserveTerm), become a follower
// and reset the election timer.
//
// The rules:
//   - Rule 2: reject unless the log holds an entry at PrevLogIndex with term
//     PrevLogTerm. The rejection carries a ConflictHint: the term of the
//     entry at PrevLogIndex and the first index of that term, or just the
//     log length when the log is too short.
//   - Rule 3: if an existing entry conflicts with a new one (same index,
//     different terms), delete it and all that follow it. Only a real
//     conflict deletes anything: a delayed or re-delivered request whose
//     entries the log already holds changes nothing, even when the log goes
//     on past them, because those later entries may already be committed.
//   - Rule 4: append the new entries not already in the log.
//   - Rule 5: if LeaderCommit > commitIndex, set commitIndex =
//     min(LeaderCommit, index of the last new entry), the last new entry
//     being PrevLogIndex+len(Entries): entries past it were not checked
//     against the leader's log. commitIndex never decreases.
//
// Entries at or before log.Start are in the follower's snapshot; they are
// committed, so they match the leader's, and are neither checked nor
// compared. A request whose PrevLogIndex is before log.Start is checked
// from log.Start on.
//
// Ownership: AcceptAppend never modifies the entries of log or of
// req.Entries. The returned Log shares log's entries when nothing had to be
// deleted (appending may use log's spare capacity, as append does) and is a
// fresh slice after a deletion, so a goroutine still reading the old log
// (to persist it, or to build a request from it) sees it unchanged. Store
// the returned Log in place of the old one.
func AcceptAppend(log Log, commitIndex int, req AppendRequest) AppendResult {
	// TODO(weekend 14): apply the AppendEntries receiver rules 2–5 of Figure 2; delete entries only on a real conflict.
	return AppendResult{}
}
