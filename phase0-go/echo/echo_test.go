package echo

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"dsweekends/testkit/shutdown"
)

// waitLimit bounds every wait in these tests. It is an upper limit for things
// that must happen, never a speed requirement: the reference needs a few
// milliseconds.
const waitLimit = 5 * time.Second

// runningServer is a Server serving a loopback listener in a goroutine.
type runningServer struct {
	addr      string
	serveDone chan struct{} // closed when Serve returns
	serveErr  error         // Serve's result; read it only after serveDone
}

// acceptWatcher tells the test when Serve first calls Accept.
type acceptWatcher struct {
	net.Listener
	once   sync.Once
	called chan struct{}
}

func (l *acceptWatcher) Accept() (net.Conn, error) {
	l.once.Do(func() { close(l.called) })
	return l.Listener.Accept()
}

// startServer runs srv.Serve on 127.0.0.1:0 and shuts it down when the test
// ends. It fails the test at once if Serve returns instead of accepting.
func startServer(t *testing.T, srv *Server) *runningServer {
	t.Helper()
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err, "listen on 127.0.0.1:0")
	l := &acceptWatcher{Listener: inner, called: make(chan struct{})}
	rs := &runningServer{addr: inner.Addr().String(), serveDone: make(chan struct{})}
	go func() {
		defer close(rs.serveDone)
		rs.serveErr = srv.Serve(l)
	}()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
		defer cancel()
		srv.Shutdown(ctx)
		inner.Close()
		select {
		case <-rs.serveDone:
		case <-time.After(waitLimit):
			t.Errorf("Serve did not return after Shutdown and closing its listener")
		}
	})
	select {
	case <-l.called:
	case <-rs.serveDone:
		require.FailNow(t, "Serve returned at once", "Serve returned %q right away; it should keep calling l.Accept until Shutdown (see server.go)", rs.serveErr)
	case <-time.After(waitLimit):
		require.FailNow(t, "Serve never called Accept", "after %v Serve had not called l.Accept", waitLimit)
	}
	return rs
}

// waitServe waits (bounded) for Serve to return and gives its error.
func (rs *runningServer) waitServe(t *testing.T, why string) error {
	t.Helper()
	select {
	case <-rs.serveDone:
		return rs.serveErr
	case <-time.After(waitLimit):
		require.FailNow(t, "Serve did not return", "%s, Serve should return ErrServerClosed, but it was still running after %v", why, waitLimit)
		return nil
	}
}

// dialClient dials with the package's own client and closes it at the end.
func dialClient(t *testing.T, addr string) *Client {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	c, err := Dial(ctx, addr)
	require.NoError(t, err, "Dial(%q) should connect to the running server (see client.go)", addr)
	require.NotNil(t, c, "Dial returned a nil *Client without an error")
	t.Cleanup(func() { c.Close() })
	return c
}

// echoLine calls c.Echo with a bounded context.
func echoLine(t *testing.T, c *Client, line string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	return c.Echo(ctx, line)
}

// dialRaw opens a plain TCP connection, so tests can send bytes the Client
// would refuse to send. Every read on it gives up after waitLimit.
func dialRaw(t *testing.T, addr string) (net.Conn, *bufio.Reader) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, waitLimit)
	require.NoError(t, err, "dial %s", addr)
	t.Cleanup(func() { conn.Close() })
	conn.SetDeadline(time.Now().Add(waitLimit))
	return conn, bufio.NewReader(conn)
}

// requireClosedByServer reads from r and expects the server to have closed the
// connection (EOF or reset), not our own read deadline to have fired.
func requireClosedByServer(t *testing.T, r *bufio.Reader, why string) {
	t.Helper()
	got, err := r.ReadString('\n')
	require.Error(t, err, "%s: expected the server to close the connection, but it sent %q", why, got)
	require.False(t, errors.Is(err, os.ErrDeadlineExceeded),
		"%s: the server should close the connection, but it was still open after %v", why, waitLimit)
}

