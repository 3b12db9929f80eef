package echo

import (
	"net"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// pipeListener is an in-memory net.Listener for tests inside a synctest bubble. Each dial makes a
// net.Pipe and hands its server end to Accept. Everything blocks on channels and deadlines run on
// the bubble's virtual clock, so synctest.Wait can tell when the server has nothing left to do,
// and "1 second of silence" takes no real time.
type pipeListener struct {
	conns     chan net.Conn
	closed    chan struct{}
	closeOnce sync.Once
}

func newPipeListener() *pipeListener {
	return &pipeListener{conns: make(chan net.Conn), closed: make(chan struct{})}
}

func (l *pipeListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.closed:
		return nil, net.ErrClosed
	}
}

func (l *pipeListener) Close() error {
	l.closeOnce.Do(func() { close(l.closed) })
	return nil
}

func (l *pipeListener) Addr() net.Addr { return pipeAddr{} }

type pipeAddr struct{}

func (pipeAddr) Network() string { return "pipe" }
func (pipeAddr) String() string  { return "pipe" }

// pipeServer is a Server serving a pipeListener; create it inside a synctest bubble.
type pipeServer struct {
	l         *pipeListener
	serveDone chan struct{} // closed when Serve returns
	serveErr  error         // Serve's result; read it only after serveDone
}

func startPipeServer(t *testing.T, srv *Server) *pipeServer {
	t.Helper()
	ps := &pipeServer{l: newPipeListener(), serveDone: make(chan struct{})}
	go func() {
		defer close(ps.serveDone)
		ps.serveErr = srv.Serve(ps.l)
	}()
	return ps
}

// dial connects a new client to the server; it fails the test if Serve has returned instead of
// accepting.
func (ps *pipeServer) dial(t *testing.T) net.Conn {
	t.Helper()
	client, server := net.Pipe()
	select {
	case ps.l.conns <- server:
		t.Cleanup(func() { client.Close() })
		return client
	case <-ps.serveDone:
		client.Close()
		server.Close()
		require.FailNow(t, "Serve returned instead of accepting", "Serve returned %v; it should keep calling l.Accept until Shutdown (see server.go)", ps.serveErr)
	}
	return nil
}

// stop closes the listener (in case Shutdown did not) and waits for Serve to return. Call it at
// the end of the bubble: synctest.Test fails if a goroutine is still blocked when it ends.
func (ps *pipeServer) stop() {
	ps.l.Close()
	<-ps.serveDone
}
