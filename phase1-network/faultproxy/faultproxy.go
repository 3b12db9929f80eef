// Provided — no need to edit.

// Package faultproxy is a TCP proxy that tests put between a client and a
// server to make the network misbehave on purpose: it delays data, drops it
// (cutting the connection, as TCP breaks when data cannot be delivered),
// resets connections or swallows them whole, deterministically from a seed.
//
//	p, err := faultproxy.New(serverAddr, faultproxy.Config{Seed: 1, DropRate: 0.2})
//	defer p.Close()
//	conn, err := net.Dial("tcp", p.Addr()) // talks to serverAddr through the faults
//
// Every accepted connection gets a number, 1, 2, 3, … in the order the proxy
// accepts them. Config.Plan chooses what happens to connection n (pass it on,
// reset it, or swallow it), so an outage "for the next three connections" is
// exact and does not depend on timing. Data passed on is read in chunks; each
// chunk is lost with probability DropRate, drawn from a random source seeded
// by (Seed, n, direction), so the same seed gives the same faults for the same
// traffic.
package faultproxy

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"sync"
	"time"
)

// Mode is what the proxy does with one accepted connection.
type Mode int

const (
	// Pass forwards the connection to the target, subject to DropRate and Delay.
	Pass Mode = iota
	// Reset closes the connection at once with a TCP reset: the client sees
	// "connection reset by peer" (or EOF) on its first read or write.
	Reset
	// Blackhole accepts the connection and reads everything, but never
	// forwards or answers: the client waits until its own deadline.
	Blackhole
)

// String returns the mode's name.
func (m Mode) String() string {
	switch m {
	case Pass:
		return "pass"
	case Reset:
		return "reset"
	case Blackhole:
		return "blackhole"
	}
	return fmt.Sprintf("Mode(%d)", int(m))
}

// Config sets the faults. The zero Config is a perfect network.
type Config struct {
	// Seed seeds every random choice; the same seed gives the same faults.
	Seed uint64
	// DropRate is the probability (0 to 1) that a chunk of data, in either
	// direction, is lost; the proxy then cuts the connection on both sides.
	DropRate float64
	// Delay is added before each chunk is forwarded.
	Delay time.Duration
	// Plan, if not nil, chooses the mode of connection n (n counts from 1).
	// A nil Plan passes every connection.
	Plan func(n int) Mode
}

// Stats counts what the proxy has done so far.
type Stats struct {
	Accepted  int // connections accepted
	Passed    int // connections forwarded to the target
	Reset     int // connections reset on arrival
	Swallowed int // connections blackholed
	Dropped   int // chunks lost (each one cut its connection)
}

// dialTimeout bounds the proxy's own dial to the target.
const dialTimeout = 5 * time.Second

// Proxy forwards TCP connections from its own loopback address to a target
// address, injecting the faults of its Config. It is safe for concurrent use.
type Proxy struct {
	target string
	cfg    Config
	l      net.Listener
	done   chan struct{} // closed by Close

	mu     sync.Mutex
	n      int
	stats  Stats
	conns  map[net.Conn]struct{}
	closed bool
	wg     sync.WaitGroup
}

// New starts a proxy on a fresh loopback port that forwards to target.
func New(target string, cfg Config) (*Proxy, error) {
	if cfg.DropRate < 0 || cfg.DropRate > 1 {
		return nil, fmt.Errorf("faultproxy: DropRate %v is not between 0 and 1", cfg.DropRate)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("faultproxy: %w", err)
	}
	p := &Proxy{target: target, cfg: cfg, l: l, done: make(chan struct{}), conns: make(map[net.Conn]struct{})}
	p.wg.Add(1)
	go p.acceptLoop()
	return p, nil
}

// Addr returns the address clients dial to reach the target through the proxy.
func (p *Proxy) Addr() string { return p.l.Addr().String() }

// Stats returns a copy of the counters.
func (p *Proxy) Stats() Stats {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stats
}

// CutAll closes every connection open through the proxy right now, as if
// the network failed for a moment. New connections are accepted as before.
func (p *Proxy) CutAll() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for c := range p.conns {
		c.Close()
	}
}

// Close stops accepting, closes every connection and waits until all the
// proxy's goroutines have returned.
func (p *Proxy) Close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	close(p.done)
	err := p.l.Close()
	for c := range p.conns {
		c.Close()
	}
	p.mu.Unlock()
	p.wg.Wait()
	return err
}

func (p *Proxy) acceptLoop() {
	defer p.wg.Done()
	for {
		c, err := p.l.Accept()
		if err != nil {
			return // listener closed
		}
		p.mu.Lock()
		if p.closed {
			p.mu.Unlock()
			c.Close()
			return
		}
		p.n++
		n := p.n
		mode := Pass
		if p.cfg.Plan != nil {
			mode = p.cfg.Plan(n)
		}
		p.stats.Accepted++
		switch mode {
		case Reset:
			p.stats.Reset++
		case Blackhole:
			p.stats.Swallowed++
		default:
			p.stats.Passed++
		}
		p.conns[c] = struct{}{}
		p.wg.Add(1)
		p.mu.Unlock()
		go p.handle(n, mode, c)
	}
}

// track registers c so Close and CutAll can close it; it reports false (and
// closes c) when the proxy is already closed.
func (p *Proxy) track(c net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		c.Close()
		return false
	}
	p.conns[c] = struct{}{}
	return true
}

func (p *Proxy) untrack(c net.Conn) {
	c.Close()
	p.mu.Lock()
	delete(p.conns, c)
	p.mu.Unlock()
}

func (p *Proxy) handle(n int, mode Mode, c net.Conn) {
	defer p.wg.Done()
	defer p.untrack(c)
	switch mode {
	case Reset:
		if tc, ok := c.(*net.TCPConn); ok {
			_ = tc.SetLinger(0) // Close sends RST instead of FIN
		}
		return
	case Blackhole:
		_, _ = io.Copy(io.Discard, c) // until the client gives up or Close
		return
	}
	d := net.Dialer{Timeout: dialTimeout}
	s, err := d.Dial("tcp", p.target)
	if err != nil || !p.track(s) {
		return
	}
	defer p.untrack(s)
	seed := p.cfg.Seed
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		p.pipe(s, c, rand.New(rand.NewPCG(seed, uint64(2*n))))
	}()
	go func() {
		defer wg.Done()
		p.pipe(c, s, rand.New(rand.NewPCG(seed, uint64(2*n+1))))
	}()
	wg.Wait()
}

// pipe copies src to dst chunk by chunk. When either side ends or a chunk is
// dropped, both connections are closed: a connection fails as a whole.
func (p *Proxy) pipe(dst, src net.Conn, r *rand.Rand) {
	defer dst.Close()
	defer src.Close()
	buf := make([]byte, 32<<10)
	for {
		k, err := src.Read(buf)
		if k > 0 {
			if p.cfg.Delay > 0 {
				t := time.NewTimer(p.cfg.Delay)
				select {
				case <-t.C:
				case <-p.done:
					t.Stop()
					return
				}
			}
			if p.cfg.DropRate > 0 && r.Float64() < p.cfg.DropRate {
				p.mu.Lock()
				p.stats.Dropped++
				p.mu.Unlock()
				return
			}
			if _, werr := dst.Write(buf[:k]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}
