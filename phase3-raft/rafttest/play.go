package rafttest

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
	"unsafe"

	"dsweekends/phase3-raft/figure2"
	"dsweekends/phase3-raft/raftapi"
	"dsweekends/phase3-raft/raftdebug"
	"dsweekends/phase3-raft/simnet"
)

// The playground: a live cluster of an implementation's peers that a person drives from a web page
// (go run ./scripts/cmd/study play raft). Play runs the cluster inside a testing/synctest bubble and
// serves a small JSON API on a loopback port; the study command serves the page and forwards the
// page's requests to that API.
//
// Pacing. Virtual time moves only when every goroutine of the bubble is durably blocked. The
// bubble's controller goroutine waits for orders on a channel made outside the bubble, which is
// not durable, so while it waits virtual time stands still and the peers do nothing. A clock
// goroutine outside the bubble sends "advance by d" orders at a steady wall-clock rate (play),
// sends none (pause), or sends one (step); the controller sleeps d of virtual time for each, then
// looks at the peers. The peers' own timers (election timeouts, heartbeats) run unchanged, so the
// cluster behaves exactly as in the graded tests, only slower and at the page's command.
//
// Safety. The controller hands the cluster a testing.TB whose failures are recorded instead of
// ending the test: the appliers' checks (commands applied in order, the same command at each
// index on every peer), the leaders-per-term check of CheckOneLeader, and the retry-loop
// detector report through it, exactly as in a graded test. The first failure stops the clock.

// Environment variables of the playground.
const (
	// EnvPlay set to 1 makes Play run; without it Play skips its test.
	EnvPlay = "RAFT_PLAY"
	// EnvPlayPeers is the number of peers, 3 or 5 (default 5).
	EnvPlayPeers = "RAFT_PLAY_PEERS"
)

// PlayAPIPrefix starts the line Play prints when its API is listening; the address follows it.
const PlayAPIPrefix = "rafttest play: api "

// playFrame is the wall-clock period of the clock goroutine while playing.
const playFrame = 50 * time.Millisecond

// playStallAfter is how long, in wall time, an order may wait for the controller before the
// playground declares virtual time stopped.
const playStallAfter = 8 * time.Second

// playRPCWindow is how far back, in virtual time, the state lists the messages the network saw.
const playRPCWindow = 400 * time.Millisecond

// Play runs an interactive cluster of mk's peers until the page (or the process's standard input
// closing) tells it to quit. It skips unless RAFT_PLAY=1: the study command sets it. It prints
// PlayAPIPrefix and the API's address on standard output.
func Play(t *testing.T, mk raftapi.MakeFunc) {
	if os.Getenv(EnvPlay) != "1" {
		t.Skip("the playground runs under go run ./scripts/cmd/study play raft (it sets " + EnvPlay + "=1)")
	}
	n := 5
	if s := os.Getenv(EnvPlayPeers); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 1 || v > 9 {
			t.Fatalf("rafttest: %s=%q: want a number of peers from 1 to 9", EnvPlayPeers, s)
		}
		n = v
	}
	p := &playground{n: n, mk: mk, orders: make(chan playOrder), quit: make(chan struct{}),
		speed: 0.25, playing: true}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("rafttest: playground: %v", err)
	}
	srv := &http.Server{Handler: p.handler(), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan struct{})
	go func() {
		defer close(served)
		_ = srv.Serve(ln) // ends with Close below
	}()
	fmt.Printf("%shttp://%s\n", PlayAPIPrefix, ln.Addr())
	clockDone := make(chan struct{})
	go func() {
		defer close(clockDone)
		p.clock()
	}()
	orphanDone := make(chan struct{})
	go func() { // when the study command that started us goes away, so do we
		defer close(orphanDone)
		p.watchParent()
	}()
	synctest.Test(t, p.control)
	p.stop()
	<-clockDone
	<-orphanDone
	_ = srv.Close()
	<-served
}

// playground is the state shared by the controller (inside the bubble), the clock and the API
// handlers (outside it).
type playground struct {
	n      int
	mk     raftapi.MakeFunc
	orders chan playOrder // made outside the bubble: the controller's waits on it are not durable
	quit   chan struct{}
	once   sync.Once

	mu      sync.Mutex
	speed   float64 // virtual seconds per wall second while playing
	playing bool
	stalled string // why virtual time stopped, once it has
	// stallReport explains a stopped clock; set by the controller, called from outside the bubble.
	stallReport func(wall time.Duration) string
	failure     *PlayFailure
	state       PlayState
	tr          *trace
}

