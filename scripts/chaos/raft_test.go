package chaos

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"dsweekends/scripts/cluster"
)

// cachingKV is a broken client: a Get answers from what this client last
// wrote or read of the key, when it has it, instead of asking the cluster.
type cachingKV struct {
	KV
	mu    sync.Mutex
	cache map[string]string
}

func (c *cachingKV) Get(ctx context.Context, key string) (string, error) {
	c.mu.Lock()
	v, ok := c.cache[key]
	c.mu.Unlock()
	if ok {
		return v, nil
	}
	v, err := c.KV.Get(ctx, key)
	if err == nil {
		c.mu.Lock()
		c.cache[key] = v
		c.mu.Unlock()
	}
	return v, err
}

func (c *cachingKV) Put(ctx context.Context, key, value string) error {
	err := c.KV.Put(ctx, key, value)
	if err == nil {
		c.mu.Lock()
		c.cache[key] = value
		c.mu.Unlock()
	}
	return err
}

// TestRaftUnderNemesis is the maintainers' run: the reference KV on Raft as
// three processes, eight clients, and a fault every 3-5 s (the leader killed
// and restarted, paused, cut off; a follower killed); the history must be
// linearizable and clients must succeed again after every leader fault.
// Then clients that answer Gets from their own cache run against the same
// cluster, and the check must say "not linearizable": the harness can fail.
func TestRaftUnderNemesis(t *testing.T) {
	if testing.Short() {
		t.Skip("runs three nodes for 30 s")
	}
	ctx := context.Background()
	dir := t.TempDir()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	bin, _, err := cluster.Build(ctx, root, filepath.Join(dir, "bin"), true)
	require.NoError(t, err, "building the reference kvnode")
	c, err := StartRaft(ctx, KVNode(bin), dir, 3)
	if err != nil {
		logs, _ := os.ReadFile(filepath.Join(dir, "node0.log"))
		t.Fatalf("%v\nnode0.log:\n%s", err, logs)
	}
	defer func() { assert.NoError(t, c.Close()) }()

	s := Schedule{Seed: 11, Kinds: AllFaults, MinGap: 3 * time.Second, MaxGap: 5 * time.Second, Hold: 2 * time.Second}
	res, err := Run(ctx, c, Options{Load: Load{Clients: 8, Keys: 5, Duration: 25 * time.Second, Seed: 11}, Schedule: s,
		CheckTimeout: 30 * time.Second, HTMLPath: filepath.Join(dir, "raft.html")})
	require.NoError(t, err)
	t.Logf("raft: %d ok, %d failed, %.0f ops/s, p50 %v p99 %v, faults %+v, failovers %+v, %s (%d ops checked in %v)",
		res.Ops, res.Failed, res.OpsPerSec, res.P50, res.P99, res.Faults, res.Failover, res.Verdict, res.Checked, res.CheckTook)
	assert.Equal(t, Linearizable, res.Verdict, "the reference's history under the nemesis must be linearizable; porcupine's view: %s; node logs: %s", res.HTML, dir)
	assert.GreaterOrEqual(t, len(res.Faults), 3, "a fault every 3-5 s, each held 2 s, healed by second 20 of 25")
	for _, f := range res.Faults {
		assert.Empty(t, f.Err, "fault %+v", f)
	}
	for _, f := range res.Failover {
		assert.GreaterOrEqual(t, f.Recover, time.Duration(0), "clients succeed again after %s", f.Kind)
	}

	h := NewHistory()
	l := Load{Clients: 4, Keys: 2, Duration: 3 * time.Second, Seed: 12, GetShare: 0.5, PutShare: 0.5}
	require.NoError(t, Drive(ctx, l, h, func(i int) (KV, error) {
		kv, err := c.Dial(i)
		return &cachingKV{KV: kv, cache: map[string]string{}}, err
	}))
	v, path, err := Check(h.Ops(), 30*time.Second, filepath.Join(dir, "cached.html"))
	require.NoError(t, err)
	assert.Equal(t, NotLinearizable, v, "Gets answered from a client's own cache while others write must be caught (%d ops)", len(h.Ops()))
	assert.NotEmpty(t, path, "porcupine's view is written on a violation")
}
