package resilient

import (
	"context"
	"errors"
	"net"
)

// Dial connects to addr over TCP, giving up after p.DialTimeout or when ctx
// ends.
func Dial(ctx context.Context, p Policy, addr string) (net.Conn, error) {
	// TODO(weekend 4): net.Dialer{Timeout: ...}.DialContext.
	return nil, errors.New("resilient: Dial not implemented")
}

// Call makes one attempt: it dials addr, sends request and a newline, and
// returns the line the server answers, without its newline. The whole
// exchange ends when ctx does (context.AfterFunc sets a deadline in the
// past on the connection); the error then wraps ctx.Err(). A request
// with a '\r' or '\n' in it fails at once with a permanent error.
func Call(ctx context.Context, p Policy, addr, request string) (string, error) {
	// TODO(weekend 4): Dial, context.AfterFunc(ctx, ...SetDeadline...), write the line, bufio read one line.
	return "", errors.New("resilient: Call not implemented")
}

// Do is Call under Retry: it returns the first answer, or Retry's error.
func Do(ctx context.Context, p Policy, addr, request string) (string, error) {
	// TODO(weekend 4): Retry with an op that calls Call.
	return "", errors.New("resilient: Do not implemented")
}
