package oracle

import (
	"slices"
	"testing"
)

// The oracle against what the paper itself says about its figures.

func TestFigure7AfterTheLeaderCrashes(t *testing.T) {
	logs := map[string][]int{
		"a": {1, 1, 1, 4, 4, 5, 5, 6, 6}, "b": {1, 1, 1, 4}, "c": {1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6},
		"d": {1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7}, "e": {1, 1, 1, 4, 4, 4, 4}, "f": {1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3},
	}
	got := CanWin([]string{"a", "b", "c", "d", "e", "f"}, 7, logs)
	if want := []string{"a", "c", "d"}; !slices.Equal(got, want) {
		t.Fatalf("CanWin = %v, want %v", got, want)
	}
}

// Figure 8 (c) to (d): S5 can be elected with votes from S2, S3 and S4 and overwrite index 2;
// in (e), once S1's term-4 entry is on a majority, S5 cannot.
func TestFigure8(t *testing.T) {
	names := []string{"S1", "S2", "S3", "S4", "S5"}
	c := map[string][]int{"S1": {1, 2, 4}, "S2": {1, 2}, "S3": {1, 2}, "S4": {1}, "S5": {1, 3}}
	if v := Voters("S5", names[1:], c); !slices.Equal(v, []string{"S2", "S3", "S4", "S5"}) {
		t.Errorf("(c): S5's voters = %v, want S2 S3 S4 S5", v)
	}
	if got := CommitIndex("S1", 4, 1, names, c); got != 1 {
		t.Errorf("(c): commitIndex = %d, want 1 (index 2 is of term 2)", got)
	}
	if got := SafeUpTo("S1", names, c); got != 1 {
		t.Errorf("(c): safe up to %d, want 1", got)
	}
	e := map[string][]int{"S1": {1, 2, 4}, "S2": {1, 2, 4}, "S3": {1, 2, 4}, "S4": {1}, "S5": {1, 3}}
	if got := CommitIndex("S1", 4, 1, names, e); got != 3 {
		t.Errorf("(e): commitIndex = %d, want 3", got)
	}
	if got := SafeUpTo("S1", names, e); got != 3 {
		t.Errorf("(e): safe up to %d, want 3", got)
	}
}

func TestRequestVote(t *testing.T) {
	s := VoterState{Term: 3, VotedFor: "S2", Log: []int{1, 1, 3}}
	if got, ok := RequestVote(s, VoteRequest{Term: 4, Candidate: "S3", LastLogIndex: 5, LastLogTerm: 2}); ok || got.Term != 4 || got.VotedFor != NoVote {
		t.Errorf("higher term, staler log: got %+v, %v; want term 4, no vote, refused", got, ok)
	}
	if got, ok := RequestVote(s, VoteRequest{Term: 3, Candidate: "S2", LastLogIndex: 3, LastLogTerm: 3}); !ok || got.VotedFor != "S2" {
		t.Errorf("the same candidate again: got %+v, %v; want granted", got, ok)
	}
	if _, ok := RequestVote(s, VoteRequest{Term: 2, Candidate: "S4", LastLogIndex: 9, LastLogTerm: 2}); ok {
		t.Error("an older term was granted")
	}
}

// AppendEntries is idempotent, never writes into its input, and never truncates on a request
// whose entries all match.
func TestAppendEntries(t *testing.T) {
	log := []int{1, 1, 1, 4, 4, 5, 5, 6, 6}
	s := FollowerState{Term: 8, Log: log, Commit: 3}
	req := AppendRequest{Term: 8, PrevLogIndex: 3, PrevLogTerm: 1, Entries: []int{4, 4}, LeaderCommit: 6}
	once, ok := AppendEntries(s, req)
	if !ok || !slices.Equal(once.Log, log) || once.Commit != 5 {
		t.Fatalf("late matching request: got %+v, %v; want the log untouched and commit 5", once, ok)
	}
	twice, _ := AppendEntries(once, req)
	if !slices.Equal(twice.Log, once.Log) || twice.Commit != once.Commit {
		t.Errorf("not idempotent: %+v then %+v", once, twice)
	}
	conflict, ok := AppendEntries(s, AppendRequest{Term: 8, PrevLogIndex: 5, PrevLogTerm: 4, Entries: []int{7}, LeaderCommit: 0})
	if !ok || !slices.Equal(conflict.Log, []int{1, 1, 1, 4, 4, 7}) {
		t.Errorf("conflict at 6: got %+v, %v", conflict, ok)
	}
	if !slices.Equal(log, []int{1, 1, 1, 4, 4, 5, 5, 6, 6}) {
		t.Errorf("the input log was written into: %v", log)
	}
	if got, ok := AppendEntries(s, AppendRequest{Term: 8, PrevLogIndex: 10, PrevLogTerm: 6}); ok || !slices.Equal(got.Log, log) {
		t.Errorf("prevLogIndex past the end: got %+v, %v; want refused, unchanged", got, ok)
	}
}

func TestHealHighestTermLeads(t *testing.T) {
	leader, term, log := Heal([]HealPeer{
		{Name: "S1", Term: 1, Leader: true, Log: []int{1, 1, 1, 1}},
		{Name: "S2", Term: 2, Leader: true, Log: []int{1, 1, 2}},
		{Name: "S3", Term: 2, Log: []int{1, 1, 2}},
	})
	if leader != "S2" || term != 2 || !slices.Equal(log, []int{1, 1, 2}) {
		t.Errorf("Heal = %s, %d, %v; want S2, 2, [1 1 2]", leader, term, log)
	}
}
