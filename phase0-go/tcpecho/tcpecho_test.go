package tcpecho

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// waitLimit bounds every wait in these tests. It is an upper limit for things
// that must happen, never a speed requirement: the reference needs a few
// milliseconds.
const waitLimit = 5 * time.Second

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

// runningServer is the package's Serve running in a goroutine on a loopback
// listener.
type runningServer struct {
	addr      string
	l         net.Listener
	serveDone chan struct{} // closed when Serve returns
	serveErr  error         // Serve's result; read it only after serveDone
}

// startServer runs Serve on 127.0.0.1:0 and closes the listener when the test
// ends. It fails the test at once if Serve returns instead of accepting.
func startServer(t *testing.T) *runningServer {
	t.Helper()
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err, "listen on 127.0.0.1:0")
	l := &acceptWatcher{Listener: inner, called: make(chan struct{})}
	rs := &runningServer{addr: inner.Addr().String(), l: inner, serveDone: make(chan struct{})}
	go func() {
		defer close(rs.serveDone)
		rs.serveErr = Serve(l)
	}()
	t.Cleanup(func() {
		inner.Close()
		rs.wait(t, "after its listener was closed")
	})
	select {
	case <-l.called:
	case <-rs.serveDone:
		require.FailNow(t, "Serve returned at once", "Serve returned %v right away; it should keep calling l.Accept in a loop (see server.go)", rs.serveErr)
	case <-time.After(waitLimit):
		require.FailNow(t, "Serve never called Accept", "after %v Serve had not called l.Accept", waitLimit)
	}
	return rs
}

// wait waits (bounded) for Serve to return and gives its error.
func (rs *runningServer) wait(t *testing.T, when string) error {
	t.Helper()
	select {
	case <-rs.serveDone:
		return rs.serveErr
	case <-time.After(waitLimit):
		t.Errorf("Serve was still running %v %s: it must return when Accept fails", waitLimit, when)
		return nil
	}
}

// dialRaw opens a plain TCP connection to addr. Every read and write on it
// gives up after waitLimit.
func dialRaw(t *testing.T, addr string) (net.Conn, *bufio.Reader) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, waitLimit)
	require.NoError(t, err, "dial %s", addr)
	t.Cleanup(func() { conn.Close() })
	conn.SetDeadline(time.Now().Add(waitLimit))
	return conn, bufio.NewReader(conn)
}

// readReply reads one reply line and explains the usual reasons for none.
func readReply(t *testing.T, r *bufio.Reader, sent string) string {
	t.Helper()
	got, err := r.ReadString('\n')
	if errors.Is(err, os.ErrDeadlineExceeded) {
		require.FailNow(t, "no reply line", "sent %q and got %q but no \"\\n\" within %v: the server must write each line back followed by \"\\n\", "+
			"and serve every connection in its own goroutine (go HandleConn(conn))", sent, got, waitLimit)
	}
	require.NoError(t, err, "reading the reply to %q: did the server close the connection? It must keep echoing lines until the client leaves (for sc.Scan() { ... })", sent)
	return got
}

func TestServerEchoesEveryLine(t *testing.T) {
	rs := startServer(t)
	conn, r := dialRaw(t, rs.addr)

	// All on one connection: the server keeps reading until the client leaves.
	for _, line := range []string{"hello", "a second line on the same connection", "", "안녕하세요, 세계", "  spaces\tand tabs  "} {
		_, err := io.WriteString(conn, line+"\n")
		require.NoError(t, err, "writing %q to the server", line)
		got := readReply(t, r, line+"\n")
		assert.Equal(t, line+"\n", got, "the server writes the line back unchanged, followed by \"\\n\"")
	}

	t.Run("lines sent in one write come back one by one, in order", func(t *testing.T) {
		_, err := io.WriteString(conn, "one\ntwo\nthree\n")
		require.NoError(t, err, "writing three lines at once")
		for _, want := range []string{"one\n", "two\n", "three\n"} {
			assert.Equal(t, want, readReply(t, r, "one\\ntwo\\nthree\\n"), "each line gets its own reply")
		}
	})

	t.Run("a CRLF line ending is echoed as \\n", func(t *testing.T) {
		_, err := io.WriteString(conn, "windows\r\n")
		require.NoError(t, err, "writing a CRLF line")
		assert.Equal(t, "windows\n", readReply(t, r, "windows\\r\\n"), "bufio.Scanner drops the \\r before \\n")
	})
}

