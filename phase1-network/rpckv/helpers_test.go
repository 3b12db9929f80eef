package rpckv

import (
	"context"
	"errors"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// waitLimit bounds every wait in these tests; it is an upper limit for
// something that must happen, not a speed requirement.
const waitLimit = 5 * time.Second

// testCtx returns a context that ends after waitLimit or with the test.
func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	t.Cleanup(cancel)
	return ctx
}

// startServer runs Serve with a fresh KV on a loopback port until the test
// ends, and checks that Serve then returns.
func startServer(t *testing.T) (*KV, string) {
	t.Helper()
	kv := NewKV()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- Serve(ctx, l, kv) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-errc:
		case <-time.After(waitLimit):
			t.Errorf("Serve did not return within %v after its context was cancelled: close the listener and every connection, then return", waitLimit)
		}
		l.Close()
	})
	return kv, l.Addr().String()
}

// dialClient connects a Client to addr and closes it when the test ends.
func dialClient(t *testing.T, addr string) *Client {
	t.Helper()
	c, err := Dial(testCtx(t), DialTCP(addr))
	require.NoError(t, err, "Dial(%s): the server is listening, Dial should connect", addr)
	require.NotNil(t, c, "Dial returned a nil Client and no error")
	t.Cleanup(func() { c.Close() })
	return c
}

// errLost is the error of a connection the test broke on purpose.
var errLost = errors.New("test network: message lost")

// lossyConn breaks on purpose: with loseRequest its first Write is lost and
// the connection closed; with loseReply the first reply bytes it receives
// are thrown away and the connection closed, after the server has run the
// request.
type lossyConn struct {
	net.Conn
	loseRequest, loseReply bool
}

func (c *lossyConn) Write(p []byte) (int, error) {
	if c.loseRequest {
		c.Conn.Close()
		return 0, errLost
	}
	return c.Conn.Write(p)
}

func (c *lossyConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 && c.loseReply {
		c.Conn.Close()
		return 0, errLost
	}
	return n, err
}

// faultyDial dials addr; the first connection is wrapped as the lossyConn
// described by mk, the next ones work.
type faultyDial struct {
	addr  string
	mk    func(net.Conn) net.Conn
	mu    sync.Mutex
	dials int
}

func (f *faultyDial) dial(ctx context.Context) (net.Conn, error) {
	c, err := DialTCP(f.addr)(ctx)
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.dials++
	if f.dials == 1 {
		return f.mk(c), nil
	}
	return c, nil
}

func (f *faultyDial) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.dials
}
