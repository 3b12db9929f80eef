package figure2

// NextIndexAfterReject returns the leader's new nextIndex for a follower that
// rejected an AppendEntries with hint (the "accelerated log backtracking" at
// the end of §5.3). Instead of backing up one entry per round trip, the
// leader skips every entry the hint proves it need not retry:
//
//   - The follower's log is too short (XTerm 0): retry at its end, XLen.
//   - The leader has entries of term XTerm: retry just after its last entry
//     of that term. The follower's run of XTerm entries starts at or before
//     that point, so the entries up to it match.
//   - The leader has no entry of term XTerm: every follower entry of that
//     term is wrong, so retry at the first of them, XIndex.
//
// Terms never decrease along a log, so the search for XTerm can walk back
// from the leader's last entry and stop at the first smaller term. The
// result is at least 1 and at most leaderLog.LastIndex()+1. A result at or
// before leaderLog.Start asks for entries the leader has dropped into its
// snapshot: send InstallSnapshot instead.
func NextIndexAfterReject(leaderLog Log, hint ConflictHint) int {
	next := hint.XLen // the follower's log is too short
	if hint.XTerm != 0 {
		next = hint.XIndex // unless the leader has entries of XTerm:
		for i := leaderLog.LastIndex(); i >= leaderLog.Start; i-- {
			term, _ := leaderLog.Term(i)
			if term == hint.XTerm {
				next = i + 1
				break
			}
			if term < hint.XTerm {
				break
			}
		}
	}
	return min(max(next, 1), leaderLog.LastIndex()+1)
}
