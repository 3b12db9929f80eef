package rpckv

import (
	"context"
	"fmt"
	"net"
	"net/rpc"
	"slices"
	"sync"
	"testing"
	"time"
)

// plainKV is the baseline: Append on net/rpc with no tags, no duplicate
// table and no retries.
type plainKV struct {
	mu   sync.Mutex
	data map[string]string
}

func (kv *plainKV) Append(args *AppendArgs, reply *AppendReply) error {
	kv.mu.Lock()
	defer kv.mu.Unlock()
	reply.Old = kv.data[args.Key]
	kv.data[args.Key] += args.Value
	return nil
}

// servePlain serves plainKV on a loopback port until stop is called.
func servePlain(b *testing.B) (addr string, stop func()) {
	srv := rpc.NewServer()
	if err := srv.RegisterName("Plain", &plainKV{data: map[string]string{}}); err != nil {
		b.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	conns := map[net.Conn]bool{}
	wg.Go(func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns[c] = true
			mu.Unlock()
			wg.Go(func() { srv.ServeConn(c) })
		}
	})
	return l.Addr().String(), func() {
		l.Close()
		mu.Lock()
		for c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	}
}

// serveKV serves the exercise's KV on a loopback port until stop is called.
func serveKV(b *testing.B) (addr string, stop func()) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = Serve(ctx, l, NewKV()) }()
	return l.Addr().String(), func() { cancel(); <-done }
}

// runClients splits b.N appends over n clients, each on its own
// connection, and reports ops/s and the p99 latency.
func runClients(b *testing.B, n int, newOp func(client int) (op func(i int) error, done func())) {
	ops := make([]func(int) error, n)
	dones := make([]func(), n)
	for c := range n {
		ops[c], dones[c] = newOp(c)
	}
	defer func() {
		for _, d := range dones {
			d()
		}
	}()
	lat := make([][]time.Duration, n)
	errs := make(chan error, n)
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for c := range n {
		share := b.N / n
		if c < b.N%n {
			share++
		}
		wg.Go(func() {
			lat[c] = make([]time.Duration, 0, share)
			for i := range share {
				t0 := time.Now()
				if err := ops[c](i); err != nil {
					errs <- err
					return
				}
				lat[c] = append(lat[c], time.Since(t0))
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
	all := slices.Concat(lat...)
	slices.Sort(all)
	if len(all) > 0 {
		b.ReportMetric(float64(all[(len(all)*99)/100].Microseconds()), "p99-µs")
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "ops/s")
}

// BenchmarkAppend measures Append throughput and p99 latency with 1, 8
// and 64 concurrent clients on loopback: the exercise's Clerk and KV
// (tags, duplicate table, retry loop) beside plain net/rpc measured the
// same way in the same run.
func BenchmarkAppend(b *testing.B) {
	for _, n := range []int{1, 8, 64} {
		b.Run(fmt.Sprintf("clerk-dedup/clients=%d", n), func(b *testing.B) {
			addr, stop := serveKV(b)
			defer stop()
			runClients(b, n, func(c int) (func(int) error, func()) {
				ck := NewClerk(DialTCP(addr))
				return func(i int) error {
					_, err := ck.Append(context.Background(), fmt.Sprintf("k%d.%d", c, i), "x")
					return err
				}, func() { ck.Close() }
			})
		})
		b.Run(fmt.Sprintf("plain-netrpc/clients=%d", n), func(b *testing.B) {
			addr, stop := servePlain(b)
			defer stop()
			runClients(b, n, func(c int) (func(int) error, func()) {
				cl, err := rpc.Dial("tcp", addr)
				if err != nil {
					b.Fatal(err)
				}
				return func(i int) error {
					var reply AppendReply
					return cl.Call("Plain.Append", &AppendArgs{Key: fmt.Sprintf("k%d.%d", c, i), Value: "x"}, &reply)
				}, func() { cl.Close() }
			})
		})
	}
}
