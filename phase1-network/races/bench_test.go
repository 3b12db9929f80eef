package races

import (
	"fmt"
	"sync"
	"testing"
)

// BenchmarkCounters compares the four ways to build a safe counter — a mutex
// (Counter), an RWMutex, sync/atomic and a channel-owner goroutine — with 1, 2
// and 8 goroutines sharing one counter, for an increment-only load and a
// read-mostly load (9 Value calls per Inc). Stretch, not graded:
//
//	go test -run XXX -bench Counters ./phase1-network/races/
func BenchmarkCounters(b *testing.B) {
	variants := []struct {
		name string
		make func() (Incrementer, func())
	}{
		{"mutex", func() (Incrementer, func()) { return new(Counter), func() {} }},
		{"rwmutex", func() (Incrementer, func()) { return new(RWCounter), func() {} }},
		{"atomic", func() (Incrementer, func()) { return new(AtomicCounter), func() {} }},
		{"channel", func() (Incrementer, func()) { c := NewChanCounter(); return c, c.Close }},
	}
	for _, load := range []struct {
		name  string
		reads int
	}{{"inc", 0}, {"read-mostly", 9}} {
		for _, v := range variants {
			for _, g := range []int{1, 2, 8} {
				b.Run(fmt.Sprintf("%s/%s/goroutines=%d", load.name, v.name, g), func(b *testing.B) {
					c, done := v.make()
					defer done()
					per := b.N/g + 1
					b.ResetTimer()
					var wg sync.WaitGroup
					for range g {
						wg.Go(func() {
							for range per {
								c.Inc()
								for range load.reads {
									c.Value()
								}
							}
						})
					}
					wg.Wait()
				})
			}
		}
	}
}
