package rpckv

import (
	"context"
	"errors"
)

// Client is a connection to a KV server that makes one RPC per call: no
// retries, no tags (Client 0). It is safe for concurrent use.
type Client struct {
	// TODO(weekend 3): the *rpc.Client.
}

// Dial opens a connection with dial and returns a Client on it.
func Dial(ctx context.Context, dial DialFunc) (*Client, error) {
	// TODO(weekend 3): dial(ctx), then rpc.NewClient(conn).
	return nil, errors.New("rpckv: Dial not implemented")
}

// Call calls the RPC method (for example "KV.Get") and waits for its reply,
// or for ctx to end, whichever comes first. A failed call returns an error
// that wraps the cause: the rpc error, or ctx.Err() when ctx ended first.
func (c *Client) Call(ctx context.Context, method string, args, reply any) error {
	// TODO(weekend 3): rpc.Client.Go, then select on call.Done and ctx.Done().
	return errors.New("rpckv: Call not implemented")
}

// Get returns the value of key ("" if missing).
func (c *Client) Get(ctx context.Context, key string) (string, error) {
	// TODO(weekend 3): Call "KV.Get".
	return "", errors.New("rpckv: Get not implemented")
}

// Put sets key to value.
func (c *Client) Put(ctx context.Context, key, value string) error {
	// TODO(weekend 3): Call "KV.Put".
	return errors.New("rpckv: Put not implemented")
}

// Append adds value to the end of key's value and returns the old value.
func (c *Client) Append(ctx context.Context, key, value string) (string, error) {
	// TODO(weekend 3): Call "KV.Append".
	return "", errors.New("rpckv: Append not implemented")
}

// Close closes the connection. Calls still waiting fail.
func (c *Client) Close() error {
	// TODO(weekend 3): close the rpc.Client.
	return nil
}
