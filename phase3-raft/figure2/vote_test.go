package figure2

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"dsweekends/testkit/say"
)

// voteCase is one RequestVote and the answer Figure 2 requires.
type voteCase struct {
	name  string
	state VoterState
	req   VoteRequest
	want  VoteResult
	why   string // the rule, for the failure message
}

// checkVote runs GrantVote and explains every field that is wrong.
func checkVote(t *testing.T, c voteCase) {
	t.Helper()
	got := GrantVote(c.state, c.req)
	call := "GrantVote(" + fmtVoter(c.state) + ", " + fmtVoteReq(c.req) + ")"
	assert.Equal(t, c.want.Granted, got.Granted, say.F("%s: Granted: %s", "%s: Granted: %s", call, c.why))
	assert.Equal(t, c.want.Term, got.Term,
		say.F("%s: Term은 요청을 처리한 뒤 투표자의 currentTerm(그리고 응답의 텀)입니다: 요청의 텀이 더 높으면 받아들이고, 그 밖에는 그대로 둡니다(Figure 2, Rules for Servers)",
			"%s: Term is the voter's currentTerm after the request (and the reply's term): a higher request term is adopted, anything else leaves it unchanged (Figure 2, Rules for Servers)", call))
	assert.Equal(t, c.want.VotedFor, got.VotedFor,
		say.F("%s: 요청 뒤의 VotedFor (NoVote = %d): 투표하면 그 후보, 새 텀으로 넘어가면 NoVote, 그 밖에는 그대로(Figure 2, RequestVote 수신자 규칙 2)",
			"%s: VotedFor after the request (NoVote = %d): the candidate when granted, NoVote after moving to a new term, else unchanged (Figure 2, RequestVote receiver rule 2)", call, NoVote))
	assert.Equal(t, c.want.StepDown, got.StepDown,
		say.F("%s: StepDown은 요청의 텀이 currentTerm보다 높을 때만 참이어야 합니다(Figure 2, Rules for Servers: All Servers)",
			"%s: StepDown must be true exactly when the request's term is higher than currentTerm (Figure 2, Rules for Servers: All Servers)", call))
	assert.Equal(t, c.want.ResetTimer, got.ResetTimer,
		say.F("%s: ResetTimer는 투표해 줄 때만 참이어야 합니다(Figure 2, Rules for Servers: Followers)",
			"%s: ResetTimer must be true exactly when the vote is granted (Figure 2, Rules for Servers: Followers)", call))
	assert.Equal(t, c.want.Persist, got.Persist,
		say.F("%s: Persist는 currentTerm이나 votedFor가 바뀌었을 때만 참이어야 합니다: 둘 다 영속 상태입니다(Figure 2)",
			"%s: Persist must be true exactly when currentTerm or votedFor changed: both are persistent state (Figure 2)", call))
}

func fmtVoter(s VoterState) string {
	return fmt.Sprintf("voter{term %d, votedFor %d, last entry %d@t%d}", s.CurrentTerm, s.VotedFor, s.LastLogIndex, s.LastLogTerm)
}

func fmtVoteReq(r VoteRequest) string {
	return fmt.Sprintf("req{term %d, candidate %d, last entry %d@t%d}", r.Term, r.CandidateID, r.LastLogIndex, r.LastLogTerm)
}

func runVoteCases(t *testing.T, cases []voteCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkVote(t, c) })
	}
}

func TestGrantVote_RejectsStaleTerm(t *testing.T) {
	runVoteCases(t, []voteCase{
		{
			name:  "request from an older term is refused and changes nothing",
			state: VoterState{CurrentTerm: 5, VotedFor: NoVote, LastLogIndex: 3, LastLogTerm: 2},
			req:   VoteRequest{Term: 4, CandidateID: 1, LastLogIndex: 9, LastLogTerm: 4},
			want:  VoteResult{Term: 5, VotedFor: NoVote},
			why:   say.T("텀이 currentTerm보다 낮은 요청은 후보의 로그가 아무리 좋아도 거절합니다(RequestVote 수신자 규칙 1, §5.1)", "a request whose term is below currentTerm is refused, however good the candidate's log (RequestVote receiver rule 1, §5.1)"),
		},
		{
			name:  "request from the current term with no vote cast is granted",
			state: VoterState{CurrentTerm: 5, VotedFor: NoVote, LastLogIndex: 3, LastLogTerm: 2},
			req:   VoteRequest{Term: 5, CandidateID: 1, LastLogIndex: 3, LastLogTerm: 2},
			want:  VoteResult{Granted: true, Term: 5, VotedFor: 1, ResetTimer: true, Persist: true},
			why:   say.T("텀이 currentTerm과 같고, votedFor가 비어 있고, 로그가 똑같이 최신입니다: 투표합니다(RequestVote 수신자 규칙 2)", "term equal to currentTerm, votedFor null, logs equally up-to-date: grant (RequestVote receiver rule 2)"),
		},
	})
}

