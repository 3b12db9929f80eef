package figure2

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"dsweekends/testkit/say"
)

// appendCase is one AppendEntries delivered to a follower and what Figure 2
// says must come of it.
type appendCase struct {
	name        string
	log         Log
	commitIndex int
	req         AppendRequest
	wantSuccess bool
	wantLog     Log
	wantChanged bool
	wantCommit  int
	wantHint    ConflictHint
	why         string // the rule, for the failure message
}

func describeAppend(follower string, l Log, commitIndex int, req AppendRequest) string {
	if follower != "" {
		follower += " "
	}
	return say.F("로그 %[2]q, commitIndex %[3]d인 팔로워 %[1]s— AppendEntries(prev=%[4]d, prevTerm=%[5]d, entries %[6]q, leaderCommit=%[7]d)를 받은 뒤",
		"follower %swith log %q and commitIndex %d, after AppendEntries(prev=%d, prevTerm=%d, entries %q, leaderCommit=%d)",
		follower, termsOf(l), commitIndex, req.PrevLogIndex, req.PrevLogTerm, termsOf(Log{Entries: append([]Entry{{}}, req.Entries...)}), req.LeaderCommit)
}

// checkAppend runs AcceptAppend and explains what is wrong with its result.
func checkAppend(t *testing.T, follower string, c appendCase) {
	t.Helper()
	before := cloneLog(c.log)
	reqBefore := append(c.req.Entries[:0:0], c.req.Entries...)
	got := AcceptAppend(c.log, c.commitIndex, c.req)
	what := describeAppend(follower, before, c.commitIndex, c.req)

	require.Equal(t, c.wantSuccess, got.Success, say.F("%s: Success: %s", "%s: Success: %s", what, c.why))
	if diff := explainLogDiff(before, c.req, got.Log, c.wantLog); diff != "" {
		assert.Fail(t, what+": "+diff, say.F("받은 로그 %q, 기대한 로그 %q (%s)", "got log %q, want %q (%s)", termsOf(got.Log), termsOf(c.wantLog), c.why))
	}
	assert.Equal(t, c.wantChanged, got.LogChanged,
		say.F("%s: LogChanged는 엔트리를 지우거나 덧붙였을 때만 참이어야 호출한 쪽이 그때만 저장합니다",
			"%s: LogChanged must be true exactly when entries were deleted or appended, so the caller persists only then", what))
	assert.Equal(t, c.wantCommit, got.CommitIndex,
		say.F("%s: CommitIndex: leaderCommit > commitIndex이면 commitIndex = min(leaderCommit, 마지막 새 엔트리의 인덱스 = prev + len(entries)). 절대 줄지 않고, 거절할 때는 그대로 둡니다(Figure 2, AppendEntries 수신자 규칙 5)",
			"%s: CommitIndex: if leaderCommit > commitIndex, set commitIndex = min(leaderCommit, index of last new entry = prev + len(entries)); it never goes down, and a rejection leaves it alone (Figure 2, AppendEntries receiver rule 5)", what))
	assert.Equal(t, c.wantHint, got.Hint,
		say.F("%s: Hint: 거절할 때 XTerm = prev 자리의 우리 엔트리 텀(없으면 0), XIndex = 그 텀의 첫 인덱스, XLen = LastIndex()+1. 성공하면 영값 힌트 (§5.3 끝)",
			"%s: Hint: on a rejection, XTerm = term of our entry at prev (0 if we have none), XIndex = first index of that term, XLen = LastIndex()+1; on success, the zero hint (end of §5.3)", what))
	assert.Equal(t, before, c.log,
		say.F("%s: AcceptAppend가 받은 로그의 엔트리를 바꿨습니다: 충돌 뒤에는 옛 슬라이스 위에 append하지 말고 남길 엔트리를 새 슬라이스에 복사하세요 — 다른 고루틴이 아직 그것을 읽고 있을 수 있습니다",
			"%s: AcceptAppend changed the entries of the log it was given: after a conflict, copy the entries you keep into a new slice instead of appending over the old one — another goroutine may still be reading it", what))
	assert.Equal(t, reqBefore, c.req.Entries, say.F("%s: AcceptAppend가 req.Entries를 바꿨습니다: 요청은 읽기만 하고 절대 쓰지 마세요", "%s: AcceptAppend changed req.Entries: read the request, never write it", what))
}

