package loadbalancer

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dsweekends/testkit/say"
	"dsweekends/testkit/together"
	"github.com/stretchr/testify/require"
)

// slowBackend answers /slow only once its gate is opened, and tells the test when a request arrives.
type slowBackend struct {
	name    string
	srv     *httptest.Server
	arrived chan struct{}
	gate    chan struct{}
	open    func()
	sick    atomic.Bool
	hits    atomic.Int64
}

func newSlowBackend(t *testing.T, name string) *slowBackend {
	b := &slowBackend{name: name, arrived: make(chan struct{}, 8), gate: make(chan struct{})}
	b.open = sync.OnceFunc(func() { close(b.gate) })
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		if b.sick.Load() {
			http.Error(w, "sick", http.StatusServiceUnavailable)
		}
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		b.hits.Add(1)
		if r.URL.Path == "/slow" {
			b.arrived <- struct{}{}
			<-b.gate
		}
		w.Header().Set("X-Backend", name)
		fmt.Fprint(w, name)
	})
	b.srv = httptest.NewServer(mux)
	t.Cleanup(b.srv.Close)
	t.Cleanup(b.open) // runs first: no handler is left blocked
	return b
}

func newLeastConn(t *testing.T, retries int, backends ...*slowBackend) (*Balancer, *httptest.Server) {
	t.Helper()
	var urls []*url.URL
	for _, b := range backends {
		u, err := url.Parse(b.srv.URL)
		require.NoError(t, err)
		urls = append(urls, u)
	}
	lb, err := New(urls, Options{})
	require.NoError(t, err)
	front := httptest.NewServer(NewLeastConn(lb, urls, retries))
	t.Cleanup(front.Close)
	return lb, front
}

func requireArrived(t *testing.T, b *slowBackend, why string) {
	t.Helper()
	select {
	case <-b.arrived:
	case <-time.After(5 * time.Second):
		t.Fatalf("no request reached backend %s: %s", b.name, why)
	}
}

func TestLeastConnPicksFewestInFlight(t *testing.T) {
	t.Parallel()
	a, b, c := newSlowBackend(t, "a"), newSlowBackend(t, "b"), newSlowBackend(t, "c")
	_, front := newLeastConn(t, 0, a, b, c)
	for i := range 3 {
		_, who := get(t, front, "/fast")
		require.Equal(t, "a", who, "request %d: with nothing in flight every backend ties, and a tie goes to the first; a finished request must no longer count as in flight", i)
	}

	var wg sync.WaitGroup
	defer wg.Wait()
	defer a.open() // deferred calls run last-in first-out: the gates open before wg.Wait,
	defer b.open() // so a failed require cannot leave the test waiting on a blocked request
	slow := func() {
		wg.Go(func() { // no require here: it may only stop the test's own goroutine
			if resp, err := front.Client().Get(front.URL + "/slow"); err == nil {
				resp.Body.Close()
			}
		})
	}
	slow()
	requireArrived(t, a, "the first slow request goes to a (all at 0)")
	slow()
	requireArrived(t, b, "least-connections rule: a has 1 in flight, so the next request goes to b (0)")
	_, who := get(t, front, "/fast")
	require.Equal(t, "c", who, "least-connections rule: a and b have 1 in flight each, c has 0")

	b.open()
	require.Eventually(t, func() bool {
		_, who := get(t, front, "/fast")
		return who == "b"
	}, 5*time.Second, 5*time.Millisecond, "least-connections rule: once b's slow request is done, b (0, before c) gets the next request")
	_, who = get(t, front, "/fast")
	require.Equal(t, "b", who, "least-connections rule: a still has 1 in flight; b and c tie at 0 and b comes first")
	a.open()
}

func TestLeastConnSkipsUnhealthy(t *testing.T) {
	t.Parallel()
	a, b := newSlowBackend(t, "a"), newSlowBackend(t, "b")
	lb, front := newLeastConn(t, 0, a, b)
	a.sick.Store(true)
	lb.CheckNow(ctxFor(t))
	for range 3 {
		_, who := get(t, front, "/fast")
		require.Equal(t, "b", who, "health rule: LeastConn only picks among Balancer.Healthy()")
	}
}

func TestLeastConnRetriesIdempotentRequest(t *testing.T) {
	t.Parallel()
	a, b := newSlowBackend(t, "a"), newSlowBackend(t, "b")
	_, front := newLeastConn(t, 1, a, b)
	a.srv.Close() // dead, and no health check has noticed yet
	for _, method := range []string{http.MethodGet, http.MethodDelete} {
		req, err := http.NewRequest(method, front.URL+"/x", nil)
		require.NoError(t, err)
		resp, err := front.Client().Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusOK, resp.StatusCode, "retry rule: %s is idempotent, so when a fails before answering it is retried on another backend (b)", method)
		require.Equal(t, "b", resp.Header.Get("X-Backend"))
	}
}

func TestLeastConnDoesNotRetryPost(t *testing.T) {
	t.Parallel()
	a, b := newSlowBackend(t, "a"), newSlowBackend(t, "b")
	_, front := newLeastConn(t, 1, a, b)
	a.srv.Close()
	resp, err := front.Client().Post(front.URL+"/orders", "application/json", strings.NewReader(`{"item":1}`))
	require.NoError(t, err)
	defer resp.Body.Close()
	requireProblem(t, resp, http.StatusBadGateway, "retry rule: POST is not idempotent (the dead backend may have applied it), so its failure is a 502, never a retry")
	require.Zero(t, b.hits.Load(), "retry rule: the POST must not be sent to b")
}

