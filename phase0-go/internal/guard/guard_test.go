package guard

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// recorder is a testing.TB that records a fatal failure instead of
// stopping the real test.
type recorder struct {
	testing.TB
	msg string
}

func (r *recorder) Helper() {}
func (r *recorder) Fatalf(format string, args ...any) {
	r.msg = fmt.Sprintf(format, args...)
	panic(r) // stop the guarded test's flow, as t.Fatalf would
}

func run(f func(tb testing.TB)) (msg string) {
	r := &recorder{TB: nil}
	defer func() {
		if p := recover(); p != nil && p != r {
			panic(p)
		}
		msg = r.msg
	}()
	f(r)
	return r.msg
}

func TestCallReturnsTheResults(t *testing.T) {
	var got2a, got3c int
	var got2b string
	msg := run(func(tb testing.TB) {
		assert.Equal(t, 7, Call(tb, "seven", func() int { return 7 }))
		got2a, got2b = Call2(tb, "pair", func() (int, string) { return 1, "b" })
		_, _, got3c = Call3(tb, "triple", func() (int, int, int) { return 1, 2, 3 })
	})
	assert.Empty(t, msg)
	assert.Equal(t, 1, got2a)
	assert.Equal(t, "b", got2b)
	assert.Equal(t, 3, got3c)
}

func TestReturnsReportsAPanicByName(t *testing.T) {
	msg := run(func(tb testing.TB) {
		Returns(tb, "Reverse([1 2 3])", func() { panic("index out of range") })
	})
	assert.True(t, strings.HasPrefix(msg, "Reverse([1 2 3]) panicked: index out of range"), "got %q", msg)
}
