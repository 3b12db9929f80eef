package figure2

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"dsweekends/testkit/say"
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
				say.F("AdvanceCommit(log %q, currentTerm %d, matchIndex %v, me %d, commitIndex %d): %s (Figure 2, Rules for Servers: Leaders의 마지막 규칙)",
					"AdvanceCommit(log %q, currentTerm %d, matchIndex %v, me %d, commitIndex %d): %s (Figure 2, Rules for Servers: Leaders, last rule)",
					termsOf(c.log), c.currentTerm, c.matchIndex, c.me, c.commitIndex, c.why))
		})
	}
}

// TestAdvanceCommit_Figure8 replays Figure 8 (§5.4.2) with S1 as leader.
func TestAdvanceCommit_Figure8(t *testing.T) {
	runCommitCases(t, []commitCase{
		{
			name: "(a) index 2 of term 2 on S1 and S2 only is not committed",
			log:  logOf(1, 2), currentTerm: 2, matchIndex: []int{2, 2, 1, 1, 1}, me: s1, commitIndex: 1, want: 1,
			why: say.T("Figure 8 (a): 인덱스 2는 서버 5대 중 2대에만 있어 과반이 아닙니다", "Figure 8 (a): index 2 is on 2 of 5 servers, not a majority"),
		},
		{
			name: "(c) index 2 of term 2 on a majority is still not committed in term 4",
			log:  logOf(1, 2, 4), currentTerm: 4, matchIndex: []int{3, 2, 2, 1, 1}, me: s1, commitIndex: 1, want: 1,
			why: say.T("Figure 8 (c): 인덱스 2는 과반인 S1, S2, S3에 있지만 텀이 리더의 4가 아니라 2입니다. (d)에서 S5가 여전히 뽑혀 이를 덮어쓸 수 있습니다. 이전 텀의 엔트리는 복제 수를 세어 커밋하지 마세요: log[N].term == currentTerm이어야 합니다 (§5.4.2)", "Figure 8 (c): index 2 is on S1, S2, S3, a majority, but its term is 2, not the leader's 4; in (d) S5 can still be elected and overwrite it. Never commit an entry of an earlier term by counting replicas: require log[N].term == currentTerm (§5.4.2)"),
		},
		{
			name: "(e) index 3 of term 4 on a majority commits it, and index 2 with it",
			log:  logOf(1, 2, 4), currentTerm: 4, matchIndex: []int{3, 3, 3, 1, 1}, me: s1, commitIndex: 1, want: 3,
			why: say.T("Figure 8 (e): 인덱스 3은 현재 텀 4이고 S1, S2, S3에 있으니 커밋합니다. 인덱스 2는 Log Matching Property에 따라 간접적으로 커밋됩니다 (§5.4.2)", "Figure 8 (e): index 3 has the current term 4 and is on S1, S2, S3: commit it; index 2 is committed indirectly, by the Log Matching Property (§5.4.2)"),
		},
		{
			name: "(e) once committed, stays committed",
			log:  logOf(1, 2, 4), currentTerm: 4, matchIndex: []int{3, 3, 3, 1, 1}, me: s1, commitIndex: 3, want: 3,
			why: say.T("3 위로 커밋할 것이 없습니다: commitIndex를 그대로 돌려주세요", "nothing above 3 to commit: return commitIndex unchanged"),
		},
	})
}

