package rafttest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dsweekends/phase3-raft/persister"
	"dsweekends/phase3-raft/raftapi"
	"dsweekends/phase3-raft/simnet"
)

// ElectionTimeout is the time the tests allow for an election: a test that disconnects a leader
// waits about this long (usually a small multiple of it) for a new one. Your election timeout must
// be well below it — a few hundred milliseconds — and your heartbeats a few per timeout.
const ElectionTimeout = time.Second

// SnapshotInterval is how often the snapshot-taking applier calls Snapshot: after every
// SnapshotInterval applied commands.
const SnapshotInterval = 10

// clusterIDs numbers clusters, to tell their goroutines apart by pprof label.
var clusterIDs atomic.Int64

// Labels the harness puts on every call into a peer's code, inherited by every goroutine that call
// starts; they let the harness say which peer a leftover goroutine belongs to.
const (
	labelCluster     = "rafttest.cluster"
	labelPeer        = "rafttest.peer"
	labelIncarnation = "rafttest.incarnation"
)

// Cluster is a set of Raft peers on one simulated network, with the checks a Raft test makes.
// A Cluster cleans itself up when the test ends.
//
// Its methods are safe to call from any goroutine, so a test may run client goroutines that call
// Start, GetState, Peer, IsConnected, Committed, NCommitted, One and Wait concurrently. Only
// NewCluster must run on the test's goroutine, and a peer must not be crashed or restarted
// (Crash1, Start1) from two goroutines at once.
//
// What a failing check does depends on the goroutine it runs on:
//
//   - On the goroutine that called NewCluster (the test's goroutine), it ends the test with
//     t.Fatal, as any testing check does.
//   - On any other goroutine, it marks the test failed with t.Error and ends only the calling
//     goroutine with runtime.Goexit, running that goroutine's deferred calls. The test's
//     goroutine carries on until it returns or fails a check itself, and the test is reported as
//     failed. (The testing package forbids t.Fatal off the test's goroutine, which is why the
//     harness does not call it there.)
//
// So a client goroutine must signal that it is done with defer — defer wg.Done(), or a deferred
// send or close — never with a statement at the end of its function, which a failing check
// skips and leaves the test waiting forever. And the test must wait for its client goroutines
// before it returns: a check failing after the test has ended makes the testing package panic.
type Cluster struct {
	t             testing.TB
	testGoroutine int // id of the goroutine that called NewCluster
	n             int
	id            int64
	net           *simnet.Network
	mk            raftapi.MakeFunc
	snapshot      bool
	run           *run // nil when not inside Run
	tr            *trace
	start         time.Time

	testRand *rand.Rand // Rand's generator: a mutex-guarded source, seeded from the network seed

	mu          sync.Mutex
	rng         *rand.Rand // harness randomness (sleep jitter), seeded from the network seed
	peers       []raftapi.Peer
	connected   []bool
	persisters  []*persister.Persister
	ends        [][]string // ends[i][j] is the name of the end peer i uses to call peer j
	incarnation []int
	appliers    []*applier // the applier of each peer's current incarnation
	retired     []*applier // appliers of crashed incarnations, still draining
	logs        []map[int]any
	lastApplied []int
	firstApply  map[int]applied // the first command applied at each index, by any peer
	maxIndex    int
	applyErr    string // the first error an applier found
	finished    bool
}

// applied records who applied a command first, for agreement messages.
type applied struct {
	peer    int
	command any
}

