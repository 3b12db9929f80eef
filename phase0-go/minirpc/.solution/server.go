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
	mu        sync.Mutex
	handlers  map[string]HandlerFunc
	closed    bool
	listeners map[net.Listener]struct{}
	conns     map[net.Conn]struct{}
	wg        sync.WaitGroup // connection goroutines
}

// NewServer returns a Server with no methods.
func NewServer() *Server {
	return &Server{
		handlers:  make(map[string]HandlerFunc),
		listeners: make(map[net.Listener]struct{}),
		conns:     make(map[net.Conn]struct{}),
	}
}

// Register makes h answer calls to method. It fails if method is empty, h is
// nil, or method is already registered.
func (s *Server) Register(method string, h HandlerFunc) error {
	if method == "" || h == nil {
		return errors.New("minirpc: register needs a method name and a handler")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, dup := s.handlers[method]; dup {
		return fmt.Errorf("minirpc: method %q is already registered", method)
	}
	s.handlers[method] = h
	return nil
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
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		l.Close()
		return ErrServerClosed
	}
	s.listeners[l] = struct{}{}
	s.mu.Unlock()

	for {
		conn, err := l.Accept()
		if err != nil {
			s.mu.Lock()
			defer s.mu.Unlock()
			delete(s.listeners, l)
			if s.closed {
				return ErrServerClosed
			}
			return fmt.Errorf("minirpc: accept: %w", err)
		}
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			conn.Close()
			continue // Accept fails next, now that Close has closed l
		}
		s.conns[conn] = struct{}{}
		s.wg.Add(1)
		s.mu.Unlock()

		go func() {
			defer s.wg.Done()
			s.serveConn(conn)
			s.mu.Lock()
			delete(s.conns, conn)
			s.mu.Unlock()
		}()
	}
}

// serveConn reads requests from conn until it ends, answering each in its own
// goroutine, and returns after the last answer.
func (s *Server) serveConn(conn net.Conn) {
	// Handlers' ctx: cancelled when the read loop ends, that is when the
	// client hangs up or Close closes conn. Nobody would read the replies.
	ctx, cancel := context.WithCancel(context.Background())
	var calls sync.WaitGroup // this connection's handler goroutines
	defer func() {
		cancel()
		calls.Wait()
		conn.Close()
	}()

	// Replies are written by many goroutines: one lock keeps each frame whole.
	var writeMu sync.Mutex
	enc := json.NewEncoder(conn) // Encode writes the value and "\n" in one Write
	reply := func(resp Response) {
		writeMu.Lock()
		defer writeMu.Unlock()
		enc.Encode(resp) // a failed write means the client is gone; the read loop will notice
	}

	sc := bufio.NewScanner(conn)
	sc.Buffer(make([]byte, 0, 4096), MaxFrameBytes)
	for sc.Scan() {
		req, err := DecodeRequest(sc.Bytes())
		if err != nil {
			// Rule: a frame we cannot read gets an error reply with id 0,
			// and the connection carries on with the next line.
			reply(Response{ID: 0, Error: err.Error()})
			continue
		}
		s.mu.Lock()
		h := s.handlers[req.Method]
		s.mu.Unlock()
		if h == nil {
			reply(Response{ID: req.ID, Error: fmt.Sprintf("unknown method %q", req.Method)})
			continue
		}
		// Rule: each request runs in its own goroutine, so a slow call does
		// not hold up the others and replies may go out in any order.
		calls.Add(1)
		go func() {
			defer calls.Done()
			reply(call(ctx, h, req))
		}()
	}
	if errors.Is(sc.Err(), bufio.ErrTooLong) {
		// We cannot find the start of the next frame: say why, then hang up.
		reply(Response{ID: 0, Error: fmt.Sprintf("frame longer than %d bytes", MaxFrameBytes)})
	}
}

// call runs one handler and turns what it returns into a Response.
func call(ctx context.Context, h HandlerFunc, req Request) (resp Response) {
	resp.ID = req.ID
	defer func() {
		// A bug in one handler must not crash the server for every client.
		if p := recover(); p != nil {
			resp = Response{ID: req.ID, Error: fmt.Sprintf("internal error: method %s panicked: %v", req.Method, p)}
		}
	}()
	result, err := h(ctx, req.Params)
	if err != nil {
		resp.Error = err.Error()
		if resp.Error == "" {
			resp.Error = "error" // an empty message would read as success
		}
		return resp
	}
	b, err := json.Marshal(result)
	if err != nil {
		resp.Error = fmt.Sprintf("cannot encode result of %s: %v", req.Method, err)
		return resp
	}
	resp.Result = b
	return resp
}

// Close stops the server: it closes the listeners and every connection,
// which cancels the ctx of handlers still running, and waits for all of the
// server's goroutines to end.
func (s *Server) Close() error {
	s.mu.Lock()
	s.closed = true
	for l := range s.listeners {
		l.Close()
	}
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
	return nil
}
