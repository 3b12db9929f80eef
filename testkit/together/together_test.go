package together

import (
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

type fatal struct {
	testing.TB
	msg string
}

func (f *fatal) Helper() {}
func (f *fatal) Fatalf(format string, args ...any) {
	f.msg = format
	_ = args
}

func TestRunCallsEveryIndexOnce(t *testing.T) {
	var seen [50]atomic.Int32
	Run(t, 50, 5*time.Second, func(i int) { seen[i].Add(1) })
	for i := range seen {
		assert.Equal(t, int32(1), seen[i].Load(), "f(%d)", i)
	}
}

func TestRunOverlapsTheCalls(t *testing.T) {
	// Every caller waits until all have arrived: only callers that run at
	// the same time can finish.
	var wg sync.WaitGroup
	wg.Add(8)
	Run(t, 8, 5*time.Second, func(int) { wg.Done(); wg.Wait() })
}

func TestRunNamesCallersThatNeverReturn(t *testing.T) {
	release := make(chan struct{})
	f := &fatal{TB: t}
	Run(f, 3, 50*time.Millisecond, func(i int) {
		if i == 1 {
			<-release
		}
	})
	close(release)
	require.NotEmpty(t, f.msg)
	assert.True(t, strings.Contains(f.msg, "had not returned"), f.msg)
	time.Sleep(10 * time.Millisecond) // the released caller returns before goleak looks
}
