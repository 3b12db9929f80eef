// Package shutdown checks a server's shutdown exactly: when Close (or
// Shutdown, or Serve's return) says it is done, none of the goroutines it
// started may still be running and every connection it accepted must be
// closed. goleak at the end of the test binary waits up to a second or two
// for goroutines to end on their own; these checks look once, at the moment
// the method returns, because that is what its contract promises.
//
// Provided — no need to edit.
package shutdown

import (
	"bytes"
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Goroutine is one goroutine from a stack dump.
type Goroutine struct {
	ID        int
	State     string   // "IO wait", "chan receive", "running", ...
	Frames    []string // function names, innermost first
	Where     []string // file:line of each frame
	Entry     string   // the function the goroutine was started with
	EntryFile string   // its file
	CreatedBy string   // "pkg.fn at file:line", as the runtime prints it
}

// String shows the goroutine as a learner needs it: its state, the first
// frames with their lines, and who started it.
func (g Goroutine) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "goroutine %d [%s]", g.ID, g.State)
	// The innermost frame says where it is blocked; the frames outside the
	// standard library say which of the learner's code got it there.
	shown, skipped := 0, 0
	goroot := filepath.ToSlash(runtime.GOROOT()) + "/"
	for i := range g.Frames {
		if shown >= 5 || (i > 0 && strings.HasPrefix(g.Where[i], goroot)) {
			skipped++
			continue
		}
		fmt.Fprintf(&b, "\n    %s\n        %s", g.Frames[i], g.Where[i])
		shown++
	}
	if skipped > 0 {
		fmt.Fprintf(&b, "\n    (%d standard-library frames not shown)", skipped)
	}
	if g.CreatedBy != "" {
		fmt.Fprintf(&b, "\n    created by %s", g.CreatedBy)
	}
	return b.String()
}

// Watch remembers which goroutines existed when it started, so that what a
// server leaves behind is told apart from what earlier tests left.
type Watch struct {
	before map[int]bool
	ignore []string
}

// defaultIgnore are goroutines a test's own clients start in the standard
// library (an http.Client's keep-alive connection), never a server's.
var defaultIgnore = []string{
	"net/http.(*persistConn).readLoop",
	"net/http.(*persistConn).writeLoop",
}

// Start snapshots the goroutines alive now. Call it before starting the
// server under test. ignore lists extra function-name prefixes whose
// goroutines are not the server's (a test's own helpers in another package).
//
// A test that checks goroutines exactly must not call t.Parallel: the
// servers of tests running beside it would be counted as its own.
func Start(ignore ...string) *Watch {
	w := &Watch{before: map[int]bool{}, ignore: append(slices.Clone(defaultIgnore), ignore...)}
	for _, g := range All() {
		w.before[g.ID] = true
	}
	return w
}

// Left returns the goroutines started since Start that are alive now and
// belong to the code under test: not the calling goroutine, not goroutines
// whose entry function is in a _test.go file (the test's own clients), not
// the testing package's. Start servers as `go srv.Serve(ln)`, not inside a
// func literal of the test, so their goroutine's entry is the server's.
//
// It looks at once. A goroutine that is blocked (on I/O, a channel, a lock,
// a sleep) is reported at once: nothing will end it but the shutdown that
// already returned. A goroutine that is runnable may be in the last
// instructions of its exit, after it signalled that it was done (a deferred
// wg.Done): those alone get up to 100 ms to finish. CloseWaits is the check
// that catches a Close returning before its goroutines end every time.
func (w *Watch) Left() []Goroutine {
	deadline := time.Now().Add(100 * time.Millisecond)
	for {
		left := w.left()
		blocked := slices.ContainsFunc(left, func(g Goroutine) bool { return g.State != "runnable" && g.State != "running" })
		if len(left) == 0 || blocked || time.Now().After(deadline) {
			return left
		}
		runtime.Gosched()
		time.Sleep(time.Millisecond)
	}
}

func (w *Watch) left() []Goroutine {
	self := currentID()
	var out []Goroutine
	for _, g := range All() {
		if w.before[g.ID] || g.ID == self || strings.HasSuffix(g.EntryFile, "_test.go") ||
			strings.HasPrefix(g.Entry, "testing.") || g.Entry == "" {
			continue
		}
		if slices.ContainsFunc(w.ignore, func(p string) bool { return strings.HasPrefix(g.Entry, p) }) {
			continue
		}
		out = append(out, g)
	}
	return out
}

// Check fails t if goroutines started since Start are still running.
// after says what just returned, as in "Close returned"; rule says what the
// learner must do, in the learner's language.
func (w *Watch) Check(t testing.TB, after, rule string) {
	t.Helper()
	left := w.Left()
	if len(left) == 0 {
		return
	}
	var b strings.Builder
	for _, g := range left {
		b.WriteString("\n  ")
		b.WriteString(strings.ReplaceAll(g.String(), "\n", "\n  "))
	}
	t.Errorf("%s, but %d goroutine(s) it started are still running: %s%s", after, len(left), rule, b.String())
}

// All returns every goroutine alive now, parsed from runtime.Stack.
func All() []Goroutine {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return parse(buf[:n])
		}
		buf = make([]byte, 2*len(buf))
	}
}

func currentID() int {
	buf := make([]byte, 64)
	buf = buf[:runtime.Stack(buf, false)]
	gs := parse(buf)
	if len(gs) == 0 {
		return -1
	}
	return gs[0].ID
}

// parse reads runtime.Stack's format: a "goroutine N [state]:" header, then
// a function line and a tab-indented file:line for each frame, then maybe
// "created by F in goroutine M" and its file:line.
func parse(dump []byte) []Goroutine {
	var out []Goroutine
	for _, block := range bytes.Split(dump, []byte("\n\n")) {
		lines := strings.Split(strings.TrimSpace(string(block)), "\n")
		if len(lines) == 0 || !strings.HasPrefix(lines[0], "goroutine ") {
			continue
		}
		var g Goroutine
		head := strings.TrimPrefix(lines[0], "goroutine ")
		id, rest, _ := strings.Cut(head, " ")
		g.ID, _ = strconv.Atoi(id)
		if i, j := strings.Index(rest, "["), strings.Index(rest, "]"); i >= 0 && j > i {
			g.State, _, _ = strings.Cut(rest[i+1:j], ",")
		}
		for i := 1; i < len(lines); i++ {
			fn := lines[i]
			where := ""
			if i+1 < len(lines) && strings.HasPrefix(lines[i+1], "\t") {
				where = strings.TrimSpace(lines[i+1])
				if k := strings.LastIndex(where, " +0x"); k > 0 {
					where = where[:k]
				}
				i++
			}
			if c, ok := strings.CutPrefix(fn, "created by "); ok {
				g.CreatedBy = c + " at " + where
				continue
			}
			if k := strings.LastIndex(fn, "("); k > 0 && strings.HasSuffix(fn, ")") {
				fn = fn[:k]
			}
			g.Frames = append(g.Frames, fn)
			g.Where = append(g.Where, where)
		}
		// The entry is the outermost frame, past the wrapper the compiler
		// makes for `go f(x)` in the caller's file (F.gowrap1) and past
		// runtime frames, so `go srv.Serve(ln)` in a test is the server's.
		for i := len(g.Frames) - 1; i >= 0; i-- {
			if strings.Contains(g.Frames[i], ".gowrap") || strings.HasPrefix(g.Frames[i], "runtime.") {
				continue
			}
			g.Entry = g.Frames[i]
			g.EntryFile, _, _ = strings.Cut(g.Where[i], ":")
			break
		}
		out = append(out, g)
	}
	return out
}
