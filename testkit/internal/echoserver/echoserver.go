// Package echoserver is a tiny TCP echo server whose Close is correct or
// returns early on purpose: the shutdown checks are tested against it.
package echoserver

import (
	"net"
	"sync"
	"time"
)

// Server echoes every read back to its sender.
type Server struct {
	Early bool // Close returns without waiting for its goroutines (the bug)

	ln    net.Listener
	wg    sync.WaitGroup
	mu    sync.Mutex
	conns map[net.Conn]bool
}

// Start serves ln in a new goroutine.
func Start(ln net.Listener, early bool) *Server {
	s := &Server{Early: early, ln: ln, conns: map[net.Conn]bool{}}
	s.wg.Add(1)
	go s.serve()
	return s
}

func (s *Server) serve() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		s.conns[c] = true
		s.mu.Unlock()
		s.wg.Add(1)
		go s.handle(c)
	}
}

func (s *Server) handle(c net.Conn) {
	defer s.wg.Done()
	defer c.Close()
	buf := make([]byte, 64)
	for {
		n, err := c.Read(buf)
		if err != nil {
			return
		}
		time.Sleep(time.Millisecond) // a little work per read, as real servers do
		if _, err := c.Write(buf[:n]); err != nil {
			return
		}
	}
}

// Close stops the listener, closes every connection and (unless Early)
// waits for every goroutine.
func (s *Server) Close() {
	s.ln.Close()
	s.mu.Lock()
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	if !s.Early {
		s.wg.Wait()
	}
}

// Wait waits for every goroutine, for a test that must not leave any.
func (s *Server) Wait() { s.wg.Wait() }

// Park blocks until stop is closed: a goroutine a server forgot to stop.
func Park(stop <-chan struct{}) { <-stop }