func TestEchoesEachLine(t *testing.T) {
	rs := startServer(t, &Server{})
	c := dialClient(t, rs.addr)

	tests := []struct {
		name string
		line string
	}{
		{"a plain word comes back", "hello"},
		{"an empty line comes back empty", ""},
		{"spaces are kept", "  two  spaces  "},
		{"UTF-8 text is kept", "안녕하세요, 세계"},
		{"tabs are kept", "a\tb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := echoLine(t, c, tt.line)
			require.NoError(t, err, "Echo(%q)", tt.line)
			assert.Equal(t, tt.line, got, "Echo(%q) should return the same line without its \\n", tt.line)
		})
	}

	t.Run("pipelined lines come back in order", func(t *testing.T) {
		conn, r := dialRaw(t, rs.addr)
		_, err := io.WriteString(conn, "one\ntwo\nthree\n")
		require.NoError(t, err, "writing to the server: did it close the connection before reading?")
		for _, want := range []string{"one\n", "two\n", "three\n"} {
			got, err := r.ReadString('\n')
			require.NoError(t, err, "reading the reply %q", want)
			assert.Equal(t, want, got, "three lines sent in one write must come back as three lines, in order")
		}
	})

	t.Run("a CRLF line ending is accepted", func(t *testing.T) {
		conn, r := dialRaw(t, rs.addr)
		_, err := io.WriteString(conn, "windows\r\n")
		require.NoError(t, err, "writing to the server: did it close the connection before reading?")
		got, err := r.ReadString('\n')
		require.NoError(t, err, "reading the reply to \"windows\\r\\n\"")
		assert.Equal(t, "windows\n", got, "the reply is the line without \"\\r\\n\", ended by \"\\n\" (bufio.ScanLines drops the \\r)")
	})

	t.Run("the client refuses a line with a line ending inside", func(t *testing.T) {
		_, err := echoLine(t, c, "two\nlines")
		assert.Error(t, err, "Echo(%q) must fail: the server would see two lines", "two\nlines")
	})
}

func TestManyClientsAtOnce(t *testing.T) {
	const clients, linesEach = 20, 10
	rs := startServer(t, &Server{})

	// Every client connects before any of them talks. A server that serves
	// one connection at a time would answer only the first.
	all := make([]*Client, clients)
	for i := range all {
		all[i] = dialClient(t, rs.addr)
	}

	var wg sync.WaitGroup
	for i := clients - 1; i >= 0; i-- { // the newest connection talks first
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range linesEach {
				line := fmt.Sprintf("client %d line %d", i, j)
				got, err := echoLine(t, all[i], line)
				if !assert.NoError(t, err, "client %d: Echo(%q) — does Serve start a goroutine per connection?", i, line) {
					return
				}
				assert.Equal(t, line, got, "client %d must get its own line back", i)
			}
		}()
	}
	waitGroupBounded(t, &wg, "the clients' Echo calls")
}

// waitGroupBounded waits for wg, failing the test after 2×waitLimit.
func waitGroupBounded(t *testing.T, wg *sync.WaitGroup, what string) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(2 * waitLimit):
		require.FailNow(t, "timed out", "%s did not finish within %v", what, 2*waitLimit)
	}
}

func TestLongLineGetsErrorLine(t *testing.T) {
	t.Run("a line of exactly MaxLineBytes is echoed", func(t *testing.T) {
		rs := startServer(t, &Server{MaxLineBytes: 16})
		conn, r := dialRaw(t, rs.addr)
		line := strings.Repeat("x", 16)
		_, err := io.WriteString(conn, line+"\n")
		require.NoError(t, err, "writing to the server: did it close the connection before reading?")
		got, err := r.ReadString('\n')
		require.NoError(t, err, "reading the reply to a line of exactly MaxLineBytes (16) bytes: it must be echoed, not refused")
		assert.Equal(t, line+"\n", got, "MaxLineBytes is the longest line allowed, not counting \"\\n\"")
	})

	t.Run("one byte over gets an error line, then the connection closes", func(t *testing.T) {
		rs := startServer(t, &Server{MaxLineBytes: 16})
		conn, r := dialRaw(t, rs.addr)
		_, err := io.WriteString(conn, strings.Repeat("x", 17)+"\nnext\n")
		require.NoError(t, err, "writing to the server: did it close the connection before reading?")
		got, err := r.ReadString('\n')
		require.NoError(t, err, "expected an error line for a 17-byte line")
		assert.Equal(t, "ERR line too long (max 16 bytes)\n", got, "the reply to a line over MaxLineBytes (16): fmt.Fprintf(conn, \"ERR line too long (max %d bytes)\\n\", max)")
		requireClosedByServer(t, r, "after the error line")
	})

	t.Run("the default limit is 1024 bytes", func(t *testing.T) {
		rs := startServer(t, &Server{})
		conn, r := dialRaw(t, rs.addr)
		_, err := io.WriteString(conn, strings.Repeat("y", 4096)+"\n")
		require.NoError(t, err, "writing to the server: did it close the connection before reading?")
		got, err := r.ReadString('\n')
		require.NoError(t, err, "expected an error line for a 4096-byte line")
		assert.Equal(t, "ERR line too long (max 1024 bytes)\n", got, "MaxLineBytes 0 means DefaultMaxLineBytes")
		requireClosedByServer(t, r, "after the error line")
	})

	t.Run("other clients are unaffected", func(t *testing.T) {
		rs := startServer(t, &Server{MaxLineBytes: 16})
		good := dialClient(t, rs.addr)
		got, err := echoLine(t, good, "before")
		require.NoError(t, err, "Echo(\"before\") from a well-behaved client")
		require.Equal(t, "before", got, "Echo(\"before\") returns the line without its \\n")

		conn, r := dialRaw(t, rs.addr)
		_, err = io.WriteString(conn, strings.Repeat("z", 100)+"\n")
		require.NoError(t, err, "writing to the server: did it close the connection before reading?")
		_, err = r.ReadString('\n')
		require.NoError(t, err, "expected an error line for the long line")

		got, err = echoLine(t, good, "after")
		require.NoError(t, err, "one client's long line must not disturb another client")
		assert.Equal(t, "after", got, "Echo(\"after\") from the well-behaved client, after another client's long line")
	})
}

