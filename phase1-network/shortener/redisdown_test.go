package shortener

import (
	"context"
	"net/http"
	"testing"
	"time"

	"dsweekends/phase1-network/redistest"
	"dsweekends/testkit/say"

	"github.com/stretchr/testify/require"
)

// TestRedirectsDoNotWaitWhileRedisIsDown runs the service with the client cmd/shortener uses
// (NewRedisClient), stops Redis and checks that redirects come from SQLite without waiting on
// Redis, then that caching resumes by itself when Redis is back. The wait is bounded, not timed:
// 20 redirects get 10 s, where one Redis command with go-redis's default retries costs ~1.8 s.
func TestRedirectsDoNotWaitWhileRedisIsDown(t *testing.T) {
	srv := redistest.Start(t)
	if srv.Backend() == redistest.External {
		t.Skip("needs a Redis server the test can stop")
	}
	rdb := NewRedisClient(srv.Addr())
	t.Cleanup(func() { _ = rdb.Close() })
	prefix := redistest.Namespace(t)
	l := NewLinks(newStore(t), rdb, Options{TTL: time.Minute, KeyPrefix: prefix})
	a := newAPI(t, l)
	resp, body := a.create("https://example.com/down", "down")
	require.Equal(t, http.StatusCreated, resp.StatusCode, "%s", body)

	srv.Stop(t)
	const redirects = 20
	done := make(chan int, redirects)
	go func() {
		defer close(done)
		for range redirects {
			r, err := a.c.Get(a.srv.URL + "/down")
			if err != nil {
				done <- 0
				return
			}
			r.Body.Close()
			done <- r.StatusCode
		}
	}()
	deadline := time.After(10 * time.Second)
	for i := range redirects {
		select {
		case status, ok := <-done:
			require.True(t, ok && status == http.StatusFound, say.F(
				"Redis 중단 중 리다이렉트 %d: 302를 기대했는데 %d (Redis 에러는 SQLite로 답할 이유입니다)",
				"redirect %d while Redis is down: want 302, got %d (a Redis error means: answer from SQLite)", i, status))
		case <-deadline:
			t.Fatal(say.F(
				"Redis가 멈춘 동안 리다이렉트 %d개가 10초 안에 끝나지 않았습니다(%d개 완료): 리다이렉트 하나는 SQLite 읽기와 짧은 타임아웃 하나면 됩니다. Resolve가 Redis 명령을 다시 시도하거나, 요청의 ctx를 쓰지 않거나, Redis가 실패한 뒤에도 SET을 보내고 있지 않은지 보세요",
				"%d redirects had not finished within 10s while Redis was down (%d done): one redirect should cost a SQLite read and one short timeout. Check that Resolve does not retry Redis commands itself, passes the request's ctx, and sends no SET after Redis failed", redirects, i))
		}
	}
	<-done // closed once the loop ends

	srv.Restart(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	require.Eventually(t, func() bool {
		r, err := a.c.Get(a.srv.URL + "/down")
		if err != nil {
			return false
		}
		r.Body.Close()
		return r.StatusCode == http.StatusFound && rdb.Exists(ctx, prefix+"down").Val() == 1
	}, 8*time.Second, 20*time.Millisecond, say.T(
		"복구: Redis가 돌아오면 재시작 없이 리다이렉트가 다시 캐시해야 합니다 (같은 클라이언트, Resolve의 미스 → SET)",
		"recovery: once Redis is back, redirects must cache again without a restart (same client, Resolve's miss → SET)"))
}
