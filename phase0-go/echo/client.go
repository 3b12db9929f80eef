package echo

import (
	"context"
	"errors"
)

// Client is one connection to an echo server.
//
// A Client is not safe for concurrent use: one Echo at a time. After Echo
// returns an error the connection is in an unknown state (a late reply may
// still arrive), so every later Echo fails too; Dial a new Client.
type Client struct {
	// TODO(weekend 2): keep the net.Conn and a bufio.Reader over it.
}

// Dial connects to the echo server at addr ("host:port"). It gives up when ctx
// is done, returning an error that wraps ctx.Err().
func Dial(ctx context.Context, addr string) (*Client, error) {
	// TODO(weekend 2): use a net.Dialer's DialContext.
	return nil, errors.New("echo: Dial not implemented")
}

// Echo sends line and returns the server's reply without its line ending.
// line must not contain "\n" or "\r". The whole round trip must finish before
// ctx's deadline; on timeout the error wraps context.DeadlineExceeded or
// os.ErrDeadlineExceeded (at least one; wrapping both, with
// fmt.Errorf("%w: %w", ...), lets callers test errors.Is with either).
func (c *Client) Echo(ctx context.Context, line string) (string, error) {
	// TODO(weekend 2): set the connection's deadline from ctx.Deadline(),
	// write line+"\n", read one line back.
	return "", errors.New("echo: Echo not implemented")
}

// Close closes the connection.
func (c *Client) Close() error {
	// TODO(weekend 2): close the connection.
	return errors.New("echo: Close not implemented")
}
