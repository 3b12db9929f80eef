package testrun

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHangStopsTheBinaryAndNamesTheGoroutines: a test that never returns
// fails after the hang limit, not after go test's ten minutes, with the
// stack of the goroutine that waits in the package's code.
func TestHangStopsTheBinaryAndNamesTheGoroutines(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
	}
	write("go.mod", "module example.com/stuck\n\ngo 1.22\n")
	write("stuck.go", "package stuck\n\n// Wait waits for a value nobody sends.\nfunc Wait(c chan int) int { return <-c }\n")
	write("stuck_test.go", `package stuck

import "testing"

func TestFirst(t *testing.T) {}

func TestStuck(t *testing.T) { Wait(make(chan int)) }
`)
	start := time.Now()
	run, err := Go(context.Background(), Options{Dir: dir, Packages: []string{"."}, Flags: []string{"-count=1"}, Env: []string{"GOWORK=off", "GOFLAGS=-mod=mod"}, Hang: 2 * time.Second})
	require.NoError(t, err)
	took := time.Since(start)
	require.Less(t, took, 2*time.Minute, "the run ends soon after the hang limit")
	first := run.Tests[Key("example.com/stuck", "TestFirst")]
	require.NotNil(t, first)
	assert.True(t, first.Passed())
	stuck := run.Tests[Key("example.com/stuck", "TestStuck")]
	require.NotNil(t, stuck)
	assert.False(t, stuck.Passed())
	assert.NotZero(t, stuck.Hung)
	out := strings.Join(stuck.Output, "\n")
	assert.Contains(t, out, "no verdict after")
	assert.Contains(t, out, "example.com/stuck.Wait", "the goroutine that waits, in the package's code")
}
