package minirpc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"testing"
	"time"

	"dsweekends/testkit/peer"
	"dsweekends/testkit/say"
	"dsweekends/testkit/shutdown"
	"dsweekends/testkit/together"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestClientAndServerAreSafeForConcurrentUse(t *testing.T) {
	rs := startServer(t)
	c := dial(t, rs.addr)

	// Half the goroutines call and ask Pending, the other half register new
	// methods while requests are being served: every shared map must be
	// read and written under its mutex, or -race reports it.
	const n = 40
	sums := make([]int, n)
	errs := make([]error, n)
	together.Run(t, n, waitLimit, func(i int) {
		if i%2 == 0 {
			errs[i] = rs.Register(fmt.Sprintf("Extra%d", i), func(context.Context, json.RawMessage) (any, error) { return i, nil })
			return
		}
		errs[i] = c.Call(callCtx(t), "Add", addParams{A: i, B: 1000}, &sums[i])
		_ = c.Pending()
	})
	if t.Failed() { // a race report (go test -race) or a call that never returned
		t.Fatal(say.T(
			"Client와 Server는 여러 고루틴이 함께 씁니다: pending 맵, 다음 id, 핸들러 맵을 읽고 쓰는 모든 곳(Call, Pending, 응답을 읽는 고루틴, Register, 요청 처리)을 뮤텍스 아래에 두세요",
			"Client and Server are used by many goroutines at once: read and write the pending map, the next id and the handler map (Call, Pending, the reader goroutine, Register, serving a request) under a mutex"))
	}
	for i := range n {
		if i%2 == 0 {
			assert.NoError(t, errs[i], say.F("동시에 한 Register(%q)", "Register(%q) at the same time as calls", fmt.Sprintf("Extra%d", i)))
			continue
		}
		if assert.NoError(t, errs[i], say.F("동시 호출 %d", "concurrent call %d", i)) {
			assert.Equal(t, i+1000, sums[i], say.F("Call(Add, {%d,1000})은 자기 결과를 받아야 합니다", "Call(Add, {%d,1000}) must get its own result", i))
		}
	}
	var got int
	require.NoError(t, c.Call(callCtx(t), "Extra0", nil, &got), say.T("Register가 끝난 메서드는 바로 불릴 수 있어야 합니다", "a method is callable once Register returns"))
}

func TestRepliesSplitInTwoWrites(t *testing.T) {
	rs := startServer(t)
	// Every chunk the server writes reaches the client in two pieces: a reply
	// read with a single Read is half a frame.
	c := dial(t, peer.Split(t, rs.addr))
	for i := range 5 {
		var got string
		in := fmt.Sprintf("split reply %d with \"quotes\" and \\ backslash", i)
		require.NoError(t, c.Call(callCtx(t), "Upper", in, &got), say.T(
			"응답이 두 번에 나뉘어 와도 Call은 성공해야 합니다: 한 번의 Read가 한 프레임이라고 가정하지 말고 줄 단위(bufio.Scanner/Reader)로 읽으세요",
			"a reply that arrives in two pieces must still work: do not assume one Read is one frame, read lines (bufio.Scanner/Reader)"))
		require.Equal(t, fmt.Sprintf("SPLIT REPLY %d WITH \"QUOTES\" AND \\ BACKSLASH", i), got, "Call(Upper, %q)", in)
	}

	// The same for a request: the server gets one frame in two writes.
	raw := dialRaw(t, rs.addr)
	frame := `{"id":9,"method":"Add","params":{"A":40,"B":2}}` + "\n"
	_, err := raw.Write([]byte(frame[:len(frame)/2]))
	require.NoError(t, err, "writing the first half of a request (not your code)")
	time.Sleep(20 * time.Millisecond) // let the server's Read return the first half alone
	_, err = raw.Write([]byte(frame[len(frame)/2:]))
	require.NoError(t, err, "writing the second half of a request (not your code)")
	resp := raw.readResponse(t, frame, say.T(
		"요청이 두 번에 나뉘어 와도 서버는 줄 하나를 프레임 하나로 읽어야 합니다",
		"a request in two pieces is still one frame: the server reads whole lines"))
	assert.Equal(t, uint64(9), resp.ID, "the reply carries the request's id")
	assert.Empty(t, resp.Error, "Add {40,2} split in two writes must succeed")
	assert.JSONEq(t, "42", string(resp.Result), "Add {40,2} split in two writes")
}

