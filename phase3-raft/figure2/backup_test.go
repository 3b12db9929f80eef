package figure2

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"dsweekends/testkit/say"
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
			say.T("XTerm 0은 팔로워의 prev 자리에 엔트리가 없다는 뜻입니다: 로그 길이가 XLen=10이니 nextIndex 10에서 다시 시도합니다", "XTerm 0 means the follower has no entry at prev: its log is XLen=10 long, so retry at nextIndex 10")},
		{"(b) too short: go to its end", figure7Leader(), ConflictHint{XLen: 5}, 5,
			say.T("XTerm 0: 팔로워의 로그가 4에서 끝나니 nextIndex = XLen = 5에서 다시 시도해 왕복 6번을 건너뜁니다", "XTerm 0: the follower's log ends at 4, so retry at nextIndex = XLen = 5, skipping 6 round trips")},
		{"(e) leader has term 4: go just past its last entry of term 4", figure7Leader(), ConflictHint{XTerm: 4, XIndex: 4, XLen: 8}, 6,
			say.T("리더에게 텀 4의 엔트리가 있고 마지막 것이 5에 있습니다: 팔로워의 텀 4 구간은 거기까지 일치하니 6에서 다시 시도합니다", "the leader has entries of term 4 and its last one is at 5: the follower's run of term 4 matches up to there, so retry at 6")},
		{"(f) leader has no term 3: go to the first entry of term 3", figure7Leader(), ConflictHint{XTerm: 3, XIndex: 7, XLen: 12}, 7,
			say.T("리더에게 텀 3의 엔트리가 없으니 팔로워의 텀 3 엔트리는 모두 틀렸습니다: XIndex = 7에서 다시 시도합니다", "the leader has no entry of term 3, so every follower entry of term 3 is wrong: retry at XIndex = 7")},
		{"(f) leader has no term 2: go to the first entry of term 2", figure7Leader(), ConflictHint{XTerm: 2, XIndex: 4, XLen: 12}, 4,
			say.T("리더에게 텀 2의 엔트리가 없습니다: XIndex = 4에서 다시 시도합니다", "the leader has no entry of term 2: retry at XIndex = 4")},
		{"leader has term 5: go just past its last entry of term 5", figure7Leader(), ConflictHint{XTerm: 5, XIndex: 6, XLen: 9}, 8,
			say.T("팔로워 1 1 1 4 4 5 5 5가 prev 8(텀 6이 아니라 5)을 거절했습니다. 리더의 마지막 텀 5 엔트리는 7이니 8에서 다시 시도합니다", "follower 1 1 1 4 4 5 5 5 rejected prev 8 (term 5, not 6); the leader's last term-5 entry is 7: retry at 8")},
		{"leader after a snapshot: a result at or before Start means send a snapshot", logAt(5, 4, 5, 5), ConflictHint{XTerm: 2, XIndex: 2, XLen: 9}, 2,
			say.T("리더(5까지 스냅숏)는 스냅숏 뒤에 텀 2의 엔트리가 없으니 답은 XIndex 2입니다. 2 ≤ Start이므로 호출한 쪽은 InstallSnapshot을 보내야 한다는 것을 압니다", "the leader (snapshot through 5) has no entry of term 2 after its snapshot, so the answer is XIndex 2; 2 ≤ Start tells the caller to send InstallSnapshot")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := NextIndexAfterReject(c.leader, c.hint)
			assert.Equal(t, c.want, got, say.F("NextIndexAfterReject(leader %q, %+v): %s (빠른 로그 되감기, §5.3 끝)", "NextIndexAfterReject(leader %q, %+v): %s (accelerated log backtracking, end of §5.3)", termsOf(c.leader), c.hint, c.why))
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
					require.LessOrEqual(t, rounds, 20, say.F("팔로워 %s가 끝내 수락하지 않았습니다: prev=0, prevTerm=0은 언제나 센티널과 일치합니다(규칙 2)", "follower %s never accepted: prev=0 with prevTerm=0 always matches the sentinel (rule 2)", follower))
					require.True(t, next >= 1 && next <= lastIndexOf(leader)+1,
						say.F("팔로워 %s, %d번째 왕복: nextIndex가 [1, %[4]d] 밖의 %[3]d가 됐습니다: NextIndexAfterReject는 리더가 보낼 수 있는 인덱스를 돌려줘야 합니다",
							"follower %s, round %d: nextIndex became %d, outside [1, %d]: NextIndexAfterReject must return an index the leader can send from", follower, rounds, next, lastIndexOf(leader)+1))
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
					say.F("AppendEntries를 수락한 뒤의 팔로워 %s (nextIndex %d): 이제 로그가 리더와 같아야 합니다(Figure 2, AppendEntries 수신자 규칙 3과 4)",
						"follower %s after the accepting AppendEntries (nextIndex %d): its log must now equal the leader's (Figure 2, AppendEntries receiver rules 3 and 4)", follower, next))
				assert.Equal(t, wantRounds, rounds,
					say.F("팔로워 %s (%q)가 왕복 %d번 걸렸는데 %d번이어야 합니다: prev가 맞지 않는 동안은 거절하고 맞으면 수락합니다. 힌트가 있으면 리더는 왕복 한 번에 텀 하나를 통째로 건너뜁니다 (§5.3 끝)",
						"follower %s (%q) took %d round trips, want %d: reject while prev does not match, accept once it does; with hints the leader skips a whole term per round trip (end of §5.3)",
						follower, termsOf(figure7Follower(follower)), rounds, wantRounds))
			})
		}
	}
}
