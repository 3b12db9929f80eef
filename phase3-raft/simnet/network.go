package simnet

import (
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"sync"
	"time"
)

// The delays and loss rates of the simulated network.
const (
	// shortDelayMax bounds the random delay of every request in unreliable mode.
	shortDelayMax = 27 * time.Millisecond
	// dropPermille is how many requests, and separately how many replies, out of 1000 an
	// unreliable network loses.
	dropPermille = 100
	// noReplyShort and noReplyLong bound how long a call that gets no reply (disabled or
	// unconnected end, missing server) waits before it fails, without and with long delays.
	noReplyShort = 100 * time.Millisecond
	noReplyLong  = 7000 * time.Millisecond
	// reorderPermille out of 1000 replies are held back when long reordering is on, for
	// reorderMin plus a random time of up to about reorderSpread.
	reorderPermille = 667
	reorderMin      = 200 * time.Millisecond
	reorderSpread   = 2000 * time.Millisecond
)

// Network is a simulated network: a set of client ends, a set of named servers and the wiring
// between them. All its methods are safe for concurrent use.
//
// A Network is created by [NewNetwork] and must be stopped with [Network.Cleanup]. Inside a
// testing/synctest bubble, create it inside the bubble that uses it.
type Network struct {
	seed int64

	mu             sync.Mutex
	rng            *rand.Rand // all randomness; guarded by mu
	reliable       bool
	longDelays     bool
	longReordering bool
	ends           map[string]*End
	enabled        map[string]bool          // end name → may it send and receive
	connections    map[string]string        // end name → server name
	cut            map[string]chan struct{} // end name → closed when the end is disabled or rewired
	servers        map[string]*serverSlot   // server name → the server registered now
	totalRPCs      int
	totalBytes     int64
	closed         bool // set by Cleanup; no handler goroutine starts after it

	done     chan struct{}  // closed by Cleanup; wakes every waiting Call
	handlers sync.WaitGroup // handler goroutines started by Call; Cleanup waits for them

	warnings warnings
	loop     string              // the first retry loop detected, described; guarded by mu
	onLoop   func(report string) // told about the first retry loop; guarded by mu

	observer func(Observed) // sees every finished call; guarded by mu
}

// Observed is one call as the network saw it, for tools that draw timelines
// (study viz): who called whom, when the request was sent and delivered, when
// the reply came back, and what became of it.
type Observed struct {
	End, Server, Method string
	Sent                time.Time
	Delivered           time.Time // zero when the request never reached a handler
	Replied             time.Time // zero when no reply reached the caller
	// Outcome is "ok", "dropped" (lost on the way), "unreachable" (no server
	// to deliver to), "reply-dropped", "cut" (the end was disabled or rewired
	// while the handler ran), "removed" (the server was deleted meanwhile),
	// "closed" (the network was cleaned up) or "failed" (the call could not
	// work at all: see the warnings).
	Outcome string
}

// SetLoopHandler makes the network call f once, with the report [Network.Loop] returns, when
// it detects the first retry loop (see [LoopLimit]). f runs on the goroutine whose request
// crossed the limit, before that request goes on, without any lock of the network held: a
// test harness can fail the test right there, while the looping goroutine is still in its
// loop. nil removes the handler.
func (n *Network) SetLoopHandler(f func(report string)) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.onLoop = f
}

// SetObserver makes the network call f after every call ends, from the
// calling goroutine. f must be safe for concurrent use and must not block;
// nil stops observing.
func (n *Network) SetObserver(f func(Observed)) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.observer = f
}

// serverSlot is one registration of a server under a name. AddServer and DeleteServer replace the
// slot, so a call that captured an old slot can tell that its server is gone.
type serverSlot struct {
	server  *Server
	removed chan struct{} // closed when this registration ends (deleted or replaced)
}

// NewNetwork returns a reliable network with no ends and no servers. Every random choice the
// network makes (delays, losses) comes from seed. NewNetwork starts no goroutine.
func NewNetwork(seed int64) *Network {
	return &Network{
		seed:        seed,
		rng:         rand.New(rand.NewPCG(uint64(seed), 0x5eed_5eed_5eed_5eed)),
		reliable:    true,
		ends:        make(map[string]*End),
		enabled:     make(map[string]bool),
		connections: make(map[string]string),
		cut:         make(map[string]chan struct{}),
		servers:     make(map[string]*serverSlot),
		done:        make(chan struct{}),
		warnings:    warnings{w: os.Stderr, seen: make(map[string]bool)},
	}
}

// Seed returns the seed the network was created with, so a failing run can be reported and
// repeated.
func (n *Network) Seed() int64 { return n.seed }

// Cleanup stops the network: calls waiting inside the network return false at once and later
// calls return false immediately. Cleanup then waits until every handler goroutine it started has
// returned, so no goroutine of the network outlives it. A service method that never returns makes
// Cleanup wait forever; ending your handlers (after Kill, say) is the caller's job. Calling Cleanup
// more than once is harmless.
func (n *Network) Cleanup() {
	n.mu.Lock()
	if !n.closed {
		n.closed = true
		close(n.done)
	}
	n.mu.Unlock()
	n.handlers.Wait()
}

// SetReliable switches between a reliable network (the default: no loss, no delay) and an
// unreliable one that delays every request by 0–27ms and drops about 10% of requests and 10% of
// replies.
func (n *Network) SetReliable(yes bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.reliable = yes
}

// SetLongDelays chooses how long a call that can get no reply waits before it returns false: up
// to about 7s when yes, up to 100ms otherwise (the default).
func (n *Network) SetLongDelays(yes bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.longDelays = yes
}

// SetLongReordering, when yes, holds back about two replies in three for 200ms to a little over
// 2s, so replies arrive long after later ones. It is off by default.
func (n *Network) SetLongReordering(yes bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.longReordering = yes
}

