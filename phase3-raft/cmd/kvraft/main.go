// Command kvraft runs a small key/value cluster (package kvraft on package raft) on the simulated
// network, with a client you type into, to watch the service ride out crashes and partitions.
//
//	go run ./phase3-raft/cmd/kvraft [-n 5] [-maxraftstate 1000]
//
// Commands, one per line:
//
//	get k            print the value of k
//	put k v          set k to v
//	append k v       add v to the end of k's value
//	leader           print which server says it leads
//	partition 0 1    cut servers 0 and 1 off from the others (no servers: isolate the leader)
//	heal             join every server again
//	crash i          kill server i, keeping what it persisted
//	restart i        start server i again from what it persisted
//	quit             stop
//
// The client reaches every server. An operation that cannot complete (no majority can talk) keeps
// trying in the background and prints its result when it finally completes; the prompt returns
// after a few seconds with a fresh client.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"dsweekends/phase3-raft/kvraft"
	"dsweekends/phase3-raft/persister"
	"dsweekends/phase3-raft/raftapi"
	"dsweekends/phase3-raft/simnet"
)

func main() {
	n := flag.Int("n", 5, "number of servers")
	maxState := flag.Int("maxraftstate", 1000, "snapshot threshold in bytes (-1: never)")
	flag.Parse()
	if *n < 1 || *n > 9 {
		fmt.Fprintln(os.Stderr, "kvraft: -n must be between 1 and 9")
		os.Exit(2)
	}
	c := newCluster(*n, *maxState)
	defer c.stop()
	fmt.Printf("kvraft: %d servers on a simulated network. Type help for the commands.\n", *n)
	repl(c, os.Stdin, os.Stdout)
}

// cluster is the running group: servers, their persisters and the network between them.
type cluster struct {
	n, maxState int
	net         *simnet.Network

	mu         sync.Mutex
	servers    []*kvraft.KVServer // nil while crashed
	persisters []*persister.Persister
	inc        []int
	side       []bool // true: on the cut-off side of the partition
	ends       [][]string
	clients    int
}

func newCluster(n, maxState int) *cluster {
	c := &cluster{n: n, maxState: maxState, net: simnet.NewNetwork(time.Now().UnixNano()),
		servers: make([]*kvraft.KVServer, n), persisters: make([]*persister.Persister, n),
		inc: make([]int, n), side: make([]bool, n), ends: make([][]string, n)}
	for i := range n {
		c.persisters[i] = persister.New()
		c.restart(i)
	}
	return c
}

func name(i int) string { return "kv-" + strconv.Itoa(i) }

func (c *cluster) crash(i int) {
	c.mu.Lock()
	kv := c.servers[i]
	c.servers[i] = nil
	if kv != nil {
		c.persisters[i] = c.persisters[i].Copy()
		for _, e := range c.ends[i] {
			c.net.Enable(e, false)
		}
	}
	c.mu.Unlock()
	if kv != nil {
		c.net.DeleteServer(name(i))
		kv.Kill()
	}
}

func (c *cluster) restart(i int) {
	c.crash(i)
	c.mu.Lock()
	c.inc[i]++
	ends := make([]raftapi.ClientEnd, c.n)
	c.ends[i] = make([]string, c.n)
	for j := range c.n {
		e := fmt.Sprintf("s%d.%d-%d", i, c.inc[i], j)
		ends[j] = c.net.NewEnd(e)
		c.net.Connect(e, name(j))
		c.net.Enable(e, c.side[i] == c.side[j])
		c.ends[i][j] = e
	}
	p := c.persisters[i]
	c.mu.Unlock()
	kv := kvraft.StartKVServer(ends, i, p, c.maxState)
	srv := simnet.NewServer()
	for _, recv := range []any{kv, kv.Raft()} {
		svc, err := simnet.NewService(recv)
		if err != nil {
			fmt.Fprintf(os.Stderr, "kvraft: %v\n", err)
			os.Exit(1)
		}
		srv.AddService(svc)
	}
	c.mu.Lock()
	c.servers[i] = kv
	c.mu.Unlock()
	c.net.AddServer(name(i), srv)
}

// partition puts the listed servers on one side and the rest on the other.
func (c *cluster) partition(cut []int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.side)
	for _, i := range cut {
		c.side[i] = true
	}
	for i := range c.n {
		for j, e := range c.ends[i] {
			if c.servers[i] != nil {
				c.net.Enable(e, c.side[i] == c.side[j])
			}
		}
	}
}

func (c *cluster) leader() (int, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	best, bestTerm := -1, -1
	for i, kv := range c.servers {
		if kv == nil {
			continue
		}
		if term, ok := kv.Raft().GetState(); ok && term > bestTerm {
			best, bestTerm = i, term
		}
	}
	return best, bestTerm
}

