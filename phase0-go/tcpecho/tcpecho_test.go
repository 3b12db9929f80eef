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

	"dsweekends/testkit/peer"
	"dsweekends/testkit/say"
	"dsweekends/testkit/shutdown"
)

// waitLimit bounds every wait in these tests. It is an upper limit for things
// that must happen, never a speed requirement: the reference needs a few
// milliseconds.
const waitLimit = 2 * time.Second

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
	require.NoError(t, err, say.T("127.0.0.1:0에서 listen", "listen on 127.0.0.1:0"))
	return startServerOn(t, inner)
}

// startServerOn is startServer on a listener of the test's choosing.
func startServerOn(t *testing.T, inner net.Listener) *runningServer {
	t.Helper()
	l := &acceptWatcher{Listener: inner, called: make(chan struct{})}
	rs := &runningServer{addr: inner.Addr().String(), l: inner, serveDone: make(chan struct{})}
	go func() {
		defer close(rs.serveDone)
		rs.serveErr = Serve(l)
	}()
	t.Cleanup(func() {
		inner.Close()
		rs.wait(t, say.T("리스너를 닫은 뒤에도", "after its listener was closed"))
	})
	select {
	case <-l.called:
	case <-rs.serveDone:
		require.FailNow(t, say.T("Serve가 곧바로 돌아왔습니다", "Serve returned at once"), say.F("Serve가 바로 돌아왔습니다(%v): 반복문 안에서 l.Accept를 계속 불러야 합니다(server.go 참고)", "Serve returned %v right away; it should keep calling l.Accept in a loop (see server.go)", rs.serveErr))
	case <-time.After(waitLimit):
		require.FailNow(t, say.T("Serve가 Accept를 부르지 않았습니다", "Serve never called Accept"), say.F("%v가 지나도록 Serve가 l.Accept를 부르지 않았습니다", "after %v Serve had not called l.Accept", waitLimit))
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
		t.Error(say.F("%[2]s %[1]v 동안 Serve가 계속 돌고 있었습니다: Accept가 실패하면 돌아와야 합니다", "Serve was still running %v %s: it must return when Accept fails", waitLimit, when))
		return nil
	}
}

// dialRaw opens a plain TCP connection to addr. Every read and write on it
// gives up after waitLimit.
func dialRaw(t *testing.T, addr string) (net.Conn, *bufio.Reader) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, waitLimit)
	require.NoError(t, err, say.F("%s에 dial", "dial %s", addr))
	t.Cleanup(func() { conn.Close() })
	conn.SetDeadline(time.Now().Add(waitLimit))
	return conn, bufio.NewReader(conn)
}

// readReply reads one reply line and explains the usual reasons for none.
func readReply(t *testing.T, r *bufio.Reader, sent string) string {
	t.Helper()
	got, err := r.ReadString('\n')
	if errors.Is(err, os.ErrDeadlineExceeded) {
		require.FailNow(t, say.T("답 줄이 없습니다", "no reply line"), say.F("%q를 보내고 %q를 받았지만 %v 안에 \"\\n\"이 오지 않았습니다: 서버는 줄마다 \"\\n\"을 붙여 되돌려 보내고, "+
			"연결마다 자기 고루틴에서 처리해야 합니다(go HandleConn(conn))",
			"sent %q and got %q but no \"\\n\" within %v: the server must write each line back followed by \"\\n\", "+
				"and serve every connection in its own goroutine (go HandleConn(conn))", sent, got, waitLimit))
	}
	require.NoError(t, err, say.F("%q의 답을 읽는 중: 서버가 연결을 닫았나요? 클라이언트가 떠날 때까지 줄을 계속 되돌려 보내야 합니다(for sc.Scan() { ... })", "reading the reply to %q: did the server close the connection? It must keep echoing lines until the client leaves (for sc.Scan() { ... })", sent))
	return got
}

func TestServerEchoesEveryLine(t *testing.T) {
	t.Parallel()
	rs := startServer(t)
	conn, r := dialRaw(t, rs.addr)

	// All on one connection: the server keeps reading until the client leaves.
	for _, line := range []string{"hello", "a second line on the same connection", "", "안녕하세요, 세계", "  spaces\tand tabs  "} {
		_, err := io.WriteString(conn, line+"\n")
		require.NoError(t, err, say.F("서버에 %q 쓰기", "writing %q to the server", line))
		got := readReply(t, r, line+"\n")
		assert.Equal(t, line+"\n", got, say.T("서버는 줄을 그대로, 뒤에 \"\\n\"을 붙여 되돌려 보냅니다", "the server writes the line back unchanged, followed by \"\\n\""))
	}

	t.Run("lines sent in one write come back one by one, in order", func(t *testing.T) {
		_, err := io.WriteString(conn, "one\ntwo\nthree\n")
		require.NoError(t, err, say.T("세 줄을 한 번에 쓰기", "writing three lines at once"))
		for _, want := range []string{"one\n", "two\n", "three\n"} {
			assert.Equal(t, want, readReply(t, r, "one\\ntwo\\nthree\\n"), say.T("줄마다 답이 따로 옵니다", "each line gets its own reply"))
		}
	})

	t.Run("a CRLF line ending is echoed as \\n", func(t *testing.T) {
		_, err := io.WriteString(conn, "windows\r\n")
		require.NoError(t, err, say.T("CRLF 줄 쓰기", "writing a CRLF line"))
		assert.Equal(t, "windows\n", readReply(t, r, "windows\\r\\n"), say.T("bufio.Scanner는 \\n 앞의 \\r을 떼어 냅니다", "bufio.Scanner drops the \\r before \\n"))
	})
}

