package minirpc

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"dsweekends/testkit/say"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// waitLimit bounds every wait in these tests; it is an upper limit for
// something that must happen, not a speed requirement.
const waitLimit = 5 * time.Second

type addParams struct{ A, B int }

// testMethods registers the handlers the tests call.
type testMethods struct {
	neverStarted chan struct{} // receives once per call of "Never"
}

func (m *testMethods) register(t *testing.T, s *Server) {
	t.Helper()
	handlers := map[string]HandlerFunc{
		"Add": func(_ context.Context, params json.RawMessage) (any, error) {
			var p addParams
			if err := json.Unmarshal(params, &p); err != nil {
				return nil, err
			}
			return p.A + p.B, nil
		},
		"Div": func(_ context.Context, params json.RawMessage) (any, error) {
			var p addParams
			if err := json.Unmarshal(params, &p); err != nil {
				return nil, err
			}
			if p.B == 0 {
				return nil, errors.New("division by zero")
			}
			return p.A / p.B, nil
		},
		"Upper": func(_ context.Context, params json.RawMessage) (any, error) {
			var s string
			if err := json.Unmarshal(params, &s); err != nil {
				return nil, err
			}
			return strings.ToUpper(s), nil
		},
		// Jitter answers after a random pause, so replies leave out of order.
		"Jitter": func(ctx context.Context, params json.RawMessage) (any, error) {
			var n int
			if err := json.Unmarshal(params, &n); err != nil {
				return nil, err
			}
			select {
			case <-time.After(rand.N(5 * time.Millisecond)):
			case <-ctx.Done():
			}
			return n * n, nil
		},
		// Never answers only when its ctx ends: a lost reply.
		"Never": func(ctx context.Context, _ json.RawMessage) (any, error) {
			select {
			case m.neverStarted <- struct{}{}:
			default:
			}
			<-ctx.Done()
			return nil, ctx.Err()
		},
		"Panic": func(context.Context, json.RawMessage) (any, error) {
			panic("handler bug")
		},
	}
	for name, h := range handlers {
		require.NoError(t, s.Register(name, h), "Register(%q) on a fresh server", name)
	}
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

// runningServer is a Server with the test methods, serving 127.0.0.1:0.
type runningServer struct {
	*Server
	addr      string
	methods   *testMethods
	serveDone chan struct{}
	serveErr  error // valid after serveDone is closed
}

func startServer(t *testing.T) *runningServer {
	t.Helper()
	s := NewServer()
	require.NotNil(t, s, "NewServer returned nil")
	rs := &runningServer{Server: s, methods: &testMethods{neverStarted: make(chan struct{}, 1)}, serveDone: make(chan struct{})}
	rs.methods.register(t, s)

	inner, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err, "the test could not listen on 127.0.0.1:0 (not your code)")
	l := &acceptWatcher{Listener: inner, called: make(chan struct{})}
	rs.addr = inner.Addr().String()
	go func() {
		defer close(rs.serveDone)
		rs.serveErr = s.Serve(l)
	}()
	t.Cleanup(func() {
		closed := make(chan struct{})
		go func() {
			defer close(closed)
			s.Close()
		}()
		select {
		case <-closed:
		case <-time.After(waitLimit):
			t.Errorf("Server.Close did not return within %v: it must close the listeners and every connection, "+
				"then wait for the server's goroutines", waitLimit)
		}
		inner.Close()
		select {
		case <-rs.serveDone:
		case <-time.After(waitLimit):
			t.Errorf("Serve did not return after Close")
		}
	})
	select {
	case <-l.called:
	case <-rs.serveDone:
		require.FailNow(t, "Serve returned at once", "Serve returned %q right away; it should keep accepting until Close (see server.go)", rs.serveErr)
	case <-time.After(waitLimit):
		require.FailNow(t, "Serve never called Accept", "Serve must loop on l.Accept() until Close (see server.go)")
	}
	return rs
}

// dial connects a Client and closes it when the test ends.
func dial(t *testing.T, addr string) *Client {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	c, err := Dial(ctx, addr)
	require.NoError(t, err, "Dial(%q) (see client.go)", addr)
	require.NotNil(t, c, "Dial returned a nil *Client without an error")
	t.Cleanup(func() { c.Close() })
	return c
}

// callCtx is a context for a call that must be answered.
func callCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	t.Cleanup(cancel)
	return ctx
}

