// Package oracle computes the answers to the raft-paper scenarios from the rules of the Raft
// paper (Ongaro and Ousterhout, extended version), so that no test ever holds a table of typed-in
// answers. Each function is one rule, written as the paper states it:
//
//   - [AtLeastAsUpToDate]: §5.4.1, which of two logs is more up-to-date.
//   - [RequestVote]: Figure 2, RequestVote RPC, receiver implementation, with the term rule of
//     "Rules for Servers".
//   - [AppendEntries]: Figure 2, AppendEntries RPC, receiver implementation, rules 1–5.
//   - [CommitIndex]: Figure 2, "Rules for Servers", Leaders, the last rule, and §5.4.2.
//   - [CanWin] and [SafeUpTo]: §5.2 and §5.4.1 (who can collect a majority of votes), and the
//     Figure 8 question that follows (which entries a future leader could still overwrite).
//   - [Heal]: §5.1 (a stale leader steps down when it sees a higher term).
//
// A log is a slice of terms: log[i-1] is the term of the entry at index i, so the first entry is
// index 1, as in the paper. Peers are named by strings ("S1", "a", ...).
//
// Provided — no need to edit.
package oracle

import "slices"

// NoVote is the votedFor of a peer that has not voted in its current term.
const NoVote = "none"

// LastTerm returns the term of the last entry of log, 0 for an empty log.
func LastTerm(log []int) int {
	if len(log) == 0 {
		return 0
	}
	return log[len(log)-1]
}

// AtLeastAsUpToDate reports whether a log whose last entry has term candTerm and index candIndex
// is at least as up-to-date as one ending at (voterTerm, voterIndex) (§5.4.1): the log whose last
// entry has the later term is more up-to-date; when the last terms are equal, the longer log is.
func AtLeastAsUpToDate(candTerm, candIndex, voterTerm, voterIndex int) bool {
	if candTerm != voterTerm {
		return candTerm > voterTerm
	}
	return candIndex >= voterIndex
}

// Voters returns the peers (in the order of names) whose vote cand's log can get: every peer
// whose log cand's is at least as up-to-date as, cand itself included. Terms and votes already
// cast are left aside: this is a fresh election in a term higher than any peer's.
func Voters(cand string, names []string, logs map[string][]int) []string {
	var out []string
	c := logs[cand]
	for _, v := range names {
		l := logs[v]
		if AtLeastAsUpToDate(LastTerm(c), len(c), LastTerm(l), len(l)) {
			out = append(out, v)
		}
	}
	return out
}

// Majority returns the number of votes (or replicas) that is a majority of a cluster of n peers.
func Majority(n int) int { return n/2 + 1 }

// CanWin returns the peers among up that can win an election when only the peers in up are
// running: those whose logs can collect votes from a majority of all n peers (§5.2, §5.4.1).
// The result is in the order of up.
func CanWin(up []string, n int, logs map[string][]int) []string {
	var out []string
	for _, c := range up {
		if len(Voters(c, up, logs)) >= Majority(n) {
			out = append(out, c)
		}
	}
	return out
}

// VoterState is what a peer holds when a RequestVote arrives.
type VoterState struct {
	Term     int
	VotedFor string // NoVote when it has not voted in Term
	Log      []int
}

// VoteRequest is a RequestVote RPC's arguments.
type VoteRequest struct {
	Term         int
	Candidate    string
	LastLogIndex int
	LastLogTerm  int
}

// RequestVote returns the voter's state after it handles req, and whether it grants the vote.
// A higher term is adopted first, with votedFor cleared (Rules for Servers); then a request from
// an older term is refused (rule 1), and the vote is granted only when the voter has not voted
// for another candidate in this term and the candidate's log is at least as up-to-date (rule 2).
func RequestVote(s VoterState, req VoteRequest) (VoterState, bool) {
	if req.Term > s.Term {
		s.Term, s.VotedFor = req.Term, NoVote
	}
	if req.Term < s.Term {
		return s, false
	}
	if s.VotedFor != NoVote && s.VotedFor != req.Candidate {
		return s, false
	}
	if !AtLeastAsUpToDate(req.LastLogTerm, req.LastLogIndex, LastTerm(s.Log), len(s.Log)) {
		return s, false
	}
	s.VotedFor = req.Candidate
	return s, true
}

// FollowerState is what a peer holds when an AppendEntries arrives.
type FollowerState struct {
	Term   int
	Log    []int
	Commit int // commitIndex
}

// AppendRequest is an AppendEntries RPC's arguments; Entries holds the new entries' terms.
type AppendRequest struct {
	Term         int
	PrevLogIndex int
	PrevLogTerm  int
	Entries      []int
	LeaderCommit int
}

