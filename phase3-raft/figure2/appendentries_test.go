package figure2

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
	return fmt.Sprintf("follower %swith log %q and commitIndex %d, after AppendEntries(prev=%d, prevTerm=%d, entries %q, leaderCommit=%d)",
		follower, termsOf(l), commitIndex, req.PrevLogIndex, req.PrevLogTerm, termsOf(Log{Entries: append([]Entry{{}}, req.Entries...)}), req.LeaderCommit)
}

// checkAppend runs AcceptAppend and explains what is wrong with its result.
func checkAppend(t *testing.T, follower string, c appendCase) {
	t.Helper()
	before := cloneLog(c.log)
	reqBefore := append(c.req.Entries[:0:0], c.req.Entries...)
	got := AcceptAppend(c.log, c.commitIndex, c.req)
	what := describeAppend(follower, before, c.commitIndex, c.req)

	require.Equal(t, c.wantSuccess, got.Success, "%s: Success: %s", what, c.why)
	if diff := explainLogDiff(before, c.req, got.Log, c.wantLog); diff != "" {
		assert.Fail(t, what+": "+diff, "got log %q, want %q (%s)", termsOf(got.Log), termsOf(c.wantLog), c.why)
	}
	assert.Equal(t, c.wantChanged, got.LogChanged,
		"%s: LogChanged must be true exactly when entries were deleted or appended, so the caller persists only then", what)
	assert.Equal(t, c.wantCommit, got.CommitIndex,
		"%s: CommitIndex: if leaderCommit > commitIndex, set commitIndex = min(leaderCommit, index of last new entry = prev + len(entries)); it never goes down, and a rejection leaves it alone (Figure 2, AppendEntries receiver rule 5)", what)
	assert.Equal(t, c.wantHint, got.Hint,
		"%s: Hint: on a rejection, XTerm = term of our entry at prev (0 if we have none), XIndex = first index of that term, XLen = LastIndex()+1; on success, the zero hint (end of §5.3)", what)
	assert.Equal(t, before, c.log,
		"%s: AcceptAppend changed the entries of the log it was given: after a conflict, copy the entries you keep into a new slice instead of appending over the old one — another goroutine may still be reading it", what)
	assert.Equal(t, reqBefore, c.req.Entries, "%s: AcceptAppend changed req.Entries: read the request, never write it", what)
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
			why: "(a) has no entry 10: reject (AppendEntries receiver rule 2), and tell the leader the log ends at 9 (XTerm 0, XLen 10)",
		}},
		{"(a)", appendCase{
			name: "prev 9 matches: append entry 10", log: f("(a)"), commitIndex: 3, req: figure7Request(10),
			wantSuccess: true, wantLog: leader, wantChanged: true, wantCommit: 3,
			why: "(a)'s entry 9 has term 6 like the leader's: accept (rule 2) and append entry 10 (rule 4)",
		}},
		{"(b)", appendCase{
			name: "log too short for prev 10: reject with its length", log: f("(b)"), commitIndex: 3, req: figure7Request(11),
			wantLog: f("(b)"), wantCommit: 3, wantHint: ConflictHint{XLen: 5},
			why: "(b) ends at index 4: reject (rule 2) with XLen 5",
		}},
		{"(b)", appendCase{
			name: "prev 4 matches: append entries 5 to 10", log: f("(b)"), commitIndex: 3, req: figure7Request(5),
			wantSuccess: true, wantLog: leader, wantChanged: true, wantCommit: 3,
			why: "(b)'s entry 4 has term 4 like the leader's: accept and append the rest (rules 2 and 4)",
		}},
		{"(c)", appendCase{
			name: "heartbeat at prev 10 keeps the extra entry 11", log: f("(c)"), commitIndex: 3, req: figure7Request(11),
			wantSuccess: true, wantLog: f("(c)"), wantCommit: 3,
			why: "(c)'s entry 10 matches and the heartbeat carries no entries, so nothing conflicts: accept and delete nothing (rule 3 deletes only on a conflict)",
		}},
		{"(c)", appendCase{
			name: "new entry 11 of term 8 replaces the extra entry of term 6", log: f("(c)"), commitIndex: 3, req: figure7Request(11, Entry{Term: 8, Command: cmd(11, 8)}),
			wantSuccess: true, wantLog: plus(leader, 8), wantChanged: true, wantCommit: 3,
			why: "(c)'s entry 11 has term 6, the new entry 11 has term 8: a conflict, so delete entry 11 onwards and append (rules 3 and 4)",
		}},
		{"(d)", appendCase{
			name: "heartbeat at prev 10 keeps entries 11 and 12 of term 7", log: f("(d)"), commitIndex: 3, req: figure7Request(11),
			wantSuccess: true, wantLog: f("(d)"), wantCommit: 3,
			why: "(d)'s entry 10 matches and the heartbeat carries no entries: accept and delete nothing (rule 3)",
		}},
		{"(d)", appendCase{
			name: "new entry 11 of term 8 deletes entries 11 and 12 of term 7", log: f("(d)"), commitIndex: 3, req: figure7Request(11, Entry{Term: 8, Command: cmd(11, 8)}),
			wantSuccess: true, wantLog: plus(leader, 8), wantChanged: true, wantCommit: 3,
			why: "(d)'s entry 11 has term 7, the new one term 8: delete entry 11 and all that follow it, then append (rules 3 and 4)",
		}},
		{"(e)", appendCase{
			name: "entry 7 has term 4, not 5: reject with the first index of term 4", log: f("(e)"), commitIndex: 3, req: figure7Request(8),
			wantLog: f("(e)"), wantCommit: 3, wantHint: ConflictHint{XTerm: 4, XIndex: 4, XLen: 8},
			why: "(e)'s entry 7 has term 4 but prevTerm is 5: reject (rule 2); its run of term 4 starts at index 4",
		}},
		{"(e)", appendCase{
			name: "prev 5 matches: entries 6 and 7 of term 4 give way to the leader's", log: f("(e)"), commitIndex: 3, req: figure7Request(6),
			wantSuccess: true, wantLog: leader, wantChanged: true, wantCommit: 3,
			why: "(e)'s entry 5 has term 4 like the leader's; entry 6 conflicts (4 vs 5): delete from 6 and append the leader's 6..10 (rules 3 and 4)",
		}},
		{"(f)", appendCase{
			name: "entry 10 has term 3, not 6: reject with the first index of term 3", log: f("(f)"), commitIndex: 3, req: figure7Request(11),
			wantLog: f("(f)"), wantCommit: 3, wantHint: ConflictHint{XTerm: 3, XIndex: 7, XLen: 12},
			why: "(f)'s entry 10 has term 3 but prevTerm is 6: reject (rule 2); its run of term 3 starts at index 7",
		}},
		{"(f)", appendCase{
			name: "entry 6 has term 2, not 5: reject with the first index of term 2", log: f("(f)"), commitIndex: 3, req: figure7Request(7),
			wantLog: f("(f)"), wantCommit: 3, wantHint: ConflictHint{XTerm: 2, XIndex: 4, XLen: 12},
			why: "(f)'s entry 6 has term 2 but prevTerm is 5: reject (rule 2); its run of term 2 starts at index 4",
		}},
		{"(f)", appendCase{
			name: "prev 3 matches: everything from entry 4 is replaced", log: f("(f)"), commitIndex: 3, req: figure7Request(4),
			wantSuccess: true, wantLog: leader, wantChanged: true, wantCommit: 3,
			why: "(f)'s entry 3 has term 1 like the leader's; entry 4 conflicts (2 vs 4): delete entries 4..11 and append the leader's 4..10 (rules 3 and 4)",
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
			why: "index 0 is the sentinel with term 0, so prev=0, prevTerm=0 always matches (rule 2) and entries 1 and 2 are appended (rule 4)",
		},
		{
			name: "no entry at prev: reject", log: logOf(1, 1), req: AppendRequest{Term: 2, PrevLogIndex: 4, PrevLogTerm: 2, Entries: entriesAt(5, 2)},
			wantLog: logOf(1, 1), wantHint: ConflictHint{XLen: 3},
			why: "the log ends at index 2, so it has no entry 4: reject (rule 2) with XTerm 0, XLen 3",
		},
		{
			name: "entry at prev has another term: reject", log: logOf(1, 1, 2), req: AppendRequest{Term: 3, PrevLogIndex: 3, PrevLogTerm: 3, Entries: entriesAt(4, 3)},
			wantLog: logOf(1, 1, 2), wantHint: ConflictHint{XTerm: 2, XIndex: 3, XLen: 4},
			why: "entry 3 has term 2, prevTerm is 3: reject (rule 2) with XTerm 2, XIndex 3 (first entry of term 2)",
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
			why: "entries 2 and 3 already match, and nothing conflicts: accept and keep entries 4 and 5 — a request from the same leader sent earlier and delivered late must not undo later ones; entries 4 and 5 may already be committed (rule 3: delete only on a conflict)",
		},
		{
			name: "delayed heartbeat deletes nothing", log: follower, commitIndex: 4,
			req:         AppendRequest{Term: 2, PrevLogIndex: 2, PrevLogTerm: 1, LeaderCommit: 2},
			wantSuccess: true, wantLog: follower, wantCommit: 4,
			why: "an empty request never conflicts with anything: accept and keep the whole log (rule 3)",
		},
		{
			name: "request overlapping the end appends only what is new", log: follower, commitIndex: 4,
			req:         AppendRequest{Term: 2, PrevLogIndex: 3, PrevLogTerm: 2, Entries: entriesAt(4, 2, 2, 2), LeaderCommit: 5},
			wantSuccess: true, wantLog: logOf(1, 1, 2, 2, 2, 2), wantChanged: true, wantCommit: 5,
			why: "entries 4 and 5 match; entry 6 is new: append it (rule 4) without touching 4 and 5",
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
			require.True(t, first.Success, "%s: first delivery must succeed: the entry at prev matches (rule 2)", what)
			require.Equal(t, termsOf(c.want), termsOf(first.Log), "%s: first delivery (rules 3 and 4)", what)
			second := AcceptAppend(first.Log, first.CommitIndex, c.req)
			what2 := describeAppend("", first.Log, first.CommitIndex, c.req) + " delivered a second time"
			require.True(t, second.Success, "%s: the same request again must succeed", what2)
			assert.Equal(t, termsOf(c.want), termsOf(second.Log),
				"%s: a duplicate request must leave the log as the first delivery left it: its entries are already there, so nothing conflicts (rule 3) and nothing is new (rule 4)", what2)
			assert.False(t, second.LogChanged, "%s: nothing changed, so LogChanged must be false (no needless persist)", what2)
			assert.Equal(t, first.CommitIndex, second.CommitIndex, "%s: commitIndex must not move on a duplicate", what2)
		})
	}
}

