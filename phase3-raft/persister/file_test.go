package persister_test

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"dsweekends/phase3-raft/persister"
	"dsweekends/phase3-raft/raftapi"
)

var _ raftapi.Persister = (*persister.File)(nil)

func TestFileStartsEmptyAndKeepsWhatWasSaved(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "node0")
	f, err := persister.OpenFile(dir)
	require.NoError(t, err)
	assert.Empty(t, f.ReadRaftState())
	assert.Empty(t, f.ReadSnapshot())

	state, snap := []byte("term=3 vote=1 log=..."), []byte("kv snapshot")
	f.Save(state, snap)
	state[0] = 'X' // Save kept a copy
	assert.Equal(t, "term=3 vote=1 log=...", string(f.ReadRaftState()))
	assert.Equal(t, len("term=3 vote=1 log=..."), f.RaftStateSize())
	assert.Equal(t, len(snap), f.SnapshotSize())

	again, err := persister.OpenFile(dir)
	require.NoError(t, err)
	assert.Equal(t, "term=3 vote=1 log=...", string(again.ReadRaftState()), "a reopened File reads the last Save")
	assert.Equal(t, "kv snapshot", string(again.ReadSnapshot()))

	f.Save([]byte("only state"), nil)
	again, err = persister.OpenFile(dir)
	require.NoError(t, err)
	assert.Equal(t, "only state", string(again.ReadRaftState()))
	assert.Empty(t, again.ReadSnapshot(), "Save(state, nil) drops the snapshot, as the in-memory Persister does")
}

func TestFileRejectsATornOrForeignFile(t *testing.T) {
	dir := t.TempDir()
	f, err := persister.OpenFile(dir)
	require.NoError(t, err)
	f.Save(bytes.Repeat([]byte("s"), 1000), []byte("snap"))
	path := filepath.Join(dir, persister.FileName)
	whole, err := os.ReadFile(path)
	require.NoError(t, err)

	for name, data := range map[string][]byte{
		"cut short":   whole[:len(whole)/2],
		"a byte flip": flip(whole, 40),
		"not ours":    []byte("hello"),
	} {
		t.Run(name, func(t *testing.T) {
			require.NoError(t, os.WriteFile(path, data, 0o644))
			_, err := persister.OpenFile(dir)
			require.ErrorIs(t, err, persister.ErrCorrupt, "OpenFile must refuse a state file it did not write whole")
		})
	}

	// A temporary file left by a save that was killed before its rename is not the state.
	require.NoError(t, os.WriteFile(path, whole, 0o644))
	require.NoError(t, os.WriteFile(path+".tmp123", []byte("half a save"), 0o644))
	g, err := persister.OpenFile(dir)
	require.NoError(t, err)
	assert.Equal(t, "snap", string(g.ReadSnapshot()))
	_, err = os.Stat(path + ".tmp123")
	assert.ErrorIs(t, err, os.ErrNotExist, "OpenFile removes the leftover temporary file")
}

func flip(b []byte, i int) []byte {
	c := bytes.Clone(b)
	c[i] ^= 0xff
	return c
}

func TestFileConcurrentUse(t *testing.T) {
	f, err := persister.OpenFile(t.TempDir())
	require.NoError(t, err)
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			for j := range 5 {
				f.Save(record(uint64(i*10+j)), record(uint64(i*10+j)))
				_ = f.ReadRaftState()
				_ = f.SnapshotSize()
			}
		})
	}
	wg.Wait()
	n, ok := decodeRecord(f.ReadRaftState())
	require.True(t, ok)
	m, ok := decodeRecord(f.ReadSnapshot())
	require.True(t, ok)
	assert.Equal(t, n, m, "the state and the snapshot come from one Save")
}

// childEnv names the directory a re-executed test binary saves into (TestFileSaverChild).
const childEnv = "PERSISTER_KILL_CHILD_DIR"

