package rpckv

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"dsweekends/testkit/peer"
	"dsweekends/testkit/say"
	"dsweekends/testkit/shutdown"
	"dsweekends/testkit/together"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// nameTheRace adds rule to a failure the race detector caused: called at
// the end of a test whose races show only as a DATA RACE report, once its
// assertions have passed. Tests using it do not run in parallel, so a race
// it reports is its own.
func nameTheRace(t *testing.T, ko, en string) {
	if t.Failed() { // t.Failed also counts the races reported so far
		t.Error(say.T("위에 DATA RACE가 보고됐다면: "+ko, "if a DATA RACE is reported above: "+en))
	}
}

// Weekend 3.

func TestKVIsSafeForConcurrentUse(t *testing.T) {
	kv := NewKV()
	const writers, readers, ops = 8, 8, 200
	// Writers and readers call the methods directly, as net/rpc's per-call
	// goroutines do, all released at one instant. The readers keep reading
	// until every writer is done, so their unguarded reads (a bug) overlap
	// the writes in every run, not only when the scheduler happens to mix them.
	var writing sync.WaitGroup
	writing.Add(writers)
	written := make(chan struct{})
	go func() { writing.Wait(); close(written) }()
	together.Run(t, writers+readers, 10*time.Second, func(i int) {
		if i < writers {
			defer writing.Done()
			for j := range ops {
				var ar AppendReply
				_ = kv.Append(&AppendArgs{Key: "shared", Value: "x", Client: int64(i + 1), Seq: int64(2*j + 1)}, &ar)
				_ = kv.Put(&PutArgs{Key: fmt.Sprintf("own%d", i), Value: fmt.Sprint(j), Client: int64(i + 1), Seq: int64(2*j + 2)}, &PutReply{})
			}
			return
		}
		for {
			select {
			case <-written:
				return
			default:
			}
			var gr GetReply
			_ = kv.Get(&GetArgs{Key: "shared"}, &gr)
			_ = kv.Clients()
		}
	})
	var gr GetReply
	require.NoError(t, kv.Get(&GetArgs{Key: "shared"}, &gr))
	require.Equal(t, writers*ops, len(gr.Value), say.F(
		"동시에 Append %d번 뒤 값의 길이가 %d입니다: 덧붙이기(읽고-붙이고-쓰기)는 kv.mu를 잡은 채 한 번에 해야 합니다",
		"after %d concurrent Appends the value has length %d: an append (read, add, write) must happen whole with kv.mu held",
		writers*ops, len(gr.Value)))
	for i := range writers {
		require.NoError(t, kv.Get(&GetArgs{Key: fmt.Sprintf("own%d", i)}, &gr))
		require.Equal(t, fmt.Sprint(ops-1), gr.Value, say.F("쓰기 고루틴 %d의 마지막 Put이 자기 키에 남아야 합니다", "writer %d's last Put must stay on its own key", i))
	}
	nameTheRace(t,
		"RPC 메서드는 여러 고루틴에서 동시에 불립니다. Get의 읽기와 Clients도 포함해 맵과 중복 테이블에 닿는 모든 곳은 kv.mu를 잡아야 합니다",
		"RPC methods run on many goroutines at once: every access to the map and the duplicate table, Get's read and Clients included, must hold kv.mu")
}

func TestOneClientSharedByManyGoroutines(t *testing.T) {
	t.Parallel()
	_, addr := startServer(t)
	c := dialClient(t, addr)
	ctx := testCtx(t)
	const callers, ops = 8, 25
	// Each caller appends its own tokens to its own key: every reply must
	// reach the caller that made the call.
	together.Run(t, callers, waitLimit, func(i int) {
		key := fmt.Sprintf("k%d", i)
		want := ""
		for j := range ops {
			old, err := c.Append(ctx, key, fmt.Sprintf("<%d.%d>", i, j))
			if !assert.NoError(t, err, say.F("호출자 %d의 Append %d", "caller %d's Append %d", i, j)) {
				return
			}
			if !assert.Equal(t, want, old, say.F(
				"호출자 %d의 Append %d가 받은 이전 값이 틀립니다: Client 하나를 여러 고루틴이 함께 씁니다(README: 동시 사용에 안전). 호출마다 자기 reply로 디코드해야 합니다",
				"caller %d's Append %d got the wrong old value: one Client is shared by many goroutines (README: safe for concurrent use), and each call must decode into its own reply",
				i, j)) {
				return
			}
			want += fmt.Sprintf("<%d.%d>", i, j)
		}
	})
}

