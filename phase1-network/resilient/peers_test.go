package resilient

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"dsweekends/testkit/peer"
	"dsweekends/testkit/say"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// within runs f and fails the test if it has not returned within limit. The
// limit is many times what a correct call needs on loopback: it tells a
// call that ends with its timeout from one that waits for something else.
func within(t *testing.T, limit time.Duration, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(limit):
		t.Fatal(what)
	}
}

func TestDialGivesUpOnAPeerThatNeverAccepts(t *testing.T) {
	t.Parallel()
	p := Policy{DialTimeout: 100 * time.Millisecond}
	c, err := Dial(context.Background(), p, startUpper(t))
	require.NoError(t, err, say.T("열린 루프백 서버로의 Dial은 성공해야 합니다", "Dial to a listening loopback server must succeed"))
	c.Close()

	addr := peer.NeverAccepts(t) // a full backlog: the dial's SYN is never answered
	within(t, 2*time.Second, say.F(
		"Dial(DialTimeout %v)이 응답하지 않는 주소에서 2초 안에 끝나지 않았습니다: 다이얼마다 p.DialTimeout을 적용하세요(net.Dialer{Timeout: p.DialTimeout})",
		"Dial(DialTimeout %v) to an address that never accepts did not return within 2s: bound every dial by p.DialTimeout (net.Dialer{Timeout: p.DialTimeout})",
		p.DialTimeout), func() {
		var c interface{ Close() error }
		c, err = Dial(context.Background(), p, addr)
		if err == nil {
			c.Close()
		}
	})
	require.Error(t, err, say.T("연결이 맺어지지 않았는데 Dial이 성공했습니다", "the connection was never accepted, yet Dial succeeded"))

	// The caller's context ends the dial too, even with a long DialTimeout.
	p.DialTimeout = time.Minute
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	within(t, 2*time.Second, say.T(
		"ctx 데드라인이 100ms인데 Dial이 2초 안에 끝나지 않았습니다: 다이얼도 호출자의 ctx를 따라야 합니다(DialContext(ctx, ...))",
		"with a 100ms ctx deadline Dial did not return within 2s: the dial must obey the caller's ctx (DialContext(ctx, ...))"), func() {
		var c interface{ Close() error }
		c, err = Dial(ctx, p, addr)
		if err == nil {
			c.Close()
		}
	})
	require.Error(t, err, say.T("연결이 맺어지지 않았는데 Dial이 성공했습니다", "the connection was never accepted, yet Dial succeeded"))
}

func TestDoObeysACallerDeadlineShorterThanTheAttemptTimeout(t *testing.T) {
	t.Parallel()
	// Each attempt may take 4s, but the caller only has 150ms: the caller's
	// deadline wins, whether the peer accepts and never answers or never
	// accepts at all.
	p := Policy{DialTimeout: 4 * time.Second, CallTimeout: 4 * time.Second, BaseDelay: time.Millisecond, MaxDelay: 10 * time.Millisecond}
	for _, tc := range []struct {
		name, addr, peer string
	}{
		{"silent peer", peer.Silent(t), "accepts and never answers"},
		{"dial never completes", peer.NeverAccepts(t), "never accepts the connection"},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
		var err error
		within(t, 2*time.Second, say.F(
			"%s: 피어가 %s. 호출자의 데드라인은 150ms, CallTimeout은 %v인데 Do가 2초 안에 끝나지 않았습니다: 시도마다의 컨텍스트는 호출자의 ctx에서 만들어야 하고(context.WithTimeout(ctx, CallTimeout)), Call은 그 ctx로 다이얼하고 읽어야 합니다",
			"%s: the peer %s. The caller's deadline is 150ms and CallTimeout %v, yet Do did not return within 2s: each attempt's context must derive from the caller's ctx (context.WithTimeout(ctx, CallTimeout)), and Call must dial and read under it",
			tc.name, tc.peer, p.CallTimeout), func() {
			_, err = Do(ctx, p, tc.addr, "hello")
		})
		cancel()
		require.Error(t, err, say.F("%s: 답이 없는데 Do가 성공했습니다", "%s: no answer came, yet Do succeeded", tc.name))
		assert.ErrorIs(t, err, context.DeadlineExceeded, say.F(
			"%s: 호출자의 데드라인으로 끝난 Do의 에러는 context.DeadlineExceeded를 감싸야 합니다, 받은 에러: %v",
			"%s: Do ended by the caller's deadline returns an error wrapping context.DeadlineExceeded, got: %v",
			tc.name, err))
	}
}

