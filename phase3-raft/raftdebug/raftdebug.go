// Package raftdebug is a debug printer for a Raft implementation, organised by topic.
//
// Printing is off by default. Switch topics on with the RAFT_DEBUG environment variable, a
// comma-separated list of topic names, or "all". For example, with ./path/to/your/raft/ standing
// for the directory of your raft package:
//
//	RAFT_DEBUG=vote,leader go test -v -run TestReElection3A ./path/to/your/raft/
//
// Use -v: without it, go test shows a test's output only when the test fails.
//
// Each line starts with the time since the test began, then the peer's column: peer 0 prints at the
// left edge, peer 1 one column to the right, and so on, so a failing run reads like a conversation
// between peers:
//
//	0.512s  P0 VOTE  timeout, start election for term 1
//	0.514s                          P1 VOTE  grant vote to 0 in term 1
//	0.516s  P0 LEAD  won term 1 with 2 votes
//
// Inside the rafttest harness each test runs in a testing/synctest bubble, where time.Now reports
// virtual time; the timestamps are therefore virtual seconds, identical from run to run of the same
// schedule, however slow the machine is.
//
// A typical call, made with the peer's lock held or not (Printf takes no lock of yours):
//
//	raftdebug.Printf(rf.me, raftdebug.Vote, "grant vote to %d in term %d", args.CandidateID, rf.currentTerm)
//
// With its topic off, Printf returns at once (about 10ns, no allocation, measured by
// BenchmarkPrintfDisabled), though Go still evaluates the arguments; inside a hot loop, or when
// an argument is costly to compute, guard the call with Enabled (about 3ns).
//
// Event adds a structured event (an election start, a vote, a commit) to the trace the rafttest
// harness keeps for each test and writes as JSON Lines when a test fails or RAFT_TRACE is set.
// Without a harness, Event does nothing.
//
// This package imports nothing from the harness, so a Raft implementation can use it without
// depending on test code; the harness attaches itself with Attach.
package raftdebug

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Topic is a subject a debug line is about. Topics are bits, so a set of them is a Topic too.
type Topic uint32

// The topics a Raft implementation prints under.
const (
	Vote     Topic = 1 << iota // elections: timeouts, RequestVote sent, granted, refused
	Leader                     // becoming leader, stepping down, heartbeats
	Log                        // AppendEntries, log matching, conflicts, commitIndex
	Persist                    // saving and restoring persistent state
	Snapshot                   // Snapshot, InstallSnapshot, log compaction
	Timer                      // election timer resets and fires
	Apply                      // messages sent on applyCh

	// All is every topic.
	All = Vote | Leader | Log | Persist | Snapshot | Timer | Apply
)

// topicNames maps each single topic to its name in RAFT_DEBUG and its four-letter tag in output.
var topicNames = []struct {
	topic Topic
	name  string
	tag   string
}{
	{Vote, "vote", "VOTE"},
	{Leader, "leader", "LEAD"},
	{Log, "log", "LOG "},
	{Persist, "persist", "PERS"},
	{Snapshot, "snapshot", "SNAP"},
	{Timer, "timer", "TIMR"},
	{Apply, "apply", "APLY"},
}

// String returns the topic's name, or the names of a set joined by commas.
func (t Topic) String() string {
	var names []string
	for _, tn := range topicNames {
		if t&tn.topic != 0 {
			names = append(names, tn.name)
		}
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ",")
}

func (t Topic) tag() string {
	for _, tn := range topicNames {
		if t == tn.topic {
			return tn.tag
		}
	}
	return "----"
}

// ParseTopics parses a RAFT_DEBUG value: topic names separated by commas, or "all".
// Spaces around names are ignored and case does not matter. An unknown name is an error that
// lists the known ones.
func ParseTopics(spec string) (Topic, error) {
	var set Topic
	for _, field := range strings.Split(spec, ",") {
		name := strings.ToLower(strings.TrimSpace(field))
		if name == "" {
			continue
		}
		if name == "all" {
			set |= All
			continue
		}
		found := false
		for _, tn := range topicNames {
			if tn.name == name {
				set |= tn.topic
				found = true
			}
		}
		if !found {
			return set, fmt.Errorf("raftdebug: unknown topic %q (known: all, %s)", name, All)
		}
	}
	return set, nil
}

// ColumnWidth is how many characters each peer's column is shifted right by.
const ColumnWidth = 24

var (
	enabled atomic.Uint32 // the Topic set currently printed

	outMu sync.Mutex
	out   io.Writer = os.Stderr

	startNanos atomic.Int64 // start of the clock Printf shows, as UnixNano; 0 until first use

	sink atomic.Pointer[sinkHolder]
)

func init() {
	spec := os.Getenv("RAFT_DEBUG")
	if spec == "" {
		return
	}
	set, err := ParseTopics(spec)
	if err != nil {
		fmt.Fprintf(os.Stderr, "%v; printing the known ones\n", err)
	}
	enabled.Store(uint32(set))
}

// SetTopics replaces the set of topics printed and returns the previous set.
// Tests use it; a Raft implementation leaves the choice to RAFT_DEBUG.
func SetTopics(t Topic) (previous Topic) {
	return Topic(enabled.Swap(uint32(t)))
}