// NewCluster starts n peers built by mk on a new simulated network and connects them all.
// reliable false makes the network lose and delay messages. snapshot true makes the harness call
// each peer's Snapshot every SnapshotInterval applied commands and accept snapshots on applyCh.
//
// mk adapts the implementation's Make, for example
//
//	func makeRaft(peers []raftapi.ClientEnd, me int, p raftapi.Persister, applyCh chan<- raftapi.ApplyMsg) raftapi.Peer {
//		return Make(peers, me, p, applyCh)
//	}
//
// The value mk returns is registered on the network as the RPC service "Raft", so it must be a
// pointer to a type named Raft whose exported methods are RPC handlers
// (func (rf *Raft) M(args *A, reply *R)) or the raftapi.Peer methods.
//
// The network's seed comes from RAFT_SEED if set, else it is random; a failing test prints it.
// Call NewCluster inside Run, from the test's goroutine; t.Cleanup tears the cluster down.
func NewCluster(t testing.TB, n int, reliable bool, snapshot bool, mk raftapi.MakeFunc) *Cluster {
	t.Helper()
	if mk == nil {
		t.Fatalf("rafttest: NewCluster needs a MakeFunc, got nil")
	}
	seed := rand.Int64()
	if s := os.Getenv(EnvSeed); s != "" {
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			t.Fatalf("rafttest: %s=%q is not an integer", EnvSeed, s)
		}
		seed = v
	}
	c := &Cluster{
		t:             t,
		testGoroutine: currentGoroutine().id,
		testRand:      rand.New(&lockedSource{src: rand.NewPCG(uint64(seed), 0x7e57_5eed)}),
		n:             n,
		id:            clusterIDs.Add(1),
		net:           simnet.NewNetwork(seed),
		mk:            mk,
		snapshot:      snapshot,
		run:           currentRun(t.Name()),
		start:         time.Now(),
		rng:           rand.New(rand.NewPCG(uint64(seed), 0x5eed)),
		peers:         make([]raftapi.Peer, n),
		connected:     make([]bool, n),
		persisters:    make([]*persister.Persister, n),
		ends:          make([][]string, n),
		incarnation:   make([]int, n),
		appliers:      make([]*applier, n),
		logs:          make([]map[int]any, n),
		lastApplied:   make([]int, n),
		firstApply:    map[int]applied{},
	}
	if c.run != nil {
		c.tr = c.run.tr
		c.run.addSeed(seed)
	} else {
		c.tr = newTrace(c.start)
	}
	t.Cleanup(c.Cleanup)
	if os.Getenv(EnvTrace) != "" || os.Getenv(EnvViz) != "" {
		c.net.SetObserver(c.traceRPC) // arrows for study viz; only when a trace is wanted
	}
	c.net.SetLoopHandler(c.loopDetected)
	c.net.SetReliable(reliable)
	c.net.SetLongDelays(true)
	for i := range n {
		c.persisters[i] = persister.New()
		c.logs[i] = map[int]any{}
	}
	for i := range n {
		c.Start1(i)
	}
	for i := range n {
		c.Connect(i)
	}
	return c
}

// N returns the number of peers.
func (c *Cluster) N() int { return c.n }

// Seed returns the network's random seed.
func (c *Cluster) Seed() int64 { return c.net.Seed() }

// Rand returns the test's random number generator. It is seeded from the network's seed, so
// RAFT_SEED=<seed> replays the test's own random choices (which peer to crash, how long to
// sleep, what to submit) along with the network's. A test must draw all its randomness from
// Rand, never from math/rand's top-level functions, or a replay will not repeat it.
//
// Rand is safe for concurrent use: its source is guarded by a mutex. The sequence of numbers is
// fixed by the seed, but when several goroutines draw at once, which goroutine gets which
// number depends on scheduling; draws made by the test's goroutine alone replay exactly.
// Rand always returns the same *rand.Rand, and the harness never draws from it.
func (c *Cluster) Rand() *rand.Rand { return c.testRand }

// lockedSource is a rand.Source safe for concurrent use. A *rand.Rand keeps no state besides its
// source, so a Rand over a lockedSource is safe for concurrent use too.
type lockedSource struct {
	mu  sync.Mutex
	src rand.Source
}

func (s *lockedSource) Uint64() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.src.Uint64()
}

// Peer returns peer i, or nil while it is crashed.
func (c *Cluster) Peer(i int) raftapi.Peer {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.peers[i]
}

// Persister returns peer i's persister: the state a restart of peer i will see.
func (c *Cluster) Persister(i int) *persister.Persister {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.persisters[i]
}

// IsConnected reports whether peer i is connected to the network.
func (c *Cluster) IsConnected(i int) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.connected[i]
}

// RPCTotal returns the number of RPCs sent so far by all peers, delivered or not.
func (c *Cluster) RPCTotal() int { return c.net.TotalRPCs() }

// RPCCount returns how many requests have been delivered to peer i's RPC server since peer i was
// last started: a restart (Start1) registers a new server, which counts from zero, and a crashed
// peer reports 0. Requests lost on the way or sent while peer i was disconnected are not counted.
func (c *Cluster) RPCCount(i int) int { return c.net.RPCCount(serverName(i)) }

