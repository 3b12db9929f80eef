package figure2

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

type commitCase struct {
	name        string
	log         Log
	currentTerm int
	matchIndex  []int
	me          int
	commitIndex int
	want        int
	why         string
}

func runCommitCases(t *testing.T, cases []commitCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := AdvanceCommit(c.log, c.currentTerm, c.matchIndex, c.me, c.commitIndex)
			assert.Equal(t, c.want, got,
				"AdvanceCommit(log %q, currentTerm %d, matchIndex %v, me %d, commitIndex %d): %s (Figure 2, Rules for Servers: Leaders, last rule)",
				termsOf(c.log), c.currentTerm, c.matchIndex, c.me, c.commitIndex, c.why)
		})
	}
}

// TestAdvanceCommit_Figure8 replays Figure 8 (§5.4.2) with S1 as leader.
func TestAdvanceCommit_Figure8(t *testing.T) {
	runCommitCases(t, []commitCase{
		{
			name: "(a) index 2 of term 2 on S1 and S2 only is not committed",
			log:  logOf(1, 2), currentTerm: 2, matchIndex: []int{2, 2, 1, 1, 1}, me: s1, commitIndex: 1, want: 1,
			why: "Figure 8 (a): index 2 is on 2 of 5 servers, not a majority",
		},
		{
			name: "(c) index 2 of term 2 on a majority is still not committed in term 4",
			log:  logOf(1, 2, 4), currentTerm: 4, matchIndex: []int{3, 2, 2, 1, 1}, me: s1, commitIndex: 1, want: 1,
			why: "Figure 8 (c): index 2 is on S1, S2, S3, a majority, but its term is 2, not the leader's 4; in (d) S5 can still be elected and overwrite it. Never commit an entry of an earlier term by counting replicas: require log[N].term == currentTerm (§5.4.2)",
		},
		{
			name: "(e) index 3 of term 4 on a majority commits it, and index 2 with it",
			log:  logOf(1, 2, 4), currentTerm: 4, matchIndex: []int{3, 3, 3, 1, 1}, me: s1, commitIndex: 1, want: 3,
			why: "Figure 8 (e): index 3 has the current term 4 and is on S1, S2, S3: commit it; index 2 is committed indirectly, by the Log Matching Property (§5.4.2)",
		},
		{
			name: "(e) once committed, stays committed",
			log:  logOf(1, 2, 4), currentTerm: 4, matchIndex: []int{3, 3, 3, 1, 1}, me: s1, commitIndex: 3, want: 3,
			why: "nothing above 3 to commit: return commitIndex unchanged",
		},
	})
}

func TestAdvanceCommit_Majority(t *testing.T) {
	runCommitCases(t, []commitCase{
		{
			name: "a one-peer cluster is its own majority",
			log:  logOf(1, 1), currentTerm: 1, matchIndex: []int{0}, me: 0, commitIndex: 0, want: 2,
			why: "with one peer the leader alone is a majority: commit its whole log",
		},
		{
			name: "the leader counts itself even when its own matchIndex slot is stale",
			log:  logOf(1, 1, 1, 2, 2), currentTerm: 2, matchIndex: []int{0, 5, 0}, me: 0, commitIndex: 3, want: 5,
			why: "the leader holds its whole log, so leader + peer 1 = 2 of 3 have index 5: commit 5; matchIndex[me] is not read",
		},
		{
			name: "the leader counts itself wherever it sits in matchIndex",
			log:  logOf(1, 1, 1, 2, 2), currentTerm: 2, matchIndex: []int{4, 0, 0}, me: 2, commitIndex: 3, want: 4,
			why: "me is 2: leader + peer 0 (matchIndex 4) = 2 of 3 have index 4; index 5 is only on the leader",
		},
		{
			name: "five peers need three",
			log:  logOf(1, 1, 2, 3, 3, 3, 3), currentTerm: 3, matchIndex: []int{0, 7, 6, 4, 4}, me: 0, commitIndex: 2, want: 6,
			why: "index 6 is on the leader, peer 1 (7) and peer 2 (6): 3 of 5; index 7 is on 2 of 5",
		},
		{
			name: "four peers need three",
			log:  logOf(1, 1, 1), currentTerm: 1, matchIndex: []int{0, 3, 1, 1}, me: 0, commitIndex: 1, want: 1,
			why: "index 2 and 3 are on the leader and peer 1 only: 2 of 4 is not a majority (need more than half)",
		},
		{
			name: "a new leader commits nothing until an entry of its term is replicated",
			log:  logOf(1, 1, 2), currentTerm: 3, matchIndex: []int{0, 3, 3}, me: 0, commitIndex: 1, want: 1,
			why: "every entry is on every peer, but none is from term 3: nothing can be committed by counting (§5.4.2) — this is why a new leader appends an entry of its own term",
		},
		{
			name: "commitIndex never goes down",
			log:  logOf(1, 1, 1, 1, 1), currentTerm: 1, matchIndex: []int{0, 2, 2}, me: 0, commitIndex: 5, want: 5,
			why: "the followers' matchIndex lags, but 5 is already committed: look only above commitIndex",
		},
		{
			name: "log after a snapshot",
			log:  logAt(5, 2, 3, 3), currentTerm: 3, matchIndex: []int{0, 7, 6}, me: 0, commitIndex: 5, want: 7,
			why: "snapshot through 5; entries 6 and 7 of term 3: index 7 is on the leader and peer 1, 2 of 3; entry i is at Entries[i-Start]",
		},
	})
}
