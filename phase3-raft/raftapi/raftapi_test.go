package raftapi_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"dsweekends/phase3-raft/persister"
	"dsweekends/phase3-raft/raftapi"
	"dsweekends/phase3-raft/simnet"
)

// relay is NOT Raft. Peer 0 always leads and copies each command to every peer with one RPC,
// with no terms, no elections and no fault tolerance. It exists only to show the plumbing that
// a MakeFunc connects: ends for calling peers, a persister, and applyCh.
type relay struct {
	mu      sync.Mutex
	peers   []raftapi.ClientEnd
	me      int
	applyCh chan<- raftapi.ApplyMsg
	last    int // index of the last command started (leader only)
	dead    bool
}

// AppendArgs carries one command; its fields are exported so gob sends them.
type AppendArgs struct {
	Index   int
	Command any
}

// AppendReply says whether the peer applied the command.
type AppendReply struct {
	Applied bool
}

// makeRelay has the MakeFunc signature, as a learner's Make does.
func makeRelay(peers []raftapi.ClientEnd, me int, _ raftapi.Persister, applyCh chan<- raftapi.ApplyMsg) raftapi.Peer {
	return &relay{peers: peers, me: me, applyCh: applyCh}
}

// Append is the RPC handler: an exported method of shape func(args *A, reply *R).
func (r *relay) Append(args *AppendArgs, reply *AppendReply) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.dead {
		return
	}
	r.applyCh <- raftapi.ApplyMsg{CommandValid: true, Command: args.Command, CommandIndex: args.Index, CommandTerm: 1}
	reply.Applied = true
}

// Start sends the command to every peer before it returns; a real Raft returns at once and
// replicates in the background.
func (r *relay) Start(command any) (int, int, bool) {
	r.mu.Lock()
	if r.me != 0 || r.dead {
		r.mu.Unlock()
		return 0, 0, false
	}
	r.last++
	index := r.last
	r.mu.Unlock() // never hold the lock across Call
	for _, end := range r.peers {
		var reply AppendReply
		end.Call("relay.Append", &AppendArgs{Index: index, Command: command}, &reply)
	}
	return index, 1, true
}

func (r *relay) GetState() (int, bool) { return 1, r.me == 0 }

func (r *relay) Snapshot(int, []byte) {}

func (r *relay) Kill() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.dead = true
}

// cluster wires n peers built by makePeer on a reliable network the way a harness does: one
// server per peer and one end per ordered pair of peers.
func cluster(makePeer raftapi.MakeFunc, n int) (*simnet.Network, []raftapi.Peer, []chan raftapi.ApplyMsg, error) {
	net := simnet.NewNetwork(1)
	peers := make([]raftapi.Peer, n)
	applyChs := make([]chan raftapi.ApplyMsg, n)
	for i := range n {
		ends := make([]raftapi.ClientEnd, n)
		for j := range n {
			name := fmt.Sprintf("end-%d-%d", i, j)
			ends[j] = net.NewEnd(name)
			net.Connect(name, fmt.Sprintf("peer-%d", j))
			net.Enable(name, true)
		}
		applyChs[i] = make(chan raftapi.ApplyMsg, 10)
		peers[i] = makePeer(ends, i, persister.New(), applyChs[i])
		svc, err := simnet.NewService(peers[i])
		if err != nil {
			net.Cleanup()
			return nil, nil, nil, fmt.Errorf("register peer %d: %w", i, err)
		}
		srv := simnet.NewServer()
		srv.AddService(svc)
		net.AddServer(fmt.Sprintf("peer-%d", i), srv)
	}
	return net, peers, applyChs, nil
}

func TestMakeFuncPeerAppliesThroughApplyCh(t *testing.T) {
	net, peers, applyChs, err := cluster(makeRelay, 3)
	require.NoError(t, err, "the peer's exported methods must be RPC handlers or the Peer API")
	defer net.Cleanup()

	index, term, isLeader := peers[0].Start("x=1")
	require.True(t, isLeader, "peer 0 leads the relay")
	assert.Equal(t, 1, index)
	assert.Equal(t, 1, term)
	_, _, isLeader = peers[1].Start("ignored")
	assert.False(t, isLeader, "a follower refuses Start")

	want := raftapi.ApplyMsg{CommandValid: true, Command: "x=1", CommandIndex: 1, CommandTerm: 1}
	for i, ch := range applyChs {
		select {
		case got := <-ch:
			assert.Equal(t, want, got, "peer %d's ApplyMsg", i)
		default:
			t.Errorf("peer %d sent nothing on applyCh", i)
		}
	}
	for _, p := range peers {
		p.Kill()
	}
}

// Example shows a harness building peers from a MakeFunc and reading their applyCh.
func Example() {
	net, peers, applyChs, err := cluster(makeRelay, 3)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer net.Cleanup()

	index, _, _ := peers[0].Start("hello")
	for i, ch := range applyChs {
		msg := <-ch
		fmt.Printf("peer %d applied %v at index %d (started at %d)\n", i, msg.Command, msg.CommandIndex, index)
	}
	// Output:
	// peer 0 applied hello at index 1 (started at 1)
	// peer 1 applied hello at index 1 (started at 1)
	// peer 2 applied hello at index 1 (started at 1)
}
