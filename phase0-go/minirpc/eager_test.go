package minirpc

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// eagerConn is the client's end of a connection to a server that answers at once: the reply to a
// request is read, and dealt with, by the client's reader goroutine before the client's Write of
// that request returns. Over a real network that happens now and then; here it happens every
// time, so a client that puts a call in its pending map only after sending it always loses the
// reply.
type eagerConn struct {
	net.Conn // only for the addresses and deadlines; Read, Write and Close are below

	replies   chan []byte   // reply frames, handed from Write to Read
	readAgain chan struct{} // a Read started after a reply had been returned
	closed    chan struct{}
	closeOnce sync.Once

	partial  []byte // request bytes written so far, not yet a whole line (Write's)
	unread   []byte // the rest of a reply a short Read could not take (Read's)
	returned bool   // the last Read returned the end of a reply (Read's)
}

func newEagerConn(t *testing.T) *eagerConn {
	client, server := net.Pipe()
	t.Cleanup(func() {
		client.Close()
		server.Close()
	})
	return &eagerConn{
		Conn:      client,
		replies:   make(chan []byte),
		readAgain: make(chan struct{}, 1),
		closed:    make(chan struct{}),
	}
}

// Read is called by the client's reader goroutine only, one call at a time.
func (c *eagerConn) Read(p []byte) (int, error) {
	if c.returned { // the reader has dealt with the last reply and reads again
		c.returned = false
		c.readAgain <- struct{}{}
	}
	if len(c.unread) == 0 {
		select {
		case c.unread = <-c.replies:
		case <-c.closed:
			return 0, io.EOF
		}
	}
	n := copy(p, c.unread)
	c.unread = c.unread[n:]
	c.returned = len(c.unread) == 0
	return n, nil
}

// Write answers every whole request line in p with Add's result, and returns only after the
// client's reader has taken that reply and come back for more, that is, after the reply has been
// handed to its call or dropped.
func (c *eagerConn) Write(p []byte) (int, error) {
	c.partial = append(c.partial, p...)
	for {
		i := bytes.IndexByte(c.partial, '\n')
		if i < 0 {
			return len(p), nil
		}
		line := c.partial[:i]
		c.partial = c.partial[i+1:]
		var req Request
		if json.Unmarshal(line, &req) != nil {
			continue
		}
		var args addParams
		json.Unmarshal(req.Params, &args)
		result, _ := json.Marshal(args.A + args.B)
		reply, _ := json.Marshal(Response{ID: req.ID, Result: result})
		select {
		case c.replies <- append(reply, '\n'):
		case <-c.closed:
			return 0, net.ErrClosed
		case <-time.After(waitLimit): // nobody reads replies: the call will fail on its own
			return len(p), nil
		}
		select {
		case <-c.readAgain:
		case <-c.closed:
		case <-time.After(waitLimit):
		}
	}
}

func (c *eagerConn) Close() error {
	c.closeOnce.Do(func() { close(c.closed) })
	return c.Conn.Close()
}

func TestCallRegistersBeforeSending(t *testing.T) {
	conn := newEagerConn(t)
	c := NewClient(conn)
	require.NotNil(t, c, "NewClient returned nil")
	t.Cleanup(func() { c.Close() })

	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	var sum int
	err := c.Call(ctx, "Add", addParams{A: 2, B: 3}, &sum)
	require.NoError(t, err, "this server's reply arrives before Write returns: put the call in the pending map "+
		"BEFORE sending the request, or the reader finds nobody waiting, drops the reply, and the call waits in vain")
	assert.Equal(t, 5, sum, "Call(Add, {2,3}) decodes the reply's result into &sum")
	assert.Equal(t, 0, c.Pending(), "the call got its reply, so nothing is pending")
}