func TestGrantVote_AdoptsHigherTerm(t *testing.T) {
	runVoteCases(t, []voteCase{
		{
			name:  "higher term resets the old vote and then grants",
			state: VoterState{CurrentTerm: 3, VotedFor: 2, LastLogIndex: 4, LastLogTerm: 3},
			req:   VoteRequest{Term: 4, CandidateID: 1, LastLogIndex: 4, LastLogTerm: 3},
			want:  VoteResult{Granted: true, Term: 4, VotedFor: 1, StepDown: true, ResetTimer: true, Persist: true},
			why:   say.T("텀 3에 한 투표는 텀 4와 상관없습니다: votedFor = NoVote로 새 텀을 받아들인 다음 결정합니다(Rules for Servers, 그다음 RequestVote 수신자 규칙 2)", "a vote cast in term 3 says nothing about term 4: adopt the new term with votedFor = NoVote, then decide (Rules for Servers, then RequestVote receiver rule 2)"),
		},
		{
			name:  "higher term is adopted even when the vote is refused",
			state: VoterState{CurrentTerm: 3, VotedFor: 0, LastLogIndex: 4, LastLogTerm: 3},
			req:   VoteRequest{Term: 7, CandidateID: 1, LastLogIndex: 9, LastLogTerm: 2},
			want:  VoteResult{Term: 7, VotedFor: NoVote, StepDown: true, Persist: true},
			why:   say.T("후보의 마지막 엔트리 텀이 2 < 우리의 3이라 로그가 뒤처져 거절합니다(§5.4.1). 그래도 그 텀 7은 받아들이고, 투표자는 물러나며, 새 텀을 저장합니다", "the candidate's last entry has term 2 < our 3, so its log is behind and is refused (§5.4.1), but its term 7 is still adopted, the voter steps down, and the new term is persisted"),
		},
		{
			name:  "leader of an older term steps down for a candidate of a newer term",
			state: VoterState{CurrentTerm: 2, VotedFor: 0, LastLogIndex: 6, LastLogTerm: 2},
			req:   VoteRequest{Term: 3, CandidateID: 4, LastLogIndex: 6, LastLogTerm: 2},
			want:  VoteResult{Granted: true, Term: 3, VotedFor: 4, StepDown: true, ResetTimer: true, Persist: true},
			why:   say.T("투표자 0은 텀 2의 리더로서 자기에게 투표했습니다. 텀 3은 새 텀이고 후보의 로그도 똑같이 최신이니 투표합니다", "voter 0 voted for itself as leader of term 2; term 3 is a new term and the candidate's log is as up-to-date: grant"),
		},
	})
}

func TestGrantVote_OneVotePerTerm(t *testing.T) {
	runVoteCases(t, []voteCase{
		{
			name:  "already voted for another candidate in this term",
			state: VoterState{CurrentTerm: 6, VotedFor: 2, LastLogIndex: 5, LastLogTerm: 5},
			req:   VoteRequest{Term: 6, CandidateID: 3, LastLogIndex: 8, LastLogTerm: 6},
			want:  VoteResult{Term: 6, VotedFor: 2},
			why:   say.T("votedFor가 비어 있지도, 후보 3도 아닌 2입니다: 한 텀에 한 표, 먼저 온 쪽이 받습니다(RequestVote 수신자 규칙 2, §5.2)", "votedFor is 2, not null and not the candidate 3: at most one vote per term, first come first served (RequestVote receiver rule 2, §5.2)"),
		},
		{
			name:  "re-delivered request from the candidate already voted for is granted again",
			state: VoterState{CurrentTerm: 6, VotedFor: 3, LastLogIndex: 5, LastLogTerm: 5},
			req:   VoteRequest{Term: 6, CandidateID: 3, LastLogIndex: 8, LastLogTerm: 6},
			want:  VoteResult{Granted: true, Term: 6, VotedFor: 3, ResetTimer: true},
			why:   say.T("votedFor가 이미 그 후보입니다: 첫 응답이 유실됐을 수 있으니 다시 투표합니다. 바뀐 것이 없으니 저장할 것도 없습니다(RequestVote 수신자 규칙 2)", "votedFor is already the candidate: the first reply may have been lost, so grant again; nothing changed, so nothing to persist (RequestVote receiver rule 2)"),
		},
		{
			name:  "a candidate has voted for itself",
			state: VoterState{CurrentTerm: 6, VotedFor: 1, LastLogIndex: 5, LastLogTerm: 5},
			req:   VoteRequest{Term: 6, CandidateID: 0, LastLogIndex: 5, LastLogTerm: 5},
			want:  VoteResult{Term: 6, VotedFor: 1},
			why:   say.T("피어 1은 텀 6의 후보이고 자기에게 투표했습니다: 같은 텀의 피어 0은 거절해야 합니다(§5.2)", "peer 1 is a candidate in term 6 and voted for itself: it must refuse peer 0 in the same term (§5.2)"),
		},
	})
}

