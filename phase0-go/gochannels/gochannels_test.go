package gochannels

import (
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"dsweekends/testkit/say"
)

// Most tests here run inside synctest.Test, where time is virtual: a sleep or
// a timer in the bubble advances a fake clock the moment every goroutine in it
// is blocked. "Wait up to a minute" costs nothing, and the order in which
// goroutines finish is the same in every run.

// waitLimit bounds every wait in these tests. Inside a bubble it is virtual
// time, so a channel that is never closed is reported at once.
const waitLimit = time.Minute

// collect receives from ch until it is closed and returns what came. It fails
// the test if ch is not closed within waitLimit, or yields more than max values.
func collect(t *testing.T, ch <-chan int, max int, what string) []int {
	t.Helper()
	got := []int{}
	for {
		select {
		case v, ok := <-ch:
			if !ok {
				return got
			}
			got = append(got, v)
			require.LessOrEqual(t, len(got), max, say.F("%s가 값을 %d개보다 많이 내보냈습니다: %v…", "%s yielded more than %d values: %v…", what, max, got))
		case <-time.After(waitLimit):
			require.FailNow(t, say.F("%s가 닫히지 않았습니다", "%s was never closed", what),
				say.F("값 %v 뒤로 아무것도 오지 않았는데 채널이 열려 있습니다: 보내는 고루틴은 다 보내면 close(out)해야 합니다(defer close(out))",
					"after the values %v nothing more came and the channel stayed open: the goroutine that sends must close(out) when it is done (defer close(out))", got))
		}
	}
}

func TestGatherReturnsResultsInOrder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// Task i sleeps (5-i) ms of virtual time, so the tasks finish in the
		// reverse order: task 4 first, task 0 last.
		tasks := make([]func() int, 5)
		for i := range tasks {
			tasks[i] = func() int {
				time.Sleep(time.Duration(5-i) * time.Millisecond)
				return i * 10
			}
		}
		got := Gather(tasks)
		require.Equal(t, []int{0, 10, 20, 30, 40}, got,
			say.T("Gather: 작업 4가 먼저 끝나도 결과 i는 tasks[i]가 돌려준 값입니다. 도착 순서대로 append하지 말고 각 결과를 자기 인덱스에 두세요",
				"Gather: result i is what tasks[i] returned, even though task 4 finished first; place each result by its index, do not append in arrival order"))
	})

	t.Run("no tasks gives no results", func(t *testing.T) {
		got := Gather(nil)
		assert.Empty(t, got, say.T("Gather(nil)에는 실행할 것이 없습니다", "Gather(nil) has nothing to run"))
	})
}

func TestGatherRunsTasksAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// Every task announces that it started, then waits until all of them
		// have started, or gives up after a (virtual) second. Tasks run one
		// after another would each give up.
		const n = 4
		var mu sync.Mutex
		started := 0
		allStarted := make(chan struct{})
		tasks := make([]func() int, n)
		for i := range tasks {
			tasks[i] = func() int {
				mu.Lock()
				started++
				if started == n {
					close(allStarted) // the last one to start lets everybody go
				}
				mu.Unlock()
				select {
				case <-allStarted:
					return 1 // ran at the same time as the others
				case <-time.After(time.Second):
					return -1 // waited alone
				}
			}
		}
		got := Gather(tasks)
		require.Equal(t, []int{1, 1, 1, 1}, got,
			say.T("Gather는 모든 작업을 각자의 고루틴에서 동시에 실행해야 합니다(-1은 한 작업이 다른 작업을 혼자 기다렸다는 뜻). "+
				"`go f(task())`에서는 task() 호출이 고루틴이 시작되기 전에 실행된다는 점에 주의하세요 — 고루틴 안에서 부르세요",
				"Gather must run every task in its own goroutine at the same time (-1 means a task waited alone for the others); "+
					"note that in `go f(task())` the call task() runs before the goroutine starts — call it inside the goroutine"))
	})
}