func TestAdvanceCommit_Majority(t *testing.T) {
	runCommitCases(t, []commitCase{
		{
			name: "a one-peer cluster is its own majority",
			log:  logOf(1, 1), currentTerm: 1, matchIndex: []int{0}, me: 0, commitIndex: 0, want: 2,
			why: say.T("피어가 하나면 리더 혼자가 과반입니다: 로그 전체를 커밋하세요", "with one peer the leader alone is a majority: commit its whole log"),
		},
		{
			name: "the leader counts itself even when its own matchIndex slot is stale",
			log:  logOf(1, 1, 1, 2, 2), currentTerm: 2, matchIndex: []int{0, 5, 0}, me: 0, commitIndex: 3, want: 5,
			why: say.T("리더는 자기 로그 전체를 가지므로 리더 + 피어 1 = 3대 중 2대가 인덱스 5를 가집니다: 5를 커밋하세요. matchIndex[me]는 읽지 않습니다", "the leader holds its whole log, so leader + peer 1 = 2 of 3 have index 5: commit 5; matchIndex[me] is not read"),
		},
		{
			name: "the leader counts itself wherever it sits in matchIndex",
			log:  logOf(1, 1, 1, 2, 2), currentTerm: 2, matchIndex: []int{4, 0, 0}, me: 2, commitIndex: 3, want: 4,
			why: say.T("me는 2입니다: 리더 + 피어 0(matchIndex 4) = 3대 중 2대가 인덱스 4를 가집니다. 인덱스 5는 리더에만 있습니다", "me is 2: leader + peer 0 (matchIndex 4) = 2 of 3 have index 4; index 5 is only on the leader"),
		},
		{
			name: "five peers need three",
			log:  logOf(1, 1, 2, 3, 3, 3, 3), currentTerm: 3, matchIndex: []int{0, 7, 6, 4, 4}, me: 0, commitIndex: 2, want: 6,
			why: say.T("인덱스 6은 리더, 피어 1(7), 피어 2(6)에 있어 5대 중 3대입니다. 인덱스 7은 5대 중 2대에만 있습니다", "index 6 is on the leader, peer 1 (7) and peer 2 (6): 3 of 5; index 7 is on 2 of 5"),
		},
		{
			name: "four peers need three",
			log:  logOf(1, 1, 1), currentTerm: 1, matchIndex: []int{0, 3, 1, 1}, me: 0, commitIndex: 1, want: 1,
			why: say.T("인덱스 2와 3은 리더와 피어 1에만 있습니다: 4대 중 2대는 과반이 아닙니다(절반보다 많아야 합니다)", "index 2 and 3 are on the leader and peer 1 only: 2 of 4 is not a majority (need more than half)"),
		},
		{
			name: "a new leader commits nothing until an entry of its term is replicated",
			log:  logOf(1, 1, 2), currentTerm: 3, matchIndex: []int{0, 3, 3}, me: 0, commitIndex: 1, want: 1,
			why: say.T("모든 엔트리가 모든 피어에 있지만 텀 3의 것이 없습니다: 세어서 커밋할 수 있는 것이 없습니다 (§5.4.2) — 새 리더가 자기 텀의 엔트리를 덧붙이는 이유입니다", "every entry is on every peer, but none is from term 3: nothing can be committed by counting (§5.4.2) — this is why a new leader appends an entry of its own term"),
		},
		{
			name: "commitIndex never goes down",
			log:  logOf(1, 1, 1, 1, 1), currentTerm: 1, matchIndex: []int{0, 2, 2}, me: 0, commitIndex: 5, want: 5,
			why: say.T("팔로워들의 matchIndex가 뒤처져 있지만 5는 이미 커밋됐습니다: commitIndex 위만 보세요", "the followers' matchIndex lags, but 5 is already committed: look only above commitIndex"),
		},
		{
			name: "log after a snapshot",
			log:  logAt(5, 2, 3, 3), currentTerm: 3, matchIndex: []int{0, 7, 6}, me: 0, commitIndex: 5, want: 7,
			why: say.T("5까지 스냅숏, 텀 3의 엔트리 6과 7: 인덱스 7은 리더와 피어 1, 3대 중 2대에 있습니다. 엔트리 i는 Entries[i-Start]에 있습니다", "snapshot through 5; entries 6 and 7 of term 3: index 7 is on the leader and peer 1, 2 of 3; entry i is at Entries[i-Start]"),
		},
	})
}
