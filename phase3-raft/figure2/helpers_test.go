package figure2

import (
	"fmt"
	"strings"

	"dsweekends/testkit/say"
)

// The paper's figures number peers S1..S5; the tests use ids 0..4.
const (
	s1 = iota
	s2
	s3
	s4
	s5
)

// cmd is the command the tests put in the entry at index with term. Two
// entries with the same index and term carry the same command, as the Log
// Matching Property promises.
func cmd(index, term int) string { return fmt.Sprintf("cmd %d.%d", index, term) }

// logOf builds a fresh log (sentinel at 0) whose entries 1, 2, ... have the
// given terms: logOf(1, 1, 4) is the log drawn as "1 1 4" in the paper.
func logOf(terms ...int) Log {
	return logAt(0, 0, terms...)
}

// logAt builds a log that starts after a snapshot: sentinel at start with
// startTerm, then entries start+1, start+2, ... with the given terms.
func logAt(start, startTerm int, terms ...int) Log {
	l := Log{Start: start, Entries: []Entry{{Term: startTerm}}}
	for i, t := range terms {
		l.Entries = append(l.Entries, Entry{Term: t, Command: cmd(start+1+i, t)})
	}
	return l
}

// entriesAt builds request entries for indices first, first+1, ... with
// the given terms.
func entriesAt(first int, terms ...int) []Entry {
	es := []Entry{}
	for i, t := range terms {
		es = append(es, Entry{Term: t, Command: cmd(first+i, t)})
	}
	return es
}

// leaderEntries returns leader's entries from index from on, as a leader
// would send them, built without the Log methods under test.
func leaderEntries(leader Log, from int) []Entry {
	return append([]Entry{}, leader.Entries[from-leader.Start:]...)
}

// cloneLog returns a deep copy of l's entries slice.
func cloneLog(l Log) Log {
	return Log{Start: l.Start, Entries: append([]Entry(nil), l.Entries...)}
}

// termsOf renders a log the way the paper draws it: "[snapshot@3:t2] 1 1 4".
func termsOf(l Log) string {
	var b strings.Builder
	if l.Start != 0 {
		fmt.Fprintf(&b, "[snapshot through %d]", l.Start)
	}
	for i, e := range l.Entries {
		if i == 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprint(&b, e.Term)
	}
	if b.Len() == 0 {
		return "(empty)"
	}
	return b.String()
}

// termAt returns the term of entry index of l without calling the Log
// methods, and false when l does not hold it.
func termAt(l Log, index int) (int, bool) {
	i := index - l.Start
	if i < 0 || i >= len(l.Entries) {
		return 0, false
	}
	return l.Entries[i].Term, true
}

// lastIndexOf returns l's last index without calling the Log methods.
func lastIndexOf(l Log) int { return l.Start + len(l.Entries) - 1 }

// reqEntryTerm returns the term the request carries for index, if any.
func reqEntryTerm(req AppendRequest, index int) (int, bool) {
	i := index - req.PrevLogIndex - 1
	if i < 0 || i >= len(req.Entries) {
		return 0, false
	}
	return req.Entries[i].Term, true
}

// explainLogDiff compares the log AcceptAppend returned (got) with the one
// it should have returned (want), given the follower's log before (before)
// and the request, and explains the first difference in terms of Figure 2's
// AppendEntries receiver rules. It returns "" when the logs are equal.
func explainLogDiff(before Log, req AppendRequest, got, want Log) string {
	if len(got.Entries) == 0 {
		return say.T("돌려준 Log가 비어 있습니다(인덱스 Start의 센티널조차 없음): 바뀌었든 아니든 팔로워의 로그를 AppendResult.Log에 담아 돌려주세요", "the returned Log is empty (not even the sentinel at index Start): return the follower's log, changed or not, in AppendResult.Log")
	}
	if got.Start != want.Start {
		return say.F("돌려준 로그가 인덱스 %d에서 시작하는데 %d여야 합니다: AcceptAppend는 Start를 옮기지 않습니다(스냅숏만 옮깁니다)", "the returned log starts at index %d, want %d: AcceptAppend never moves Start (only a snapshot does)", got.Start, want.Start)
	}
	last := max(lastIndexOf(got), lastIndexOf(want))
	for i := want.Start; i <= last; i++ {
		g, gok := termAt(got, i)
		w, wok := termAt(want, i)
		b, bok := termAt(before, i)
		r, rok := reqEntryTerm(req, i)
		switch {
		case gok && wok && g != w:
			if bok && b == g && rok && r == w {
				return say.F("리더의 텀 %[3]d 엔트리와 충돌하는 텀 %[2]d의 엔트리 %[1]d를 남겼습니다: 충돌하면 기존 엔트리와 그 뒤를 모두 지우고 새 엔트리를 덧붙이세요(Figure 2, AppendEntries 수신자 규칙 3과 4)", "kept entry %d of term %d that conflicts with the leader's entry of term %d: on a conflict delete the existing entry and all that follow it, then append the new ones (Figure 2, AppendEntries receiver rules 3 and 4)", i, g, w)
			}
			return say.F("엔트리 %d의 텀이 %d인데 %d여야 합니다", "entry %d has term %d, want term %d", i, g, w)
		case !gok && wok:
			if bok && b == w {
				return say.F("아무것도 충돌하지 않았는데 엔트리 %d(텀 %d)를 지웠습니다: 요청과 텀이 다른 첫 엔트리부터만 지우세요. 엔트리가 이미 일치하는 요청은 아무것도 바꾸지 않습니다(Figure 2, AppendEntries 수신자 규칙 3)", "deleted entry %d (term %d) although nothing conflicted with it: delete entries only from the first one whose term differs from the request's; a request whose entries already match changes nothing (Figure 2, AppendEntries receiver rule 3)", i, w)
			}
			if rok && r == w {
				return say.F("요청에 있던 텀 %[2]d의 엔트리 %[1]d가 없습니다: 로그에 아직 없는 새 엔트리는 모두 덧붙이세요(Figure 2, AppendEntries 수신자 규칙 4)", "entry %d of term %d from the request is missing: append any new entries not already in the log (Figure 2, AppendEntries receiver rule 4)", i, w)
			}
			return say.F("로그가 인덱스 %d에서 끝나는데 인덱스 %d까지 이어져야 합니다", "the log ends at index %d, want it to go on to index %d", i-1, lastIndexOf(want))
		case gok && !wok:
			if bok && b == g {
				return say.F("앞선 충돌 뒤의 엔트리 %d(텀 %d)를 남겼습니다: 충돌하면 기존 엔트리와 그 뒤를 모두 지우세요(Figure 2, AppendEntries 수신자 규칙 3)", "kept entry %d (term %d) after the conflict before it: on a conflict delete the existing entry and all that follow it (Figure 2, AppendEntries receiver rule 3)", i, g)
			}
			return say.F("로그에 있으면 안 되는 엔트리 %d(텀 %d)가 있습니다: 로그는 인덱스 %d에서 끝나야 합니다", "the log has an entry %d (term %d) that should not be there: it ends at index %d", i, g, lastIndexOf(want))
		}
	}
	for i := want.Start + 1; i <= lastIndexOf(want); i++ {
		g, w := got.Entries[i-got.Start].Command, want.Entries[i-want.Start].Command
		if g != w {
			return say.F("엔트리 %d의 텀은 맞지만 명령이 %v인데 %v여야 합니다: 요청의 k번째 엔트리는 인덱스 PrevLogIndex+1+k에 들어갑니다", "entry %d has the right term but carries command %v, want %v: entry k of the request goes to index PrevLogIndex+1+k", i, g, w)
		}
	}
	return ""
}
