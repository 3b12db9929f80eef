package echo

import (
	"context"
	"errors"
	"net"
	"time"
)

// DefaultMaxLineBytes is the line limit used when [Server.MaxLineBytes] is zero.
const DefaultMaxLineBytes = 1024

// ErrServerClosed is returned by [Server.Serve] after [Server.Shutdown] has
// been called.
var ErrServerClosed = errors.New("echo: server closed")

// Server echoes every line it receives back to the client that sent it.
//
// The zero value is ready to use. A Server may serve several listeners at
// once; all its methods are safe for concurrent use.
type Server struct {
	// IdleTimeout closes a connection when no complete line arrives for this
	// long. Zero means no limit.
	IdleTimeout time.Duration

	// MaxLineBytes is the longest line accepted, not counting the line ending.
	// A longer line is answered with "ERR line too long (max N bytes)" and the
	// connection is closed. Zero means DefaultMaxLineBytes.
	MaxLineBytes int

	// TODO(weekend 2): add the unexported fields you need: a mutex, a
	// "shutting down" flag, the open listeners and connections, and a way to
	// wait for the connection goroutines (sync.WaitGroup).
}

// Serve accepts connections on l and serves each in its own goroutine until
// Shutdown is called. It always returns a non-nil error: ErrServerClosed after
// Shutdown, or the error that made Accept fail. Serve closes l before it
// returns.
func (s *Server) Serve(l net.Listener) error {
	// TODO(weekend 2): loop on l.Accept; for each connection start a goroutine
	// that reads lines (bufio.Scanner with a Buffer limit), writes each one
	// back, renews the idle deadline before every line, and answers a line
	// longer than MaxLineBytes with "ERR line too long (max N bytes)" before
	// closing. Return ErrServerClosed once Shutdown has closed l.
	return errors.New("echo: Serve not implemented")
}

// Shutdown stops the server gracefully: it closes every listener at once (so
// Serve returns ErrServerClosed), then waits for open connections to end on
// their own — the client disconnects or the idle timeout fires. If ctx ends
// first, Shutdown closes the remaining connections, waits for their goroutines
// to exit and returns ctx.Err().
func (s *Server) Shutdown(ctx context.Context) error {
	// TODO(weekend 2): mark the server as closing and close its listeners,
	// then wait for the connection goroutines, or for ctx.Done() — whichever
	// comes first. On ctx.Done(), close the connections, wait, return ctx.Err().
	return errors.New("echo: Shutdown not implemented")
}
