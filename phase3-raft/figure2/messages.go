// Provided — no need to edit.

package figure2

// NoVote is the votedFor of a peer that has not voted in its current term
// (Figure 2's "null"). Peer ids start at 0, so 0 means "voted for peer 0":
// initialize votedFor to NoVote, and set it back to NoVote whenever the term
// goes up.
const NoVote = -1

// VoterState is what a peer must know to answer a RequestVote: its
// persistent currentTerm and votedFor, and the index and term of the last
// entry in its log (Figure 2, "Persistent state on all servers").
type VoterState struct {
	CurrentTerm  int
	VotedFor     int // NoVote or a peer id
	LastLogIndex int
	LastLogTerm  int
}

// VoteRequest holds the arguments of a RequestVote RPC (Figure 2).
type VoteRequest struct {
	Term         int // the candidate's term
	CandidateID  int // the candidate requesting the vote
	LastLogIndex int // index of the candidate's last log entry (§5.4)
	LastLogTerm  int // term of the candidate's last log entry (§5.4)
}

// VoteResult is GrantVote's answer: the reply to send and everything the
// voter must change before sending it.
type VoteResult struct {
	// Granted is the reply's voteGranted.
	Granted bool
	// Term is the voter's currentTerm after the request, and the reply's
	// term: the request's term when it was higher, else unchanged.
	Term int
	// VotedFor is the voter's votedFor after the request: the candidate when
	// Granted, NoVote when the term went up without a grant, else unchanged.
	VotedFor int
	// StepDown is true when the request carried a higher term: a leader or
	// candidate must become a follower (Figure 2, "Rules for Servers").
	StepDown bool
	// ResetTimer is true when the election timer must restart: only when the
	// vote is granted, never on a refusal (a peer with a stale log must not
	// keep delaying the election of a peer that can win).
	ResetTimer bool
	// Persist is true when currentTerm or votedFor changed, so they must be
	// saved to stable storage before the reply is sent.
	Persist bool
}

// AppendRequest holds the arguments of an AppendEntries RPC (Figure 2).
// Term and LeaderID are here so it can double as the RPC arguments;
// AcceptAppend does not read them (the term rules are the caller's, see
// AcceptAppend).
type AppendRequest struct {
	Term         int     // the leader's term
	LeaderID     int     // so a follower can redirect clients
	PrevLogIndex int     // index of the entry just before the new ones
	PrevLogTerm  int     // term of the entry at PrevLogIndex
	Entries      []Entry // entries PrevLogIndex+1, PrevLogIndex+2, ...; empty for a heartbeat
	LeaderCommit int     // the leader's commitIndex
}

// ConflictHint is what a follower tells a leader when it rejects an
// AppendEntries, so the leader can skip back a whole term at a time instead
// of one entry per round trip (the "accelerated log backtracking" at the end
// of §5.3).
type ConflictHint struct {
	// XTerm is the term of the follower's entry at PrevLogIndex, or 0 when
	// the follower has no entry there (its log is too short). No real entry
	// has term 0: terms start at 1.
	XTerm int
	// XIndex is the first index in the follower's log that holds an entry of
	// term XTerm (no lower than Start+1), or 0 when XTerm is 0.
	XIndex int
	// XLen is the follower's log length counting the sentinel,
	// LastIndex()+1: the next index it could accept.
	XLen int
}

// AppendResult is AcceptAppend's answer: the reply to send and the
// follower's state after the request.
type AppendResult struct {
	// Success is the reply's success: the follower's log held an entry at
	// PrevLogIndex with term PrevLogTerm.
	Success bool
	// Log is the follower's log after the request; it replaces the log that
	// was passed in. On a rejection it is the log that was passed in.
	Log Log
	// LogChanged is true when Log differs from the log passed in (entries
	// were deleted or appended), so it must be persisted before the reply is
	// sent. Re-delivering a request already applied changes nothing.
	LogChanged bool
	// CommitIndex is the follower's commitIndex after the request. It never
	// decreases.
	CommitIndex int
	// Hint says where the leader should back up to; it is set only when
	// Success is false.
	Hint ConflictHint
}