func TestAcceptAppend_Figure7(t *testing.T) {
	leader := figure7Leader()
	f := figure7Follower
	plus := func(l Log, terms ...int) Log {
		return logOf(append(termsAsInts(l), terms...)...)
	}
	cases := []struct {
		follower string
		appendCase
	}{
		{"(a)", appendCase{
			name: "log too short for prev 10: reject with its length", log: f("(a)"), commitIndex: 3, req: figure7Request(11),
			wantLog: f("(a)"), wantCommit: 3, wantHint: ConflictHint{XLen: 10},
			why: say.T("(a)에는 엔트리 10이 없습니다: 거절하고(AppendEntries 수신자 규칙 2), 로그가 9에서 끝난다고 리더에게 알립니다(XTerm 0, XLen 10)", "(a) has no entry 10: reject (AppendEntries receiver rule 2), and tell the leader the log ends at 9 (XTerm 0, XLen 10)"),
		}},
		{"(a)", appendCase{
			name: "prev 9 matches: append entry 10", log: f("(a)"), commitIndex: 3, req: figure7Request(10),
			wantSuccess: true, wantLog: leader, wantChanged: true, wantCommit: 3,
			why: say.T("(a)의 엔트리 9는 리더처럼 텀 6입니다: 수락하고(규칙 2) 엔트리 10을 덧붙입니다(규칙 4)", "(a)'s entry 9 has term 6 like the leader's: accept (rule 2) and append entry 10 (rule 4)"),
		}},
		{"(b)", appendCase{
			name: "log too short for prev 10: reject with its length", log: f("(b)"), commitIndex: 3, req: figure7Request(11),
			wantLog: f("(b)"), wantCommit: 3, wantHint: ConflictHint{XLen: 5},
			why: say.T("(b)는 인덱스 4에서 끝납니다: XLen 5와 함께 거절합니다(규칙 2)", "(b) ends at index 4: reject (rule 2) with XLen 5"),
		}},
		{"(b)", appendCase{
			name: "prev 4 matches: append entries 5 to 10", log: f("(b)"), commitIndex: 3, req: figure7Request(5),
			wantSuccess: true, wantLog: leader, wantChanged: true, wantCommit: 3,
			why: say.T("(b)의 엔트리 4는 리더처럼 텀 4입니다: 수락하고 나머지를 덧붙입니다(규칙 2와 4)", "(b)'s entry 4 has term 4 like the leader's: accept and append the rest (rules 2 and 4)"),
		}},
		{"(c)", appendCase{
			name: "heartbeat at prev 10 keeps the extra entry 11", log: f("(c)"), commitIndex: 3, req: figure7Request(11),
			wantSuccess: true, wantLog: f("(c)"), wantCommit: 3,
			why: say.T("(c)의 엔트리 10이 일치하고 하트비트에는 엔트리가 없으니 충돌이 없습니다: 수락하고 아무것도 지우지 않습니다(규칙 3은 충돌할 때만 지웁니다)", "(c)'s entry 10 matches and the heartbeat carries no entries, so nothing conflicts: accept and delete nothing (rule 3 deletes only on a conflict)"),
		}},
		{"(c)", appendCase{
			name: "new entry 11 of term 8 replaces the extra entry of term 6", log: f("(c)"), commitIndex: 3, req: figure7Request(11, Entry{Term: 8, Command: cmd(11, 8)}),
			wantSuccess: true, wantLog: plus(leader, 8), wantChanged: true, wantCommit: 3,
			why: say.T("(c)의 엔트리 11은 텀 6, 새 엔트리 11은 텀 8: 충돌이니 엔트리 11부터 지우고 덧붙입니다(규칙 3과 4)", "(c)'s entry 11 has term 6, the new entry 11 has term 8: a conflict, so delete entry 11 onwards and append (rules 3 and 4)"),
		}},
		{"(d)", appendCase{
			name: "heartbeat at prev 10 keeps entries 11 and 12 of term 7", log: f("(d)"), commitIndex: 3, req: figure7Request(11),
			wantSuccess: true, wantLog: f("(d)"), wantCommit: 3,
			why: say.T("(d)의 엔트리 10이 일치하고 하트비트에는 엔트리가 없습니다: 수락하고 아무것도 지우지 않습니다(규칙 3)", "(d)'s entry 10 matches and the heartbeat carries no entries: accept and delete nothing (rule 3)"),
		}},
		{"(d)", appendCase{
			name: "new entry 11 of term 8 deletes entries 11 and 12 of term 7", log: f("(d)"), commitIndex: 3, req: figure7Request(11, Entry{Term: 8, Command: cmd(11, 8)}),
			wantSuccess: true, wantLog: plus(leader, 8), wantChanged: true, wantCommit: 3,
			why: say.T("(d)의 엔트리 11은 텀 7, 새것은 텀 8: 엔트리 11과 그 뒤를 모두 지우고 덧붙입니다(규칙 3과 4)", "(d)'s entry 11 has term 7, the new one term 8: delete entry 11 and all that follow it, then append (rules 3 and 4)"),
		}},
		{"(e)", appendCase{
			name: "entry 7 has term 4, not 5: reject with the first index of term 4", log: f("(e)"), commitIndex: 3, req: figure7Request(8),
			wantLog: f("(e)"), wantCommit: 3, wantHint: ConflictHint{XTerm: 4, XIndex: 4, XLen: 8},
			why: say.T("(e)의 엔트리 7은 텀 4인데 prevTerm은 5: 거절합니다(규칙 2). 텀 4 구간은 인덱스 4에서 시작합니다", "(e)'s entry 7 has term 4 but prevTerm is 5: reject (rule 2); its run of term 4 starts at index 4"),
		}},
		{"(e)", appendCase{
			name: "prev 5 matches: entries 6 and 7 of term 4 give way to the leader's", log: f("(e)"), commitIndex: 3, req: figure7Request(6),
			wantSuccess: true, wantLog: leader, wantChanged: true, wantCommit: 3,
			why: say.T("(e)의 엔트리 5는 리더처럼 텀 4, 엔트리 6은 충돌합니다(4 대 5): 6부터 지우고 리더의 6..10을 덧붙입니다(규칙 3과 4)", "(e)'s entry 5 has term 4 like the leader's; entry 6 conflicts (4 vs 5): delete from 6 and append the leader's 6..10 (rules 3 and 4)"),
		}},
		{"(f)", appendCase{
			name: "entry 10 has term 3, not 6: reject with the first index of term 3", log: f("(f)"), commitIndex: 3, req: figure7Request(11),
			wantLog: f("(f)"), wantCommit: 3, wantHint: ConflictHint{XTerm: 3, XIndex: 7, XLen: 12},
			why: say.T("(f)의 엔트리 10은 텀 3인데 prevTerm은 6: 거절합니다(규칙 2). 텀 3 구간은 인덱스 7에서 시작합니다", "(f)'s entry 10 has term 3 but prevTerm is 6: reject (rule 2); its run of term 3 starts at index 7"),
		}},
		{"(f)", appendCase{
			name: "entry 6 has term 2, not 5: reject with the first index of term 2", log: f("(f)"), commitIndex: 3, req: figure7Request(7),
			wantLog: f("(f)"), wantCommit: 3, wantHint: ConflictHint{XTerm: 2, XIndex: 4, XLen: 12},
			why: say.T("(f)의 엔트리 6은 텀 2인데 prevTerm은 5: 거절합니다(규칙 2). 텀 2 구간은 인덱스 4에서 시작합니다", "(f)'s entry 6 has term 2 but prevTerm is 5: reject (rule 2); its run of term 2 starts at index 4"),
		}},
		{"(f)", appendCase{
			name: "prev 3 matches: everything from entry 4 is replaced", log: f("(f)"), commitIndex: 3, req: figure7Request(4),
			wantSuccess: true, wantLog: leader, wantChanged: true, wantCommit: 3,
			why: say.T("(f)의 엔트리 3은 리더처럼 텀 1, 엔트리 4는 충돌합니다(2 대 4): 엔트리 4..11을 지우고 리더의 4..10을 덧붙입니다(규칙 3과 4)", "(f)'s entry 3 has term 1 like the leader's; entry 4 conflicts (2 vs 4): delete entries 4..11 and append the leader's 4..10 (rules 3 and 4)"),
		}},
	}
	for _, c := range cases {
		t.Run(c.follower+" "+c.name, func(t *testing.T) { checkAppend(t, c.follower, c.appendCase) })
	}
}