func TestDialHonoursContext(t *testing.T) {
	// A dial to this address neither succeeds nor fails by itself: only the
	// dialer's own deadline ends it (a host that is down).
	addr := peer.NeverAccepts(t)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	type result struct {
		c   *Client
		err error
	}
	done := make(chan result, 1)
	go func() {
		c, err := Dial(ctx, addr)
		done <- result{c, err}
	}()
	select {
	case r := <-done:
		if r.c != nil {
			r.c.Close()
		}
		require.Error(t, r.err, say.T("연결되지 않는 주소로의 Dial은 실패해야 합니다", "a Dial to an address that never answers must fail"))
		// DialContext reports a passed deadline as a net.Error whose Timeout
		// is true ("i/o timeout"); wrapping ctx.Err() is fine too.
		var ne net.Error
		timedOut := errors.Is(r.err, context.DeadlineExceeded) || (errors.As(r.err, &ne) && ne.Timeout())
		assert.True(t, timedOut, say.F(
			"Dial은 ctx의 마감에서 포기하고 타임아웃 에러를 %%w로 감싸 돌려줍니다: net.Dialer의 DialContext를 쓰세요; 받은 에러: %v",
			"Dial gives up at ctx's deadline and returns the timeout error wrapped with %%w: use net.Dialer's DialContext; got: %v", r.err))
	case <-time.After(waitLimit):
		require.FailNow(t, say.T("Dial이 ctx를 무시했습니다", "Dial ignored ctx"), say.F(
			"ctx의 마감은 200ms였는데 %v가 지나도 Dial이 돌아오지 않았습니다: net.Dial 대신 (&net.Dialer{}).DialContext(ctx, ...)",
			"ctx's deadline was 200ms but Dial had not returned after %v: use (&net.Dialer{}).DialContext(ctx, ...) instead of net.Dial", waitLimit))
	}
}