func TestIdleConnectionIsClosed(t *testing.T) {
	t.Run("a silent client is closed", func(t *testing.T) {
		rs := startServer(t, &Server{IdleTimeout: 100 * time.Millisecond})
		_, r := dialRaw(t, rs.addr)
		// Send nothing: the server must hang up by itself, long before waitLimit.
		requireClosedByServer(t, r, "a client silent for longer than IdleTimeout (100ms)")
	})
	t.Run("a client that keeps talking stays connected", func(t *testing.T) {
		// Virtual time: the 900ms pauses take no real time and are exact.
		synctest.Test(t, func(t *testing.T) {
			srv := &Server{IdleTimeout: time.Second}
			ps := startPipeServer(t, srv)
			defer ps.stop()
			conn := ps.dial(t)
			r := bufio.NewReader(conn)
			for i := range 4 {
				time.Sleep(900 * time.Millisecond) // less than IdleTimeout each time; 3.6s in all
				pipeEcho(t, conn, r, fmt.Sprintf("line %d", i),
					fmt.Sprintf("after %v of talking with 900ms pauses (IdleTimeout 1s counts only silence: renew the deadline before every line)",
						time.Duration(i+1)*900*time.Millisecond))
			}
			conn.Close()
			require.NoError(t, srv.Shutdown(t.Context()), "Shutdown after the only client left")
		})
	})
}

func TestShutdownWaitsForOpenConnection(t *testing.T) {
	// Inside the bubble the connections are in-memory pipes and synctest.Wait returns once every
	// goroutine is blocked, so "Shutdown has not returned yet" is checked exactly, not by luck.
	synctest.Test(t, func(t *testing.T) {
		srv := &Server{}
		ps := startPipeServer(t, srv)
		defer ps.stop()
		conn := ps.dial(t)
		r := bufio.NewReader(conn)
		pipeEcho(t, conn, r, "before shutdown", "on a running server (make TestEchoesEachLine pass first)")

		shutdownErr := make(chan error, 1)
		go func() { shutdownErr <- srv.Shutdown(context.Background()) }()
		synctest.Wait() // Shutdown has done all it can without the client leaving

		select {
		case err := <-shutdownErr:
			require.FailNow(t, "Shutdown returned too early",
				"Shutdown returned %v while a client was still connected: after closing the listeners it must wait "+
					"for open connections to end (a sync.WaitGroup with one count per connection goroutine)", err)
		default:
		}
		select {
		case <-ps.serveDone:
			require.ErrorIs(t, ps.serveErr, ErrServerClosed, "Serve should return ErrServerClosed after Shutdown")
		default:
			require.FailNow(t, "Serve did not return", "once Shutdown is called, Serve should return ErrServerClosed (Shutdown closes the listener; Accept then fails)")
		}

		pipeEcho(t, conn, r, "during shutdown", "an open connection keeps being served while Shutdown waits")

		require.NoError(t, conn.Close(), "closing the client's end of the pipe (not your code)")
		synctest.Wait()
		select {
		case err := <-shutdownErr:
			require.NoError(t, err, "Shutdown should return nil once the last client has left")
		default:
			require.FailNow(t, "Shutdown did not return", "the last client disconnected, but Shutdown was still waiting")
		}
	})
}

