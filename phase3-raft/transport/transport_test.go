package transport_test

import (
	"context"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"dsweekends/phase3-raft/raftapi"
	"dsweekends/phase3-raft/transport"
	"dsweekends/testkit/peer"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var _ raftapi.ClientEnd = (*transport.End)(nil)

type AddArgs struct{ A, B int }
type AddReply struct{ Sum int }

// Calc is a receiver with one handler and methods that are not handlers.
type Calc struct{ calls int }

func (c *Calc) Add(args *AddArgs, reply *AddReply) { c.calls++; reply.Sum = args.A + args.B }
func (c *Calc) Kill()                              {}
func (c *Calc) Start(command any) (int, int, bool) { return 0, 0, false }

// serve starts a server with a Calc on a loopback listener (at addr, or a free port).
func serve(t *testing.T, addr string) (*transport.Server, string) {
	t.Helper()
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	require.NoError(t, err)
	s := transport.NewServer()
	require.NoError(t, s.Register(&Calc{}))
	done := make(chan error, 1)
	go func() { done <- s.Serve(ln) }()
	var once sync.Once
	t.Cleanup(func() {
		once.Do(func() {
			require.NoError(t, s.Close())
			require.ErrorIs(t, <-done, transport.ErrServerClosed)
		})
	})
	return s, ln.Addr().String()
}

// within fails the test if f does not return within d: a call must never hang.
func within(t *testing.T, d time.Duration, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("%s did not return within %v: a call must be bounded by its timeout", what, d)
	}
}

func TestCallReachesTheHandlerAndObserver(t *testing.T) {
	s, addr := serve(t, "")
	var seen []string
	var mu sync.Mutex
	s.SetObserver(func(method string, args, reply any) {
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, method)
		assert.Equal(t, &AddArgs{A: 2, B: 3}, args)
		assert.Equal(t, &AddReply{Sum: 5}, reply)
	})
	e := transport.Dial(addr, transport.Options{})
	defer e.Close()
	var reply AddReply
	require.True(t, e.Call("Calc.Add", &AddArgs{A: 2, B: 3}, &reply))
	assert.Equal(t, 5, reply.Sum)
	var byValue AddReply
	require.True(t, e.Call("Calc.Add", AddArgs{A: 2, B: 3}, &byValue), "args may be passed by value, as with simnet")
	mu.Lock()
	assert.Equal(t, []string{"Calc.Add", "Calc.Add"}, seen)
	mu.Unlock()

	err := e.CallContext(context.Background(), "Calc.Kill", &AddArgs{}, &AddReply{})
	require.ErrorIs(t, err, transport.ErrProblem, "Kill is not a handler")
	err = e.CallContext(context.Background(), "Raft.Add", &AddArgs{}, &AddReply{})
	require.ErrorIs(t, err, transport.ErrProblem, "no Raft service is registered")
}

func TestRegisterRejectsNonReceivers(t *testing.T) {
	s := transport.NewServer()
	defer s.Close()
	require.Error(t, s.Register(nil))
	require.Error(t, s.Register(Calc{}), "not a pointer")
	require.Error(t, s.Register(&struct{}{}), "unnamed, no handlers")
}

// A peer that accepts and never answers (stopped, or behind a black hole) costs one timeout.
func TestSilentPeerCostsOneTimeout(t *testing.T) {
	e := transport.Dial(peer.Silent(t), transport.Options{CallTimeout: 200 * time.Millisecond})
	defer e.Close()
	within(t, 5*time.Second, "Call to a silent peer", func() {
		assert.False(t, e.Call("Calc.Add", &AddArgs{}, &AddReply{}))
	})
	within(t, 5*time.Second, "a second Call to a silent peer", func() {
		assert.False(t, e.Call("Calc.Add", &AddArgs{}, &AddReply{}))
	})
}

// A dial that never completes costs at most the call's timeout.
func TestNeverAcceptingPeerCostsOneTimeout(t *testing.T) {
	e := transport.Dial(peer.NeverAccepts(t), transport.Options{CallTimeout: 200 * time.Millisecond, DialTimeout: 100 * time.Millisecond})
	defer e.Close()
	within(t, 5*time.Second, "Call to a peer that never accepts", func() {
		assert.False(t, e.Call("Calc.Add", &AddArgs{}, &AddReply{}))
	})
}

// After the server goes away calls fail fast; when it comes back on the same address the End
// reconnects by itself.
func TestReconnectsWhenThePeerComesBack(t *testing.T) {
	s, addr := serve(t, "")
	e := transport.Dial(addr, transport.Options{CallTimeout: 300 * time.Millisecond, RedialPause: 20 * time.Millisecond})
	defer e.Close()
	require.True(t, e.Call("Calc.Add", &AddArgs{A: 1}, &AddReply{}))

	require.NoError(t, s.Close())
	within(t, 5*time.Second, "Call to a closed server", func() {
		assert.False(t, e.Call("Calc.Add", &AddArgs{A: 1}, &AddReply{}))
	})

	serve(t, addr)
	require.Eventually(t, func() bool {
		var r AddReply
		return e.Call("Calc.Add", &AddArgs{A: 1, B: 1}, &r) && r.Sum == 2
	}, 10*time.Second, 20*time.Millisecond, "the End must reconnect to a server back on the same address")
}

func TestClosedEndFailsAtOnce(t *testing.T) {
	_, addr := serve(t, "")
	e := transport.Dial(addr, transport.Options{})
	require.NoError(t, e.Close())
	err := e.CallContext(context.Background(), "Calc.Add", &AddArgs{}, &AddReply{})
	require.ErrorIs(t, err, transport.ErrClosed)
}
