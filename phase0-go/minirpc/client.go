package minirpc

import (
	"context"
	"errors"
	"fmt"
	"net"
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

// Error returns the method and the server's message. (Provided — no need to edit.)
func (e *RemoteError) Error() string {
	return fmt.Sprintf("minirpc: %s: remote error: %s", e.Method, e.Message)
}

// Client makes calls over one connection. It is safe for concurrent use: many
// goroutines may Call at once, and each gets its own reply.
type Client struct {
	// TODO(weekend 4): the connection, a write mutex, the next id, the
	// pending calls (map[uint64]chan Response) and their mutex, and a channel
	// closed when the reader goroutine ends.
}

// Dial connects to a minirpc server at addr ("host:port"), giving up when ctx
// is done.
func Dial(ctx context.Context, addr string) (*Client, error) {
	// TODO(weekend 4): net.Dialer.DialContext, then NewClient.
	return nil, errors.New("minirpc: Dial not implemented")
}

// NewClient makes calls over conn, which it owns from now on: Close closes it.
// It starts the goroutine that reads replies; that goroutine ends when conn
// does.
func NewClient(conn net.Conn) *Client {
	// TODO(weekend 4): start the single reader goroutine.
	return &Client{}
}

// Call calls method on the server with params (encoded as JSON) and decodes
// the result into result (a pointer, or nil to ignore it). It returns a
// *RemoteError if the server answered with an error, an error wrapping
// ctx.Err() if ctx ends first, and ErrClosed if the client is closed.
func (c *Client) Call(ctx context.Context, method string, params, result any) error {
	// TODO(weekend 4): pick an id, add a buffered channel to the pending map,
	// write the Request frame, then select on the channel and ctx.Done().
	return errors.New("minirpc: Call not implemented")
}

// Pending returns the number of calls waiting for a reply.
func (c *Client) Pending() int {
	// TODO(weekend 4): the size of the pending map.
	return 0
}

// Close closes the connection, fails every call still waiting with ErrClosed,
// and waits for the reader goroutine to end. Calls after Close return
// ErrClosed.
func (c *Client) Close() error {
	// TODO(weekend 4): close the connection, wait for the reader.
	return errors.New("minirpc: Close not implemented")
}
