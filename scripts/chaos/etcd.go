package chaos

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// EtcdCluster is a 3-member etcd on loopback, run from Debian's etcd-server
// (the etcd binary on PATH), with each member's peer port behind a proxy
// that knows who is calling, so the nemesis can cut one member off.
type EtcdCluster struct {
	procs   []*proc
	clients []string // client URLs, dialled directly
	proxies []*peerProxy
	ids     []string // member IDs in hex, as etcd sends them in X-Server-From
	part    *partition
}

// EtcdAvailable reports whether an etcd binary is on PATH.
func EtcdAvailable() bool {
	_, err := exec.LookPath("etcd")
	return err == nil
}

// StartEtcd starts an n-member etcd cluster with data and logs under dir,
// with etcd's default timeouts, and waits until it has a leader.
func StartEtcd(ctx context.Context, dir string, n int) (_ *EtcdCluster, err error) {
	bin, err := exec.LookPath("etcd")
	if err != nil {
		return nil, fmt.Errorf("chaos: etcd is not installed (apt-get install etcd-server): %w", err)
	}
	ports, err := freePorts(2 * n)
	if err != nil {
		return nil, err
	}
	c := &EtcdCluster{part: newPartition(n)}
	defer func() {
		if err != nil {
			c.Close()
		}
	}()
	var initial []string
	for i := range n {
		pp, err := newPeerProxy(i, fmt.Sprintf("127.0.0.1:%d", ports[n+i]), c.part)
		if err != nil {
			return nil, err
		}
		c.proxies = append(c.proxies, pp)
		initial = append(initial, fmt.Sprintf("m%d=http://%s", i, pp.addr()))
	}
	token := fmt.Sprintf("chaos-%d", time.Now().UnixNano())
	for i := range n {
		client := fmt.Sprintf("http://127.0.0.1:%d", ports[i])
		c.clients = append(c.clients, client)
		p := &proc{name: bin, log: filepath.Join(dir, fmt.Sprintf("etcd-m%d.log", i)), args: []string{
			"--name", fmt.Sprintf("m%d", i),
			"--data-dir", filepath.Join(dir, fmt.Sprintf("m%d", i)),
			"--listen-client-urls", client, "--advertise-client-urls", client,
			"--listen-peer-urls", fmt.Sprintf("http://127.0.0.1:%d", ports[n+i]),
			"--initial-advertise-peer-urls", "http://" + c.proxies[i].addr(),
			"--initial-cluster", strings.Join(initial, ","),
			"--initial-cluster-state", "new", "--initial-cluster-token", token,
			"--logger", "zap", "--log-outputs", "stderr", "--log-level", "warn",
		}}
		c.procs = append(c.procs, p)
		if err := p.start(); err != nil {
			return nil, err
		}
	}
	wctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	c.ids = make([]string, n)
	for i := range n {
		err := waitFor(wctx, fmt.Sprintf("etcd member m%d (log: %s)", i, c.procs[i].log), func(ctx context.Context) bool {
			st, err := c.status(ctx, i)
			if err == nil {
				c.ids[i] = st.id
			}
			return err == nil && st.leader != ""
		})
		if err != nil {
			return nil, err
		}
	}
	for i, id := range c.ids {
		c.part.name(id, i)
	}
	return c, nil
}

// Name implements Cluster.
func (c *EtcdCluster) Name() string { return "etcd" }

// Size implements Cluster.
func (c *EtcdCluster) Size() int { return len(c.procs) }

type etcdStatus struct{ id, leader string }

// status asks member i for its own ID and its leader's (hex).
func (c *EtcdCluster) status(ctx context.Context, i int) (etcdStatus, error) {
	var out struct {
		Header struct {
			MemberID string `json:"member_id"`
		} `json:"header"`
		Leader string `json:"leader"`
	}
	ctx, cancel := context.WithTimeout(ctx, 500*time.Millisecond)
	defer cancel()
	if err := post(ctx, http.DefaultClient, c.clients[i]+"/v3/maintenance/status", struct{}{}, &out); err != nil {
		return etcdStatus{}, err
	}
	return etcdStatus{id: hexID(out.Header.MemberID), leader: hexID(out.Leader)}, nil
}

// hexID turns the decimal uint64 the JSON gateway shows into the hex form
// etcd uses in its peer headers.
func hexID(dec string) string {
	if dec == "" || dec == "0" {
		return ""
	}
	n, err := strconv.ParseUint(dec, 10, 64)
	if err != nil {
		return ""
	}
	return strconv.FormatUint(n, 16)
}

// Leader implements Cluster: the leader the reachable members agree on.
func (c *EtcdCluster) Leader(ctx context.Context) (int, bool) {
	for i := range c.procs {
		if !c.procs[i].running() {
			continue
		}
		st, err := c.status(ctx, i)
		if err != nil || st.leader == "" {
			continue
		}
		for j, id := range c.ids {
			if id == st.leader {
				return j, true
			}
		}
	}
	return 0, false
}

// Kill implements Cluster.
func (c *EtcdCluster) Kill(i int) error { return c.procs[i].kill() }

// Restart implements Cluster.
func (c *EtcdCluster) Restart(i int) error { return c.procs[i].start() }

// Pause implements Cluster.
func (c *EtcdCluster) Pause(i int) error { return c.procs[i].signal(sigStop) }

// Resume implements Cluster.
func (c *EtcdCluster) Resume(i int) error { return c.procs[i].signal(sigCont) }

// Isolate implements Cluster.
func (c *EtcdCluster) Isolate(i int) error {
	c.part.isolate(i)
	for _, p := range c.proxies {
		p.cut()
	}
	return nil
}

