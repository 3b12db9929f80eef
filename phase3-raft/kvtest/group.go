package kvtest

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"dsweekends/phase3-raft/persister"
	"dsweekends/phase3-raft/raftapi"
	"dsweekends/phase3-raft/rafttest"
	"dsweekends/phase3-raft/simnet"
)

// OpTimeout is the longest a client operation may stay in flight, in virtual time. A correct
// service answers within a few election timeouts once a majority can talk; tests keep partitions
// that block clients much shorter than this.
const OpTimeout = 40 * time.Second

// Replica is one running server as the harness sees it: the key/value server and its Raft peer.
// Both are registered on the network as RPC services, under their type names (KVServer, Raft).
type Replica struct {
	// KV is the key/value server: its exported methods are its RPC handlers, and Kill stops it
	// together with its Raft peer.
	KV interface{ Kill() }
	// Raft is the server's Raft peer.
	Raft raftapi.Peer
}

// MakeServer starts server me of a group. ends reach every server of the group (ends[me] is its
// own, unused) for its Raft peer; p holds what the server saved before it last crashed and is
// where it saves from now on; maxRaftState is the size in bytes of persisted Raft state at which
// the server should snapshot, or -1 for never.
type MakeServer func(ends []raftapi.ClientEnd, me int, p raftapi.Persister, maxRaftState int) Replica

// Clerk is the client library of the service, as the harness uses it: one operation at a time.
type Clerk interface {
	Get(key string) string
	Put(key, value string)
	Append(key, value string)
}

// MakeClerk builds a clerk that calls the servers through ends (one per server, in order).
type MakeClerk func(ends []raftapi.ClientEnd) Clerk

// Config describes a group.
type Config struct {
	Servers      int  // how many servers
	Unreliable   bool // lose, delay and reorder messages
	MaxRaftState int  // snapshot threshold in bytes passed to MakeServer; -1 for no snapshots
	MakeServer   MakeServer
	MakeClerk    MakeClerk
}

// Group is a running group of key/value servers on one simulated network, with its clients.
// Its methods are safe for concurrent use, except that a server must not be crashed or
// restarted from two goroutines at once.
type Group struct {
	t   testing.TB
	h   *History
	cfg Config
	net *simnet.Network
	rnd *rand.Rand

	mu          sync.Mutex
	replicas    []*Replica             // nil while crashed
	persisters  []*persister.Persister // survive crashes
	incarnation []int
	side        []int      // partition side of each server; equal sides can talk
	serverEnds  [][]string // serverEnds[i][j]: end from server i's current incarnation to j
	clients     []*Client
	nextClient  int
	inflight    map[*inflightOp]struct{}
	done        chan struct{}
	watchDone   chan struct{}
	finished    bool
}

type inflightOp struct {
	what  string
	since time.Time
}

// NewGroup starts cfg.Servers servers, all connected, and registers a Cleanup that kills them.
// Call it inside Run, from the test's goroutine; h is the history Run passed in.
func NewGroup(t testing.TB, h *History, cfg Config) *Group {
	t.Helper()
	seed := rand.Int64()
	if s := os.Getenv(rafttest.EnvSeed); s != "" {
		if v, err := strconv.ParseInt(s, 10, 64); err == nil {
			seed = v
		}
	}
	g := &Group{
		t: t, h: h, cfg: cfg,
		net:         simnet.NewNetwork(seed),
		rnd:         rand.New(rand.NewPCG(uint64(seed), 0x6b76)),
		replicas:    make([]*Replica, cfg.Servers),
		persisters:  make([]*persister.Persister, cfg.Servers),
		incarnation: make([]int, cfg.Servers),
		side:        make([]int, cfg.Servers),
		serverEnds:  make([][]string, cfg.Servers),
		inflight:    map[*inflightOp]struct{}{},
		done:        make(chan struct{}),
		watchDone:   make(chan struct{}),
	}
	g.net.SetReliable(!cfg.Unreliable)
	rafttest.WatchLoops(t, g.net) // a Clerk or server resending without a pause fails the test at once
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("kvtest: network seed %d; replay with %s=%d", seed, rafttest.EnvSeed, seed)
		}
	})
	t.Cleanup(g.cleanup)
	for i := range cfg.Servers {
		g.persisters[i] = persister.New()
		g.Restart(i)
	}
	go g.watch()
	return g
}

// IntN returns a random number in [0, n) from the test's own generator, seeded from the
// network's seed (RAFT_SEED replays it). It is safe for concurrent use.
func (g *Group) IntN(n int) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.rnd.IntN(n)
}

// N returns the number of servers.
func (g *Group) N() int { return g.cfg.Servers }

func serverName(i int) string { return "kv-" + strconv.Itoa(i) }

