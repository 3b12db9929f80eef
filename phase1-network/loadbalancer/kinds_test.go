package loadbalancer

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"dsweekends/testkit/peer"
	"dsweekends/testkit/say"
	"dsweekends/testkit/together"

	"github.com/stretchr/testify/require"
)

// hungBackend is a server whose every answer, /healthz included, blocks until the client gives up
// or the test ends: a backend that hangs.
func hungBackend(t *testing.T) *url.URL {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(func() { close(release); srv.Close() })
	u, err := url.Parse(srv.URL)
	require.NoError(t, err)
	return u
}

func backendURL(t *testing.T, b *testBackend) *url.URL {
	u, err := url.Parse(b.srv.URL)
	require.NoError(t, err)
	return u
}

// checkWithin runs lb.CheckNow(ctx) and fails the test, naming rule, when it has not returned
// within limit. The wait is bounded so that a probe with no timeout fails instead of hanging.
func checkWithin(t *testing.T, lb *Balancer, ctx context.Context, limit time.Duration, rule string) {
	t.Helper()
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); lb.CheckNow(ctx) }()
	t.Cleanup(func() {
		cancel()
		select { // bounded: a probe detached from ctx ends when the hung backend is released
		case <-done:
		case <-time.After(2 * time.Second):
		}
	})
	select {
	case <-done:
	case <-time.After(limit):
		t.Fatal(rule)
	}
}

func TestConcurrentRequestsShareEvenly(t *testing.T) {
	t.Parallel()
	bs := []*testBackend{newBackend(t, "a"), newBackend(t, "b"), newBackend(t, "c"), newBackend(t, "d")}
	lb, front := newBalancer(t, Options{Timeout: 2 * time.Second}, bs...)
	tr := &http.Transport{MaxIdleConnsPerHost: 64}
	t.Cleanup(tr.CloseIdleConnections)
	client := &http.Client{Transport: tr}

	const callers, each, checkers = 16, 16, 2
	var failed atomic.Int64
	var firstErr atomic.Value
	together.Run(t, callers+checkers, 60*time.Second, func(i int) {
		if i < checkers { // health checks and Healthy() run beside the requests
			for range 10 {
				lb.CheckNow(context.Background())
				_ = lb.Healthy()
			}
			return
		}
		for range each {
			resp, err := client.Get(front.URL + "/")
			if err != nil {
				failed.Add(1)
				firstErr.CompareAndSwap(nil, err.Error())
				continue
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusAccepted {
				failed.Add(1)
				firstErr.CompareAndSwap(nil, fmt.Sprintf("status %d", resp.StatusCode))
			}
		}
	})
	require.Zero(t, failed.Load(), say.F(
		"동시 요청 %d개 중 %d개가 실패했습니다 (첫 번째: %v): 모든 백엔드가 건강하면 모든 요청이 백엔드에 닿아야 합니다",
		"%d of %d concurrent requests failed (first: %v): with every backend healthy, every request must reach one",
		failed.Load(), callers*each, firstErr.Load()))
	got := map[string]int64{}
	for _, b := range bs {
		got[b.name] = b.hits.Load()
	}
	want := map[string]int64{"a": 64, "b": 64, "c": 64, "d": 64}
	require.Equal(t, want, got, say.F(
		"동시성 규칙: ServeHTTP는 여러 고루틴에서 동시에 불립니다. 라운드 로빈 카운터는 sync/atomic(또는 뮤텍스)으로 올려야 %d개의 동시 요청이 백엔드 4개에 정확히 64개씩 나뉩니다 (잠그지 않은 카운터는 증가분을 잃습니다; -race의 DATA RACE 보고도 보세요)",
		"concurrency rule: ServeHTTP runs on many goroutines at once. The round-robin counter must be advanced with sync/atomic (or under a mutex) so that %d concurrent requests split exactly 64 per backend over 4 (an unguarded counter loses increments; see also -race's DATA RACE report)",
		callers*each))
}

func TestHealthCheckTimesOutHungBackend(t *testing.T) {
	t.Parallel()
	a := newBackend(t, "a")
	hung := hungBackend(t)
	silent, err := url.Parse("http://" + peer.Silent(t)) // accepts the connection, never answers
	require.NoError(t, err)
	lb, err := New([]*url.URL{backendURL(t, a), hung, silent}, Options{Timeout: 100 * time.Millisecond})
	require.NoError(t, err)
	require.Contains(t, lb.Healthy(), hung.String(), say.T(
		"New 규칙: 모든 백엔드는 로테이션 안에서 시작합니다 (Healthy는 New에 준 순서대로 모두를 돌려줘야 합니다)",
		"New's rule: every backend starts in the rotation (Healthy lists them all, in the order given to New)"))

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	checkWithin(t, lb, ctx, 2*time.Second, say.T(
		"CheckNow가 Timeout=100ms인데 2초가 지나도 돌아오지 않았습니다: 헬스 체크 하나하나를 Options.Timeout으로 제한하세요 (context.WithTimeout으로 만든 요청 컨텍스트, http.NewRequestWithContext). 답하지 않는 백엔드는 건강하지 않습니다",
		"CheckNow with Timeout=100ms had not returned after 2s: bound each health check by Options.Timeout (a request context from context.WithTimeout, http.NewRequestWithContext). A backend that never answers is unhealthy"))
	healthy := lb.Healthy()
	require.NotContains(t, healthy, hung.String(), say.T(
		"헬스 규칙: /healthz가 Timeout 안에 답하지 않는 백엔드(응답을 붙잡는 서버, 연결만 받고 아무 말도 없는 피어)는 로테이션에서 빠집니다",
		"health rule: a backend whose /healthz does not answer within Timeout (a server that hangs, a peer that accepts and never speaks) leaves the rotation"))
	require.NotContains(t, healthy, silent.String(), say.T(
		"헬스 규칙: 연결만 받고 아무 말도 하지 않는 피어는 Timeout 뒤에 로테이션에서 빠집니다",
		"health rule: a peer that accepts the connection and never speaks leaves the rotation after Timeout"))
}

func TestCheckNowHonoursCallerDeadline(t *testing.T) {
	t.Parallel()
	a := newBackend(t, "a")
	hung := hungBackend(t)
	// The per-check Timeout is long; the caller's deadline is what must end the round.
	lb, err := New([]*url.URL{backendURL(t, a), hung}, Options{Timeout: 20 * time.Second})
	require.NoError(t, err)
	require.Contains(t, lb.Healthy(), hung.String(), say.T(
		"New 규칙: 모든 백엔드는 로테이션 안에서 시작합니다 (Healthy는 New에 준 순서대로 모두를 돌려줘야 합니다)",
		"New's rule: every backend starts in the rotation (Healthy lists them all, in the order given to New)"))

	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
	t.Cleanup(cancel)
	checkWithin(t, lb, ctx, 2*time.Second, say.T(
		"CheckNow(ctx)가 ctx의 마감(150ms)이 지나고 2초 뒤에도 돌아오지 않았습니다: 헬스 체크의 컨텍스트는 호출자의 ctx에서 만드세요 (context.WithTimeout(ctx, Timeout), context.Background()가 아니라)",
		"CheckNow(ctx) had not returned 2s after ctx's deadline (150ms): derive each health check's context from the caller's ctx (context.WithTimeout(ctx, Timeout), not from context.Background())"))
	require.NotContains(t, lb.Healthy(), hung.String(), say.T(
		"호출자의 마감까지 답하지 않은 백엔드는 건강하지 않습니다",
		"a backend that did not answer by the caller's deadline is unhealthy"))
}

func TestOnlyTwoHundredsAreHealthy(t *testing.T) {
	t.Parallel()
	statuses := []int{200, 204, 299, 300, 301, 304, 404, 429, 500, 502}
	var urls []*url.URL
	var want []string
	for _, st := range statuses {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(st) // a 3xx without Location: the client returns it as it is
		}))
		t.Cleanup(srv.Close)
		u, err := url.Parse(srv.URL)
		require.NoError(t, err)
		urls = append(urls, u)
		if st >= 200 && st < 300 {
			want = append(want, srv.URL)
		}
	}
	lb, err := New(urls, Options{Timeout: 2 * time.Second})
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	checkWithin(t, lb, ctx, 5*time.Second, say.T(
		"CheckNow가 5초 안에 돌아오지 않았습니다", "CheckNow had not returned within 5s"))
	require.Equal(t, want, lb.Healthy(), say.F(
		"헬스 규칙: 2xx(200, 204, 299)만 건강합니다. 300을 포함한 3xx, 4xx, 5xx는 건강하지 않습니다: 200 <= 상태 < 300 (백엔드 상태 코드 순서: %v)",
		"health rule: only 2xx (200, 204, 299) is healthy; 3xx from 300 on, 4xx and 5xx are not: 200 <= status < 300 (backend statuses in order: %v)",
		statuses))
}

