package simnet_test

import (
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"dsweekends/phase3-raft/simnet"
)

// The tests in this file run inside synctest bubbles, so the network's delays pass in virtual
// time: a test of seven-second timeouts takes microseconds, and time.Since measures exactly the
// virtual time a call waited.

func TestNewEndStartsDisabled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		net, _ := newNetwork(t, 1)
		addVoter(t, net, "server")
		end := net.NewEnd("client")

		var reply VoteReply
		assert.False(t, end.Call("Voter.Vote", &VoteArgs{}, &reply), "a new end is not connected")
		net.Connect("client", "server")
		assert.False(t, end.Call("Voter.Vote", &VoteArgs{}, &reply), "a connected end is still disabled until Enable")
		net.Enable("client", true)
		assert.True(t, end.Call("Voter.Vote", &VoteArgs{}, &reply), "a connected, enabled end works")
		net.Enable("client", false)
		reply = VoteReply{}
		assert.False(t, end.Call("Voter.Vote", &VoteArgs{}, &reply), "disabling the end cuts it off again")
	})
}

func TestNoReplyWaitsShortOrLong(t *testing.T) {
	// 50 calls through a disabled end. Without long delays every call fails within 100ms. With
	// long delays every call fails within 7s, and at least one waits more than 1s: each wait is
	// uniform in [0, 7s), so all 50 staying under 1s has probability (1/7)^50, about 1e-42.
	const calls = 50
	for _, long := range []bool{false, true} {
		t.Run(fmt.Sprintf("long delays %v", long), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				net, _ := newNetwork(t, 7)
				net.SetLongDelays(long)
				addVoter(t, net, "server")
				end := net.NewEnd("client")
				net.Connect("client", "server") // connected but disabled

				var longest time.Duration
				for range calls {
					start := time.Now()
					var reply VoteReply
					require.False(t, end.Call("Voter.Vote", &VoteArgs{}, &reply), "a disabled end gets no reply")
					longest = max(longest, time.Since(start))
				}
				if long {
					assert.Less(t, longest, 7*time.Second, "long delays stay under 7s")
					assert.Greater(t, longest, time.Second, "with long delays some calls wait more than 1s")
				} else {
					assert.Less(t, longest, 100*time.Millisecond, "short delays stay under 100ms")
				}
			})
		})
	}
}

func TestPartitionCutsOnlyCrossingEnds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// Three peers and one end per ordered pair: ends[i][j] is peer i's end for calling j.
		const n = 3
		net, _ := newNetwork(t, 1)
		ends := make([][]*simnet.End, n)
		for i := range n {
			addVoter(t, net, fmt.Sprint(i))
			ends[i] = make([]*simnet.End, n)
			for j := range n {
				ends[i][j] = connectedEnd(net, fmt.Sprintf("%d->%d", i, j), fmt.Sprint(j))
			}
		}
		call := func(i, j int) bool {
			var reply VoteReply
			return ends[i][j].Call("Voter.Vote", &VoteArgs{}, &reply)
		}

		// Partition {0} | {1, 2}: disable every end that crosses the cut.
		side := []int{0, 1, 1}
		for i := range n {
			for j := range n {
				net.Enable(fmt.Sprintf("%d->%d", i, j), side[i] == side[j])
			}
		}
		for i := range n {
			for j := range n {
				assert.Equal(t, side[i] == side[j], call(i, j),
					"call %d->%d during partition {0}|{1,2}: only ends inside one side work", i, j)
			}
		}

		// Heal: enable everything again.
		for i := range n {
			for j := range n {
				net.Enable(fmt.Sprintf("%d->%d", i, j), true)
			}
		}
		for i := range n {
			for j := range n {
				assert.True(t, call(i, j), "call %d->%d after healing the partition", i, j)
			}
		}
	})
}

func TestDeleteServerDiscardsPendingReply(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		net, _ := newNetwork(t, 1)
		voter := addVoter(t, net, "server")
		end := connectedEnd(net, "client", "server")
		result := callHeld(end, voter) // the handler is running
		net.DeleteServer("server")

		select {
		case ok := <-result:
			assert.False(t, ok, "a call to a deleted server gets no reply")
		case <-time.After(time.Minute): // virtual time: only reached if Call hangs
			t.Fatal("Call did not return after its server was deleted")
		}
		close(voter.release) // let the handler finish; its reply must go nowhere
		synctest.Wait()

		assert.Zero(t, net.RPCCount("server"), "a deleted name has no server and no count")
		var reply VoteReply
		assert.False(t, end.Call("Voter.Vote", &VoteArgs{}, &reply), "later calls to the deleted server fail")
		assert.Equal(t, 1, voter.Calls(), "the later call never reached the deleted server")
	})
}

