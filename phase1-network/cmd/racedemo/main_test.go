package main

import (
	"bytes"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestMain(m *testing.M) {
	// The demo re-runs its own binary as the child; under `go test` that
	// binary is this test binary, so act as the child here.
	if name := os.Getenv(childEnv); name != "" {
		os.Exit(child(name, os.Stdout))
	}
	os.Exit(m.Run())
}

func TestDemoShowsAnnotatedDataRace(t *testing.T) {
	if !raceEnabled {
		t.Skip("the demo test needs the race detector: go test -race ./phase1-network/cmd/racedemo/")
	}
	var out bytes.Buffer
	require.NoError(t, run([]string{"counter", "bank"}, &out))
	s := out.String()
	require.Contains(t, s, "WARNING: DATA RACE", "the child must print the race detector's real report:\n%s", s)
	require.Contains(t, s, "races/racy.go:", "the report must point at the broken line in racy.go")
	require.Contains(t, s, "◀ 고칠 줄", "the line to fix must carry its note")
	require.Contains(t, s, "status 66", "the race detector exits with status 66 when it found a race")
}

func TestDemoCacheShowsLogicRace(t *testing.T) {
	var out bytes.Buffer
	if !raceEnabled {
		t.Skip("needs -race")
	}
	require.NoError(t, run([]string{"cache"}, &out))
	require.Contains(t, out.String(), "No DATA RACE report here")
}

func TestUnknownScenario(t *testing.T) {
	require.ErrorContains(t, run([]string{"nope"}, new(bytes.Buffer)), "unknown scenario")
}
