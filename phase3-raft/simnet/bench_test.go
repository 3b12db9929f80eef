package simnet_test

import (
	"fmt"
	"sync/atomic"
	"testing"

	"dsweekends/phase3-raft/simnet"
)

// benchNetwork is a reliable network with one Voter and one end per caller, on the wall clock.
func benchNetwork(b *testing.B, ends int) (*simnet.Network, []*simnet.End) {
	b.Helper()
	net := simnet.NewNetwork(1)
	b.Cleanup(net.Cleanup)
	svc, err := simnet.NewService(&Voter{})
	if err != nil {
		b.Fatal(err)
	}
	srv := simnet.NewServer()
	srv.AddService(svc)
	net.AddServer("server", srv)
	list := make([]*simnet.End, ends)
	for i := range list {
		list[i] = connectedEnd(net, fmt.Sprint("end-", i), "server")
	}
	return net, list
}

// BenchmarkRoundTrip measures one RequestVote-sized call at a time: gob encoding of args and
// reply, a handler goroutine, and the network's bookkeeping.
func BenchmarkRoundTrip(b *testing.B) {
	_, ends := benchNetwork(b, 1)
	args := VoteArgs{Term: 5, CandidateID: 2}
	b.ReportAllocs()
	for b.Loop() {
		var reply VoteReply
		if !ends[0].Call("Voter.Vote", &args, &reply) {
			b.Fatal("a reliable call failed")
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rt/s")
}

// BenchmarkRoundTripParallel runs calls from GOMAXPROCS goroutines, each with its own end.
func BenchmarkRoundTripParallel(b *testing.B) {
	net, _ := benchNetwork(b, 0)
	args := VoteArgs{Term: 5, CandidateID: 2}
	var endNumber atomic.Int64
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		end := connectedEnd(net, fmt.Sprint("parallel-", endNumber.Add(1)), "server")
		for pb.Next() {
			var reply VoteReply
			if !end.Call("Voter.Vote", &args, &reply) {
				b.Error("a reliable call failed")
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rt/s")
}
