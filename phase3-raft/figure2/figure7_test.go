package figure2

// The logs of Figure 7 (§5.3): the leader of term 8 and six followers,
// (a)–(f), at the moment the leader comes to power. Entries 1..n, by term.
// Each call builds fresh logs, so an implementation that writes into a log
// it was given cannot spoil the next test.

// figure7Leader returns the leader's log.
func figure7Leader() Log { return logOf(1, 1, 1, 4, 4, 5, 5, 6, 6, 6) }

// figure7Names lists the followers in the order the figure draws them.
var figure7Names = []string{"(a)", "(b)", "(c)", "(d)", "(e)", "(f)"}

// figure7Follower returns the log of follower name, "(a)" to "(f)".
func figure7Follower(name string) Log {
	switch name {
	case "(a)":
		return logOf(1, 1, 1, 4, 4, 5, 5, 6, 6)
	case "(b)":
		return logOf(1, 1, 1, 4)
	case "(c)":
		return logOf(1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6)
	case "(d)":
		return logOf(1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7)
	case "(e)":
		return logOf(1, 1, 1, 4, 4, 4, 4)
	case "(f)":
		return logOf(1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3)
	}
	return logOf()
}

// figure7Request is the AppendEntries the leader of Figure 7 (term 8, commit
// index 3) sends to a peer whose nextIndex is next, with extra entries of
// its own term appended after its log.
func figure7Request(next int, extra ...Entry) AppendRequest {
	leader := figure7Leader()
	prevTerm, _ := termAt(leader, next-1)
	return AppendRequest{
		Term:         8,
		LeaderID:     0,
		PrevLogIndex: next - 1,
		PrevLogTerm:  prevTerm,
		Entries:      append(leaderEntries(leader, next), extra...),
		LeaderCommit: 3,
	}
}
