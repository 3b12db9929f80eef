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
	res := AppendResult{Log: log, CommitIndex: commitIndex}

	// Rule 2: the consistency check on (PrevLogIndex, PrevLogTerm). An index
	// inside the snapshot needs no check: it is committed.
	if req.PrevLogIndex >= log.Start {
		term, ok := log.Term(req.PrevLogIndex)
		if !ok {
			res.Hint = ConflictHint{XLen: log.LastIndex() + 1}
			return res
		}
		if term != req.PrevLogTerm {
			res.Hint = conflictHint(log, req.PrevLogIndex, term)
			return res
		}
	}
	res.Success = true

	// Rules 3 and 4: walk the new entries; skip the ones already present,
	// and at the first one missing or conflicting, replace the rest of the
	// log with the rest of the request.
	for i, e := range req.Entries {
		index := req.PrevLogIndex + 1 + i
		if index <= log.Start {
			continue // in the snapshot: committed, so it matches
		}
		if term, ok := log.Term(index); ok && term == e.Term {
			continue // already there; by the Log Matching Property so is all before it
		}
		res.Log = replaceFrom(log, index, req.Entries[i:])
		res.LogChanged = true
		break
	}

	// Rule 5: commit what the leader has committed, but only as far as this
	// request proved our log matches the leader's.
	if req.LeaderCommit > commitIndex {
		lastNew := req.PrevLogIndex + len(req.Entries)
		res.CommitIndex = max(commitIndex, min(req.LeaderCommit, lastNew))
	}
	return res
}

// conflictHint builds the hint for a rejection at prev, where log holds an
// entry of term xterm: the first index of the run of xterm entries that ends
// at prev, no earlier than Start+1 (entries before are in the snapshot).
func conflictHint(log Log, prev, xterm int) ConflictHint {
	first := prev
	for first-1 > log.Start {
		if term, _ := log.Term(first - 1); term != xterm {
			break
		}
		first--
	}
	return ConflictHint{XTerm: xterm, XIndex: first, XLen: log.LastIndex() + 1}
}

// replaceFrom returns log with the entries from index on replaced by
// entries. Appending at the end reuses log's slice, as append does; deleting
// copies what is kept into a fresh slice so log's entries stay untouched.
func replaceFrom(log Log, index int, entries []Entry) Log {
	keep := index - log.Start
	if keep == len(log.Entries) {
		return Log{Start: log.Start, Entries: append(log.Entries, entries...)}
	}
	fresh := make([]Entry, keep, keep+len(entries))
	copy(fresh, log.Entries[:keep])
	return Log{Start: log.Start, Entries: append(fresh, entries...)}
}