func TestAcceptAppend_CommitIndex(t *testing.T) {
	runAppendCases(t, []appendCase{
		{
			name: "leaderCommit beyond the last new entry stops at the last new entry", log: logOf(1, 1), commitIndex: 1,
			req:         AppendRequest{Term: 1, PrevLogIndex: 2, PrevLogTerm: 1, Entries: entriesAt(3, 1), LeaderCommit: 7},
			wantSuccess: true, wantLog: logOf(1, 1, 1), wantChanged: true, wantCommit: 3,
			why: "leaderCommit 7 > commitIndex 1, so commitIndex = min(7, last new entry 3) = 3 (rule 5)",
		},
		{
			name: "heartbeat commits only up to prev, not the unchecked entries after it", log: logOf(1, 1, 1, 2, 2), commitIndex: 1,
			req:         AppendRequest{Term: 3, PrevLogIndex: 3, PrevLogTerm: 1, LeaderCommit: 5},
			wantSuccess: true, wantLog: logOf(1, 1, 1, 2, 2), wantCommit: 3,
			why: "the index of the last new entry is prev + len(entries) = 3, so commitIndex = min(5, 3) = 3; entries 4 and 5 (term 2) were not checked against the leader's log, whose 4 and 5 may differ, and must not be committed (rule 5)",
		},
		{
			name: "leaderCommit within the request commits up to it", log: logOf(1, 1, 1), commitIndex: 1,
			req:         AppendRequest{Term: 1, PrevLogIndex: 3, PrevLogTerm: 1, LeaderCommit: 2},
			wantSuccess: true, wantLog: logOf(1, 1, 1), wantCommit: 2,
			why: "commitIndex = min(leaderCommit 2, last new entry 3) = 2 (rule 5)",
		},
		{
			name: "leaderCommit below commitIndex changes nothing", log: logOf(1, 1, 1, 1, 1), commitIndex: 5,
			req:         AppendRequest{Term: 1, PrevLogIndex: 5, PrevLogTerm: 1, LeaderCommit: 3},
			wantSuccess: true, wantLog: logOf(1, 1, 1, 1, 1), wantCommit: 5,
			why: "rule 5 applies only when leaderCommit > commitIndex: commitIndex never goes down",
		},
		{
			name: "stale request whose last new entry is below commitIndex changes nothing", log: logOf(1, 1, 1, 1, 1), commitIndex: 4,
			req:         AppendRequest{Term: 1, PrevLogIndex: 1, PrevLogTerm: 1, Entries: entriesAt(2, 1), LeaderCommit: 5},
			wantSuccess: true, wantLog: logOf(1, 1, 1, 1, 1), wantCommit: 4,
			why: "min(leaderCommit 5, last new entry 2) = 2 is below commitIndex 4: keep 4; commitIndex never goes down",
		},
		{
			name: "a rejection leaves commitIndex alone", log: logOf(1, 1, 2), commitIndex: 2,
			req:     AppendRequest{Term: 3, PrevLogIndex: 3, PrevLogTerm: 3, LeaderCommit: 3},
			wantLog: logOf(1, 1, 2), wantCommit: 2, wantHint: ConflictHint{XTerm: 2, XIndex: 3, XLen: 4},
			why: "entry 3 has term 2, prevTerm is 3: reject (rule 2), and learn nothing about what is committed",
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
				why: "(f)'s entry 3 matches; delete from the conflict at 4 and append the leader's 4..10 into a new slice, leaving the caller's entries as they were (see AcceptAppend's doc: ownership)",
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
			why: "entry 7 has term 3: accept, commitIndex = min(7, 7) (rules 2 and 5); entry i lives at Entries[i-Start]",
		},
		{
			name: "prev at the sentinel matches the snapshot's last term", log: follower, commitIndex: 5,
			req:         AppendRequest{Term: 3, PrevLogIndex: 5, PrevLogTerm: 2, Entries: entriesAt(6, 3, 3, 3), LeaderCommit: 5},
			wantSuccess: true, wantLog: logAt(5, 2, 3, 3, 3), wantChanged: true, wantCommit: 5,
			why: "the sentinel at Start=5 has the snapshot's last term 2: prev=5, prevTerm=2 matches; 6 and 7 match; append 8",
		},
		{
			name: "too short: XLen counts the snapshot", log: follower, commitIndex: 5,
			req:     AppendRequest{Term: 3, PrevLogIndex: 9, PrevLogTerm: 3},
			wantLog: follower, wantCommit: 5, wantHint: ConflictHint{XLen: 8},
			why: "the log ends at index 7 (Start 5 + 3 slots - 1): reject with XLen = LastIndex()+1 = 8",
		},
		{
			name: "conflict hint stops at the snapshot", log: follower, commitIndex: 5,
			req:     AppendRequest{Term: 4, PrevLogIndex: 7, PrevLogTerm: 4},
			wantLog: follower, wantCommit: 5, wantHint: ConflictHint{XTerm: 3, XIndex: 6, XLen: 8},
			why: "entry 7 has term 3, prevTerm is 4: reject; the run of term 3 starts at 6, the first index after the snapshot",
		},
		{
			name: "prev inside the snapshot: skip the entries the snapshot covers", log: follower, commitIndex: 5,
			req:         AppendRequest{Term: 4, PrevLogIndex: 3, PrevLogTerm: 2, Entries: entriesAt(4, 2, 2, 3, 3, 4), LeaderCommit: 8},
			wantSuccess: true, wantLog: logAt(5, 2, 3, 3, 4), wantChanged: true, wantCommit: 8,
			why: "entries 1..5 are in the snapshot, so they are committed and match the leader's: nothing to check there; 6 and 7 match, 8 is new; commitIndex = min(8, 3+5)",
		},
		{
			name: "request entirely inside the snapshot changes nothing", log: follower, commitIndex: 5,
			req:         AppendRequest{Term: 4, PrevLogIndex: 2, PrevLogTerm: 1, Entries: entriesAt(3, 2, 2), LeaderCommit: 4},
			wantSuccess: true, wantLog: follower, wantCommit: 5,
			why: "entries 3 and 4 are in the snapshot already: accept and change nothing",
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