func TestAcceptAppend_ConsistencyCheck(t *testing.T) {
	runAppendCases(t, []appendCase{
		{
			name: "an empty log accepts the first entries at prev 0", log: logOf(), req: AppendRequest{Term: 1, PrevLogIndex: 0, PrevLogTerm: 0, Entries: entriesAt(1, 1, 1)},
			wantSuccess: true, wantLog: logOf(1, 1), wantChanged: true,
			why: say.T("인덱스 0은 텀 0인 센티널이라 prev=0, prevTerm=0은 언제나 일치하고(규칙 2) 엔트리 1과 2를 덧붙입니다(규칙 4)", "index 0 is the sentinel with term 0, so prev=0, prevTerm=0 always matches (rule 2) and entries 1 and 2 are appended (rule 4)"),
		},
		{
			name: "no entry at prev: reject", log: logOf(1, 1), req: AppendRequest{Term: 2, PrevLogIndex: 4, PrevLogTerm: 2, Entries: entriesAt(5, 2)},
			wantLog: logOf(1, 1), wantHint: ConflictHint{XLen: 3},
			why: say.T("로그가 인덱스 2에서 끝나 엔트리 4가 없습니다: XTerm 0, XLen 3과 함께 거절합니다(규칙 2)", "the log ends at index 2, so it has no entry 4: reject (rule 2) with XTerm 0, XLen 3"),
		},
		{
			name: "entry at prev has another term: reject", log: logOf(1, 1, 2), req: AppendRequest{Term: 3, PrevLogIndex: 3, PrevLogTerm: 3, Entries: entriesAt(4, 3)},
			wantLog: logOf(1, 1, 2), wantHint: ConflictHint{XTerm: 2, XIndex: 3, XLen: 4},
			why: say.T("엔트리 3은 텀 2, prevTerm은 3: XTerm 2, XIndex 3(텀 2의 첫 엔트리)과 함께 거절합니다(규칙 2)", "entry 3 has term 2, prevTerm is 3: reject (rule 2) with XTerm 2, XIndex 3 (first entry of term 2)"),
		},
	})
}

