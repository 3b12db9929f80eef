package rafttest

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// killPatience is how long, in (virtual) time, the peers' goroutines get to exit after Kill.
const killPatience = 5 * time.Second

// Cleanup tears the cluster down: it kills every peer, stops the network, waits for every
// goroutine the peers started, then stops the appliers. NewCluster registers it with t.Cleanup,
// so a test need not call it; calling it again does nothing. Inside a synctest bubble a
// goroutine left running would make synctest.Test panic and end the whole test binary, so the
// harness waits here and names any goroutine that does not exit.
func (c *Cluster) Cleanup() {
	c.mu.Lock()
	if c.finished {
		c.mu.Unlock()
		return
	}
	c.finished = true
	type running struct {
		peer, inc int
		kill      func()
	}
	var alive []running
	for i, rf := range c.peers {
		if rf != nil {
			alive = append(alive, running{i, c.incarnation[i], rf.Kill})
		}
	}
	c.mu.Unlock()
	killedAt := time.Now()
	for _, p := range alive {
		c.asPeer(p.peer, p.inc, p.kill)
	}

	netDone := make(chan struct{})
	go func() {
		defer close(netDone)
		c.net.Cleanup()
	}()
	select {
	case <-netDone:
	case <-time.After(killPatience):
		c.leftoverFailure(fmt.Sprintf("rafttest: the network could not shut down: an RPC handler was still "+
			"running %v after every peer was killed. Handlers must return promptly: never wait in a "+
			"handler for something that needs another RPC, a timer or the applier", killPatience))
		return
	}

	if left := c.waitForPeerGoroutines(killedAt); len(left) > 0 {
		c.leftoverFailure(describeLeftovers(left))
		return
	}

	c.mu.Lock()
	appliers := append(append([]*applier(nil), c.retired...), c.appliers...)
	c.mu.Unlock()
	for _, a := range appliers {
		if a != nil {
			a.stop()
		}
	}
	rpcs, bytes := c.net.TotalRPCs(), c.net.TotalBytes()
	c.mu.Lock()
	commits := c.maxIndex
	c.mu.Unlock()
	c.tr.add(-1, KindStats, 0, fmt.Sprintf("%d peers, %d RPCs, %d bytes, %d commits", c.n, rpcs, bytes, commits))
	if c.run != nil {
		c.run.addClusterStats(c.n, rpcs, bytes, commits)
	}
}

// waitForPeerGoroutines waits up to killPatience for every goroutine carrying this cluster's
// label to exit, and returns those that did not.
func (c *Cluster) waitForPeerGoroutines(killedAt time.Time) []labeledGoroutine {
	id := strconv.FormatInt(c.id, 10)
	for {
		left := labeledGoroutines(labelCluster, id)
		if len(left) == 0 || time.Since(killedAt) >= killPatience {
			return left
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// describeLeftovers explains goroutines still running after Kill, peer by peer.
func describeLeftovers(left []labeledGoroutine) string {
	byPeer := map[string][]string{}
	for _, g := range left {
		key := fmt.Sprintf("peer %s", g.labels[labelPeer])
		if inc, _ := strconv.Atoi(g.labels[labelIncarnation]); inc > 1 {
			key += fmt.Sprintf(" (restart #%d)", inc-1)
		}
		what := fmt.Sprintf("%d goroutine(s) in %s", g.count, g.where())
		byPeer[key] = append(byPeer[key], what)
	}
	peers := make([]string, 0, len(byPeer))
	for p := range byPeer {
		peers = append(peers, p)
	}
	sort.Strings(peers)
	var b strings.Builder
	fmt.Fprintf(&b, "rafttest: goroutines still running %v after Kill:\n", killPatience)
	for _, p := range peers {
		fmt.Fprintf(&b, "  %s: %s\n", p, strings.Join(byPeer[p], "; "))
	}
	b.WriteString("Every goroutine a peer starts must end soon after Kill: each loop checks rf.killed(), " +
		"a goroutine waiting on a sync.Cond is woken by Kill (Broadcast), and none blocks forever on a channel.")
	return b.String()
}

// leftoverFailure fails the test because goroutines will not exit. On the wall clock the test
// just fails (goleak will list the goroutines). In a bubble the test cannot return at all —
// synctest.Test would panic — so the binary ends here with the explanation.
func (c *Cluster) leftoverFailure(msg string) {
	c.tr.add(-1, KindFailure, 0, msg)
	c.t.Error(msg)
	if c.run != nil && !c.run.realtime {
		c.run.abort(msg + "\n" + c.run.goroutineReport(false))
	}
}
