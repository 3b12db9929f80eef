package rpckv

import (
	"context"
	"errors"
)

// Clerk is a client that retries every operation until it gets an answer
// or its context ends, like the Clerk of MIT's key/value lab. It tags each
// Put and Append with its own client ID and the next sequence number, so
// the server's duplicate table runs each one once even when the Clerk
// sends it again. A Clerk runs one operation at a time; concurrent calls
// wait their turn.
type Clerk struct {
	// TODO(weekend 4): the DialFunc, a random non-zero ID, the last Seq, the current *Client, a mutex.
}

// NewClerk returns a Clerk with a fresh random non-zero ID that connects
// with dial (lazily, and again after each failure).
func NewClerk(dial DialFunc) *Clerk {
	// TODO(weekend 4): pick the ID (math/rand/v2).
	return &Clerk{}
}

// Get returns the value of key, retrying until it gets an answer. It fails
// only when ctx ends (the error wraps ctx.Err()) or the server answers with
// an error (rpc.ServerError), which is returned as is.
func (ck *Clerk) Get(ctx context.Context, key string) (string, error) {
	// TODO(weekend 4): retry loop: (re)dial when needed, Call, on failure close and wait RetryPause.
	return "", errors.New("rpckv: Clerk.Get not implemented")
}

// Put sets key to value, exactly once, retrying like Get.
func (ck *Clerk) Put(ctx context.Context, key, value string) error {
	// TODO(weekend 4): next Seq, then the same retry loop with the same Seq.
	return errors.New("rpckv: Clerk.Put not implemented")
}

// Append adds value to key's value exactly once, retrying like Get, and
// returns the value before this append.
func (ck *Clerk) Append(ctx context.Context, key, value string) (string, error) {
	// TODO(weekend 4): next Seq, then the same retry loop with the same Seq.
	return "", errors.New("rpckv: Clerk.Append not implemented")
}

// Close closes the Clerk's connection, if any.
func (ck *Clerk) Close() error {
	// TODO(weekend 4): close the current Client.
	return nil
}
