// Provided — no need to edit.

package rpckv

import (
	"context"
	"net"
	"time"
)

// GetArgs is the argument of KV.Get.
type GetArgs struct {
	Key string
}

// GetReply is the reply of KV.Get.
type GetReply struct {
	Value string // "" when the key is missing
}

// PutArgs is the argument of KV.Put. Client and Seq tag the operation for
// the duplicate table (weekend 4); Client 0 means "not tagged".
type PutArgs struct {
	Key, Value string
	Client     int64
	Seq        int64
}

// PutReply is the reply of KV.Put.
type PutReply struct{}

// AppendArgs is the argument of KV.Append. Client and Seq tag the operation
// for the duplicate table (weekend 4); Client 0 means "not tagged".
type AppendArgs struct {
	Key, Value string
	Client     int64
	Seq        int64
}

// AppendReply is the reply of KV.Append.
type AppendReply struct {
	Old string // the value before this append
}

// ServiceName is the name the KV is registered under: its methods are
// called as "KV.Get", "KV.Put" and "KV.Append".
const ServiceName = "KV"

// RetryPause is how long a Clerk waits before it tries again after a failed
// attempt.
const RetryPause = 2 * time.Millisecond

// DialFunc opens a new connection to the server. Tests pass their own to
// put faults between the client and the server.
type DialFunc func(ctx context.Context) (net.Conn, error)

// DialTCP returns a DialFunc that dials addr over TCP.
func DialTCP(addr string) DialFunc {
	return func(ctx context.Context) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "tcp", addr)
	}
}
