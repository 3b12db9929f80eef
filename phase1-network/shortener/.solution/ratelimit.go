package shortener

import (
	"fmt"
	"math"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// RateLimiter is a token bucket per client: a client may make burst requests at once, and then
// rate requests per second on average. It is safe for concurrent use.
// (It keeps one bucket per client forever; a long-running service would evict idle ones, for
// example with the weekend 7 LRU.)
type RateLimiter struct {
	mu      sync.Mutex
	rate    float64 // tokens added per second
	burst   float64 // bucket size
	now     func() time.Time
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time // when tokens was last brought up to date
}

// NewRateLimiter returns a limiter allowing rate requests per second per client, in bursts of up
// to burst. now is the clock (nil means time.Now).
func NewRateLimiter(rate float64, burst int, now func() time.Time) *RateLimiter {
	if now == nil {
		now = time.Now
	}
	return &RateLimiter{rate: rate, burst: float64(burst), now: now, buckets: make(map[string]*bucket)}
}

// Allow takes a token from client's bucket and reports true; when the bucket is empty it reports
// false and how long until the next token. A new client starts with a full bucket.
func (rl *RateLimiter) Allow(client string) (bool, time.Duration) {
	rl.mu.Lock()
	defer rl.mu.Unlock()
	now := rl.now()
	b, ok := rl.buckets[client]
	if !ok {
		b = &bucket{tokens: rl.burst, last: now}
		rl.buckets[client] = b
	}
	// Refill lazily for the time since the last call, never above the bucket size.
	b.tokens = min(rl.burst, b.tokens+now.Sub(b.last).Seconds()*rl.rate)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / rl.rate * float64(time.Second))
}

// RateLimit wraps next so that a client over its rate gets 429 Too Many Requests as problem JSON,
// with a Retry-After header in whole seconds (rounded up, at least 1). The client is the IP of
// r.RemoteAddr: the port changes with every connection, so it must not be part of the key.
func RateLimit(rl *RateLimiter, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		client, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			client = r.RemoteAddr
		}
		ok, wait := rl.Allow(client)
		if !ok {
			secs := max(1, int(math.Ceil(wait.Seconds())))
			w.Header().Set("Retry-After", strconv.Itoa(secs))
			writeProblem(w, http.StatusTooManyRequests, fmt.Sprintf("too many requests; retry in %d s", secs))
			return
		}
		next.ServeHTTP(w, r)
	})
}
