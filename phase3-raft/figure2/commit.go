package figure2

// AdvanceCommit returns the leader's new commitIndex (Figure 2, "Rules for
// Servers: Leaders", last rule): the highest N > commitIndex such that a
// majority of matchIndex[i] ≥ N and log[N].term == currentTerm, or
// commitIndex when there is none.
//
// matchIndex has one slot per peer, the leader's included, so
// len(matchIndex) is the cluster size; the leader always matches its whole
// log, so matchIndex[me] is not read.
//
// The term condition is the lesson of Figure 8 (§5.4.2): an entry from an
// earlier term can be on a majority and still be overwritten by a later
// leader, so a leader never commits such an entry by counting replicas. It
// commits it indirectly, by committing an entry of its own term that comes
// after it (the Log Matching Property carries the earlier entries along).
func AdvanceCommit(log Log, currentTerm int, matchIndex []int, me int, commitIndex int) int {
	// TODO(weekend 14): find the highest N on a majority whose entry is from currentTerm (Figure 8).
	return 0
}
