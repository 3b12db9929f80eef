package simnet_test

import (
	"fmt"
	"sync"

	"dsweekends/phase3-raft/simnet"
)

// Peer is a tiny stand-in for a learner's Raft: one RPC handler, guarded by a lock.
type Peer struct {
	mu          sync.Mutex
	currentTerm int
}

// RequestVoteArgs and RequestVoteReply have only exported fields, so gob sends all of them.
type RequestVoteArgs struct {
	Term        int
	CandidateID int
}

type RequestVoteReply struct {
	Term        int
	VoteGranted bool
}

// RequestVote is an RPC handler: exported, func(args *A, reply *R), no results.
func (p *Peer) RequestVote(args *RequestVoteArgs, reply *RequestVoteReply) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if args.Term > p.currentTerm {
		p.currentTerm = args.Term
		reply.VoteGranted = true
	}
	reply.Term = p.currentTerm
}

// Example registers one peer as a server, calls it through an end, and then cuts the end off as
// a partition would.
func Example() {
	net := simnet.NewNetwork(1)
	defer net.Cleanup()

	// The harness side: register the peer's handlers under the server name "peer-1".
	svc, err := simnet.NewService(&Peer{})
	if err != nil {
		fmt.Println(err)
		return
	}
	srv := simnet.NewServer()
	srv.AddService(svc)
	net.AddServer("peer-1", srv)

	// An end for peer 0 to call peer 1. New ends start disabled.
	end := net.NewEnd("0->1")
	net.Connect("0->1", "peer-1")
	net.Enable("0->1", true)

	// The learner's side: a fresh reply for every call; false means "no reply".
	var reply RequestVoteReply
	ok := end.Call("Peer.RequestVote", &RequestVoteArgs{Term: 3, CandidateID: 0}, &reply)
	fmt.Println("reply arrived:", ok, "term:", reply.Term, "granted:", reply.VoteGranted)

	// A partition: the end is disabled, the call gets no reply after a short wait.
	net.Enable("0->1", false)
	var lost RequestVoteReply
	ok = end.Call("Peer.RequestVote", &RequestVoteArgs{Term: 4, CandidateID: 0}, &lost)
	fmt.Println("reply arrived:", ok)

	fmt.Println("calls sent:", net.TotalRPCs(), "delivered to peer-1:", net.RPCCount("peer-1"))
	// Output:
	// reply arrived: true term: 3 granted: true
	// reply arrived: false
	// calls sent: 2 delivered to peer-1: 1
}
