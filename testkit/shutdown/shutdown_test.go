package shutdown

import (
	"net"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"dsweekends/testkit/internal/echoserver"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// recorder is a testing.TB that records failures instead of failing.
type recorder struct {
	testing.TB
	msgs []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.msgs = append(r.msgs, strings.TrimSpace(sprintf(format, args...)))
}

func run(t *testing.T, early bool) (*recorder, *Listener) {
	w := Start()
	ln := Listen(t)
	s := echoserver.Start(ln, early)
	var clients []net.Conn
	for range 5 {
		c, err := net.Dial("tcp", ln.Addr().String())
		require.NoError(t, err)
		_, err = c.Write([]byte("hi"))
		require.NoError(t, err)
		_, err = c.Read(make([]byte, 2))
		require.NoError(t, err)
		clients = append(clients, c)
	}
	s.Close()
	rec := &recorder{TB: t}
	w.Check(rec, "Close returned", "wait for every goroutine before returning")
	ln.CheckClosed(rec, "Close returned", "close every connection")
	for _, c := range clients {
		c.Close()
	}
	s.Wait() // let the early version's goroutines end before goleak looks
	return rec, ln
}

func TestCheckPassesACloseThatWaits(t *testing.T) {
	for range 50 {
		rec, ln := run(t, false)
		require.Empty(t, rec.msgs, "a Close that waits for its goroutines must pass every time")
		assert.Equal(t, 5, ln.Accepted())
		assert.Equal(t, 0, ln.Open())
	}
}

func TestCheckCatchesAForgottenGoroutine(t *testing.T) {
	w := Start()
	stop := make(chan struct{})
	go echoserver.Park(stop)
	for !slices.ContainsFunc(All(), func(g Goroutine) bool {
		return strings.HasSuffix(g.Entry, "echoserver.Park") && g.State == "chan receive"
	}) {
		runtime.Gosched()
	}
	rec := &recorder{TB: t}
	w.Check(rec, "Close returned", "stop every goroutine")
	close(stop)
	require.Len(t, rec.msgs, 1)
	assert.Contains(t, rec.msgs[0], "echoserver.Park", "the message names the goroutine's function")
	assert.Contains(t, rec.msgs[0], "echoserver.go", "and where it is")
}

func TestCheckClosedCountsOpenConnections(t *testing.T) {
	ln := Listen(t)
	done := make(chan net.Conn)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			close(done)
			return
		}
		done <- c
	}()
	c, err := net.Dial("tcp", ln.Addr().String())
	require.NoError(t, err)
	defer c.Close()
	sc := <-done
	rec := &recorder{TB: t}
	ln.CheckClosed(rec, "Close returned", "close every connection")
	require.Len(t, rec.msgs, 1)
	assert.Contains(t, rec.msgs[0], "1 of the 1 connection(s)")
	sc.Close()
	rec.msgs = nil
	ln.CheckClosed(rec, "Close returned", "close every connection")
	assert.Empty(t, rec.msgs)
}

func TestParseReadsEntryAndCreator(t *testing.T) {
	block := make(chan struct{})
	go func() { <-block }()
	defer close(block)
	var found bool
	for _, g := range All() {
		if strings.HasSuffix(g.EntryFile, "shutdown_test.go") && strings.Contains(g.CreatedBy, "TestParseReadsEntryAndCreator") {
			found = true
			assert.Contains(t, g.CreatedBy, "TestParseReadsEntryAndCreator")
		}
	}
	assert.True(t, found, "the blocked helper goroutine is in the dump")
}

func closeWaitsRun(t *testing.T, early bool) *recorder {
	w := Start()
	ln := Listen(t)
	s := echoserver.Start(ln, early)
	var clients []net.Conn
	for range 3 {
		c, err := net.Dial("tcp", ln.Addr().String())
		require.NoError(t, err)
		_, err = c.Write([]byte("hi"))
		require.NoError(t, err)
		_, err = c.Read(make([]byte, 2))
		require.NoError(t, err)
		clients = append(clients, c)
	}
	rec := &recorder{TB: t}
	CloseWaits(rec, ln, w, s.Close, "wait for every goroutine before returning")
	for _, c := range clients {
		c.Close()
	}
	s.Wait()
	return rec
}

func TestCloseWaitsPassesACloseThatWaits(t *testing.T) {
	for range 20 {
		require.Empty(t, closeWaitsRun(t, false).msgs, "a Close that waits for its goroutines must pass every time")
	}
}

func TestCloseWaitsCatchesACloseThatReturnsEarly(t *testing.T) {
	for range 20 {
		rec := closeWaitsRun(t, true)
		require.NotEmpty(t, rec.msgs, "a Close that returns before its goroutines end must be caught every time")
		assert.Contains(t, rec.msgs[0], "Close returned while")
	}
}