func TestAcceptAppend_StaleRequestDoesNotTruncate(t *testing.T) {
	follower := logOf(1, 1, 2, 2, 2)
	runAppendCases(t, []appendCase{
		{
			name: "delayed request whose entries the log already holds deletes nothing", log: follower, commitIndex: 4,
			req:         AppendRequest{Term: 2, PrevLogIndex: 1, PrevLogTerm: 1, Entries: entriesAt(2, 1, 2), LeaderCommit: 2},
			wantSuccess: true, wantLog: follower, wantCommit: 4,
			why: say.T("엔트리 2와 3이 이미 일치하고 충돌이 없습니다: 수락하고 엔트리 4와 5를 남깁니다 — 같은 리더가 먼저 보냈다가 늦게 도착한 요청이 뒤의 요청을 되돌리면 안 됩니다. 엔트리 4와 5는 이미 커밋됐을 수 있습니다(규칙 3: 충돌할 때만 지움)", "entries 2 and 3 already match, and nothing conflicts: accept and keep entries 4 and 5 — a request from the same leader sent earlier and delivered late must not undo later ones; entries 4 and 5 may already be committed (rule 3: delete only on a conflict)"),
		},
		{
			name: "delayed heartbeat deletes nothing", log: follower, commitIndex: 4,
			req:         AppendRequest{Term: 2, PrevLogIndex: 2, PrevLogTerm: 1, LeaderCommit: 2},
			wantSuccess: true, wantLog: follower, wantCommit: 4,
			why: say.T("빈 요청은 무엇과도 충돌하지 않습니다: 수락하고 로그 전체를 남깁니다(규칙 3)", "an empty request never conflicts with anything: accept and keep the whole log (rule 3)"),
		},
		{
			name: "request overlapping the end appends only what is new", log: follower, commitIndex: 4,
			req:         AppendRequest{Term: 2, PrevLogIndex: 3, PrevLogTerm: 2, Entries: entriesAt(4, 2, 2, 2), LeaderCommit: 5},
			wantSuccess: true, wantLog: logOf(1, 1, 2, 2, 2, 2), wantChanged: true, wantCommit: 5,
			why: say.T("엔트리 4와 5는 일치하고 엔트리 6은 새것입니다: 4와 5는 건드리지 말고 6을 덧붙입니다(규칙 4)", "entries 4 and 5 match; entry 6 is new: append it (rule 4) without touching 4 and 5"),
		},
	})
}

