package rafttest

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"time"

	"dsweekends/phase3-raft/raftdebug"
)

// Event kinds the harness records itself. A Raft implementation adds its own kinds with
// raftdebug.Event (election-start, vote-granted, became-leader, …).
const (
	KindStart      = "start"       // a peer was made (detail: fresh or restarted)
	KindCrash      = "crash"       // a peer was killed, keeping its persisted state
	KindConnect    = "connect"     // a peer was connected to the network
	KindDisconnect = "disconnect"  // a peer was cut off from the network
	KindApply      = "apply"       // a peer applied a command (detail: index and command)
	KindApplySnap  = "apply-snap"  // a peer installed a snapshot from applyCh
	KindLeaderSeen = "leader-seen" // GetState reported this peer as leader
	KindNetwork    = "network"     // reliability or reordering changed
	KindSubmit     = "submit"      // the harness called Start on a peer (detail: command, result)
	KindStats      = "stats"       // RPC and byte counts at the end of a cluster
	KindFailure    = "failure"     // a check failed (detail: the message)
)

// maxTraceEvents bounds the memory a trace uses; later events are counted but not kept.
const maxTraceEvents = 1 << 20

// TraceEvent is one line of a trace file. The file format is JSON Lines: one object per line,
//
//	{"t_ns":512000000,"peer":0,"kind":"election-start","term":1,"detail":"timeout"}
//
// t_ns is nanoseconds since the test started, in virtual time unless RAFT_REALTIME=1; peer is the
// peer index, or -1 for an event of the whole cluster; term is 0 when unknown. Events appear in the
// order the harness recorded them, which is the order of t_ns.
type TraceEvent struct {
	TimeNS int64  `json:"t_ns"`
	Peer   int    `json:"peer"`
	Kind   string `json:"kind"`
	Term   int    `json:"term"`
	Detail string `json:"detail"`
}

// trace is the in-memory event log of one test. It is safe for concurrent use.
type trace struct {
	start time.Time

	mu      sync.Mutex
	events  []TraceEvent
	dropped int
}

func newTrace(start time.Time) *trace {
	return &trace{start: start}
}

// add records an event that happens now.
func (tr *trace) add(peer int, kind string, term int, detail string) {
	tr.addAt(time.Now(), peer, kind, term, detail)
}

func (tr *trace) addAt(at time.Time, peer int, kind string, term int, detail string) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	if len(tr.events) >= maxTraceEvents {
		tr.dropped++
		return
	}
	tr.events = append(tr.events, TraceEvent{
		TimeNS: at.Sub(tr.start).Nanoseconds(), Peer: peer, Kind: kind, Term: term, Detail: detail,
	})
}

// RecordEvent receives events from raftdebug.Event.
func (tr *trace) RecordEvent(r raftdebug.Record) {
	tr.addAt(r.At, r.Peer, string(r.Kind), r.Term, r.Detail)
}

// writeFile writes the trace as JSON Lines to dir/<name>.jsonl and returns the file's path.
func (tr *trace) writeFile(dir, name string) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("create trace directory: %w", err)
	}
	path := filepath.Join(dir, fileSafe(name)+".jsonl")
	f, err := os.Create(path)
	if err != nil {
		return "", fmt.Errorf("create trace file: %w", err)
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	tr.mu.Lock()
	for _, e := range tr.events {
		if err = enc.Encode(e); err != nil {
			break
		}
	}
	if err == nil && tr.dropped > 0 {
		err = enc.Encode(TraceEvent{Peer: -1, Kind: "dropped",
			Detail: fmt.Sprintf("%d later events were not kept", tr.dropped)})
	}
	tr.mu.Unlock()
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", fmt.Errorf("write trace file: %w", err)
	}
	return path, nil
}

var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// fileSafe turns a test name like "TestX/3A_election" into "TestX_3A_election".
func fileSafe(name string) string {
	return unsafeChars.ReplaceAllString(name, "_")
}
