package simnet

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"reflect"
	"strings"
	"time"
)

// End is a client endpoint: one peer's handle for calling one other peer. The harness creates
// ends with [Network.NewEnd] and hands them to your peer; your peer only ever calls [End.Call].
// An End is safe for concurrent use.
type End struct {
	name string
	net  *Network

	loop loopDetector // identical requests sent at one instant, guarded by net.mu
}

// LoopLimit is how many identical requests (same method, same encoded arguments) one end may
// send at a single instant before the network calls it a retry loop. A Raft that resends the
// same request forever without waiting never lets virtual time move; past this limit the network
// reports the loop (see [Network.Loop]), tells the loop handler if one is set (see
// [Network.SetLoopHandler]; the Raft harness fails the test there and then), and delays every
// further identical request by LoopDelay, so that time moves again.
const LoopLimit = 1000

// LoopDelay is the delay the network adds to each request of a detected retry loop.
const LoopDelay = time.Millisecond

// loopDetector counts consecutive identical requests from one end at one instant.
type loopDetector struct {
	key   string    // method and encoded arguments of the last request
	at    time.Time // when it was sent
	count int
}

// Call sends an RPC through the end and waits for the reply. method is "Service.Method", for
// example "Raft.RequestVote"; args is the arguments struct or a pointer to it; reply must be a
// pointer to a fresh, zero-valued reply struct of the type the handler fills in.
//
// Call returns true if a reply arrived, and then *reply holds a copy of what the handler wrote.
// It returns false if no reply arrived: the request or the reply was lost, the end is disabled or
// unconnected, the server was deleted, or the network was cleaned up. False does not mean the
// handler did not run. A call that cannot work at all (an unknown method, mismatched types,
// values gob cannot encode) also returns false and writes a warning that says why.
//
// A call never waits for a reply that can no longer arrive: if, while the handler runs, the end
// is disabled ([Network.Enable] false), rewired to another server ([Network.Connect]), its
// server is deleted or replaced, or the network is cleaned up, Call returns false at once and
// the handler's eventual reply is discarded. The handler itself is not interrupted: it runs to
// its end on its own goroutine, and [Network.Cleanup] waits for it.
func (e *End) Call(method string, args any, reply any) bool {
	n := e.net
	obs := Observed{End: e.name, Method: method, Sent: time.Now(), Outcome: "failed"}
	n.mu.Lock()
	observe := n.observer
	obs.Server = n.connections[e.name]
	n.mu.Unlock()
	if observe != nil {
		defer func() { observe(obs) }()
	}
	req, ok := n.newRequest(method, args, reply)
	if !ok {
		return false
	}

	// The request enters the network: count it and decide its fate while holding the lock, so
	// every random draw comes from the seeded generator in one order.
	n.mu.Lock()
	if n.closed {
		n.mu.Unlock()
		obs.Outcome = "closed"
		return false
	}
	n.totalRPCs++
	n.totalBytes += int64(len(req.args))
	var delay time.Duration
	loop, first := n.sameRequestLocked(e, req)
	if loop {
		delay = LoopDelay
	}
	lost := false
	if !n.reliable {
		delay = n.randomDurationLocked(shortDelayMax)
		lost = n.chanceLocked(dropPermille)
	}
	var onLoop func(string)
	if first {
		onLoop = n.onLoop
	}
	report := n.loop
	n.mu.Unlock()
	if onLoop != nil {
		onLoop(report)
	}

	// An unreliable network delays the request and may lose it on the way.
	if !n.sleep(delay) || lost {
		obs.Outcome = "dropped"
		return false
	}

	d, delivered := n.deliver(e.name, req)
	if !delivered {
		// Nobody will answer. A real client would wait for its timeout; so do we.
		obs.Outcome = "unreachable"
		n.sleep(n.noReplyWait())
		return false
	}
	obs.Delivered = time.Now()

	// Wait for the handler, unless its server disappears or the network shuts down first.
	var res result
	select {
	case res = <-d.result:
	case <-d.slot.removed:
		obs.Outcome = "removed"
		return false
	case <-d.cut:
		obs.Outcome = "cut"
		return false // the end was disabled or rewired while the handler ran
	case <-n.done:
		obs.Outcome = "closed"
		return false
	}
	if res.problem != "" {
		n.warnings.once(res.problem, "%s", res.problem)
		return false
	}

	ok, hold := n.replyPath(e.name, d, len(res.reply))
	if !ok || !n.sleep(hold) {
		obs.Outcome = "reply-dropped"
		return false
	}
	obs.Replied, obs.Outcome = time.Now(), "ok"
	if err := gob.NewDecoder(bytes.NewReader(res.reply)).Decode(reply); err != nil {
		obs.Outcome = "failed"
		n.warnings.once("decode:"+method+":"+err.Error(),
			"Call(%q): cannot decode the reply into a %T: %v", method, reply, err)
		return false
	}
	return true
}

// sameRequestLocked counts req among the identical requests e sent at this instant, and reports
// whether it is past LoopLimit, and whether it is the request that revealed the network's first
// loop. The first time any end passes the limit the network records the loop and warns.
func (n *Network) sameRequestLocked(e *End, req request) (loop, first bool) {
	now := time.Now()
	key := req.method + "\x00" + string(req.args)
	d := &e.loop
	if d.key != key || !d.at.Equal(now) {
		d.key, d.at, d.count = key, now, 0
	}
	d.count++
	if d.count < LoopLimit {
		return false, false
	}
	if d.count == LoopLimit && n.loop == "" {
		server := n.connections[e.name]
		n.loop = fmt.Sprintf("end %q (to %q) sent %d identical %s requests at one instant of time: "+
			"a retry loop that makes no progress (for example resending the same AppendEntries after "+
			"every refusal without changing nextIndex, or without waiting). Retry only after the "+
			"request changed, or at the next heartbeat", e.name, server, LoopLimit, req.method)
		n.warnings.once("loop:"+e.name+":"+req.method, "simnet: %s", n.loop)
		return true, true
	}
	return true, false
}

