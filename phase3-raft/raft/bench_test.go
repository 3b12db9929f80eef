package raft

import (
	"fmt"
	"runtime"
	"slices"
	"testing"
	"time"

	"dsweekends/phase3-raft/rafttest"
)

// BenchmarkAgreement measures, in wall time on a reliable simulated network, how many commands
// a cluster commits per second when a client keeps 100 in flight, and the commit latency of one
// command at a time: from Start on the leader until the command is committed, seen as the first
// peer (normally the leader) applying it. Followers learn the new commitIndex only with the next
// AppendEntries, up to a heartbeat later. It reports cmds/s, p50-µs and p99-µs.
func BenchmarkAgreement(b *testing.B) {
	for _, n := range []int{3, 5} {
		b.Run(fmt.Sprintf("peers=%d", n), func(b *testing.B) {
			c := rafttest.NewCluster(b, n, true, false, makeRaft)
			leader := c.CheckOneLeader()
			start1 := func(cmd int) int { // Start on the leader, following it if it changes
				for {
					if index, _, ok := c.Start(leader, cmd); ok {
						return index
					}
					leader = c.CheckOneLeader()
				}
			}
			waitFor := func(index int) {
				for {
					if got, _ := c.Committed(index); got >= 1 {
						return
					}
					runtime.Gosched()
				}
			}

			// Latency: one command at a time.
			lat := make([]time.Duration, 0, 200)
			cmd := 0
			for range 200 {
				cmd++
				start := time.Now()
				waitFor(start1(cmd))
				lat = append(lat, time.Since(start))
			}
			slices.Sort(lat)

			// Throughput: b.N commands, at most 100 in flight.
			b.ResetTimer()
			start := time.Now()
			var pending []int
			for range b.N {
				cmd++
				pending = append(pending, start1(cmd))
				if len(pending) == 100 {
					waitFor(pending[len(pending)-1])
					pending = pending[:0]
				}
			}
			if len(pending) > 0 {
				waitFor(pending[len(pending)-1])
			}
			elapsed := time.Since(start)
			b.StopTimer()
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "cmds/s")
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
		})
	}
}