func TestGrantVote_UpToDateLog(t *testing.T) {
	voter := VoterState{CurrentTerm: 5, VotedFor: NoVote, LastLogIndex: 7, LastLogTerm: 3}
	cases := []struct {
		name         string
		candLast     int
		candLastTerm int
		wantGranted  bool
		why          string
	}{
		{"later last term wins even when shorter", 4, 4, true, say.T("후보의 마지막 엔트리 텀 4 > 투표자의 3: 길이와 상관없이 후보가 더 최신입니다(§5.4.1)", "candidate's last entry has term 4 > voter's 3: the candidate is more up-to-date whatever the lengths (§5.4.1)")},
		{"earlier last term loses even when longer", 12, 2, false, say.T("후보의 마지막 엔트리 텀 2 < 투표자의 3: 길이와 상관없이 후보가 뒤처져 있습니다(§5.4.1)", "candidate's last entry has term 2 < voter's 3: the candidate is behind whatever the lengths (§5.4.1)")},
		{"same last term and longer wins", 9, 3, true, say.T("마지막 텀이 같은 3: 더 긴 로그(9 > 7)가 더 최신입니다(§5.4.1)", "same last term 3: the longer log (9 > 7) is more up-to-date (§5.4.1)")},
		{"same last term and same length is at least as up-to-date", 7, 3, true, say.T("마지막 엔트리가 같습니다(7@t3): 후보가 적어도 같은 만큼 최신이고, 그것으로 충분합니다(§5.4.1, RequestVote 수신자 규칙 2)", "identical last entries (7@t3): the candidate is at least as up-to-date, which is enough (§5.4.1, RequestVote receiver rule 2)")},
		{"same last term and shorter loses", 6, 3, false, say.T("마지막 텀이 같은 3: 더 짧은 로그(6 < 7)가 뒤처져 있습니다(§5.4.1)", "same last term 3: the shorter log (6 < 7) is behind (§5.4.1)")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want := VoteResult{Term: 5, VotedFor: NoVote}
			if c.wantGranted {
				want = VoteResult{Granted: true, Term: 5, VotedFor: 1, ResetTimer: true, Persist: true}
			}
			checkVote(t, voteCase{
				state: voter,
				req:   VoteRequest{Term: 5, CandidateID: 1, LastLogIndex: c.candLast, LastLogTerm: c.candLastTerm},
				want:  want,
				why:   c.why,
			})
		})
	}
}

