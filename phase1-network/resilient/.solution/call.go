package resilient

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"time"
)

// Dial connects to addr over TCP, giving up after p.DialTimeout or when ctx
// ends.
func Dial(ctx context.Context, p Policy, addr string) (net.Conn, error) {
	d := net.Dialer{Timeout: p.DialTimeout}
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("resilient: dial %s: %w", addr, err)
	}
	return conn, nil
}

// Call makes one attempt: it dials addr, sends request and a newline, and
// returns the line the server answers, without its newline. The whole
// exchange ends when ctx does (context.AfterFunc sets a deadline in the
// past on the connection); the error then wraps ctx.Err(). A request
// with a '\r' or '\n' in it fails at once with a permanent error.
func Call(ctx context.Context, p Policy, addr, request string) (string, error) {
	if strings.ContainsAny(request, "\r\n") {
		return "", Permanent(errors.New("resilient: a request is one line: no \\r or \\n"))
	}
	conn, err := Dial(ctx, p, addr)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	// Reads and writes on a net.Conn know nothing of contexts. When ctx
	// ends (deadline or cancel), a deadline in the past wakes them up at
	// once; the error is then checked against ctx.Err() below.
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()

	line, err := exchange(conn, request)
	if err != nil {
		if ctx.Err() != nil {
			return "", fmt.Errorf("resilient: call %s: %w (%w)", addr, ctx.Err(), err)
		}
		return "", fmt.Errorf("resilient: call %s: %w", addr, err)
	}
	return line, nil
}

// exchange writes the request line and reads the reply line.
func exchange(conn net.Conn, request string) (string, error) {
	if _, err := io.WriteString(conn, request+"\n"); err != nil {
		return "", err
	}
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return "", err
	}
	return strings.TrimSuffix(line, "\n"), nil
}

// Do is Call under Retry: it returns the first answer, or Retry's error.
func Do(ctx context.Context, p Policy, addr, request string) (string, error) {
	var reply string
	err := Retry(ctx, p, func(ctx context.Context) error {
		var err error
		reply, err = Call(ctx, p, addr, request)
		return err
	})
	return reply, err
}
