package paper

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"dsweekends/phase3-raft/paper/oracle"
	"dsweekends/testkit/say"
)

// load returns the scenarios of kind and every answer, failing the test when a file does not
// parse.
func load(t *testing.T, kind string) ([]Scenario, map[string]Answer) {
	t.Helper()
	ss, err := ParseScenarios(ScenariosYAML)
	if err != nil {
		t.Fatalf("%v", err) // provided data: a broken scenarios.yaml is the course's bug
	}
	as, err := ParseAnswers(AnswersYAML, ss)
	if err != nil {
		t.Fatal(say.F("answers.yaml를 읽을 수 없습니다: %v\n주석 위의 모양대로 적었는지 보세요 (예: answer: {granted: false, term: 3, voted_for: S2}).",
			"answers.yaml does not parse: %v\nFollow the shape in the comment above each answer (for instance answer: {granted: false, term: 3, voted_for: S2}).", err))
	}
	var out []Scenario
	for _, s := range ss {
		if s.Kind == kind {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		t.Fatalf("scenarios.yaml has no %s scenario", kind)
	}
	return out, as
}

// where names a scenario in a message: its id, figure and title.
func where(s Scenario) string {
	title := say.T(s.Title.Ko, s.Title.En)
	if strings.HasPrefix(title, s.Figure) {
		return fmt.Sprintf("%s (%s)", s.ID, title)
	}
	return fmt.Sprintf("%s (%s, %s)", s.ID, s.Figure, title)
}

// given returns the scenario's answer, failing the subtest when it is still blank.
func given(t *testing.T, s Scenario, as map[string]Answer) Answer {
	t.Helper()
	a := as[s.ID]
	if !a.Given {
		t.Fatal(say.F("%s: 아직 답이 없습니다. answers.yaml의 %s: 아래 answer:를 채우세요 (scenarios.yaml에서 %s를 읽고 손으로 풀어 보세요).",
			"%s: no answer yet. Fill in answer: under %s: in answers.yaml (read %s in scenarios.yaml and work it out by hand).",
			where(s), s.ID, s.ID))
	}
	return a
}

// missing fails the subtest for each field of the answer left blank, and reports whether any was.
func missing(t *testing.T, s Scenario, blank map[string]bool) bool {
	t.Helper()
	any := false
	for _, f := range Fields(s.Kind) {
		if blank[f] {
			t.Error(say.F("%s: answer에 %s가 없습니다 (모양: {%s: ...}).", "%s: the answer has no %s (shape: {%s: ...}).",
				where(s), f, strings.Join(Fields(s.Kind), ": ..., ")))
			any = true
		}
	}
	return any
}

func TestElection_WhoCanWin(t *testing.T) {
	ss, as := load(t, KindElection)
	for _, s := range ss {
		t.Run(s.ID, func(t *testing.T) {
			a := given(t, s, as)
			up, logs := s.Up(), s.Logs()
			n, need := len(s.Peers), oracle.Majority(len(s.Peers))
			want := oracle.CanWin(up, n, logs)
			for _, p := range a.Peers {
				if !slices.Contains(up, p) {
					t.Error(say.F("%s: %q는 이 시나리오에서 실행 중인 피어가 아닙니다 (실행 중: %v, 죽음: %v).",
						"%s: %q is not a running peer of this scenario (running: %v, down: %v).", where(s), p, up, s.Down))
				}
			}
			for _, p := range up {
				got, can := slices.Contains(a.Peers, p), slices.Contains(want, p)
				if got == can {
					continue
				}
				voters := oracle.Voters(p, up, logs)
				l := logs[p]
				if can {
					t.Error(say.F("%s: %s는 이길 수 있습니다. %s의 로그(마지막 텀 %d, 길이 %d)는 %v의 로그보다 최신이거나 같으므로 %d표 ≥ 과반 %d (%d대 중). §5.4.1: 마지막 항목의 텀을 먼저 비교하고, 텀이 같을 때만 긴 로그가 이깁니다.",
						"%s: %s can win. Its log (last term %d, length %d) is at least as up-to-date as the logs of %v: %d votes ≥ a majority of %d (of %d peers). §5.4.1: compare the last entries' terms first; only when they are equal does the longer log win.",
						where(s), p, p, oracle.LastTerm(l), len(l), voters, len(voters), need, n))
				} else {
					t.Error(say.F("%s: %s는 이길 수 없습니다. %s의 로그(마지막 텀 %d, 길이 %d)는 %v의 표만 받을 수 있어 %d표 < 과반 %d (%d대 중, 죽은 피어는 투표하지 않음). §5.4.1: 투표자는 마지막 텀이 더 작은 로그, 또는 텀이 같고 더 짧은 로그의 후보를 거절합니다 — 로그가 길다고 이기지 않습니다.",
						"%s: %s cannot win. Its log (last term %d, length %d) gets votes only from %v: %d < a majority of %d (of %d peers; a crashed peer does not vote). §5.4.1: a voter refuses a candidate whose log ends in an older term, or in the same term but is shorter; a longer log does not win by itself.",
						where(s), p, p, oracle.LastTerm(l), len(l), voters, len(voters), need, n))
				}
			}
		})
	}
}

func TestRequestVote_TermAndVote(t *testing.T) {
	ss, as := load(t, KindVote)
	for _, s := range ss {
		t.Run(s.ID, func(t *testing.T) {
			a := given(t, s, as)
			v, r := *s.Voter, *s.Request
			voted := v.VotedFor
			if voted == "" {
				voted = oracle.NoVote
			}
			before := oracle.VoterState{Term: v.Term, VotedFor: voted, Log: v.Log}
			after, granted := oracle.RequestVote(before, oracle.VoteRequest{Term: r.Term, Candidate: r.Candidate, LastLogIndex: r.LastLogIndex, LastLogTerm: r.LastLogTerm})
			if missing(t, s, map[string]bool{"granted": a.Granted == nil, "term": a.Term == nil, "voted_for": a.VotedFor == nil}) {
				return
			}
			if *a.Term != after.Term {
				t.Error(say.F("%s: term: 기대 %d, 답 %d. Figure 2 (모든 서버의 규칙): 요청의 term이 더 크면 투표자는 투표를 거절하더라도 그 term을 곧바로 받아들입니다. 더 작은 term은 아무것도 바꾸지 않습니다.",
					"%s: term: want %d, answered %d. Figure 2 (Rules for Servers): a request with a higher term makes the voter adopt that term at once, even when it then refuses the vote; an older term changes nothing.",
					where(s), after.Term, *a.Term))
			}
			if *a.VotedFor != after.VotedFor {
				t.Error(say.F("%s: voted_for: 기대 %s, 답 %s. term이 올라가면 votedFor는 비워지고(none), 투표를 줄 때만 후보 이름이 됩니다.",
					"%s: voted_for: want %s, answered %s. votedFor is cleared (none) when the term moves up, and becomes a candidate's name only when the vote is granted.",
					where(s), after.VotedFor, *a.VotedFor))
			}
			if *a.Granted == granted {
				return
			}
			mine := len(v.Log)
			switch {
			case r.Term < v.Term:
				t.Error(say.F("%s: granted: 기대 false. 요청의 term %d < currentTerm %d: 수신 규칙 1에 따라 거절합니다.",
					"%s: granted: want false. The request's term %d < currentTerm %d: receiver rule 1 refuses it.", where(s), r.Term, v.Term))
			case before.Term == r.Term && voted != oracle.NoVote && voted != r.Candidate:
				t.Error(say.F("%s: granted: 기대 false. %s는 term %d에서 이미 %s에게 투표했습니다: 한 term에 한 표 (수신 규칙 2), 후보의 로그와 상관없이.",
					"%s: granted: want false. %s already voted for %s in term %d: one vote per term (receiver rule 2), whatever the candidate's log.", where(s), v.Name, voted, v.Term))
			case !granted:
				t.Error(say.F("%s: granted: 기대 false. 후보의 로그(마지막 텀 %d, 인덱스 %d)는 투표자의 로그(마지막 텀 %d, 인덱스 %d)만큼 최신이 아닙니다. §5.4.1: 마지막 텀을 먼저 비교하고, 길이는 텀이 같을 때만 봅니다.",
					"%s: granted: want false. The candidate's log (last term %d, index %d) is not as up-to-date as the voter's (last term %d, index %d). §5.4.1: compare the last terms first; the lengths count only when those are equal.",
					where(s), r.LastLogTerm, r.LastLogIndex, oracle.LastTerm(v.Log), mine))
			default:
				t.Error(say.F("%s: granted: 기대 true. term이 현재 term 이상이고, 이 term에 다른 후보에게 투표하지 않았고, 후보의 로그(마지막 텀 %d, 인덱스 %d)가 투표자의 것(마지막 텀 %d, 인덱스 %d)만큼 최신입니다 (수신 규칙 2).",
					"%s: granted: want true. The term is current, no other candidate has this term's vote, and the candidate's log (last term %d, index %d) is at least as up-to-date as the voter's (last term %d, index %d) (receiver rule 2).",
					where(s), r.LastLogTerm, r.LastLogIndex, oracle.LastTerm(v.Log), mine))
			}
		})
	}
}

func TestAppendEntries_FollowerAfter(t *testing.T) {
	ss, as := load(t, KindAppend)
	for _, s := range ss {
		t.Run(s.ID, func(t *testing.T) {
			a := given(t, s, as)
			f, r := *s.Follower, *s.Request
			after, ok := oracle.AppendEntries(oracle.FollowerState{Term: f.Term, Log: f.Log, Commit: f.Commit},
				oracle.AppendRequest{Term: r.Term, PrevLogIndex: r.PrevLogIndex, PrevLogTerm: r.PrevLogTerm, Entries: r.Entries, LeaderCommit: r.LeaderCommit})
			if missing(t, s, map[string]bool{"success": a.Success == nil, "log": a.Log == nil, "commit": a.Commit == nil}) {
				return
			}
			if *a.Success != ok {
				switch {
				case r.Term < f.Term:
					t.Error(say.F("%s: success: 기대 false. 요청의 term %d < currentTerm %d: 수신 규칙 1은 로그를 보기도 전에 거절합니다 (지난 텀의 리더).",
						"%s: success: want false. The request's term %d < currentTerm %d: receiver rule 1 refuses it before looking at the log (a leader of an old term).", where(s), r.Term, f.Term))
				case !ok:
					t.Error(say.F("%s: success: 기대 false. 수신 규칙 2: 팔로워 로그의 prevLogIndex %d에 term %d인 항목이 없으면 거절합니다 (로그: %v).",
						"%s: success: want false. Receiver rule 2: reply false when the log has no entry at prevLogIndex %d whose term is prevLogTerm %d (log: %v).", where(s), r.PrevLogIndex, r.PrevLogTerm, f.Log))
				default:
					t.Error(say.F("%s: success: 기대 true. term이 현재 term 이상이고 prevLogIndex %d의 항목 term이 prevLogTerm %d와 같으므로 일관성 검사를 통과합니다 (수신 규칙 1, 2).",
						"%s: success: want true. The term is current and the entry at prevLogIndex %d has term prevLogTerm %d, so the consistency check passes (receiver rules 1 and 2).", where(s), r.PrevLogIndex, r.PrevLogTerm))
				}
			}
			if !slices.Equal(a.Log, after.Log) {
				switch {
				case !ok:
					t.Error(say.F("%s: log: 기대 %v, 답 %v. 거절한 AppendEntries는 로그를 바꾸지 않습니다: 지우는 것(규칙 3)은 일관성 검사를 통과한 뒤의 일입니다.",
						"%s: log: want %v, answered %v. A refused AppendEntries changes nothing: deleting (rule 3) happens only after the consistency check passes.", where(s), after.Log, a.Log))
				case len(after.Log) < len(f.Log) || !slices.Equal(after.Log[:len(f.Log)], f.Log):
					t.Error(say.F("%s: log: 기대 %v, 답 %v. 규칙 3: 새 항목과 충돌하는(같은 인덱스, 다른 텀) 첫 항목부터 그 뒤 전부를 지웁니다. 규칙 4: 로그에 없는 새 항목을 붙입니다.",
						"%s: log: want %v, answered %v. Rule 3: delete the first existing entry that conflicts with a new one (same index, different terms) and all that follow it. Rule 4: append the new entries not already in the log.", where(s), after.Log, a.Log))
				default:
					t.Error(say.F("%s: log: 기대 %v, 답 %v. 충돌하는 항목이 없으니 아무것도 지우지 않습니다: 요청의 마지막 항목 뒤에 있는 항목도 남습니다. 늦게 온 짧은 요청이 더 새로운 항목을 지우면 안 됩니다 (규칙 3은 충돌할 때만).",
						"%s: log: want %v, answered %v. No entry conflicts, so nothing is deleted: entries after the request's last one stay. A late, shorter request must not undo newer entries (rule 3 deletes only on a conflict).", where(s), after.Log, a.Log))
				}
			}
			if *a.Commit != after.Commit {
				if !ok {
					t.Error(say.F("%s: commit: 기대 %d, 답 %d. 거절한 요청은 commitIndex를 바꾸지 않습니다.",
						"%s: commit: want %d, answered %d. A refused request leaves commitIndex as it was.", where(s), after.Commit, *a.Commit))
				} else {
					t.Error(say.F("%s: commit: 기대 %d, 답 %d. 규칙 5: leaderCommit > commitIndex이면 commitIndex = min(leaderCommit %d, 마지막 새 항목의 인덱스 %d). 로그 길이가 아니라 이 요청이 확인해 준 마지막 항목까지입니다.",
						"%s: commit: want %d, answered %d. Rule 5: if leaderCommit > commitIndex, commitIndex = min(leaderCommit %d, index of the last new entry %d): up to what this request vouched for, not the log's length.",
						where(s), after.Commit, *a.Commit, r.LeaderCommit, r.PrevLogIndex+len(r.Entries)))
				}
			}
		})
	}
}

// matches lists each peer's matchIndex as the leader of a commit scenario knows it.
func matches(s Scenario) string {
	logs := s.Logs()
	var parts []string
	for _, p := range s.Peers {
		m := len(logs[s.Leader])
		if p.Name != s.Leader {
			m = oracle.MatchIndex(logs[s.Leader], p.Log)
		}
		parts = append(parts, fmt.Sprintf("%s=%d", p.Name, m))
	}
	return strings.Join(parts, " ")
}

// holders counts the peers whose matchIndex reaches index n of the leader's log.
func holders(s Scenario, n int) int {
	logs := s.Logs()
	c := 0
	for _, p := range s.Peers {
		if p.Name == s.Leader || oracle.MatchIndex(logs[s.Leader], p.Log) >= n {
			c++
		}
	}
	return c
}

func TestCommit_Figure8(t *testing.T) {
	ss, as := load(t, KindCommit)
	for _, s := range ss {
		t.Run(s.ID, func(t *testing.T) {
			a := given(t, s, as)
			if missing(t, s, map[string]bool{"commit": a.Commit == nil}) {
				return
			}
			want := oracle.CommitIndex(s.Leader, s.Term, s.Commit, s.Names(), s.Logs())
			got := *a.Commit
			if got == want {
				return
			}
			l := s.Logs()[s.Leader]
			why := ""
			switch {
			case got < s.Commit:
				why = say.F("commitIndex는 줄지 않습니다 (지금 %d).", "commitIndex never goes down (it is %d now).", s.Commit)
			case got > len(l):
				why = say.F("리더의 로그에는 %d개 항목뿐입니다.", "the leader's log holds only %d entries.", len(l))
			case got > want && l[got-1] != s.Term:
				why = say.F("인덱스 %d는 지난 term %d의 항목입니다: 리더는 지난 term의 항목을 복제 수로 커밋하지 않습니다 (Figure 8). 현재 term %d의 항목이 과반에 닿을 때 그 앞의 항목과 함께 커밋됩니다.",
					"index %d is an entry of an earlier term, %d: a leader never commits an earlier term's entry by counting its replicas (Figure 8). It commits along with an entry of the current term %d once that one is on a majority.", got, l[got-1], s.Term)
			case got > want:
				why = say.F("인덱스 %d는 %d대에만 있습니다: 과반 %d에 못 미칩니다.", "index %d is on only %d peers: short of a majority of %d.", got, holders(s, got), oracle.Majority(len(s.Peers)))
			default:
				why = say.F("인덱스 %d는 현재 term %d의 항목이고 %d대 — 과반 — 에 있으므로 커밋되며, 그 앞의 항목도 모두 함께 커밋됩니다.",
					"index %d is an entry of the current term %d and is on %d peers, a majority, so it commits, and every entry before it with it.", want, s.Term, holders(s, want))
			}
			t.Error(say.F("%s: commit: 기대 %d, 답 %d. %s\nFigure 2 (리더의 규칙)와 §5.4.2: 과반의 matchIndex ≥ N이고 log[N].term == currentTerm(%d)인 가장 큰 N으로 commitIndex를 올립니다. matchIndex: %s.",
				"%s: commit: want %d, answered %d. %s\nFigure 2 (Rules for Servers, Leaders) and §5.4.2: commitIndex moves to the highest N with matchIndex ≥ N on a majority and log[N].term == currentTerm (%d). matchIndex: %s.",
				where(s), want, got, why, s.Term, matches(s)))
		})
	}
}

func TestSafe_Figure8(t *testing.T) {
	ss, as := load(t, KindCommit)
	for _, s := range ss {
		t.Run(s.ID, func(t *testing.T) {
			a := given(t, s, as)
			if missing(t, s, map[string]bool{"safe": a.Safe == nil}) {
				return
			}
			names, logs := s.Names(), s.Logs()
			want := oracle.SafeUpTo(s.Leader, names, logs)
			got := *a.Safe
			if got == want {
				return
			}
			winners := oracle.CanWin(names, len(names), logs)
			h := logs[s.Leader]
			if got > want {
				i := want + 1
				for _, w := range winners {
					if l := logs[w]; len(l) < i || l[i-1] != h[i-1] {
						voters := oracle.Voters(w, names, logs)
						t.Error(say.F("%s: safe: 기대 %d, 답 %d. 인덱스 %d(텀 %d)는 아직 덮어쓰일 수 있습니다: %s의 로그(%v)에는 그 항목이 없는데, %s는 %v의 표(%d ≥ 과반 %d)로 리더가 될 수 있고 그러면 자기 로그로 덮어씁니다 (Figure 8 (d)). 과반에 복제되었다는 것만으로는 안전하지 않습니다.",
							"%s: safe: want %d, answered %d. Index %d (term %d) can still be overwritten: %s's log (%v) lacks it, and %s can win with the votes of %v (%d ≥ a majority of %d) and then overwrite it with its own log (Figure 8 (d)). Being on a majority alone does not make an entry safe.",
							where(s), want, got, i, h[i-1], w, logs[w], w, voters, len(voters), oracle.Majority(len(names))))
						return
					}
				}
			}
			t.Error(say.F("%s: safe: 기대 %d, 답 %d. 이길 수 있는 피어(%v)는 모두 인덱스 %d까지의 항목을 가지고 있으므로 앞으로의 어떤 리더도 그것들을 덮어쓸 수 없습니다 (§5.4.1, §5.4.3).",
				"%s: safe: want %d, answered %d. Every peer that can win (%v) holds the entries up to index %d, so no future leader can overwrite them (§5.4.1, §5.4.3).",
				where(s), want, got, winners, want))
		})
	}
}

func TestHeal_WhoLeads(t *testing.T) {
	ss, as := load(t, KindHeal)
	for _, s := range ss {
		t.Run(s.ID, func(t *testing.T) {
			a := given(t, s, as)
			if missing(t, s, map[string]bool{"leader": a.Leader == nil, "term": a.Term == nil, "log": a.Log == nil}) {
				return
			}
			var peers []oracle.HealPeer
			var stale []string
			for _, p := range s.Peers {
				peers = append(peers, oracle.HealPeer{Name: p.Name, Term: p.Term, Leader: p.Leader, Log: p.Log})
			}
			leader, term, log := oracle.Heal(peers)
			for _, p := range s.Peers {
				if p.Leader && p.Name != leader {
					stale = append(stale, fmt.Sprintf("%s (term %d)", p.Name, p.Term))
				}
			}
			if *a.Leader != leader || *a.Term != term {
				t.Error(say.F("%s: leader, term: 기대 %s, %d, 답 %s, %d. §5.1: 옛 리더 %v는 반대편에서 온 첫 요청이나 응답에서 term %d를 보고 물러납니다. 가장 높은 term의 리더 %s가 이끌고, 모두 term %d가 됩니다.",
					"%s: leader, term: want %s, %d, answered %s, %d. §5.1: the old leader %v sees term %d in the first request or reply from the other side and steps down. The leader of the highest term, %s, leads, and everyone moves to term %d.",
					where(s), leader, term, *a.Leader, *a.Term, stale, term, leader, term))
			}
			if !slices.Equal(a.Log, log) {
				asked := s.Logs()[s.Ask]
				t.Error(say.F("%s: log: 기대 %v, 답 %v. §5.3: 리더는 팔로워의 로그를 자기 로그와 같게 만듭니다. %s의 로그 %v 중 리더와 다른 항목은 (더 길더라도) 과반에 닿지 못해 커밋되지 않았으므로 지워지고 리더의 항목으로 바뀝니다.",
					"%s: log: want %v, answered %v. §5.3: the leader makes each follower's log match its own. The entries of %s's log %v that differ from the leader's were never on a majority, so never committed: they are deleted and replaced by the leader's, however long that log was.",
					where(s), log, a.Log, s.Ask, asked))
			}
		})
	}
}
