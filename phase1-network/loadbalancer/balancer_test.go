package loadbalancer

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"dsweekends/testkit/say"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testBackend is an upstream server that names itself in every answer and counts its requests.
type testBackend struct {
	name string
	srv  *httptest.Server
	sick atomic.Bool // when set, /healthz answers 503
	hits atomic.Int64
}

func newBackend(t *testing.T, name string) *testBackend {
	b := &testBackend{name: name}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		if b.sick.Load() {
			http.Error(w, "sick", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		b.hits.Add(1)
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("X-Backend", name)
		w.WriteHeader(http.StatusAccepted)
		fmt.Fprintf(w, "%s %s %s?%s %s", name, r.Method, r.URL.Path, r.URL.RawQuery, body)
	})
	b.srv = httptest.NewServer(mux)
	t.Cleanup(b.srv.Close)
	return b
}

func newBalancer(t *testing.T, opts Options, backends ...*testBackend) (*Balancer, *httptest.Server) {
	t.Helper()
	var urls []*url.URL
	for _, b := range backends {
		u, err := url.Parse(b.srv.URL)
		require.NoError(t, err)
		urls = append(urls, u)
	}
	lb, err := New(urls, opts)
	require.NoError(t, err, "New with %d backends", len(urls))
	require.NotNil(t, lb, "New returned a nil Balancer")
	front := httptest.NewServer(lb)
	t.Cleanup(front.Close)
	return lb, front
}

