package chat

import (
	"bufio"
	"fmt"
	"net"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fanOutClients is the room size of the fan-out benchmarks.
const fanOutClients = 1000

// fanOutRig is a server with fanOutClients clients in #bench, each with a
// reader goroutine that counts arrivals of numbered messages.
type fanOutRig struct {
	srv      *Server
	l        net.Listener
	served   chan error
	conns    []net.Conn
	sender   net.Conn
	arrivals []atomic.Int32 // per message number
	complete chan int       // message number, once every client has it
	readers  sync.WaitGroup
}

func newFanOutRig(b *testing.B, messages int) *fanOutRig {
	b.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	r := &fanOutRig{
		srv:      &Server{MaxQueue: messages + 2*fanOutClients},
		l:        l,
		served:   make(chan error, 1),
		arrivals: make([]atomic.Int32, messages),
		complete: make(chan int, messages),
	}
	go func() { r.served <- r.srv.Serve(l) }()
	joined := make(chan struct{}, fanOutClients)
	for i := range fanOutClients {
		c, err := net.Dial("tcp", l.Addr().String())
		if err != nil {
			b.Fatalf("client %d: %v (raise ulimit -n?)", i, err)
		}
		r.conns = append(r.conns, c)
		me := "b" + strconv.Itoa(i)
		fmt.Fprintf(c, "NICK %s\nJOIN #bench\n", me)
		r.readers.Go(func() { r.read(c, me, joined) })
	}
	for range fanOutClients {
		select {
		case <-joined:
		case <-time.After(60 * time.Second):
			b.Fatal("clients did not all join #bench in 60s")
		}
	}
	r.sender = r.conns[0]
	return r
}

// read counts, for each "MSG #bench b0 <n>", one arrival of message n.
func (r *fanOutRig) read(c net.Conn, me string, joined chan<- struct{}) {
	sc := bufio.NewScanner(c)
	for sc.Scan() {
		line := sc.Text()
		if line == JoinLine("#bench", me) {
			joined <- struct{}{}
			continue
		}
		n, ok := strings.CutPrefix(line, "MSG #bench b0 ")
		if !ok {
			continue
		}
		i, err := strconv.Atoi(n)
		if err == nil && i < len(r.arrivals) && r.arrivals[i].Add(1) == fanOutClients {
			r.complete <- i
		}
	}
}

func (r *fanOutRig) close(b *testing.B) {
	r.srv.Close()
	for _, c := range r.conns {
		c.Close()
	}
	r.readers.Wait()
	if err := <-r.served; err != ErrServerClosed {
		b.Errorf("Serve: %v", err)
	}
}

func (r *fanOutRig) send(b *testing.B, i int) {
	if _, err := fmt.Fprintf(r.sender, "MSG #bench %d\n", i); err != nil {
		b.Fatal(err)
	}
}

func (r *fanOutRig) await(b *testing.B) int {
	select {
	case i := <-r.complete:
		return i
	case <-time.After(30 * time.Second):
		b.Fatal("a message did not reach every client in 30s")
		return -1
	}
}

// BenchmarkFanOut1000Latency sends one room message at a time to a room of
// 1,000 clients on loopback and measures how long until the last one has it.
//
//	go test -run XXX -bench FanOut1000 -benchtime 200x ./phase1-network/chat/
func BenchmarkFanOut1000Latency(b *testing.B) {
	r := newFanOutRig(b, b.N)
	defer r.close(b)
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		t0 := time.Now()
		r.send(b, i)
		r.await(b)
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	slices.Sort(lat)
	ms := func(q float64) float64 { return float64(lat[int(q*float64(len(lat)-1))]) / float64(time.Millisecond) }
	b.ReportMetric(ms(0.50), "p50-ms")
	b.ReportMetric(ms(0.99), "p99-ms")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkFanOut1000Throughput sends b.N room messages back to back to a room
// of 1,000 clients and reports the messages per second sustained until every
// client has every message (each message is 1,000 deliveries).
func BenchmarkFanOut1000Throughput(b *testing.B) {
	r := newFanOutRig(b, b.N)
	defer r.close(b)
	b.ResetTimer()
	t0 := time.Now()
	go func() {
		for i := range b.N {
			if _, err := fmt.Fprintf(r.sender, "MSG #bench %d\n", i); err != nil {
				return
			}
		}
	}()
	for range b.N {
		r.await(b)
	}
	elapsed := time.Since(t0)
	b.StopTimer()
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "msgs/s")
	b.ReportMetric(float64(b.N)*fanOutClients/elapsed.Seconds(), "deliveries/s")
}
