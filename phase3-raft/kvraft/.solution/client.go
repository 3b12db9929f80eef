package kvraft

import (
	"math/rand/v2"
	"time"

	"dsweekends/phase3-raft/raftapi"
)

// retryPause is how long a Clerk waits after a round of servers in which none could answer
// (usually: an election is under way), before it tries them all again.
const retryPause = 100 * time.Millisecond

// Clerk is the client library of the key/value service. A program calls one operation at a time
// on a Clerk; each operation returns only when the service has applied it.
type Clerk struct {
	servers  []raftapi.ClientEnd
	clientID int64 // random: two Clerks never share it, so their sequence numbers never mix
	seq      int64 // the sequence number of the last request; each new one takes the next
	leader   int   // the server that answered last: most likely still the leader
}

// MakeClerk returns a Clerk that calls the servers through the given ends, one per server.
func MakeClerk(servers []raftapi.ClientEnd) *Clerk {
	return &Clerk{servers: servers, clientID: rand.Int64()}
}

// Get returns the current value of key, or "" if it has none. It keeps trying, server after
// server, until one answers OK or ErrNoKey.
func (ck *Clerk) Get(key string) string {
	ck.seq++
	args := GetArgs{Key: key, ClientID: ck.clientID, Seq: ck.seq}
	var value string
	ck.untilDone(func(server raftapi.ClientEnd) bool {
		var reply GetReply // fresh for every call: gob leaves stale fields in a reused reply
		if !server.Call("KVServer.Get", &args, &reply) {
			return false
		}
		value = reply.Value
		return reply.Err == OK || reply.Err == ErrNoKey
	})
	return value
}

// Put sets the value of key. It keeps trying until a server answers OK; a retried request
// carries the same client ID and sequence number, so it is applied at most once.
func (ck *Clerk) Put(key, value string) { ck.putAppend(key, value, "Put") }

// Append adds value to the end of key's value (an absent key counts as ""). It keeps trying
// until a server answers OK and is applied exactly once, however often it was retried.
func (ck *Clerk) Append(key, value string) { ck.putAppend(key, value, "Append") }

func (ck *Clerk) putAppend(key, value, op string) {
	ck.seq++ // once per request, never per retry: a retry must look like the same request
	args := PutAppendArgs{Key: key, Value: value, Op: op, ClientID: ck.clientID, Seq: ck.seq}
	ck.untilDone(func(server raftapi.ClientEnd) bool {
		var reply PutAppendReply
		return server.Call("KVServer.PutAppend", &args, &reply) && reply.Err == OK
	})
}

// untilDone calls try on the servers in turn, starting with the last known leader, until one
// call succeeds, and remembers that server as the leader.
func (ck *Clerk) untilDone(try func(server raftapi.ClientEnd) bool) {
	for {
		for range ck.servers {
			if try(ck.servers[ck.leader]) {
				return
			}
			ck.leader = (ck.leader + 1) % len(ck.servers)
		}
		time.Sleep(retryPause)
	}
}
