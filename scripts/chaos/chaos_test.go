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
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// memStore is a key/value store in memory with a lagging replica: the
// replica copies the primary only every lag-th write. A correct client reads
// the primary; a broken one reads the replica, as a follower serving reads
// without the log would.
type memStore struct {
	mu      sync.Mutex
	primary map[string]string
	replica map[string]string
	writes  int
	lag     int
}

func newMemStore(lag int) *memStore {
	return &memStore{primary: map[string]string{}, replica: map[string]string{}, lag: lag}
}

func (s *memStore) write(key, value string, add bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if add {
		value = s.primary[key] + value
	}
	s.primary[key] = value
	if s.writes++; s.writes%s.lag == 0 {
		for k, v := range s.primary {
			s.replica[k] = v
		}
	}
}

type memKV struct {
	s     *memStore
	stale bool
}

func (k memKV) Get(ctx context.Context, key string) (string, error) {
	k.s.mu.Lock()
	defer k.s.mu.Unlock()
	if k.stale {
		return k.s.replica[key], nil
	}
	return k.s.primary[key], nil
}

func (k memKV) Put(ctx context.Context, key, value string) error {
	k.s.write(key, value, false)
	return nil
}

func (k memKV) Append(ctx context.Context, key, value string) error {
	k.s.write(key, value, true)
	return nil
}

func (k memKV) Close() error { return nil }

// TestCheckerCatchesStaleReads proves the check can fail: the same load on a
// store whose Gets read a lagging replica is found not linearizable (and its
// HTML view written), while reads of the primary pass.
func TestCheckerCatchesStaleReads(t *testing.T) {
	for _, stale := range []bool{false, true} {
		s := newMemStore(7)
		h := NewHistory()
		l := Load{Clients: 4, Keys: 3, Duration: 300 * time.Millisecond, Seed: 1}
		require.NoError(t, Drive(context.Background(), l, h, func(int) (KV, error) { return memKV{s: s, stale: stale}, nil }))
		ops := h.Ops()
		require.NotEmpty(t, ops)
		html := filepath.Join(t.TempDir(), "view.html")
		v, path, err := Check(ops, 30*time.Second, html)
		require.NoError(t, err)
		if !stale {
			assert.Equal(t, Linearizable, v, "reads of the primary are linearizable (%d ops)", len(ops))
			continue
		}
		assert.Equal(t, NotLinearizable, v, "a Get served by a replica that lags behind the writes must be caught (%d ops)", len(ops))
		assert.Equal(t, html, path)
		b, err := os.ReadFile(html)
		require.NoError(t, err, "porcupine's visualisation is kept on a violation")
		assert.Contains(t, string(b), "<html")
	}
}

// TestUnknownWritesMayApplyLater: a Put whose client timed out may take
// effect at any time after its call, so a later Get seeing it is fine; a
// failed Get observed nothing and is dropped.
func TestUnknownWritesMayApplyLater(t *testing.T) {
	ops := []Op{
		{Client: 0, In: Input{Op: Put, Key: "k", Value: "a"}, Call: 0, Return: 10, OK: true},
		{Client: 1, In: Input{Op: Put, Key: "k", Value: "b"}, Out: Output{Unknown: true}, Call: 5, Return: 20},
		{Client: 2, In: Input{Op: Get, Key: "k"}, Call: 30, Return: 40, Out: Output{Value: "a"}, OK: true},
		{Client: 2, In: Input{Op: Get, Key: "k"}, Call: 50, Return: 60, Out: Output{Value: "b"}, OK: true},
		{Client: 3, In: Input{Op: Get, Key: "k"}, Call: 55, Return: 70, Out: Output{Value: "zzz"}},
	}
	v, _, err := Check(ops, 5*time.Second, "")
	require.NoError(t, err)
	assert.Equal(t, Linearizable, v)
	ops[3].Out.Value = "c" // never written
	v, _, err = Check(ops, 5*time.Second, "")
	require.NoError(t, err)
	assert.Equal(t, NotLinearizable, v)
}

func TestMeasure(t *testing.T) {
	s := int64(time.Second)
	ops := []Op{
		{In: Input{Op: Get}, Call: 0, Return: s / 10, OK: true},
		{In: Input{Op: Get}, Call: s, Return: s + s/2, OK: true},
		{In: Input{Op: Put}, Call: 2 * s, Return: 3*s + s/2},
		{In: Input{Op: Put}, Call: 3 * s, Return: 4 * s},               // cut short by the end of the run: not counted as failed
		{In: Input{Op: Put}, Call: 3 * s, Return: 3*s + s/5, OK: true}, // first success after the fault at 2.5 s
	}
	r := Measure("x", 1, 4*time.Second, ops, []Fault{{Kind: KillLeader, WasLeader: true, Start: 2*s + s/2}, {Kind: KillFollower, Start: s}})
	assert.Equal(t, 3, r.Ops)
	assert.Equal(t, 1, r.Failed)
	assert.Equal(t, []int{1, 1, 0, 1}, r.PerSecond)
	require.Len(t, r.Failover, 1, "only faults of the leader count as failovers")
	assert.Equal(t, 700*time.Millisecond, r.Failover[0].Recover)
}
