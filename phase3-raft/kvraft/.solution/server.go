package kvraft

import (
	"bytes"
	"encoding/gob"
	"sync"
	"sync/atomic"
	"time"

	"dsweekends/phase3-raft/raft"
	"dsweekends/phase3-raft/raftapi"
)

// Op is the command a KVServer puts in the Raft log: one client request.
type Op struct {
	Kind     string // "Get", "Put" or "Append"
	Key      string
	Value    string
	ClientID int64 // with Seq, names the request: a retry carries the same pair
	Seq      int64
}

// Timing of a handler waiting for its entry.
const (
	// checkInterval is how often a waiting handler checks that its leader still holds its term.
	checkInterval = 20 * time.Millisecond
	// maxWait is the longest a handler waits for its entry before telling the Clerk to retry
	// (which it then does with the same request, so nothing is applied twice).
	maxWait = 2 * time.Second
)

// applied is what the applier tells a handler waiting at an index: which op was applied there
// and, for a Get, the value it read.
type applied struct {
	op    Op
	value string
}

// KVServer is one replica of the key/value service. Its exported methods Get and PutAppend are
// RPC handlers, called by Clerks through the network.
type KVServer struct {
	me           int
	rf           *raft.Raft
	applyCh      chan raftapi.ApplyMsg
	persister    raftapi.Persister
	maxraftstate int // snapshot when the Raft state grows past this many bytes; -1: never

	dead atomic.Bool
	done chan struct{} // closed by Kill: the applier and the waiting handlers stop

	mu          sync.Mutex
	data        map[string]string
	lastSeq     map[int64]int64 // the highest Seq applied per client: the duplicate table
	lastApplied int             // the index of the last entry (or snapshot) applied
	waiting     map[int]chan applied
}

// StartKVServer starts server me of a group: its Raft peer (reaching the others through servers),
// and the goroutine that applies committed operations. persister holds what the server saved
// before it crashed: restore the key/value state from its snapshot. maxraftstate is the size in
// bytes of persisted Raft state at which the server hands Raft a snapshot (-1: never).
func StartKVServer(servers []raftapi.ClientEnd, me int, persister raftapi.Persister, maxraftstate int) *KVServer {
	gob.Register(Op{})
	kv := &KVServer{me: me, persister: persister, maxraftstate: maxraftstate}
	kv.applyCh = make(chan raftapi.ApplyMsg)
	kv.done = make(chan struct{})
	kv.data = map[string]string{}
	kv.lastSeq = map[int64]int64{}
	kv.waiting = map[int]chan applied{}
	// Restore before Raft starts sending: Raft sends only entries after its snapshot.
	kv.restore(persister.ReadSnapshot())
	kv.rf = raft.Make(servers, me, persister, kv.applyCh)
	go kv.applier()
	return kv
}

// Raft returns the server's Raft peer.
func (kv *KVServer) Raft() *raft.Raft { return kv.rf }

// Get is the RPC handler for Clerk.Get: it puts the request in the Raft log and answers with the
// value once the entry has been committed and applied, or ErrWrongLeader.
//
// A Get goes through the log like a write. A leader that answered from its own map could have
// lost its leadership without knowing (cut off in a minority) and return a stale value.
func (kv *KVServer) Get(args *GetArgs, reply *GetReply) {
	err, value := kv.submit(Op{Kind: "Get", Key: args.Key, ClientID: args.ClientID, Seq: args.Seq})
	reply.Err, reply.Value = err, value
	if err == OK && value == "" {
		reply.Err = ErrNoKey
	}
}

// PutAppend is the RPC handler for Clerk.Put and Clerk.Append: it puts the request in the Raft
// log and answers OK once the entry has been committed and applied, or ErrWrongLeader.
func (kv *KVServer) PutAppend(args *PutAppendArgs, reply *PutAppendReply) {
	reply.Err, _ = kv.submit(Op{Kind: args.Op, Key: args.Key, Value: args.Value, ClientID: args.ClientID, Seq: args.Seq})
}

