package loadbalancer

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httputil"
	"net/url"
	"sync"
	"sync/atomic"
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
	backends []*backend
	next     atomic.Uint64 // round-robin counter
	opts     Options
}

// backend is one upstream server with its proxy and health flag.
type backend struct {
	url     *url.URL
	proxy   *httputil.ReverseProxy
	healthy atomic.Bool
}

// New returns a Balancer over the given backends, all of them in the rotation until a health
// check says otherwise. It returns an error when there are no backends.
func New(backends []*url.URL, opts Options) (*Balancer, error) {
	if len(backends) == 0 {
		return nil, errors.New("loadbalancer: no backends")
	}
	if opts.HealthPath == "" {
		opts.HealthPath = "/healthz"
	}
	if opts.Interval <= 0 {
		opts.Interval = time.Second
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 500 * time.Millisecond
	}
	if opts.Client == nil {
		opts.Client = &http.Client{}
	}
	b := &Balancer{opts: opts}
	for _, u := range backends {
		be := &backend{url: u, proxy: httputil.NewSingleHostReverseProxy(u)}
		be.proxy.ErrorHandler = func(w http.ResponseWriter, r *http.Request, err error) {
			writeProblem(w, http.StatusBadGateway, fmt.Sprintf("backend %s failed: %v", u, err))
		}
		be.healthy.Store(true)
		b.backends = append(b.backends, be)
	}
	return b, nil
}

// ServeHTTP forwards r to the next healthy backend. With no healthy backend it answers
// 503 Service Unavailable; when the chosen backend fails, 502 Bad Gateway (problem JSON both).
func (b *Balancer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	be := b.pick()
	if be == nil {
		writeProblem(w, http.StatusServiceUnavailable, "no healthy backend")
		return
	}
	be.proxy.ServeHTTP(w, r)
}

// pick returns the next healthy backend in round-robin order, or nil when none is healthy.
// Counting turns over the healthy backends only keeps the spread even when one is out: skipping
// to the dead one's neighbour would give that neighbour a double share.
func (b *Balancer) pick() *backend {
	var live []*backend
	for _, be := range b.backends {
		if be.healthy.Load() {
			live = append(live, be)
		}
	}
	if len(live) == 0 {
		return nil
	}
	return live[(b.next.Add(1)-1)%uint64(len(live))]
}

// CheckNow runs one round of health checks, probing every backend at once, and returns when all
// have answered or timed out. A backend is healthy when its health path answers 2xx.
func (b *Balancer) CheckNow(ctx context.Context) {
	var wg sync.WaitGroup
	for _, be := range b.backends {
		wg.Go(func() { be.healthy.Store(b.probe(ctx, be.url)) })
	}
	wg.Wait()
}

func (b *Balancer) probe(ctx context.Context, u *url.URL) bool {
	ctx, cancel := context.WithTimeout(ctx, b.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.JoinPath(b.opts.HealthPath).String(), nil)
	if err != nil {
		return false
	}
	resp, err := b.opts.Client.Do(req)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode >= 200 && resp.StatusCode < 300
}

// Run checks the backends at once and then every Interval, until ctx is done; then it returns.
func (b *Balancer) Run(ctx context.Context) {
	t := time.NewTicker(b.opts.Interval)
	defer t.Stop()
	for {
		b.CheckNow(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Healthy returns the URLs of the backends now in the rotation, in the order given to New.
func (b *Balancer) Healthy() []string {
	var out []string
	for _, be := range b.backends {
		if be.healthy.Load() {
			out = append(out, be.url.String())
		}
	}
	return out
}