func (c *cluster) clerk() *kvraft.Clerk {
	c.mu.Lock()
	id := c.clients
	c.clients++
	c.mu.Unlock()
	ends := make([]raftapi.ClientEnd, c.n)
	for j := range c.n {
		e := fmt.Sprintf("c%d-%d", id, j)
		ends[j] = c.net.NewEnd(e)
		c.net.Connect(e, name(j))
		c.net.Enable(e, true)
	}
	return kvraft.MakeClerk(ends)
}

func (c *cluster) stop() {
	for i := range c.n {
		c.crash(i)
	}
	c.net.Cleanup()
}

const help = `commands: get k | put k v | append k v | leader | partition [i ...] | heal | crash i | restart i | quit`

// repl reads commands from in until quit or the end of input.
func repl(c *cluster, in io.Reader, out io.Writer) {
	ck := c.clerk()
	sc := bufio.NewScanner(in)
	fmt.Fprint(out, "> ")
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) > 0 && f[0] == "quit" {
			return
		}
		if len(f) > 0 {
			if msg, err := command(c, &ck, f); err != nil {
				fmt.Fprintf(out, "error: %v\n", err)
			} else if msg != "" {
				fmt.Fprintln(out, msg)
			}
		}
		fmt.Fprint(out, "> ")
	}
}

// command runs one command; *ck is replaced when an operation is left running in the background.
func command(c *cluster, ck **kvraft.Clerk, f []string) (string, error) {
	server := func() (int, error) {
		if len(f) != 2 {
			return 0, fmt.Errorf("usage: %s i", f[0])
		}
		i, err := strconv.Atoi(f[1])
		if err != nil || i < 0 || i >= c.n {
			return 0, fmt.Errorf("%q is not a server number (0 to %d)", f[1], c.n-1)
		}
		return i, nil
	}
	switch {
	case f[0] == "help":
		return help, nil
	case f[0] == "get" && len(f) == 2:
		return run(c, ck, fmt.Sprintf("get %s", f[1]), func(k *kvraft.Clerk) string { return fmt.Sprintf("%q", k.Get(f[1])) }), nil
	case f[0] == "put" && len(f) == 3:
		return run(c, ck, fmt.Sprintf("put %s", f[1]), func(k *kvraft.Clerk) string { k.Put(f[1], f[2]); return "ok" }), nil
	case f[0] == "append" && len(f) == 3:
		return run(c, ck, fmt.Sprintf("append %s", f[1]), func(k *kvraft.Clerk) string { k.Append(f[1], f[2]); return "ok" }), nil
	case f[0] == "leader" && len(f) == 1:
		if l, term := c.leader(); l >= 0 {
			return fmt.Sprintf("server %d leads (term %d)", l, term), nil
		}
		return "no server says it leads right now", nil
	case f[0] == "partition":
		var cut []int
		for _, s := range f[1:] {
			i, err := strconv.Atoi(s)
			if err != nil || i < 0 || i >= c.n {
				return "", fmt.Errorf("%q is not a server number (0 to %d)", s, c.n-1)
			}
			cut = append(cut, i)
		}
		if len(cut) == 0 {
			l, _ := c.leader()
			if l < 0 {
				return "", fmt.Errorf("no leader to isolate; name the servers: partition 0 1")
			}
			cut = []int{l}
		}
		c.partition(cut)
		return fmt.Sprintf("servers %v cut off from the others", cut), nil
	case f[0] == "heal" && len(f) == 1:
		c.partition(nil)
		return "every server can talk again", nil
	case f[0] == "crash":
		i, err := server()
		if err != nil {
			return "", err
		}
		c.crash(i)
		return fmt.Sprintf("server %d crashed", i), nil
	case f[0] == "restart":
		i, err := server()
		if err != nil {
			return "", err
		}
		c.restart(i)
		return fmt.Sprintf("server %d restarted from its persister", i), nil
	}
	return "", fmt.Errorf("unknown command %q; %s", strings.Join(f, " "), help)
}

// run runs op on *ck, waiting up to a few seconds; after that the operation keeps trying in the
// background (it prints when it completes) and *ck becomes a fresh clerk.
func run(c *cluster, ck **kvraft.Clerk, what string, op func(*kvraft.Clerk) string) string {
	k := *ck
	done := make(chan string, 1)
	go func() { done <- op(k) }()
	select {
	case v := <-done:
		return v
	case <-time.After(3 * time.Second):
		*ck = c.clerk()
		go func() { fmt.Printf("\n(%s finished: %s)\n> ", what, <-done) }()
		return fmt.Sprintf("%s is still waiting (can a majority talk?); it keeps trying in the background", what)
	}
}
