package kvraft

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"dsweekends/phase3-raft/kvtest"
)

// BenchmarkOps measures Put operations per second on a reliable simulated network, on the wall
// clock (not in virtual time), for 1 and 16 concurrent clients on 3 and 5 servers.
func BenchmarkOps(b *testing.B) {
	for _, servers := range []int{3, 5} {
		for _, clients := range []int{1, 16} {
			b.Run(fmt.Sprintf("servers=%d/clients=%d", servers, clients), func(b *testing.B) {
				g := kvtest.NewGroup(b, &kvtest.History{}, config(servers, false, -1))
				cks := make([]*kvtest.Client, clients)
				for i := range cks {
					cks[i] = g.Client()
				}
				cks[0].Put("warm-up", "x") // waits for the first election
				var issued atomic.Int64
				var wg sync.WaitGroup
				b.ResetTimer()
				for i, ck := range cks {
					wg.Go(func() {
						key := fmt.Sprintf("k%d", i)
						for issued.Add(1) <= int64(b.N) {
							ck.Put(key, "v")
						}
					})
				}
				wg.Wait()
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
			})
		}
	}
}