func TestSquareSquaresUntilInputCloses(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		in := make(chan int, 4) // buffered: the sender below never waits for Square
		out := Square(in)
		go func() {
			defer close(in)
			for _, n := range []int{2, -3, 0, 10} {
				in <- n
			}
		}()
		got := collect(t, out, 4, "Square's output channel")
		assert.Equal(t, []int{4, 9, 0, 100}, got, say.T("Square는 받은 n마다 n*n을 순서대로 내보내고, 입력이 닫히면 닫습니다", "Square yields n*n for every n received, in order, then closes when its input is closed"))
	})

	t.Run("Generate then Square: a two-stage pipeline", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			got := collect(t, Square(Generate(1, 2, 3, 4)), 4, "Square(Generate(1, 2, 3, 4))")
			assert.Equal(t, []int{1, 4, 9, 16}, got, say.T("for v := range Square(Generate(1, 2, 3, 4))는 1, 4, 9, 16을 내보냅니다", "for v := range Square(Generate(1, 2, 3, 4)) yields 1, 4, 9, 16"))
		})
	})
}

func TestReceiveWaitsForAValue(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ch := make(chan int, 1) // buffered, so the sender ends even if nobody receives
		sent := make(chan struct{})
		go func() {
			defer close(sent)
			time.Sleep(10 * time.Millisecond) // the value comes a little later
			ch <- 42
		}()
		start := time.Now()
		got, err := Receive(ch, time.Second)
		waited := time.Since(start)
		<-sent
		require.NoError(t, err, say.T("타임아웃이 1초면 10ms 뒤에 보낸 값은 받아야 합니다: select는 case 하나가 준비될 때까지 기다립니다(default case가 있으면 전혀 기다리지 않습니다)", "a value sent after 10ms must be received when the timeout is 1s: select waits for a case to be ready (a default case would not wait at all)"))
		assert.Equal(t, 42, got, say.T("Receive는 보낸 값을 돌려줍니다", "Receive returns the value that was sent"))
		// Virtual time: this is exact, not a speed check.
		assert.Equal(t, 10*time.Millisecond, waited, say.F(
			"Receive는 값이 오는 순간(10ms) 돌아와야 하는데 %v 뒤에 돌아왔습니다: 제한 시간을 다 기다리지 말고 select로 값과 time.After 중 먼저 준비된 쪽을 고르세요",
			"Receive must return the moment the value arrives (10ms), but it returned after %v: do not sleep out the timeout; select picks whichever of the value and time.After is ready first", waited))
	})
}

func TestReceiveTimesOut(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ch := make(chan int) // nobody ever sends
		start := time.Now()
		got, err := Receive(ch, 3*time.Second)
		require.ErrorIs(t, err, ErrTimeout, say.F("보내는 쪽이 없으면 Receive는 ErrTimeout으로 포기해야 합니다(받은 값 %d)", "with no sender, Receive must give up with ErrTimeout (got value %d)", got))
		// Virtual time: this is exact, not a speed check.
		assert.Equal(t, 3*time.Second, time.Since(start), say.T("Receive는 포기하기 전에 타임아웃을 끝까지 기다려야 합니다: case <-time.After(timeout)", "Receive must wait the whole timeout before giving up: case <-time.After(timeout)"))
	})
}

func TestReceiveReportsClosedChannel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ch := make(chan int, 2)
		ch <- 0 // a real zero, sent on purpose
		ch <- 7
		close(ch)
		got, err := Receive(ch, time.Second)
		require.NoError(t, err, say.F("닫기 전에 보낸 0을 받는 Receive가 에러 %v를 돌려줬습니다: 0도 진짜 값입니다. 닫혔는지는 값이 0인지가 아니라 `v, ok := <-ch`의 ok로 압니다",
			"Receive of a 0 sent before close returned the error %v: 0 is a real value too; whether ch is closed is told by ok in `v, ok := <-ch`, not by the value being 0", err))
		require.Equal(t, 0, got, say.T("먼저 보낸 0이 먼저 옵니다", "the 0 sent first comes first"))
		got, err = Receive(ch, time.Second)
		require.NoError(t, err, say.T("close 전에 버퍼에 들어간 값은 여전히 전달됩니다", "a value buffered before close is still delivered"))
		require.Equal(t, 7, got, say.T("버퍼에 있던 값이 다음에 옵니다", "the buffered value comes next"))

		got, err = Receive(ch, time.Second)
		assert.ErrorIs(t, err, ErrClosed,
			say.F("닫히고 빈 채널은 곧바로 영값을 줍니다. Receive는 `v, ok := <-ch`로 이를 구별해 ErrClosed를 돌려줘야 합니다(받은 값 %d)",
				"a closed, empty channel gives the zero value at once; Receive must tell it apart with `v, ok := <-ch` and return ErrClosed (got value %d)", got))
	})
}

