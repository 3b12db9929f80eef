package rpckv

import (
	"context"
	"errors"
	"net"
	"sync"
)

// KV is the key/value server. Its exported methods Get, Put and Append are
// the RPC methods (registered as ServiceName); they are called from many
// goroutines at once.
type KV struct {
	mu   sync.Mutex        // guards data and dups
	data map[string]string // the store
	dups *Table            // the duplicate table (weekend 4)
}

// NewKV returns an empty server.
func NewKV() *KV {
	// TODO(weekend 3): make the map and the duplicate table (NewTable).
	return &KV{}
}

// Get stores the value of args.Key in reply.Value ("" if the key is missing).
func (kv *KV) Get(args *GetArgs, reply *GetReply) error {
	// TODO(weekend 3): read the map under kv.mu.
	return errors.New("rpckv: Get not implemented")
}

// Put sets args.Key to args.Value. It runs through the duplicate table:
// kv.dups.Apply(args.Client, args.Seq, op) with kv.mu held.
func (kv *KV) Put(args *PutArgs, reply *PutReply) error {
	// TODO(weekend 3): under kv.mu, call kv.dups.Apply with an op that sets the key.
	return errors.New("rpckv: Put not implemented")
}

// Append adds args.Value to the end of the value of args.Key and stores the
// value it had before in reply.Old. Like Put, it runs through
// kv.dups.Apply with kv.mu held, and reply.Old is what Apply returns.
func (kv *KV) Append(args *AppendArgs, reply *AppendReply) error {
	// TODO(weekend 3): under kv.mu, reply.Old = kv.dups.Apply(..., op) where op appends and returns the old value.
	return errors.New("rpckv: Append not implemented")
}

// Clients returns the number of entries in the duplicate table.
func (kv *KV) Clients() int {
	// TODO(weekend 3): kv.dups.Len() under kv.mu.
	return 0
}

// Serve registers kv with a new rpc.Server under ServiceName and serves every
// connection accepted on l, each on its own goroutine, until ctx is
// cancelled. Then it closes l and every open connection, waits for the
// connection goroutines to return, and returns nil. If Accept fails before
// that, Serve returns the error (after the same cleanup).
func Serve(ctx context.Context, l net.Listener, kv *KV) error {
	// TODO(weekend 3): rpc.NewServer, RegisterName, an Accept loop with
	// go srv.ServeConn(conn); track the conns to close them when ctx ends.
	return errors.New("rpckv: Serve not implemented")
}
