package rpckv

import (
	"context"
	"fmt"
	"net/rpc"
)

// Client is a connection to a KV server that makes one RPC per call: no
// retries, no tags (Client 0). It is safe for concurrent use.
type Client struct {
	rpc *rpc.Client
}

// Dial opens a connection with dial and returns a Client on it.
func Dial(ctx context.Context, dial DialFunc) (*Client, error) {
	conn, err := dial(ctx)
	if err != nil {
		return nil, fmt.Errorf("rpckv: dial: %w", err)
	}
	return &Client{rpc: rpc.NewClient(conn)}, nil
}

// Call calls the RPC method (for example "KV.Get") and waits for its reply,
// or for ctx to end, whichever comes first. A failed call returns an error
// that wraps the cause: the rpc error, or ctx.Err() when ctx ended first.
func (c *Client) Call(ctx context.Context, method string, args, reply any) error {
	// Go starts the call and returns at once; Call would block with no way
	// to give up. The buffered channel lets net/rpc deliver a late reply
	// after we have stopped listening.
	call := c.rpc.Go(method, args, reply, make(chan *rpc.Call, 1))
	select {
	case <-call.Done:
		if call.Error != nil {
			return fmt.Errorf("rpckv: %s: %w", method, call.Error)
		}
		return nil
	case <-ctx.Done():
		return fmt.Errorf("rpckv: %s: %w", method, ctx.Err())
	}
}

// Get returns the value of key ("" if missing).
func (c *Client) Get(ctx context.Context, key string) (string, error) {
	var reply GetReply
	if err := c.Call(ctx, ServiceName+".Get", &GetArgs{Key: key}, &reply); err != nil {
		return "", err // after ctx ended a late reply may still be written into reply: don't read it
	}
	return reply.Value, nil
}

// Put sets key to value.
func (c *Client) Put(ctx context.Context, key, value string) error {
	return c.Call(ctx, ServiceName+".Put", &PutArgs{Key: key, Value: value}, &PutReply{})
}

// Append adds value to the end of key's value and returns the old value.
func (c *Client) Append(ctx context.Context, key, value string) (string, error) {
	var reply AppendReply
	if err := c.Call(ctx, ServiceName+".Append", &AppendArgs{Key: key, Value: value}, &reply); err != nil {
		return "", err
	}
	return reply.Old, nil
}

// Close closes the connection. Calls still waiting fail.
func (c *Client) Close() error {
	return c.rpc.Close()
}
