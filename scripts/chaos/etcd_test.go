package chaos

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// needEtcd skips the test when etcd is not installed, except in CI, whose
// .ci/run installs it.
func needEtcd(t *testing.T) {
	t.Helper()
	if EtcdAvailable() {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatal("etcd is not installed: .ci/run installs Debian's etcd-server")
	}
	t.Skip("etcd is not installed (apt-get install etcd-server)")
}

// TestEtcdUnderNemesis runs a short load against a 3-member etcd while the
// nemesis kills, pauses and isolates its leader, and checks the history.
// etcd is the yardstick: if this fails, the harness is wrong, not etcd.
func TestEtcdUnderNemesis(t *testing.T) {
	needEtcd(t)
	if testing.Short() {
		t.Skip("runs etcd for 20 s")
	}
	dir := t.TempDir()
	ctx := context.Background()
	c, err := StartEtcd(ctx, dir, 3)
	require.NoError(t, err)
	defer func() { assert.NoError(t, c.Close()) }()
	s := Schedule{Seed: 7, Kinds: []FaultKind{KillLeader, PauseLeader, IsolateLeader}, MinGap: 2 * time.Second, MaxGap: 3 * time.Second, Hold: 2 * time.Second}
	res, err := Run(ctx, c, Options{Load: Load{Clients: 8, Keys: 5, Duration: 20 * time.Second, Seed: 7}, Schedule: s,
		CheckTimeout: 30 * time.Second, HTMLPath: filepath.Join(dir, "etcd.html")})
	require.NoError(t, err)
	t.Logf("etcd: %d ok, %d failed, %.0f ops/s, p50 %v p99 %v, faults %+v, failovers %+v, %s (%d ops checked in %v)",
		res.Ops, res.Failed, res.OpsPerSec, res.P50, res.P99, res.Faults, res.Failover, res.Verdict, res.Checked, res.CheckTook)
	assert.NotEqual(t, NotLinearizable, res.Verdict, "etcd's history must be linearizable; view: %s", res.HTML)
	assert.Positive(t, res.Ops)
	assert.NotEmpty(t, res.Faults)
	for _, f := range res.Faults {
		assert.Empty(t, f.Err, "fault %+v", f)
	}
}
