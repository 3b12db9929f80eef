package races

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestCounterVariantsCountEveryIncrement(t *testing.T) {
	isolated(t, "each counter variant must be safe: atomic Add, the RWMutex write lock (not RLock) for Inc, or only the owner goroutine touching the count", func(t *testing.T) {
		const goroutines, each = 8, 10000
		cc := NewChanCounter()
		defer cc.Close()
		for name, c := range map[string]Incrementer{"AtomicCounter": new(AtomicCounter), "RWCounter": new(RWCounter), "ChanCounter": cc} {
			t.Run(name, func(t *testing.T) {
				// A goroutine that only reads, while the others only write: it
				// shares no lock with them, so -race reports any read that is
				// not guarded, every run.
				stop := make(chan struct{})
				var reader sync.WaitGroup
				reader.Go(func() {
					for {
						select {
						case <-stop:
							return
						default:
							c.Value()
						}
					}
				})
				var wg sync.WaitGroup
				for range goroutines {
					wg.Go(func() {
						for range each {
							c.Inc()
						}
					})
				}
				waitBounded(t, &wg, 20*time.Second, name+": increments did not finish in 20s")
				close(stop)
				reader.Wait()
				require.Equal(t, int64(goroutines*each), c.Value(),
					"%s: %d goroutines × %d Inc — every increment counts (atomic Add, the write lock, or the owner goroutine)", name, goroutines, each)
			})
		}
	})
}

func TestChanCounterCloseStopsItsGoroutine(t *testing.T) {
	c := NewChanCounter()
	c.Inc()
	require.Equal(t, int64(1), c.Value(), "one Inc")
	c.Close()
	require.NoError(t, goleak.Find(), "after Close the owner goroutine must have returned: close a quit channel, and have Close wait for a done channel the goroutine closes on its way out")
}
