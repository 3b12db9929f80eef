package loadbalancer

import (
	"context"
	"net/http"
	"net/url"
	"time"
)

// Options tune a Balancer. Zero fields take the defaults.
type Options struct {
	// HealthPath is the path probed on each backend (default "/healthz"); any 2xx answer is healthy.
	HealthPath string
	// Interval is the time between two rounds of health checks in Run (default 1s).
	Interval time.Duration
	// Timeout bounds one health check (default 500ms): a backend that hangs is unhealthy.
	Timeout time.Duration
	// Client makes the health checks (default: a client with no timeout of its own).
	Client *http.Client
}

// Balancer is an http.Handler that forwards each request to the next healthy backend, round-robin.
// It is safe for concurrent use.
type Balancer struct {
	// TODO(weekend 7): the backends (each with its URL, an httputil.ReverseProxy and a health flag),
	// a round-robin counter and the options.
}

// New returns a Balancer over the given backends, all of them in the rotation until a health
// check says otherwise. It returns an error when there are no backends.
func New(backends []*url.URL, opts Options) (*Balancer, error) {
	// TODO(weekend 7): fill in the option defaults and build one reverse proxy per backend.
	return &Balancer{}, nil
}

// ServeHTTP forwards r to the next healthy backend. With no healthy backend it answers
// 503 Service Unavailable; when the chosen backend fails, 502 Bad Gateway (problem JSON both).
func (b *Balancer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// TODO(weekend 7): pick the next healthy backend round-robin and let its proxy serve r.
	writeProblem(w, http.StatusNotImplemented, "loadbalancer: ServeHTTP not implemented")
}

// CheckNow runs one round of health checks, probing every backend at once, and returns when all
// have answered or timed out. A backend is healthy when its health path answers 2xx.
func (b *Balancer) CheckNow(ctx context.Context) {
	// TODO(weekend 7): GET each backend's HealthPath with the Timeout and store the result.
}

// Run checks the backends at once and then every Interval, until ctx is done; then it returns.
func (b *Balancer) Run(ctx context.Context) {
	// TODO(weekend 7): CheckNow, then again on every tick of a time.Ticker, until ctx is done.
}

// Healthy returns the URLs of the backends now in the rotation, in the order given to New.
func (b *Balancer) Healthy() []string {
	// TODO(weekend 7): the URLs whose health flag is set.
	return nil
}