// rawConn is a plain connection that speaks the wire format by hand.
type rawConn struct {
	net.Conn
	r *bufio.Reader
}

func dialRaw(t *testing.T, addr string) *rawConn {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, waitLimit)
	require.NoError(t, err, "a raw TCP connection to the server at %s: is Serve accepting?", addr)
	t.Cleanup(func() { conn.Close() })
	conn.SetDeadline(time.Now().Add(waitLimit))
	return &rawConn{Conn: conn, r: bufio.NewReader(conn)}
}

// readResponse reads one reply frame and decodes it with encoding/json
// directly, so these server tests do not depend on DecodeResponse.
// why, if given, is the rule the reply shows, for the failure message.
func (c *rawConn) readResponse(t *testing.T, after string, why ...string) Response {
	t.Helper()
	line, err := c.r.ReadString('\n')
	require.NoError(t, err, "after sending %q the server should send one reply line%s", after, strings.Join(append([]string{""}, why...), ": "))
	var resp Response
	require.NoError(t, json.Unmarshal([]byte(line), &resp), "a reply is a JSON object on one line, got %q", line)
	return resp
}

func TestCallReturnsResult(t *testing.T) {
	rs := startServer(t)
	c := dial(t, rs.addr)

	t.Run("Add with object params", func(t *testing.T) {
		var sum int
		require.NoError(t, c.Call(callCtx(t), "Add", addParams{A: 1, B: 2}, &sum), "Call(Add, {1,2})")
		assert.Equal(t, 3, sum, "Call(Add, {1,2}) must decode the reply's result into &sum")
	})
	t.Run("Upper with a string param", func(t *testing.T) {
		var got string
		require.NoError(t, c.Call(callCtx(t), "Upper", "hello", &got), `Call(Upper, "hello"): params may be any JSON value, here a string`)
		assert.Equal(t, "HELLO", got, `Call(Upper, "hello") must decode the reply's result into &got`)
	})
	t.Run("a nil result pointer ignores the result", func(t *testing.T) {
		assert.NoError(t, c.Call(callCtx(t), "Add", addParams{A: 1, B: 1}, nil), "Call with a nil result pointer must skip decoding the result, not fail")
	})
	t.Run("the wire format is one JSON line each way", func(t *testing.T) {
		raw := dialRaw(t, rs.addr)
		req := `{"id":7,"method":"Add","params":{"A":20,"B":22}}` + "\n"
		_, err := io.WriteString(raw, req)
		require.NoError(t, err, "writing %q to the server: did it close the connection?", req)
		resp := raw.readResponse(t, req)
		assert.Equal(t, uint64(7), resp.ID, "the reply carries the request's id")
		assert.Empty(t, resp.Error, "a successful call's reply has an empty error")
		assert.JSONEq(t, `42`, string(resp.Result), "the reply's result is the handler's result, JSON-encoded: 20+22")
	})
}

func TestRegisterRejectsBadMethods(t *testing.T) {
	s := NewServer()
	require.NotNil(t, s, "NewServer returned nil")
	ok := func(context.Context, json.RawMessage) (any, error) { return nil, nil }
	require.NoError(t, s.Register("Ping", ok), "the first Register of a name succeeds")
	assert.Error(t, s.Register("Ping", ok), "registering the same name twice must fail")
	assert.Error(t, s.Register("", ok), "an empty method name must fail")
	assert.Error(t, s.Register("Nil", nil), "a nil handler must fail")
}

func TestUnknownMethodIsAnErrorReply(t *testing.T) {
	rs := startServer(t)

	t.Run("on the wire", func(t *testing.T) {
		raw := dialRaw(t, rs.addr)
		req := `{"id":9,"method":"Launch"}` + "\n"
		_, err := io.WriteString(raw, req)
		require.NoError(t, err, "writing %q to the server: did it close the connection?", req)
		resp := raw.readResponse(t, req)
		assert.Equal(t, uint64(9), resp.ID, "an unknown method is answered with the request's own id")
		assert.Contains(t, resp.Error, "unknown method", `the error text should be unknown method "Launch" (see Serve's doc comment in server.go)`)
		assert.Contains(t, resp.Error, "Launch", "the error should name the method")
	})
	t.Run("through the client", func(t *testing.T) {
		c := dial(t, rs.addr)
		err := c.Call(callCtx(t), "Launch", nil, nil)
		var re *RemoteError
		require.ErrorAs(t, err, &re, "an error reply comes out of Call as a *RemoteError")
		assert.Contains(t, re.Message, "Launch", `the *RemoteError's Message is the server's error text, unknown method "Launch"`)
		var sum int
		require.NoError(t, c.Call(callCtx(t), "Add", addParams{A: 2, B: 3}, &sum), say.T(
			"모르는 메서드에 에러로 답한 뒤에도 연결은 계속됩니다: 같은 연결의 다음 요청을 읽으세요 (break가 아니라 continue)",
			"after answering an unknown method with an error the connection carries on: read the next request on it (continue, not break)"))
		assert.Equal(t, 5, sum, "Call(Add, {2,3}) after an unknown method")
	})
}

