package races

import (
	"sync"
	"testing"

	"dsweekends/testkit/say"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCounterCountsEveryIncrement(t *testing.T) {
	t.Parallel()
	isolated(t, say.T("Inc의 읽고-더하고-쓰기는 한 단계여야 합니다: 뮤텍스로 감싸세요(또는 sync/atomic) — counter.go", "Inc must make read-add-write one step: guard it with the mutex (or use sync/atomic) — see counter.go"), func(t *testing.T) {
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
		require.Equal(t, int64(goroutines*each), c.Value(), say.F(
			"고루틴 %d개가 각각 Inc를 %d번 불렀습니다: 증가분을 하나도 잃으면 안 됩니다 — counter.go에서 읽고-더하고-쓰기를 한 단계로(sync.Mutex 또는 sync/atomic)",
			"%d goroutines each called Inc %d times: no increment may be lost — make read-add-write one step (sync.Mutex or sync/atomic) in counter.go",
			goroutines, each))
	})
}

func TestCounterValueIsSafeDuringIncrements(t *testing.T) {
	t.Parallel()
	isolated(t, say.T("Inc가 n을 쓰는 동안 Value가 n을 읽습니다: 읽기도 쓰기와 같은 잠금(또는 sync/atomic)이 필요합니다 — counter.go", "Value reads n while Inc writes it: reads need the same lock (or sync/atomic) as writes — see counter.go"), func(t *testing.T) {
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
			assert.GreaterOrEqual(t, v, last, say.F("Value가 거꾸로 갔습니다 (%d 다음 %d): 읽기는 일관된 값을 봐야 합니다", "Value went backwards (%d, then %d): reads must see a consistent count", last, v))
			last = v
		}
		wg.Wait()
		require.Equal(t, int64(each), c.Value(), say.F("Inc %d번 뒤: Value는 Inc와 같은 보호 아래에서 읽어야 합니다", "after %d Inc calls; Value must read the count under the same protection Inc uses", each))
	})
}
