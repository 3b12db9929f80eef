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
	statuses := []int{200, 204, 299, 301, 304, 404, 429, 500, 502}
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
		"헬스 규칙: 2xx(200, 204, 299)만 건강합니다. 3xx, 4xx, 5xx는 건강하지 않습니다 (백엔드 상태 코드 순서: %v)",
		"health rule: only 2xx (200, 204, 299) is healthy; 3xx, 4xx and 5xx are not (backend statuses in order: %v)",
		statuses))
}
