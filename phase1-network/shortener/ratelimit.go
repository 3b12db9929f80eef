package shortener

import (
	"net/http"
	"time"
)

// RateLimiter is a token bucket per client: a client may make burst requests at once, and then
// rate requests per second on average. It is safe for concurrent use.
// (It keeps one bucket per client forever; a long-running service would evict idle ones, for
// example with the weekend 7 LRU.)
type RateLimiter struct {
	// TODO(weekend 8, stretch): a mutex, the rate, the burst, the clock and a bucket per client.
}

// NewRateLimiter returns a limiter allowing rate requests per second per client, in bursts of up
// to burst. now is the clock (nil means time.Now).
func NewRateLimiter(rate float64, burst int, now func() time.Time) *RateLimiter {
	// TODO(weekend 8, stretch): keep the arguments.
	return &RateLimiter{}
}

// Allow takes a token from client's bucket and reports true; when the bucket is empty it reports
// false and how long until the next token. A new client starts with a full bucket.
func (rl *RateLimiter) Allow(client string) (bool, time.Duration) {
	// TODO(weekend 8, stretch): refill by elapsed time × rate (at most burst), then take a token.
	return false, 0
}

// RateLimit wraps next so that a client over its rate gets 429 Too Many Requests as problem JSON,
// with a Retry-After header in whole seconds (rounded up, at least 1). The client is the IP of
// r.RemoteAddr: the port changes with every connection, so it must not be part of the key.
func RateLimit(rl *RateLimiter, next http.Handler) http.Handler {
	// TODO(weekend 8, stretch): net.SplitHostPort(r.RemoteAddr), Allow, 429 + Retry-After or next.
	return next
}