// Crash kills server i (its key/value layer and its Raft peer) and takes it off the network. Only
// what it saved in its persister survives; a server already crashed stays crashed.
func (g *Group) Crash(i int) {
	g.mu.Lock()
	r := g.replicas[i]
	g.replicas[i] = nil
	if r != nil {
		// The dead incarnation keeps the old persister; the next one starts from a copy, so a
		// late write by a dying goroutine cannot change what the restarted server reads.
		g.persisters[i] = g.persisters[i].Copy()
		for _, e := range g.serverEnds[i] {
			if e != "" {
				g.net.Enable(e, false)
			}
		}
	}
	g.mu.Unlock()
	if r == nil {
		return
	}
	g.net.DeleteServer(serverName(i))
	r.KV.Kill()
}

// Restart starts server i again from its persister, crashing it first if it is running. It
// rejoins the partition side it was on.
func (g *Group) Restart(i int) {
	g.Crash(i)
	g.mu.Lock()
	g.incarnation[i]++
	inc := g.incarnation[i]
	ends := make([]raftapi.ClientEnd, g.cfg.Servers)
	names := make([]string, g.cfg.Servers)
	for j := range g.cfg.Servers {
		names[j] = fmt.Sprintf("s%d.%d-%d", i, inc, j)
		ends[j] = g.net.NewEnd(names[j])
		g.net.Connect(names[j], serverName(j))
		g.net.Enable(names[j], g.side[i] == g.side[j])
	}
	g.serverEnds[i] = names
	p := g.persisters[i]
	g.mu.Unlock()

	r := g.cfg.MakeServer(ends, i, p, g.cfg.MaxRaftState)
	srv := simnet.NewServer()
	for _, recv := range []any{r.KV, r.Raft} {
		svc, err := simnet.NewService(recv)
		if err != nil {
			g.t.Fatalf("kvtest: cannot register %T as an RPC service: %v", recv, err)
		}
		srv.AddService(svc)
	}
	g.mu.Lock()
	g.replicas[i] = &r
	g.mu.Unlock()
	g.net.AddServer(serverName(i), srv)
}

// Partition splits the servers: those in a can reach each other, those in b each other, and no
// message crosses between the two. Servers in neither are cut off from everyone. Clients keep
// the servers they reach (see Reach).
func (g *Group) Partition(a, b []int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for i := range g.side {
		g.side[i] = 2 + i // alone
	}
	for _, i := range a {
		g.side[i] = 0
	}
	for _, i := range b {
		g.side[i] = 1
	}
	g.applySidesLocked()
}

// Heal joins every server again.
func (g *Group) Heal() {
	g.mu.Lock()
	defer g.mu.Unlock()
	clear(g.side)
	g.applySidesLocked()
}

func (g *Group) applySidesLocked() {
	for i := range g.cfg.Servers {
		if g.replicas[i] == nil {
			continue
		}
		for j, e := range g.serverEnds[i] {
			g.net.Enable(e, g.side[i] == g.side[j])
		}
	}
}

// Leader returns a server whose Raft peer says it is leader, preferring the highest term, and
// false if none does.
func (g *Group) Leader() (int, bool) {
	g.mu.Lock()
	reps := append([]*Replica(nil), g.replicas...)
	g.mu.Unlock()
	best, bestTerm := -1, -1
	for i, r := range reps {
		if r == nil {
			continue
		}
		if term, ok := r.Raft.GetState(); ok && term > bestTerm {
			best, bestTerm = i, term
		}
	}
	return best, best >= 0
}

// RaftStateSize returns the largest persisted Raft state among the servers, in bytes.
func (g *Group) RaftStateSize() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	n := 0
	for _, p := range g.persisters {
		n = max(n, p.RaftStateSize())
	}
	return n
}

// SnapshotSize returns the largest persisted snapshot among the servers, in bytes.
func (g *Group) SnapshotSize() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	n := 0
	for _, p := range g.persisters {
		n = max(n, p.SnapshotSize())
	}
	return n
}

// Ends returns a fresh set of client ends, one per server, reaching the given servers (all of
// them when none is given), for a test that sends RPCs by hand, and the client number to record
// its operations under (History.Begin).
func (g *Group) Ends(servers ...int) (client int, ends []*simnet.End) {
	return g.ends(servers)
}

func (g *Group) ends(servers []int) (int, []*simnet.End) {
	if len(servers) == 0 {
		for i := range g.cfg.Servers {
			servers = append(servers, i)
		}
	}
	g.mu.Lock()
	id := g.nextClient
	g.nextClient++
	g.mu.Unlock()
	ends := make([]*simnet.End, g.cfg.Servers)
	for j := range g.cfg.Servers {
		name := fmt.Sprintf("c%d-%d", id, j)
		ends[j] = g.net.NewEnd(name)
		g.net.Connect(name, serverName(j))
	}
	for _, j := range servers {
		g.net.Enable(fmt.Sprintf("c%d-%d", id, j), true)
	}
	return id, ends
}

