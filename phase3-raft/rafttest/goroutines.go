package rafttest

import (
	"bufio"
	"bytes"
	"fmt"
	"regexp"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
)

// This file lists goroutines, for the two diagnostics that must name the learner's code: a stalled
// bubble (stall.go) and goroutines still running after Kill (cluster_cleanup.go).

// goroutine is one goroutine from a runtime.Stack dump.
type goroutine struct {
	id     int
	status string // "sleep", "sync.Mutex.Lock", "chan receive", "running", …
	bubble int    // synctest bubble id, 0 outside any bubble
	frames []frame
	text   string // the goroutine's full dump, header included
}

type frame struct {
	function string // "dsweekends/phase3-raft/raft.(*Raft).ticker"
	location string // "/path/raft.go:123"
}

var goroutineHeader = regexp.MustCompile(`^goroutine (\d+) \[([^\]]*)\]:$`)

// allGoroutines returns every goroutine of the process, parsed from runtime.Stack.
func allGoroutines() []goroutine {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return parseStacks(buf[:n])
		}
		buf = make([]byte, 2*len(buf))
	}
}

// currentGoroutine returns the calling goroutine.
func currentGoroutine() goroutine {
	buf := make([]byte, 64<<10)
	n := runtime.Stack(buf, false)
	gs := parseStacks(buf[:n])
	if len(gs) == 0 {
		return goroutine{}
	}
	return gs[0]
}

// parseStacks parses the text runtime.Stack writes: blocks separated by blank lines, each a
// header line then pairs of lines (function, then tab-indented file:line).
func parseStacks(dump []byte) []goroutine {
	var out []goroutine
	for _, block := range strings.Split(string(dump), "\n\n") {
		lines := strings.Split(strings.TrimSpace(block), "\n")
		m := goroutineHeader.FindStringSubmatch(lines[0])
		if m == nil {
			continue
		}
		g := goroutine{text: strings.TrimSpace(block)}
		g.id, _ = strconv.Atoi(m[1])
		for i, part := range strings.Split(m[2], ", ") {
			if i == 0 {
				g.status = strings.TrimSuffix(part, " (durable)")
			} else if id, ok := strings.CutPrefix(part, "synctest bubble "); ok {
				g.bubble, _ = strconv.Atoi(id)
			}
		}
		for i := 1; i+1 < len(lines); i += 2 {
			fn := lines[i]
			if strings.HasPrefix(fn, "created by ") {
				fn = strings.TrimPrefix(fn, "created by ")
				if j := strings.Index(fn, " in goroutine"); j >= 0 {
					fn = fn[:j]
				}
				fn = "created by " + fn
			} else if j := strings.LastIndex(fn, "("); j > 0 {
				fn = fn[:j]
			}
			loc := strings.TrimSpace(lines[i+1])
			if j := strings.LastIndex(loc, " +0x"); j > 0 {
				loc = loc[:j]
			}
			g.frames = append(g.frames, frame{function: fn, location: loc})
		}
		out = append(out, g)
	}
	return out
}

// createdBy returns the function that started the goroutine, "" for the main goroutine.
func (g goroutine) createdBy() string {
	for _, f := range g.frames {
		if fn, ok := strings.CutPrefix(f.function, "created by "); ok {
			return fn
		}
	}
	return ""
}

// infrastructure lists function-name prefixes of code that is not the learner's: the runtime,
// the standard library pieces a Raft touches, and this harness.
var infrastructure = []string{
	"runtime.", "runtime/", "sync.", "sync/", "internal/", "time.", "testing.", "testing/",
	"reflect.", "encoding/", "fmt.", "os.", "bytes.", "strings.", "math/", "context.",
	"dsweekends/phase3-raft/simnet.", "dsweekends/phase3-raft/persister.",
	"dsweekends/phase3-raft/raftdebug.", "dsweekends/phase3-raft/rafttest.",
}

func isInfrastructure(function string) bool {
	function = strings.TrimPrefix(function, "created by ")
	for _, p := range infrastructure {
		if strings.HasPrefix(function, p) {
			return true
		}
	}
	return false
}