func TestServeLeavesNothingBehind(t *testing.T) {
	rule := say.T(
		"ctx가 취소되면 Serve는 리스너와 열린 연결을 모두 닫고, 연결 고루틴이 모두 끝난 뒤에(sync.WaitGroup) 돌아와야 합니다",
		"when ctx is cancelled Serve closes the listener and every open connection, and returns only after every connection goroutine has ended (sync.WaitGroup)")
	w := shutdown.Start("net/rpc.(*Client).input") // the test's own clients
	ln := shutdown.Listen(t)
	kv := NewKV()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errc := make(chan error, 1)
	go func() { errc <- Serve(ctx, ln, kv) }()

	var cs []*Client
	for range 3 { // three clients connected at once
		c, err := Dial(testCtx(t), DialTCP(ln.Addr().String()))
		require.NoError(t, err)
		require.NotNil(t, c)
		defer c.Close()
		cs = append(cs, c)
	}
	for i, c := range cs {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err := c.Put(ctx, fmt.Sprint(i), "v")
		cancel()
		require.NoError(t, err, say.F(
			"연결된 클라이언트 3개 중 %d번이 1초 안에 답을 받지 못했습니다: 받은 연결마다 고루틴 하나에서 ServeConn을 부르세요(go srv.ServeConn(conn))",
			"client %d of 3 connected at once got no answer within 1s: serve each accepted connection on its own goroutine (go srv.ServeConn(conn))", i))
	}
	idle, err := net.DialTimeout("tcp", ln.Addr().String(), waitLimit) // a connection that never sends a request
	require.NoError(t, err)
	defer idle.Close()
	require.Eventually(t, func() bool { return ln.Accepted() == 4 }, waitLimit, time.Millisecond,
		say.T("서버가 연결 4개를 받아야 합니다", "the server must accept 4 connections"))

	var serveErr error
	shutdown.CloseWaits(t, ln, w, func() {
		cancel()
		select {
		case serveErr = <-errc:
		case <-time.After(waitLimit):
			serveErr = errors.New("Serve did not return")
			ln.Close()
		}
	}, rule)
	assert.NoError(t, serveErr, say.T("ctx가 취소되면 Serve는 nil을 돌려줍니다", "Serve returns nil when its context is cancelled"))
}

// Weekend 4.

func TestOneClerkSharedByManyGoroutines(t *testing.T) {
	_, addr := startServer(t)
	ck := NewClerk(DialTCP(addr))
	defer ck.Close()
	ctx := testCtx(t)
	const callers, ops = 8, 25
	olds := make([][]string, callers)
	together.Run(t, callers, 2*waitLimit, func(i int) {
		for j := range ops {
			old, err := ck.Append(ctx, "log", fmt.Sprintf("<%d.%d>", i, j))
			if !assert.NoError(t, err, say.F("호출자 %d의 Append %d", "caller %d's Append %d", i, j)) {
				return
			}
			olds[i] = append(olds[i], old)
		}
	})
	log, err := ck.Get(ctx, "log")
	require.NoError(t, err)
	for i := range callers {
		for j := range ops {
			tok := fmt.Sprintf("<%d.%d>", i, j)
			require.Equal(t, 1, strings.Count(log, tok), say.F(
				"Clerk 하나를 고루틴 %d개가 함께 썼더니 Append %s가 %d번 들어갔습니다: Clerk은 한 번에 연산 하나만 합니다(연산 내내 ck.mu). 두 연산이 같은 seq를 받으면 둘째는 재전송으로 보여 버려지고, seq가 순서를 어기면 앞선 연산이 오래된 것으로 버려집니다",
				"one Clerk shared by %d goroutines put Append %s in %d times: a Clerk runs one operation at a time (ck.mu for the whole operation). Two operations with the same seq make the second look like a retry, and seqs sent out of order make the earlier one look stale",
				callers, tok, strings.Count(log, tok)))
		}
	}
	seen := map[string]bool{}
	for i := range callers {
		for _, old := range olds[i] {
			require.True(t, strings.HasPrefix(log, old), say.F(
				"Append가 돌려준 이전 값 %q는 최종 값의 앞부분이어야 합니다",
				"the old value %q an Append returned must be a prefix of the final value", old))
			require.False(t, seen[old], say.F(
				"Append 두 개가 같은 이전 값 %q를 받았습니다: 한 연산의 답이 다른 연산에 갔습니다(한 번에 연산 하나, ck.mu)",
				"two Appends got the same old value %q: one operation's answer went to another (one operation at a time, ck.mu)", old))
			seen[old] = true
		}
	}
	nameTheRace(t,
		"Clerk은 한 번에 연산 하나만 합니다: seq를 올리고 답을 받을 때까지 ck.mu를 잡아야 합니다(연결 ck.c도 그 뮤텍스가 지킵니다)",
		"a Clerk runs one operation at a time: hold ck.mu from taking the seq until the answer (the mutex guards the connection ck.c too)")
}

func TestClerkGivesUpOnAHungServer(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, addr, what string }{
		{"silent", peer.Silent(t), "accepts and never answers"},
		{"never accepts", peer.NeverAccepts(t), "never accepts the connection (the dial never completes)"},
	} {
		ck := NewClerk(DialTCP(tc.addr))
		ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
		done := make(chan error, 1)
		go func() { _, err := ck.Append(ctx, "k", "v"); done <- err }()
		select {
		case err := <-done:
			cancel()
			require.Error(t, err, say.F("%s: 서버가 답하지 않는데 Append가 성공했습니다", "%s: the server never answers, yet Append succeeded", tc.name))
			assert.ErrorIs(t, err, context.DeadlineExceeded, say.F(
				"%s: ctx가 끝나 포기한 Clerk의 에러는 ctx.Err()를 감쌉니다, 받은 에러: %v",
				"%s: a Clerk that gave up because ctx ended returns an error wrapping ctx.Err(), got: %v", tc.name, err))
			require.NoError(t, ck.Close())
		case <-time.After(2 * time.Second):
			cancel()
			// Not ck.Close(): the stuck operation holds the Clerk's mutex.
			// The peer's cleanup closes its side, which frees it.
			t.Fatal(say.F(
				"%s: 서버가 %s. ctx는 150ms에 끝났는데 Clerk이 2초가 지나도 돌아오지 않았습니다: 다이얼과 호출 모두에 연산의 ctx를 넘기세요(Dial(ctx, ...), Call(ctx, ...))",
				"%s: the server %s. ctx ended at 150ms, yet the Clerk had not returned after 2s: pass the operation's ctx to both the dial and the call (Dial(ctx, ...), Call(ctx, ...))",
				tc.name, tc.what))
		}
	}
}