// submit starts op in the Raft log and waits until the entry at its index is applied. It answers
// OK only if that entry is op itself: another entry at the index means a new leader overwrote
// ours, and a change of term means it may never commit, so the Clerk must retry elsewhere.
func (kv *KVServer) submit(op Op) (Err, string) {
	index, term, isLeader := kv.rf.Start(op)
	if !isLeader {
		return ErrWrongLeader, ""
	}
	ch := make(chan applied, 1) // buffered: the applier never waits for a handler
	kv.mu.Lock()
	kv.waiting[index] = ch
	kv.mu.Unlock()
	defer func() {
		kv.mu.Lock()
		if kv.waiting[index] == ch {
			delete(kv.waiting, index)
		}
		kv.mu.Unlock()
	}()

	tick := time.NewTicker(checkInterval)
	defer tick.Stop()
	deadline := time.After(maxWait)
	for {
		select {
		case a := <-ch:
			if a.op.ClientID != op.ClientID || a.op.Seq != op.Seq {
				return ErrWrongLeader, "" // a different entry took our index
			}
			return OK, a.value
		case <-tick.C:
			if cur, _ := kv.rf.GetState(); cur != term {
				return ErrWrongLeader, "" // our term is over: the entry may never commit
			}
		case <-deadline:
			return ErrWrongLeader, ""
		case <-kv.done:
			return ErrWrongLeader, ""
		}
	}
}

// applier applies committed entries and installed snapshots, in log order, until Kill.
func (kv *KVServer) applier() {
	for {
		select {
		case m := <-kv.applyCh:
			kv.apply(m)
		case <-kv.done:
			kv.drain()
			return
		}
	}
}

// drain receives what a killed Raft peer may still be sending: it checks that it was killed
// only before each send, so one send can be under way. Nothing arrives after that.
func (kv *KVServer) drain() {
	for {
		select {
		case <-kv.applyCh:
		case <-time.After(200 * time.Millisecond):
			return
		}
	}
}

// apply applies one ApplyMsg and wakes the handler waiting at its index.
func (kv *KVServer) apply(m raftapi.ApplyMsg) {
	kv.mu.Lock()
	defer kv.mu.Unlock()
	if m.SnapshotValid {
		if m.SnapshotIndex > kv.lastApplied {
			kv.restore(m.Snapshot)
			kv.lastApplied = m.SnapshotIndex
		}
		return
	}
	if !m.CommandValid || m.CommandIndex <= kv.lastApplied {
		return // already covered by a snapshot
	}
	kv.lastApplied = m.CommandIndex
	op := m.Command.(Op)
	a := applied{op: op}
	switch {
	case op.Kind == "Get":
		a.value = kv.data[op.Key]
	case op.Seq <= kv.lastSeq[op.ClientID]:
		// A retry of a request already applied: at most once, so do nothing again.
	default:
		if op.Kind == "Put" {
			kv.data[op.Key] = op.Value
		} else {
			kv.data[op.Key] += op.Value
		}
		kv.lastSeq[op.ClientID] = op.Seq
	}
	if ch, ok := kv.waiting[m.CommandIndex]; ok {
		ch <- a
		delete(kv.waiting, m.CommandIndex)
	}
	if kv.maxraftstate >= 0 && kv.rf.PersistBytes() >= kv.maxraftstate {
		kv.rf.Snapshot(m.CommandIndex, kv.encode())
	}
}

// encode is the snapshot: the key/value map and the duplicate table. Without the table, a server
// restored from a snapshot would apply a retried request a second time.
func (kv *KVServer) encode() []byte {
	var buf bytes.Buffer
	enc := gob.NewEncoder(&buf)
	if err := enc.Encode(kv.data); err != nil {
		panic(err) // a map of strings always encodes
	}
	if err := enc.Encode(kv.lastSeq); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// restore replaces the state with a snapshot made by encode; an empty snapshot changes nothing.
func (kv *KVServer) restore(snapshot []byte) {
	if len(snapshot) == 0 {
		return
	}
	data, lastSeq := map[string]string{}, map[int64]int64{}
	dec := gob.NewDecoder(bytes.NewReader(snapshot))
	if dec.Decode(&data) != nil || dec.Decode(&lastSeq) != nil {
		panic("kvraft: cannot decode a snapshot this server wrote")
	}
	kv.data, kv.lastSeq = data, lastSeq
}

// Kill stops the server and its Raft peer. Handlers still waiting for an entry return.
func (kv *KVServer) Kill() {
	if kv.dead.Swap(true) {
		return
	}
	kv.rf.Kill()
	close(kv.done)
}
