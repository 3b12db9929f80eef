// Provided — no need to edit.

package kvraft

// Err is the outcome of an RPC, sent in every reply.
type Err string

// The outcomes a server may answer with.
const (
	// OK means the operation was committed in the Raft log and applied.
	OK Err = "OK"
	// ErrNoKey answers a Get of a key that has no value; the Clerk returns "".
	ErrNoKey Err = "ErrNoKey"
	// ErrWrongLeader means "not done here, try another server": this server is not the leader,
	// or it was when it took the request but the entry lost its place in the log.
	ErrWrongLeader Err = "ErrWrongLeader"
)

// GetArgs asks for the value of Key. ClientID and Seq identify the request (see PutAppendArgs).
type GetArgs struct {
	Key      string
	ClientID int64
	Seq      int64
}

// GetReply answers a Get.
type GetReply struct {
	Err   Err
	Value string
}

// PutAppendArgs asks to replace (Op "Put") or extend (Op "Append") the value of Key. ClientID names
// the Clerk and Seq numbers its requests 1, 2, 3, …: a retried request carries the same pair, so
// a server can tell a retry from a new request and apply each request at most once.
type PutAppendArgs struct {
	Key      string
	Value    string
	Op       string // "Put" or "Append"
	ClientID int64
	Seq      int64
}

// PutAppendReply answers a Put or an Append.
type PutAppendReply struct {
	Err Err
}
