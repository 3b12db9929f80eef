package webserver

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"dsweekends/testkit/say"
	"dsweekends/testkit/shutdown"
	"dsweekends/testkit/together"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// serveDirect calls h with one request and returns the recorded reply.
func serveDirect(h http.Handler, method, target, body string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	h.ServeHTTP(rec, req)
	return rec
}

func TestHandlerIsSafeForConcurrentUse(t *testing.T) {
	// Every route at once, straight into the handler: a read of the map or the
	// counter outside the mutex, beside a locked write, is reported by -race.
	h := NewHandler()
	require.NotNil(t, h, "NewHandler returned nil")
	const seeded = 8
	for i := range seeded {
		rec := serveDirect(h, http.MethodPost, "/todos", fmt.Sprintf(`{"title":"seed %d"}`, i))
		require.Equal(t, http.StatusCreated, rec.Code, say.F(
			"POST /todos는 201이어야 합니다 (먼저 TestCreateTodo를 통과시키세요); 본문: %s",
			"POST /todos should answer 201 (make TestCreateTodo pass first); body: %s", rec.Body.String()))
	}

	const n = 48
	codes := make([]int, n)
	together.Run(t, n, waitLimit, func(i int) {
		id := i/4%seeded + 1
		var rec *httptest.ResponseRecorder
		switch i % 4 {
		case 0:
			rec = serveDirect(h, http.MethodPost, "/todos", fmt.Sprintf(`{"title":"task %d"}`, i))
		case 1:
			rec = serveDirect(h, http.MethodGet, "/todos?limit=100&q=TASK", "")
		case 2:
			rec = serveDirect(h, http.MethodGet, fmt.Sprintf("/todos/%d", id), "")
		case 3:
			rec = serveDirect(h, http.MethodDelete, fmt.Sprintf("/todos/%d", id+seeded), "")
		}
		codes[i] = rec.Code
	})
	if t.Failed() { // a race report (go test -race) or a call that never returned
		t.Fatal(say.T(
			"핸들러는 여러 고루틴에서 동시에 호출됩니다: 맵과 ID 카운터를 읽는 곳(목록, 조회)과 바꾸는 곳(생성, 삭제) 모두 같은 뮤텍스 아래에 두세요",
			"the handler is called from many goroutines at once: read the map and the id counter (list, get) and change them (create, delete) under the same mutex"))
	}
	for i, code := range codes {
		switch i % 4 {
		case 0:
			assert.Equal(t, http.StatusCreated, code, say.F("동시 요청 %d (POST /todos)", "concurrent request %d (POST /todos)", i))
		case 1, 2:
			assert.Equal(t, http.StatusOK, code, say.F("동시 요청 %d (GET)", "concurrent request %d (GET)", i))
		case 3:
			assert.Contains(t, []int{http.StatusNoContent, http.StatusNotFound}, code,
				say.F("동시 요청 %d (DELETE): 204 또는 (아직 없으면) 404", "concurrent request %d (DELETE): 204, or 404 if not created yet", i))
		}
	}

	rec := serveDirect(h, http.MethodGet, "/todos?limit=100", "")
	var all []Todo
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &all), "GET /todos?limit=100: %s", rec.Body.String())
	seen := map[int64]bool{}
	for _, td := range all {
		require.False(t, seen[td.ID], say.F("ID %d가 두 번 나왔습니다", "id %d is listed twice", td.ID))
		seen[td.ID] = true
	}
}

func TestServeLeavesNothingBehind(t *testing.T) {
	// Not parallel: shutdown.Start counts every goroutine started after it.
	t.Run("after Serve returns no goroutine or connection is left", func(t *testing.T) {
		w := shutdown.Start()
		ln := shutdown.Listen(t)
		addr := ln.Addr().String()
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") })

		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		serveDone := make(chan error, 1)
		go func() { serveDone <- Serve(ctx, ln, h) }()

		// Two requests on one keep-alive connection, which then stays open and idle.
		tr := &http.Transport{}
		defer tr.CloseIdleConnections()
		client := &http.Client{Transport: tr, Timeout: waitLimit}
		for i := range 2 {
			resp, err := client.Get("http://" + addr + "/")
			if err != nil {
				select {
				case serr := <-serveDone:
					require.FailNow(t, say.T("Serve가 바로 끝났습니다", "Serve returned right away"),
						say.F("Serve가 %v를 돌려줬습니다. ctx가 취소될 때까지 서비스해야 합니다 (run.go)",
							"Serve returned %v; it should serve until ctx is cancelled (see run.go)", serr))
				default:
				}
				require.NoError(t, err, say.F("실행 중인 서버에 보낸 요청 %d", "request %d to a running server", i))
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			require.Equal(t, http.StatusOK, resp.StatusCode, "GET /")
		}

		cancel()
		select {
		case err := <-serveDone:
			require.NoError(t, err, say.T("깨끗한 종료는 nil을 돌려줍니다", "a clean shutdown returns nil"))
		case <-time.After(waitLimit):
			require.FailNow(t, say.T("Serve가 끝나지 않았습니다", "Serve did not return"),
				say.F("ctx를 취소한 지 %v가 지나도 Serve가 돌아오지 않았습니다 (요청은 모두 끝났습니다)",
					"Serve was still running %v after ctx was cancelled, with no request in flight", waitLimit))
		}
		rule := say.T(
			"ctx가 취소되면 Serve는 http.Server.Shutdown을 호출해 쉬는 연결까지 닫고, srv.Serve 고루틴이 끝날 때까지 기다린 뒤 돌아옵니다 (리스너만 닫으면 연결과 그 고루틴이 남습니다)",
			"when ctx is cancelled Serve calls http.Server.Shutdown, which also closes idle connections, and waits for its srv.Serve goroutine before returning (closing only the listener leaves connections and their goroutines behind)")
		ln.CheckClosed(t, "Serve returned", rule)
		w.Check(t, "Serve returned", rule)
	})

	t.Run("a server that fails first makes Serve return its error", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err, "the test could not listen on 127.0.0.1:0 (not your code)")
		broken := &failingListener{Listener: l}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		serveDone := make(chan error, 1)
		go func() { serveDone <- Serve(ctx, broken, http.NotFoundHandler()) }()
		select {
		case err := <-serveDone:
			require.Error(t, err, say.T("리스너가 고장 나면 Serve는 에러를 돌려줘야 합니다", "when the listener fails Serve must return an error"))
			assert.ErrorIs(t, err, errListenerBroke, say.T(
				"srv.Serve가 돌려준 에러를 %w로 감싸서 돌려주세요",
				"return the error srv.Serve returned, wrapped with %w"))
		case <-time.After(waitLimit):
			cancel()
			<-serveDone
			require.FailNow(t, say.T("Serve가 서버의 실패를 무시했습니다", "Serve ignored the server's failure"),
				say.T("srv.Serve가 먼저 실패하면(리스너 에러) ctx를 기다리지 말고 그 에러를 돌려주세요: 두 채널을 select로 함께 기다립니다",
					"if srv.Serve fails first (a listener error), return that error instead of waiting for ctx: select on both"))
		}
	})
}

// errListenerBroke is what failingListener's Accept returns.
var errListenerBroke = errors.New("listener broke (the test's fault injection)")

// failingListener is a listener whose Accept fails at once, as a listener
// whose socket broke does.
type failingListener struct{ net.Listener }

// Accept fails with errListenerBroke.
func (l *failingListener) Accept() (net.Conn, error) { return nil, errListenerBroke }
