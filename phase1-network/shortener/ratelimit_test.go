package shortener

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newClock() *fakeClock { return &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)} }

func TestRateLimiterBurstThenDeny(t *testing.T) {
	clk := newClock()
	rl := NewRateLimiter(1, 3, clk.Now)
	for i := range 3 {
		ok, _ := rl.Allow("alice")
		require.True(t, ok, "token bucket: a new client starts with a full bucket of burst=3 tokens; request %d", i+1)
	}
	ok, wait := rl.Allow("alice")
	require.False(t, ok, "token bucket: the 4th request at once is over the burst")
	require.Equal(t, time.Second, wait, "at 1 token/s with an empty bucket, the next token comes in 1s")
	ok, _ = rl.Allow("bob")
	require.True(t, ok, "every client has its own bucket: bob is not limited by alice")
}

func TestRateLimiterRefills(t *testing.T) {
	clk := newClock()
	rl := NewRateLimiter(2, 2, clk.Now) // 2 tokens/s, bucket of 2
	rl.Allow("c")
	rl.Allow("c")
	clk.Advance(250 * time.Millisecond)
	ok, wait := rl.Allow("c")
	require.False(t, ok, "after 250ms at 2 tokens/s only half a token is back")
	require.Equal(t, 250*time.Millisecond, wait, "the rest of the token comes in 250ms")
	clk.Advance(250 * time.Millisecond)
	ok, _ = rl.Allow("c")
	require.True(t, ok, "token bucket: tokens refill at rate per second (500ms × 2/s = 1 token)")

	clk.Advance(time.Hour)
	allowed := 0
	for range 10 {
		if ok, _ := rl.Allow("c"); ok {
			allowed++
		}
	}
	require.Equal(t, 2, allowed, "token bucket: after a long idle time the bucket holds at most burst tokens, not rate × idle time")
}

func TestRateLimitMiddleware(t *testing.T) {
	clk := newClock()
	var served atomic.Int64
	h := RateLimit(NewRateLimiter(2, 2, clk.Now), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served.Add(1)
	}))
	call := func(remote string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodGet, "/abc", nil)
		r.RemoteAddr = remote
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	require.Equal(t, http.StatusOK, call("10.0.0.1:40001").Code)
	require.Equal(t, http.StatusOK, call("10.0.0.1:40002").Code)
	w := call("10.0.0.1:40003")
	require.Equal(t, http.StatusTooManyRequests, w.Code, "the client is the IP without the port (a new connection has a new port): the third request from 10.0.0.1 is over the burst")
	require.Equal(t, "application/problem+json", w.Header().Get("Content-Type"), "429 is problem JSON")
	var p map[string]any
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &p))
	require.EqualValues(t, 429, p["status"])
	require.Equal(t, "1", w.Header().Get("Retry-After"), "Retry-After is whole seconds rounded UP: the next token is 0.5s away, so 1 (0 would invite an immediate retry)")
	require.Equal(t, int64(2), served.Load(), "a limited request must not reach the handler")
	require.Equal(t, http.StatusOK, call("10.0.0.2:40001").Code, "another IP has its own bucket")
	clk.Advance(500 * time.Millisecond)
	require.Equal(t, http.StatusOK, call("10.0.0.1:40004").Code, "after Retry-After the client is served again")
}

func TestRateLimiterConcurrentUse(t *testing.T) {
	rl := NewRateLimiter(1, 50, newClock().Now) // the clock never moves: exactly 50 tokens in all
	var allowed atomic.Int64
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := range 25 {
				if ok, _ := rl.Allow("shared"); ok {
					allowed.Add(1)
				}
				rl.Allow(fmt.Sprintf("w%d-%d", w, i)) // new clients too: the map grows concurrently
				runtime.Gosched()
			}
		})
	}
	wg.Wait()
	require.Equal(t, int64(50), allowed.Load(), "200 concurrent requests against a bucket of 50 with a frozen clock: exactly 50 pass (guard the buckets with a mutex)")
}
