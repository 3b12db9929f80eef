package cluster_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"dsweekends/scripts/cluster"
	"dsweekends/testkit/say"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// root is the repository root (this package is scripts/cluster).
func root(t *testing.T) string {
	t.Helper()
	r, err := filepath.Abs("../..")
	require.NoError(t, err)
	return r
}

// kvcli runs the client binary against every node.
func kvcli(t *testing.T, st *cluster.State, args ...string) (string, error) {
	t.Helper()
	full := append([]string{"--addrs", strings.Join(st.Peers(), ","), "--timeout", "10s"}, args...)
	out, err := exec.Command(st.ClientBin, full...).CombinedOutput()
	return strings.TrimSpace(string(out)), err
}

// TestReferenceClusterSurvivesLeaderKill starts three reference nodes as processes on loopback,
// writes through kvcli, kills the leader with SIGKILL, and checks that the value is still there,
// that a new write succeeds without the old leader, and that the old leader rejoins after a
// restart with the same flags and data directory.
func TestReferenceClusterSurvivesLeaderKill(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the node and runs three processes")
	}
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	st, err := cluster.Up(ctx, cluster.Options{Root: root(t), Dir: dir, Nodes: 3, Reference: true})
	t.Cleanup(func() {
		if _, err := cluster.Down(dir); err != nil {
			t.Errorf("down: %v", err)
		}
		if t.Failed() {
			for i := range 3 {
				b, _ := os.ReadFile(filepath.Join(dir, "node"+string(rune('0'+i))+".log"))
				t.Logf("node%d.log:\n%s", i, b)
			}
		}
	})
	require.NoError(t, err, say.T("study cluster up 가 세 노드를 띄우고 리더를 뽑아야 합니다", "cluster up must start three nodes and see a leader"))

	out, err := kvcli(t, st, "put", "k", "v1")
	require.NoError(t, err, "kvcli put: %s", out)
	out, err = kvcli(t, st, "append", "k", "+v2")
	require.NoError(t, err, "kvcli append: %s", out)

	leader, err := cluster.WaitLeader(ctx, st)
	require.NoError(t, err)
	require.NoError(t, syscall.Kill(st.Nodes[leader].PID, syscall.SIGKILL))

	out, err = kvcli(t, st, "get", "k")
	require.NoError(t, err, "kvcli get after the leader's kill -9: %s", out)
	require.Equal(t, "v1+v2", out, say.T("리더를 kill -9 한 뒤에도 커밋된 값은 남아 있어야 합니다",
		"a committed value must survive a kill -9 of the leader"))
	out, err = kvcli(t, st, "put", "after", "kill")
	require.NoError(t, err, say.T("남은 두 노드(과반)가 새 쓰기를 받아야 합니다: %s", "the two nodes left (a majority) must accept a write: %s"), out)

	st, err = cluster.Restart(dir, leader)
	require.NoError(t, err)
	_, err = cluster.WaitLeader(ctx, st)
	require.NoError(t, err, say.T("재시작한 노드가 상태 RPC에 답해야 합니다", "the restarted node must answer its status"))
	// The restarted node catches up: its status shows the entries it missed.
	require.Eventually(t, func() bool {
		for _, r := range cluster.Status(ctx, st) {
			if r.ID == leader {
				return r.Status != nil && r.Status.Commit >= 3
			}
		}
		return false
	}, 15*time.Second, 100*time.Millisecond, say.T("재시작한 옛 리더가 놓친 엔트리를 따라잡아야 합니다(commit ≥ 3)",
		"the restarted old leader must catch up with the entries it missed (commit ≥ 3)"))
	out, err = kvcli(t, st, "get", "after")
	require.NoError(t, err, out)
	require.Equal(t, "kill", out)
}
