package channels

import (
	"context"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCountSendsThenCloses(t *testing.T) {
	t.Run("sends 0 to n-1 in order", func(t *testing.T) {
		got := mustCollect(t, Count(t.Context(), 5), "Count(ctx, 5)")
		assert.Equal(t, []int{0, 1, 2, 3, 4}, got, "Count(ctx, 5) must send 0..4 and then close")
	})
	t.Run("n = 0 closes at once", func(t *testing.T) {
		assert.Empty(t, mustCollect(t, Count(t.Context(), 0), "Count(ctx, 0)"), "Count(ctx, 0) sends nothing and closes")
	})
	requireNoLeaks(t)
}

func TestCountStopsWhenCancelled(t *testing.T) {
	t.Run("cancelled while the consumer reads", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		ch := Count(ctx, 1_000_000)
		for want := range 3 {
			require.Equal(t, want, mustReceive(t, ch, "Count"), "Count's values come in order")
		}
		cancel()
		rest := mustCollect(t, ch, "Count after cancel")
		assert.Less(t, len(rest), 1_000_000-3, "after cancel, Count must stop instead of sending everything: its send must also wait on <-ctx.Done() in a select")
		requireNoLeaks(t)
	})
	t.Run("cancelled while nobody reads", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		ch := Count(ctx, 10)
		require.Equal(t, 0, mustReceive(t, ch, "Count"), "Count's first value is 0")
		// Stop reading. Count's goroutine is now blocked sending 1; only ctx can free it.
		cancel()
		requireNoLeaks(t, "Count's goroutine is stuck sending to a reader that left: its send must also wait on <-ctx.Done() in a select")
		mustCollect(t, ch, "Count after cancel (the channel must be closed)")
	})
}

func TestSquare(t *testing.T) {
	t.Run("squares every value in order", func(t *testing.T) {
		ctx := t.Context()
		got := mustCollect(t, Square(ctx, Count(ctx, 5)), "Square(Count(5))")
		assert.Equal(t, []int{0, 1, 4, 9, 16}, got, "a pipeline: Count → Square")
	})
	t.Run("stops when cancelled while waiting for input", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		in := make(chan int) // never closed: only ctx can stop Square
		out := Square(ctx, in)
		mustSendTo(t, in, 3, out, "Square")
		require.Equal(t, 9, mustReceive(t, out, "Square"), "Square of 3")
		cancel()
		assert.Empty(t, mustCollect(t, out, "Square after cancel"), "nothing was sent after 3")
		requireNoLeaks(t)
	})
	t.Run("stops when cancelled while its consumer does not read", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		in := make(chan int)
		out := Square(ctx, in)
		mustSendTo(t, in, 4, out, "Square")
		// Square now holds 16 and waits to send it; we never read it.
		cancel()
		requireNoLeaks(t, "Square's goroutine is stuck sending to a consumer that left: its send on out must also wait on <-ctx.Done() in a select")
		mustCollect(t, out, "Square after cancel")
	})
}

func TestMerge(t *testing.T) {
	t.Run("delivers every value of every input", func(t *testing.T) {
		ctx := t.Context()
		got := mustCollect(t, Merge(ctx, Count(ctx, 3), Count(ctx, 4), Count(ctx, 5)), "Merge of three Counts")
		slices.Sort(got) // fan-in does not keep any order between inputs
		assert.Equal(t, []int{0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 4}, got, "every value from every input, once")
		requireNoLeaks(t)
	})
	t.Run("no inputs closes at once", func(t *testing.T) {
		assert.Empty(t, mustCollect(t, Merge(t.Context()), "Merge()"), "Merge with no inputs sends nothing and closes")
	})
	t.Run("stays open until the last input closes", func(t *testing.T) {
		ctx := t.Context()
		a, b := make(chan int), make(chan int)
		out := Merge(ctx, a, b)
		mustSendTo(t, a, 1, out, "Merge input a")
		require.Equal(t, 1, mustReceive(t, out, "Merge"), "Merge forwards the 1 sent on input a")
		close(a)
		// b is still open, so out must be too: sendTo fails if out closes instead.
		mustSendTo(t, b, 2, out, "Merge input b (after a was closed)")
		require.Equal(t, 2, mustReceive(t, out, "Merge"), "Merge forwards the 2 sent on input b")
		close(b)
		assert.Empty(t, mustCollect(t, out, "Merge after both inputs closed"), "nothing more was sent, so Merge just closes")
		requireNoLeaks(t)
	})
	t.Run("stops when cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		a, b := make(chan int), make(chan int) // never closed
		out := Merge(ctx, a, b)
		mustSendTo(t, b, 7, out, "Merge input b")
		cancel() // 7 is waiting to be sent; nobody reads it
		requireNoLeaks(t, "every Merge forwarding goroutine must watch ctx.Done(), both when receiving and when sending")
		mustCollect(t, out, "Merge after cancel")
	})
}