// pipeEcho sends line on conn and requires it back, inside a synctest bubble.
func pipeEcho(t *testing.T, conn net.Conn, r *bufio.Reader, line, why string) {
	t.Helper()
	_, err := io.WriteString(conn, line+"\n")
	require.NoError(t, err, "sending %q %s: the server closed the connection", line, why)
	got, err := r.ReadString('\n')
	require.NoError(t, err, "reading the echo of %q %s", line, why)
	require.Equal(t, line+"\n", got, "the echo of %q %s", line, why)
}

func TestShutdownWithExpiredContextClosesConnections(t *testing.T) {
	srv := &Server{}
	rs := startServer(t, srv)
	c := dialClient(t, rs.addr)
	_, err := echoLine(t, c, "hello")
	require.NoError(t, err, "Echo(\"hello\") on a running server (make TestEchoesEachLine pass first)")

	shutdownErr := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
		defer cancel()
		shutdownErr <- srv.Shutdown(ctx)
	}()
	select {
	case err := <-shutdownErr:
		require.ErrorIs(t, err, context.DeadlineExceeded, "Shutdown with an expired ctx must return ctx.Err()")
	case <-time.After(waitLimit):
		require.FailNow(t, "Shutdown did not return", "its ctx had already expired, so Shutdown should close the connections and return ctx.Err()")
	}
	require.ErrorIs(t, rs.waitServe(t, "after Shutdown"), ErrServerClosed, "Serve returns ErrServerClosed once Shutdown has closed the listener")

	_, err = echoLine(t, c, "still there?")
	require.Error(t, err, "Shutdown with an expired ctx must close open connections")
	assert.NotErrorIs(t, err, context.DeadlineExceeded, "the connection should be closed by the server, not time out")
}

func TestShutdownWithExpiredContextWaitsForItsGoroutines(t *testing.T) {
	// Not parallel: shutdown.Start counts every goroutine started after it.
	w := shutdown.Start()
	ln := shutdown.Listen(t)
	srv := &Server{}
	serveDone := make(chan error, 1)
	go func() { serveDone <- srv.Serve(ln) }()

	conn, err := net.DialTimeout("tcp", ln.Addr().String(), waitLimit)
	require.NoError(t, err, "dialing the server (not your code)")
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(waitLimit))
	_, err = io.WriteString(conn, "hello\n")
	require.NoError(t, err, "sending a line")
	got, err := bufio.NewReader(conn).ReadString('\n')
	require.NoError(t, err, "reading the echo on a running server (make TestEchoesEachLine pass first)")
	require.Equal(t, "hello\n", got, "the echo on a running server")

	// The client stays connected, so the server's connection goroutine is
	// inside Read when Shutdown's ctx has already expired.
	shutdown.CloseWaits(t, ln, w, func() {
		ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
		defer cancel()
		_ = srv.Shutdown(ctx)
		select {
		case <-serveDone:
		case <-time.After(waitLimit):
		}
	}, "when ctx ends first, Shutdown closes the remaining connections and then waits for their goroutines to exit (s.wg.Wait, or <-done) before it returns")
}

func TestServeAfterShutdownReturnsErrServerClosed(t *testing.T) {
	srv := &Server{}
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	require.NoError(t, srv.Shutdown(ctx), "Shutdown of a server with no connections should return nil")

	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err, "the test could not listen on 127.0.0.1:0 (not your code)")
	defer l.Close()
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	select {
	case err := <-done:
		require.ErrorIs(t, err, ErrServerClosed, "Serve on a shut-down server must return ErrServerClosed at once")
	case <-time.After(waitLimit):
		l.Close()
		<-done
		require.FailNow(t, "Serve kept running", "Serve was called after Shutdown; it should return ErrServerClosed at once")
	}
}

func TestDialHonoursContext(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err, "the test could not listen on 127.0.0.1:0 (not your code)")
	defer l.Close()

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c, err := Dial(ctx, l.Addr().String())
	if c != nil {
		c.Close()
	}
	require.Error(t, err, "Dial with a cancelled ctx must fail")
	assert.ErrorIs(t, err, context.Canceled, "Dial's error should wrap ctx.Err() (net.Dialer.DialContext does this for you)")
}

