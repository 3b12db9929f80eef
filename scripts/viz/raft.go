package viz

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// traceEvent is one line of the Raft harness's trace (rafttest.TraceEvent).
type traceEvent struct {
	TimeNS int64  `json:"t_ns"`
	Peer   int    `json:"peer"`
	Kind   string `json:"kind"`
	Term   int    `json:"term"`
	Detail string `json:"detail"`
}

// maxPoints keeps a page light: past it, frequent point events (appends
// sent and accepted) are left out; roles, votes, commits and arrows stay.
const maxPoints = 20000

var (
	applyDetail = regexp.MustCompile(`^index (\d+): (.*)$`)
	keyValue    = regexp.MustCompile(`(\w+)=(\S+)`)
)

// fields parses "key=value key=value" details.
func fields(detail string) map[string]string {
	m := map[string]string{}
	for _, kv := range keyValue.FindAllStringSubmatch(detail, -1) {
		m[kv[1]] = kv[2]
	}
	return m
}

// FromRaftTrace reads a Raft harness trace (JSON Lines, see rafttest's
// TraceEvent) into a timeline: one lane per peer, its role and term over
// time, votes and commits, the network's RPCs as arrows ("rpc" events),
// crashes and disconnections shaded, each peer's applied log, and the
// failure pinned.
func FromRaftTrace(r io.Reader, title string) (Timeline, error) {
	var evs []traceEvent
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 4*1024*1024)
	peers := 0
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var e traceEvent
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			return Timeline{}, fmt.Errorf("viz: trace line %d is not a trace event: %w", n, err)
		}
		evs = append(evs, e)
		peers = max(peers, e.Peer+1)
	}
	if err := sc.Err(); err != nil {
		return Timeline{}, fmt.Errorf("viz: read trace: %w", err)
	}
	tl := Timeline{Title: title, Kind: "raft", Logs: make([][]Item, peers), Legend: []Legend{
		{"follower", "follower"}, {"candidate", "candidate"}, {"leader", "leader"},
		{"crashed", "crashed"}, {"partitioned", "disconnected"}, {"unreliable", "unreliable network"}, {"dropped", "dropped message"},
	}}
	for i := range peers {
		tl.Lanes = append(tl.Lanes, fmt.Sprintf("peer %d", i))
	}
	for _, e := range evs {
		tl.End = max(tl.End, e.TimeNS)
	}
	tl.End = max(tl.End, 1)

	type laneState struct {
		role             string
		term             int
		since            int64
		up               bool
		downSince        int64
		cutSince         int64
		cut              bool
		commit, appended int
	}
	st := make([]laneState, peers)
	closeSpan := func(p int, t int64) {
		s := &st[p]
		if s.up && t > s.since {
			tl.Spans = append(tl.Spans, Span{Lane: p, From: s.since, To: t, Class: s.role, Label: fmt.Sprintf("%s T%d", s.role, s.term), Term: s.term})
		}
		s.since = t
	}
	setRole := func(p int, t int64, role string, term int) {
		s := &st[p]
		if s.up && s.role == role && (term == 0 || term == s.term) {
			return
		}
		closeSpan(p, t)
		s.role = role
		if term > 0 {
			s.term = term
		}
	}
	unreliableSince := int64(-1)
	point := func(e traceEvent, f map[string]string) {
		tl.Points = append(tl.Points, Point{Lane: e.Peer, T: e.TimeNS, Kind: e.Kind, Term: e.Term, Detail: e.Detail, Fields: f})
	}
	for _, e := range evs {
		p := e.Peer
		switch e.Kind {
		case "start":
			if st[p].up {
				closeSpan(p, e.TimeNS)
			}
			if !st[p].up && st[p].downSince > 0 {
				tl.Shades = append(tl.Shades, Shade{Lane: p, From: st[p].downSince, To: e.TimeNS, Class: "crashed", Label: "crashed"})
			}
			st[p] = laneState{role: "follower", term: st[p].term, since: e.TimeNS, up: true, cut: st[p].cut, cutSince: st[p].cutSince}
			point(e, nil)
		case "crash":
			closeSpan(p, e.TimeNS)
			st[p].up, st[p].downSince = false, e.TimeNS
			point(e, nil)
		case "disconnect":
			if !st[p].cut {
				st[p].cut, st[p].cutSince = true, e.TimeNS
			}
		case "connect":
			if st[p].cut {
				tl.Shades = append(tl.Shades, Shade{Lane: p, From: st[p].cutSince, To: e.TimeNS, Class: "partitioned", Label: "disconnected"})
				st[p].cut = false
			}
		case "network":
			f := fields(e.Detail)
			switch f["reliable"] {
			case "false":
				if unreliableSince < 0 {
					unreliableSince = e.TimeNS
				}
			case "true":
				if unreliableSince >= 0 {
					tl.Shades = append(tl.Shades, Shade{Lane: -1, From: unreliableSince, To: e.TimeNS, Class: "unreliable", Label: "unreliable network"})
					unreliableSince = -1
				}
			}
			point(e, f)
		case "election-start":
			setRole(p, e.TimeNS, "candidate", e.Term)
			point(e, nil)
		case "became-leader":
			setRole(p, e.TimeNS, "leader", e.Term)
			point(e, nil)
		case "stepped-down":
			setRole(p, e.TimeNS, "follower", e.Term)
			point(e, nil)
		case "apply":
			if m := applyDetail.FindStringSubmatch(e.Detail); m != nil {
				idx, _ := strconv.Atoi(m[1])
				tl.Logs[p] = append(tl.Logs[p], Item{Index: idx, Term: e.Term, Cmd: m[2], T: e.TimeNS})
			}
			point(e, nil)
		case "commit":
			point(e, nil)
		case "rpc":
			tl.Arrows = append(tl.Arrows, rpcArrows(e)...)
		case "failure":
			f := Point{Lane: -1, T: e.TimeNS, Kind: e.Kind, Detail: e.Detail}
			if tl.Failure == nil {
				tl.Failure = &f
			}
		case "append-sent", "append-accepted":
			if len(tl.Points) < maxPoints/2 {
				point(e, nil)
			}
		default:
			if len(tl.Points) < maxPoints {
				point(e, nil)
			}
		}
		if e.Term > 0 && p >= 0 && e.Term > st[p].term && st[p].up {
			// A peer's term can rise without a role change (a vote for a newer candidate).
			closeSpan(p, e.TimeNS)
			st[p].term = e.Term
		}
	}
	for p := range st {
		if st[p].up {
			closeSpan(p, tl.End)
		} else if st[p].downSince > 0 {
			tl.Shades = append(tl.Shades, Shade{Lane: p, From: st[p].downSince, To: tl.End, Class: "crashed", Label: "crashed"})
		}
		if st[p].cut {
			tl.Shades = append(tl.Shades, Shade{Lane: p, From: st[p].cutSince, To: tl.End, Class: "partitioned", Label: "disconnected"})
		}
	}
	if unreliableSince >= 0 {
		tl.Shades = append(tl.Shades, Shade{Lane: -1, From: unreliableSince, To: tl.End, Class: "unreliable", Label: "unreliable network"})
	}
	return tl, nil
}

