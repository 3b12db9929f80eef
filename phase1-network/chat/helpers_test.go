package chat

import (
	"bufio"
	"errors"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"dsweekends/testkit/say"
	"dsweekends/testkit/shutdown"
	"github.com/stretchr/testify/require"
)

// lineWait bounds every wait for one line from the server. On loopback a
// line arrives in microseconds; the bound only decides how soon a server that
// never sends it is reported.
const lineWait = 2 * time.Second

// closeWait bounds Close in the cleanup of a test that has not failed yet;
// after a failure the server may be stuck for the reason already reported, so
// the cleanup waits only closeWaitAfterFailure.
const (
	closeWait             = 5 * time.Second
	closeWaitAfterFailure = 500 * time.Millisecond
)

// closeReturnWait bounds Close with clients connected that read: a correct
// Close returns as soon as their BYE lines are written (shutdown.CloseWaits
// holds it a few hundred milliseconds more to watch its goroutines end).
const closeReturnWait = 3 * time.Second

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
	return startOn(t, srv, l)
}

// startOn runs srv on l; the test's cleanup closes it.
func startOn(t *testing.T, srv *Server, l net.Listener) *testServer {
	t.Helper()
	w := &acceptWatcher{Listener: l, accepting: make(chan struct{})}
	ts := &testServer{srv: srv, addr: l.Addr().String(), l: l, serveErr: make(chan error, 1)}
	go func() { ts.serveErr <- srv.Serve(w) }()
	select {
	case <-w.accepting:
	case err := <-ts.serveErr:
		l.Close()
		t.Fatal(say.F("Serve가 바로 반환했습니다 (%v): Close 전까지 연결을 받아야 합니다 — server.go", "Serve returned at once (%v): it must accept connections until Close — see server.go", err))
	case <-time.After(lineWait):
		l.Close()
		t.Fatal(say.T("Serve가 Accept를 부르지 않았습니다", "Serve never called Accept"))
	}
	t.Cleanup(func() { ts.stop(t) })
	return ts
}

// stop closes the server (bounded) and checks that Serve returned
// ErrServerClosed.
func (ts *testServer) stop(t *testing.T) {
	t.Helper()
	ts.stopOnce.Do(func() {
		failed := t.Failed()
		limit := closeWait
		if failed {
			limit = closeWaitAfterFailure
		}
		closed := make(chan error, 1)
		go func() { closed <- ts.srv.Close() }()
		select {
		case err := <-closed:
			require.NoError(t, err, "Close")
		case <-time.After(limit):
			ts.l.Close()
			if failed {
				t.Log(say.F("(위의 실패 뒤 Close가 %v 안에 반환하지 않았습니다: 서버가 그 실패 때문에 멈춰 있을 수 있습니다)", "(after the failure above, Close did not return within %v: the server may be stuck for that reason)", limit))
				return
			}
			t.Error(say.F("Close가 %v 안에 반환하지 않았습니다(이 테스트의 클라이언트는 모두 읽고 있거나 이미 끊었습니다): 잠금을 잡은 채 기다리는 곳이 있나요? Close는 누구도 WriteTimeout보다 오래 기다리면 안 됩니다",
				"Close did not return within %v (every client of this test reads, or has hung up): does something wait while holding the lock? Close must not wait for anyone longer than WriteTimeout", limit))
			return
		}
		ts.checkServeReturned(t)
	})
}

// checkServeReturned requires Serve to have returned ErrServerClosed once
// Close has returned.
func (ts *testServer) checkServeReturned(t *testing.T) {
	t.Helper()
	defer ts.l.Close()
	select {
	case err := <-ts.serveErr:
		require.ErrorIs(t, err, ErrServerClosed, say.T("Close 뒤 Serve의 결과", "Serve's result after Close"))
	case <-time.After(lineWait):
		t.Error(say.T("Close 뒤에도 Serve가 반환하지 않았습니다: Close는 리스너를 닫아야 합니다", "Serve did not return after Close: Close must close the listeners"))
	}
}

// closeExactly closes the server with shutdown.CloseWaits: Close must not
// return while a goroutine of this server is still inside Read or Write, and
// after it returns no goroutine started since w (taken before the server
// started) may be left, and every connection accepted on ln must be closed.
//
// A Close that has not returned after closeReturnWait, while the test's
// clients are connected, is reported at once; then hangUp closes the
// clients' ends, so a server whose Close waits for clients to leave by
// themselves can finish, and the test ends without waiting any longer.
// It reports whether Close returned in time.
func (ts *testServer) closeExactly(t *testing.T, w *shutdown.Watch, ln *shutdown.Listener, hangUp func()) bool {
	t.Helper()
	inTime := true
	ts.stopOnce.Do(func() {
		var err error
		closeFn := func() {
			returned := make(chan error, 1)
			go func() { returned <- ts.srv.Close() }()
			select {
			case err = <-returned:
				return
			case <-time.After(closeReturnWait):
			}
			inTime = false
			t.Error(say.F("클라이언트가 연결된 채로 Close가 %v 안에 반환하지 않았습니다: Close는 연결된 모든 클라이언트에게 BYE를 보내고 그 큐를 닫아(읽기·쓰기 고루틴이 끝나도록) 연결을 닫습니다 — 클라이언트가 스스로 나가기를 기다리지 않습니다",
				"Close did not return within %v with clients connected: Close says BYE to every connected client and closes its queue (so its reader and writer end) and its connection — it does not wait for clients to leave by themselves", closeReturnWait))
			hangUp()
			select {
			case err = <-returned:
			case <-time.After(closeWait):
			}
		}
		shutdown.CloseWaits(t, ln, w, closeFn, say.T(
			"Close는 자기가 시작한 모든 고루틴(클라이언트마다 읽기·쓰기)이 끝나고 모든 연결이 닫힌 뒤에 반환합니다: 고루틴마다 WaitGroup.Add, 끝날 때 Done, Close의 마지막에 Wait",
			"Close returns only when every goroutine it started (each client's reader and writer) has ended and every connection is closed: WaitGroup.Add per goroutine, Done as each ends, Wait at the end of Close"))
		require.NoError(t, err, "Close")
		ts.checkServeReturned(t)
	})
	return inTime
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
	require.NoError(t, err, say.T("서버에 연결", "dial the server"))
	t.Cleanup(func() { c.Close() })
	return &conn{t: t, name: name, c: c, r: bufio.NewReader(c)}
}

