package simnet_test

import (
	"bytes"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"dsweekends/phase3-raft/simnet"
)

// VoteArgs and VoteReply are small RequestVote-like messages. Log is a slice so the tests can
// check that copies are deep.
type VoteArgs struct {
	Term        int
	CandidateID int
	Log         []int
}

type VoteReply struct {
	Term    int
	Granted bool
	Log     []int
}

// Voter is the service the tests call. It keeps what it received so tests can check copies,
// and it can be told to block inside the handler.
type Voter struct {
	mu        sync.Mutex
	calls     int
	lastArgs  *VoteArgs
	lastReply *VoteReply
	entered   chan struct{} // if set, Vote signals here when it starts
	release   chan struct{} // if set, Vote waits for it before answering
}

// Vote answers with Term+1, grants the vote and echoes the log, aliasing its own args on
// purpose: the network, not the handler, must keep the caller's memory separate.
func (v *Voter) Vote(args *VoteArgs, reply *VoteReply) {
	v.mu.Lock()
	v.calls++
	v.lastArgs, v.lastReply = args, reply
	entered, release := v.entered, v.release
	v.mu.Unlock()
	if entered != nil {
		entered <- struct{}{}
	}
	if release != nil {
		<-release
	}
	reply.Term = args.Term + 1
	reply.Granted = true
	reply.Log = args.Log
}

// Calls returns how many times Vote ran.
func (v *Voter) Calls() int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.calls
}

// lockedBuffer collects warnings; the network may write from several goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// newNetwork returns a network whose warnings go to the returned buffer; the test's cleanup
// stops it.
func newNetwork(t *testing.T, seed int64) (*simnet.Network, *lockedBuffer) {
	t.Helper()
	net := simnet.NewNetwork(seed)
	warnings := &lockedBuffer{}
	net.SetWarningWriter(warnings)
	t.Cleanup(net.Cleanup)
	return net, warnings
}

// addVoter registers a fresh Voter as the server serverName.
func addVoter(t *testing.T, net *simnet.Network, serverName string) *Voter {
	t.Helper()
	v := &Voter{}
	svc, err := simnet.NewService(v)
	require.NoError(t, err, "Voter has one well-shaped handler")
	srv := simnet.NewServer()
	srv.AddService(svc)
	net.AddServer(serverName, srv)
	return v
}

// connectedEnd creates the end endName, wires it to serverName and enables it.
func connectedEnd(net *simnet.Network, endName, serverName string) *simnet.End {
	e := net.NewEnd(endName)
	net.Connect(endName, serverName)
	net.Enable(endName, true)
	return e
}

// verifyNoLeakInBubble is goleak.VerifyNone for use inside a synctest bubble, where the
// goroutines that run the bubble itself are expected.
func verifyNoLeakInBubble(t *testing.T) {
	t.Helper()
	goleak.VerifyNone(t,
		goleak.IgnoreTopFunction("internal/synctest.Run"),
		goleak.IgnoreTopFunction("testing/synctest.testingSynctestTest"))
}

// callHeld makes the voter hold its handler until voter.release is closed, starts a Call through
// end, and returns once the handler is running, with the channel that will carry Call's result.
// Tests use it to change the network while a request is inside the server.
func callHeld(end *simnet.End, voter *Voter) <-chan bool {
	voter.entered = make(chan struct{})
	voter.release = make(chan struct{})
	result := make(chan bool, 1)
	go func() {
		var reply VoteReply
		result <- end.Call("Voter.Vote", &VoteArgs{}, &reply)
	}()
	<-voter.entered
	return result
}
