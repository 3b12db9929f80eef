package kvraft

import (
	"encoding/gob"

	"dsweekends/phase3-raft/raft"
	"dsweekends/phase3-raft/raftapi"
)

// Op is the command a KVServer puts in the Raft log: one client request.
type Op struct {
	// TODO(weekend 18): what every server needs to apply the request, and to recognise a retry.
}

// KVServer is one replica of the key/value service. Its exported methods Get and PutAppend are
// RPC handlers, called by Clerks through the network.
type KVServer struct {
	me           int
	rf           *raft.Raft
	applyCh      chan raftapi.ApplyMsg
	persister    raftapi.Persister
	maxraftstate int // snapshot when the Raft state grows past this many bytes; -1: never

	// TODO(weekend 18): the key/value map, the latest sequence number applied per client, and
	// what the handlers waiting for their entries need.
}

// StartKVServer starts server me of a group: its Raft peer (reaching the others through servers),
// and the goroutine that applies committed operations. persister holds what the server saved
// before it crashed: restore the key/value state from its snapshot. maxraftstate is the size in
// bytes of persisted Raft state at which the server hands Raft a snapshot (-1: never).
func StartKVServer(servers []raftapi.ClientEnd, me int, persister raftapi.Persister, maxraftstate int) *KVServer {
	gob.Register(Op{})
	kv := &KVServer{me: me, persister: persister, maxraftstate: maxraftstate}
	kv.applyCh = make(chan raftapi.ApplyMsg)
	kv.rf = raft.Make(servers, me, persister, kv.applyCh)
	// TODO(weekend 18): restore from persister.ReadSnapshot(), start the applier goroutine.
	return kv
}

// Raft returns the server's Raft peer.
func (kv *KVServer) Raft() *raft.Raft { return kv.rf }

// Get is the RPC handler for Clerk.Get: it puts the request in the Raft log and answers with the
// value once the entry has been committed and applied, or ErrWrongLeader.
func (kv *KVServer) Get(args *GetArgs, reply *GetReply) {
	// TODO(weekend 18): submit an Op through kv.rf.Start and wait for it to be applied.
	reply.Err = ErrWrongLeader
}

// PutAppend is the RPC handler for Clerk.Put and Clerk.Append: it puts the request in the Raft
// log and answers OK once the entry has been committed and applied, or ErrWrongLeader.
func (kv *KVServer) PutAppend(args *PutAppendArgs, reply *PutAppendReply) {
	// TODO(weekend 18): submit an Op through kv.rf.Start and wait for it to be applied.
	reply.Err = ErrWrongLeader
}

// Kill stops the server and its Raft peer. Handlers still waiting for an entry must return.
func (kv *KVServer) Kill() {
	kv.rf.Kill()
	// TODO(weekend 18): stop the applier; wake the waiting handlers.
}
