package kvraft

import (
	"fmt"
	"maps"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"dsweekends/phase3-raft/kvtest"
)

func TestBasic4A(t *testing.T) {
	kvtest.Run(t, "4A one client", func(t *testing.T, h *kvtest.History) {
		g := kvtest.NewGroup(t, h, config(5, false, -1))
		ck := g.Client()
		require.Equal(t, "", ck.Get("a"), "Get of a key never written must return \"\"")
		ck.Put("a", "1")
		require.Equal(t, "1", ck.Get("a"), "Get after Put(a, 1): the Put must be applied before Put returns, and Get must read it. %s", ruleLog)
		ck.Append("a", "2")
		require.Equal(t, "12", ck.Get("a"), "Get after Append(a, 2) on \"1\": Append adds to the end")
		ck.Put("a", "3")
		require.Equal(t, "3", ck.Get("a"), "Put replaces the whole value")
		ck.Append("b", "x")
		require.Equal(t, "x", ck.Get("b"), "Append to a missing key starts from \"\"")
		model := map[string]string{"a": "3", "b": "x"}
		for i := range 30 {
			k := fmt.Sprintf("k%d", g.IntN(3))
			switch g.IntN(3) {
			case 0:
				ck.Put(k, fmt.Sprint(i))
				model[k] = fmt.Sprint(i)
			case 1:
				ck.Append(k, fmt.Sprint(i))
				model[k] += fmt.Sprint(i)
			default:
				require.Equal(t, model[k], ck.Get(k), "operation %d: Get(%q) must see every earlier Put and Append of this client", i, k)
			}
		}
	})
}

func TestManyClients4A(t *testing.T) {
	kvtest.Run(t, "4A many clients", func(t *testing.T, h *kvtest.History) {
		g := kvtest.NewGroup(t, h, config(5, false, -1))
		runFor(t, g, 5, false, 3*time.Second, nil)
	})
}

func TestConcurrentManyKeys4A(t *testing.T) {
	kvtest.Run(t, "4A concurrent clients, shared keys", func(t *testing.T, h *kvtest.History) {
		g := kvtest.NewGroup(t, h, config(5, false, -1))
		runFor(t, g, 5, true, 2*time.Second, nil)
		// Random operations on a few shared keys: porcupine checks the whole history when the
		// test ends.
		stop := make(chan struct{})
		done := make(chan struct{})
		for c := range 6 {
			ck := g.Client()
			go func() {
				defer func() { done <- struct{}{} }()
				for j := 0; ; j++ {
					select {
					case <-stop:
						return
					default:
					}
					k := fmt.Sprintf("k%d", g.IntN(4))
					switch g.IntN(3) {
					case 0:
						ck.Put(k, fmt.Sprintf("%d.%d ", c, j))
					case 1:
						ck.Append(k, fmt.Sprintf("%d.%d ", c, j))
					default:
						ck.Get(k)
					}
					time.Sleep(time.Duration(50+g.IntN(100)) * time.Millisecond)
				}
			}()
		}
		time.Sleep(3 * time.Second)
		close(stop)
		for range 6 {
			<-done
		}
	})
}

func TestLeaderInMinority4A(t *testing.T) {
	kvtest.Run(t, "4A leader partitioned into a minority", func(t *testing.T, h *kvtest.History) {
		g := kvtest.NewGroup(t, h, config(5, false, -1))
		ck := g.Client()
		ck.Put("1", "13")
		leader := leaderOf(t, g)
		other := (leader + 1) % 5
		var majority []int
		for i := range 5 {
			if i != leader && i != other {
				majority = append(majority, i)
			}
		}
		g.Partition(majority, []int{leader, other})
		inMajority := g.Client(majority...)
		inMajority.Put("1", "14")
		require.Equal(t, "14", inMajority.Get("1"), "the majority side must keep serving: a new leader is elected and commits")
		for i := range 25 { // push the majority's log well past the old leader's
			inMajority.Append("pad", fmt.Sprint(i))
		}

		putter, getter := g.Client(leader, other), g.Client(leader, other)
		putDone, getDone := make(chan struct{}), make(chan string, 1)
		go func() { defer close(putDone); putter.Put("1", "15") }()
		go func() { getDone <- getter.Get("1") }()
		var early string // what completed in the minority, if anything
		gotten := false
		select {
		case <-putDone:
			early = "a Put sent only to the minority (the old leader and one follower) completed while partitioned. " + ruleLog
		case v := <-getDone:
			gotten = true
			early = fmt.Sprintf("a Get sent only to the minority (the old leader and one follower) returned %q while partitioned: "+
				"the old leader answered from its own state. %s", v, ruleLog)
		case <-time.After(3 * time.Second):
		}

		// Heal and let both clients finish before judging, so that no client outlives the test.
		g.Heal()
		g.Reach(putter)
		g.Reach(getter)
		<-putDone
		if !gotten {
			<-getDone
		}
		require.Empty(t, early, "an operation completed in the minority")
		require.Equal(t, "15", g.Client().Get("1"), "after the partition healed, the Put(1, 15) that waited in the minority was retried and completed, so it must be the value now. "+
			"Rule: a handler gives up on an entry that lost its place (another entry at its index, or a new term) and answers ErrWrongLeader, so the Clerk retries; it must never answer OK for someone else's entry")
	})
}