// Heal implements Cluster.
func (c *EtcdCluster) Heal() error {
	c.part.heal()
	return nil
}

// Close implements Cluster: every member is killed (continued first if
// paused) and every proxy closed.
func (c *EtcdCluster) Close() error {
	var errs []error
	for _, p := range c.procs {
		if p.running() {
			_ = p.signal(sigCont)
		}
		errs = append(errs, p.kill())
	}
	for _, p := range c.proxies {
		errs = append(errs, p.close())
	}
	return errors.Join(errs...)
}

// Dial implements Cluster: client i starts at member i mod n, over its own
// HTTP connection to etcd's JSON gateway.
func (c *EtcdCluster) Dial(i int) (KV, error) {
	tr := &http.Transport{MaxIdleConnsPerHost: 1, DialContext: (&net.Dialer{Timeout: time.Second}).DialContext}
	return &etcdKV{hc: &http.Client{Transport: tr}, eps: c.clients, cur: i % len(c.clients)}, nil
}

// etcdKV is one client of etcd's v3 JSON gateway (POST /v3/kv/...), with no
// etcd client library. Reads go to any member (etcd's ranges are
// linearizable by default); a write is retried on another member only when
// the first could not even connect, so it is never applied twice.
type etcdKV struct {
	hc  *http.Client
	eps []string
	cur int
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// call posts body to path on the current member, moving to the next member
// after a failure; retry says whether a failure that may have reached the
// member can be retried.
func (k *etcdKV) call(ctx context.Context, path string, body, out any, retry bool) error {
	for {
		err := post(ctx, k.hc, k.eps[k.cur]+path, body, out)
		if err == nil {
			return nil
		}
		k.cur = (k.cur + 1) % len(k.eps)
		var op *net.OpError
		if ctx.Err() != nil || !(retry || errors.As(err, &op) && op.Op == "dial") {
			return err
		}
	}
}

func (k *etcdKV) Get(ctx context.Context, key string) (string, error) {
	var out struct {
		Kvs []struct {
			Value string `json:"value"`
		} `json:"kvs"`
	}
	if err := k.call(ctx, "/v3/kv/range", map[string]string{"key": b64(key)}, &out, true); err != nil {
		return "", err
	}
	if len(out.Kvs) == 0 {
		return "", nil
	}
	v, err := base64.StdEncoding.DecodeString(out.Kvs[0].Value)
	return string(v), err
}

func (k *etcdKV) Put(ctx context.Context, key, value string) error {
	return k.call(ctx, "/v3/kv/put", map[string]string{"key": b64(key), "value": b64(value)}, nil, false)
}

// Append reads the value and its revision, then writes value+suffix in a
// transaction that applies only if the key has not changed since; it reads
// again when another write came first.
func (k *etcdKV) Append(ctx context.Context, key, value string) error {
	for {
		var cur struct {
			Kvs []struct {
				Value       string `json:"value"`
				ModRevision string `json:"mod_revision"`
			} `json:"kvs"`
		}
		if err := k.call(ctx, "/v3/kv/range", map[string]string{"key": b64(key)}, &cur, true); err != nil {
			return err
		}
		old, rev := "", "0"
		if len(cur.Kvs) > 0 {
			v, err := base64.StdEncoding.DecodeString(cur.Kvs[0].Value)
			if err != nil {
				return fmt.Errorf("chaos: etcd value: %w", err)
			}
			old, rev = string(v), cur.Kvs[0].ModRevision
		}
		txn := map[string]any{
			"compare": []map[string]string{{"key": b64(key), "result": "EQUAL", "target": "MOD", "mod_revision": rev}},
			"success": []map[string]any{{"request_put": map[string]string{"key": b64(key), "value": b64(old + value)}}},
		}
		var res struct {
			Succeeded bool `json:"succeeded"`
		}
		if err := k.call(ctx, "/v3/kv/txn", txn, &res, false); err != nil {
			return err
		}
		if res.Succeeded {
			return nil
		}
	}
}

func (k *etcdKV) Close() error {
	k.hc.CloseIdleConnections()
	return nil
}

// post sends body as JSON and decodes the JSON reply into out (if not nil).
func post(ctx context.Context, hc *http.Client, url string, body, out any) error {
	b, err := json.Marshal(body)
	if err != nil {
		return fmt.Errorf("chaos: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("chaos: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("chaos: %w", err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("chaos: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("chaos: %s: %s: %s", url, resp.Status, bytes.TrimSpace(raw))
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return fmt.Errorf("chaos: %s: %w", url, err)
	}
	return nil
}

// partition is which members may talk to which: blocked[i] cuts member i
// off from every other.
type partition struct {
	mu      sync.Mutex
	blocked []bool
	byID    map[string]int
}

func newPartition(n int) *partition {
	return &partition{blocked: make([]bool, n), byID: map[string]int{}}
}

func (p *partition) name(id string, i int) {
	p.mu.Lock()
	p.byID[id] = i
	p.mu.Unlock()
}

func (p *partition) isolate(i int) {
	p.mu.Lock()
	p.blocked[i] = true
	p.mu.Unlock()
}

func (p *partition) heal() {
	p.mu.Lock()
	clear(p.blocked)
	p.mu.Unlock()
}

// allowed reports whether traffic from the member with ID from (hex; ""
// when unknown) may reach member to.
func (p *partition) allowed(from string, to int) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.blocked[to] {
		return false
	}
	i, ok := p.byID[from]
	return !ok || !p.blocked[i]
}
