package chat

import (
	"errors"
	"net"
	"time"
)

// ErrServerClosed is returned by Serve after Close.
var ErrServerClosed = errors.New("chat: server closed")

// Server is a chat server. The zero value is ready to use; set the fields
// before calling Serve and do not change them afterwards. All methods are safe
// for concurrent use.
type Server struct {
	// MaxQueue is how many lines may wait to be written to one client. A
	// client whose queue is full when a line for it arrives is too slow: it is
	// disconnected with "BYE too slow ..." and nobody waits for it. Zero means
	// DefaultMaxQueue.
	MaxQueue int

	// MaxLineBytes is the longest line a client may send (see NewCommandReader). Zero
	// means DefaultMaxLineBytes.
	MaxLineBytes int

	// IdleTimeout disconnects a client that sends no complete line for this
	// long, with "BYE idle timeout". Zero means never.
	IdleTimeout time.Duration

	// WriteTimeout bounds each write to a client; a client that accepts no
	// bytes for this long is disconnected. Zero means 10 seconds.
	WriteTimeout time.Duration

	// CheckNick, if set, is asked about every nick that is valid and free
	// before it is given out; a non-nil error refuses the nick with
	// "ERR bad-nick <error>". It may be slow (think of a lookup in a user
	// database): never call it while holding the server's lock.
	CheckNick func(nick string) error

	// TODO(weekend 6): your unexported fields — a mutex, the clients, nick →
	// client, room → members, the listeners, a closed flag, a sync.WaitGroup.
}

// Serve accepts connections on l and serves each client with its own
// goroutines until Close is called. It returns ErrServerClosed after Close,
// or the error that made Accept fail. Serve closes l before it returns.
func (s *Server) Serve(l net.Listener) error {
	// TODO(weekend 6): accept in a loop; for each connection start a reader
	// goroutine (parse lines, run commands) and a writer goroutine (drain the
	// client's queue to the connection).
	return errors.New("chat: Serve not implemented")
}

// Close stops the server: it closes the listeners, sends every connected
// client "BYE server shutting down", closes their connections once their
// queues are written (or their WriteTimeout expires), and returns when every
// goroutine the server started has ended.
func (s *Server) Close() error {
	// TODO(weekend 6): see README "Rules: Close".
	return nil
}
