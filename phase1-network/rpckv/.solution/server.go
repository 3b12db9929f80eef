package rpckv

import (
	"context"
	"fmt"
	"net"
	"net/rpc"
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
	return &KV{data: make(map[string]string), dups: NewTable()}
}

// Get stores the value of args.Key in reply.Value ("" if the key is missing).
// Get changes nothing, so running it twice is harmless: it needs no tag.
func (kv *KV) Get(args *GetArgs, reply *GetReply) error {
	kv.mu.Lock()
	defer kv.mu.Unlock()
	reply.Value = kv.data[args.Key]
	return nil
}

// Put sets args.Key to args.Value. It runs through the duplicate table:
// kv.dups.Apply(args.Client, args.Seq, op) with kv.mu held.
func (kv *KV) Put(args *PutArgs, reply *PutReply) error {
	kv.mu.Lock()
	defer kv.mu.Unlock()
	kv.dups.Apply(args.Client, args.Seq, func() string {
		kv.data[args.Key] = args.Value
		return ""
	})
	return nil
}

// Append adds args.Value to the end of the value of args.Key and stores the
// value it had before in reply.Old. Like Put, it runs through
// kv.dups.Apply with kv.mu held, and reply.Old is what Apply returns.
func (kv *KV) Append(args *AppendArgs, reply *AppendReply) error {
	kv.mu.Lock()
	defer kv.mu.Unlock()
	// The check in the table and the change to the map happen under one
	// lock: two copies of the same request can never both pass the check.
	reply.Old = kv.dups.Apply(args.Client, args.Seq, func() string {
		old := kv.data[args.Key]
		kv.data[args.Key] = old + args.Value
		return old
	})
	return nil
}

// Clients returns the number of entries in the duplicate table.
func (kv *KV) Clients() int {
	kv.mu.Lock()
	defer kv.mu.Unlock()
	return kv.dups.Len()
}

// Serve registers kv with a new rpc.Server under ServiceName and serves every
// connection accepted on l, each on its own goroutine, until ctx is
// cancelled. Then it closes l and every open connection, waits for the
// connection goroutines to return, and returns nil. If Accept fails before
// that, Serve returns the error (after the same cleanup).
func Serve(ctx context.Context, l net.Listener, kv *KV) error {
	srv := rpc.NewServer()
	if err := srv.RegisterName(ServiceName, kv); err != nil {
		return fmt.Errorf("rpckv: register: %w", err)
	}

	var (
		mu    sync.Mutex
		conns = make(map[net.Conn]struct{})
		wg    sync.WaitGroup
	)
	// Cancelling ctx closes the listener, which ends the Accept below.
	stop := context.AfterFunc(ctx, func() { l.Close() })
	defer stop()
	defer func() {
		mu.Lock()
		for c := range conns {
			c.Close() // ServeConn returns when its connection is closed
		}
		mu.Unlock()
		wg.Wait()
	}()

	for {
		conn, err := l.Accept()
		if err != nil {
			if ctx.Err() != nil {
				return nil // the listener was closed because ctx ended
			}
			return fmt.Errorf("rpckv: accept: %w", err)
		}
		mu.Lock()
		conns[conn] = struct{}{}
		mu.Unlock()
		wg.Add(1)
		// One goroutine per connection: a slow or idle client never holds
		// up the others. ServeConn itself runs each call on its own goroutine.
		go func() {
			defer wg.Done()
			srv.ServeConn(conn) // returns on EOF, a broken connection or garbage
			mu.Lock()
			delete(conns, conn)
			mu.Unlock()
		}()
	}
}
