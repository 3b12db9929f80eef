package chat

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// lineWait bounds every wait for one line from the server.
const lineWait = 5 * time.Second

// acceptWatcher tells the test when Serve first calls Accept.
type acceptWatcher struct {
	net.Listener
	once      sync.Once
	accepting chan struct{}
}

func (l *acceptWatcher) Accept() (net.Conn, error) {
	l.once.Do(func() { close(l.accepting) })
	return l.Listener.Accept()
}

type testServer struct {
	srv      *Server
	addr     string
	l        net.Listener
	serveErr chan error
	stopOnce sync.Once
}

// start runs srv on a loopback port; the test's cleanup closes it.
func start(t *testing.T, srv *Server) *testServer {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	w := &acceptWatcher{Listener: l, accepting: make(chan struct{})}
	ts := &testServer{srv: srv, addr: l.Addr().String(), l: l, serveErr: make(chan error, 1)}
	go func() { ts.serveErr <- srv.Serve(w) }()
	select {
	case <-w.accepting:
	case err := <-ts.serveErr:
		l.Close()
		t.Fatalf("Serve returned at once (%v): it must accept connections until Close — see server.go", err)
	case <-time.After(lineWait):
		l.Close()
		t.Fatal("Serve never called Accept")
	}
	t.Cleanup(func() { ts.stop(t) })
	return ts
}

// stop closes the server (bounded) and checks that Serve returned
// ErrServerClosed.
func (ts *testServer) stop(t *testing.T) {
	t.Helper()
	ts.stopOnce.Do(func() {
		closed := make(chan error, 1)
		go func() { closed <- ts.srv.Close() }()
		select {
		case err := <-closed:
			require.NoError(t, err, "Close")
		case <-time.After(10 * time.Second):
			t.Error("Close did not return in 10s: does something hold the lock, or wait for a client that never reads? Close must not wait for anyone longer than WriteTimeout")
			ts.l.Close()
			return
		}
		select {
		case err := <-ts.serveErr:
			require.ErrorIs(t, err, ErrServerClosed, "Serve's result after Close")
		case <-time.After(lineWait):
			t.Error("Serve did not return after Close: Close must close the listeners")
		}
		ts.l.Close()
	})
}

// conn is the test's side of one client connection, speaking the raw protocol.
type conn struct {
	t    *testing.T
	name string
	c    net.Conn
	r    *bufio.Reader
}

func (ts *testServer) dial(t *testing.T, name string) *conn {
	t.Helper()
	c, err := net.DialTimeout("tcp", ts.addr, lineWait)
	require.NoError(t, err, "dial the server")
	t.Cleanup(func() { c.Close() })
	return &conn{t: t, name: name, c: c, r: bufio.NewReader(c)}
}

// login connects and takes nick.
func (ts *testServer) login(t *testing.T, nick string) *conn {
	t.Helper()
	c := ts.dial(t, nick)
	c.send("NICK " + nick)
	c.expect(OKLine(VerbNick, nick), "NICK %s on a new connection is answered OK NICK %s", nick, nick)
	return c
}

// join joins room and reads the JOIN notice every member (the joiner too) gets.
func (c *conn) join(room string) {
	c.t.Helper()
	c.send("JOIN " + room)
	c.expect(JoinLine(room, c.name), "JOIN %s: the joiner gets the room's JOIN notice too", room)
}

func (c *conn) send(line string) {
	c.t.Helper()
	c.c.SetWriteDeadline(time.Now().Add(lineWait))
	_, err := io.WriteString(c.c, line+"\n")
	require.NoError(c.t, err, "%s sends %q", c.name, line)
}

// next reads one line, waiting at most lineWait.
func (c *conn) next() (string, error) {
	c.c.SetReadDeadline(time.Now().Add(lineWait))
	line, err := c.r.ReadString('\n')
	if err != nil {
		return line, err
	}
	return strings.TrimSuffix(line, "\n"), nil
}

// expect requires the next line to be want.
func (c *conn) expect(want, why string, args ...any) {
	c.t.Helper()
	msg := fmt.Sprintf(why, args...)
	got, err := c.next()
	require.NoError(c.t, err, "%s waited for %q: %s", c.name, want, msg)
	require.Equal(c.t, want, got, "%s: %s", c.name, msg)
}

// expectCode requires the next line to be an ERR line with code.
func (c *conn) expectCode(code, why string, args ...any) {
	c.t.Helper()
	msg := fmt.Sprintf(why, args...)
	got, err := c.next()
	require.NoError(c.t, err, "%s waited for ERR %s: %s", c.name, code, msg)
	require.True(c.t, strings.HasPrefix(got, "ERR "+code+" "), "%s: want \"ERR %s ...\", got %q: %s", c.name, code, got, msg)
}

// drain reads to end of input and returns the last line; it fails if the
// server does not close the connection.
func (c *conn) drain(why string) string {
	c.t.Helper()
	last := ""
	for {
		line, err := c.next()
		if errors.Is(err, io.EOF) {
			return last
		}
		require.NoError(c.t, err, "%s: reading to the end: %s", c.name, why)
		last = line
	}
}