func TestMalformedFrameKeepsConnection(t *testing.T) {
	rs := startServer(t)
	raw := dialRaw(t, rs.addr)

	for _, bad := range []string{"not json", `{"id":1}`, `[1,2,3]`, `{"id":2,"method":"Add"} extra`, `{"id":3,"method":"Add","bogus":1}`} {
		_, err := io.WriteString(raw, bad+"\n")
		require.NoError(t, err, "writing %q to the server: a bad frame must not make it close the connection", bad)
		resp := raw.readResponse(t, bad, "a frame the server cannot read gets an error reply with id 0, and the connection carries on with the next line")
		assert.Equal(t, uint64(0), resp.ID, "a frame the server cannot read is answered with id 0 (frame %q)", bad)
		assert.NotEmpty(t, resp.Error, "the id-0 reply explains what was wrong with %q", bad)
	}

	good := `{"id":4,"method":"Add","params":{"A":2,"B":3}}`
	_, err := io.WriteString(raw, good+"\n")
	require.NoError(t, err, "writing %q after the bad frames: the server must keep the connection open", good)
	resp := raw.readResponse(t, good)
	assert.Equal(t, uint64(4), resp.ID, "after bad frames the connection must still work")
	assert.JSONEq(t, `5`, string(resp.Result), "Add(2, 3) on the same connection after the bad frames")
}

func TestServerHandlesRequestsConcurrently(t *testing.T) {
	const n = 10
	s := NewServer()
	require.NotNil(t, s, "NewServer returned nil")
	// Barrier answers only when all n requests are running at the same time.
	// A server that runs one request at a time would never get there.
	var mu sync.Mutex
	arrived := 0
	all := make(chan struct{})
	// giveUp releases the handlers when the test ends: a server that runs one request at a
	// time never reaches the barrier, and must still be able to close.
	giveUp := make(chan struct{})
	require.NoError(t, s.Register("Barrier", func(ctx context.Context, params json.RawMessage) (any, error) {
		mu.Lock()
		arrived++
		if arrived == n {
			close(all)
		}
		mu.Unlock()
		select {
		case <-all:
			return params, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-giveUp:
			return nil, errors.New("the test gave up waiting for the other requests")
		}
	}), `s.Register("Barrier", …) must succeed: see Register in server.go`)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err, "the test could not listen on 127.0.0.1:0 (not your code)")
	serveDone := make(chan struct{})
	go func() {
		defer close(serveDone)
		s.Serve(l)
	}()
	t.Cleanup(func() {
		close(giveUp)
		s.Close()
		l.Close()
		<-serveDone
	})

	raw := dialRaw(t, l.Addr().String())
	var frames strings.Builder
	for id := 1; id <= n; id++ {
		fmt.Fprintf(&frames, `{"id":%d,"method":"Barrier","params":%d}`+"\n", id, id)
	}
	_, err = io.WriteString(raw, frames.String())
	require.NoError(t, err, "writing %d Barrier requests to the server", n)

	seen := map[uint64]bool{}
	for range n {
		line, err := raw.r.ReadString('\n')
		require.NoError(t, err, "waiting for %d replies; got %d. Each of these requests waits until all %d run at once: "+
			"the server must run each request in its own goroutine", n, len(seen), n)
		var resp Response
		require.NoError(t, json.Unmarshal([]byte(line), &resp), "reply %q", line)
		assert.Empty(t, resp.Error, "reply %d: Barrier returns its params, so no error is expected", resp.ID)
		assert.JSONEq(t, fmt.Sprint(resp.ID), string(resp.Result), "reply %d must carry the result of request %d", resp.ID, resp.ID)
		seen[resp.ID] = true
	}
	assert.Len(t, seen, n, "every request gets exactly one reply")
}