func TestCounterIsSafeForConcurrentUse(t *testing.T) {
	var c Counter
	require.Equal(t, 0, c.Value(), say.T("새 Counter는 0부터 셉니다", "a new Counter counts from 0"))

	const goroutines, each = 20, 500
	var wg sync.WaitGroup
	for range goroutines {
		wg.Go(func() {
			for range each {
				c.Inc()
				_ = c.Value() // reads at the same time as other goroutines' writes
			}
		})
	}
	wg.Wait()
	assert.Equal(t, goroutines*each, c.Value(),
		say.F("고루틴 %d개 × Inc %d번: c.n++는 읽기, 더하기, 쓰기입니다. 뮤텍스가 없으면 두 고루틴이 증가 하나를 잃을 수 있습니다(그리고 `go test -race`가 데이터 경쟁을 보고합니다)",
			"%d goroutines × %d Inc: c.n++ is read, add, write; without the mutex two goroutines can lose an update (and `go test -race` reports a data race)", goroutines, each))
}

// counterMutex finds the sync.Mutex (or sync.RWMutex) field of c, the one the
// README says guards the count.
func counterMutex(c *Counter) (lock, unlock func(), ok bool) {
	v := reflect.ValueOf(c).Elem()
	for i := range v.NumField() {
		p := unsafe.Pointer(v.Field(i).UnsafeAddr())
		switch v.Field(i).Type() {
		case reflect.TypeFor[sync.Mutex]():
			mu := (*sync.Mutex)(p)
			return mu.Lock, mu.Unlock, true
		case reflect.TypeFor[sync.RWMutex]():
			mu := (*sync.RWMutex)(p)
			return mu.Lock, mu.Unlock, true
		}
	}
	return nil, nil, false
}

// waitsForMutex reports whether the goroutine running fn (named like
// "(*Counter).Value") is parked on a mutex, polling until it is, or until done
// is closed (fn returned), or until 5 seconds pass.
func waitsForMutex(fn string, done <-chan struct{}) (waiting bool) {
	deadline := time.Now().Add(5 * time.Second)
	buf := make([]byte, 1<<20)
	for time.Now().Before(deadline) {
		select {
		case <-done:
			return false
		default:
		}
		n := runtime.Stack(buf, true)
		for _, g := range strings.Split(string(buf[:n]), "\n\n") {
			head, _, _ := strings.Cut(g, "\n")
			if strings.Contains(g, fn) && (strings.Contains(head, "sync.Mutex") || strings.Contains(head, "sync.RWMutex") || strings.Contains(head, "semacquire")) {
				return true
			}
		}
		runtime.Gosched()
	}
	return false
}

func TestCounterTakesTheMutexToReadAndWrite(t *testing.T) {
	var c Counter
	lock, unlock, ok := counterMutex(&c)
	require.True(t, ok, say.T("Counter에 sync.Mutex 필드가 없습니다: Inc와 Value가 같은 sync.Mutex로 카운트를 보호합니다 (counter.go)",
		"Counter has no sync.Mutex field: Inc and Value guard the count with the same sync.Mutex (counter.go)"))
	for _, m := range []struct {
		name string
		call func()
	}{
		{"(*Counter).Inc", c.Inc},
		{"(*Counter).Value", func() { _ = c.Value() }},
	} {
		lock() // the test holds the Counter's mutex: the method must wait for it
		done := make(chan struct{})
		go func() {
			defer close(done)
			m.call()
		}()
		waiting := waitsForMutex(m.name, done)
		unlock()
		<-done
		require.True(t, waiting, say.F(
			"%s가 Counter의 뮤텍스를 다른 쪽이 쥐고 있는 동안에도 기다리지 않고 돌아왔습니다: 카운트를 읽는 것도 쓰는 것도 c.mu.Lock()과 c.mu.Unlock() 사이에서 합니다. 잠그지 않은 읽기는 다른 고루틴의 Inc와 데이터 경쟁입니다",
			"%s returned while somebody else held the Counter's mutex: reading the count and changing it both happen between c.mu.Lock() and c.mu.Unlock(); a read without the lock races with another goroutine's Inc", m.name))
	}
	assert.Equal(t, 1, c.Value(), say.T("Inc 한 번, 그다음 Value", "one Inc, then Value"))
}

func BenchmarkGather(b *testing.B) {
	tasks := make([]func() int, 100)
	for i := range tasks {
		tasks[i] = func() int { return i }
	}
	for b.Loop() {
		Gather(tasks)
	}
}

func BenchmarkCounterInc(b *testing.B) {
	var c Counter
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			c.Inc()
		}
	})
}