func TestLeastConnRetryLimit(t *testing.T) {
	t.Parallel()
	a, b, c := newSlowBackend(t, "a"), newSlowBackend(t, "b"), newSlowBackend(t, "c")
	_, front := newLeastConn(t, 1, a, b, c)
	a.srv.Close()
	b.srv.Close()
	resp, err := front.Client().Get(front.URL + "/x")
	require.NoError(t, err)
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	require.Equal(t, http.StatusBadGateway, resp.StatusCode, "retry rule: with retries=1 a request tries two backends (a, then b), both dead: 502")
	require.Zero(t, c.hits.Load(), "retry rule: no more than retries extra attempts")

	_, front2 := newLeastConn(t, 2, a, b, c)
	status, who := get(t, front2, "/x")
	require.Equal(t, http.StatusOK, status, "with retries=2 the third backend answers")
	require.Equal(t, "c", who, "retry rule: each retry goes to a backend not yet tried")
}

func TestLeastConnNoHealthyBackendIs503(t *testing.T) {
	t.Parallel()
	a := newSlowBackend(t, "a")
	lb, front := newLeastConn(t, 1, a)
	a.sick.Store(true)
	lb.CheckNow(ctxFor(t))
	resp, err := front.Client().Get(front.URL + "/x")
	require.NoError(t, err)
	defer resp.Body.Close()
	requireProblem(t, resp, http.StatusServiceUnavailable, "LeastConn with no healthy backend answers 503")
}

func TestLeastConnConcurrentRequestsKeepCountsRight(t *testing.T) {
	t.Parallel()
	a, b, c := newSlowBackend(t, "a"), newSlowBackend(t, "b"), newSlowBackend(t, "c")
	_, front := newLeastConn(t, 0, a, b, c)
	const callers, each = 16, 20
	var failed atomic.Int64
	client := front.Client()
	// Many requests at once: acquire and release change the in-flight counts
	// from many goroutines (net/http serves each request on its own).
	together.Run(t, callers, 30*time.Second, func(int) {
		for range each {
			resp, err := client.Get(front.URL + "/fast")
			if err != nil {
				failed.Add(1)
				continue
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				failed.Add(1)
			}
		}
	})
	require.Zero(t, failed.Load(), say.F("동시 요청 %d개 중 %d개가 200이 아니었습니다", "%[2]d of %[1]d concurrent requests did not get a 200", callers*each, failed.Load()))
	require.EqualValues(t, callers*each, a.hits.Load()+b.hits.Load()+c.hits.Load(), say.T("요청마다 백엔드 하나에 정확히 한 번", "each request reaches exactly one backend, once"))
	// Every request has finished, so nothing is in flight: all tie at 0 and
	// the first backend gets the next one. A count changed without the lock
	// (or without being given back) makes a backend look busy forever.
	for i := range 3 {
		_, who := get(t, front, "/fast")
		require.Equal(t, "a", who, say.F(
			"동시 요청이 모두 끝난 뒤의 요청 %d: 진행 중인 요청이 없으니 모두 0으로 같고 첫 백엔드 a가 받아야 합니다 — 진행 중 수를 늘리고 줄이는 곳(acquire와 release) 모두 잠금 아래에서 하세요",
			"request %d after every concurrent request has finished: nothing is in flight, so all tie at 0 and the first backend, a, gets it — change the in-flight counts (both where you add and where you give back) only under the lock", i))
	}
}

// TestLeastConnReleasesWhenTheClientGivesUp: a request held by a backend that does not answer
// counts as in flight only while it is. When its client gives up, the balancer gives the slot
// back, so a later request (a tie again) goes to the earliest backend once more. A slot released
// only when the backend answered stays taken for ever: that backend gets no traffic again.
func TestLeastConnReleasesWhenTheClientGivesUp(t *testing.T) {
	t.Parallel()
	a, b := newSlowBackend(t, "a"), newSlowBackend(t, "b")
	_, front := newLeastConn(t, 0, a, b)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{})
	go func() {
		defer close(done)
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, front.URL+"/slow", nil)
		if err != nil {
			return
		}
		if resp, err := front.Client().Do(req); err == nil {
			resp.Body.Close()
		}
	}()
	requireArrived(t, a, "the first request goes to a: both have none in flight, and a tie goes to the earliest backend")
	for i := range 3 {
		_, who := get(t, front, "/")
		require.Equal(t, "b", who, say.F("a가 요청 하나를 붙잡고 있는 동안의 요청 %d: 진행 중인 요청이 가장 적은 b로 가야 합니다",
			"request %d while a holds one: it goes to b, which has fewer in flight", i+1))
	}
	cancel() // the client gives up on the request a holds
	<-done
	deadline := time.Now().Add(3 * time.Second)
	for {
		if _, who := get(t, front, "/"); who == "a" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal(say.T(
				"a가 붙잡고 있던 요청의 클라이언트가 포기한 지 3초가 지나도 요청이 a로 가지 않습니다: 진행 중인 수는 백엔드가 답했을 때만이 아니라 프록시가 어떻게 끝나든(실패, 취소 포함) 되돌려야 합니다 — leastconn.go",
				"3 s after the client of the request a held gave up, no request goes to a: give the in-flight slot back however the proxying ends (a failure or a cancel included), not only when the backend answered — leastconn.go"))
		}
		time.Sleep(10 * time.Millisecond)
	}
}