func TestUnreliable4A(t *testing.T) {
	kvtest.Run(t, "4A unreliable network", func(t *testing.T, h *kvtest.History) {
		g := kvtest.NewGroup(t, h, config(5, true, -1))
		runFor(t, g, 5, true, 5*time.Second, nil)
	})
}

func TestCrashRestartAll4A(t *testing.T) {
	kvtest.Run(t, "4A all servers crash and restart", func(t *testing.T, h *kvtest.History) {
		g := kvtest.NewGroup(t, h, config(5, false, -1))
		counts := map[int]int{}
		for round := range 3 {
			stop := make(chan struct{})
			done := make(chan map[int]int, 1)
			go func() { done <- workload(t, g, 3*round, 3, true, stop) }()
			time.Sleep(time.Second)
			close(stop)
			maps.Copy(counts, <-done)
			require.False(t, t.Failed(), "round %d: a client saw a wrong value (above)", round)
			for i := range g.N() {
				g.Crash(i)
			}
			for i := range g.N() {
				g.Restart(i)
			}
			checkCrashed(t, g, counts)
		}
		checkAppends(t, g, counts, true)
	})
}

// checkCrashed reads every client's key after a restart of the whole group: the values must
// survive, rebuilt from the Raft log (or a snapshot) the servers persisted.
func checkCrashed(t *testing.T, g *kvtest.Group, counts map[int]int) {
	ck := g.Client()
	for c, n := range counts {
		want := ""
		for j := range n {
			want += token(c, j)
		}
		got := ck.Get(fmt.Sprintf("own-%d", c))
		require.Equal(t, want, got, "client %d's key after every server crashed and restarted. Rule: a restarted server rebuilds its state "+
			"from its snapshot and the Raft log it persisted, applying each entry once (and a retried Append still only once)", c)
	}
}

func TestCrashOneAtATime4A(t *testing.T) {
	kvtest.Run(t, "4A servers crash and restart one at a time", func(t *testing.T, h *kvtest.History) {
		g := kvtest.NewGroup(t, h, config(5, false, -1))
		runFor(t, g, 4, true, 6*time.Second, func(stop <-chan struct{}) {
			for {
				i := g.IntN(g.N())
				g.Crash(i)
				time.Sleep(time.Duration(500+g.IntN(1000)) * time.Millisecond)
				g.Restart(i)
				select {
				case <-stop:
					return
				case <-time.After(time.Duration(500+g.IntN(1000)) * time.Millisecond):
				}
			}
		})
	})
}

func TestPartitionsHeal4A(t *testing.T) {
	kvtest.Run(t, "4A partitions that heal", func(t *testing.T, h *kvtest.History) {
		g := kvtest.NewGroup(t, h, config(5, false, -1))
		runFor(t, g, 4, true, 6*time.Second, func(stop <-chan struct{}) {
			defer g.Heal()
			for {
				var a, b []int
				for i := range g.N() {
					if g.IntN(2) == 0 {
						a = append(a, i)
					} else {
						b = append(b, i)
					}
				}
				g.Partition(a, b)
				time.Sleep(time.Duration(200+g.IntN(800)) * time.Millisecond)
				g.Heal()
				select {
				case <-stop:
					return
				case <-time.After(time.Duration(500+g.IntN(1000)) * time.Millisecond):
				}
			}
		})
	})
}

func TestAppendExactlyOnce4A(t *testing.T) {
	kvtest.Run(t, "4A a retried Append is applied once", func(t *testing.T, h *kvtest.History) {
		g := kvtest.NewGroup(t, h, config(3, false, -1))
		client, ends := g.Ends()
		const id = 4242
		end := h.Begin(client, kvtest.Input{Op: kvtest.OpAppend, Key: "k", Value: "x"})
		rawAppend(t, ends, "k", "x", id, 1)
		rawAppend(t, ends, "k", "x", id, 1) // the same request again, as after a lost reply
		end("")                             // one Append, sent twice
		end = h.Begin(client, kvtest.Input{Op: kvtest.OpAppend, Key: "k", Value: "y"})
		rawAppend(t, ends, "k", "y", id, 2)
		end("")
		require.Equal(t, "xy", g.Client().Get("k"), "the same Append (ClientID %d, Seq 1) arrived twice, as it does when a reply is lost and the Clerk retries. %s", id, ruleOnce)
		// A copy of Seq 1 that the network delayed arrives after Seq 2 was applied: the client
		// has moved on, so it is old news (nothing is recorded: no client is waiting for it).
		rawAppend(t, ends, "k", "x", id, 1)
		require.Equal(t, "xy", g.Client().Get("k"), "a delayed copy of Append (ClientID %d, Seq 1) arrived after Seq 2 had been applied, and was applied again. "+
			"A Clerk numbers its requests in order and waits for each, so any Seq at or below the highest one applied for that client is a duplicate: "+
			"skip when Seq <= lastSeq[client], not only when Seq == lastSeq[client]. %s", id, ruleOnce)
	})
}

