// Package chaos runs a key/value cluster as real processes under load while a
// nemesis breaks it on purpose — kill -9 and restart, SIGSTOP and SIGCONT, a
// node cut off from its peers by proxies — and checks every client history
// for linearizability with porcupine. The same load and the same seeded fault
// schedule run against the course's Raft KV and against a 3-member etcd, so
// the figures (ops/s, latency, time until clients succeed again after a
// leader dies) can be compared within one run.
package chaos

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/anishathalye/porcupine"

	"dsweekends/phase3-raft/kvtest"
)

// OpKind names a client operation: the same kinds, inputs and sequential
// model as the graded KV tests (package kvtest), so a history means the same
// thing here as there.
type OpKind = kvtest.OpKind

// The operations of the key/value service.
const (
	Get    = kvtest.OpGet
	Put    = kvtest.OpPut
	Append = kvtest.OpAppend
)

// Input is what a client asked for.
type Input = kvtest.Input

// Output is what the client saw: the value a Get returned. Unknown marks a
// Put or Append whose outcome the client never learned (it timed out or the
// connection broke): it may have taken effect at any time after its call.
type Output struct {
	Value   string
	Unknown bool
}

// Op is one operation of a history, with its call and return times in
// nanoseconds since the run started. An operation whose outcome is unknown
// returns "never" (Return = math.MaxInt64 when checked).
type Op struct {
	Client int
	In     Input
	Out    Output
	Call   int64
	Return int64
	OK     bool // the client saw it succeed
}

// History collects the operations of one run. It is safe for concurrent use.
type History struct {
	mu    sync.Mutex
	start time.Time
	ops   []Op
}

// NewHistory starts an empty history whose clock starts now.
func NewHistory() *History { return &History{start: time.Now()} }

// Since returns the history's clock: nanoseconds since it started.
func (h *History) Since() int64 { return int64(time.Since(h.start)) }

// Start returns the wall-clock time the history's clock counts from.
func (h *History) Start() time.Time { return h.start }

// Add records one operation.
func (h *History) Add(op Op) {
	h.mu.Lock()
	h.ops = append(h.ops, op)
	h.mu.Unlock()
}

// Ops returns a copy of the operations recorded so far, in call order.
func (h *History) Ops() []Op {
	h.mu.Lock()
	out := append([]Op(nil), h.ops...)
	h.mu.Unlock()
	sort.Slice(out, func(i, j int) bool { return out[i].Call < out[j].Call })
	return out
}

// Model is kvtest's sequential specification (a map from keys to strings,
// checked one key at a time) over this package's Output, which also marks
// operations whose outcome the client never learned.
var Model = porcupine.Model{
	Partition: kvtest.Model.Partition,
	Init:      kvtest.Model.Init,
	Step: func(state, input, output any) (bool, any) {
		return kvtest.Model.Step(state, input, output.(Output).Value)
	},
	Equal: func(a, b any) bool { return a.(string) == b.(string) },
	DescribeOperation: func(input, output any) string {
		in, out := input.(Input), output.(Output)
		switch {
		case in.Op == Get:
			return fmt.Sprintf("Get(%q) → %q", in.Key, short(out.Value))
		case out.Unknown:
			return fmt.Sprintf("%s(%q, %q) ?", in.Op, in.Key, short(in.Value))
		}
		return fmt.Sprintf("%s(%q, %q)", in.Op, in.Key, short(in.Value))
	},
	DescribeState: func(state any) string { return fmt.Sprintf("%q", short(state.(string))) },
}

func short(s string) string {
	if len(s) <= 40 {
		return s
	}
	return s[:18] + "…" + s[len(s)-18:]
}

// Verdict is the result of checking a history.
type Verdict string

// The verdicts: porcupine proved the history linearizable, found no order
// that explains it, or ran out of time before deciding.
const (
	Linearizable    Verdict = "linearizable"
	NotLinearizable Verdict = "not linearizable"
	Undecided       Verdict = "undecided (checker timed out)"
)

// Operations turns the history into porcupine's operations: failed Gets
// are dropped (they observed nothing), a Put or Append with an unknown
// outcome stays pending until the end of time.
func Operations(ops []Op) []porcupine.Operation {
	out := make([]porcupine.Operation, 0, len(ops))
	for _, op := range ops {
		if op.In.Op == Get && !op.OK {
			continue
		}
		ret := op.Return
		if !op.OK {
			ret = 1<<63 - 1
		}
		out = append(out, porcupine.Operation{ClientId: op.Client, Input: op.In, Output: op.Out, Call: op.Call, Return: ret})
	}
	return out
}

// Check checks ops with porcupine within timeout. On a violation it writes
// porcupine's HTML visualisation to htmlPath (when not empty) and returns the
// path it wrote.
func Check(ops []Op, timeout time.Duration, htmlPath string) (Verdict, string, error) {
	pops := Operations(ops)
	if len(pops) == 0 {
		return Linearizable, "", nil
	}
	res, info := porcupine.CheckOperationsVerbose(Model, pops, timeout)
	switch res {
	case porcupine.Ok:
		return Linearizable, "", nil
	case porcupine.Unknown:
		return Undecided, "", nil
	}
	if htmlPath == "" {
		return NotLinearizable, "", nil
	}
	if err := os.MkdirAll(filepath.Dir(htmlPath), 0o755); err != nil {
		return NotLinearizable, "", fmt.Errorf("chaos: %w", err)
	}
	if err := porcupine.VisualizePath(Model, info, htmlPath); err != nil {
		return NotLinearizable, "", fmt.Errorf("chaos: %w", err)
	}
	return NotLinearizable, htmlPath, nil
}