// TestFileSurvivesKillMidSave runs a child process that saves numbered records as fast as it
// can and reports each Save that returned, kills it with SIGKILL at a random moment (nearly always
// inside a Save: the fsyncs take most of its time), and checks what OpenFile reads back: the
// state and the snapshot of one Save, never a mix, at least as new as the last Save that
// returned, and never newer than the one under way. Five kills, each continuing from the last.
//
// Records are 1 MiB so that a Save spends long enough writing for the kill to land inside the
// write: a File that wrote the state file in place (os.WriteFile) failed this test in about one
// run in three with three kills.
func TestFileSurvivesKillMidSave(t *testing.T) {
	if testing.Short() {
		t.Skip("runs child processes")
	}
	dir := t.TempDir()
	for round := range 5 {
		acked := killChildMidSave(t, dir, 5+round*3)
		f, err := persister.OpenFile(dir)
		require.NoError(t, err, "round %d: after kill -9 the state file must still read", round)
		n, ok := decodeRecord(f.ReadRaftState())
		require.True(t, ok, "round %d: the Raft state is a whole record", round)
		m, ok := decodeRecord(f.ReadSnapshot())
		require.True(t, ok, "round %d: the snapshot is a whole record", round)
		require.Equal(t, n, m, "round %d: the state and snapshot on disk come from different Saves", round)
		require.GreaterOrEqual(t, n, acked, "round %d: Save(%d) had returned, so it must survive the kill", round, acked)
		require.LessOrEqual(t, n, acked+1, "round %d: only the Save under way may be newer than the last acknowledged", round)
		t.Logf("round %d: last acknowledged %d, on disk %d", round, acked, n)
	}
}

// killChildMidSave starts the saver on dir, kills it after at least saves acknowledged Saves,
// and returns the last acknowledged record number.
func killChildMidSave(t *testing.T, dir string, saves int) uint64 {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestFileSaverChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), childEnv+"="+dir)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	cmd.Stderr = os.Stderr
	require.NoError(t, cmd.Start())
	defer func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}()
	timer := time.AfterFunc(20*time.Second, func() { _ = cmd.Process.Kill() }) // a stuck child ends the read loop
	defer timer.Stop()

	var acked uint64
	seen := 0
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		line := sc.Text()
		rest, ok := strings.CutPrefix(line, "saved ")
		if !ok {
			continue
		}
		n, err := strconv.ParseUint(rest, 10, 64)
		require.NoError(t, err, "child line %q", line)
		acked = n
		if seen++; seen >= saves {
			require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
			break
		}
	}
	require.GreaterOrEqual(t, seen, saves, "the child stopped after %d saves; want %d", seen, saves)
	_ = cmd.Wait()
	// Lines the child wrote between its last read Save and the kill still count as acknowledged.
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "saved "); ok {
			if n, err := strconv.ParseUint(rest, 10, 64); err == nil {
				acked = n
			}
		}
	}
	return acked
}

// TestFileSaverChild is the child of TestFileSurvivesKillMidSave; it does nothing in a normal run.
func TestFileSaverChild(t *testing.T) {
	dir := os.Getenv(childEnv)
	if dir == "" {
		t.Skip("the child process of TestFileSurvivesKillMidSave")
	}
	f, err := persister.OpenFile(dir)
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(3)
	}
	n, _ := decodeRecord(f.ReadRaftState())
	for {
		n++
		f.Save(record(n), record(n))
		fmt.Printf("saved %d\n", n) // unbuffered: the parent sees it as soon as Save returned
	}
}

// record is n followed by 1 MiB of filler derived from n, so a mix of two saves is visible.
func record(n uint64) []byte {
	b := binary.BigEndian.AppendUint64(nil, n)
	return append(b, bytes.Repeat([]byte{byte(n)}, 1<<20)...)
}

func decodeRecord(b []byte) (uint64, bool) {
	if len(b) == 0 {
		return 0, true
	}
	if len(b) != 8+1<<20 {
		return 0, false
	}
	n := binary.BigEndian.Uint64(b)
	return n, bytes.Equal(b[8:], bytes.Repeat([]byte{byte(n)}, 1<<20))
}