// AppendEntries returns the follower's state after it handles req, and the reply's success,
// following Figure 2's receiver implementation: (1) reply false if term < currentTerm; (2) reply
// false if the log has no entry at prevLogIndex whose term matches prevLogTerm; (3) if an existing
// entry conflicts with a new one (same index, different terms), delete it and all that follow;
// (4) append any new entries not already in the log; (5) if leaderCommit > commitIndex, set
// commitIndex = min(leaderCommit, index of last new entry). A higher term is adopted first.
// The state's log is never written into: the result has a log of its own.
func AppendEntries(s FollowerState, req AppendRequest) (FollowerState, bool) {
	s.Log = slices.Clone(s.Log)
	if req.Term > s.Term {
		s.Term = req.Term
	}
	if req.Term < s.Term {
		return s, false
	}
	if req.PrevLogIndex > len(s.Log) || req.PrevLogIndex > 0 && s.Log[req.PrevLogIndex-1] != req.PrevLogTerm {
		return s, false
	}
	for k, term := range req.Entries {
		i := req.PrevLogIndex + 1 + k // the index of this new entry
		if i <= len(s.Log) && s.Log[i-1] == term {
			continue
		}
		s.Log = append(s.Log[:i-1], req.Entries[k:]...)
		break
	}
	if req.LeaderCommit > s.Commit {
		s.Commit = min(req.LeaderCommit, req.PrevLogIndex+len(req.Entries))
	}
	return s, true
}

// MatchIndex returns how much of leader's log a peer holding log has: the highest index at which
// both logs hold an entry of the same term (by the Log Matching Property, they agree on every
// entry up to it), 0 when there is none.
func MatchIndex(leader, log []int) int {
	for i := min(len(leader), len(log)); i > 0; i-- {
		if leader[i-1] == log[i-1] {
			return i
		}
	}
	return 0
}

// CommitIndex returns the commitIndex of a leader of term whose log is logs[leader] once it knows
// every peer's matchIndex (each peer's MatchIndex with the leader, the leader counting its whole
// log): the highest N > commit such that a majority of the peers have matchIndex ≥ N and the
// entry at N has the leader's current term (Figure 2, Rules for Servers, Leaders; §5.4.2). When
// there is none, commit is unchanged: an entry of an earlier term is never committed by counting
// its replicas, only along with an entry of the current term after it.
func CommitIndex(leader string, term, commit int, names []string, logs map[string][]int) int {
	l := logs[leader]
	for n := len(l); n > commit; n-- {
		if l[n-1] != term {
			continue
		}
		count := 0
		for _, p := range names {
			m := len(l)
			if p != leader {
				m = MatchIndex(l, logs[p])
			}
			if m >= n {
				count++
			}
		}
		if count >= Majority(len(names)) {
			return n
		}
	}
	return commit
}

// SafeUpTo returns the highest index N such that no entry up to N of holder's log can ever be
// overwritten: no peer whose log lacks one of those entries (no entry at that index, or one of
// another term) can collect a majority of votes (§5.4.1), so every future leader has them (the
// Leader Completeness argument of §5.4.3). It assumes that no other leader is still in office
// with entries to hand out. A peer lacking entry i lacks every later entry of holder's log too,
// so the safe entries are a prefix.
func SafeUpTo(holder string, names []string, logs map[string][]int) int {
	h := logs[holder]
	winners := CanWin(names, len(names), logs)
	safe := 0
	for i := 1; i <= len(h); i++ {
		for _, w := range winners {
			if l := logs[w]; len(l) < i || l[i-1] != h[i-1] {
				return safe
			}
		}
		safe = i
	}
	return safe
}

// HealPeer is one peer of a cluster whose partition has just healed.
type HealPeer struct {
	Name   string
	Term   int
	Leader bool // it believed it was the leader of Term when the network healed
	Log    []int
}

// Heal returns who leads once a partition heals and the cluster is quiet again, its term, and
// the log every peer then holds. It assumes that the followers of the minority side kept hearing
// their old leader (so never started an election) and that the majority side elected its leader
// properly: the leader of the highest term wins. A leader of an older term sees the higher term
// in the first reply or request from the other side and steps down (§5.1, Rules for Servers);
// the new leader then makes every follower's log match its own (§5.3).
func Heal(peers []HealPeer) (leader string, term int, log []int) {
	for _, p := range peers {
		if p.Leader && (leader == "" || p.Term > term) {
			leader, term, log = p.Name, p.Term, slices.Clone(p.Log)
		}
	}
	return leader, term, log
}
