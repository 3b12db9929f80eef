package figure2

import (
	"fmt"
	"strings"
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
		return "the returned Log is empty (not even the sentinel at index Start): return the follower's log, changed or not, in AppendResult.Log"
	}
	if got.Start != want.Start {
		return fmt.Sprintf("the returned log starts at index %d, want %d: AcceptAppend never moves Start (only a snapshot does)", got.Start, want.Start)
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
				return fmt.Sprintf("kept entry %d of term %d that conflicts with the leader's entry of term %d: on a conflict delete the existing entry and all that follow it, then append the new ones (Figure 2, AppendEntries receiver rules 3 and 4)", i, g, w)
			}
			return fmt.Sprintf("entry %d has term %d, want term %d", i, g, w)
		case !gok && wok:
			if bok && b == w {
				return fmt.Sprintf("deleted entry %d (term %d) although nothing conflicted with it: delete entries only from the first one whose term differs from the request's; a request whose entries already match changes nothing (Figure 2, AppendEntries receiver rule 3)", i, w)
			}
			if rok && r == w {
				return fmt.Sprintf("entry %d of term %d from the request is missing: append any new entries not already in the log (Figure 2, AppendEntries receiver rule 4)", i, w)
			}
			return fmt.Sprintf("the log ends at index %d, want it to go on to index %d", i-1, lastIndexOf(want))
		case gok && !wok:
			if bok && b == g {
				return fmt.Sprintf("kept entry %d (term %d) after the conflict before it: on a conflict delete the existing entry and all that follow it (Figure 2, AppendEntries receiver rule 3)", i, g)
			}
			return fmt.Sprintf("the log has an entry %d (term %d) that should not be there: it ends at index %d", i, g, lastIndexOf(want))
		}
	}
	for i := want.Start + 1; i <= lastIndexOf(want); i++ {
		g, w := got.Entries[i-got.Start].Command, want.Entries[i-want.Start].Command
		if g != w {
			return fmt.Sprintf("entry %d has the right term but carries command %v, want %v: entry k of the request goes to index PrevLogIndex+1+k", i, g, w)
		}
	}
	return ""
}
