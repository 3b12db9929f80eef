package figure2

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNextIndexAfterReject_Figure7(t *testing.T) {
	cases := []struct {
		name   string
		leader Log
		hint   ConflictHint
		want   int
		why    string
	}{
		{"(a) too short: go to its end", figure7Leader(), ConflictHint{XLen: 10}, 10,
			"XTerm 0 means the follower has no entry at prev: its log is XLen=10 long, so retry at nextIndex 10"},
		{"(b) too short: go to its end", figure7Leader(), ConflictHint{XLen: 5}, 5,
			"XTerm 0: the follower's log ends at 4, so retry at nextIndex = XLen = 5, skipping 6 round trips"},
		{"(e) leader has term 4: go just past its last entry of term 4", figure7Leader(), ConflictHint{XTerm: 4, XIndex: 4, XLen: 8}, 6,
			"the leader has entries of term 4 and its last one is at 5: the follower's run of term 4 matches up to there, so retry at 6"},
		{"(f) leader has no term 3: go to the first entry of term 3", figure7Leader(), ConflictHint{XTerm: 3, XIndex: 7, XLen: 12}, 7,
			"the leader has no entry of term 3, so every follower entry of term 3 is wrong: retry at XIndex = 7"},
		{"(f) leader has no term 2: go to the first entry of term 2", figure7Leader(), ConflictHint{XTerm: 2, XIndex: 4, XLen: 12}, 4,
			"the leader has no entry of term 2: retry at XIndex = 4"},
		{"leader has term 5: go just past its last entry of term 5", figure7Leader(), ConflictHint{XTerm: 5, XIndex: 6, XLen: 9}, 8,
			"follower 1 1 1 4 4 5 5 5 rejected prev 8 (term 5, not 6); the leader's last term-5 entry is 7: retry at 8"},
		{"leader after a snapshot: a result at or before Start means send a snapshot", logAt(5, 4, 5, 5), ConflictHint{XTerm: 2, XIndex: 2, XLen: 9}, 2,
			"the leader (snapshot through 5) has no entry of term 2 after its snapshot, so the answer is XIndex 2; 2 ≤ Start tells the caller to send InstallSnapshot"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := NextIndexAfterReject(c.leader, c.hint)
			assert.Equal(t, c.want, got, "NextIndexAfterReject(leader %q, %+v): %s (accelerated log backtracking, end of §5.3)", termsOf(c.leader), c.hint, c.why)
		})
	}
}

// TestNextIndexAfterReject_FewerRoundsThanOneByOne plays the leader of
// Figure 7 after it has appended its first entry of term 8 at index 11, and
// counts the AppendEntries round trips until each follower accepts: once
// with nextIndex-- after every rejection (§5.3) and once with
// NextIndexAfterReject. After the accepting round, every follower's log must
// equal the leader's.
func TestNextIndexAfterReject_FewerRoundsThanOneByOne(t *testing.T) {
	leader := logOf(append(termsAsInts(figure7Leader()), 8)...)
	want := map[string]struct{ oneByOne, fast int }{
		"(a)": {3, 2}, "(b)": {8, 2}, "(c)": {2, 2}, "(d)": {2, 2}, "(e)": {7, 3}, "(f)": {9, 3},
	}
	request := func(next int) AppendRequest {
		prevTerm, _ := termAt(leader, next-1)
		return AppendRequest{Term: 8, PrevLogIndex: next - 1, PrevLogTerm: prevTerm, Entries: leaderEntries(leader, next), LeaderCommit: 3}
	}
	for _, follower := range figure7Names {
		for _, fast := range []bool{false, true} {
			name, wantRounds := follower+" one by one", want[follower].oneByOne
			if fast {
				name, wantRounds = follower+" with NextIndexAfterReject", want[follower].fast
			}
			t.Run(name, func(t *testing.T) {
				log, next, rounds := figure7Follower(follower), lastIndexOf(leader)+1, 0
				for {
					rounds++
					require.LessOrEqual(t, rounds, 20, "follower %s never accepted: prev=0 with prevTerm=0 always matches the sentinel (rule 2)", follower)
					require.True(t, next >= 1 && next <= lastIndexOf(leader)+1,
						"follower %s, round %d: nextIndex became %d, outside [1, %d]: NextIndexAfterReject must return an index the leader can send from", follower, rounds, next, lastIndexOf(leader)+1)
					req := request(next)
					res := AcceptAppend(log, 3, req)
					if res.Success {
						log = res.Log
						break
					}
					if fast {
						next = NextIndexAfterReject(leader, res.Hint)
					} else {
						next--
					}
				}
				assert.Equal(t, termsOf(leader), termsOf(log),
					"follower %s after the accepting AppendEntries (nextIndex %d): its log must now equal the leader's (Figure 2, AppendEntries receiver rules 3 and 4)", follower, next)
				assert.Equal(t, wantRounds, rounds,
					"follower %s (%q) took %d round trips, want %d: reject while prev does not match, accept once it does; with hints the leader skips a whole term per round trip (end of §5.3)",
					follower, termsOf(figure7Follower(follower)), rounds, wantRounds)
			})
		}
	}
}