// playOrder is one order to the controller; the reply comes back on done (buffered).
type playOrder struct {
	op   string
	peer int
	arg  string
	dt   time.Duration
	done chan string // "" or an error message
}

// PlayState is what the page shows, as of the end of the last order.
type PlayState struct {
	VirtualNS int64        `json:"t_ns"`
	Peers     []PlayPeer   `json:"peers"`
	Reliable  bool         `json:"reliable"`
	RPCs      []PlayRPC    `json:"rpcs"`
	TotalRPCs int          `json:"total_rpcs"`
	Missing   []string     `json:"missing"`
	Failure   *PlayFailure `json:"failure"`
	Stalled   string       `json:"stalled"`
	Playing   bool         `json:"playing"`
	Speed     float64      `json:"speed"`
	Events    int          `json:"events"`
	Submitted []string     `json:"submitted"`
}

// PlayPeer is one peer as the page shows it. Log and Commit come from the fields the skeleton
// declares (log, commitIndex, role), read under the peer's own mutex; when the peer is busy or
// the fields are gone, Seen is false and the previous view is kept.
type PlayPeer struct {
	ID       int         `json:"id"`
	Up       bool        `json:"up"`
	Group    int         `json:"group"` // -1 isolated; peers with equal groups reach each other
	Term     int         `json:"term"`
	Leader   bool        `json:"leader"`
	Role     string      `json:"role"`
	LogStart int         `json:"log_start"`
	Log      []PlayEntry `json:"log"`
	Commit   int         `json:"commit"` // -1 unknown
	Applied  int         `json:"applied"`
	Seen     bool        `json:"seen"`
	Panicked string      `json:"panicked,omitempty"`
}

// PlayEntry is one log entry.
type PlayEntry struct {
	Index int    `json:"i"`
	Term  int    `json:"t"`
	Cmd   string `json:"c"`
}

// PlayRPC is one call the network finished, with virtual times (ns since the start; -1 never).
type PlayRPC struct {
	From      int    `json:"from"`
	To        int    `json:"to"`
	Method    string `json:"method"`
	Sent      int64  `json:"sent"`
	Delivered int64  `json:"delivered"`
	Replied   int64  `json:"replied"`
	Outcome   string `json:"outcome"`
}

// PlayFailure is the first safety check that failed, and when.
type PlayFailure struct {
	VirtualNS int64  `json:"t_ns"`
	Message   string `json:"message"`
	Peers     []int  `json:"peers"`
	Index     int    `json:"index"` // the log index the message names, or 0
}

// lastVirtual returns the virtual time of the last published state, in ns.
func (p *playground) lastVirtual() int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.state.VirtualNS
}

// watchParent stops the playground when the process that started it ends (its parent changes).
func (p *playground) watchParent() {
	parent := os.Getppid()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-p.quit:
			return
		case <-tick.C:
			if os.Getppid() != parent {
				p.stop()
				return
			}
		}
	}
}

func (p *playground) stop() { p.once.Do(func() { close(p.quit) }) }

// clock sends advance orders while playing, playFrame apart in wall time.
func (p *playground) clock() {
	tick := time.NewTicker(playFrame)
	defer tick.Stop()
	for {
		select {
		case <-p.quit:
			p.send(playOrder{op: "quit"})
			return
		case <-tick.C:
		}
		p.mu.Lock()
		go_, dt := p.playing && p.failure == nil && p.stalled == "", time.Duration(float64(playFrame)*p.speed)
		p.mu.Unlock()
		if go_ {
			p.send(playOrder{op: "advance", dt: dt})
		}
	}
}

// send gives the controller an order and waits for its reply. An order the controller does not
// take or finish within playStallAfter means virtual time has stopped.
func (p *playground) send(o playOrder) string {
	p.mu.Lock()
	stalled := p.stalled
	p.mu.Unlock()
	if stalled != "" {
		return "virtual time has stopped: " + stalled
	}
	o.done = make(chan string, 1)
	timer := time.NewTimer(playStallAfter)
	defer timer.Stop()
	select {
	case p.orders <- o:
	case <-timer.C:
		return p.markStalled()
	}
	select {
	case msg := <-o.done:
		return msg
	case <-timer.C:
		return p.markStalled()
	}
}

