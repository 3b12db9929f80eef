package echo

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"
)

// Client is one connection to an echo server.
//
// A Client is not safe for concurrent use: one Echo at a time. After Echo
// returns an error the connection is in an unknown state (a late reply may
// still arrive), so every later Echo fails too; Dial a new Client.
type Client struct {
	conn net.Conn
	r    *bufio.Reader
	err  error // the first error; sticky
}

// Dial connects to the echo server at addr ("host:port"). It gives up when ctx
// is done, returning an error that wraps ctx.Err().
func Dial(ctx context.Context, addr string) (*Client, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("echo: dial %s: %w", addr, err)
	}
	return &Client{conn: conn, r: bufio.NewReader(conn)}, nil
}

// Echo sends line and returns the server's reply without its line ending.
// line must not contain "\n" or "\r". The whole round trip must finish before
// ctx's deadline; on timeout the error wraps context.DeadlineExceeded or
// os.ErrDeadlineExceeded (at least one; wrapping both, with
// fmt.Errorf("%w: %w", ...), lets callers test errors.Is with either).
func (c *Client) Echo(ctx context.Context, line string) (string, error) {
	if strings.ContainsAny(line, "\r\n") {
		return "", errors.New("echo: line must not contain a line ending")
	}
	if c.err != nil {
		return "", c.err
	}

	// Rule: a network call takes its deadline from ctx. SetDeadline covers a
	// ctx with a deadline; AfterFunc covers a ctx that is cancelled early, by
	// moving the deadline into the past, which wakes a blocked Read or Write.
	deadline, _ := ctx.Deadline() // zero time means "no deadline"
	c.conn.SetDeadline(deadline)
	fired := make(chan struct{})
	stop := context.AfterFunc(ctx, func() {
		c.conn.SetDeadline(time.Unix(1, 0))
		close(fired)
	})
	defer func() {
		if !stop() {
			<-fired // the callback started: let it finish before we return
		}
	}()

	reply, err := c.roundTrip(line)
	if err != nil {
		if ctx.Err() != nil {
			err = fmt.Errorf("%w: %w", ctx.Err(), err)
		}
		c.err = fmt.Errorf("echo: %w", err)
		return "", c.err
	}
	return reply, nil
}

func (c *Client) roundTrip(line string) (string, error) {
	if _, err := c.conn.Write([]byte(line + "\n")); err != nil {
		return "", fmt.Errorf("send: %w", err)
	}
	reply, err := c.r.ReadString('\n')
	if err != nil {
		return "", fmt.Errorf("receive: %w", err)
	}
	return strings.TrimRight(reply, "\r\n"), nil
}

// Close closes the connection.
func (c *Client) Close() error {
	return c.conn.Close()
}