// roundTripFunc is an http.RoundTripper made of a function: health checks that never touch the
// network.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestZeroIntervalChecksEverySecond: a zero Options.Interval means one second. Inside a synctest
// bubble time is virtual and the health checks go through a Client that answers in no time, so
// the test counts Run's rounds exactly: one at once, then one each second, and none in between.
func TestZeroIntervalChecksEverySecond(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		var probes atomic.Int64
		client := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			probes.Add(1)
			return &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
		})}
		backend, err := url.Parse("http://backend.invalid") // never dialled: the Client above answers
		require.NoError(t, err)
		lb, err := New([]*url.URL{backend}, Options{Client: client})
		require.NoError(t, err)
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		done := make(chan struct{})
		panicked := make(chan any, 1)
		go func() {
			defer close(done)
			defer func() { // time.NewTicker(0) panics: say why here, not as a crash of every test
				if r := recover(); r != nil {
					panicked <- r
				}
			}()
			lb.Run(ctx)
		}()

		step := func(d time.Duration, want int64, when string) {
			time.Sleep(d)
			synctest.Wait() // every goroutine of the bubble is blocked: Run's round is over
			select {
			case r := <-panicked:
				t.Fatal(say.F("Options{} (Interval 0)로 시작한 Run이 panic했습니다: %v. Interval이 0이면 New에서 1초로 정하세요 — balancer.go",
					"Run started with Options{} (Interval 0) panicked: %v. A zero Interval means 1s: set it in New — balancer.go", r))
			default:
			}
			require.Equal(t, want, probes.Load(), say.F(
				"Options{} (Interval 0)로 Run을 시작하고 %s: 헬스 체크 횟수. Interval이 0이면 1초로 정하고(New에서), Run은 시작하자마자 한 번, 그 뒤 Interval마다 한 번 확인합니다 — balancer.go",
				"health checks by Run started with Options{} (Interval 0), %s: a zero Interval means 1s (set it in New), and Run checks once at once, then once every Interval — balancer.go", when))
		}
		step(0, 1, say.T("바로 뒤", "at once"))
		step(999*time.Millisecond, 1, say.T("0.999초 뒤", "after 0.999s"))
		step(time.Millisecond, 2, say.T("1초 뒤", "after 1s"))
		step(3*time.Second, 5, say.T("4초 뒤", "after 4s"))

		cancel()
		synctest.Wait()
		select {
		case <-done:
		default:
			t.Fatal(say.T("Run은 컨텍스트가 취소되면 돌아와야 합니다 — balancer.go", "Run must return when its context is cancelled — balancer.go"))
		}
	})
}