// SetOutput sets where Printf writes (os.Stderr by default) and returns the previous writer.
func SetOutput(w io.Writer) (previous io.Writer) {
	outMu.Lock()
	defer outMu.Unlock()
	previous, out = out, w
	return previous
}

// Enabled reports whether lines of topic t are printed. Use it to skip building expensive
// arguments:
//
//	if raftdebug.Enabled(raftdebug.Log) {
//		raftdebug.Printf(rf.me, raftdebug.Log, "log now %v", summarize(rf.log))
//	}
func Enabled(t Topic) bool {
	return Topic(enabled.Load())&t != 0
}

// Printf prints one line for peer me under topic t, if t is switched on.
// The line is format and args as in fmt.Printf, prefixed by the time since the test started and
// placed in peer me's column (me < 0 prints in the leftmost column, for the harness).
// Printf is safe for concurrent use; lines from different goroutines never interleave.
func Printf(me int, t Topic, format string, args ...any) {
	if Topic(enabled.Load())&t == 0 {
		return
	}
	printLine(me, t, format, args)
}

// printLine does the work of Printf; it is separate so Printf stays small enough to inline.
func printLine(me int, t Topic, format string, args []any) {
	elapsed := time.Since(start())
	indent := 0
	peer := "--"
	if me >= 0 {
		indent = me * ColumnWidth
		peer = fmt.Sprintf("P%d", me)
	}
	line := fmt.Sprintf("%9.3fs  %*s%s %s  %s\n", elapsed.Seconds(), indent, "", peer, t.tag(),
		fmt.Sprintf(format, args...))
	outMu.Lock()
	defer outMu.Unlock()
	io.WriteString(out, line) //nolint:errcheck // debug output is best effort
}

// start returns the time Printf measures from: the harness's test start if attached, else the
// first time anything asked.
func start() time.Time {
	if h := sink.Load(); h != nil {
		return h.start
	}
	now := time.Now()
	startNanos.CompareAndSwap(0, now.UnixNano())
	return time.Unix(0, startNanos.Load())
}

// Kind names an event in the trace. The harness records its own kinds (connect, crash, apply…);
// a Raft implementation records the ones below, or any short lower-case word of its own.
type Kind string

// The event kinds a Raft implementation is expected to record. A timeline viewer colours them.
const (
	ElectionStart  Kind = "election-start"  // a follower timed out and became candidate
	VoteGranted    Kind = "vote-granted"    // this peer granted its vote (detail: to whom)
	BecameLeader   Kind = "became-leader"   // this peer won an election
	SteppedDown    Kind = "stepped-down"    // this peer saw a higher term and became follower
	AppendSent     Kind = "append-sent"     // leader sent AppendEntries (detail: to whom, how many)
	AppendAccepted Kind = "append-accepted" // follower accepted AppendEntries
	AppendRejected Kind = "append-rejected" // follower refused AppendEntries (detail: why)
	Commit         Kind = "commit"          // commitIndex advanced (detail: new index)
	Persisted      Kind = "persist"         // state saved
	SnapshotTaken  Kind = "snapshot"        // log compacted up to an index
)

// Record is one event, as delivered to a Sink.
type Record struct {
	At     time.Time // when it happened (virtual time inside a synctest bubble)
	Peer   int       // the peer it happened at
	Kind   Kind
	Term   int    // the peer's current term, 0 if unknown
	Detail string // free text
}

// Sink receives the events recorded with Event. The rafttest harness is the usual sink.
// RecordEvent must be safe for concurrent use and must not block.
type Sink interface {
	RecordEvent(r Record)
}

type sinkHolder struct {
	sink  Sink
	start time.Time
}

// Attach makes s receive every Event and makes Printf measure time from start, until detach is
// called. One sink is attached at a time: attaching replaces the previous one, which is why tests
// using the harness must not run in parallel. The harness calls Attach; a Raft implementation
// never needs to.
func Attach(start time.Time, s Sink) (detach func()) {
	h := &sinkHolder{sink: s, start: start}
	sink.Store(h)
	return func() { sink.CompareAndSwap(h, nil) }
}

// Event records an event of kind k at peer me, in term term, with a detail built from format and
// args, in the harness's trace. It also prints the event when its topic t is switched on. The
// topic decides only whether the event prints (RAFT_DEBUG); the kind is its label in the trace,
// where it is recorded whatever the topic. Without an attached harness and with t off, Event does
// nothing and costs a few nanoseconds.
//
//	raftdebug.Event(rf.me, raftdebug.Vote, raftdebug.VoteGranted, rf.currentTerm, "to %d", args.CandidateID)
func Event(me int, t Topic, k Kind, term int, format string, args ...any) {
	h := sink.Load()
	on := Topic(enabled.Load())&t != 0
	if h == nil && !on {
		return
	}
	recordEvent(h, on, me, t, k, term, format, args)
}

func recordEvent(h *sinkHolder, print bool, me int, t Topic, k Kind, term int, format string, args []any) {
	detail := fmt.Sprintf(format, args...)
	if h != nil {
		h.sink.RecordEvent(Record{At: time.Now(), Peer: me, Kind: k, Term: term, Detail: detail})
	}
	if print {
		printLine(me, t, "%s T%d %s", []any{k, term, detail})
	}
}
