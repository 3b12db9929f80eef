package minirpc

import (
	"context"
	"encoding/json"
	"errors"
	"net"
)

// ErrServerClosed is returned by [Server.Serve] after [Server.Close].
var ErrServerClosed = errors.New("minirpc: server closed")

// HandlerFunc runs one remote call. params is the raw JSON the client sent
// (nil if none); the result is encoded with encoding/json. A returned error
// travels back to the caller as text. ctx is cancelled when the connection
// ends or the server closes, so a slow handler should watch it.
type HandlerFunc func(ctx context.Context, params json.RawMessage) (result any, err error)

// Server answers requests for the methods registered on it. Its methods are
// safe for concurrent use.
type Server struct {
	// TODO(weekend 4): the handlers by name, the open listeners and
	// connections, a "closed" flag, a mutex and a sync.WaitGroup.
}

// NewServer returns a Server with no methods.
func NewServer() *Server {
	// TODO(weekend 4): make the maps.
	return &Server{}
}

// Register makes h answer calls to method. It fails if method is empty, h is
// nil, or method is already registered.
func (s *Server) Register(method string, h HandlerFunc) error {
	// TODO(weekend 4): store h under method (mind the mutex).
	return errors.New("minirpc: Register not implemented")
}

// Serve accepts connections on l and serves each in its own goroutine until
// Close. It returns ErrServerClosed after Close, or the error that made
// Accept fail.
//
// A request for a method nobody registered gets an error reply with the
// request's id and the error text `unknown method "Launch"` for a call of
// Launch (fmt.Sprintf("unknown method %q", method)); the client's Call
// returns it as a *RemoteError.
func (s *Server) Serve(l net.Listener) error {
	// TODO(weekend 4): accept; per connection, read lines with a
	// bufio.Scanner, DecodeRequest each one, and run each request's handler in
	// its own goroutine. Writes from those goroutines need a mutex. A bad
	// frame gets Response{ID: 0, Error: ...}; an unknown method gets an error
	// reply with the request's id.
	return errors.New("minirpc: Serve not implemented")
}

// Close stops the server: it closes the listeners and every connection,
// which cancels the ctx of handlers still running, and waits for all of the
// server's goroutines to end.
func (s *Server) Close() error {
	// TODO(weekend 4): close everything, then wait.
	return errors.New("minirpc: Close not implemented")
}