// rpcArrows turns one "rpc" trace event — the network's record of a call,
//
//	{"peer":0,"kind":"rpc","detail":"to=2 method=Raft.AppendEntries sent=1000 delivered=1500 replied=2100 outcome=ok"}
//
// — into the request's arrow and, when a reply came back, the reply's.
func rpcArrows(e traceEvent) []Arrow {
	f := fields(e.Detail)
	to, err := strconv.Atoi(f["to"])
	if err != nil {
		return nil
	}
	num := func(k string) int64 {
		v, err := strconv.ParseInt(f[k], 10, 64)
		if err != nil {
			return -1
		}
		return v
	}
	sent, delivered, replied := num("sent"), num("delivered"), num("replied")
	if sent < 0 {
		sent = e.TimeNS
	}
	method := strings.TrimPrefix(f["method"], "Raft.")
	req := Arrow{From: e.Peer, To: to, Sent: sent, Arrived: delivered, Label: method}
	if delivered < 0 {
		req.Dropped, req.Arrived = true, sent
		return []Arrow{req}
	}
	out := []Arrow{req}
	if replied >= 0 {
		out = append(out, Arrow{From: to, To: e.Peer, Sent: delivered, Arrived: replied, Label: method + " reply", Reply: true})
	} else if f["outcome"] == "reply-dropped" {
		out = append(out, Arrow{From: to, To: e.Peer, Sent: delivered, Arrived: delivered, Label: method + " reply", Reply: true, Dropped: true})
	}
	return out
}
