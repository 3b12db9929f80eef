// Package kvclient is a client of a KV-on-Raft cluster of real processes (cmd/kvnode): Get, Put
// and Append with deadlines, and each node's status. It imports none of the learner's code: its
// wire types mirror kvraft's common.go field for field (gob matches fields by name), so the
// client builds even when the learner's Raft does not.
package kvclient

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"dsweekends/phase3-raft/transport"
)

// The wire types, as in kvraft/common.go.
type (
	// GetArgs mirrors kvraft.GetArgs.
	GetArgs struct {
		Key      string
		ClientID int64
		Seq      int64
	}
	// GetReply mirrors kvraft.GetReply.
	GetReply struct {
		Err   string
		Value string
	}
	// PutAppendArgs mirrors kvraft.PutAppendArgs.
	PutAppendArgs struct {
		Key      string
		Value    string
		Op       string
		ClientID int64
		Seq      int64
	}
	// PutAppendReply mirrors kvraft.PutAppendReply.
	PutAppendReply struct {
		Err string
	}
)

// The Err values a server answers with, as in kvraft/common.go.
const (
	OK             = "OK"
	ErrNoKey       = "ErrNoKey"
	ErrWrongLeader = "ErrWrongLeader"
)

// StatusArgs asks a node for its status ("Node.Status").
type StatusArgs struct {
	From string // who asks, for the node's log; may be empty
}

// NodeStatus is what a node reports about itself.
type NodeStatus struct {
	ID     int      // the node's --id
	PID    int      // its process id
	Listen string   // its --listen address
	Peers  []string // its --peers
	Data   string   // its --data directory
	Term   int      // Raft's current term (GetState)
	Leader bool     // whether Raft believes it leads (GetState)
	// LastIndex is the highest log index of a successful AppendEntries this node sent or
	// received (observed by the node, not read from Raft); Commit the highest LeaderCommit seen.
	LastIndex int
	Commit    int
}

// Options tunes a Client. Zero fields take the defaults.
type Options struct {
	// TryTimeout bounds one attempt at one node (default 300ms).
	TryTimeout time.Duration
	// RoundPause is the pause after a round in which no node could answer (default 20ms).
	RoundPause time.Duration
}

// Client talks to every node of a cluster. Like a Clerk, it runs one operation at a time:
// use one Client per goroutine.
type Client struct {
	ends     []*transport.End
	opts     Options
	clientID int64
	seq      int64
	leader   int
}

// New returns a client of the nodes at addrs (their --listen addresses).
func New(addrs []string, opts Options) *Client {
	if opts.TryTimeout <= 0 {
		opts.TryTimeout = 300 * time.Millisecond
	}
	if opts.RoundPause <= 0 {
		opts.RoundPause = 20 * time.Millisecond
	}
	c := &Client{opts: opts, clientID: rand.Int64()}
	for _, a := range addrs {
		c.ends = append(c.ends, transport.Dial(a, transport.Options{CallTimeout: opts.TryTimeout}))
	}
	return c
}

// Close closes the client's connections.
func (c *Client) Close() error {
	var errs []error
	for _, e := range c.ends {
		errs = append(errs, e.Close())
	}
	return errors.Join(errs...)
}

// Get returns key's value ("" if it has none). When ctx ends first, the error wraps ctx.Err().
func (c *Client) Get(ctx context.Context, key string) (string, error) {
	c.seq++
	args := GetArgs{Key: key, ClientID: c.clientID, Seq: c.seq}
	var value string
	err := c.untilDone(ctx, "Get "+key, func(ctx context.Context, e *transport.End) bool {
		var reply GetReply
		if e.CallContext(ctx, "KVServer.Get", &args, &reply) != nil {
			return false
		}
		value = reply.Value
		return reply.Err == OK || reply.Err == ErrNoKey
	})
	return value, err
}

// Put sets key to value. When ctx ends first, the error wraps ctx.Err() and the Put may or may
// not have taken effect.
func (c *Client) Put(ctx context.Context, key, value string) error {
	return c.putAppend(ctx, key, value, "Put")
}

// Append adds value to key's value. When ctx ends first, the error wraps ctx.Err() and the
// Append may or may not have taken effect (once at most).
func (c *Client) Append(ctx context.Context, key, value string) error {
	return c.putAppend(ctx, key, value, "Append")
}

func (c *Client) putAppend(ctx context.Context, key, value, op string) error {
	c.seq++ // once per operation: every retry carries the same (ClientID, Seq)
	args := PutAppendArgs{Key: key, Value: value, Op: op, ClientID: c.clientID, Seq: c.seq}
	return c.untilDone(ctx, op+" "+key, func(ctx context.Context, e *transport.End) bool {
		var reply PutAppendReply
		return e.CallContext(ctx, "KVServer.PutAppend", &args, &reply) == nil && reply.Err == OK
	})
}

// untilDone tries the last leader, then each node in turn, each try bounded by TryTimeout, until
// one succeeds or ctx ends.
func (c *Client) untilDone(ctx context.Context, what string, try func(context.Context, *transport.End) bool) error {
	for {
		for range c.ends {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("kvclient: %s: %w", what, err)
			}
			tctx, cancel := context.WithTimeout(ctx, c.opts.TryTimeout)
			ok := try(tctx, c.ends[c.leader])
			cancel()
			if ok {
				return nil
			}
			c.leader = (c.leader + 1) % len(c.ends)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("kvclient: %s: %w", what, ctx.Err())
		case <-time.After(c.opts.RoundPause):
		}
	}
}

// Status asks the node at addr for its status, within ctx.
func Status(ctx context.Context, addr string) (NodeStatus, error) {
	e := transport.Dial(addr, transport.Options{})
	defer e.Close()
	var st NodeStatus
	if err := e.CallContext(ctx, "Node.Status", &StatusArgs{}, &st); err != nil {
		return NodeStatus{}, fmt.Errorf("kvclient: status of %s: %w", addr, err)
	}
	return st, nil
}