// BytesTotal returns the gob-encoded bytes the network has carried so far: every RPC request
// sent and every reply that got back to its caller (see simnet.Network.TotalBytes).
func (c *Cluster) BytesTotal() int64 { return c.net.TotalBytes() }

// Start calls Start(command) on peer i and returns what it returns. If peer i is crashed, Start
// calls nothing and returns -1, -1, false; a peer that is running but disconnected is called as
// usual (it may well still believe it leads). Call a peer through the cluster rather than through
// Peer(i) so that goroutines Start launches are attributed to peer i if they outlive the test.
func (c *Cluster) Start(i int, command any) (index, term int, isLeader bool) {
	rf, inc := c.peerAndIncarnation(i)
	if rf == nil {
		return -1, -1, false
	}
	c.asPeer(i, inc, func() { index, term, isLeader = rf.Start(command) })
	c.tr.add(i, KindSubmit, term, fmt.Sprintf("command %v: index %d, leader %v", command, index, isLeader))
	if isLeader {
		// A leader leaves its role only for a higher term, so in the term Start returned it
		// must still say it leads.
		var now int
		var leads bool
		c.asPeer(i, inc, func() { now, leads = rf.GetState() })
		if now == term && !leads {
			c.fatalf("Start(%v) on peer %d returned isLeader=true (index %d, term %d), but GetState says peer %d is "+
				"not the leader of term %d. Only the leader takes commands: a peer that is not leader appends "+
				"nothing and returns isLeader=false at once (§5.3; Start's doc comment)", command, i, index, term, i, now)
		}
	}
	return index, term, isLeader
}

// GetState calls GetState on peer i; a crashed peer reports term -1, not leader.
func (c *Cluster) GetState(i int) (term int, isLeader bool) {
	rf, inc := c.peerAndIncarnation(i)
	if rf == nil {
		return -1, false
	}
	c.asPeer(i, inc, func() { term, isLeader = rf.GetState() })
	return term, isLeader
}

func (c *Cluster) peerAndIncarnation(i int) (raftapi.Peer, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.peers[i], c.incarnation[i]
}

// asPeer runs fn, a call into peer i's code, with pprof labels naming the peer; goroutines fn
// starts inherit the labels.
func (c *Cluster) asPeer(i, incarnation int, fn func()) {
	labels := pprof.Labels(labelCluster, strconv.FormatInt(c.id, 10), labelPeer, strconv.Itoa(i),
		labelIncarnation, strconv.Itoa(incarnation))
	pprof.Do(context.Background(), labels, func(context.Context) { fn() })
}

func serverName(i int) string { return fmt.Sprintf("peer-%d", i) }

// Connect attaches peer i to the network: its calls to connected peers and theirs to it work again.
func (c *Cluster) Connect(i int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.connected[i] = true
	for j := range c.n {
		if !c.connected[j] {
			continue
		}
		if c.ends[i] != nil {
			c.net.Enable(c.ends[i][j], true)
		}
		if c.ends[j] != nil {
			c.net.Enable(c.ends[j][i], true)
		}
	}
	c.tr.add(i, KindConnect, 0, "")
}

// Disconnect cuts peer i off the network: nothing it sends arrives and nothing reaches it.
// It keeps running, and may go on believing it is leader.
func (c *Cluster) Disconnect(i int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.disconnectLocked(i)
}

func (c *Cluster) disconnectLocked(i int) {
	c.connected[i] = false
	for j := range c.n {
		if c.ends[i] != nil {
			c.net.Enable(c.ends[i][j], false)
		}
		if c.ends[j] != nil {
			c.net.Enable(c.ends[j][i], false)
		}
	}
	c.tr.add(i, KindDisconnect, 0, "")
}

// SetReliable switches the network between reliable and lossy with delays.
func (c *Cluster) SetReliable(yes bool) {
	c.net.SetReliable(yes)
	c.tr.add(-1, KindNetwork, 0, fmt.Sprintf("reliable=%v", yes))
}

// SetLongReordering makes the network hold back some replies for a long time.
func (c *Cluster) SetLongReordering(yes bool) {
	c.net.SetLongReordering(yes)
	c.tr.add(-1, KindNetwork, 0, fmt.Sprintf("long-reordering=%v", yes))
}

