package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestWatchRestartsWhenSavedDuringACheck drives watch's loop with the real
// file watcher and a check that runs until it is cancelled: a save made while
// that check runs must cancel it and start a new check for the saved file at
// once, not after the old check ends.
func TestWatchRestartsWhenSavedDuringACheck(t *testing.T) {
	for _, poll := range []bool{false, true} {
		name := "events"
		if poll {
			name = "poll"
		}
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			saved := filepath.Join(dir, "solution.go")
			require.NoError(t, os.WriteFile(saved, []byte("package x\n"), 0o644))

			type call struct {
				file      string
				cancelled bool
			}
			started := make(chan string, 4)
			ended := make(chan call, 4)
			a := &app{}
			loop := watchLoop{
				dir:     func() string { return dir },
				poll:    poll,
				maxRuns: 2,
				saves:   a.watchSaves,
				check: func(ctx context.Context, _ time.Time, file string) bool {
					started <- file
					if file != "" {
						ended <- call{file: file}
						return false // the second check ends by itself
					}
					<-ctx.Done() // the first check is long: it ends only when cancelled
					ended <- call{file: file, cancelled: true}
					return false
				},
				restarting: func() {},
				waiting:    func() {},
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			result := make(chan error, 1)
			go func() { result <- loop.run(ctx) }()

			require.Equal(t, "", recv(t, started, "the first check"), "the first check starts at once, for no save")
			// The watcher starts beside the check and cannot say when it is
			// looking, so save again every 200 ms until the check is cancelled,
			// the way a learner saves again when nothing seems to happen.
			var first call
			tick := time.NewTicker(200 * time.Millisecond)
			defer tick.Stop()
		saving:
			for i := 0; ; i++ {
				require.NoError(t, os.WriteFile(saved, []byte(fmt.Sprintf("package x\n\nvar fixed = %d\n", i)), 0o644))
				select {
				case first = <-ended:
					break saving
				case <-tick.C:
				case <-ctx.Done():
					t.Fatal("saves made during a check for 10 s did not cancel it: watch must stop a check when a save arrives and start over")
				}
			}
			require.True(t, first.cancelled, "a save during a check must cancel that check")
			require.Equal(t, saved, recv(t, started, "the check after the save"), "the save must start a new check of the saved file at once")
			require.Equal(t, saved, recv(t, ended, "the check after the save").file)
			require.NoError(t, recv(t, result, "watch's return after --max-runs 2"), "watch stops after --max-runs checks")
		})
	}
}

// recv waits up to 10 s for a value on ch.
func recv[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(10 * time.Second):
		t.Fatalf("%s did not come within 10 s", what)
		panic("unreachable")
	}
}