// markStalled records that virtual time stopped, with the harness's stall report: which
// goroutines wait for a mutex and where the others are. It runs outside the bubble, since the
// controller inside is stuck.
func (p *playground) markStalled() string {
	p.mu.Lock()
	report := p.stallReport
	done := p.stalled != ""
	p.mu.Unlock()
	if done {
		return "virtual time has stopped"
	}
	text := "an order to the cluster got no answer for " + playStallAfter.String()
	if report != nil {
		text = report(playStallAfter)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stalled == "" {
		p.stalled = text
		p.playing = false
	}
	return p.stalled
}

// playTB records the failures the harness reports instead of ending the test.
type playTB struct {
	testing.TB
	p *playground
}

func (tb playTB) Error(args ...any)                 { tb.p.fail(fmt.Sprintln(args...)) }
func (tb playTB) Errorf(format string, args ...any) { tb.p.fail(fmt.Sprintf(format, args...)) }
func (tb playTB) Fatal(args ...any)                 { tb.p.fail(fmt.Sprintln(args...)) }
func (tb playTB) Fatalf(format string, args ...any) { tb.p.fail(fmt.Sprintf(format, args...)) }
func (tb playTB) Fail()                             {}
func (tb playTB) FailNow()                          {}
func (tb playTB) Failed() bool                      { return false }

var (
	indexInMessage = regexp.MustCompile(`\bindex (\d+)`)
	peersInMessage = regexp.MustCompile(`\bpeers? \[([\d ]+)\]|\bpeer (\d+)`)
)

// fail records the first failure and stops the clock.
func (p *playground) fail(msg string) {
	msg = strings.TrimSpace(msg)
	if msg == "" {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.failure != nil {
		return
	}
	f := &PlayFailure{Message: msg}
	if p.tr != nil {
		f.VirtualNS = time.Since(p.tr.start).Nanoseconds()
	}
	if m := indexInMessage.FindStringSubmatch(msg); m != nil {
		f.Index, _ = strconv.Atoi(m[1])
	}
	for _, m := range peersInMessage.FindAllStringSubmatch(msg, -1) {
		for _, s := range strings.Fields(m[1] + " " + m[2]) {
			if v, err := strconv.Atoi(s); err == nil && !slices.Contains(f.Peers, v) {
				f.Peers = append(f.Peers, v)
			}
		}
	}
	p.failure = f
	p.playing = false
}

// guard runs f on a goroutine of its own and waits for it: a failing check ends only that
// goroutine (runtime.Goexit), and a panic in the peer's code called from f is recovered and
// returned.
func guard(f func()) (panicked string) {
	done := make(chan string, 1)
	go func() {
		msg := ""
		defer func() { done <- msg }()
		defer func() {
			if r := recover(); r != nil {
				msg = fmt.Sprint(r)
				buf := make([]byte, 16<<10)
				buf = buf[:runtime.Stack(buf, false)]
				msg += "\n" + userStack(string(buf))
			}
		}()
		f()
	}()
	return <-done
}

// userStack keeps the frames of a panic's stack that are in the implementation's code.
func userStack(stack string) string {
	var out []string
	lines := strings.Split(stack, "\n")
	for i := 0; i+1 < len(lines); i++ {
		fn := lines[i]
		if strings.HasPrefix(fn, "dsweekends/phase3-raft/raft.") || strings.Contains(fn, "/phase3-raft/raft.") {
			out = append(out, fn, lines[i+1])
		}
	}
	return strings.Join(out, "\n")
}

// playCluster is the controller's view of the cluster.
type playCluster struct {
	p        *playground
	c        *Cluster
	start    time.Time
	groups   []int // -1 isolated
	rpcs     []PlayRPC
	rpcMu    sync.Mutex
	views    []PlayPeer
	sawRPC   bool
	leader   bool // some peer has said it leads
	nonzero  bool // some peer has reported a term above 0
	pending  []pendingCmd
	counter  int
	makeErr  string
	subs     []string
	reliable bool
}

type pendingCmd struct {
	cmd   string
	index int
	peer  int
	at    time.Time
}

// control is the controller: the body of the bubble.
func (p *playground) control(t *testing.T) {
	pc := &playCluster{p: p, start: time.Now(), groups: make([]int, p.n), views: make([]PlayPeer, p.n), reliable: true}
	bubble := currentGoroutine().bubble
	p.mu.Lock()
	p.stallReport = func(wall time.Duration) string {
		return (&run{bubble: bubble}).stallReport(time.Duration(p.lastVirtual()), wall)
	}
	p.mu.Unlock()
	tb := playTB{TB: t, p: p}
	if msg := guard(func() { pc.c = NewCluster(tb, p.n, true, false, p.mk) }); msg != "" {
		pc.makeErr = msg
	}
	if pc.c != nil {
		p.mu.Lock()
		p.tr = pc.c.tr
		p.mu.Unlock()
		pc.start = pc.c.start
		pc.c.net.SetWarningWriter(nil)
		pc.c.net.SetObserver(pc.observe)
		// The implementation's own events (raftdebug.Event: elections, leaders, commits) join the
		// trace, as in Run.
		defer raftdebug.Attach(pc.c.start, pc.c.tr)()
	}
	pc.publish()
	for o := range p.orders {
		msg := pc.do(o)
		pc.publish()
		o.done <- msg
		if o.op == "quit" {
			return
		}
	}
}

// do carries out one order inside the bubble.
func (pc *playCluster) do(o playOrder) string {
	p, c := pc.p, pc.c
	if o.op == "quit" {
		return ""
	}
	if c == nil {
		return "the cluster could not start"
	}
	switch o.op {
	case "crash", "restart", "isolate", "connect":
		if o.peer < 0 || o.peer >= p.n {
			return fmt.Sprintf("no peer %d", o.peer)
		}
	case "submit":
		if o.peer >= p.n {
			return fmt.Sprintf("no peer %d", o.peer)
		}
	}
	switch o.op {
	case "advance", "step":
		time.Sleep(o.dt)
		pc.check()
	case "crash":
		c.Crash1(o.peer)
	case "restart":
		if msg := guard(func() { c.Start1(o.peer) }); msg != "" {
			pc.views[o.peer].Panicked = msg
			return "Make panicked: " + msg
		}
		pc.applyNet()
	case "isolate":
		pc.groups[o.peer] = -1
		pc.applyNet()
	case "connect":
		pc.groups[o.peer] = 0
		pc.applyNet()
	case "partition":
		// arg lists the peers of the second side, "0,1"; everyone else is on the first.
		for i := range pc.groups {
			pc.groups[i] = 0
		}
		for _, s := range strings.Split(o.arg, ",") {
			if v, err := strconv.Atoi(strings.TrimSpace(s)); err == nil && v >= 0 && v < p.n {
				pc.groups[v] = 1
			}
		}
		pc.applyNet()
	case "heal":
		for i := range pc.groups {
			pc.groups[i] = 0
		}
		pc.applyNet()
	case "lossy":
		pc.reliable = o.arg != "on"
		c.SetReliable(pc.reliable)
	case "submit":
		return pc.submit(o.peer, o.arg)
	default:
		return "unknown order " + o.op
	}
	return ""
}

// applyNet enables exactly the links between running peers of the same group.
func (pc *playCluster) applyNet() {
	c := pc.c
	c.mu.Lock()
	defer c.mu.Unlock()
	// The largest group is "the network"; the others are shaded as cut off in the timeline.
	size := map[int]int{}
	for _, g := range pc.groups {
		if g >= 0 {
			size[g]++
		}
	}
	main := 0
	for g, s := range size {
		if s > size[main] || (s == size[main] && g < main) {
			main = g
		}
	}
	for i := range c.n {
		cut := pc.groups[i] != main
		if cut && c.connected[i] {
			c.tr.add(i, KindDisconnect, 0, "")
		} else if !cut && !c.connected[i] {
			c.tr.add(i, KindConnect, 0, "")
		}
		c.connected[i] = pc.groups[i] >= 0
		if cut {
			c.connected[i] = pc.groups[i] >= 0 && size[pc.groups[i]] > 1
		}
		for j := range c.n {
			on := pc.groups[i] >= 0 && pc.groups[i] == pc.groups[j]
			if c.ends[i] != nil {
				c.net.Enable(c.ends[i][j], on)
			}
		}
	}
}

// submit offers cmd (or a fresh one) to peer, or with peer -1 to the peer that says it leads the
// newest term, as a client would.
func (pc *playCluster) submit(peer int, cmd string) string {
	c := pc.c
	if cmd == "" {
		pc.counter++
		cmd = fmt.Sprintf("x%d", pc.counter)
	}
	if peer < 0 {
		best := -1
		for i := range c.n {
			var term int
			var isLeader bool
			if msg := guard(func() { term, isLeader = c.GetState(i) }); msg != "" {
				pc.views[i].Panicked = msg
				continue
			}
			if isLeader && term > best {
				best, peer = term, i
			}
		}
		if peer < 0 {
			pc.subs = append(pc.subs, cmd+": no leader")
			return "no peer says it leads: nobody to submit to"
		}
	}
	var idx int
	var ok bool
	if msg := guard(func() { idx, _, ok = c.Start(peer, cmd) }); msg != "" {
		pc.views[peer].Panicked = msg
		return fmt.Sprintf("Start panicked on peer %d: %s", peer, msg)
	}
	if !ok {
		pc.subs = append(pc.subs, fmt.Sprintf("%s → peer %d: refused (not leader)", cmd, peer))
		if _, isLeader := c.GetState(peer); isLeader {
			return fmt.Sprintf("peer %d says (GetState) it leads, but its Start returned isLeader=false: "+
				"Start is not written yet (weekend 17)", peer)
		}
		return fmt.Sprintf("peer %d is not the leader: it refused the command", peer)
	}
	pc.pending = append(pc.pending, pendingCmd{cmd: cmd, index: idx, peer: peer, at: time.Now()})
	pc.subs = append(pc.subs, fmt.Sprintf("%s → peer %d, index %d", cmd, peer, idx))
	return ""
}

// observe records one finished call (called by the network, from the calling goroutine).
func (pc *playCluster) observe(o simnet.Observed) {
	pc.c.traceRPC(o)
	var from, to, inc int
	if _, err := fmt.Sscanf(o.End, "end-%d-to-%d-#%d", &from, &to, &inc); err != nil {
		return
	}
	at := func(t time.Time) int64 {
		if t.IsZero() {
			return -1
		}
		return t.Sub(pc.start).Nanoseconds()
	}
	r := PlayRPC{From: from, To: to, Method: strings.TrimPrefix(o.Method, "Raft."), Sent: at(o.Sent),
		Delivered: at(o.Delivered), Replied: at(o.Replied), Outcome: o.Outcome}
	pc.rpcMu.Lock()
	pc.rpcs = append(pc.rpcs, r)
	pc.sawRPC = true
	pc.rpcMu.Unlock()
}

// check runs the harness's checks that are not already running in the background (the appliers
// check every applied command as it arrives): at most one leader per term.
func (pc *playCluster) check() {
	c := pc.c
	leaders := map[int][]int{}
	for i := range c.n {
		var term int
		var isLeader bool
		if msg := guard(func() { term, isLeader = c.GetState(i) }); msg != "" {
			pc.views[i].Panicked = msg
			continue
		}
		if isLeader {
			leaders[term] = append(leaders[term], i)
		}
	}
	guard(func() { c.checkLeadersPerTerm(leaders) })
}

// publish makes the page's view of the cluster.
func (pc *playCluster) publish() {
	p, c := pc.p, pc.c
	now := time.Since(pc.start)
	st := PlayState{VirtualNS: now.Nanoseconds(), Reliable: true, Peers: make([]PlayPeer, p.n)}
	if c == nil {
		st.Missing = []string{"The cluster could not start: making the peers panicked (is Make written yet?): " + pc.makeErr}
		for i := range st.Peers {
			st.Peers[i] = PlayPeer{ID: i, Role: "crashed", Commit: -1}
		}
	} else {
		st.Reliable = pc.reliable
		st.TotalRPCs = c.net.TotalRPCs()
		for i := range p.n {
			st.Peers[i] = pc.view(i)
		}
		pc.rpcMu.Lock()
		cut := now.Nanoseconds() - playRPCWindow.Nanoseconds()
		k := 0
		for k < len(pc.rpcs) && max(pc.rpcs[k].Sent, pc.rpcs[k].Delivered, pc.rpcs[k].Replied) < cut {
			k++
		}
		pc.rpcs = pc.rpcs[k:]
		st.RPCs = append([]PlayRPC(nil), pc.rpcs...)
		pc.rpcMu.Unlock()
		st.Missing = pc.missing(now, st.Peers)
		c.tr.mu.Lock()
		st.Events = len(c.tr.events)
		c.tr.mu.Unlock()
		st.Submitted = append([]string(nil), pc.subs[max(0, len(pc.subs)-8):]...)
	}
	p.mu.Lock()
	st.Failure, st.Stalled, st.Playing, st.Speed = p.failure, p.stalled, p.playing, p.speed
	p.state = st
	p.mu.Unlock()
}

// view reads peer i: GetState, and the fields the skeleton declares, under the peer's mutex.
func (pc *playCluster) view(i int) PlayPeer {
	c := pc.c
	prev := pc.views[i]
	v := PlayPeer{ID: i, Group: pc.groups[i], Commit: -1, Log: prev.Log, LogStart: prev.LogStart,
		Role: prev.Role, Panicked: prev.Panicked}
	rf, _ := c.peerAndIncarnation(i)
	c.mu.Lock()
	v.Applied = c.lastApplied[i]
	c.mu.Unlock()
	if rf == nil {
		v.Role = "crashed"
		pc.views[i] = v
		return v
	}
	v.Up = true
	if msg := guard(func() { v.Term, v.Leader = c.GetState(i) }); msg != "" {
		v.Panicked = msg
	}
	if v.Leader {
		pc.leader = true
	}
	if v.Term > 0 {
		pc.nonzero = true
	}
	if lg, start, commit, role, ok := peek(rf); ok {
		v.Seen, v.Log, v.LogStart, v.Commit = true, lg, start, commit
		v.Role = role
	}
	if v.Leader {
		v.Role = "leader"
	} else if v.Role == "leader" || v.Role == "" || v.Role == "crashed" {
		v.Role = "follower"
	}
	pc.views[i] = v
	return v
}

// missing says what the page cannot show because the implementation does not do it yet.
func (pc *playCluster) missing(now time.Duration, peers []PlayPeer) []string {
	var out []string
	for _, v := range peers {
		if v.Panicked != "" {
			out = append(out, fmt.Sprintf("peer %d panicked: %s", v.ID, firstLine(v.Panicked)))
		}
	}
	pc.rpcMu.Lock()
	saw := pc.sawRPC
	pc.rpcMu.Unlock()
	grace := 2 * ElectionTimeout
	switch {
	case now < grace:
	case !saw && !pc.leader:
		out = append(out, fmt.Sprintf("No peer has sent a single RPC in %v: elections are not written yet. "+
			"A follower whose election timeout passes becomes candidate and sends RequestVote to every peer "+
			"(weekend 15: ticker, startElection, RequestVote).", grace))
	case !pc.leader && !pc.nonzero:
		out = append(out, "Peers send RPCs, but GetState has never reported a term above 0 or a leader: "+
			"GetState is not written yet (weekend 15: return currentTerm and role == Leader, under rf.mu).")
	case !pc.leader && now > 5*ElectionTimeout:
		out = append(out, fmt.Sprintf("No peer has become leader in %v: a candidate that gets votes from a "+
			"majority becomes leader (weekend 15: RequestVote handler, counting votes).", now.Round(time.Second)))
	}
	pc.c.mu.Lock()
	applied := pc.c.maxIndex
	pc.c.mu.Unlock()
	for _, pd := range pc.pending {
		if applied > 0 || time.Since(pd.at) < 2*time.Second {
			continue // once anything was applied, an unapplied command is the cluster's business
		}
		if n, _ := pc.c.Committed(pd.index); n == 0 {
			out = append(out, fmt.Sprintf("%s was accepted by peer %d at index %d, but no peer has applied it "+
				"after %v: replication, commit or the applier is missing (weekend 17: AppendEntries with "+
				"entries, advancing commitIndex, sending ApplyMsg on applyCh).", pd.cmd, pd.peer, pd.index,
				time.Since(pd.at).Round(time.Second)))
			break
		}
	}
	return out
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

var mutexType = reflect.TypeFor[sync.Mutex]()

// peek reads the fields the skeleton's Raft declares — log, commitIndex and role — under its mutex
// mu, taken with TryLock so the playground never waits for a busy peer. ok is false when the
// fields are not there or the mutex is held.
func peek(rf raftapi.Peer) (log []PlayEntry, start, commit int, role string, ok bool) {
	v := reflect.ValueOf(rf)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return nil, 0, -1, "", false
	}
	s := v.Elem()
	mu := s.FieldByName("mu")
	if !mu.IsValid() || mu.Type() != mutexType {
		return nil, 0, -1, "", false
	}
	m := (*sync.Mutex)(unsafe.Pointer(mu.UnsafeAddr()))
	if !m.TryLock() {
		return nil, 0, -1, "", false
	}
	defer m.Unlock()
	commit = -1
	if f := s.FieldByName("commitIndex"); f.IsValid() && f.Kind() == reflect.Int {
		commit = int(f.Int())
	}
	if f := s.FieldByName("role"); f.IsValid() && f.Kind() == reflect.Int {
		switch f.Int() {
		case 0:
			role = "follower"
		case 1:
			role = "candidate"
		case 2:
			role = "leader"
		}
	}
	if f := s.FieldByName("log"); f.IsValid() && f.Type() == reflect.TypeFor[figure2.Log]() {
		l := *(*figure2.Log)(unsafe.Pointer(f.UnsafeAddr()))
		start = l.Start
		for k, e := range l.Entries {
			if k == 0 {
				continue // the sentinel (or the snapshot's last entry)
			}
			log = append(log, PlayEntry{Index: l.Start + k, Term: e.Term, Cmd: fmt.Sprint(e.Command)})
		}
	}
	return log, start, commit, role, true
}

// handler is the JSON API: GET /state, GET /events?from=K (JSON Lines), POST /do?op=…&peer=…&arg=…,
// POST /play, /pause, /step, /speed?x=…, /quit.
func (p *playground) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /state", func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		st := p.state
		st.Failure, st.Stalled, st.Playing, st.Speed = p.failure, p.stalled, p.playing, p.speed
		p.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(st)
	})
	mux.HandleFunc("GET /events", func(w http.ResponseWriter, r *http.Request) {
		from, _ := strconv.Atoi(r.URL.Query().Get("from"))
		p.mu.Lock()
		tr := p.tr
		p.mu.Unlock()
		w.Header().Set("Content-Type", "application/x-ndjson")
		if tr == nil {
			return
		}
		tr.mu.Lock()
		evs := append([]TraceEvent(nil), tr.events[min(max(from, 0), len(tr.events)):]...)
		tr.mu.Unlock()
		enc := json.NewEncoder(w)
		for _, e := range evs {
			_ = enc.Encode(e)
		}
	})
	reply := func(w http.ResponseWriter, msg string) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]string{"error": msg})
	}
	mux.HandleFunc("POST /do", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		peer, err := strconv.Atoi(q.Get("peer"))
		if err != nil {
			peer = -1
		}
		p.mu.Lock()
		failed := p.failure != nil
		p.mu.Unlock()
		if failed && q.Get("op") != "quit" {
			reply(w, "the cluster stopped at a safety violation")
			return
		}
		reply(w, p.send(playOrder{op: q.Get("op"), peer: peer, arg: q.Get("arg")}))
	})
	mux.HandleFunc("POST /clock", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		msg := ""
		switch q.Get("op") {
		case "play":
			p.mu.Lock()
			p.playing = p.failure == nil
			p.mu.Unlock()
		case "pause":
			p.mu.Lock()
			p.playing = false
			p.mu.Unlock()
		case "step":
			p.mu.Lock()
			p.playing = false
			failed := p.failure != nil
			p.mu.Unlock()
			d, err := time.ParseDuration(q.Get("d"))
			if err != nil || d <= 0 || d > 10*time.Second {
				d = 50 * time.Millisecond
			}
			if !failed {
				msg = p.send(playOrder{op: "step", dt: d})
			}
		case "speed":
			x, err := strconv.ParseFloat(q.Get("x"), 64)
			if err != nil || x <= 0 || x > 4 {
				msg = "speed: want a number in (0, 4]"
				break
			}
			p.mu.Lock()
			p.speed = x
			p.mu.Unlock()
		case "quit":
			p.stop()
		default:
			msg = "unknown clock op"
		}
		p.mu.Lock()
		p.state.Playing, p.state.Speed = p.playing, p.speed
		p.mu.Unlock()
		reply(w, msg)
	})
	return mux
}