// fakeServer accepts one connection and hands it to serve, in a goroutine
// that the test waits for at the end.
func fakeServer(t *testing.T, serve func(conn net.Conn, r *bufio.Reader)) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err, "the test could not listen on 127.0.0.1:0 (not your code)")
	done := make(chan struct{})
	var mu sync.Mutex
	var conn net.Conn
	go func() {
		defer close(done)
		c, err := l.Accept()
		if err != nil {
			return
		}
		mu.Lock()
		conn = c
		mu.Unlock()
		defer c.Close()
		serve(c, bufio.NewReader(c))
	}()
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		if conn != nil {
			conn.Close()
		}
		mu.Unlock()
		<-done
	})
	return l.Addr().String()
}

func TestClientMatchesRepliesByID(t *testing.T) {
	const n = 100
	// This server reads all n requests, then answers them last to first.
	addr := fakeServer(t, func(conn net.Conn, r *bufio.Reader) {
		var reqs []Request
		for len(reqs) < n {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			var req Request
			if json.Unmarshal([]byte(line), &req) != nil {
				return
			}
			reqs = append(reqs, req)
		}
		for i := len(reqs) - 1; i >= 0; i-- {
			var x int
			json.Unmarshal(reqs[i].Params, &x)
			b, _ := json.Marshal(Response{ID: reqs[i].ID, Result: json.RawMessage(fmt.Sprint(2 * x))})
			if _, err := conn.Write(append(b, '\n')); err != nil {
				return
			}
		}
		io.Copy(io.Discard, r) // until the client hangs up
	})
	c := dial(t, addr)

	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var got int
			if assert.NoError(t, c.Call(callCtx(t), "Double", i, &got), "call %d of %d", i, n) {
				assert.Equal(t, 2*i, got, "Call(Double, %d) got another call's reply: match replies to calls by id", i)
			}
		}()
	}
	wg.Wait() // every call has a deadline
	assert.Equal(t, 0, c.Pending(), "every call got its reply, so nothing is pending")
}

func TestManyConcurrentCalls(t *testing.T) {
	const n = 100
	rs := startServer(t)
	c := dial(t, rs.addr)

	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var got int
			if assert.NoError(t, c.Call(callCtx(t), "Jitter", i, &got), "call %d of %d", i, n) {
				assert.Equal(t, i*i, got, "Call(Jitter, %d) must get its own result", i)
			}
		}()
	}
	wg.Wait()
}

func TestLostReplyTimesOut(t *testing.T) {
	rs := startServer(t)
	c := dial(t, rs.addr)

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	err := c.Call(ctx, "Never", nil, nil)
	require.Error(t, err, "the server never answers Never, so Call must give up when ctx ends")
	assert.ErrorIs(t, err, context.DeadlineExceeded, "a timed-out call's error wraps ctx.Err()")
	assert.Equal(t, 0, c.Pending(), "a call that gave up must remove itself from the pending map")

	var sum int
	require.NoError(t, c.Call(callCtx(t), "Add", addParams{A: 40, B: 2}, &sum), "after a lost reply, the client must keep working")
	assert.Equal(t, 42, sum, "Call(Add, {40,2}) after the lost reply gets its own result")
}

func TestDroppedReplyDoesNotConfuseLaterCalls(t *testing.T) {
	// This server answers every request except the first, and answers each
	// with its id as the result.
	addr := fakeServer(t, func(conn net.Conn, r *bufio.Reader) {
		for first := true; ; first = false {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			var req Request
			if json.Unmarshal([]byte(line), &req) != nil {
				return
			}
			if first {
				continue // the reply is lost
			}
			b, _ := json.Marshal(Response{ID: req.ID, Result: json.RawMessage(fmt.Sprint(req.ID))})
			if _, err := conn.Write(append(b, '\n')); err != nil {
				return
			}
		}
	})
	c := dial(t, addr)

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	err := c.Call(ctx, "Lost", nil, nil)
	assert.ErrorIs(t, err, context.DeadlineExceeded, "the first reply never comes; Call must time out")
	assert.Equal(t, 0, c.Pending(), "a call that gave up must remove itself from the pending map")

	for range 3 {
		var id uint64
		require.NoError(t, c.Call(callCtx(t), "Next", nil, &id), "a call after the dropped reply must get its own reply (match replies by id)")
		assert.NotZero(t, id, "the server answers each request with its id; ids start at 1")
	}
}