func TestServerCloseIsExact(t *testing.T) {
	// Not parallel: shutdown.Start counts every goroutine started after it.
	w := shutdown.Start()
	ln := shutdown.Listen(t)
	s := NewServer()
	require.NotNil(t, s, "NewServer returned nil")
	m := &testMethods{neverStarted: make(chan struct{}, 1)}
	m.register(t, s)
	serveDone := make(chan error, 1)
	go func() { serveDone <- s.Serve(ln) }()

	// One connection with an answered call, and one call whose handler runs
	// until Close cancels it; its reply is then written to a closed connection.
	raw := dialRaw(t, ln.Addr().String())
	_, err := raw.Write([]byte(`{"id":1,"method":"Add","params":{"A":1,"B":2}}` + "\n"))
	require.NoError(t, err, "writing a request (not your code)")
	resp := raw.readResponse(t, "Add {1,2}", say.T("먼저 TestCallReturnsResult를 통과시키세요", "make TestCallReturnsResult pass first"))
	require.JSONEq(t, "3", string(resp.Result), "Add {1,2}")
	_, err = raw.Write([]byte(`{"id":2,"method":"Never"}` + "\n"))
	require.NoError(t, err, "writing a request (not your code)")
	select {
	case <-m.neverStarted:
	case <-time.After(waitLimit):
		require.FailNow(t, "the handler never ran", "the request reached the server but its handler did not start within %v", waitLimit)
	}

	shutdown.CloseWaits(t, ln, w, func() { s.Close() }, say.T(
		"Close는 리스너와 모든 연결을 닫고(핸들러의 ctx가 취소됩니다), 서버가 시작한 모든 고루틴(연결마다 읽는 고루틴, 요청마다 핸들러 고루틴)이 끝날 때까지 기다린 뒤 돌아옵니다: WaitGroup",
		"Close closes the listeners and every connection (which cancels the handlers' ctx) and returns only after every goroutine the server started (each connection's reader, each request's handler) has ended: a WaitGroup"))
	select {
	case err := <-serveDone:
		assert.ErrorIs(t, err, ErrServerClosed, "Serve returns ErrServerClosed after Close")
	case <-time.After(waitLimit):
		require.FailNow(t, "Serve did not return after Close", "Close must close the listeners, so that Accept fails and Serve returns ErrServerClosed")
	}

	t.Run("Close waits for a handler still running after its ctx ended", func(t *testing.T) {
		rs := startServer(t)
		started, cancelled, release := make(chan struct{}), make(chan struct{}), make(chan struct{})
		require.NoError(t, rs.Register("Hold", func(ctx context.Context, _ json.RawMessage) (any, error) {
			close(started)
			<-ctx.Done()
			close(cancelled)
			<-release // a handler that takes a moment to clean up after its ctx ended
			return nil, ctx.Err()
		}), "Register(\"Hold\") on a running server")
		raw := dialRaw(t, rs.addr)
		_, err := raw.Write([]byte(`{"id":1,"method":"Hold"}` + "\n"))
		require.NoError(t, err, "writing a request (not your code)")
		select {
		case <-started:
		case <-time.After(waitLimit):
			require.FailNow(t, "the handler never ran", "the request reached the server but its handler did not start within %v", waitLimit)
		}

		closeDone := make(chan struct{})
		go func() {
			defer close(closeDone)
			rs.Close()
		}()
		select {
		case <-cancelled:
		case <-time.After(waitLimit):
			close(release)
			require.FailNow(t, say.T("Close가 핸들러의 ctx를 취소하지 않았습니다", "Close did not cancel the handler's ctx"), say.T(
				"Close가 연결을 닫으면 그 연결의 핸들러 ctx가 취소되어야 합니다",
				"when Close closes a connection, the ctx of that connection's handlers must be cancelled"))
		}
		select {
		case <-closeDone:
			close(release)
			require.FailNow(t, say.T("Close가 핸들러를 기다리지 않았습니다", "Close did not wait for a handler"), say.T(
				"핸들러가 아직 실행 중인데 Close가 돌아왔습니다: 연결마다 핸들러 고루틴들을 WaitGroup으로 기다린 뒤에 연결 고루틴이 끝나야 합니다",
				"Close returned while a handler was still running: each connection waits for its handler goroutines (a WaitGroup) before its goroutine ends"))
		case <-time.After(500 * time.Millisecond): // Close is still waiting, as it should
		}
		close(release)
		select {
		case <-closeDone:
		case <-time.After(waitLimit):
			require.FailNow(t, "Server.Close did not return", "the last handler returned, but Close was still waiting %v later", waitLimit)
		}
	})
}

func TestClientCloseIsExact(t *testing.T) {
	// Not parallel: shutdown.Start counts every goroutine started after it.
	// The client's connection is one a counting listener accepted, so the
	// test sees the client's reader fail on it once Close closes it.
	w := shutdown.Start()
	ln := shutdown.Listen(t)
	far, err := net.DialTimeout("tcp", ln.Addr().String(), waitLimit)
	require.NoError(t, err, "the test could not connect to itself (not your code)")
	defer far.Close()
	near, err := ln.Accept()
	require.NoError(t, err, "the test could not accept its own connection (not your code)")

	// The far end answers every request with its id and the number 7.
	go fakeAnswers(far)
	c := NewClient(near)
	require.NotNil(t, c, "NewClient returned nil")
	var got int
	require.NoError(t, c.Call(callCtx(t), "Seven", nil, &got), say.T("먼저 TestCallReturnsResult를 통과시키세요", "make TestCallReturnsResult pass first"))
	require.Equal(t, 7, got, "Call(Seven)")

	shutdown.CloseWaits(t, ln, w, func() { c.Close() }, say.T(
		"Client.Close는 연결을 닫고, 응답을 읽는 고루틴이 끝날 때까지 기다린 뒤 돌아옵니다 (그 고루틴이 끝날 때 닫는 채널을 기다리세요)",
		"Client.Close closes the connection and returns only after the reader goroutine has ended (wait on a channel it closes when it returns)"))
}

// fakeAnswers answers every request frame on conn with {"id":N,"result":7}
// until conn ends.
func fakeAnswers(conn net.Conn) {
	dec := json.NewDecoder(conn)
	for {
		var req Request
		if dec.Decode(&req) != nil {
			return
		}
		b, _ := json.Marshal(Response{ID: req.ID, Result: json.RawMessage("7")})
		if _, err := conn.Write(append(b, '\n')); err != nil {
			return
		}
	}
}