func TestReplacedServerDiscardsPendingReply(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		net, _ := newNetwork(t, 1)
		old := addVoter(t, net, "server")
		end := connectedEnd(net, "client", "server")
		result := callHeld(end, old)
		fresh := addVoter(t, net, "server") // a restarted peer under the same name
		close(old.release)
		assert.False(t, <-result, "the reply of the replaced server is discarded")

		var reply VoteReply
		assert.True(t, end.Call("Voter.Vote", &VoteArgs{}, &reply), "the new server answers")
		assert.Equal(t, 1, fresh.Calls())
		assert.Equal(t, 1, net.RPCCount("server"), "the count belongs to the new server")
	})
}

func TestDisablingEndDuringHandlerLosesReply(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		net, _ := newNetwork(t, 1)
		voter := addVoter(t, net, "server")
		end := connectedEnd(net, "client", "server")
		result := callHeld(end, voter)
		net.Enable("client", false) // a partition forms while the server works
		close(voter.release)
		assert.False(t, <-result, "a reply cannot cross a partition that formed while the handler ran")
		assert.Equal(t, 1, voter.Calls(), "the handler did run: false does not mean it did not")
	})
}

func TestUnreliableDropsAboutTenPercent(t *testing.T) {
	// 1000 sequential calls on an unreliable network. Request losses are Binomial(1000, 0.1) and
	// reply losses Binomial(delivered, 0.1). Each must lie within [0.05μ, 1.95μ] of its mean μ.
	// Chernoff bounds (P[X ≥ (1+δ)μ] ≤ exp(-δ²μ/(2+δ)), P[X ≤ (1-δ)μ] ≤ exp(-δ²μ/2), δ = 0.95)
	// put a false failure below 2e-12 for μ ≈ 90..100. The band still fails if dropping were
	// disabled (0 losses) or 50% (about 500 request losses). With a fixed seed and calls made
	// one at a time, the run is in fact deterministic: this is a check of the design, not luck.
	synctest.Test(t, func(t *testing.T) {
		net, _ := newNetwork(t, 12345)
		voter := addVoter(t, net, "server")
		end := connectedEnd(net, "client", "server")
		net.SetReliable(false)

		const calls = 1000
		succeeded := 0
		for i := range calls {
			var reply VoteReply
			if end.Call("Voter.Vote", &VoteArgs{Term: i}, &reply) {
				succeeded++
				require.Equal(t, i+1, reply.Term, "a reply that arrives is the right one")
			}
		}
		delivered := net.RPCCount("server")
		require.Equal(t, delivered, voter.Calls(), "every delivered request ran the handler")
		assert.Equal(t, calls, net.TotalRPCs(), "every call entered the network")

		t.Logf("seed %d: %d requests lost, %d delivered, %d replies lost, %d succeeded",
			net.Seed(), calls-delivered, delivered, delivered-succeeded, succeeded)
		inBand := func(what string, losses, trials int) {
			mu := 0.1 * float64(trials)
			assert.True(t, float64(losses) >= 0.05*mu && float64(losses) <= 1.95*mu,
				"%s: %d lost out of %d, want about %.0f (between %.1f and %.1f)", what, losses, trials, mu, 0.05*mu, 1.95*mu)
		}
		inBand("requests", calls-delivered, calls)
		inBand("replies", delivered-succeeded, delivered)
	})
}

func TestUnreliableDelaysAreShort(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		net, _ := newNetwork(t, 3)
		addVoter(t, net, "server")
		end := connectedEnd(net, "client", "server")
		net.SetReliable(false)

		// Each delay is uniform over 0..26ms; 200 zero delays in a row have probability 27^-200.
		var longest time.Duration
		for range 200 {
			start := time.Now()
			var reply VoteReply
			end.Call("Voter.Vote", &VoteArgs{}, &reply)
			longest = max(longest, time.Since(start))
		}
		assert.Less(t, longest, 27*time.Millisecond, "unreliable mode delays a request by less than 27ms")
		assert.Positive(t, longest, "unreliable mode delays requests")
	})
}

func TestLongReorderingHoldsSomeReplies(t *testing.T) {
	// About 2 in 3 replies are held for 200ms to a little over 2s. Out of 100 replies, none held
	// has probability (1/3)^100 and all held (2/3)^100, about 2e-18.
	synctest.Test(t, func(t *testing.T) {
		net, _ := newNetwork(t, 5)
		addVoter(t, net, "server")
		end := connectedEnd(net, "client", "server")
		net.SetLongReordering(true)

		held, prompt := 0, 0
		for range 100 {
			start := time.Now()
			var reply VoteReply
			require.True(t, end.Call("Voter.Vote", &VoteArgs{}, &reply), "reordering delays replies but never loses them")
			switch waited := time.Since(start); {
			case waited == 0:
				prompt++
			case waited >= 200*time.Millisecond && waited < 2200*time.Millisecond:
				held++
			default:
				t.Errorf("a reply was held %v; want 0 or between 200ms and 2.2s", waited)
			}
		}
		assert.Positive(t, held, "long reordering holds some replies back")
		assert.Positive(t, prompt, "long reordering lets some replies through at once")
	})
}

