package resilient

import (
	"bufio"
	"context"
	"errors"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"dsweekends/phase1-network/faultproxy"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// waitLimit bounds every wait in these tests; it is an upper limit for
// something that must happen, not a speed requirement.
const waitLimit = 5 * time.Second

// fast is a policy for loopback: short backoff, bounded attempts.
var fast = Policy{DialTimeout: time.Second, CallTimeout: 200 * time.Millisecond, BaseDelay: time.Millisecond, MaxDelay: 10 * time.Millisecond}

// startUpper serves a line protocol that answers each line in upper case.
func startUpper(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	var wg sync.WaitGroup
	var mu sync.Mutex
	conns := map[net.Conn]bool{}
	wg.Go(func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns[c] = true
			mu.Unlock()
			wg.Go(func() {
				defer c.Close()
				r := bufio.NewReader(c)
				for {
					line, err := r.ReadString('\n')
					if err != nil {
						return
					}
					if _, err := c.Write([]byte(strings.ToUpper(line))); err != nil {
						return
					}
				}
			})
		}
	})
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		for c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	return l.Addr().String()
}

func newProxy(t *testing.T, target string, cfg faultproxy.Config) *faultproxy.Proxy {
	t.Helper()
	p, err := faultproxy.New(target, cfg)
	require.NoError(t, err)
	t.Cleanup(func() { p.Close() })
	return p
}

// bounded runs f and fails the test if it has not returned within waitLimit.
func bounded(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(waitLimit):
		t.Fatalf("%s did not return within %v: every wait must end with its context", what, waitLimit)
	}
}

func TestCallReturnsTheReply(t *testing.T) {
	t.Parallel()
	p := newProxy(t, startUpper(t), faultproxy.Config{})
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	got, err := Call(ctx, fast, p.Addr(), "hello")
	require.NoError(t, err, "Call through a perfect network")
	assert.Equal(t, "HELLO", got, "Call returns the reply line without its newline")
}

func TestCallRejectsMultiLineRequests(t *testing.T) {
	t.Parallel()
	p := newProxy(t, startUpper(t), faultproxy.Config{})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	var err error
	bounded(t, "Do with a bad request", func() { _, err = Do(ctx, fast, p.Addr(), "two\nlines") })
	require.Error(t, err, "a request with a newline would be two requests")
	assert.True(t, IsPermanent(err), "it is a permanent error (retrying cannot fix it), got %v", err)
	assert.Equal(t, 0, p.Stats().Accepted, "nothing is sent for a bad request")
}

func TestCallEndsWithItsContext(t *testing.T) {
	t.Parallel()
	p := newProxy(t, startUpper(t), faultproxy.Config{Plan: func(int) faultproxy.Mode { return faultproxy.Blackhole }})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	var err error
	bounded(t, "Call to a server that never answers", func() { _, err = Call(ctx, fast, p.Addr(), "hello") })
	require.Error(t, err, "the server swallows the request: Call must fail when ctx ends")
	assert.ErrorIs(t, err, context.DeadlineExceeded, "the error wraps ctx.Err() (cut the connection when ctx ends: context.AfterFunc)")

	ctx2, cancel2 := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel2)
	bounded(t, "Call with a cancelled context", func() { _, err = Call(ctx2, fast, p.Addr(), "hello") })
	assert.ErrorIs(t, err, context.Canceled, "a ctx cancelled without a deadline must end the call too (context.AfterFunc)")
}

func TestDoSurvivesAShortOutage(t *testing.T) {
	t.Parallel()
	// The first three connections are reset, the fourth gets through.
	plan := func(n int) faultproxy.Mode {
		if n <= 3 {
			return faultproxy.Reset
		}
		return faultproxy.Pass
	}
	p := newProxy(t, startUpper(t), faultproxy.Config{Plan: plan})
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	var got string
	var err error
	bounded(t, "Do", func() { got, err = Do(ctx, fast, p.Addr(), "retry me") })
	require.NoError(t, err, "an outage of 3 connections, shorter than the deadline: Do must retry through it")
	assert.Equal(t, "RETRY ME", got)
	assert.Equal(t, 4, p.Stats().Accepted, "three failed attempts, then one that worked")
}

func TestDoSurvivesSwallowedConnections(t *testing.T) {
	t.Parallel()
	// The first two connections are swallowed: only a per-attempt timeout
	// (CallTimeout) gets the caller past them.
	plan := func(n int) faultproxy.Mode {
		if n <= 2 {
			return faultproxy.Blackhole
		}
		return faultproxy.Pass
	}
	p := newProxy(t, startUpper(t), faultproxy.Config{Plan: plan})
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	var got string
	var err error
	bounded(t, "Do", func() { got, err = Do(ctx, fast, p.Addr(), "hang on") })
	require.NoError(t, err, "two attempts hang: each must end at CallTimeout (%v) and be retried before the deadline", fast.CallTimeout)
	assert.Equal(t, "HANG ON", got)
}

func TestDoGivesUpWithTheContextErrorAfterALongOutage(t *testing.T) {
	t.Parallel()
	p := newProxy(t, startUpper(t), faultproxy.Config{Plan: func(int) faultproxy.Mode { return faultproxy.Reset }})
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	var err error
	bounded(t, "Do during an outage", func() { _, err = Do(ctx, fast, p.Addr(), "anyone?") })
	require.Error(t, err, "the outage outlasts the deadline: Do must fail")
	assert.True(t, errors.Is(err, context.DeadlineExceeded), "give up cleanly with the context's error, got %v", err)
	assert.Greater(t, p.Stats().Accepted, 1, "Do must have retried before giving up")
}

func TestDoThroughADroppyNetwork(t *testing.T) {
	t.Parallel()
	p := newProxy(t, startUpper(t), faultproxy.Config{Seed: 3, DropRate: 0.3})
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	for i := range 20 {
		var got string
		var err error
		bounded(t, "Do", func() { got, err = Do(ctx, fast, p.Addr(), "ping") })
		require.NoError(t, err, "call %d: 30%% of the chunks are lost; retrying must get every call through", i)
		require.Equal(t, "PING", got)
	}
	assert.Positive(t, p.Stats().Dropped, "the proxy dropped something (a bug in the test if not)")
}