func TestAcceptAppend_IdempotentRedelivery(t *testing.T) {
	cases := []struct {
		name string
		log  Log
		req  AppendRequest
		want Log
	}{
		{"append at the end, twice", logOf(1, 1), AppendRequest{Term: 1, PrevLogIndex: 2, PrevLogTerm: 1, Entries: entriesAt(3, 1, 1), LeaderCommit: 2}, logOf(1, 1, 1, 1)},
		{"replace after a conflict, twice", figure7Follower("(f)"), figure7Request(4), figure7Leader()},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			first := AcceptAppend(c.log, 0, c.req)
			what := describeAppend("", c.log, 0, c.req)
			require.True(t, first.Success, say.F("%s: 첫 전달은 성공해야 합니다: prev 자리의 엔트리가 일치합니다(규칙 2)", "%s: first delivery must succeed: the entry at prev matches (rule 2)", what))
			require.Equal(t, termsOf(c.want), termsOf(first.Log), say.F("%s: 첫 전달 (규칙 3과 4)", "%s: first delivery (rules 3 and 4)", what))
			second := AcceptAppend(first.Log, first.CommitIndex, c.req)
			what2 := describeAppend("", first.Log, first.CommitIndex, c.req) + say.T(" — 두 번째로 전달됨", " delivered a second time")
			require.True(t, second.Success, say.F("%s: 같은 요청이 다시 와도 성공해야 합니다", "%s: the same request again must succeed", what2))
			assert.Equal(t, termsOf(c.want), termsOf(second.Log),
				say.F("%s: 중복 요청은 로그를 첫 전달 뒤 그대로 둬야 합니다: 엔트리가 이미 있으니 충돌도 없고(규칙 3) 새것도 없습니다(규칙 4)",
					"%s: a duplicate request must leave the log as the first delivery left it: its entries are already there, so nothing conflicts (rule 3) and nothing is new (rule 4)", what2))
			assert.False(t, second.LogChanged, say.F("%s: 바뀐 것이 없으니 LogChanged는 false여야 합니다(불필요한 저장 없음)", "%s: nothing changed, so LogChanged must be false (no needless persist)", what2))
			assert.Equal(t, first.CommitIndex, second.CommitIndex, say.F("%s: 중복 요청에 commitIndex가 움직이면 안 됩니다", "%s: commitIndex must not move on a duplicate", what2))
		})
	}
}