// SetLongDelays chooses how long a call to an unreachable peer takes to fail: up to 7s (on, the
// default) or up to 100ms.
func (c *Cluster) SetLongDelays(yes bool) {
	c.net.SetLongDelays(yes)
	c.tr.add(-1, KindNetwork, 0, fmt.Sprintf("long-delays=%v", yes))
}

// Crash1 crashes peer i: it is cut off the network and killed, and whatever it persisted is kept
// for Start1. Messages it still sends on its old applyCh are ignored.
func (c *Cluster) Crash1(i int) {
	c.mu.Lock()
	if c.peers[i] == nil && !c.connected[i] {
		c.mu.Unlock()
		return // not running
	}
	c.disconnectLocked(i)
	c.net.DeleteServer(serverName(i))
	// A fresh persister, so the killed instance's late writes cannot reach the next one; it starts
	// with what the instance had persisted.
	c.persisters[i] = c.persisters[i].Copy()
	rf, inc := c.peers[i], c.incarnation[i]
	c.peers[i] = nil
	if a := c.appliers[i]; a != nil {
		a.retired.Store(true)
		c.retired = append(c.retired, a)
		c.appliers[i] = nil
	}
	c.mu.Unlock()
	if rf != nil {
		c.asPeer(i, inc, rf.Kill)
		c.tr.add(i, KindCrash, 0, "")
	}
}

// Start1 starts peer i from what its persister holds, with new ends and a new applyCh, crashing
// the running instance first. It does not connect the peer: call Connect(i).
func (c *Cluster) Start1(i int) {
	c.t.Helper()
	c.Crash1(i)

	c.mu.Lock()
	c.incarnation[i]++
	inc := c.incarnation[i]
	ends := make([]raftapi.ClientEnd, c.n)
	c.ends[i] = make([]string, c.n)
	for j := range c.n {
		name := fmt.Sprintf("end-%d-to-%d-#%d", i, j, inc)
		c.ends[i][j] = name
		ends[j] = c.net.NewEnd(name)
		c.net.Connect(name, serverName(j))
	}
	p := c.persisters[i]
	c.logs[i] = map[int]any{}
	c.lastApplied[i] = 0
	restoreErr := ""
	if c.snapshot {
		if snap := p.ReadSnapshot(); len(snap) > 0 {
			restoreErr = c.restoreSnapshotLocked(i, snap, -1)
		}
	}
	restored := c.lastApplied[i]
	c.mu.Unlock()
	if restoreErr != "" {
		c.fatalf("rafttest: peer %d's persisted snapshot: %s", i, restoreErr)
	}

	applyCh := make(chan raftapi.ApplyMsg)
	var rf raftapi.Peer
	c.asPeer(i, inc, func() { rf = c.mk(ends, i, p, applyCh) })
	if rf == nil || (reflect.ValueOf(rf).Kind() == reflect.Pointer && reflect.ValueOf(rf).IsNil()) {
		c.fatalf("rafttest: Make returned nil for peer %d; it must return your *Raft, "+
			"with its background goroutines started", i)
	}
	if name := reflect.TypeOf(rf).String(); reflect.TypeOf(rf).Kind() != reflect.Pointer ||
		reflect.TypeOf(rf).Elem().Name() != "Raft" {
		c.asPeer(i, inc, rf.Kill)
		c.fatalf("rafttest: Make returned a %s for peer %d; the harness registers it as the RPC service "+
			"\"Raft\", so it must be a pointer to a type named Raft (peers call \"Raft.RequestVote\" and "+
			"\"Raft.AppendEntries\")", name, i)
	}
	svc, err := simnet.NewService(rf)
	if err != nil {
		c.asPeer(i, inc, rf.Kill)
		c.fatalf("rafttest: peer %d cannot be registered as an RPC service: %v\n"+
			"Every exported method of Raft other than Start, GetState, Snapshot and Kill is an RPC "+
			"handler and must look like func (rf *Raft) Name(args *NameArgs, reply *NameReply); "+
			"unexport (lower-case) helper methods", i, err)
	}
	srv := simnet.NewServer()
	srv.AddService(svc)
	c.net.AddServer(serverName(i), srv)

	a := newApplier(i, inc, applyCh)
	a.restored = restored
	c.mu.Lock()
	c.peers[i] = rf
	c.appliers[i] = a
	c.mu.Unlock()
	detail := "fresh"
	if inc > 1 {
		detail = fmt.Sprintf("restart #%d", inc-1)
	}
	c.tr.add(i, KindStart, 0, detail)
	go c.applyLoop(a)
}

