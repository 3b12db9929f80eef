package restapi

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"dsweekends/testkit/say"
	"dsweekends/testkit/shutdown"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTimeoutAnswers503Problem(t *testing.T) {
	h := Timeout(20 * time.Millisecond)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/fast" {
			w.WriteHeader(http.StatusTeapot)
			return
		}
		select { // a slow handler that respects its context
		case <-r.Context().Done():
		case <-time.After(time.Second):
		}
	}))
	ts := httptest.NewServer(h)
	defer ts.Close()
	r := send(t, ts, "GET", "/slow", "")
	require.Equal(t, http.StatusServiceUnavailable, r.status, "a handler that gave up at the deadline without writing: Timeout answers 503, not an empty 200")
	r.problem(t)
	assert.Equal(t, http.StatusTeapot, send(t, ts, "GET", "/fast", "").status, "a handler that answers in time keeps its own status")
}

// startServe runs Serve on a loopback port with the handler and grace.
func startServe(t *testing.T, h http.Handler, grace time.Duration) (l net.Listener, cancel context.CancelFunc, errc chan error) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { l.Close() })
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	errc = make(chan error, 1)
	go func() { errc <- Serve(ctx, l, h, grace) }()
	return l, cancel, errc
}

func TestServeFinishesRequestsInFlightUnderLoad(t *testing.T) {
	const load = 20
	arrived := make(chan struct{}, load)
	release := make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		<-release
		w.WriteHeader(http.StatusOK)
	})
	w := shutdown.Start()
	l, cancel, errc := startServe(t, h, waitLimit)
	addr := l.Addr().String()
	client := &http.Client{Timeout: waitLimit, Transport: &http.Transport{DisableKeepAlives: true}}
	defer client.CloseIdleConnections()

	statuses := make(chan int, load)
	var wg sync.WaitGroup
	for range load {
		wg.Go(func() {
			resp, err := client.Get("http://" + addr + "/")
			if err != nil {
				statuses <- 0
				return
			}
			resp.Body.Close()
			statuses <- resp.StatusCode
		})
	}
	for i := range load {
		select {
		case <-arrived:
		case err := <-errc:
			l.Close() // resets the connections nobody accepted
			close(release)
			wg.Wait()
			t.Fatalf("Serve returned before it was cancelled: %v", err)
		case <-time.After(waitLimit):
			close(release)
			wg.Wait()
			t.Fatalf("only %d of %d requests reached the handler: Serve must serve them", i, load)
		}
	}
	cancel()
	require.Eventually(t, func() bool {
		c, err := net.DialTimeout("tcp", addr, waitLimit)
		if err == nil {
			c.Close()
		}
		return err != nil
	}, waitLimit, time.Millisecond, "after cancel, Serve must stop accepting new connections (Shutdown closes the listener)")
	select {
	case err := <-errc:
		close(release)
		wg.Wait()
		t.Fatalf("Serve returned (%v) while %d requests were still in flight: Shutdown waits for them", err, load)
	default:
	}
	close(release)
	wg.Wait()
	close(statuses)
	for s := range statuses {
		assert.Equal(t, http.StatusOK, s, "every request in flight at shutdown must complete with its answer")
	}
	select {
	case err := <-errc:
		assert.NoError(t, err, "a graceful shutdown returns nil")
	case <-time.After(waitLimit):
		t.Fatal("Serve did not return after the requests in flight finished")
	}
	// Checked at once, not through goleak's retry window: what Serve started has ended when it
	// returns.
	w.Check(t, say.T("Serve가 돌아왔습니다", "Serve returned"), say.T(
		"Serve는 자신이 시작한 고루틴(srv.Serve를 돌리는 고루틴 등)이 끝난 뒤에 돌아와야 합니다: Shutdown 뒤 그 고루틴의 결과를 채널에서 받고 돌아오세요 — stretch.go",
		"Serve returns only once the goroutines it started (the one running srv.Serve, and any other) have ended: after Shutdown, receive that goroutine's result from its channel, then return — stretch.go"))
}

func TestServeGivesUpAfterGrace(t *testing.T) {
	stuck := make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(stuck)
		<-r.Context().Done() // ends only when the connection is cut
	})
	l, cancel, errc := startServe(t, h, 50*time.Millisecond)
	addr := l.Addr().String()
	client := &http.Client{Timeout: waitLimit, Transport: &http.Transport{DisableKeepAlives: true}}
	reqErr := make(chan error, 1)
	go func() {
		resp, err := client.Get("http://" + addr + "/")
		if err == nil {
			resp.Body.Close()
		}
		reqErr <- err
	}()
	select {
	case <-stuck:
	case err := <-errc:
		l.Close()
		<-reqErr
		t.Fatalf("Serve returned before it was cancelled: %v", err)
	case <-time.After(waitLimit):
		t.Fatal("the request never reached the handler")
	}
	cancel()
	select {
	case err := <-errc:
		require.Error(t, err, "a request outlived the grace period: Serve must say so")
		assert.True(t, errors.Is(err, context.DeadlineExceeded), "the error wraps context.DeadlineExceeded (Shutdown's context bounded by grace), got %v", err)
	case <-time.After(waitLimit):
		t.Fatal("Serve is still waiting long after grace: bound Shutdown with a context of its own, then Close")
	}
	select {
	case err := <-reqErr:
		assert.Error(t, err, "the stuck request's connection is closed after grace")
	case <-time.After(waitLimit):
		t.Fatal("the stuck request was never cut: call Close after Shutdown gives up")
	}
}
