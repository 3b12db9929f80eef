// Command kvnode runs one node of the key/value service on Raft (packages kvraft and raft, the
// learner's code) as a real process: its peers are reached over TCP (package transport) and its
// Raft state lives in a file (persister.File), so kill -9 and a restart with the same flags lose
// nothing Raft saved.
//
//	kvnode --id 0 --peers 127.0.0.1:7000,127.0.0.1:7001,127.0.0.1:7002 --data .study/cluster/node0
//
// --peers lists one address per node, in node order: peers[j] is the address this node dials
// to reach node j (a proxy in between is fine); peers[id] is never dialled. --listen (default
// peers[id]) serves Raft peers, clients (cmd/kvcli, package kvclient) and the status RPC on one
// port. Logs go to stderr; the line "kvnode[ID] serving on ADDR ..." says the node is ready.
// SIGTERM or SIGINT stops it cleanly.
//
// Build it from your code with go build ./phase3-raft/cmd/kvnode, or let
// go run ./scripts/cmd/study cluster up [--reference] build and start a whole cluster.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"dsweekends/phase3-raft/kvclient"
	"dsweekends/phase3-raft/kvraft"
	"dsweekends/phase3-raft/persister"
	"dsweekends/phase3-raft/raft"
	"dsweekends/phase3-raft/raftapi"
	"dsweekends/phase3-raft/transport"
)

// config is the command line.
type config struct {
	id           int
	peers        []string
	listen       string
	data         string
	maxRaftState int
	callTimeout  time.Duration
}

func parse(args []string, stderr io.Writer) (config, error) {
	fs := flag.NewFlagSet("kvnode", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c config
	var peers string
	fs.IntVar(&c.id, "id", -1, "this node's index into --peers (0-based)")
	fs.StringVar(&peers, "peers", "", "comma-separated addresses of every node, in node order (peers[j]: where this node dials node j)")
	fs.StringVar(&c.listen, "listen", "", "address to serve peers, clients and status on (default: peers[id])")
	fs.StringVar(&c.data, "data", "", "directory of this node's state file ("+persister.FileName+")")
	fs.IntVar(&c.maxRaftState, "maxraftstate", 64<<10, "Raft state size in bytes at which the KV server snapshots; -1: never")
	fs.DurationVar(&c.callTimeout, "call-timeout", 500*time.Millisecond, "timeout of one RPC to a peer")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if peers != "" {
		c.peers = strings.Split(peers, ",")
	}
	switch {
	case len(c.peers) == 0:
		return c, errors.New("kvnode: --peers is required")
	case c.id < 0 || c.id >= len(c.peers):
		return c, fmt.Errorf("kvnode: --id %d is not an index into the %d --peers", c.id, len(c.peers))
	case c.data == "":
		return c, errors.New("kvnode: --data is required")
	}
	if c.listen == "" {
		c.listen = c.peers[c.id]
	}
	return c, nil
}

func main() {
	c, err := parse(os.Args[1:], os.Stderr)
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, err)
		}
		os.Exit(2)
	}
	logger := log.New(os.Stderr, fmt.Sprintf("kvnode[%d] ", c.id), log.LstdFlags|log.Lmicroseconds)
	if err := run(c, logger, stopSignal()); err != nil {
		logger.Print(err)
		os.Exit(1)
	}
}

// stopSignal returns a channel closed on SIGTERM or SIGINT.
func stopSignal() <-chan struct{} {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGTERM, syscall.SIGINT)
	done := make(chan struct{})
	go func() {
		<-ch
		close(done)
	}()
	return done
}

// run serves until stop is closed.
func run(c config, logger *log.Logger, stop <-chan struct{}) error {
	store, err := persister.OpenFile(c.data)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", c.listen)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	n := &Node{cfg: c}
	ends := make([]raftapi.ClientEnd, len(c.peers))
	raw := make([]*transport.End, len(c.peers))
	for j, addr := range c.peers {
		raw[j] = transport.Dial(addr, transport.Options{CallTimeout: c.callTimeout})
		ends[j] = observed{raw[j], n}
	}
	logger.Printf("starting: state %d bytes, snapshot %d bytes in %s", store.RaftStateSize(), store.SnapshotSize(), c.data)
	kv := kvraft.StartKVServer(ends, c.id, store, c.maxRaftState)
	n.kv = kv

	srv := transport.NewServer()
	for _, r := range []any{kv, kv.Raft(), n} {
		if err := srv.Register(r); err != nil {
			return err
		}
	}
	srv.SetObserver(n.observe)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	logger.Printf("serving on %s (peers %s, data %s, pid %d)", ln.Addr(), strings.Join(c.peers, ","), c.data, os.Getpid())

	select {
	case <-stop:
		logger.Print("stopping")
	case err = <-served:
	}
	kv.Kill()
	_ = srv.Close()
	if err == nil {
		err = <-served
	}
	for _, e := range raw {
		_ = e.Close()
	}
	if errors.Is(err, transport.ErrServerClosed) {
		return nil
	}
	return err
}

// Node answers Node.Status and watches AppendEntries go by to report log progress.
type Node struct {
	cfg config
	kv  *kvraft.KVServer

	mu        sync.Mutex
	lastIndex int
	commit    int
}

// Status is the status RPC handler.
func (n *Node) Status(_ *kvclient.StatusArgs, reply *kvclient.NodeStatus) {
	term, leader := n.kv.Raft().GetState()
	n.mu.Lock()
	defer n.mu.Unlock()
	*reply = kvclient.NodeStatus{ID: n.cfg.id, PID: os.Getpid(), Listen: n.cfg.listen, Peers: n.cfg.peers,
		Data: n.cfg.data, Term: term, Leader: leader, LastIndex: n.lastIndex, Commit: n.commit}
}

// observe records the log progress an AppendEntries shows (sent or received).
func (n *Node) observe(method string, args, reply any) {
	if method != "Raft.AppendEntries" {
		return
	}
	a, ok1 := args.(*raft.AppendEntriesArgs)
	r, ok2 := reply.(*raft.AppendEntriesReply)
	if !ok1 || !ok2 || !r.Success {
		return
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	n.lastIndex = max(n.lastIndex, a.PrevLogIndex+len(a.Entries))
	n.commit = max(n.commit, a.LeaderCommit)
}

// observed is a peer's end that tells the node about each AppendEntries it sends.
type observed struct {
	end  *transport.End
	node *Node
}

// Call implements raftapi.ClientEnd.
func (o observed) Call(method string, args, reply any) bool {
	ok := o.end.Call(method, args, reply)
	if ok && method == "Raft.AppendEntries" {
		if a, isValue := args.(raft.AppendEntriesArgs); isValue {
			args = &a
		}
		o.node.observe(method, args, reply)
	}
	return ok
}
