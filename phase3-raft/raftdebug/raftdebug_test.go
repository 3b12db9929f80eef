package raftdebug_test

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"dsweekends/phase3-raft/raftdebug"
)

// capture switches the given topics on and collects output until the test ends.
func capture(t *testing.T, topics raftdebug.Topic) *bytes.Buffer {
	t.Helper()
	var buf bytes.Buffer
	prevOut := raftdebug.SetOutput(&buf)
	prevTopics := raftdebug.SetTopics(topics)
	t.Cleanup(func() {
		raftdebug.SetOutput(prevOut)
		raftdebug.SetTopics(prevTopics)
	})
	return &buf
}

func TestParseTopics(t *testing.T) {
	tests := []struct {
		spec    string
		want    raftdebug.Topic
		wantErr string
	}{
		{"", 0, ""},
		{"vote", raftdebug.Vote, ""},
		{"vote, LOG", raftdebug.Vote | raftdebug.Log, ""},
		{"all", raftdebug.All, ""},
		{"vote,electoin", raftdebug.Vote, `unknown topic "electoin" (known: all, vote,leader,log`},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			got, err := raftdebug.ParseTopics(tt.spec)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
			} else {
				require.NoError(t, err)
			}
			require.Equal(t, tt.want, got, "ParseTopics(%q)", tt.spec)
		})
	}
}

func TestPrintfIsSilentWhenItsTopicIsOff(t *testing.T) {
	buf := capture(t, raftdebug.Log)
	raftdebug.Printf(0, raftdebug.Vote, "not shown")
	require.Empty(t, buf.String(), "Vote is off, only Log is on")
	require.False(t, raftdebug.Enabled(raftdebug.Vote))
	require.True(t, raftdebug.Enabled(raftdebug.Log))
}

func TestPrintfPutsEachPeerInItsOwnColumn(t *testing.T) {
	buf := capture(t, raftdebug.All)
	raftdebug.Printf(0, raftdebug.Vote, "start election term %d", 1)
	raftdebug.Printf(2, raftdebug.Log, "append %d entries", 3)
	lines := strings.Split(strings.TrimRight(buf.String(), "\n"), "\n")
	require.Len(t, lines, 2)
	require.Regexp(t, `^\s*\d+\.\d{3}s  P0 VOTE  start election term 1$`, lines[0])
	require.Equal(t, strings.Index(lines[0], "P0")+2*raftdebug.ColumnWidth, strings.Index(lines[1], "P2"),
		"peer 2's text starts two columns right of peer 0's")
	require.True(t, strings.HasSuffix(lines[1], "P2 LOG   append 3 entries"), "got %q", lines[1])
}

func TestPrintfIsSafeForConcurrentUse(t *testing.T) {
	buf := capture(t, raftdebug.All)
	var wg sync.WaitGroup
	for p := range 4 {
		wg.Go(func() {
			for range 50 {
				raftdebug.Printf(p, raftdebug.Timer, "tick")
			}
		})
	}
	wg.Wait()
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	require.Len(t, lines, 200)
	for _, l := range lines {
		require.True(t, strings.HasSuffix(l, "TIMR  tick"), "lines never interleave: %q", l)
	}
}

type recordingSink struct {
	mu      sync.Mutex
	records []raftdebug.Record
}

func (s *recordingSink) RecordEvent(r raftdebug.Record) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.records = append(s.records, r)
}

func TestEventReachesTheAttachedSink(t *testing.T) {
	capture(t, 0)
	sink := &recordingSink{}
	detach := raftdebug.Attach(time.Now(), sink)
	raftdebug.Event(1, raftdebug.Vote, raftdebug.VoteGranted, 4, "to %d", 2)
	detach()
	raftdebug.Event(1, raftdebug.Vote, raftdebug.VoteGranted, 4, "after detach")
	require.Len(t, sink.records, 1, "events after detach are not recorded")
	r := sink.records[0]
	require.Equal(t, raftdebug.Record{At: r.At, Peer: 1, Kind: raftdebug.VoteGranted, Term: 4, Detail: "to 2"}, r)
}

func TestEventPrintsWhenItsTopicIsOn(t *testing.T) {
	buf := capture(t, raftdebug.Leader)
	raftdebug.Event(0, raftdebug.Leader, raftdebug.BecameLeader, 3, "with %d votes", 2)
	require.Contains(t, buf.String(), "P0 LEAD  became-leader T3 with 2 votes")
}

func BenchmarkPrintfDisabled(b *testing.B) {
	raftdebug.SetTopics(0)
	term, peer := 7, 2
	for b.Loop() {
		raftdebug.Printf(0, raftdebug.Vote, "grant vote to %d in term %d", peer, term)
	}
}

func BenchmarkPrintfDisabledGuarded(b *testing.B) {
	raftdebug.SetTopics(0)
	term, peer := 7, 2
	for b.Loop() {
		if raftdebug.Enabled(raftdebug.Vote) {
			raftdebug.Printf(0, raftdebug.Vote, "grant vote to %d in term %d", peer, term)
		}
	}
}

func BenchmarkEventDisabled(b *testing.B) {
	raftdebug.SetTopics(0)
	term := 7
	for b.Loop() {
		raftdebug.Event(0, raftdebug.Vote, raftdebug.ElectionStart, term, "")
	}
}