// TestGrantVote_Figure8 replays the elections of Figure 8 (§5.4.2). After
// (c), S2 and S3 hold "1 2" in term 4 and S4 holds "1"; S5 holds "1 3".
func TestGrantVote_Figure8(t *testing.T) {
	s5Asks := VoteRequest{Term: 5, CandidateID: s5, LastLogIndex: 2, LastLogTerm: 3}
	runVoteCases(t, []voteCase{
		{
			name:  "(d) S2 with log 1 2 votes for S5 with log 1 3",
			state: VoterState{CurrentTerm: 4, VotedFor: s1, LastLogIndex: 2, LastLogTerm: 2},
			req:   s5Asks,
			want:  VoteResult{Granted: true, Term: 5, VotedFor: s5, StepDown: true, ResetTimer: true, Persist: true},
			why:   say.T("Figure 8 (d): S5의 마지막 엔트리는 텀 3, S2의 것은 텀 2이니 S5가 더 최신이고 S2의 표를 얻습니다(§5.4.1) — 텀 2의 인덱스 2가 안전하게 커밋되지 않았던 이유입니다", "Figure 8 (d): S5's last entry has term 3, S2's has term 2, so S5 is more up-to-date and wins S2's vote (§5.4.1) — which is why index 2 of term 2 was not safely committed"),
		},
		{
			name:  "(d) S4 with log 1 votes for S5",
			state: VoterState{CurrentTerm: 3, VotedFor: s5, LastLogIndex: 1, LastLogTerm: 1},
			req:   s5Asks,
			want:  VoteResult{Granted: true, Term: 5, VotedFor: s5, StepDown: true, ResetTimer: true, Persist: true},
			why:   say.T("Figure 8 (d): S4의 마지막 엔트리 텀 1 < 3: 투표합니다", "Figure 8 (d): S4's last entry has term 1 < 3: grant"),
		},
		{
			name:  "(e) S2 with log 1 2 4 refuses S5 with log 1 3",
			state: VoterState{CurrentTerm: 4, VotedFor: s1, LastLogIndex: 3, LastLogTerm: 4},
			req:   s5Asks,
			want:  VoteResult{Term: 5, VotedFor: NoVote, StepDown: true, Persist: true},
			why:   say.T("Figure 8 (e): S1이 텀 4의 엔트리를 과반에 놓은 뒤에는 S5(마지막 텀 3)가 그 모두보다 뒤처져 이길 수 없습니다: 거절합니다(§5.4.1)", "Figure 8 (e): once S1 put an entry of term 4 on a majority, S5 (last term 3) is behind every one of them and cannot win: refuse (§5.4.1)"),
		},
	})
}

func TestGrantVote_ResetsTimerOnlyWhenGranting(t *testing.T) {
	runVoteCases(t, []voteCase{
		{
			name:  "refusing a candidate with a stale log leaves the timer running",
			state: VoterState{CurrentTerm: 2, VotedFor: NoVote, LastLogIndex: 9, LastLogTerm: 2},
			req:   VoteRequest{Term: 2, CandidateID: 2, LastLogIndex: 3, LastLogTerm: 1},
			want:  VoteResult{Term: 2, VotedFor: NoVote},
			why:   say.T("후보의 로그(3@t1)가 투표자의 것(9@t2)보다 뒤처져 있습니다: 거절하고 타이머를 다시 시작하지 마세요. 아니면 이길 수 없는 피어가 이길 수 있는 피어의 선거 시작을 막습니다", "candidate's log (3@t1) is behind the voter's (9@t2): refuse, and do not reset the timer, or a peer that cannot win keeps one that can from starting an election"),
		},
		{
			name:  "granting resets the timer",
			state: VoterState{CurrentTerm: 2, VotedFor: NoVote, LastLogIndex: 3, LastLogTerm: 1},
			req:   VoteRequest{Term: 2, CandidateID: 2, LastLogIndex: 9, LastLogTerm: 2},
			want:  VoteResult{Granted: true, Term: 2, VotedFor: 2, ResetTimer: true, Persist: true},
			why:   say.T("후보의 로그(9@t2)가 투표자의 것(3@t1)보다 앞서 있습니다: 투표하고 선거 타이머를 다시 시작합니다(Figure 2, Rules for Servers: Followers)", "candidate's log (9@t2) is ahead of the voter's (3@t1): grant, and reset the election timer (Figure 2, Rules for Servers: Followers)"),
		},
	})
}

func TestObserveTerm_HigherTermWins(t *testing.T) {
	cases := []struct {
		name          string
		current, seen int
		wantTerm      int
		wantStepDown  bool
	}{
		{"higher term is adopted and means step down", 3, 5, 5, true},
		{"same term changes nothing", 4, 4, 4, false},
		{"lower term changes nothing", 6, 2, 6, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			term, stepDown := ObserveTerm(c.current, c.seen)
			assert.Equal(t, c.wantTerm, term,
				say.F("ObserveTerm(current=%d, seen=%d): 새 currentTerm은 둘 중 큰 값입니다(Figure 2, Rules for Servers: All Servers)",
					"ObserveTerm(current=%d, seen=%d): the new currentTerm is the larger of the two (Figure 2, Rules for Servers: All Servers)", c.current, c.seen))
			assert.Equal(t, c.wantStepDown, stepDown,
				say.F("ObserveTerm(current=%d, seen=%d): stepDown은 seen > current일 때만 참입니다", "ObserveTerm(current=%d, seen=%d): stepDown is true only when seen > current", c.current, c.seen))
		})
	}
}