func TestServerServesClientsAtOnce(t *testing.T) {
	rs := startServer(t)
	// Every client connects before any of them talks, and the newest talks
	// first: a server that finishes one connection before accepting the next
	// never answers it.
	const clients = 5
	conns := make([]net.Conn, clients)
	readers := make([]*bufio.Reader, clients)
	for i := range conns {
		conns[i], readers[i] = dialRaw(t, rs.addr)
	}
	for i := clients - 1; i >= 0; i-- {
		line := fmt.Sprintf("client %d\n", i)
		_, err := io.WriteString(conns[i], line)
		require.NoError(t, err, "client %d writing", i)
		assert.Equal(t, line, readReply(t, readers[i], line),
			"client %d of %d (all connected at once) gets its own line back: serve each connection in its own goroutine", i, clients)
	}
}

func TestServeReturnsWhenListenerFails(t *testing.T) {
	t.Run("closed listener: nil", func(t *testing.T) {
		rs := startServer(t)
		require.NoError(t, rs.l.Close(), "closing the listener")
		err := rs.wait(t, "after its listener was closed")
		assert.NoError(t, err, "closing the listener is the normal way to stop Serve: when errors.Is(err, net.ErrClosed), return nil")
	})

	t.Run("other Accept error: returned, wrapped", func(t *testing.T) {
		broken := errors.New("accept: out of file descriptors")
		done := make(chan error, 1)
		go func() { done <- Serve(failingListener{broken}) }()
		select {
		case err := <-done:
			require.Error(t, err, "Serve must return Accept's error when it is not net.ErrClosed")
			assert.ErrorIs(t, err, broken, "Serve's error must wrap Accept's error with %%w, so errors.Is finds it (got %v)", err)
		case <-time.After(waitLimit):
			require.FailNow(t, "Serve did not return", "Accept failed with %q but Serve was still running after %v", broken, waitLimit)
		}
	})
}

// failingListener is a listener whose Accept always fails with err.
type failingListener struct{ err error }

func (l failingListener) Accept() (net.Conn, error) { return nil, l.err }
func (l failingListener) Close() error              { return nil }
func (l failingListener) Addr() net.Addr            { return &net.TCPAddr{} }

// fakeServer runs a test server on 127.0.0.1:0 that calls reply for each
// connection, so the client is tested on its own. It stops when the test ends.
func fakeServer(t *testing.T, reply func(conn net.Conn)) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err, "listen on 127.0.0.1:0")
	var wg sync.WaitGroup
	var mu sync.Mutex
	var conns []net.Conn
	wg.Go(func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, conn)
			mu.Unlock()
			wg.Go(func() { reply(conn) })
		}
	})
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	return l.Addr().String()
}

// echoBounded calls Echo in a goroutine and fails the test if it does not
// return within waitLimit.
func echoBounded(t *testing.T, addr, line string, timeout time.Duration) (string, error) {
	t.Helper()
	type result struct {
		reply string
		err   error
	}
	done := make(chan result, 1)
	go func() {
		reply, err := Echo(addr, line, timeout)
		done <- result{reply, err}
	}()
	select {
	case r := <-done:
		return r.reply, r.err
	case <-time.After(waitLimit):
		require.FailNow(t, "Echo did not return",
			"Echo(%q, %q, %v) was still waiting after %v: set conn.SetDeadline(time.Now().Add(timeout)) so a silent server cannot hold it", addr, line, timeout, waitLimit)
		return "", nil
	}
}

