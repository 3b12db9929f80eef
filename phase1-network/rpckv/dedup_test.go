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

	"dsweekends/phase1-network/faultproxy"
	"dsweekends/testkit/say"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// counter is an operation that counts how often it ran.
type counter struct{ runs int }

func (c *counter) op(result string) func() string {
	return func() string { c.runs++; return result }
}

func TestTableRunsAnOperationOnce(t *testing.T) {
	t.Parallel()
	tab := NewTable()
	var c counter
	got := tab.Apply(7, 1, c.op("first"))
	assert.Equal(t, "first", got, "a new operation runs and returns its result")
	got = tab.Apply(7, 1, c.op("second"))
	assert.Equal(t, 1, c.runs, "at-most-once: the same (client, seq) sent again must not run again")
	assert.Equal(t, "first", got, "a duplicate gets the result remembered from the first run, so a retry after a lost reply gets the real answer")
	tab.Apply(7, 2, c.op("next"))
	assert.Equal(t, 2, c.runs, "the next seq of the same client is a new operation and runs")
}

func TestTableIgnoresOlderSequenceNumbers(t *testing.T) {
	t.Parallel()
	tab := NewTable()
	var c counter
	tab.Apply(7, 1, c.op("a"))
	tab.Apply(7, 2, c.op("b"))
	tab.Apply(7, 1, c.op("a again"))
	assert.Equal(t, 2, c.runs, "a delayed copy of seq 1 arriving after seq 2 ran must not run: compare seq <= last, not only ==")
}

func TestTableKeepsClientsApart(t *testing.T) {
	t.Parallel()
	tab := NewTable()
	var c counter
	tab.Apply(1, 1, c.op("x"))
	tab.Apply(2, 1, c.op("y"))
	assert.Equal(t, 2, c.runs, "seq 1 of client 2 is not seq 1 of client 1: the table is keyed by client ID")
	var u counter
	tab.Apply(0, 1, u.op(""))
	tab.Apply(0, 1, u.op(""))
	assert.Equal(t, 2, u.runs, "client 0 is untagged (the weekend-3 Client): its operations always run")
	assert.Equal(t, 2, tab.Len(), "untagged operations leave no entry")
}

func TestTableKeepsOneEntryPerClient(t *testing.T) {
	t.Parallel()
	tab := NewTable()
	for client := int64(1); client <= 3; client++ {
		for seq := int64(1); seq <= 500; seq++ {
			tab.Apply(client, seq, func() string { return "r" })
		}
	}
	assert.Equal(t, 3, tab.Len(), "1500 operations of 3 clients: the table must keep one entry per client (the latest seq), not one per operation")
}

func TestLostReplyIsNotAppliedTwice(t *testing.T) {
	t.Parallel()
	kv, addr := startServer(t)
	fd := &faultyDial{addr: addr, mk: func(c net.Conn) net.Conn { return &lossyConn{Conn: c, loseReply: true} }}
	ck := NewClerk(fd.dial)
	defer ck.Close()
	ctx := testCtx(t)

	old, err := ck.Append(ctx, "log", "x")
	require.NoError(t, err, "the first reply is lost: the Clerk must redial and retry until it gets an answer")
	require.GreaterOrEqual(t, fd.count(), 2, "the Clerk must dial a new connection after the first one broke")
	got, err := ck.Get(ctx, "log")
	require.NoError(t, err)
	require.Equal(t, "x", got, "the server ran the Append, its reply was lost, the Clerk sent it again: at-most-once means the value is \"x\", not \"xx\" (duplicate table)")
	assert.Equal(t, "", old, "the retry must get the first run's result (the old value \"\"), remembered in the table")
	assert.Equal(t, 1, kv.Clients(), "one Clerk, one table entry")
}

func TestLostRequestIsSentAgain(t *testing.T) {
	t.Parallel()
	_, addr := startServer(t)
	fd := &faultyDial{addr: addr, mk: func(c net.Conn) net.Conn { return &lossyConn{Conn: c, loseRequest: true} }}
	ck := NewClerk(fd.dial)
	defer ck.Close()
	ctx := testCtx(t)
	require.NoError(t, ck.Put(ctx, "k", "v"), "the first request is lost: the Clerk must retry on a new connection")
	got, err := ck.Get(ctx, "k")
	require.NoError(t, err)
	assert.Equal(t, "v", got, "the retried Put must have run")
}

