package kvtest

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/anishathalye/porcupine"

	"dsweekends/phase3-raft/rafttest"
)

// OpKind names a client operation.
type OpKind string

// The operations of the key/value service.
const (
	OpGet    OpKind = "Get"
	OpPut    OpKind = "Put"
	OpAppend OpKind = "Append"
)

// Input is what a client asked for.
type Input struct {
	Op    OpKind
	Key   string
	Value string // Put and Append only
}

func (in Input) String() string {
	if in.Op == OpGet {
		return fmt.Sprintf("Get(%q)", in.Key)
	}
	return fmt.Sprintf("%s(%q, %q)", in.Op, in.Key, in.Value)
}

// History records the operations clients completed, with their call and return times.
type History struct {
	mu   sync.Mutex
	last int64
	ops  []porcupine.Operation
}

// stamp returns the current virtual time in nanoseconds since the Unix epoch, made strictly
// larger than every stamp before it: in virtual time many events share an instant, and two
// stamps taken one after the other must still order the events they mark.
func (h *History) stamp() int64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.last = max(h.last+1, time.Now().UnixNano())
	return h.last
}

// add records one completed operation.
func (h *History) add(client int, in Input, out string, call, ret int64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.ops = append(h.ops, porcupine.Operation{ClientId: client, Input: in, Call: call, Output: out, Return: ret})
}

// Begin records the call of an operation a test makes by hand (through Group.Ends); call the
// function it returns with the operation's output ("" for Put and Append) when it returns.
func (h *History) Begin(client int, in Input) (end func(out string)) {
	call := h.stamp()
	return func(out string) { h.add(client, in, out, call, h.stamp()) }
}

// Len returns the number of operations recorded.
func (h *History) Len() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.ops)
}

// Model is the sequential specification the history is checked against: a map from keys to
// strings where Get returns the value (empty for a missing key), Put replaces it and Append adds
// to its end. The history is checked one key at a time.
var Model = porcupine.Model{
	Partition: func(history []porcupine.Operation) [][]porcupine.Operation {
		byKey := map[string][]porcupine.Operation{}
		for _, op := range history {
			k := op.Input.(Input).Key
			byKey[k] = append(byKey[k], op)
		}
		keys := make([]string, 0, len(byKey))
		for k := range byKey {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		out := make([][]porcupine.Operation, 0, len(keys))
		for _, k := range keys {
			out = append(out, byKey[k])
		}
		return out
	},
	Init: func() any { return "" }, // the value of the partition's one key
	Step: func(state, input, output any) (bool, any) {
		v, in, out := state.(string), input.(Input), output.(string)
		switch in.Op {
		case OpGet:
			return out == v, v
		case OpPut:
			return true, in.Value
		default:
			return true, v + in.Value
		}
	},
	DescribeOperation: func(input, output any) string {
		in := input.(Input)
		if in.Op == OpGet {
			return fmt.Sprintf("Get(%q) → %q", in.Key, shorten(output.(string)))
		}
		return fmt.Sprintf("%s(%q, %q)", in.Op, in.Key, shorten(in.Value))
	},
	DescribeState: func(state any) string { return fmt.Sprintf("%q", shorten(state.(string))) },
}

func shorten(s string) string {
	if len(s) <= 40 {
		return s
	}
	return s[:18] + "…" + s[len(s)-18:]
}

// CheckTimeout bounds porcupine's search; a check that runs out of time is reported as passed
// with a note, as MIT's tests do, since porcupine found no violation.
const CheckTimeout = time.Minute

// Run runs fn as the body of test t in virtual time (see rafttest.Run) and then checks every
// operation the clients of its groups completed for linearizability. On a violation it writes
// porcupine's visualisation, prints its path and fails t with the operations it could not order.
func Run(t *testing.T, name string, fn func(t *testing.T, h *History)) {
	t.Helper()
	h := &History{}
	rafttest.Run(t, name, func(t *testing.T) { fn(t, h) })
	Check(t, h)
}

// Check checks h for linearizability (Run calls it). It runs on the wall clock, outside the test's
// virtual-time bubble, and logs how long porcupine took.
func Check(t testing.TB, h *History) {
	t.Helper()
	h.mu.Lock()
	ops := slices.Clone(h.ops)
	h.mu.Unlock()
	if len(ops) == 0 {
		return
	}
	start := time.Now()
	res, info := porcupine.CheckOperationsVerbose(Model, ops, CheckTimeout)
	took := time.Since(start)
	t.Logf("kvtest: porcupine checked %d operations in %v: %s", len(ops), took.Round(time.Millisecond), res)
	switch res {
	case porcupine.Ok:
		return
	case porcupine.Unknown:
		t.Logf("kvtest: porcupine ran out of time (%v) without finding a violation; counted as linearizable", CheckTimeout)
		return
	}
	var b strings.Builder
	b.WriteString("kvtest: the history is not linearizable: no order of the operations, each taking " +
		"effect at one instant between its call and its return, explains what the clients saw. Rule: " +
		"every operation goes through the Raft log and is applied exactly once, in log order; a reply " +
		"is sent only after the entry committed, and a Get reads the state at its own log index.\n")
	b.WriteString(duplicateAppends(ops))
	b.WriteString(unordered(ops, info))
	dir := filepath.Join(os.TempDir(), "kvtest-porcupine")
	path := filepath.Join(dir, strings.NewReplacer("/", "_", " ", "_").Replace(t.Name())+".html")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintf(&b, "(cannot write the visualisation: %v)", err)
	} else if err := porcupine.VisualizePath(Model, info, path); err != nil {
		fmt.Fprintf(&b, "(cannot write the visualisation: %v)", err)
	} else {
		fmt.Printf("    porcupine visualisation of %s: %s\n", t.Name(), path)
		fmt.Fprintf(&b, "Open %s in a browser: one lane per client, and the longest order porcupine found.", path)
	}
	t.Error(b.String())
}