func TestRemoteErrorIsTyped(t *testing.T) {
	rs := startServer(t)
	c := dial(t, rs.addr)

	err := c.Call(callCtx(t), "Div", addParams{A: 1, B: 0}, nil)
	require.Error(t, err, "Div by zero fails on the server")
	var re *RemoteError
	require.ErrorAs(t, err, &re, "a handler's error comes out of Call as a *RemoteError")
	assert.Equal(t, "Div", re.Method, "RemoteError.Method is the method Call was asked to call")
	assert.Equal(t, "division by zero", re.Message, "RemoteError.Message is the handler's error text")

	var q int
	require.NoError(t, c.Call(callCtx(t), "Div", addParams{A: 9, B: 3}, &q), "the same method still works after an error")
	assert.Equal(t, 3, q, "Call(Div, {9,3}) decodes the result into &q")
}

func TestHandlerPanicIsAnErrorReply(t *testing.T) {
	rs := startServer(t)
	c := dial(t, rs.addr)

	err := c.Call(callCtx(t), "Panic", nil, nil)
	var re *RemoteError
	require.ErrorAs(t, err, &re, "a panicking handler must become an error reply (recover), not a crash")

	var sum int
	require.NoError(t, c.Call(callCtx(t), "Add", addParams{A: 1, B: 1}, &sum), "the server keeps serving after a handler panics")
	assert.Equal(t, 2, sum, "Call(Add, {1,1}) after the panic decodes the result into &sum")
}

func TestCloseFailsPendingCalls(t *testing.T) {
	rs := startServer(t)
	c := dial(t, rs.addr)

	ctx, cancel := context.WithTimeout(context.Background(), 2*waitLimit)
	defer cancel()
	callErr := make(chan error, 1)
	go func() { callErr <- c.Call(ctx, "Never", nil, nil) }()
	select {
	case <-rs.methods.neverStarted:
	case err := <-callErr:
		require.FailNow(t, "Call returned early", "Call(Never) returned %v before the server even ran the handler", err)
	case <-time.After(waitLimit):
		require.FailNow(t, "the request never reached the server", "Call must write the request frame before it waits for the reply (client.go)")
	}

	require.NoError(t, c.Close(), "Close")
	select {
	case err := <-callErr:
		assert.ErrorIs(t, err, ErrClosed, "a call still waiting when Close is called fails with ErrClosed")
	case <-time.After(waitLimit):
		require.FailNow(t, "Close did not unblock the pending call", "Close must wake every waiting Call (close their channels or send them an error)")
	}
	assert.Equal(t, 0, c.Pending(), "nothing is pending after Close")
	assert.ErrorIs(t, c.Call(callCtx(t), "Add", addParams{}, nil), ErrClosed, "a call after Close fails at once with ErrClosed")
}

func TestServerCloseEndsCalls(t *testing.T) {
	rs := startServer(t)
	c := dial(t, rs.addr)

	callErr := make(chan error, 1)
	go func() { callErr <- c.Call(callCtx(t), "Never", nil, nil) }()
	select {
	case <-rs.methods.neverStarted:
	case <-time.After(waitLimit):
		require.FailNow(t, "the request never reached the server", "Call must write the request frame before it waits for the reply (client.go)")
	}

	closeDone := make(chan error, 1)
	go func() { closeDone <- rs.Close() }()
	select {
	case err := <-closeDone:
		assert.NoError(t, err, "Server.Close (server.go)")
	case <-time.After(waitLimit):
		require.FailNow(t, "Server.Close did not return", "Close must close the listeners and every connection (which cancels the running handlers' ctx), then wait for them")
	}
	select {
	case <-rs.serveDone:
		assert.ErrorIs(t, rs.serveErr, ErrServerClosed, "Serve returns ErrServerClosed after Close")
	case <-time.After(waitLimit):
		require.FailNow(t, "Serve did not return after Close", "Close must close the listeners, so that Accept fails and Serve returns ErrServerClosed")
	}
	select {
	case err := <-callErr:
		require.Error(t, err, "the server hung up, so the pending call must fail")
		assert.NotErrorIs(t, err, context.DeadlineExceeded, "the call should fail because the connection ended, not time out")
	case <-time.After(2 * waitLimit):
		require.FailNow(t, "the pending call never ended", "when the connection ends, the reader goroutine must fail every pending call")
	}
}
