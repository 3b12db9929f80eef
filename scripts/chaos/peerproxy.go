package chaos

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/textproto"
	"sync"
	"syscall"
	"time"
)

const (
	sigStop = syscall.SIGSTOP
	sigCont = syscall.SIGCONT
)

// peerProxy stands in front of one etcd member's peer port. etcd computes
// member IDs from the peer URLs in --initial-cluster, so every member must
// dial a peer at the same address: one proxy per member, not per pair.
// The proxy still cuts pairs: it reads the first request of each connection
// for etcd's X-Server-From header (the calling member's ID) and passes the
// connection only if the partition allows that member to reach this one.
type peerProxy struct {
	to     int
	target string
	part   *partition
	l      net.Listener

	mu    sync.Mutex
	conns map[net.Conn]string // accepted connection → caller's ID
	wg    sync.WaitGroup
}

func newPeerProxy(to int, target string, part *partition) (*peerProxy, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("chaos: %w", err)
	}
	p := &peerProxy{to: to, target: target, part: part, l: l, conns: map[net.Conn]string{}}
	p.wg.Add(1)
	go p.accept()
	return p, nil
}

func (p *peerProxy) addr() string { return p.l.Addr().String() }

func (p *peerProxy) accept() {
	defer p.wg.Done()
	for {
		c, err := p.l.Accept()
		if err != nil {
			return
		}
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			p.serve(c)
		}()
	}
}

// serve reads the caller's headers, then pipes both ways while allowed.
func (p *peerProxy) serve(c net.Conn) {
	defer c.Close()
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	var head bytes.Buffer
	br := bufio.NewReader(io.TeeReader(c, &head))
	from := ""
	if req, err := textproto.NewReader(br).ReadLine(); err == nil && req != "" {
		if h, err := textproto.NewReader(br).ReadMIMEHeader(); err == nil {
			from = h.Get("X-Server-From")
		}
	}
	_ = c.SetReadDeadline(time.Time{})
	if !p.part.allowed(from, p.to) || !p.track(c, from) {
		return
	}
	defer p.untrack(c)
	s, err := net.DialTimeout("tcp", p.target, 2*time.Second)
	if err != nil {
		return
	}
	defer s.Close()
	if !p.track(s, from) {
		return
	}
	defer p.untrack(s)
	// The bytes read so far (head holds them all, buffered or not) go first.
	if _, err := s.Write(head.Bytes()); err != nil {
		return
	}
	done := make(chan struct{})
	go func() {
		_, _ = io.Copy(c, s)
		c.Close()
		close(done)
	}()
	_, _ = io.Copy(s, c)
	s.Close()
	<-done
}

func (p *peerProxy) track(c net.Conn, from string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.conns == nil {
		return false
	}
	p.conns[c] = from
	return true
}

func (p *peerProxy) untrack(c net.Conn) {
	p.mu.Lock()
	delete(p.conns, c)
	p.mu.Unlock()
}

// cut closes the connections the partition no longer allows.
func (p *peerProxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for c, from := range p.conns {
		if !p.part.allowed(from, p.to) {
			c.Close()
		}
	}
}

// close stops the proxy and waits for its goroutines.
func (p *peerProxy) close() error {
	err := p.l.Close()
	p.mu.Lock()
	for c := range p.conns {
		c.Close()
	}
	p.conns = nil
	p.mu.Unlock()
	p.wg.Wait()
	return err
}
