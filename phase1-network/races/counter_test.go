package races

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCounterCountsEveryIncrement(t *testing.T) {
	isolated(t, "Inc must make read-add-write one step: guard it with the mutex (or use sync/atomic) — see counter.go", func(t *testing.T) {
		const goroutines, each = 8, 2000
		var c Counter
		var wg sync.WaitGroup
		for range goroutines {
			wg.Go(func() {
				for range each {
					c.Inc()
				}
			})
		}
		wg.Wait()
		require.Equal(t, int64(goroutines*each), c.Value(),
			"%d goroutines each called Inc %d times: no increment may be lost — make read-add-write one step (sync.Mutex or sync/atomic) in counter.go",
			goroutines, each)
	})
}

func TestCounterValueIsSafeDuringIncrements(t *testing.T) {
	isolated(t, "Value reads n while Inc writes it: reads need the same lock (or sync/atomic) as writes — see counter.go", func(t *testing.T) {
		const each = 2000
		var c Counter
		var wg sync.WaitGroup
		wg.Go(func() {
			for range each {
				c.Inc()
			}
		})
		// Read while the writer runs. Under -race, a Value that reads without the
		// lock (or without sync/atomic) is reported as a DATA RACE here.
		var last int64
		for range each {
			v := c.Value()
			assert.GreaterOrEqual(t, v, last, "Value went backwards (%d after %d): reads must see a consistent count", v, last)
			last = v
		}
		wg.Wait()
		require.Equal(t, int64(each), c.Value(), "after %d Inc calls; Value must read the count under the same protection Inc uses", each)
	})
}
