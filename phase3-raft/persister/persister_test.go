package persister_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"dsweekends/phase3-raft/persister"
)

func TestNewPersisterIsEmpty(t *testing.T) {
	for name, p := range map[string]*persister.Persister{"New()": persister.New(), "zero value": {}} {
		t.Run(name, func(t *testing.T) {
			assert.Empty(t, p.ReadRaftState(), "a fresh Persister has no Raft state")
			assert.Empty(t, p.ReadSnapshot(), "a fresh Persister has no snapshot")
			assert.Zero(t, p.RaftStateSize())
			assert.Zero(t, p.SnapshotSize())
		})
	}
}

func TestSaveStoresBothTogether(t *testing.T) {
	p := persister.New()
	p.Save([]byte("state-1"), []byte("snap-1"))
	p.Save([]byte("state-22"), nil)

	assert.Equal(t, []byte("state-22"), p.ReadRaftState(), "Save replaces the Raft state")
	assert.Empty(t, p.ReadSnapshot(), "Save replaces the snapshot too, even with nil")
	assert.Equal(t, 8, p.RaftStateSize())
	assert.Equal(t, 0, p.SnapshotSize())
}

func TestSaveCopiesItsInputs(t *testing.T) {
	p := persister.New()
	state, snap := []byte("state"), []byte("snap")
	p.Save(state, snap)
	state[0], snap[0] = 'X', 'X'

	assert.Equal(t, []byte("state"), p.ReadRaftState(), "mutating the slice after Save must not change the stored state")
	assert.Equal(t, []byte("snap"), p.ReadSnapshot(), "mutating the slice after Save must not change the stored snapshot")
}

func TestReadReturnsCopies(t *testing.T) {
	p := persister.New()
	p.Save([]byte("state"), []byte("snap"))
	p.ReadRaftState()[0] = 'X'
	p.ReadSnapshot()[0] = 'X'

	assert.Equal(t, []byte("state"), p.ReadRaftState(), "mutating what ReadRaftState returned must not change the stored state")
	assert.Equal(t, []byte("snap"), p.ReadSnapshot(), "mutating what ReadSnapshot returned must not change the stored snapshot")
}

func TestCopyIsIndependent(t *testing.T) {
	original := persister.New()
	original.Save([]byte("old-state"), []byte("old-snap"))
	clone := original.Copy()

	require.Equal(t, []byte("old-state"), clone.ReadRaftState(), "Copy holds the same state")
	require.Equal(t, []byte("old-snap"), clone.ReadSnapshot(), "Copy holds the same snapshot")

	original.Save([]byte("crashed peer writes"), nil)
	assert.Equal(t, []byte("old-state"), clone.ReadRaftState(), "saving to the original must not change the copy")

	clone.Save([]byte("restarted peer writes"), []byte("s"))
	assert.Equal(t, []byte("crashed peer writes"), original.ReadRaftState(), "saving to the copy must not change the original")
}

func TestConcurrentUse(t *testing.T) {
	// Run with -race: every method takes the lock. Each Save writes a state and a snapshot with
	// the same suffix, so a reader that ever sees them from different Saves caught a torn write.
	p := persister.New()
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 200 {
				tag := fmt.Sprintf("%d-%d", w, i)
				p.Save([]byte("state-"+tag), []byte("snap-"+tag))
			}
		})
	}
	for range 4 {
		wg.Go(func() {
			for range 200 {
				c := p.Copy()
				state, snap := c.ReadRaftState(), c.ReadSnapshot()
				if len(state) > 0 {
					assert.Equal(t, string(state[len("state-"):]), string(snap[len("snap-"):]),
						"Save must store state and snapshot atomically")
				}
				_ = p.RaftStateSize() + p.SnapshotSize()
			}
		})
	}
	wg.Wait()
}