// silentServer accepts connections and never replies.
func silentServer(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err, "the test could not listen on 127.0.0.1:0 (not your code)")
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer conn.Close()
				io.Copy(io.Discard, conn) // until the client closes
			}()
		}
	}()
	t.Cleanup(func() {
		l.Close()
		wg.Wait()
	})
	return l.Addr().String()
}

func TestEchoHonoursDeadline(t *testing.T) {
	tests := []struct {
		name    string
		ctx     func() (context.Context, context.CancelFunc)
		wantErr []error // the error must wrap at least one of these
	}{
		{
			name: "a ctx deadline ends the call",
			ctx: func() (context.Context, context.CancelFunc) {
				return context.WithTimeout(context.Background(), 100*time.Millisecond)
			},
			wantErr: []error{context.DeadlineExceeded, os.ErrDeadlineExceeded},
		},
		{
			name: "cancelling the ctx ends the call",
			ctx: func() (context.Context, context.CancelFunc) {
				ctx, cancel := context.WithCancel(context.Background())
				cancel()
				return ctx, cancel
			},
			wantErr: []error{context.Canceled},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := dialClient(t, silentServer(t))
			ctx, cancel := tt.ctx()
			defer cancel()

			done := make(chan error, 1)
			go func() {
				_, err := c.Echo(ctx, "anyone there?")
				done <- err
			}()
			var err error
			select {
			case err = <-done:
			case <-time.After(waitLimit):
				c.Close() // unblocks the Echo goroutine
				<-done
				require.FailNow(t, "Echo ignored its ctx", "the server never replies; Echo should give up when ctx ends (set a deadline on the connection)")
			}
			require.Error(t, err, "the server never replies, so Echo must fail")
			wraps := false
			for _, want := range tt.wantErr {
				wraps = wraps || errors.Is(err, want)
			}
			assert.True(t, wraps, "Echo's error %q should wrap one of %v so callers can use errors.Is", err, tt.wantErr)
		})
	}
}

func TestEchoFailsForeverAfterAnError(t *testing.T) {
	// A server that answers "first" at once, then holds its answer to "second" until the test
	// lets it go, so that answer arrives after the client gave up waiting for it.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err, "the test could not listen on 127.0.0.1:0 (not your code)")
	gotSecond, release := make(chan struct{}), make(chan struct{})
	serverDone := make(chan struct{})
	go func() {
		defer close(serverDone)
		conn, err := l.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		conn.SetDeadline(time.Now().Add(2 * waitLimit))
		r := bufio.NewReader(conn)
		for i := 0; ; i++ {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			if i == 1 {
				close(gotSecond)
				<-release
			}
			if _, err := io.WriteString(conn, line); err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() {
		l.Close()
		<-serverDone
	})
	var releaseOnce sync.Once
	defer releaseOnce.Do(func() { close(release) })

	c := dialClient(t, l.Addr().String())
	got, err := echoLine(t, c, "first")
	require.NoError(t, err, "Echo(\"first\") to a server that answers at once")
	require.Equal(t, "first", got, "Echo(\"first\") returns the line without its \\n")

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := c.Echo(ctx, "second")
		done <- err
	}()
	select {
	case <-gotSecond:
	case err := <-done:
		require.FailNow(t, "Echo returned early", "Echo(\"second\") returned %v before the server had even read the line", err)
	case <-time.After(waitLimit):
		require.FailNow(t, "the line never arrived", "the server did not receive \"second\" within %v", waitLimit)
	}
	cancel() // give up on "second" while the server still holds its answer
	select {
	case err = <-done:
		require.Error(t, err, "Echo(\"second\") must fail: its ctx was cancelled before any reply")
	case <-time.After(waitLimit):
		require.FailNow(t, "Echo ignored its ctx", "Echo(\"second\") did not return within %v after its ctx was cancelled", waitLimit)
	}
	releaseOnce.Do(func() { close(release) }) // now the late answer "second\n" is on its way

	got, err = echoLine(t, c, "third")
	require.Error(t, err, "after a failed Echo every later Echo on that Client must fail: the late reply to "+
		"\"second\" would be read as the answer to \"third\" (this Echo returned %q). Keep the first error and return it", got)
}
