package watch

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// saveAndWait writes a .go file in a watched folder and waits for the report.
func saveAndWait(t *testing.T, poll bool) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	changed := make(chan string, 10)
	done := make(chan error, 1)
	go func() { done <- Watch(ctx, []string{dir}, poll, func(f string) { changed <- f }) }()
	defer func() {
		cancel()
		require.ErrorIs(t, <-done, context.Canceled, "Watch ends with its context")
	}()
	// Events may start a moment after Watch is called: save until one is seen.
	file := filepath.Join(dir, "calc.go")
	deadline := time.After(10 * time.Second)
	for i := 0; ; i++ {
		require.NoError(t, os.WriteFile(file, []byte("package calc // "+string(rune('a'+i%26))+"\n"), 0o644))
		select {
		case f := <-changed:
			require.Equal(t, file, f, "the changed file is reported")
			return
		case <-time.After(500 * time.Millisecond):
		case <-deadline:
			t.Fatalf("no change reported within 10s (poll=%v)", poll)
		}
	}
}

func TestWatchReportsASaveWithEvents(t *testing.T) { saveAndWait(t, false) }
func TestWatchReportsASaveByPolling(t *testing.T)  { saveAndWait(t, true) }

func TestWatchIgnoresOtherFiles(t *testing.T) {
	require.True(t, relevant("/x/calc.go"))
	require.False(t, relevant("/x/.calc.go.swp"))
	require.False(t, relevant("/x/README.md"))
	require.False(t, relevant("/x/.#calc.go"))
}

func TestWorksHere(t *testing.T) {
	require.True(t, Works(t.TempDir()), "file events work in a local temp folder on this machine")
}