// maxRaftState is the snapshot threshold the 4B tests give the servers.
const maxRaftState = 1000

// checkBound fails if some server's persisted Raft state grew well past maxRaftState, which
// means the server does not hand Raft snapshots (or Raft does not trim its log).
func checkBound(t *testing.T, g *kvtest.Group, when string) {
	// A pause in virtual time lets every server apply what it has: a follower's persisted log
	// legitimately holds the entries it has not applied yet, which no snapshot covers.
	time.Sleep(100 * time.Millisecond)
	size := g.RaftStateSize()
	require.LessOrEqual(t, size, 8*maxRaftState, "%s: a server's persisted Raft state is %d bytes, but the servers were told to snapshot at %d. "+
		"Rule: after applying an entry, when Raft's PersistBytes() reaches maxraftstate, encode the service state and call Snapshot(index, snapshot)", when, size, maxRaftState)
}

func TestSnapshotSize4B(t *testing.T) {
	kvtest.Run(t, "4B snapshots bound the Raft state", func(t *testing.T, h *kvtest.History) {
		g := kvtest.NewGroup(t, h, config(3, false, maxRaftState))
		ck := g.Client()
		for i := range 200 {
			ck.Put("x", "0")
			ck.Append("x", "1")
			if i%10 == 0 {
				checkBound(t, g, fmt.Sprintf("after %d operations", 2*i+2))
			}
		}
		require.Equal(t, "01", ck.Get("x"), "the value after the last Put and Append")
		checkBound(t, g, "after 400 operations")
		require.Positive(t, g.SnapshotSize(), "no server ever saved a snapshot")
	})
}

func TestRestartFromSnapshot4B(t *testing.T) {
	kvtest.Run(t, "4B restart from snapshots", func(t *testing.T, h *kvtest.History) {
		g := kvtest.NewGroup(t, h, config(3, false, maxRaftState))
		client, ends := g.Ends()
		const id = 777
		end := h.Begin(client, kvtest.Input{Op: kvtest.OpAppend, Key: "dup", Value: "x"})
		rawAppend(t, ends, "dup", "x", id, 1)
		ck := g.Client()
		want := map[string]string{}
		for i := range 120 { // enough entries for several snapshots
			k := fmt.Sprintf("k%d", i%7)
			ck.Append(k, fmt.Sprint(i))
			want[k] += fmt.Sprint(i)
		}
		checkBound(t, g, "before the crash")
		for i := range g.N() {
			g.Crash(i)
		}
		for i := range g.N() {
			g.Restart(i)
		}
		for k, v := range want {
			require.Equal(t, v, ck.Get(k), "key %q after every server restarted: most of the log was in snapshots, so the state must come back from "+
				"persister.ReadSnapshot() in StartKVServer (and from snapshots Raft sends on applyCh)", k)
		}
		// The first Append again, as a Clerk whose reply was lost would retry it after the restart.
		_, ends = g.Ends()
		rawAppend(t, ends, "dup", "x", id, 1)
		end("") // one Append, sent before the crash and again after it
		require.Equal(t, "x", ck.Get("dup"), "an Append (ClientID %d, Seq 1) applied before the snapshots and retried after the restart was applied twice: "+
			"the snapshot must carry the duplicate table (the highest Seq per client) along with the data. %s", id, ruleOnce)
		checkBound(t, g, "after the restart")
	})
}

func TestSnapshotUnreliableCrash4B(t *testing.T) {
	kvtest.Run(t, "4B snapshots, unreliable network, crashes and partitions", func(t *testing.T, h *kvtest.History) {
		g := kvtest.NewGroup(t, h, config(5, true, maxRaftState))
		runFor(t, g, 4, true, 10*time.Second, func(stop <-chan struct{}) {
			for {
				i := g.IntN(g.N())
				g.Partition([]int{(i + 1) % 5, (i + 2) % 5, (i + 3) % 5}, []int{(i + 4) % 5})
				g.Crash(i)
				time.Sleep(time.Duration(500+g.IntN(1000)) * time.Millisecond)
				g.Restart(i)
				g.Heal()
				select {
				case <-stop:
					return
				case <-time.After(time.Duration(500+g.IntN(1000)) * time.Millisecond):
				}
			}
		})
		checkBound(t, g, "at the end")
	})
}