// fatalf records a failure in the trace, fails the test and ends the calling goroutine (see
// stop).
func (c *Cluster) fatalf(format string, args ...any) {
	c.t.Helper()
	msg := fmt.Sprintf(format, args...)
	if loop := c.net.Loop(); loop != "" {
		// The likely cause: a peer spun in a retry loop, which froze virtual time until the
		// network slowed it down (see simnet.LoopLimit).
		msg += "\nrafttest: the network saw a retry loop first, the likely cause: " + loop
	}
	c.tr.add(-1, KindFailure, 0, msg)
	c.stop(msg)
}

// loopDetected fails the test the moment the network sees a peer resend one request thousands
// of times at a single instant (simnet.LoopLimit). Such a loop keeps virtual time from moving:
// left alone, the test would fail much later, and for another reason ("virtual time stopped",
// or a check that timed out). It runs on the looping goroutine, whose stack it shows.
func (c *Cluster) loopDetected(report string) { failLoop(c.t, c.run, c.tr, report) }

// WatchLoops makes a test that builds its own simnet.Network, rather than a Cluster, fail the
// moment that network detects a retry loop, as a Cluster's test does. Call it inside Run.
func WatchLoops(t testing.TB, net *simnet.Network) {
	r := currentRun(t.Name())
	tr := newTrace(time.Now())
	if r != nil {
		tr = r.tr
	}
	net.SetLoopHandler(func(report string) { failLoop(t, r, tr, report) })
}

func failLoop(t testing.TB, r *run, tr *trace, report string) {
	msg := "rafttest: a retry loop that makes no progress, found at once by the network: " + report +
		". While a goroutine resends without waiting, virtual time cannot move, so nothing else in " +
		"the test can happen. A refused request is retried only with something changed (a smaller " +
		"nextIndex from the conflict hint), or at the next heartbeat."
	tr.add(-1, KindFailure, 0, msg)
	if r == nil || r.realtime {
		t.Error(msg)
		return
	}
	stack := strings.TrimSpace(string(debug.Stack()))
	r.abort(msg + "\nThe goroutine in the loop:\n" + indent(stack, "  ") + "\n" + r.goroutineReport(false))
}

// stop fails the test with msg (or, with msg empty, marks it failed without a message) and ends
// the calling goroutine. On the test's goroutine that is t.Fatal; on any other goroutine it is
// t.Error then runtime.Goexit, because the testing package allows t.Fatal and t.FailNow only on
// the test's goroutine.
func (c *Cluster) stop(msg string) {
	c.t.Helper()
	onTest := currentGoroutine().id == c.testGoroutine
	switch {
	case onTest && msg == "":
		c.t.FailNow()
	case onTest:
		c.t.Fatal(msg)
	case msg == "":
		c.t.Fail()
	default:
		c.t.Error(msg + "\n(rafttest: this check failed on a goroutine the test started; that goroutine " +
			"ends here, while the test's goroutine carries on and the test is marked failed)")
	}
	runtime.Goexit()
}

// traceRPC records one call the network saw as an "rpc" trace event, which
// study viz draws as arrows: from and to are peer indexes, times are
// nanoseconds since the test started (-1 when the request or the reply never
// arrived).
func (c *Cluster) traceRPC(o simnet.Observed) {
	var from, to, inc int
	if _, err := fmt.Sscanf(o.End, "end-%d-to-%d-#%d", &from, &to, &inc); err != nil {
		return
	}
	at := func(t time.Time) int64 {
		if t.IsZero() {
			return -1
		}
		return t.Sub(c.start).Nanoseconds()
	}
	c.tr.add(from, "rpc", 0, fmt.Sprintf("to=%d method=%s sent=%d delivered=%d replied=%d outcome=%s",
		to, o.Method, at(o.Sent), at(o.Delivered), at(o.Replied), o.Outcome))
}