func TestTwoClerksDoNotShadowEachOther(t *testing.T) {
	t.Parallel()
	_, addr := startServer(t)
	a, b := NewClerk(DialTCP(addr)), NewClerk(DialTCP(addr))
	defer a.Close()
	defer b.Close()
	ctx := testCtx(t)
	for i := range 3 {
		_, err := a.Append(ctx, "k", fmt.Sprintf("a%d;", i))
		require.NoError(t, err)
		_, err = b.Append(ctx, "k", fmt.Sprintf("b%d;", i))
		require.NoError(t, err)
	}
	got, err := a.Get(ctx, "k")
	require.NoError(t, err)
	assert.Equal(t, "a0;b0;a1;b1;a2;b2;", got, "two Clerks' seq 1, 2, 3 are different operations: each Clerk needs its own random non-zero ID")
}

// TestClerkPutsEveryValueInTurn: each Put and Append of one Clerk is a new operation with a Seq
// above the one before, so every one of them lands. A Seq that does not grow with every
// operation makes the server's table take a later Put for a retry of an earlier one: it answers
// with the old reply and changes nothing.
func TestClerkPutsEveryValueInTurn(t *testing.T) {
	t.Parallel()
	_, addr := startServer(t)
	ck := NewClerk(DialTCP(addr))
	defer ck.Close()
	ctx := testCtx(t)
	for i := range 4 {
		v := fmt.Sprintf("v%d", i)
		require.NoError(t, ck.Put(ctx, "k", v))
		got, err := ck.Get(ctx, "k")
		require.NoError(t, err)
		require.Equal(t, v, got, say.F("같은 Clerk의 %d번째 Put(k, %q) 뒤의 Get: Put마다 새 Seq(직전보다 큰 값)를 붙이세요. 같거나 작은 Seq는 서버의 중복 테이블이 옛 연산의 재시도로 보고 실행하지 않습니다 — clerk.go의 Put",
			"Get after the same Clerk's Put #%d (k, %q): give every Put a new Seq, above the one before; an equal or lower Seq is taken by the server's duplicate table for a retry of an old operation and does not run — Put in clerk.go", i+1, v))
		old, err := ck.Append(ctx, "k", "+")
		require.NoError(t, err)
		require.Equal(t, v, old, say.F("Put(k, %q) 바로 뒤의 Append(k, \"+\")가 돌려준 이전 값: Append도 Put과 같은 카운터에서 새 Seq를 받아야 합니다 — clerk.go",
			"the old value returned by Append(k, \"+\") right after Put(k, %q): Append takes its new Seq from the same counter as Put — clerk.go", v))
	}
}

func TestClerkGivesUpWhenItsContextEnds(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	l.Close() // nobody listens: every dial fails
	ck := NewClerk(DialTCP(addr))
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() { _, err := ck.Append(ctx, "k", "v"); done <- err }()
	select {
	case err := <-done:
		require.Error(t, err, "the server is down: Append must fail once ctx ends")
		assert.True(t, errors.Is(err, context.DeadlineExceeded), "the error must wrap ctx.Err(), got %v", err)
		require.NoError(t, ck.Close())
	case <-time.After(waitLimit):
		// The Clerk's goroutine is stuck retrying: it can't be stopped
		// from here (and goleak will report it).
		t.Fatal("the Clerk still retries long after its context ended: check ctx.Done() between attempts")
	}
}

func TestExactlyOnceThroughADroppyNetwork(t *testing.T) {
	t.Parallel()
	kv, addr := startServer(t)
	// 20% of the chunks in either direction are lost, and the connection
	// with them: lost requests and lost replies both happen.
	p, err := faultproxy.New(addr, faultproxy.Config{Seed: 42, DropRate: 0.2})
	require.NoError(t, err)
	defer p.Close()

	const clerks, ops = 8, 15
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, clerks)
	for i := range clerks {
		wg.Go(func() {
			ck := NewClerk(DialTCP(p.Addr()))
			defer ck.Close()
			for j := range ops {
				if _, err := ck.Append(ctx, "log", fmt.Sprintf("<%d.%d>", i, j)); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err, "every Append must get through by retrying")
	}
	p.Close()
	require.Positive(t, p.Stats().Dropped, "the proxy should have dropped something (a bug in the test if not)")

	c := dialClient(t, addr)
	log, err := c.Get(testCtx(t), "log")
	require.NoError(t, err)
	for i := range clerks {
		last := -1
		for j := range ops {
			tok := fmt.Sprintf("<%d.%d>", i, j)
			n := strings.Count(log, tok)
			require.Equal(t, 1, n, "Append %s appears %d times: exactly once means no duplicate (at-most-once: the duplicate table) and no loss (at-least-once: retry until answered)", tok, n)
			at := strings.Index(log, tok)
			require.Greater(t, at, last, "clerk %d's appends must appear in the order it made them", i)
			last = at
		}
	}
	assert.LessOrEqual(t, kv.Clients(), clerks, "the duplicate table must hold at most one entry per Clerk (%d), whatever the number of operations", clerks)
}
