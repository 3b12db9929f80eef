package shutdown

import (
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
)

// Listener is a net.Listener that counts the connections it accepted and
// which of them are still open, so a test can check that a server closed
// every connection when it shut down. Hand it to the server's Serve.
type Listener struct {
	net.Listener

	mu       sync.Mutex
	accepted int
	open     map[*Conn]bool
	gate     chan struct{} // while non-nil, I/O that fails on a closed connection waits here
	parked   int           // goroutines waiting at the gate
}

// Listen returns a counting listener on a free loopback port, closed when
// the test ends.
func Listen(t testing.TB) *Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen on loopback: %v", err)
	}
	l := Wrap(ln)
	t.Cleanup(func() { _ = ln.Close() })
	return l
}

// Wrap counts the connections ln accepts.
func Wrap(ln net.Listener) *Listener {
	return &Listener{Listener: ln, open: map[*Conn]bool{}}
}

// Accept waits for a connection and returns it wrapped, so its Close is seen.
func (l *Listener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	tc := &Conn{Conn: c, l: l}
	l.mu.Lock()
	l.accepted++
	l.open[tc] = true
	l.mu.Unlock()
	return tc, nil
}

// Accepted returns how many connections were accepted.
func (l *Listener) Accepted() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.accepted
}

// Open returns how many accepted connections the server has not closed.
func (l *Listener) Open() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.open)
}

// CheckClosed fails t if an accepted connection is still open.
// after says what just returned; rule says what the learner must do.
func (l *Listener) CheckClosed(t testing.TB, after, rule string) {
	t.Helper()
	l.mu.Lock()
	var open []string
	for c := range l.open {
		open = append(open, c.RemoteAddr().String())
	}
	accepted := l.accepted
	l.mu.Unlock()
	if len(open) > 0 {
		t.Errorf("%s, but %d of the %d connection(s) the server accepted are still open (clients %s): %s",
			after, len(open), accepted, strings.Join(open, ", "), rule)
	}
}

// Conn is an accepted connection whose Close the listener sees.
type Conn struct {
	net.Conn
	l      *Listener
	once   sync.Once
	closed bool // guarded by l.mu
}

// Close closes the connection and marks it closed.
func (c *Conn) Close() error {
	c.once.Do(func() {
		c.l.mu.Lock()
		delete(c.l.open, c)
		c.closed = true
		c.l.mu.Unlock()
	})
	return c.Conn.Close()
}

// Read reads from the connection. While the listener holds I/O, a Read
// that fails because the server closed this connection waits for Release.
func (c *Conn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if err != nil {
		c.l.park(c)
	}
	return n, err
}

// Write writes to the connection, held like Read.
func (c *Conn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	if err != nil {
		c.l.park(c)
	}
	return n, err
}

// park holds the calling goroutine while the gate is closed, if the server
// closed c: that goroutine is still the server's, and a Close that waits for
// its goroutines cannot return before it is released.
func (l *Listener) park(c *Conn) {
	l.mu.Lock()
	gate := l.gate
	if gate == nil || !c.closed {
		l.mu.Unlock()
		return
	}
	l.parked++
	l.mu.Unlock()
	<-gate
	l.mu.Lock()
	l.parked--
	l.mu.Unlock()
}

// Hold makes goroutines whose I/O fails on a connection the server closed
// wait until Release, so a test can see whether Close waits for them.
func (l *Listener) Hold() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.gate == nil {
		l.gate = make(chan struct{})
	}
}

// Release lets every held goroutine go on, and holds no more.
func (l *Listener) Release() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.gate != nil {
		close(l.gate)
		l.gate = nil
	}
}

// Parked returns how many goroutines are held now.
func (l *Listener) Parked() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.parked
}

// CloseWrite half-closes a TCP connection, as *net.TCPConn does.
func (c *Conn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return fmt.Errorf("shutdown: %T has no CloseWrite", c.Conn)
}
