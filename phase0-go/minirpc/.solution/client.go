package minirpc

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"sync"
)

// ErrClosed is returned by calls on a Client after Close, and by calls that
// were still waiting for their reply when Close was called.
var ErrClosed = errors.New("minirpc: client closed")

// RemoteError is an error that happened on the server: the handler failed,
// the method is unknown, or the server could not read the request. Message
// is the "error" text of the reply.
type RemoteError struct {
	Method  string
	Message string
}

// Error returns the method and the server's message.
func (e *RemoteError) Error() string {
	return fmt.Sprintf("minirpc: %s: remote error: %s", e.Method, e.Message)
}

// Client makes calls over one connection. It is safe for concurrent use: many
// goroutines may Call at once, and each gets its own reply.
type Client struct {
	conn    net.Conn
	writeMu sync.Mutex    // one frame at a time on the wire
	done    chan struct{} // closed when the reader goroutine ends

	mu      sync.Mutex               // guards the fields below
	nextID  uint64                   // last id handed out
	pending map[uint64]chan Response // calls waiting for a reply, by id
	err     error                    // set once the client can no longer call
}

// Dial connects to a minirpc server at addr ("host:port"), giving up when ctx
// is done.
func Dial(ctx context.Context, addr string) (*Client, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("minirpc: dial %s: %w", addr, err)
	}
	return NewClient(conn), nil
}

// NewClient makes calls over conn, which it owns from now on: Close closes it.
// It starts the goroutine that reads replies; that goroutine ends when conn
// does.
func NewClient(conn net.Conn) *Client {
	c := &Client{
		conn:    conn,
		done:    make(chan struct{}),
		pending: make(map[uint64]chan Response),
	}
	go c.readReplies()
	return c
}

// Call calls method on the server with params (encoded as JSON) and decodes
// the result into result (a pointer, or nil to ignore it). It returns a
// *RemoteError if the server answered with an error, an error wrapping
// ctx.Err() if ctx ends first, and ErrClosed if the client is closed.
func (c *Client) Call(ctx context.Context, method string, params, result any) error {
	p, err := json.Marshal(params)
	if err != nil {
		return fmt.Errorf("minirpc: %s: encode params: %w", method, err)
	}

	// Rule: register the call before sending it: the reply may come back
	// before Write even returns.
	c.mu.Lock()
	if c.err != nil {
		c.mu.Unlock()
		return c.err
	}
	c.nextID++
	id := c.nextID
	replyc := make(chan Response, 1) // buffered: the reader never waits on us
	c.pending[id] = replyc
	c.mu.Unlock()

	frame, err := json.Marshal(Request{ID: id, Method: method, Params: p})
	if err != nil {
		c.forget(id)
		return fmt.Errorf("minirpc: %s: encode request: %w", method, err)
	}
	if err := c.send(ctx, append(frame, '\n')); err != nil {
		c.forget(id)
		return fmt.Errorf("minirpc: %s: send: %w", method, err)
	}

	select {
	case resp, ok := <-replyc:
		if !ok { // the reader closed replyc: the client is done
			c.mu.Lock()
			defer c.mu.Unlock()
			return c.err
		}
		if resp.Error != "" {
			return &RemoteError{Method: method, Message: resp.Error}
		}
		if result == nil {
			return nil
		}
		if err := json.Unmarshal(resp.Result, result); err != nil {
			return fmt.Errorf("minirpc: %s: decode result: %w", method, err)
		}
		return nil
	case <-ctx.Done():
		// Rule: a call that gives up removes itself, or the pending map
		// grows forever; a reply that arrives later is dropped.
		c.forget(id)
		return fmt.Errorf("minirpc: %s (id %d): %w", method, id, ctx.Err())
	}
}

// send writes one frame, giving up at ctx's deadline.
func (c *Client) send(ctx context.Context, frame []byte) error {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	deadline, _ := ctx.Deadline() // zero: no deadline
	c.conn.SetWriteDeadline(deadline)
	if _, err := c.conn.Write(frame); err != nil {
		// Part of the frame may be on the wire: the stream is no longer
		// framed correctly, so this connection is finished.
		c.conn.Close()
		return err
	}
	return nil
}

// forget removes a call from the pending map.
func (c *Client) forget(id uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.pending, id)
}

// readReplies is the only goroutine that reads from the connection. It hands
// each reply to the call waiting for its id, until the connection ends.
func (c *Client) readReplies() {
	defer close(c.done)
	sc := bufio.NewScanner(c.conn)
	sc.Buffer(make([]byte, 0, 4096), MaxFrameBytes)
	var err error
	for sc.Scan() {
		resp, derr := DecodeResponse(sc.Bytes())
		if derr != nil {
			err = derr // the server broke the protocol: stop trusting the stream
			break
		}
		c.mu.Lock()
		replyc, ok := c.pending[resp.ID]
		delete(c.pending, resp.ID)
		c.mu.Unlock()
		if ok {
			replyc <- resp
		}
		// Not pending: a reply to a call that already gave up (or id 0,
		// the server's complaint about a frame). Nobody is waiting; drop it.
	}
	if err == nil {
		err = sc.Err() // nil at a clean EOF
	}

	c.mu.Lock()
	if c.err == nil { // not closed by Close: the connection failed
		c.err = fmt.Errorf("minirpc: connection lost: %w", errOrEOF(err))
	}
	// Rule: nobody may wait forever. Closing each channel wakes its Call,
	// which then returns c.err.
	for id, replyc := range c.pending {
		close(replyc)
		delete(c.pending, id)
	}
	c.mu.Unlock()
	c.conn.Close()
}

func errOrEOF(err error) error {
	if err == nil {
		return errors.New("server closed the connection")
	}
	return err
}

// Pending returns the number of calls waiting for a reply.
func (c *Client) Pending() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.pending)
}

// Close closes the connection, fails every call still waiting with ErrClosed,
// and waits for the reader goroutine to end. Calls after Close return
// ErrClosed.
func (c *Client) Close() error {
	c.mu.Lock()
	if c.err == nil {
		c.err = ErrClosed
	}
	c.mu.Unlock()
	c.conn.Close() // wakes the reader, which fails the pending calls
	<-c.done
	return nil
}
