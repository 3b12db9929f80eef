package rpckv

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The first three tests are the "call returns the result" kind: a remote
// call looks like a local one and gives back what the server computed.

func TestGetReturnsWhatPutStored(t *testing.T) {
	t.Parallel()
	_, addr := startServer(t)
	c := dialClient(t, addr)
	ctx := testCtx(t)
	require.NoError(t, c.Put(ctx, "lang", "go"), "Put over RPC")
	got, err := c.Get(ctx, "lang")
	require.NoError(t, err, "Get over RPC")
	assert.Equal(t, "go", got, "Get after Put must return the value Put stored (KV.Get reads the map KV.Put wrote)")
	require.NoError(t, c.Put(ctx, "lang", "rust"))
	got, err = c.Get(ctx, "lang")
	require.NoError(t, err)
	assert.Equal(t, "rust", got, "a second Put replaces the value")
}

func TestAppendReturnsTheOldValue(t *testing.T) {
	t.Parallel()
	_, addr := startServer(t)
	c := dialClient(t, addr)
	ctx := testCtx(t)
	old, err := c.Append(ctx, "log", "a")
	require.NoError(t, err)
	assert.Equal(t, "", old, "the first Append of a missing key returns \"\" as the old value")
	old, err = c.Append(ctx, "log", "b")
	require.NoError(t, err)
	assert.Equal(t, "a", old, "Append returns the value before it (reply.Old)")
	got, err := c.Get(ctx, "log")
	require.NoError(t, err)
	assert.Equal(t, "ab", got, "Append adds to the end")
}

func TestGetOfAMissingKeyIsEmpty(t *testing.T) {
	t.Parallel()
	_, addr := startServer(t)
	c := dialClient(t, addr)
	got, err := c.Get(testCtx(t), "nothing-here")
	require.NoError(t, err, "a missing key is not an error")
	assert.Equal(t, "", got)
}

func TestManyClientsAtOnce(t *testing.T) {
	t.Parallel()
	_, addr := startServer(t)
	const clients, ops = 12, 20
	ctx := testCtx(t)
	cs := make([]*Client, clients)
	for i := range cs {
		cs[i] = dialClient(t, addr) // all connections are open at the same time
	}
	var wg sync.WaitGroup
	errs := make(chan error, clients)
	for i, c := range cs {
		wg.Go(func() {
			for j := range ops {
				if _, err := c.Append(ctx, "shared", fmt.Sprintf("<%d.%d>", i, j)); err != nil {
					errs <- fmt.Errorf("client %d, append %d: %w", i, j, err)
					return
				}
				if err := c.Put(ctx, fmt.Sprintf("own%d", i), fmt.Sprint(j)); err != nil {
					errs <- fmt.Errorf("client %d, put %d: %w", i, j, err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err, "every client must be served while the others are connected: one goroutine per connection (go srv.ServeConn)")
	}
	c := cs[0]
	shared, err := c.Get(ctx, "shared")
	require.NoError(t, err)
	for i := range clients {
		for j := range ops {
			tok := fmt.Sprintf("<%d.%d>", i, j)
			require.Equal(t, 1, strings.Count(shared, tok), "token %s must appear exactly once in the shared value: guard the map with kv.mu", tok)
		}
		own, err := c.Get(ctx, fmt.Sprintf("own%d", i))
		require.NoError(t, err)
		assert.Equal(t, fmt.Sprint(ops-1), own, "client %d's last Put wins on its own key", i)
	}
}

func TestSlowClientDoesNotBlockOthers(t *testing.T) {
	t.Parallel()
	_, addr := startServer(t)
	// An idle connection that never sends a whole request.
	idle, err := net.DialTimeout("tcp", addr, waitLimit)
	require.NoError(t, err)
	defer idle.Close()
	_, err = idle.Write([]byte{0x05})
	require.NoError(t, err)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	c := dialClient(t, addr)
	require.NoError(t, c.Put(ctx, "k", "v"),
		"a second client must be served while the first sits idle: Serve must not call ServeConn inline, run each connection on its own goroutine")
}

func TestCallGivesUpWhenItsContextEnds(t *testing.T) {
	t.Parallel()
	// A server that accepts and reads but never answers.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		conn, err := l.Accept()
		if err != nil {
			close(accepted)
			return
		}
		accepted <- conn
		_, _ = io.Copy(io.Discard, conn)
	}()
	c, err := Dial(testCtx(t), DialTCP(l.Addr().String()))
	require.NoError(t, err)
	require.NotNil(t, c)
	defer c.Close()
	defer func() {
		l.Close()
		if conn, ok := <-accepted; ok {
			conn.Close()
		}
	}()

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() { _, err := c.Get(ctx, "k"); done <- err }()
	select {
	case err := <-done:
		require.Error(t, err, "the server never answers: Get must fail")
		assert.True(t, errors.Is(err, context.DeadlineExceeded), "the error must wrap ctx.Err() (context.DeadlineExceeded), got %v", err)
	case <-time.After(waitLimit):
		c.Close() // unblocks a Call that ignores ctx
		<-done
		t.Fatal("Call still waiting long after its context ended: use rpc.Client.Go and select on call.Done and ctx.Done()")
	}
}

func TestUnknownMethodIsAnError(t *testing.T) {
	t.Parallel()
	_, addr := startServer(t)
	c := dialClient(t, addr)
	ctx := testCtx(t)
	err := c.Call(ctx, ServiceName+".Delete", &GetArgs{Key: "k"}, &GetReply{})
	require.Error(t, err, "KV has no Delete method: the call must fail")
	require.NoError(t, c.Put(ctx, "k", "v"), "after a failed call the connection still works")
}

func TestGarbageDoesNotCrashTheServer(t *testing.T) {
	t.Parallel()
	_, addr := startServer(t)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 20 {
		conn, err := net.DialTimeout("tcp", addr, waitLimit)
		require.NoError(t, err, "connection %d: the server must keep accepting after garbage", i)
		junk := make([]byte, 1+r.IntN(300))
		for k := range junk {
			junk[k] = byte(r.UintN(256))
		}
		_, _ = conn.Write(junk)
		conn.Close()
	}
	c := dialClient(t, addr)
	ctx := testCtx(t)
	require.NoError(t, c.Put(ctx, "still", "alive"), "after 20 connections of garbage a real client must still be served")
	got, err := c.Get(ctx, "still")
	require.NoError(t, err)
	assert.Equal(t, "alive", got)
}

func TestServeStopsWhenItsContextIsCancelled(t *testing.T) {
	t.Parallel()
	kv := NewKV()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errc := make(chan error, 1)
	go func() { errc <- Serve(ctx, l, kv) }()

	c, err := Dial(testCtx(t), DialTCP(l.Addr().String()))
	require.NoError(t, err)
	require.NotNil(t, c)
	defer c.Close()
	require.NoError(t, c.Put(testCtx(t), "k", "v"), "the server answers before it is stopped")

	cancel()
	select {
	case err := <-errc:
		require.NoError(t, err, "Serve returns nil when its context is cancelled")
	case <-time.After(waitLimit):
		l.Close()
		t.Fatal("Serve did not return after its context was cancelled: close the listener (context.AfterFunc) and every open connection, then wait for their goroutines")
	}
	err = c.Put(testCtx(t), "k", "w")
	require.Error(t, err, "after Serve returns, open connections must be closed: a call on one must fail")
	_, err = net.DialTimeout("tcp", l.Addr().String(), waitLimit)
	require.Error(t, err, "after Serve returns, the listener must be closed")
}
