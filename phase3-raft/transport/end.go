package transport

import (
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"net"
	"net/rpc"
	"sync"
	"time"
)

// Options tunes an End. Zero fields take the defaults.
type Options struct {
	// CallTimeout bounds one Call (default 500ms). A call that gets no reply in time returns
	// false, and the End drops its connection and reconnects in the background.
	CallTimeout time.Duration
	// DialTimeout bounds one connection attempt (default 200ms).
	DialTimeout time.Duration
	// RedialPause is the pause between failed connection attempts (default 100ms). While the
	// End has no connection and is pausing, calls fail at once.
	RedialPause time.Duration
}

func (o Options) withDefaults() Options {
	if o.CallTimeout <= 0 {
		o.CallTimeout = 500 * time.Millisecond
	}
	if o.DialTimeout <= 0 {
		o.DialTimeout = 200 * time.Millisecond
	}
	if o.RedialPause <= 0 {
		o.RedialPause = 100 * time.Millisecond
	}
	return o
}

// Errors a call can end with, besides the context's.
var (
	// ErrUnreachable means the End has no connection: the last attempt failed and the next one
	// has not succeeded yet.
	ErrUnreachable = errors.New("transport: peer unreachable")
	// ErrClosed means the End was closed.
	ErrClosed = errors.New("transport: end closed")
	// ErrProblem wraps a server's explanation of a call that cannot work (unknown method, types
	// that do not match the handler's).
	ErrProblem = errors.New("transport: call cannot work")
)

// End is a client of one server address. It implements raftapi.ClientEnd and is safe for
// concurrent use. Create it with Dial and stop it with Close.
type End struct {
	addr string
	opts Options

	mu      sync.Mutex
	client  *rpc.Client   // nil while disconnected
	attempt chan struct{} // closed when the running connection attempt ends; nil when none runs
	dialer  bool          // the background dialer goroutine runs
	closed  bool
	stop    chan struct{} // closed by Close: the dialer's pause ends
	wg      sync.WaitGroup
}

// Dial returns an End for the server at addr. It returns at once: the End connects in the
// background, and the first calls wait for that attempt (within their own timeout).
func Dial(addr string, opts Options) *End {
	e := &End{addr: addr, opts: opts.withDefaults(), stop: make(chan struct{})}
	e.mu.Lock()
	e.startDialerLocked()
	e.mu.Unlock()
	return e
}

// Addr returns the address the End calls.
func (e *End) Addr() string { return e.addr }

// Call sends method ("Raft.AppendEntries") with args and waits for the reply, at most the End's
// CallTimeout. It returns true if a reply arrived, written into reply (a pointer to a fresh
// zero-valued struct), and false otherwise. False does not mean the handler did not run.
func (e *End) Call(method string, args any, reply any) bool {
	ctx, cancel := context.WithTimeout(context.Background(), e.opts.CallTimeout)
	defer cancel()
	return e.CallContext(ctx, method, args, reply) == nil
}

// CallContext is Call bounded by ctx instead of the End's CallTimeout. It returns nil when a
// reply arrived, and otherwise an error wrapping ctx.Err(), ErrUnreachable, ErrClosed,
// ErrProblem or the connection's error.
func (e *End) CallContext(ctx context.Context, method string, args any, reply any) error {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(args); err != nil {
		return fmt.Errorf("%w: %s: cannot encode the args %T: %w", ErrProblem, method, args, err)
	}
	c, err := e.conn(ctx)
	if err != nil {
		return fmt.Errorf("%s to %s: %w", method, e.addr, err)
	}
	var resp Response
	call := c.Go("Node.Dispatch", &Request{Method: method, Args: buf.Bytes()}, &resp, make(chan *rpc.Call, 1))
	select {
	case <-call.Done:
	case <-ctx.Done():
		e.drop(c) // a peer that does not answer in time is treated as gone: reconnect
		return fmt.Errorf("%s to %s: %w", method, e.addr, ctx.Err())
	}
	if call.Error != nil {
		var serverErr rpc.ServerError
		if !errors.As(call.Error, &serverErr) {
			e.drop(c)
		}
		return fmt.Errorf("%s to %s: %w", method, e.addr, call.Error)
	}
	if resp.Problem != "" {
		return fmt.Errorf("%w: %s", ErrProblem, resp.Problem)
	}
	if err := gob.NewDecoder(bytes.NewReader(resp.Reply)).Decode(reply); err != nil {
		return fmt.Errorf("%w: %s: cannot decode the reply into %T: %w", ErrProblem, method, reply, err)
	}
	return nil
}

// conn returns the connection, waiting (within ctx) for a connection attempt under way.
func (e *End) conn(ctx context.Context) (*rpc.Client, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for {
		switch {
		case e.closed:
			return nil, ErrClosed
		case e.client != nil:
			return e.client, nil
		case e.attempt == nil:
			e.startDialerLocked() // a dialer pausing between attempts: fail now
			return nil, ErrUnreachable
		}
		wait := e.attempt
		e.mu.Unlock()
		select {
		case <-wait:
			e.mu.Lock()
			if e.client == nil && !e.closed {
				return nil, ErrUnreachable
			}
		case <-ctx.Done():
			e.mu.Lock()
			return nil, ctx.Err()
		}
	}
}

// drop closes c if it is still the End's connection, and starts reconnecting.
func (e *End) drop(c *rpc.Client) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.client != c {
		return
	}
	e.client = nil
	_ = c.Close()
	e.startDialerLocked()
}

// startDialerLocked starts the background dialer unless it runs, the End is connected or
// closed. The dialer tries to connect, pausing RedialPause between attempts, until it succeeds
// or the End is closed.
func (e *End) startDialerLocked() {
	if e.dialer || e.closed || e.client != nil {
		return
	}
	e.dialer = true
	e.attempt = make(chan struct{})
	e.wg.Add(1)
	go e.dial()
}

// dial is the background dialer.
func (e *End) dial() {
	defer e.wg.Done()
	for {
		conn, err := net.DialTimeout("tcp", e.addr, e.opts.DialTimeout)
		e.mu.Lock()
		close(e.attempt)
		e.attempt = nil
		if e.closed {
			e.dialer = false
			e.mu.Unlock()
			if err == nil {
				_ = conn.Close()
			}
			return
		}
		if err == nil {
			e.client = rpc.NewClient(conn)
			e.dialer = false
			e.mu.Unlock()
			return
		}
		e.mu.Unlock()
		select {
		case <-e.stop:
		case <-time.After(e.opts.RedialPause):
		}
		e.mu.Lock()
		if e.closed {
			e.dialer = false
			e.mu.Unlock()
			return
		}
		e.attempt = make(chan struct{})
		e.mu.Unlock()
	}
}

// Close closes the connection and stops reconnecting; calls under way return false. It waits
// for the background dialer to end.
func (e *End) Close() error {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return nil
	}
	e.closed = true
	close(e.stop)
	var err error
	if e.client != nil {
		err = e.client.Close()
		e.client = nil
	}
	e.mu.Unlock()
	e.wg.Wait()
	return err
}
