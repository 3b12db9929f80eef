package chaos

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"dsweekends/phase1-network/faultproxy"
	"dsweekends/phase3-raft/kvclient"
)

// NodeSpec says how to run and reach the course's KV-on-Raft node (cmd/kvnode):
// its command line, a client, and how to ask a node whether it leads.
type NodeSpec struct {
	// Bin is the node binary.
	Bin string
	// Args returns node i's arguments: its address, the address it dials
	// for each peer (peers[i] is its own address), and its data directory.
	Args func(i int, listen string, peers []string, dataDir string) []string
	// Dial returns a client of the cluster at addrs, for client number i.
	Dial func(addrs []string, i int) (KV, error)
	// IsLeader asks the node at addr whether it leads now.
	IsLeader func(ctx context.Context, addr string) (bool, error)
}

// RaftCluster is n course nodes on loopback, with a faultproxy on every
// ordered pair: node i dials node j through proxy (i, j), so the nemesis cuts
// one link, or all of one node's, without touching the others. Clients dial
// the nodes directly.
type RaftCluster struct {
	spec    NodeSpec
	addrs   []string
	procs   []*proc
	proxies [][]*faultproxy.Proxy // [from][to], nil on the diagonal
	cutOff  []atomic.Bool         // node i is isolated
}

// StartRaft starts n nodes with data and logs under dir and waits until one
// of them leads.
func StartRaft(ctx context.Context, spec NodeSpec, dir string, n int) (_ *RaftCluster, err error) {
	ports, err := freePorts(n)
	if err != nil {
		return nil, err
	}
	c := &RaftCluster{spec: spec, cutOff: make([]atomic.Bool, n), proxies: make([][]*faultproxy.Proxy, n)}
	defer func() {
		if err != nil {
			c.Close()
		}
	}()
	for i := range n {
		c.addrs = append(c.addrs, fmt.Sprintf("127.0.0.1:%d", ports[i]))
	}
	for i := range n {
		c.proxies[i] = make([]*faultproxy.Proxy, n)
		for j := range n {
			if i == j {
				continue
			}
			from, to := i, j
			p, err := faultproxy.New(c.addrs[j], faultproxy.Config{Plan: func(int) faultproxy.Mode {
				if c.cutOff[from].Load() || c.cutOff[to].Load() {
					return faultproxy.Blackhole // a partition drops packets: the caller waits for its own timeout
				}
				return faultproxy.Pass
			}})
			if err != nil {
				return nil, fmt.Errorf("chaos: proxy %d→%d: %w", i, j, err)
			}
			c.proxies[i][j] = p
		}
	}
	for i := range n {
		peers := make([]string, n)
		for j := range n {
			peers[j] = c.addrs[j]
			if j != i {
				peers[j] = c.proxies[i][j].Addr()
			}
		}
		p := &proc{name: spec.Bin, log: filepath.Join(dir, fmt.Sprintf("node%d.log", i)),
			args: spec.Args(i, c.addrs[i], peers, filepath.Join(dir, fmt.Sprintf("node%d", i)))}
		c.procs = append(c.procs, p)
		if err := p.start(); err != nil {
			return nil, err
		}
	}
	wctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := waitFor(wctx, "a leader among the nodes (logs: "+dir+")", func(ctx context.Context) bool {
		_, ok := c.Leader(ctx)
		return ok
	}); err != nil {
		return nil, err
	}
	return c, nil
}

// Name implements Cluster.
func (c *RaftCluster) Name() string { return "raft" }

// Size implements Cluster.
func (c *RaftCluster) Size() int { return len(c.procs) }

// Addrs returns the nodes' client addresses.
func (c *RaftCluster) Addrs() []string { return c.addrs }

// Dial implements Cluster.
func (c *RaftCluster) Dial(i int) (KV, error) { return c.spec.Dial(c.addrs, i) }

// Leader implements Cluster: the first running node that says it leads.
func (c *RaftCluster) Leader(ctx context.Context) (int, bool) {
	for i, p := range c.procs {
		if !p.running() || c.paused(i) {
			continue
		}
		qctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
		ok, err := c.spec.IsLeader(qctx, c.addrs[i])
		cancel()
		if err == nil && ok && !c.cutOff[i].Load() {
			return i, true
		}
	}
	return 0, false
}

func (c *RaftCluster) paused(i int) bool {
	p := c.procs[i]
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.paused
}

// Kill implements Cluster.
func (c *RaftCluster) Kill(i int) error { return c.procs[i].kill() }

// Restart implements Cluster.
func (c *RaftCluster) Restart(i int) error { return c.procs[i].start() }

// Pause implements Cluster.
func (c *RaftCluster) Pause(i int) error { return c.procs[i].signal(sigStop) }

// Resume implements Cluster.
func (c *RaftCluster) Resume(i int) error { return c.procs[i].signal(sigCont) }

// Isolate implements Cluster: every link to and from node i drops its
// traffic; connections open through them are cut.
func (c *RaftCluster) Isolate(i int) error {
	c.cutOff[i].Store(true)
	c.cutLinks(i)
	return nil
}

// Heal implements Cluster: every link passes again; the connections held in
// the black hole are released.
func (c *RaftCluster) Heal() error {
	for i := range c.cutOff {
		if c.cutOff[i].Swap(false) {
			c.cutLinks(i)
		}
	}
	return nil
}

func (c *RaftCluster) cutLinks(i int) {
	for j := range c.procs {
		if j != i {
			c.proxies[i][j].CutAll()
			c.proxies[j][i].CutAll()
		}
	}
}

// Close implements Cluster.
func (c *RaftCluster) Close() error {
	var errs []error
	for _, p := range c.procs {
		if p.running() {
			_ = p.signal(sigCont)
		}
		errs = append(errs, p.kill())
	}
	for _, row := range c.proxies {
		for _, p := range row {
			if p != nil {
				errs = append(errs, p.Close())
			}
		}
	}
	return errors.Join(errs...)
}

// KVNodePackage is the node command study chaos builds.
const KVNodePackage = "./phase3-raft/cmd/kvnode"

// KVNode is how to run and reach cmd/kvnode.
func KVNode(bin string) NodeSpec {
	return NodeSpec{Bin: bin,
		Args: func(i int, listen string, peers []string, dataDir string) []string {
			return []string{"--id", fmt.Sprint(i), "--listen", listen, "--peers", strings.Join(peers, ","), "--data", dataDir}
		},
		Dial: func(addrs []string, i int) (KV, error) {
			// Each client starts with a different node first, as etcd's do.
			rot := append(append([]string(nil), addrs[i%len(addrs):]...), addrs[:i%len(addrs)]...)
			return kvclient.New(rot, kvclient.Options{}), nil
		},
		IsLeader: func(ctx context.Context, addr string) (bool, error) {
			st, err := kvclient.Status(ctx, addr)
			return st.Leader, err
		},
	}
}
