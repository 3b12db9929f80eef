package echo

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
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

	mu        sync.Mutex
	closing   bool                      // set once by Shutdown; guarded by mu
	listeners map[net.Listener]struct{} // open listeners; guarded by mu
	conns     map[net.Conn]struct{}     // open connections; guarded by mu
	wg        sync.WaitGroup            // one count per connection goroutine
}

// Serve accepts connections on l and serves each in its own goroutine until
// Shutdown is called. It always returns a non-nil error: ErrServerClosed after
// Shutdown, or the error that made Accept fail. Serve closes l before it
// returns.
func (s *Server) Serve(l net.Listener) error {
	if !s.trackListener(l) {
		l.Close()
		return ErrServerClosed
	}
	defer s.untrackListener(l)

	for {
		conn, err := l.Accept()
		if err != nil {
			if s.isClosing() {
				return ErrServerClosed
			}
			return fmt.Errorf("echo: accept: %w", err)
		}
		// Rule: register the connection before starting its goroutine, under
		// the same lock Shutdown takes, so Shutdown never misses one.
		if !s.trackConn(conn) {
			conn.Close()
			return ErrServerClosed
		}
		go func() {
			defer s.wg.Done()
			defer s.untrackConn(conn)
			s.serveConn(conn)
		}()
	}
}

// serveConn echoes lines on one connection until the client leaves, sends a
// line that is too long, stays idle too long, or the connection is closed by
// Shutdown.
func (s *Server) serveConn(conn net.Conn) {
	defer conn.Close()

	maxLine := s.MaxLineBytes
	if maxLine <= 0 {
		maxLine = DefaultMaxLineBytes
	}
	sc := bufio.NewScanner(conn)
	// The buffer may hold the line plus "\r\n"; anything longer makes Scan
	// stop with bufio.ErrTooLong, so one client cannot make us buffer more.
	sc.Buffer(make([]byte, 0, min(4096, maxLine+2)), maxLine+2)
	w := bufio.NewWriter(conn)

	for {
		if s.IdleTimeout > 0 {
			// Rule: idle clients are closed. The deadline is renewed before
			// every line, so only silence counts.
			conn.SetDeadline(time.Now().Add(s.IdleTimeout))
		}
		if !sc.Scan() {
			if errors.Is(sc.Err(), bufio.ErrTooLong) {
				refuseLine(conn, w, maxLine)
			}
			return // EOF, idle deadline, or closed by Shutdown
		}
		line := sc.Bytes()
		if len(line) > maxLine {
			// Scan accepted it because the buffer has room for "\r\n",
			// but the line itself is over the limit.
			refuseLine(conn, w, maxLine)
			return
		}
		w.Write(line)
		w.WriteByte('\n')
		if err := w.Flush(); err != nil {
			return
		}
	}
}

// refuseLine answers a line that is too long with an error line and ends the
// connection. The rest of that line is still unread, so we cannot tell where
// the next line starts: closing is the only safe choice.
func refuseLine(conn net.Conn, w *bufio.Writer, maxLine int) {
	fmt.Fprintf(w, "ERR line too long (max %d bytes)\n", maxLine)
	w.Flush()
	// Closing a socket that still has unread input makes the kernel send a
	// reset, which can destroy the error line before the client reads it. So
	// send our end-of-stream first, then read and drop what the client already
	// sent (bounded in bytes and time), and only then let the caller close.
	if tcp, ok := conn.(*net.TCPConn); ok {
		tcp.CloseWrite()
	}
	conn.SetReadDeadline(time.Now().Add(time.Second))
	io.Copy(io.Discard, io.LimitReader(conn, 64<<10))
}

// Shutdown stops the server gracefully: it closes every listener at once (so
// Serve returns ErrServerClosed), then waits for open connections to end on
// their own — the client disconnects or the idle timeout fires. If ctx ends
// first, Shutdown closes the remaining connections, waits for their goroutines
// to exit and returns ctx.Err().
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.closing = true
	for l := range s.listeners {
		l.Close()
	}
	s.mu.Unlock()

	// Wait for the connection goroutines in a helper goroutine so we can
	// select on ctx at the same time. It ends when the last connection does.
	done := make(chan struct{})
	go func() {
		s.wg.Wait()
		close(done)
	}()

	select {
	case <-done:
		return nil
	case <-ctx.Done():
		s.mu.Lock()
		for c := range s.conns {
			c.Close() // wakes the goroutine blocked reading from c
		}
		s.mu.Unlock()
		<-done // closed connections end quickly; leave no goroutine behind
		return ctx.Err()
	}
}

func (s *Server) trackListener(l net.Listener) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return false
	}
	if s.listeners == nil {
		s.listeners = make(map[net.Listener]struct{})
	}
	s.listeners[l] = struct{}{}
	return true
}

func (s *Server) untrackListener(l net.Listener) {
	s.mu.Lock()
	defer s.mu.Unlock()
	l.Close()
	delete(s.listeners, l)
}

// trackConn records conn and adds it to the wait group, unless the server is
// shutting down.
func (s *Server) trackConn(c net.Conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return false
	}
	if s.conns == nil {
		s.conns = make(map[net.Conn]struct{})
	}
	s.conns[c] = struct{}{}
	s.wg.Add(1)
	return true
}

func (s *Server) untrackConn(c net.Conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.conns, c)
}

func (s *Server) isClosing() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closing
}
