package rpckv

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"net/rpc"
	"sync"
	"time"
)

// Clerk is a client that retries every operation until it gets an answer
// or its context ends, like the Clerk of MIT's key/value lab. It tags each
// Put and Append with its own client ID and the next sequence number, so
// the server's duplicate table runs each one once even when the Clerk
// sends it again. A Clerk runs one operation at a time; concurrent calls
// wait their turn.
type Clerk struct {
	dial DialFunc
	id   int64

	mu  sync.Mutex // held for a whole operation: one at a time, in Seq order
	seq int64
	c   *Client // nil until connected, and again after a failure
}

// NewClerk returns a Clerk with a fresh random non-zero ID that connects
// with dial (lazily, and again after each failure).
func NewClerk(dial DialFunc) *Clerk {
	return &Clerk{dial: dial, id: rand.Int64N(math.MaxInt64-1) + 1}
}

// Get returns the value of key, retrying until it gets an answer. It fails
// only when ctx ends (the error wraps ctx.Err()) or the server answers with
// an error (rpc.ServerError), which is returned as is.
func (ck *Clerk) Get(ctx context.Context, key string) (string, error) {
	ck.mu.Lock()
	defer ck.mu.Unlock()
	reply, err := retry[GetReply](ctx, ck, ServiceName+".Get", &GetArgs{Key: key})
	return reply.Value, err
}

// Put sets key to value, exactly once, retrying like Get.
func (ck *Clerk) Put(ctx context.Context, key, value string) error {
	ck.mu.Lock()
	defer ck.mu.Unlock()
	ck.seq++
	args := &PutArgs{Key: key, Value: value, Client: ck.id, Seq: ck.seq}
	_, err := retry[PutReply](ctx, ck, ServiceName+".Put", args)
	return err
}

// Append adds value to key's value exactly once, retrying like Get, and
// returns the value before this append.
func (ck *Clerk) Append(ctx context.Context, key, value string) (string, error) {
	ck.mu.Lock()
	defer ck.mu.Unlock()
	ck.seq++ // one new Seq per operation, the same one for all its retries
	args := &AppendArgs{Key: key, Value: value, Client: ck.id, Seq: ck.seq}
	reply, err := retry[AppendReply](ctx, ck, ServiceName+".Append", args)
	return reply.Old, err
}

// retry sends the call until an attempt gets an answer. ck.mu is held.
// Each attempt decodes into a fresh reply: a failed attempt's connection
// may still be writing into its own.
func retry[R any](ctx context.Context, ck *Clerk, method string, args any) (R, error) {
	for {
		var reply R
		err := ck.attempt(ctx, method, args, &reply)
		if err == nil {
			return reply, nil
		}
		if se := rpc.ServerError(""); errors.As(err, &se) {
			return *new(R), err // the server answered: sending it again changes nothing
		}
		t := time.NewTimer(RetryPause)
		select {
		case <-ctx.Done():
			t.Stop()
			return *new(R), fmt.Errorf("rpckv: %s gave up: %w (last error: %v)", method, ctx.Err(), err)
		case <-t.C:
		}
	}
}

// attempt makes one try on the current connection, dialling first if there
// is none, and drops the connection when the try fails: after a lost
// request or reply, the connection is no use.
func (ck *Clerk) attempt(ctx context.Context, method string, args, reply any) error {
	if ck.c == nil {
		c, err := Dial(ctx, ck.dial)
		if err != nil {
			return err
		}
		ck.c = c
	}
	err := ck.c.Call(ctx, method, args, reply)
	if err != nil {
		if se := rpc.ServerError(""); !errors.As(err, &se) {
			ck.c.Close()
			ck.c = nil
		}
	}
	return err
}

// Close closes the Clerk's connection, if any.
func (ck *Clerk) Close() error {
	ck.mu.Lock()
	defer ck.mu.Unlock()
	if ck.c == nil {
		return nil
	}
	err := ck.c.Close()
	ck.c = nil
	return err
}
