package rafttest_test

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"dsweekends/phase3-raft/raftapi"
	"dsweekends/phase3-raft/rafttest"
	"dsweekends/phase3-raft/rafttest/internal/demoraft"
)

// These tests prove that a broken peer makes the checks fail with their teaching messages. The
// checks are given a recordingTB, which records failures instead of failing the real test.

// recordingTB is a testing.TB that records Error and Fatal messages; Fatal ends the calling
// goroutine with runtime.Goexit, as the real one does.
type recordingTB struct {
	testing.TB
	mu   sync.Mutex
	msgs []string
}

func (r *recordingTB) Helper() {}

func (r *recordingTB) record(msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.msgs = append(r.msgs, msg)
}

func (r *recordingTB) Error(args ...any)                 { r.record(fmt.Sprint(args...)) }
func (r *recordingTB) Errorf(format string, args ...any) { r.record(fmt.Sprintf(format, args...)) }
func (r *recordingTB) Fatal(args ...any)                 { r.record(fmt.Sprint(args...)); runtime.Goexit() }
func (r *recordingTB) Fatalf(format string, args ...any) {
	r.record(fmt.Sprintf(format, args...))
	runtime.Goexit()
}
func (r *recordingTB) FailNow() { r.record("FailNow"); runtime.Goexit() }
func (r *recordingTB) Fail()    { r.record("Fail") }

func (r *recordingTB) Failed() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.msgs) > 0
}

func (r *recordingTB) messages() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.msgs, "\n")
}

// endsTest runs fn in its own goroutine and reports whether fn ended the test (Goexit) rather
// than returning.
func endsTest(fn func()) bool {
	returned := make(chan bool, 1)
	go func() {
		ok := false
		defer func() { returned <- ok }()
		fn()
		ok = true
	}()
	return !<-returned
}

func TestCheckOneLeaderFailsWhenNoPeerElects(t *testing.T) {
	rafttest.Run(t, "no leader", func(t *testing.T) {
		rec := &recordingTB{TB: t}
		c := rafttest.NewCluster(rec, 3, true, false, demoraft.MakeWith(demoraft.Options{NeverElect: true}))
		require.True(t, endsTest(func() { c.CheckOneLeader() }), "CheckOneLeader must fail the test")
		msg := rec.messages()
		require.Contains(t, msg, "expected one leader among the connected peers [0 1 2]")
		require.Contains(t, msg, "Figure 2")
		require.Contains(t, msg, "peer 0: term 0", "the message shows the terms the peers reported")
	})
}

func TestCheckNoLeaderFailsWhenALeaderIsConnected(t *testing.T) {
	rafttest.Run(t, "unexpected leader", func(t *testing.T) {
		rec := &recordingTB{TB: t}
		c := rafttest.NewCluster(rec, 3, true, false, demoraft.Make)
		leader := c.CheckOneLeader()
		require.True(t, endsTest(c.CheckNoLeader))
		require.Contains(t, rec.messages(), fmt.Sprintf("but peer %d says it leads term", leader))
	})
}

func TestOneFailsWithoutRetryWhenMajorityIsGone(t *testing.T) {
	rafttest.Run(t, "one without majority", func(t *testing.T) {
		rec := &recordingTB{TB: t}
		c := rafttest.NewCluster(rec, 3, true, false, demoraft.Make)
		leader := c.CheckOneLeader()
		c.Disconnect((leader + 1) % 3)
		c.Disconnect((leader + 2) % 3)
		require.True(t, endsTest(func() { c.One(7, 3, false) }))
		require.Contains(t, rec.messages(), "only 0 peers had applied it there (want 3)")
	})
}

// Raft is a fake peer for the apply checker: Start applies whatever index the test set, so a
// test can make it skip an index or disagree with another peer. The type must be named Raft to
// be registered as the RPC service "Raft".
type Raft struct {
	mu      sync.Mutex
	me      int
	applyCh chan<- raftapi.ApplyMsg
	applyAs func(me, index int) (int, any) // which index and command Start applies
	next    int
}

func (rf *Raft) Start(command any) (int, int, bool) {
	rf.mu.Lock()
	rf.next++
	index, cmd := rf.applyAs(rf.me, rf.next)
	rf.mu.Unlock()
	rf.applyCh <- raftapi.ApplyMsg{CommandValid: true, Command: cmd, CommandIndex: index}
	return rf.next, 1, true
}
func (rf *Raft) GetState() (int, bool) { return 1, true } // Start says it leads, so GetState agrees (Cluster.Start checks)
func (rf *Raft) Snapshot(int, []byte)  {}
func (rf *Raft) Kill()                 {}

func fakeMake(applyAs func(me, index int) (int, any)) raftapi.MakeFunc {
	return func(_ []raftapi.ClientEnd, me int, _ raftapi.Persister, applyCh chan<- raftapi.ApplyMsg) raftapi.Peer {
		return &Raft{me: me, applyCh: applyCh, applyAs: applyAs}
	}
}

func TestApplyCheckerCatchesGapsAndDisagreement(t *testing.T) {
	tests := []struct {
		name    string
		applyAs func(me, index int) (int, any)
		want    string
	}{
		{"an index may not be skipped", func(_, index int) (int, any) { return index + 1, "x" },
			"peer 0 applied index 2 after index 0: it skipped an index"},
		{"peers must apply the same command at an index", func(me, index int) (int, any) { return index, me },
			"peers disagree on the command at index 1: peer 0 applied 0, but peer 1 applied 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rafttest.Run(t, tt.name, func(t *testing.T) {
				rec := &recordingTB{TB: t}
				c := rafttest.NewCluster(rec, 2, true, false, fakeMake(tt.applyAs))
				c.Start(0, "cmd")
				time.Sleep(10 * time.Millisecond) // peer 0's applier goes first
				c.Start(1, "cmd")
				time.Sleep(10 * time.Millisecond) // let the appliers read
				require.True(t, endsTest(func() { c.NCommitted(1) }), "the next check must end the test")
				require.Contains(t, rec.messages(), tt.want)
			})
		})
	}
}

// notRaft is a peer type with the wrong name.
type notRaft struct{ Raft }

func TestMakeMustReturnARaft(t *testing.T) {
	tests := []struct {
		name string
		mk   raftapi.MakeFunc
		want string
	}{
		{"nil peer", func([]raftapi.ClientEnd, int, raftapi.Persister, chan<- raftapi.ApplyMsg) raftapi.Peer {
			return nil
		}, "Make returned nil for peer 0"},
		{"type not named Raft", func([]raftapi.ClientEnd, int, raftapi.Persister, chan<- raftapi.ApplyMsg) raftapi.Peer {
			return &notRaft{}
		}, "it must be a pointer to a type named Raft"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rafttest.Run(t, tt.name, func(t *testing.T) {
				rec := &recordingTB{TB: t}
				require.True(t, endsTest(func() { rafttest.NewCluster(rec, 3, true, false, tt.mk) }))
				require.Contains(t, rec.messages(), tt.want)
			})
		})
	}
}