func TestServerServesClientsAtOnce(t *testing.T) {
	t.Parallel()
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
		require.NoError(t, err, say.F("클라이언트 %d 쓰기", "client %d writing", i))
		assert.Equal(t, line, readReply(t, readers[i], line),
			say.F("클라이언트 %d/%d(모두 동시에 연결됨)는 자기 줄을 돌려받습니다: 연결마다 자기 고루틴에서 처리하세요", "client %d of %d (all connected at once) gets its own line back: serve each connection in its own goroutine", i, clients))
	}
}

func TestServeReturnsWhenListenerFails(t *testing.T) {
	t.Parallel()
	t.Run("closed listener: nil", func(t *testing.T) {
		rs := startServer(t)
		require.NoError(t, rs.l.Close(), say.T("리스너 닫기", "closing the listener"))
		err := rs.wait(t, say.T("리스너를 닫은 뒤에도", "after its listener was closed"))
		assert.NoError(t, err, say.T("리스너를 닫는 것은 Serve를 멈추는 정상적인 방법입니다: errors.Is(err, net.ErrClosed)이면 nil을 돌려주세요", "closing the listener is the normal way to stop Serve: when errors.Is(err, net.ErrClosed), return nil"))
	})

	t.Run("other Accept error: returned, wrapped", func(t *testing.T) {
		broken := errors.New("accept: out of file descriptors")
		done := make(chan error, 1)
		go func() { done <- Serve(failingListener{broken}) }()
		select {
		case err := <-done:
			require.Error(t, err, say.T("Accept의 에러가 net.ErrClosed가 아니면 Serve는 그 에러를 돌려줘야 합니다", "Serve must return Accept's error when it is not net.ErrClosed"))
			assert.ErrorIs(t, err, broken, say.F("Serve의 에러는 Accept의 에러를 %%w로 감싸야 errors.Is가 찾습니다(받은 에러: %v)", "Serve's error must wrap Accept's error with %%w, so errors.Is finds it (got %v)", err))
		case <-time.After(waitLimit):
			require.FailNow(t, say.T("Serve가 돌아오지 않았습니다", "Serve did not return"), say.F("Accept가 %q로 실패했는데 %v 뒤에도 Serve가 돌고 있었습니다", "Accept failed with %q but Serve was still running after %v", broken, waitLimit))
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
	require.NoError(t, err, say.T("127.0.0.1:0에서 listen", "listen on 127.0.0.1:0"))
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
		require.FailNow(t, say.T("Echo가 돌아오지 않았습니다", "Echo did not return"),
			say.F("Echo(%q, %q, %v)가 %v 뒤에도 기다리고 있었습니다: 조용한 서버가 붙잡지 못하도록 conn.SetDeadline(time.Now().Add(timeout))을 거세요",
				"Echo(%q, %q, %v) was still waiting after %v: set conn.SetDeadline(time.Now().Add(timeout)) so a silent server cannot hold it", addr, line, timeout, waitLimit))
		return "", nil
	}
}

func TestEchoClientReturnsReplyLine(t *testing.T) {
	t.Parallel()
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
	require.NoError(t, err, say.T("바로 답하는 서버에 대한 Echo", "Echo against a server that answers at once"))
	select {
	case line := <-received:
		assert.Equal(t, "hello, 서버\n", line, say.T("Echo는 줄 뒤에 \"\\n\"을 붙여 보냅니다", "Echo sends the line followed by \"\\n\""))
	default:
		t.Error(say.T("서버가 Echo에게서 아무것도 받지 못했습니다", "the server received nothing from Echo"))
	}
	assert.Equal(t, "HELLO, 서버", got, say.T("Echo는 서버의 답 줄을 \"\\n\" 없이 돌려줍니다", "Echo returns the server's reply line without its \"\\n\""))

	select {
	case err := <-afterReply:
		assert.ErrorIs(t, err, io.EOF, say.F("서버는 답한 뒤 Echo가 연결을 닫기를(defer conn.Close()) 기다렸지만 %v를 받았습니다", "after its reply the server waited for Echo to close the connection (defer conn.Close()), but got %v", err))
	case <-time.After(2 * waitLimit):
		t.Error(say.T("가짜 서버가 답한 뒤 읽기를 끝내지 못했습니다", "the fake server never finished reading after its reply"))
	}
}

func TestEchoClientTimesOut(t *testing.T) {
	t.Parallel()
	// This server reads but never answers.
	addr := fakeServer(t, func(conn net.Conn) {
		io.Copy(io.Discard, conn) // until the client or the test closes conn
	})
	_, err := echoBounded(t, addr, "anyone there?", 100*time.Millisecond)
	require.Error(t, err, say.T("답하지 않는 서버에 대한 Echo는 타임아웃(100ms)이 지나면 실패해야 합니다", "Echo against a server that never replies must fail once the timeout (100ms) has passed"))
	assert.ErrorIs(t, err, os.ErrDeadlineExceeded,
		say.F("타임아웃이면 Echo의 에러가 읽기 에러를 %%w로 감싸서 errors.Is(err, os.ErrDeadlineExceeded)가 참입니다(받은 에러: %v)", "on a timeout Echo's error wraps the read error with %%w, so errors.Is(err, os.ErrDeadlineExceeded) is true (got %v)", err))
}

func TestEchoClientReportsDialError(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err, say.T("127.0.0.1:0에서 listen", "listen on 127.0.0.1:0"))
	addr := l.Addr().String()
	l.Close() // nobody listens there any more

	_, err = echoBounded(t, addr, "hello", waitLimit)
	require.Error(t, err, say.F("아무도 듣지 않는 %s로의 Echo는 실패해야 합니다", "Echo to %s, where nobody listens, must fail", addr))
	var opErr *net.OpError
	assert.ErrorAs(t, err, &opErr, say.F("Echo의 에러는 dial 에러를 %%w로 감싸야 errors.As가 *net.OpError를 찾습니다(받은 에러: %v)", "Echo's error must wrap the dial error with %%w, so errors.As finds the *net.OpError (got %v)", err))
}

func TestClientAndServerTogether(t *testing.T) {
	t.Parallel()
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
	// Spaces around the line are part of it: Echo drops only the "\n".
	const padded = "  spaces around, and a tab\t "
	got, err := echoBounded(t, rs.addr, padded, waitLimit)
	if assert.NoError(t, err, say.F("여러분의 Serve에 대한 Echo(%q)", "Echo(%q) against your Serve", padded)) {
		assert.Equal(t, padded, got, say.T("Echo는 답에서 \"\\n\"만 뗍니다: 앞뒤 공백과 탭은 줄의 일부입니다 (strings.TrimSpace가 아니라 reply[:len(reply)-1])",
			"Echo drops only the \"\\n\" from the reply: spaces and tabs around the line are part of it (reply[:len(reply)-1], not strings.TrimSpace)"))
	}
	for range calls {
		select {
		case r := <-results:
			if assert.NoError(t, r.err, say.F("여러분의 Serve에 대한 Echo(%q)", "Echo(%q) against your Serve", r.line)) {
				assert.Equal(t, r.line, r.got, say.T("여러분의 클라이언트와 서버를 함께: 줄이 그대로 돌아옵니다", "your client and your server together: the line comes back unchanged"))
			}
		case <-time.After(2 * waitLimit):
			require.FailNow(t, say.T("Echo가 돌아오지 않았습니다", "Echo did not return"), say.F("여러분의 Serve에 Echo를 동시에 %d번: %v 뒤에도 하나가 기다리고 있었습니다", "%d Echo calls at once against your Serve: one was still waiting after %v", calls, 2*waitLimit))
		}
	}
}

func TestEchoClientReadsAWholeReplyLine(t *testing.T) {
	t.Parallel()
	// The server answers in one write, but the proxy in between delivers it in
	// two, a moment apart, as TCP is free to do. One conn.Read returns only
	// the first half; the reply is everything up to "\n".
	addr := fakeServer(t, func(conn net.Conn) {
		defer conn.Close()
		conn.SetDeadline(time.Now().Add(waitLimit))
		line, err := bufio.NewReader(conn).ReadString('\n')
		if err != nil {
			return
		}
		io.WriteString(conn, strings.ToUpper(line))
	})
	const line = "a reply long enough to arrive in two pieces"
	got, err := echoBounded(t, peer.Split(t, addr), line, waitLimit)
	require.NoError(t, err, say.T("두 번에 나뉘어 도착하는 답을 받는 Echo", "Echo against a reply that arrives in two writes"))
	assert.Equal(t, strings.ToUpper(line), got, say.T(
		"답은 \"\\n\"까지 전부입니다: TCP는 바이트의 흐름이라 한 줄이 여러 번에 나뉘어 올 수 있으니, conn.Read 한 번이 아니라 bufio.Reader의 ReadString('\\n')으로 읽으세요",
		"the reply is everything up to \"\\n\": TCP is a stream of bytes and a line may arrive in several pieces, so read it with a bufio.Reader's ReadString('\\n'), not one conn.Read"))
}

func TestEchoClientTimesOutOnDial(t *testing.T) {
	t.Parallel()
	// A listener whose backlog is full: the dial neither succeeds nor fails,
	// like a dial to a host that is down. Only the client's own timeout ends it.
	addr := peer.NeverAccepts(t)
	type result struct {
		reply string
		err   error
	}
	done := make(chan result, 1)
	go func() {
		reply, err := Echo(addr, "hello?", 200*time.Millisecond)
		done <- result{reply, err}
	}()
	select {
	case r := <-done:
		require.Error(t, r.err, say.F("접속이 끝나지 않는 주소에 대한 Echo가 %q를 돌려줬습니다: 에러여야 합니다", "Echo to an address whose dial never completes returned %q: it must fail", r.reply))
		var ne net.Error
		ok := errors.As(r.err, &ne) && ne.Timeout()
		assert.True(t, ok, say.F("시간 초과의 에러는 %%w로 감싸서 errors.As로 찾은 net.Error의 Timeout()이 참이어야 합니다 (받은 에러: %v)",
			"a timed-out dial's error must be wrapped with %%w, so errors.As finds a net.Error whose Timeout() is true (got %v)", r.err))
	case <-time.After(1500 * time.Millisecond):
		// Echo's goroutine ends when the dial gives up; the peer closes with the test.
		require.FailNow(t, say.T("Echo가 돌아오지 않았습니다", "Echo did not return"), say.T(
			"timeout 200ms인 Echo가 접속이 끝나지 않는 주소에서 1.5초 넘게 기다렸습니다: 시간 제한은 접속부터 적용됩니다. net.Dial이 아니라 net.DialTimeout(\"tcp\", addr, timeout)을 쓰세요",
			"Echo with a 200ms timeout was still waiting after 1.5s on an address whose dial never completes: the timeout covers connecting too, so use net.DialTimeout(\"tcp\", addr, timeout), not net.Dial"))
	}
}

func TestServerClosesFinishedConnections(t *testing.T) {
	t.Parallel()
	// The counting listener sees every connection this test's server accepts.
	ln := shutdown.Listen(t)
	rs := startServerOn(t, ln)

	const clients = 3
	for i := range clients {
		conn, r := dialRaw(t, rs.addr)
		line := fmt.Sprintf("goodbye %d\n", i)
		_, err := io.WriteString(conn, line)
		require.NoError(t, err, say.F("클라이언트 %d 쓰기", "client %d writing", i))
		assert.Equal(t, line, readReply(t, r, line), say.T("서버는 줄을 그대로 되돌려줍니다", "the server writes the line back unchanged"))
		// The client has said everything: it closes its sending side and
		// waits for the server to close the connection.
		require.NoError(t, conn.(*net.TCPConn).CloseWrite(), say.F("클라이언트 %d가 자기 쪽을 닫음", "client %d closing its side", i))
		rest, err := io.ReadAll(r)
		if errors.Is(err, os.ErrDeadlineExceeded) {
			require.FailNow(t, say.T("서버가 연결을 닫지 않았습니다", "the server never closed the connection"), say.F(
				"클라이언트 %d가 자기 쪽을 닫았는데(EOF) %v가 지나도록 서버가 연결을 닫지 않았습니다: Scan이 false를 돌려주면 HandleConn은 끝나고 conn.Close()로 연결을 닫아야 합니다 (defer conn.Close())",
				"client %d closed its side (EOF), but after %v the server had not closed the connection: when Scan returns false HandleConn must end and close conn (defer conn.Close())", i, waitLimit))
		}
		require.NoError(t, err, say.F("클라이언트 %d가 서버가 닫을 때까지 읽음", "client %d reading until the server closes", i))
		assert.Empty(t, string(rest), say.F("클라이언트 %d가 보낸 적 없는 답이 왔습니다", "client %d got a reply to nothing it sent", i))
	}
	ln.CheckClosed(t, say.T("모든 클라이언트가 떠나고 서버가 EOF를 돌려줬습니다", "every client left and the server answered EOF"),
		say.T("HandleConn은 클라이언트가 떠나면 연결을 닫습니다 (defer conn.Close())", "HandleConn closes conn once the client has left (defer conn.Close())"))

	require.NoError(t, ln.Close(), say.T("리스너 닫기", "closing the listener"))
	assert.NoError(t, rs.wait(t, say.T("리스너를 닫은 뒤에도", "after its listener was closed")), say.T("리스너를 닫으면 Serve는 nil을 돌려줍니다", "closing the listener makes Serve return nil"))
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