// login connects and takes nick.
func (ts *testServer) login(t *testing.T, nick string) *conn {
	t.Helper()
	c := ts.dial(t, nick)
	c.send("NICK " + nick)
	c.expect(OKLine(VerbNick, nick), say.F("새 연결의 NICK %s에는 OK NICK %s로 답합니다", "NICK %s on a new connection is answered OK NICK %s", nick, nick))
	return c
}

// join joins room and reads the JOIN notice every member (the joiner too) gets.
func (c *conn) join(room string) {
	c.t.Helper()
	c.send("JOIN " + room)
	c.expect(JoinLine(room, c.name), say.F("JOIN %s: 들어간 사람도 그 방의 JOIN 알림을 받습니다", "JOIN %s: the joiner gets the room's JOIN notice too", room))
}

func (c *conn) send(line string) {
	c.t.Helper()
	c.c.SetWriteDeadline(time.Now().Add(lineWait))
	_, err := io.WriteString(c.c, line+"\n")
	require.NoError(c.t, err, say.F("%s가 %q를 보냄", "%s sends %q", c.name, line))
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

// expect requires the next line to be want; why is already in the
// learner's language (say.T / say.F).
func (c *conn) expect(want, why string) {
	c.t.Helper()
	got, err := c.next()
	require.NoError(c.t, err, say.F("%s가 %q를 %v 동안 기다렸지만 오지 않았습니다: %s", "%s: no %q came within %v: %s", c.name, want, lineWait, why))
	require.Equal(c.t, want, got, "%s: %s", c.name, why)
}

// expectCode requires the next line to be an ERR line with code.
func (c *conn) expectCode(code, why string) {
	c.t.Helper()
	got, err := c.next()
	require.NoError(c.t, err, say.F("%s가 ERR %s를 기다렸지만 오지 않았습니다: %s", "%s waited for ERR %s: %s", c.name, code, why))
	require.True(c.t, strings.HasPrefix(got, "ERR "+code+" "), say.F("%s: \"ERR %s ...\"를 기대했지만 %q를 받았습니다: %s", "%s: want \"ERR %s ...\", got %q: %s", c.name, code, got, why))
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
		require.NoError(c.t, err, say.F("%s: 끝까지 읽는 중: %s", "%s: reading to the end: %s", c.name, why))
		last = line
	}
}

// stallListener hands Serve connections that behave normally, except that
// the first one accepted can be stalled: its writes then block, as a write
// to a client that has stopped reading does once the kernel's buffers are
// full, but at once and deterministically (no kernel buffer sizes involved).
// A stalled write still honours the write deadline and the connection's
// Close.
type stallListener struct {
	net.Listener
	mu    sync.Mutex
	first *stallConn
}

func (l *stallListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	sc := &stallConn{Conn: c, closed: make(chan struct{}), resume: make(chan struct{})}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.first == nil {
		l.first = sc
	}
	return sc, nil
}

// firstConn returns the first connection Serve accepted.
func (l *stallListener) firstConn() *stallConn {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.first
}

type stallConn struct {
	net.Conn
	mu        sync.Mutex
	stalled   bool
	deadline  time.Time
	closeOnce sync.Once
	closed    chan struct{}
	resume    chan struct{} // closed by unstall
}

func (c *stallConn) stall() {
	c.mu.Lock()
	c.stalled = true
	c.mu.Unlock()
}

func (c *stallConn) unstall() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stalled {
		c.stalled = false
		close(c.resume)
	}
}

func (c *stallConn) SetWriteDeadline(t time.Time) error {
	c.mu.Lock()
	c.deadline = t
	c.mu.Unlock()
	return c.Conn.SetWriteDeadline(t)
}

func (c *stallConn) SetDeadline(t time.Time) error {
	c.mu.Lock()
	c.deadline = t
	c.mu.Unlock()
	return c.Conn.SetDeadline(t)
}

func (c *stallConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	stalled, deadline, resume := c.stalled, c.deadline, c.resume
	c.mu.Unlock()
	if stalled {
		var expire <-chan time.Time
		if !deadline.IsZero() {
			timer := time.NewTimer(time.Until(deadline))
			defer timer.Stop()
			expire = timer.C
		}
		select {
		case <-resume:
		case <-c.closed:
			return 0, net.ErrClosed
		case <-expire:
			return 0, os.ErrDeadlineExceeded
		}
	}
	return c.Conn.Write(p)
}

func (c *stallConn) Close() error {
	c.closeOnce.Do(func() { close(c.closed) })
	return c.Conn.Close()
}
