package simnet_test

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"dsweekends/phase3-raft/simnet"
)

// A peer that resends one request forever at a single instant would freeze virtual time: the
// network names the loop and, past LoopLimit, delays each identical request so time moves on.
func TestRetryLoopIsNamedAndLetsTimeMove(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		net, warnings := newNetwork(t, 1)
		addVoter(t, net, "peer-1")
		end := connectedEnd(net, "0->1", "peer-1")

		start := time.Now()
		for range simnet.LoopLimit - 1 {
			var reply VoteReply
			require.True(t, end.Call("Voter.Vote", &VoteArgs{Term: 7}, &reply))
		}
		require.Equal(t, start, time.Now(), "below the limit an identical request takes no time on a reliable network")
		require.Empty(t, net.Loop(), "below the limit nothing is reported")

		var reply VoteReply
		require.True(t, end.Call("Voter.Vote", &VoteArgs{Term: 7}, &reply))
		require.Contains(t, net.Loop(), `end "0->1"`, "the report names the end")
		require.Contains(t, net.Loop(), "Voter.Vote", "the report names the method")
		require.Contains(t, warnings.String(), "retry loop", "the loop is also written as a warning")
		require.Equal(t, simnet.LoopDelay, time.Since(start), "the request past the limit is delayed, so time moves")

		// A different request, or a later instant, starts a new count.
		before := time.Now()
		require.True(t, end.Call("Voter.Vote", &VoteArgs{Term: 8}, &reply))
		require.Equal(t, before, time.Now(), "a request with other arguments is not part of the loop")
	})
}

// The loop handler hears of the first retry loop once, on the looping goroutine, at the request
// that crosses the limit: a harness can fail the test there instead of after time has crawled on.
func TestRetryLoopCallsTheHandlerOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		net, _ := newNetwork(t, 1)
		addVoter(t, net, "peer-1")
		end := connectedEnd(net, "0->1", "peer-1")
		var reports []string
		var calls []int
		sent := 0
		net.SetLoopHandler(func(report string) {
			reports = append(reports, report)
			calls = append(calls, sent)
		})
		for range simnet.LoopLimit + 10 {
			sent++
			var reply VoteReply
			require.True(t, end.Call("Voter.Vote", &VoteArgs{Term: 7}, &reply))
		}
		require.Len(t, reports, 1, "the handler is told about the first loop once")
		require.Equal(t, []int{simnet.LoopLimit}, calls, "the handler runs at the request that crosses the limit")
		require.Equal(t, net.Loop(), reports[0], "the handler gets the report Loop returns")
	})
}