// unordered describes, for each key whose history porcupine could not linearize, the operations
// left out of the longest order it found.
func unordered(ops []porcupine.Operation, info porcupine.LinearizationInfo) string {
	parts := Model.Partition(ops)
	partials := info.PartialLinearizationsOperations()
	var b strings.Builder
	for p, part := range parts {
		if p >= len(partials) {
			break
		}
		longest := 0
		var best []porcupine.Operation
		for _, lin := range partials[p] {
			if len(lin) > longest {
				longest, best = len(lin), lin
			}
		}
		if longest == len(part) {
			continue
		}
		placed := map[porcupine.Operation]bool{}
		for _, op := range best {
			placed[op] = true
		}
		key := part[0].Input.(Input).Key
		fmt.Fprintf(&b, "key %q: %d of %d operations ordered; these could not be placed after them:\n", key, longest, len(part))
		shown := 0
		for _, op := range part {
			if placed[op] {
				continue
			}
			if shown == 8 {
				b.WriteString("  …\n")
				break
			}
			shown++
			fmt.Fprintf(&b, "  client %d: %s (called %s, returned %s)\n", op.ClientId,
				Model.DescribeOperation(op.Input, op.Output), clock(op.Call, ops), clock(op.Return, ops))
		}
	}
	return b.String()
}

// clock shows a stamp as seconds since the first call of the history.
func clock(ns int64, ops []porcupine.Operation) string {
	first := ops[0].Call
	for _, op := range ops {
		first = min(first, op.Call)
	}
	return fmt.Sprintf("%.3fs", float64(ns-first)/1e9)
}

// duplicateAppends names, when it can see one, the most likely cause of a history porcupine
// rejects: a Get that returned one Append's value twice (an Append applied twice). Only values
// that no other operation on the key also wrote are counted, each where it starts the value or
// follows a space, so that "0.1 " is not found inside "10.1 ".
func duplicateAppends(ops []porcupine.Operation) string {
	written := map[[2]string]int{} // key, value → how many Puts and Appends wrote it
	for _, op := range ops {
		if in := op.Input.(Input); in.Op != OpGet && in.Value != "" {
			written[[2]string{in.Key, in.Value}]++
		}
	}
	for _, op := range ops {
		in := op.Input.(Input)
		if in.Op != OpAppend || written[[2]string{in.Key, in.Value}] != 1 {
			continue
		}
		for _, get := range ops {
			g := get.Input.(Input)
			out, _ := get.Output.(string)
			if g.Op != OpGet || g.Key != in.Key {
				continue
			}
			if n := countAt(out, in.Value); n > 1 {
				return fmt.Sprintf("Most likely cause: client %d's Append(%q, %q) was made once, but client %d's Get(%q) "+
					"returned a value holding it %d times: the Append was applied more than once. Rule: at most once: "+
					"the Clerk retries with the same (ClientID, Seq), and the server skips every request whose Seq is at "+
					"or below the highest it applied for that client, in the duplicate table (and the table is in the "+
					"snapshot).\n", op.ClientId, in.Key, in.Value, get.ClientId, g.Key, n)
			}
		}
	}
	return ""
}

// countAt counts the occurrences of v in s that start s or follow a space.
func countAt(s, v string) int {
	n := 0
	for i := 0; i+len(v) <= len(s); i++ {
		if s[i:i+len(v)] == v && (i == 0 || s[i-1] == ' ') {
			n++
		}
	}
	return n
}
