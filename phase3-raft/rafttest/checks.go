package rafttest

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// Every check starts by failing the test if an applier found an error, so an error found in the
// background stops the test at the next check (or, on a client goroutine, ends that goroutine).
func (c *Cluster) checkApplyErr() {
	c.t.Helper()
	c.mu.Lock()
	err := c.applyErr
	c.mu.Unlock()
	if err != "" {
		c.stop("") // already reported with t.Error by the applier
	}
}

// connectedPeers returns the indexes of the running, connected peers.
func (c *Cluster) connectedPeers() []int {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []int
	for i := range c.n {
		if c.connected[i] && c.peers[i] != nil {
			out = append(out, i)
		}
	}
	return out
}

func (c *Cluster) jitter(base, spread time.Duration) time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return base + time.Duration(c.rng.Int64N(int64(spread)))
}

// CheckOneLeader waits, for up to about five election timeouts, until exactly one connected peer
// says it is leader in the newest term any connected peer leads, and returns that peer. It fails
// the test if two connected peers lead the same term, or if none leads after the wait.
func (c *Cluster) CheckOneLeader() int {
	c.t.Helper()
	var lastTerms map[int]int
	for range 10 {
		time.Sleep(c.jitter(450*time.Millisecond, 100*time.Millisecond))
		c.checkApplyErr()
		leaders := map[int][]int{} // term → peers leading it
		lastTerms = map[int]int{}
		for _, i := range c.connectedPeers() {
			term, isLeader := c.GetState(i)
			lastTerms[i] = term
			if isLeader {
				leaders[term] = append(leaders[term], i)
			}
		}
		if newest := c.checkLeadersPerTerm(leaders); newest >= 0 {
			leader := leaders[newest][0]
			c.tr.add(leader, KindLeaderSeen, newest, "")
			return leader
		}
	}
	c.fatalf("expected one leader among the connected peers %v, but none said it was leader for about %v "+
		"(terms they reported: %s). A follower that hears nothing for an election timeout must become "+
		"candidate, increment its term and ask for votes; a candidate that gets a majority of votes "+
		"becomes leader and sends heartbeats (Figure 2, Rules for Servers: Followers, Candidates)",
		c.connectedPeers(), 5*ElectionTimeout, formatTerms(lastTerms))
	return -1
}

// checkLeadersPerTerm fails the test if two peers lead one term; leaders maps each term to the
// peers that say they lead it. It returns the newest term with a leader, or -1. The playground
// (Play) uses it too.
func (c *Cluster) checkLeadersPerTerm(leaders map[int][]int) int {
	c.t.Helper()
	newest := -1
	for term, ls := range leaders {
		if len(ls) > 1 {
			c.fatalf("expected at most one leader per term, but peers %v all say they lead term %d. "+
				"A candidate needs votes from a majority, and a peer grants at most one vote per term "+
				"(Figure 2, RequestVote RPC receiver rule 2: check votedFor, and persist it)", ls, term)
		}
		newest = max(newest, term)
	}
	return newest
}

func formatTerms(terms map[int]int) string {
	if len(terms) == 0 {
		return "no connected peer"
	}
	var parts []string
	for _, i := range slices.Sorted(maps.Keys(terms)) {
		parts = append(parts, fmt.Sprintf("peer %d: term %d", i, terms[i]))
	}
	return strings.Join(parts, ", ")
}

// CheckTerms checks that all connected peers are in the same term and returns it (-1 when no
// peer is connected).
func (c *Cluster) CheckTerms() int {
	c.t.Helper()
	c.checkApplyErr()
	term := -1
	terms := map[int]int{}
	for _, i := range c.connectedPeers() {
		t, _ := c.GetState(i)
		terms[i] = t
		if term == -1 {
			term = t
		} else if t != term {
			c.fatalf("expected the connected peers to agree on the term, but they report %s. "+
				"A peer that sees a higher term in any request or reply must adopt it and become "+
				"follower (Figure 2, Rules for All Servers)", formatTerms(terms))
		}
	}
	return term
}

// CheckNoLeader checks that no connected peer says it is leader, as when the connected peers
// are a minority and cannot win an election.
func (c *Cluster) CheckNoLeader() {
	c.t.Helper()
	c.checkApplyErr()
	connected := c.connectedPeers()
	for _, i := range connected {
		if term, isLeader := c.GetState(i); isLeader {
			c.fatalf("expected no leader among the connected peers %v (without a majority of the %d peers "+
				"no election can succeed), but peer %d says it leads term %d. A candidate needs votes from "+
				"a majority of all peers, counting itself, not of the peers it can reach",
				connected, c.n, i, term)
		}
	}
}