func TestAcceptAppend_CommitIndex(t *testing.T) {
	runAppendCases(t, []appendCase{
		{
			name: "leaderCommit beyond the last new entry stops at the last new entry", log: logOf(1, 1), commitIndex: 1,
			req:         AppendRequest{Term: 1, PrevLogIndex: 2, PrevLogTerm: 1, Entries: entriesAt(3, 1), LeaderCommit: 7},
			wantSuccess: true, wantLog: logOf(1, 1, 1), wantChanged: true, wantCommit: 3,
			why: say.T("leaderCommit 7 > commitIndex 1이므로 commitIndex = min(7, 마지막 새 엔트리 3) = 3(규칙 5)", "leaderCommit 7 > commitIndex 1, so commitIndex = min(7, last new entry 3) = 3 (rule 5)"),
		},
		{
			name: "heartbeat commits only up to prev, not the unchecked entries after it", log: logOf(1, 1, 1, 2, 2), commitIndex: 1,
			req:         AppendRequest{Term: 3, PrevLogIndex: 3, PrevLogTerm: 1, LeaderCommit: 5},
			wantSuccess: true, wantLog: logOf(1, 1, 1, 2, 2), wantCommit: 3,
			why: say.T("마지막 새 엔트리의 인덱스는 prev + len(entries) = 3이므로 commitIndex = min(5, 3) = 3. 엔트리 4와 5(텀 2)는 리더의 로그와 대조하지 않았고 리더의 4와 5는 다를 수 있으니 커밋하면 안 됩니다(규칙 5)", "the index of the last new entry is prev + len(entries) = 3, so commitIndex = min(5, 3) = 3; entries 4 and 5 (term 2) were not checked against the leader's log, whose 4 and 5 may differ, and must not be committed (rule 5)"),
		},
		{
			name: "leaderCommit within the request commits up to it", log: logOf(1, 1, 1), commitIndex: 1,
			req:         AppendRequest{Term: 1, PrevLogIndex: 3, PrevLogTerm: 1, LeaderCommit: 2},
			wantSuccess: true, wantLog: logOf(1, 1, 1), wantCommit: 2,
			why: say.T("commitIndex = min(leaderCommit 2, 마지막 새 엔트리 3) = 2(규칙 5)", "commitIndex = min(leaderCommit 2, last new entry 3) = 2 (rule 5)"),
		},
		{
			name: "leaderCommit below commitIndex changes nothing", log: logOf(1, 1, 1, 1, 1), commitIndex: 5,
			req:         AppendRequest{Term: 1, PrevLogIndex: 5, PrevLogTerm: 1, LeaderCommit: 3},
			wantSuccess: true, wantLog: logOf(1, 1, 1, 1, 1), wantCommit: 5,
			why: say.T("규칙 5는 leaderCommit > commitIndex일 때만 적용됩니다: commitIndex는 절대 줄지 않습니다", "rule 5 applies only when leaderCommit > commitIndex: commitIndex never goes down"),
		},
		{
			name: "stale request whose last new entry is below commitIndex changes nothing", log: logOf(1, 1, 1, 1, 1), commitIndex: 4,
			req:         AppendRequest{Term: 1, PrevLogIndex: 1, PrevLogTerm: 1, Entries: entriesAt(2, 1), LeaderCommit: 5},
			wantSuccess: true, wantLog: logOf(1, 1, 1, 1, 1), wantCommit: 4,
			why: say.T("min(leaderCommit 5, 마지막 새 엔트리 2) = 2는 commitIndex 4보다 낮습니다: 4를 유지합니다. commitIndex는 절대 줄지 않습니다", "min(leaderCommit 5, last new entry 2) = 2 is below commitIndex 4: keep 4; commitIndex never goes down"),
		},
		{
			name: "a rejection leaves commitIndex alone", log: logOf(1, 1, 2), commitIndex: 2,
			req:     AppendRequest{Term: 3, PrevLogIndex: 3, PrevLogTerm: 3, LeaderCommit: 3},
			wantLog: logOf(1, 1, 2), wantCommit: 2, wantHint: ConflictHint{XTerm: 2, XIndex: 3, XLen: 4},
			why: say.T("엔트리 3은 텀 2, prevTerm은 3: 거절하고(규칙 2), 무엇이 커밋됐는지에 대해서는 아무것도 배우지 않습니다", "entry 3 has term 2, prevTerm is 3: reject (rule 2), and learn nothing about what is committed"),
		},
	})
}

func TestAcceptAppend_LeavesInputLogIntact(t *testing.T) {
	// A log with no spare capacity and one with plenty: appending over the
	// old entries in place corrupts both.
	roomy := cloneLog(figure7Follower("(f)"))
	roomy.Entries = append(make([]Entry, 0, 64), roomy.Entries...)
	for name, l := range map[string]Log{"full slice": cloneLog(figure7Follower("(f)")), "slice with spare capacity": roomy} {
		t.Run(name, func(t *testing.T) {
			checkAppend(t, "(f)", appendCase{
				log: l, commitIndex: 3, req: figure7Request(4),
				wantSuccess: true, wantLog: figure7Leader(), wantChanged: true, wantCommit: 3,
				why: say.T("(f)의 엔트리 3이 일치합니다: 4의 충돌부터 지우고 리더의 4..10을 새 슬라이스에 덧붙여, 호출한 쪽의 엔트리는 그대로 둡니다(AcceptAppend 문서의 소유권 참고)", "(f)'s entry 3 matches; delete from the conflict at 4 and append the leader's 4..10 into a new slice, leaving the caller's entries as they were (see AcceptAppend's doc: ownership)"),
			})
		})
	}
}