func TestEchoClientReturnsReplyLine(t *testing.T) {
	// This server answers in upper case, so a client that returns its own
	// line without asking the server is caught. Then it waits for the client
	// to close the connection.
	received := make(chan string, 1)
	afterReply := make(chan error, 1)
	addr := fakeServer(t, func(conn net.Conn) {
		defer conn.Close()
		conn.SetDeadline(time.Now().Add(waitLimit))
		r := bufio.NewReader(conn)
		line, err := r.ReadString('\n')
		received <- line
		if err != nil {
			return
		}
		io.WriteString(conn, strings.ToUpper(line))
		_, err = r.ReadByte() // io.EOF once the client has closed its end
		afterReply <- err
	})
	got, err := echoBounded(t, addr, "hello, 서버", waitLimit)
	require.NoError(t, err, "Echo against a server that answers at once")
	select {
	case line := <-received:
		assert.Equal(t, "hello, 서버\n", line, "Echo sends the line followed by \"\\n\"")
	default:
		t.Error("the server received nothing from Echo")
	}
	assert.Equal(t, "HELLO, 서버", got, "Echo returns the server's reply line without its \"\\n\"")

	select {
	case err := <-afterReply:
		assert.ErrorIs(t, err, io.EOF, "after its reply the server waited for Echo to close the connection (defer conn.Close()), but got %v", err)
	case <-time.After(2 * waitLimit):
		t.Error("the fake server never finished reading after its reply")
	}
}

func TestEchoClientTimesOut(t *testing.T) {
	// This server reads but never answers.
	addr := fakeServer(t, func(conn net.Conn) {
		io.Copy(io.Discard, conn) // until the client or the test closes conn
	})
	_, err := echoBounded(t, addr, "anyone there?", 100*time.Millisecond)
	require.Error(t, err, "Echo against a server that never replies must fail once the timeout (100ms) has passed")
	assert.ErrorIs(t, err, os.ErrDeadlineExceeded,
		"on a timeout Echo's error wraps the read error with %%w, so errors.Is(err, os.ErrDeadlineExceeded) is true (got %v)", err)
}

func TestEchoClientReportsDialError(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err, "listen on 127.0.0.1:0")
	addr := l.Addr().String()
	l.Close() // nobody listens there any more

	_, err = echoBounded(t, addr, "hello", waitLimit)
	require.Error(t, err, "Echo to %s, where nobody listens, must fail", addr)
	var opErr *net.OpError
	assert.ErrorAs(t, err, &opErr, "Echo's error must wrap the dial error with %%w, so errors.As finds the *net.OpError (got %v)", err)
}

func TestClientAndServerTogether(t *testing.T) {
	rs := startServer(t)
	const calls = 10
	type result struct {
		line, got string
		err       error
	}
	results := make(chan result, calls)
	for i := range calls {
		go func() {
			line := fmt.Sprintf("message %d", i)
			got, err := Echo(rs.addr, line, waitLimit)
			results <- result{line, got, err}
		}()
	}
	for range calls {
		select {
		case r := <-results:
			if assert.NoError(t, r.err, "Echo(%q) against your Serve", r.line) {
				assert.Equal(t, r.line, r.got, "your client and your server together: the line comes back unchanged")
			}
		case <-time.After(2 * waitLimit):
			require.FailNow(t, "Echo did not return", "%d Echo calls at once against your Serve: one was still waiting after %v", calls, 2*waitLimit)
		}
	}
}

func BenchmarkEcho(b *testing.B) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(b, err)
	done := make(chan error, 1)
	go func() { done <- Serve(l) }()
	for b.Loop() {
		if _, err := Echo(l.Addr().String(), "benchmark", waitLimit); err != nil {
			b.Fatal(err)
		}
	}
	l.Close()
	<-done
}