func TestSameSeedSameRun(t *testing.T) {
	// Calls made one at a time draw the seeded random numbers in a fixed order, so a seed
	// reproduces a run exactly; a different seed gives a different one (two identical
	// 200-call patterns by chance are astronomically unlikely).
	run := func(seed int64) (pattern []bool) {
		synctest.Test(t, func(t *testing.T) {
			net, _ := newNetwork(t, seed)
			addVoter(t, net, "server")
			end := connectedEnd(net, "client", "server")
			net.SetReliable(false)
			for range 200 {
				var reply VoteReply
				pattern = append(pattern, end.Call("Voter.Vote", &VoteArgs{}, &reply))
			}
			assert.Equal(t, seed, net.Seed())
		})
		return pattern
	}
	first := run(42)
	assert.Equal(t, first, run(42), "the same seed must give the same losses")
	assert.NotEqual(t, first, run(43), "another seed gives other losses")
}

func TestCallReturnsAtOnceWhenItsEndIsCutDuringHandler(t *testing.T) {
	// A caller waiting for a handler must not wait for a reply that can no longer arrive: cutting
	// its end (disabling it, even briefly, or rewiring it to another server) ends the call at once,
	// while the handler is still blocked.
	tests := []struct {
		name string
		cut  func(net *simnet.Network)
	}{
		{"disabling the end", func(net *simnet.Network) { net.Enable("client", false) }},
		{"disabling and re-enabling the end", func(net *simnet.Network) {
			net.Enable("client", false)
			net.Enable("client", true)
		}},
		{"rewiring the end to another server", func(net *simnet.Network) { net.Connect("client", "other") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				net, _ := newNetwork(t, 1)
				voter := addVoter(t, net, "server")
				addVoter(t, net, "other")
				end := connectedEnd(net, "client", "server")
				result := callHeld(end, voter) // the handler is running, and stays blocked
				defer close(voter.release)     // let the handler finish, so Cleanup can wait for it
				start := time.Now()
				tt.cut(net)
				synctest.Wait()
				select {
				case ok := <-result:
					assert.False(t, ok, "the call's end was cut while the handler ran: no reply can arrive")
				default:
					t.Fatal("Call is still waiting for a handler whose reply can no longer arrive; " +
						"it must return false as soon as its end is cut")
				}
				assert.Zero(t, time.Since(start), "Call returned without any (virtual) time passing")
			})
		})
	}
}

func TestRepliesThatGetBackAreCountedInTotalBytes(t *testing.T) {
	// A reply lost on the way back travels no further than the network: it is not counted.
	synctest.Test(t, func(t *testing.T) {
		net, _ := newNetwork(t, 1)
		addVoter(t, net, "server")
		end := connectedEnd(net, "client", "server")
		net.SetReliable(false)
		args := VoteArgs{Term: 1, Log: []int{1, 2, 3}}
		var replies, calls int64
		for range 100 {
			var reply VoteReply
			calls++
			if end.Call("Voter.Vote", &args, &reply) {
				replies++
			}
		}
		require.Less(t, replies, calls, "an unreliable network loses some of 100 calls")
		reply := VoteReply{Term: 2, Granted: true, Log: []int{1, 2, 3}}
		assert.Equal(t, calls*gobSize(t, &args)+replies*gobSize(t, &reply), net.TotalBytes(),
			"every request counts, and only the replies that got back")
	})
}

// TestObserverSeesEveryCallsFate: a timeline tool (study viz) sees each call
// with its end, server, method, times and outcome.
func TestObserverSeesEveryCallsFate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		n := simnet.NewNetwork(1)
		defer n.Cleanup()
		var seen []simnet.Observed // calls run one at a time here
		n.SetObserver(func(o simnet.Observed) { seen = append(seen, o) })
		registerService(t, n, "s", &Voter{})
		e := n.NewEnd("e")
		n.Connect("e", "s")
		n.Enable("e", true)
		require.True(t, e.Call("Voter.Vote", &VoteArgs{Term: 1}, &VoteReply{}))
		n.Enable("e", false)
		require.False(t, e.Call("Voter.Vote", &VoteArgs{Term: 2}, &VoteReply{}))

		require.Len(t, seen, 2, "one observation per call")
		ok := seen[0]
		assert.Equal(t, "ok", ok.Outcome)
		assert.Equal(t, "e", ok.End)
		assert.Equal(t, "s", ok.Server)
		assert.Equal(t, "Voter.Vote", ok.Method)
		assert.False(t, ok.Delivered.IsZero() || ok.Replied.IsZero(), "a delivered, answered call has both times")
		assert.Equal(t, "unreachable", seen[1].Outcome, "a disabled end delivers nothing")
		assert.True(t, seen[1].Delivered.IsZero())
	})
}