// Client makes a new client that reaches the given servers (all of them when none is given).
// Its operations are recorded in the history.
func (g *Group) Client(servers ...int) *Client {
	id, ends := g.ends(servers)
	c := &Client{g: g, id: id, ck: g.cfg.MakeClerk(clientEnds(ends))}
	g.mu.Lock()
	g.clients = append(g.clients, c)
	g.mu.Unlock()
	return c
}

// Reach changes which servers client c can reach (all of them when none is given).
func (g *Group) Reach(c *Client, servers ...int) {
	on := make([]bool, g.cfg.Servers)
	for _, j := range servers {
		on[j] = true
	}
	for j := range g.cfg.Servers {
		g.net.Enable(fmt.Sprintf("c%d-%d", c.id, j), len(servers) == 0 || on[j])
	}
}

// watch ends the test binary when an operation stays in flight longer than OpTimeout.
func (g *Group) watch() {
	defer close(g.watchDone)
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-g.done:
			return
		case <-tick.C:
		}
		g.mu.Lock()
		var stuck *inflightOp
		for op := range g.inflight {
			if time.Since(op.since) > OpTimeout && (stuck == nil || op.since.Before(stuck.since)) {
				stuck = op
			}
		}
		g.mu.Unlock()
		if stuck != nil {
			abort(g.t, fmt.Sprintf("kvtest: %s has been waiting for %v (kvtest.OpTimeout) and never "+
				"completed, although the test let a majority of servers talk long enough to agree. "+
				"Rule: an operation must complete once a majority can talk. Check that the Clerk tries the "+
				"next server after ErrWrongLeader or a failed Call (and keeps trying), and that a server's "+
				"handler gives up on an entry that lost its place (another entry committed at its index, "+
				"or its term changed) instead of waiting for it forever", stuck.what, OpTimeout))
		}
	}
}

// abort ends the test binary: a synctest test cannot return while a client is still blocked.
func abort(t testing.TB, msg string) {
	fmt.Printf("--- FAIL: %s\n    %s\nkvtest: ending the test binary, because this test cannot finish\nFAIL\n", t.Name(), msg)
	os.Exit(1)
}

func (g *Group) begin(what string) *inflightOp {
	op := &inflightOp{what: what, since: time.Now()}
	g.mu.Lock()
	g.inflight[op] = struct{}{}
	g.mu.Unlock()
	return op
}

func (g *Group) end(op *inflightOp) {
	g.mu.Lock()
	delete(g.inflight, op)
	g.mu.Unlock()
}

// cleanup kills every server and stops the network. Every client operation must have returned.
func (g *Group) cleanup() {
	g.mu.Lock()
	if g.finished {
		g.mu.Unlock()
		return
	}
	g.finished = true
	g.mu.Unlock()
	close(g.done)
	<-g.watchDone
	for i := range g.cfg.Servers {
		g.Crash(i)
	}
	g.net.Cleanup()
	g.t.Logf("kvtest: %d servers, %d RPCs, %d bytes, %d client operations", g.cfg.Servers,
		g.net.TotalRPCs(), g.net.TotalBytes(), g.h.Len())
}

// Client is a clerk whose operations are recorded in the test's history.
type Client struct {
	g  *Group
	id int
	ck Clerk
}

// ID returns the client's number, as shown in the history.
func (c *Client) ID() int { return c.id }

// Get calls the clerk's Get and records it.
func (c *Client) Get(key string) string {
	var v string
	c.do(Input{Op: OpGet, Key: key}, func() string { v = c.ck.Get(key); return v })
	return v
}

// GetUnrecorded calls the clerk's Get without recording it, for a read whose value the test
// checks itself: porcupine's search for the one order of many concurrent Appends that explains a
// final read can take exponential time.
func (c *Client) GetUnrecorded(key string) string {
	fl := c.g.begin(fmt.Sprintf("client %d's unrecorded Get(%q)", c.id, key))
	defer c.g.end(fl)
	return c.ck.Get(key)
}

// Put calls the clerk's Put and records it.
func (c *Client) Put(key, value string) {
	c.do(Input{Op: OpPut, Key: key, Value: value}, func() string { c.ck.Put(key, value); return "" })
}

// Append calls the clerk's Append and records it.
func (c *Client) Append(key, value string) {
	c.do(Input{Op: OpAppend, Key: key, Value: value}, func() string { c.ck.Append(key, value); return "" })
}

func (c *Client) do(in Input, fn func() string) {
	fl := c.g.begin(fmt.Sprintf("client %d's %s", c.id, in))
	defer c.g.end(fl)
	call := c.g.h.stamp()
	out := fn()
	ret := c.g.h.stamp()
	c.g.h.add(c.id, in, out, call, ret)
}

// clientEnds is ends as the ClientEnd interface values MakeClerk takes.
func clientEnds(ends []*simnet.End) []raftapi.ClientEnd {
	out := make([]raftapi.ClientEnd, len(ends))
	for i, e := range ends {
		out[i] = e
	}
	return out
}
