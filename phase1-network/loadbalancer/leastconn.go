package loadbalancer

import (
	"net/http"
	"net/url"
)

// LeastConn is a load balancer that sends each request to the healthy backend with the fewest
// requests in flight (a tie goes to the earliest backend in the order given), and retries an
// idempotent request without a body on another backend when one fails before answering.
// It takes the healthy set from a Balancer, whose Run keeps it current. It is safe for concurrent use.
type LeastConn struct {
	// TODO(weekend 7, stretch): the Balancer, the retry count, and per backend a reverse proxy and
	// an in-flight count under a mutex.
}

// NewLeastConn returns a least-connections balancer over backends (the same ones b checks),
// retrying a failed idempotent request on up to retries other backends.
func NewLeastConn(b *Balancer, backends []*url.URL, retries int) *LeastConn {
	// TODO(weekend 7, stretch): one proxy per backend, whose ErrorHandler records the failure
	// (so ServeHTTP can retry) instead of answering.
	return &LeastConn{}
}

// ServeHTTP forwards r to the least loaded healthy backend, retrying as described on LeastConn.
// No healthy backend is 503; a failure that cannot be retried is 502 (problem JSON both).
func (lc *LeastConn) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// TODO(weekend 7, stretch): pick by in-flight count among b.Healthy(), count the request while
	// it runs, and retry GET/HEAD/OPTIONS/PUT/DELETE without a body on another backend.
	writeProblem(w, http.StatusNotImplemented, "loadbalancer: LeastConn not implemented")
}