// Loop describes the first retry loop the network detected (see [LoopLimit]), or returns "".
func (n *Network) Loop() string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.loop
}

// request is one call on its way to a server.
type request struct {
	method    string       // "Raft.RequestVote"
	service   string       // "Raft"
	name      string       // "RequestVote"
	args      []byte       // gob encoding of the caller's args
	argsType  reflect.Type // the caller's args type, without the pointer
	replyType reflect.Type // the caller's reply type, a pointer type
}

// result is what a server sends back for one request: an encoded reply, or a problem that means
// the call could never work (it becomes a warning on the caller's side).
type result struct {
	reply   []byte
	problem string
}

// delivery is a request handed to a server's handler goroutine.
type delivery struct {
	serverName string
	slot       *serverSlot   // the registration that received the request
	cut        chan struct{} // the end's cut channel when the request was delivered
	result     chan result   // buffered, so the handler goroutine never blocks on it
}

// newRequest checks the caller's arguments, warns about likely bugs and encodes args. It reports
// false, after a warning, if the call cannot be sent at all.
func (n *Network) newRequest(method string, args, reply any) (request, bool) {
	service, name, found := strings.Cut(method, ".")
	if !found || service == "" || name == "" || strings.Contains(name, ".") {
		n.warnings.once("method:"+method,
			`Call(%q): the method must be written "Service.Method", like "Raft.RequestVote"`, method)
		return request{}, false
	}
	replyValue := reflect.ValueOf(reply)
	if reply == nil || replyValue.Kind() != reflect.Pointer || replyValue.IsNil() {
		n.warnings.once("reply:"+method,
			"Call(%q): reply must be a non-nil pointer, like &reply; got %T", method, reply)
		return request{}, false
	}
	if args == nil {
		n.warnings.once("args:"+method,
			"Call(%q): args is nil; pass the arguments struct, like &args", method)
		return request{}, false
	}
	argsType := reflect.TypeOf(args)
	if argsType.Kind() == reflect.Pointer {
		argsType = argsType.Elem()
	}

	n.warnings.checkFields(argsType)
	n.warnings.checkFields(replyValue.Type().Elem())
	if !replyValue.Elem().IsZero() {
		n.warnings.once("reused:"+replyValue.Type().String(),
			"Call(%q): the reply %T is not zero-valued; gob leaves a field untouched when the "+
				"server's value for it is zero, so stale values survive; pass a fresh reply to every Call",
			method, reply)
	}

	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(args); err != nil {
		n.warnings.once("encode:"+method+":"+err.Error(),
			"Call(%q): cannot encode the args %T: %v%s", method, args, err, gobHint(err))
		return request{}, false
	}
	return request{
		method:    method,
		service:   service,
		name:      name,
		args:      buf.Bytes(),
		argsType:  argsType,
		replyType: replyValue.Type(),
	}, true
}

// deliver hands req to the server the end is connected to, running the handler in a new
// goroutine. It reports false if the request cannot reach any server: the end is disabled or
// unconnected, no server has that name, or the network was cleaned up.
func (n *Network) deliver(endName string, req request) (delivery, bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.closed || !n.enabled[endName] {
		return delivery{}, false
	}
	serverName, connected := n.connections[endName]
	slot := n.servers[serverName]
	if !connected || slot == nil {
		return delivery{}, false
	}
	d := delivery{serverName: serverName, slot: slot, cut: n.cut[endName], result: make(chan result, 1)}
	// Add under n.mu while !n.closed, so Cleanup's Wait never races with a new Add.
	n.handlers.Add(1)
	go func() {
		defer n.handlers.Done()
		d.result <- slot.server.dispatch(req)
	}()
	return d, true
}

// replyPath decides the fate of a reply of size bytes that the handler of d produced for the end
// endName: it reports whether the reply gets back, and how long it is held back on the way. A
// reply that gets back is added to TotalBytes.
func (n *Network) replyPath(endName string, d delivery, size int) (ok bool, hold time.Duration) {
	n.mu.Lock()
	defer n.mu.Unlock()
	switch {
	case n.servers[d.serverName] != d.slot:
		return false, 0 // the server was deleted or replaced: its replies are discarded
	case !n.enabled[endName] || n.connections[endName] != d.serverName:
		return false, 0 // the end was cut off while the handler ran
	case !n.reliable && n.chanceLocked(dropPermille):
		return false, 0 // lost on the way back
	}
	n.totalBytes += int64(size)
	if n.longReordering && n.chanceLocked(reorderPermille) {
		// A skewed spread: most holds are short, a few are long.
		spread := 1 + n.rng.Int64N(reorderSpread.Milliseconds())
		hold = reorderMin + time.Duration(n.rng.Int64N(spread))*time.Millisecond
	}
	return true, hold
}

// noReplyWait returns how long a call that will get no reply waits before it fails.
func (n *Network) noReplyWait() time.Duration {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.longDelays {
		return n.randomDurationLocked(noReplyLong)
	}
	return n.randomDurationLocked(noReplyShort)
}

// gobHint adds advice to the gob errors a learner meets most often.
func gobHint(err error) string {
	if strings.Contains(err.Error(), "not registered for interface") {
		return " (a value stored in an interface field, such as a log entry's Command, must have " +
			"its type registered once with gob.Register, for example in an init function)"
	}
	return ""
}