// NCommitted returns how many peers have applied a command at index, and that command.
// It fails the test if two peers applied different commands there, or if an applier has found an
// error (a gap, a repeat, a disagreement) since the test began.
func (c *Cluster) NCommitted(index int) (int, any) {
	c.t.Helper()
	c.checkApplyErr()
	count, cmd, first, conflict, conflictCmd := c.committedAt(index)
	if conflict >= 0 {
		c.fatalf("peers disagree on the command committed at index %d: peer %d applied %v, peer %d applied %v "+
			"(Figure 2: State Machine Safety)", index, first, cmd, conflict, conflictCmd)
	}
	return count, cmd
}

// Committed returns how many peers have applied a command at index, and the command the first of
// them applied (nil when none has). Unlike NCommitted it never fails the test and never ends the
// calling goroutine, so a client goroutine can poll it in a loop and decide for itself what to
// do. Nothing escapes by using it: the appliers check every command as it is applied, so two
// peers applying different commands at an index has already marked the test failed, and the next
// NCommitted, One, Wait or Check call ends the goroutine that makes it.
func (c *Cluster) Committed(index int) (n int, cmd any) {
	n, cmd, _, _, _ = c.committedAt(index)
	return n, cmd
}

// committedAt counts the peers that applied index. conflict is the first peer whose command
// differs from peer first's, or -1.
func (c *Cluster) committedAt(index int) (count int, cmd any, first, conflict int, conflictCmd any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	first, conflict = -1, -1
	for i := range c.n {
		got, ok := c.logs[i][index]
		if !ok {
			continue
		}
		if count == 0 {
			first, cmd = i, got
		} else if !sameCommand(cmd, got) {
			return count, cmd, first, i, got
		}
		count++
	}
	return count, cmd, first, -1, nil
}

// One submits cmd to the leader and waits until at least expectedServers peers have applied it,
// returning its index. It tries each connected peer in turn until one accepts cmd as leader; if
// the command is not applied by enough peers within 2s, it tries again when retry is true (a new
// leader may have lost it) and fails the test when retry is false. It gives up after 10s.
func (c *Cluster) One(cmd any, expectedServers int, retry bool) int {
	c.t.Helper()
	start := time.Now()
	next := 0
	accepted := false
	for time.Since(start) < 10*time.Second {
		c.checkApplyErr()
		index, leader := -1, -1
		for range c.n {
			next = (next + 1) % c.n
			if !c.IsConnected(next) {
				continue
			}
			if i, _, ok := c.Start(next, cmd); ok {
				index, leader = i, next
				break
			}
		}
		if index == -1 {
			time.Sleep(50 * time.Millisecond)
			continue
		}
		accepted = true
		waitStart := time.Now()
		nd := 0
		for time.Since(waitStart) < 2*time.Second {
			var got any
			nd, got = c.NCommitted(index)
			if nd > 0 && nd >= expectedServers && sameCommand(got, cmd) {
				return index
			}
			time.Sleep(20 * time.Millisecond)
		}
		if !retry {
			c.fatalf("One(%v): leader peer %d put the command at index %d, but after 2s only %d peers had "+
				"applied it there (want %d). The leader must replicate new entries to followers, commit "+
				"once a majority stores them, and every peer must apply committed entries "+
				"(Figure 2, Rules for Servers: Leaders)", cmd, leader, index, nd, expectedServers)
		}
	}
	if !accepted {
		c.fatalf("One(%v): for 10s no connected peer accepted the command as leader (Start returned "+
			"isLeader=false everywhere); is there a leader? (terms: %s)", cmd, formatTerms(c.terms()))
	}
	c.fatalf("One(%v): a leader accepted the command, but it was not applied by %d peers within 10s. "+
		"Check that the leader replicates to followers, advances commitIndex once a majority matches, and "+
		"that every peer applies committed entries", cmd, expectedServers)
	return -1
}

// terms returns the term of every running peer.
func (c *Cluster) terms() map[int]int {
	out := map[int]int{}
	for i := range c.n {
		if t, _ := c.GetState(i); t >= 0 {
			out[i] = t
		}
	}
	return out
}

// Wait waits until at least n peers have applied the entry at index and returns its command.
// If startTerm is not -1 and some peer moves past startTerm meanwhile, Wait returns -1 at once:
// the entry may never commit in a later term, and the caller should start over.
func (c *Cluster) Wait(index int, n int, startTerm int) any {
	c.t.Helper()
	pause := 10 * time.Millisecond
	for range 30 {
		if nd, _ := c.NCommitted(index); nd >= n {
			break
		}
		time.Sleep(pause)
		pause = min(2*pause, time.Second)
		if startTerm > -1 {
			for _, t := range c.terms() {
				if t > startTerm {
					return -1
				}
			}
		}
	}
	nd, cmd := c.NCommitted(index)
	if nd < n {
		c.fatalf("Wait: only %d peers applied index %d, want %d (commit and apply entries once a majority "+
			"stores them)", nd, index, n)
	}
	return cmd
}