func TestAcceptAppend_AfterSnapshot(t *testing.T) {
	// The follower's snapshot covers 1..5 (last term 2); it holds 6 and 7.
	follower := logAt(5, 2, 3, 3)
	runAppendCases(t, []appendCase{
		{
			name: "heartbeat at the last entry succeeds", log: follower, commitIndex: 5,
			req:         AppendRequest{Term: 3, PrevLogIndex: 7, PrevLogTerm: 3, LeaderCommit: 7},
			wantSuccess: true, wantLog: follower, wantCommit: 7,
			why: say.T("엔트리 7은 텀 3: 수락하고 commitIndex = min(7, 7)(규칙 2와 5). 엔트리 i는 Entries[i-Start]에 있습니다", "entry 7 has term 3: accept, commitIndex = min(7, 7) (rules 2 and 5); entry i lives at Entries[i-Start]"),
		},
		{
			name: "prev at the sentinel matches the snapshot's last term", log: follower, commitIndex: 5,
			req:         AppendRequest{Term: 3, PrevLogIndex: 5, PrevLogTerm: 2, Entries: entriesAt(6, 3, 3, 3), LeaderCommit: 5},
			wantSuccess: true, wantLog: logAt(5, 2, 3, 3, 3), wantChanged: true, wantCommit: 5,
			why: say.T("Start=5의 센티널은 스냅숏의 마지막 텀 2를 가집니다: prev=5, prevTerm=2가 일치하고 6과 7도 일치하니 8을 덧붙입니다", "the sentinel at Start=5 has the snapshot's last term 2: prev=5, prevTerm=2 matches; 6 and 7 match; append 8"),
		},
		{
			name: "too short: XLen counts the snapshot", log: follower, commitIndex: 5,
			req:     AppendRequest{Term: 3, PrevLogIndex: 9, PrevLogTerm: 3},
			wantLog: follower, wantCommit: 5, wantHint: ConflictHint{XLen: 8},
			why: say.T("로그가 인덱스 7(Start 5 + 칸 3개 - 1)에서 끝납니다: XLen = LastIndex()+1 = 8과 함께 거절합니다", "the log ends at index 7 (Start 5 + 3 slots - 1): reject with XLen = LastIndex()+1 = 8"),
		},
		{
			name: "conflict hint stops at the snapshot", log: follower, commitIndex: 5,
			req:     AppendRequest{Term: 4, PrevLogIndex: 7, PrevLogTerm: 4},
			wantLog: follower, wantCommit: 5, wantHint: ConflictHint{XTerm: 3, XIndex: 6, XLen: 8},
			why: say.T("엔트리 7은 텀 3, prevTerm은 4: 거절합니다. 텀 3 구간은 스냅숏 뒤 첫 인덱스인 6에서 시작합니다", "entry 7 has term 3, prevTerm is 4: reject; the run of term 3 starts at 6, the first index after the snapshot"),
		},
		{
			name: "prev inside the snapshot: skip the entries the snapshot covers", log: follower, commitIndex: 5,
			req:         AppendRequest{Term: 4, PrevLogIndex: 3, PrevLogTerm: 2, Entries: entriesAt(4, 2, 2, 3, 3, 4), LeaderCommit: 8},
			wantSuccess: true, wantLog: logAt(5, 2, 3, 3, 4), wantChanged: true, wantCommit: 8,
			why: say.T("엔트리 1..5는 스냅숏에 있으니 커밋됐고 리더의 것과 일치합니다: 거기는 확인할 것이 없습니다. 6과 7은 일치하고 8은 새것입니다. commitIndex = min(8, 3+5)", "entries 1..5 are in the snapshot, so they are committed and match the leader's: nothing to check there; 6 and 7 match, 8 is new; commitIndex = min(8, 3+5)"),
		},
		{
			name: "request entirely inside the snapshot changes nothing", log: follower, commitIndex: 5,
			req:         AppendRequest{Term: 4, PrevLogIndex: 2, PrevLogTerm: 1, Entries: entriesAt(3, 2, 2), LeaderCommit: 4},
			wantSuccess: true, wantLog: follower, wantCommit: 5,
			why: say.T("엔트리 3과 4는 이미 스냅숏에 있습니다: 수락하고 아무것도 바꾸지 않습니다", "entries 3 and 4 are in the snapshot already: accept and change nothing"),
		},
	})
}