func ctxFor(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// get sends GET path through the balancer and returns the status and the X-Backend that answered.
func get(t *testing.T, front *httptest.Server, path string) (int, string) {
	t.Helper()
	resp, err := front.Client().Get(front.URL + path)
	require.NoError(t, err, "GET %s through the balancer", path)
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, resp.Header.Get("X-Backend")
}

func requireProblem(t *testing.T, resp *http.Response, status int, why string) {
	t.Helper()
	require.Equal(t, status, resp.StatusCode, why)
	require.Equal(t, "application/problem+json", resp.Header.Get("Content-Type"), "%s: errors are problem JSON", why)
	var p struct {
		Status int    `json:"status"`
		Title  string `json:"title"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&p), "%s: the body must be problem JSON", why)
	require.Equal(t, status, p.Status, "%s: the problem's status field", why)
}

func TestNewRejectsNoBackends(t *testing.T) {
	t.Parallel()
	lb, err := New(nil, Options{})
	require.Error(t, err, "New with no backends must return an error, not a balancer that can never answer")
	require.Nil(t, lb)
}

func TestRoundRobinInOrder(t *testing.T) {
	t.Parallel()
	a, b, c := newBackend(t, "a"), newBackend(t, "b"), newBackend(t, "c")
	_, front := newBalancer(t, Options{}, a, b, c)
	var got []string
	for range 9 {
		status, who := get(t, front, "/")
		require.Equal(t, http.StatusAccepted, status, "the backend's status must pass through the proxy")
		got = append(got, who)
	}
	require.Equal(t, []string{"a", "b", "c", "a", "b", "c", "a", "b", "c"}, got,
		"round-robin rule: requests go to the backends in turn, in the order given to New")
}

func TestProxyForwardsRequest(t *testing.T) {
	t.Parallel()
	a := newBackend(t, "a")
	_, front := newBalancer(t, Options{}, a)
	resp, err := front.Client().Post(front.URL+"/orders/7?x=1", "text/plain", strings.NewReader("hello"))
	require.NoError(t, err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	require.Equal(t, http.StatusAccepted, resp.StatusCode, "status passes through")
	require.Equal(t, "a", resp.Header.Get("X-Backend"), "headers pass through")
	require.Equal(t, "a POST /orders/7?x=1 hello", string(body), "method, path, query and body reach the backend unchanged")
}

func TestHealthCheckRemovesDeadBackend(t *testing.T) {
	t.Parallel()
	a, b, c := newBackend(t, "a"), newBackend(t, "b"), newBackend(t, "c")
	lb, front := newBalancer(t, Options{}, a, b, c)
	b.srv.Close() // killed
	lb.CheckNow(ctxFor(t))
	require.Equal(t, []string{a.srv.URL, c.srv.URL}, lb.Healthy(), "health rule: after one round of checks a dead backend is out of the rotation")
	for i := range 12 {
		status, who := get(t, front, "/")
		require.Equal(t, http.StatusAccepted, status, "request %d: health rule: never send to a backend the last check found dead (it went to %q)", i, who)
		require.NotEqual(t, "b", who)
	}
	require.Equal(t, int64(6), a.hits.Load(), "the live backends share the load in turn")
	require.Equal(t, int64(6), c.hits.Load(), "the live backends share the load in turn")
}

func TestHealthCheckRestoresBackend(t *testing.T) {
	t.Parallel()
	a, b := newBackend(t, "a"), newBackend(t, "b")
	lb, front := newBalancer(t, Options{}, a, b)
	b.sick.Store(true) // /healthz answers 503
	lb.CheckNow(ctxFor(t))
	require.Equal(t, []string{a.srv.URL}, lb.Healthy(), "health rule: a backend whose health path answers 503 is unhealthy (only 2xx is healthy)")
	for range 4 {
		_, who := get(t, front, "/")
		require.Equal(t, "a", who, "health rule: an unhealthy backend gets no requests")
	}

	b.sick.Store(false)
	lb.CheckNow(ctxFor(t))
	require.Equal(t, []string{a.srv.URL, b.srv.URL}, lb.Healthy(), "health rule: a backend that answers 2xx again is back in the rotation")
	seen := map[string]int{}
	for range 4 {
		_, who := get(t, front, "/")
		seen[who]++
	}
	require.Equal(t, map[string]int{"a": 2, "b": 2}, seen, "the recovered backend gets its turn again")
}

func TestRunChecksPeriodically(t *testing.T) {
	t.Parallel()
	a, b := newBackend(t, "a"), newBackend(t, "b")
	lb, front := newBalancer(t, Options{Interval: 10 * time.Millisecond}, a, b)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); lb.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select { // bounded, so that a Run that ignores ctx fails the test instead of hanging it
		case <-done:
		case <-time.After(time.Second):
		}
	})

	b.srv.Close()
	require.Eventually(t, func() bool { return len(lb.Healthy()) == 1 }, 5*time.Second, 5*time.Millisecond,
		"Run must check the backends every Interval: a killed backend must leave the rotation (Healthy() = %v)", lb.Healthy())
	for range 4 {
		status, who := get(t, front, "/")
		require.Equal(t, http.StatusAccepted, status)
		require.Equal(t, "a", who)
	}

	cancel()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatal(say.T("Run은 컨텍스트가 취소되면 돌아와야 합니다: 취소 뒤 2초가 지나도 돌아오지 않았습니다 (select에서 <-ctx.Done()이면 return)",
			"Run must return when its context is cancelled: it had not returned 2s after cancel (on <-ctx.Done() in the select, return)"))
	}
}

func TestNoHealthyBackendIs503(t *testing.T) {
	t.Parallel()
	a := newBackend(t, "a")
	lb, front := newBalancer(t, Options{}, a)
	a.sick.Store(true)
	lb.CheckNow(ctxFor(t))
	resp, err := front.Client().Get(front.URL + "/")
	require.NoError(t, err)
	defer resp.Body.Close()
	requireProblem(t, resp, http.StatusServiceUnavailable, "with no healthy backend the balancer answers 503 Service Unavailable")
	assert.Zero(t, a.hits.Load(), "no request may reach an unhealthy backend")
}

func TestDeadBackendBeforeCheckIs502(t *testing.T) {
	t.Parallel()
	a := newBackend(t, "a")
	_, front := newBalancer(t, Options{}, a)
	a.srv.Close() // dead, but no check has run yet
	resp, err := front.Client().Get(front.URL + "/")
	require.NoError(t, err)
	defer resp.Body.Close()
	requireProblem(t, resp, http.StatusBadGateway, "a backend that fails mid-request is 502 Bad Gateway (httputil.ReverseProxy.ErrorHandler)")
}
