package loadbalancer

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httputil"
	"net/url"
	"sync"
)

// LeastConn is a load balancer that sends each request to the healthy backend with the fewest
// requests in flight (a tie goes to the earliest backend in the order given), and retries an
// idempotent request without a body on another backend when one fails before answering.
// It takes the healthy set from a Balancer, whose Run keeps it current. It is safe for concurrent use.
type LeastConn struct {
	b       *Balancer
	retries int
	mu      sync.Mutex
	targets []*target // in the order given; inFlight guarded by mu
}

type target struct {
	url      string
	proxy    *httputil.ReverseProxy
	inFlight int
}

// failureKey carries, in the outgoing request's context, where the proxy's ErrorHandler records
// a failure instead of answering, so that ServeHTTP can still choose to retry.
type failureKey struct{}

// NewLeastConn returns a least-connections balancer over backends (the same ones b checks),
// retrying a failed idempotent request on up to retries other backends.
func NewLeastConn(b *Balancer, backends []*url.URL, retries int) *LeastConn {
	lc := &LeastConn{b: b, retries: retries}
	for _, u := range backends {
		t := &target{url: u.String(), proxy: httputil.NewSingleHostReverseProxy(u)}
		t.proxy.ErrorHandler = func(w http.ResponseWriter, r *http.Request, err error) {
			*r.Context().Value(failureKey{}).(*error) = err // nothing written yet: a retry is possible
		}
		lc.targets = append(lc.targets, t)
	}
	return lc
}

// replayable reports whether r may be sent a second time: an idempotent method (RFC 9110 §9.2.2)
// and no body to replay.
func replayable(r *http.Request) bool {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete, http.MethodTrace:
		return r.ContentLength == 0
	}
	return false
}

// ServeHTTP forwards r to the least loaded healthy backend, retrying as described on LeastConn.
// No healthy backend is 503; a failure that cannot be retried is 502 (problem JSON both).
func (lc *LeastConn) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	tried := map[*target]bool{}
	for attempt := 0; ; attempt++ {
		t := lc.acquire(tried)
		if t == nil && attempt == 0 {
			writeProblem(w, http.StatusServiceUnavailable, "no healthy backend")
			return
		}
		if t == nil {
			writeProblem(w, http.StatusBadGateway, "every backend tried failed")
			return
		}
		tried[t] = true
		var failed error
		t.proxy.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), failureKey{}, &failed)))
		lc.release(t)
		if failed == nil {
			return
		}
		if !replayable(r) || attempt >= lc.retries {
			writeProblem(w, http.StatusBadGateway, fmt.Sprintf("backend %s failed: %v", t.url, failed))
			return
		}
	}
}

// acquire picks the healthy, untried backend with the fewest requests in flight and counts one
// more on it; nil when there is none.
func (lc *LeastConn) acquire(tried map[*target]bool) *target {
	healthy := map[string]bool{}
	for _, u := range lc.b.Healthy() {
		healthy[u] = true
	}
	lc.mu.Lock()
	defer lc.mu.Unlock()
	var best *target
	for _, t := range lc.targets {
		if healthy[t.url] && !tried[t] && (best == nil || t.inFlight < best.inFlight) {
			best = t
		}
	}
	if best != nil {
		best.inFlight++
	}
	return best
}

// release counts one request fewer on t, whether it succeeded or failed.
func (lc *LeastConn) release(t *target) {
	lc.mu.Lock()
	defer lc.mu.Unlock()
	t.inFlight--
}