func runAppendCases(t *testing.T, cases []appendCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkAppend(t, "", c) })
	}
}

// termsAsInts returns the terms of l's entries after the sentinel.
func termsAsInts(l Log) []int {
	var ts []int
	for _, e := range l.Entries[1:] {
		ts = append(ts, e.Term)
	}
	return ts
}

// FuzzAcceptAppend checks invariants of AcceptAppend for any log and any
// request: no panic; a rejection changes nothing; an acceptance keeps the
// log up to prev, holds the request's entries after it, and never lowers
// commitIndex or raises it past the log; the input is never modified. (The
// inputs need not obey Raft's invariants, so a "committed" entry may be
// deleted here; in a real cluster that cannot happen.)
func FuzzAcceptAppend(f *testing.F) {
	f.Add([]byte{1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3}, uint8(0), uint8(0), uint8(3), int8(3), uint8(1), []byte{4, 4, 5, 5, 6, 6, 6}, uint8(3))
	f.Add([]byte{1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6}, uint8(0), uint8(0), uint8(5), int8(10), uint8(6), []byte{}, uint8(10))
	f.Add([]byte{1, 1, 2, 2, 2}, uint8(0), uint8(0), uint8(4), int8(1), uint8(1), []byte{1, 2}, uint8(2))
	f.Add([]byte{3, 3}, uint8(5), uint8(2), uint8(0), int8(3), uint8(2), []byte{2, 2, 3, 3, 4}, uint8(8))
	f.Add([]byte{}, uint8(0), uint8(0), uint8(0), int8(-1), uint8(0), []byte{1}, uint8(1))
	f.Fuzz(func(t *testing.T, terms []byte, start, startTerm, commit uint8, prev int8, prevTerm uint8, entryTerms []byte, leaderCommit uint8) {
		l := Log{Start: int(start % 16), Entries: []Entry{{Term: int(startTerm % 8)}}}
		for i, b := range terms {
			l.Entries = append(l.Entries, Entry{Term: int(b % 8), Command: i})
		}
		commitIndex := l.Start + int(commit)%len(l.Entries)
		req := AppendRequest{PrevLogIndex: int(prev), PrevLogTerm: int(prevTerm % 8), LeaderCommit: int(leaderCommit)}
		for i, b := range entryTerms {
			req.Entries = append(req.Entries, Entry{Term: int(b % 8), Command: -i})
		}
		before := cloneLog(l)

		got := AcceptAppend(l, commitIndex, req)

		require.Equal(t, before, l, "AcceptAppend modified its input log")
		require.GreaterOrEqual(t, got.CommitIndex, commitIndex, "commitIndex went down (rule 5)")
		if !got.Success {
			require.Equal(t, before, got.Log, "a rejection must return the log unchanged")
			require.False(t, got.LogChanged, "a rejection changes nothing")
			require.Equal(t, commitIndex, got.CommitIndex, "a rejection leaves commitIndex alone")
			return
		}
		require.Equal(t, before.Start, got.Log.Start, "AcceptAppend must not move Start")
		if got.CommitIndex > commitIndex {
			require.LessOrEqual(t, got.CommitIndex, lastIndexOf(got.Log), "commitIndex raised past the end of the log (rule 5)")
		}
		for i := before.Start; i <= min(int(prev), lastIndexOf(before)); i++ {
			g, ok := termAt(got.Log, i)
			b, _ := termAt(before, i)
			require.True(t, ok && g == b, "entry %d, at or before prev %d, changed after a success (rule 3 only deletes after prev)", i, prev)
		}
		for k, e := range req.Entries {
			index := int(prev) + 1 + k
			if index <= before.Start {
				continue
			}
			g, ok := termAt(got.Log, index)
			require.True(t, ok && g == e.Term, "after a success the log must hold the request's entry %d (term %d) (rules 3 and 4)", index, e.Term)
		}
		require.Equal(t, !assert.ObjectsAreEqual(before, got.Log), got.LogChanged, "LogChanged must say whether the log changed")
	})
}
