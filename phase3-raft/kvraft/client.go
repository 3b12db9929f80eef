package kvraft

import (
	"dsweekends/phase3-raft/raftapi"
)

// Clerk is the client library of the key/value service. A program calls one operation at a time
// on a Clerk; each operation returns only when the service has applied it.
type Clerk struct {
	servers []raftapi.ClientEnd
	// TODO(weekend 18): a client ID, the next sequence number, the server that last led.
}

// MakeClerk returns a Clerk that calls the servers through the given ends, one per server.
func MakeClerk(servers []raftapi.ClientEnd) *Clerk {
	// TODO(weekend 18): pick a random client ID.
	return &Clerk{servers: servers}
}

// Get returns the current value of key, or "" if it has none. It keeps trying, server after
// server, until one answers OK or ErrNoKey.
func (ck *Clerk) Get(key string) string {
	// TODO(weekend 18): send KVServer.Get to the last leader first; on ErrWrongLeader or a failed
	// Call, try the next server; after a round with no answer, pause briefly and start again.
	return ""
}

// Put sets the value of key. It keeps trying until a server answers OK; a retried request
// carries the same client ID and sequence number, so it is applied at most once.
func (ck *Clerk) Put(key, value string) {
	// TODO(weekend 18): send KVServer.PutAppend with Op "Put", as Get does.
}

// Append adds value to the end of key's value (an absent key counts as ""). It keeps trying
// until a server answers OK and is applied exactly once, however often it was retried.
func (ck *Clerk) Append(key, value string) {
	// TODO(weekend 18): send KVServer.PutAppend with Op "Append", as Get does.
}