// userFrame returns the innermost frame in code that is not infrastructure: where in the
// learner's code the goroutine is. ok is false when the whole stack is infrastructure.
func (g goroutine) userFrame() (frame, bool) {
	for _, f := range g.frames {
		if !strings.HasPrefix(f.function, "created by ") && !isInfrastructure(f.function) {
			return f, true
		}
	}
	return frame{}, false
}

// isHarness reports whether the goroutine belongs to the test machinery rather than to the code
// under test: started by this package, or part of testing/synctest itself.
func (g goroutine) isHarness() bool {
	if strings.HasPrefix(g.createdBy(), "dsweekends/phase3-raft/rafttest.") {
		return true
	}
	for _, f := range g.frames {
		if strings.HasPrefix(f.function, "testing/synctest.") || strings.HasPrefix(f.function, "internal/synctest.") {
			return true
		}
	}
	return false
}

// describe is a one-line summary: "goroutine 21 [sleep] in raft.(*Raft).ticker at raft.go:88".
func (g goroutine) describe() string {
	where := "in the runtime"
	if f, ok := g.userFrame(); ok {
		where = fmt.Sprintf("in %s at %s", shortFunc(f.function), shortFile(f.location))
	}
	return fmt.Sprintf("goroutine %d [%s] %s (started by %s)", g.id, g.status, where, shortFunc(g.createdBy()))
}

// shortFunc trims the import path: "dsweekends/phase3-raft/raft.(*Raft).ticker" → "raft.(*Raft).ticker".
func shortFunc(fn string) string {
	if i := strings.LastIndex(fn, "/"); i >= 0 {
		return fn[i+1:]
	}
	return fn
}

// shortFile trims a location to its last two path elements: "raft/raft.go:88".
func shortFile(loc string) string {
	parts := strings.Split(loc, "/")
	if len(parts) > 2 {
		parts = parts[len(parts)-2:]
	}
	return strings.Join(parts, "/")
}

// labeledGoroutine is a group of identical goroutines from the goroutine profile, with the pprof
// labels the harness put on every call into the peer's code.
type labeledGoroutine struct {
	count  int
	labels map[string]string
	frames []string // function names, innermost first
}

var labelPair = regexp.MustCompile(`"([^"]*)":"([^"]*)"`)

// labeledGoroutines returns the goroutines carrying the label key=value.
func labeledGoroutines(key, value string) []labeledGoroutine {
	var buf bytes.Buffer
	if err := pprof.Lookup("goroutine").WriteTo(&buf, 1); err != nil {
		return nil
	}
	var out []labeledGoroutine
	var cur *labeledGoroutine
	sc := bufio.NewScanner(&buf)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			if cur != nil && cur.labels[key] == value {
				out = append(out, *cur)
			}
			cur = nil
		case strings.Contains(line, " @ ") && !strings.HasPrefix(line, "#"):
			n, _ := strconv.Atoi(strings.Fields(line)[0])
			cur = &labeledGoroutine{count: n, labels: map[string]string{}}
		case cur != nil && strings.HasPrefix(line, "# labels: "):
			for _, m := range labelPair.FindAllStringSubmatch(line, -1) {
				cur.labels[m[1]] = m[2]
			}
		case cur != nil && strings.HasPrefix(line, "#\t"):
			if f := strings.Fields(line); len(f) >= 3 {
				fn := f[2]
				if i := strings.LastIndex(fn, "+0x"); i > 0 {
					fn = fn[:i]
				}
				cur.frames = append(cur.frames, fn)
			}
		}
	}
	if cur != nil && cur.labels[key] == value {
		out = append(out, *cur)
	}
	return out
}

// where returns the innermost function of the group that is not infrastructure.
func (g labeledGoroutine) where() string {
	for _, fn := range g.frames {
		if !isInfrastructure(fn) {
			return shortFunc(fn)
		}
	}
	if len(g.frames) > 0 {
		return shortFunc(g.frames[0])
	}
	return "?"
}