// SetWarningWriter sets where the network writes its warnings (default os.Stderr). A warning
// points at a likely bug in the caller: a lower-case field gob will not send, a reused reply, an
// unknown method, a value gob cannot encode. Each distinct warning is written once per network.
// A nil w discards warnings.
func (n *Network) SetWarningWriter(w io.Writer) {
	if w == nil {
		w = io.Discard
	}
	n.warnings.setWriter(w)
}

// NewEnd creates a client end with the given name. The end starts disabled and unconnected: use
// [Network.Connect] and [Network.Enable] before its calls can succeed. NewEnd panics if the name is
// already taken, because two ends with one name would make Enable and Connect ambiguous.
func (n *Network) NewEnd(name string) *End {
	n.mu.Lock()
	defer n.mu.Unlock()
	if _, ok := n.ends[name]; ok {
		panic(fmt.Sprintf("simnet: NewEnd(%q): an end with this name already exists", name))
	}
	e := &End{name: name, net: n}
	n.ends[name] = e
	n.enabled[name] = false
	n.cut[name] = make(chan struct{})
	return e
}

// Connect wires the end named endName to the server named serverName. The server does not need
// to exist yet; calls fail (no reply) until it does. Connecting again rewires the end; calls
// waiting for the old server's reply then return false at once.
func (n *Network) Connect(endName, serverName string) {
	n.mu.Lock()
	_, ok := n.ends[endName]
	if ok {
		if old, wired := n.connections[endName]; wired && old != serverName {
			n.cutLocked(endName)
		}
		n.connections[endName] = serverName
	}
	n.mu.Unlock()
	if !ok {
		n.warnings.once("connect:"+endName,
			"Connect(%q, %q): there is no end named %q; create it with NewEnd first", endName, serverName, endName)
	}
}

// Enable enables or disables the end named endName. A disabled end is cut off: its requests get
// no reply, and replies on their way back to it are lost. A call waiting for its handler when
// its end is disabled returns false at once, without waiting for the handler to finish (the
// handler still runs to the end; its reply is discarded). Disabling some ends and enabling the
// others is how a test partitions the network.
func (n *Network) Enable(endName string, enabled bool) {
	n.mu.Lock()
	_, ok := n.ends[endName]
	if ok {
		n.enabled[endName] = enabled
		if !enabled {
			n.cutLocked(endName)
		}
	}
	n.mu.Unlock()
	if !ok {
		n.warnings.once("enable:"+endName,
			"Enable(%q, %v): there is no end named %q; create it with NewEnd first", endName, enabled, endName)
	}
}

// cutLocked wakes every call waiting for a reply through the end named endName: it closes the
// end's cut channel, which those calls captured when their request was delivered, and gives the
// end a fresh one for later calls. n.mu must be held.
func (n *Network) cutLocked(endName string) {
	close(n.cut[endName])
	n.cut[endName] = make(chan struct{})
}

// AddServer registers s under name, replacing any server registered under that name before (the
// replaced server's pending replies are discarded, as with DeleteServer).
func (n *Network) AddServer(name string, s *Server) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.removeLocked(name)
	n.servers[name] = &serverSlot{server: s, removed: make(chan struct{})}
}

// DeleteServer takes the server registered under name off the network, like a crashed machine.
// Calls to it get no reply, including calls whose handler is running right now: even if the
// handler finishes, its reply is discarded. Deleting a name with no server does nothing.
func (n *Network) DeleteServer(name string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.removeLocked(name)
}

// removeLocked ends the registration under name, if any. n.mu must be held.
func (n *Network) removeLocked(name string) {
	if slot, ok := n.servers[name]; ok {
		close(slot.removed)
		delete(n.servers, name)
	}
}

// RPCCount returns how many requests were delivered to the server registered under serverName
// now. A request lost on the way, or sent through a disabled end, is not delivered. The count
// belongs to the *Server, so a server registered afresh (a restarted peer) starts from zero;
// a name with no server reports 0.
func (n *Network) RPCCount(serverName string) int {
	n.mu.Lock()
	slot, ok := n.servers[serverName]
	n.mu.Unlock()
	if !ok {
		return 0
	}
	return slot.server.rpcCount()
}

// TotalRPCs returns how many calls entered the network through any end, delivered or not. A call
// rejected before sending (a malformed method name, arguments gob cannot encode) is not counted.
func (n *Network) TotalRPCs() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.totalRPCs
}

// TotalBytes returns the number of gob-encoded bytes the network carried: the arguments of every
// call TotalRPCs counts, plus every reply that travelled back to its caller (a reply that is
// lost, discarded or never produced counts nothing). Replies count, as they would on a wire, so
// that a bound on the bytes a test may send covers both directions: a peer that ships its log
// back in replies is caught as surely as one that resends it in requests.
func (n *Network) TotalBytes() int64 {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.totalBytes
}

// randomDurationLocked returns a uniformly random duration in [0, limit) with millisecond
// resolution. n.mu must be held.
func (n *Network) randomDurationLocked(limit time.Duration) time.Duration {
	return time.Duration(n.rng.Int64N(limit.Milliseconds())) * time.Millisecond
}

// chanceLocked returns true with probability permille/1000. n.mu must be held.
func (n *Network) chanceLocked(permille int) bool {
	return n.rng.IntN(1000) < permille
}

// sleep waits for d, or less if the network is cleaned up meanwhile; it reports whether the whole
// wait happened. It uses a timer, so inside a synctest bubble the wait takes virtual time.
func (n *Network) sleep(d time.Duration) bool {
	if d <= 0 {
		select {
		case <-n.done:
			return false
		default:
			return true
		}
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return true
	case <-n.done:
		return false
	}
}
