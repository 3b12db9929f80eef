package rafttest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// errorsTB is a testing.TB that records Error messages instead of failing the real test.
type errorsTB struct {
	testing.TB
	errs []string
}

func (e *errorsTB) Helper()           {}
func (e *errorsTB) Error(args ...any) { e.errs = append(e.errs, fmt.Sprint(args...)) }

func TestTestTimeLimitAppliesOnlyInVirtualTime(t *testing.T) {
	tests := []struct {
		name     string
		realtime bool
		elapsed  time.Duration
		want     string // substring of the failure, or "" for none
	}{
		{"virtual time up to the limit passes", false, MaxTestTime, ""},
		{"virtual time over the limit fails", false, 131 * time.Second,
			"the test took 131s of simulated time, the limit is 120s (rafttest.MaxTestTime): " +
				"are elections or agreement too slow?"},
		{"just over the limit is shown with a decimal", false, MaxTestTime + 300*time.Millisecond,
			"took 120.3s of simulated time"},
		{"the wall clock (RAFT_REALTIME=1) is not limited", true, 10 * time.Minute, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := &errorsTB{TB: t}
			r := &run{realtime: tt.realtime, tr: newTrace(time.Now())}
			r.checkTestTime(tb, tt.elapsed)
			got := strings.Join(tb.errs, "\n")
			if tt.want == "" {
				assert.Empty(t, got, "a test within the limit, or on the wall clock, must not fail")
				return
			}
			assert.Contains(t, got, tt.want)
			assert.Len(t, r.tr.events, 1, "the failure is recorded in the trace")
		})
	}
}