func TestRetryAttemptContextDerivesFromTheCallers(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		p := Policy{CallTimeout: time.Minute, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		start := time.Now()
		var ended time.Duration
		var attemptErr error
		attempts := 0
		err := Retry(ctx, p, func(actx context.Context) error {
			<-actx.Done() // a hung attempt
			if attempts++; attempts == 1 {
				ended = time.Since(start)
				attemptErr = actx.Err()
			}
			return actx.Err()
		})
		require.Equal(t, time.Second, ended, say.F(
			"CallTimeout이 1분이고 호출자의 ctx가 1초에 끝나는데 시도의 컨텍스트는 %v에 끝났습니다(가짜 시계): 시도의 컨텍스트는 호출자의 ctx에서 만들어야 호출자의 데드라인을 물려받습니다",
			"CallTimeout is 1 minute and the caller's ctx ends at 1s, yet the attempt's context ended at %v (virtual clock): derive each attempt's context from the caller's ctx so it inherits the caller's deadline",
			ended))
		assert.ErrorIs(t, attemptErr, context.DeadlineExceeded)
		assert.ErrorIs(t, err, context.DeadlineExceeded, say.F(
			"Retry는 ctx가 끝나면 ctx.Err()를 감싼 에러를 돌려줍니다, 받은 에러: %v",
			"when ctx ends Retry returns an error wrapping ctx.Err(), got: %v", err))
	})
}

func TestCallReadsAReplyThatArrivesInPieces(t *testing.T) {
	t.Parallel()
	addr := peer.Split(t, startUpper(t)) // every reply arrives in two writes, 20ms apart
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	for _, req := range []string{
		"a reply in two pieces",
		"  spaces at both ends are part of the line  ",
		`quotes " and backslashes \ stay`,
	} {
		got, err := Call(ctx, fast, addr, req)
		require.NoError(t, err, say.F("요청 %q", "request %q", req))
		want := upper(req)
		require.Equal(t, want, got, say.F(
			"요청 %q: 답 한 줄이 두 번에 나뉘어 도착했습니다. Call은 줄바꿈까지 읽고(bufio.Reader.ReadString('\\n')) 줄바꿈만 떼야 합니다: Read 한 번은 줄의 앞부분만 줄 수 있고, 공백은 줄의 일부입니다",
			"request %q: the reply line arrived in two writes. Call reads up to the newline (bufio.Reader.ReadString('\\n')) and strips only the newline: one Read may return just the first part of the line, and spaces belong to the line",
			req))
	}
}

func TestDoRetriesAPeerThatNeverAnswers(t *testing.T) {
	t.Parallel()
	addr := peer.Silent(t)
	p := Policy{DialTimeout: time.Second, CallTimeout: 50 * time.Millisecond, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond, MaxAttempts: 3}
	var err error
	within(t, 2*time.Second, say.F(
		"MaxAttempts 3, CallTimeout %v로 답하지 않는 피어를 부른 Do가 2초 안에 끝나지 않았습니다: 시도마다 CallTimeout이 걸려야 하고 Call의 읽기는 그 ctx로 깨워야 합니다(context.AfterFunc)",
		"Do with MaxAttempts 3 and CallTimeout %v to a peer that never answers did not return within 2s: every attempt is bounded by CallTimeout, and Call's read must be woken by that ctx (context.AfterFunc)",
		p.CallTimeout), func() {
		_, err = Do(context.Background(), p, addr, "anyone?")
	})
	require.Error(t, err, say.T("피어는 답하지 않습니다: Do는 실패해야 합니다", "the peer never answers: Do must fail"))
	assert.ErrorIs(t, err, context.DeadlineExceeded, say.F(
		"시도가 CallTimeout으로 끝났으니 마지막 에러는 context.DeadlineExceeded를 감쌉니다, 받은 에러: %v",
		"the attempts ended at CallTimeout, so the last error wraps context.DeadlineExceeded, got: %v", err))
}

// upper is what startUpper answers.
func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}
