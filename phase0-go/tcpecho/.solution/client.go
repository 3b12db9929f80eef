package tcpecho

import (
	"bufio"
	"fmt"
	"net"
	"time"
)

// Echo connects to the server at addr ("host:port"), sends line followed by
// "\n", and returns the reply line without its "\n". The whole exchange,
// connecting included, must finish within timeout; errors are wrapped with %w,
// so on a timeout errors.Is(err, os.ErrDeadlineExceeded) is true.
func Echo(addr, line string, timeout time.Duration) (string, error) {
	conn, err := net.DialTimeout("tcp", addr, timeout)
	if err != nil {
		return "", fmt.Errorf("tcpecho: %w", err) // %w keeps the cause for errors.Is/As
	}
	defer conn.Close()
	// One deadline for the rest of the exchange: a server that never answers
	// makes the read fail with os.ErrDeadlineExceeded instead of hanging.
	conn.SetDeadline(time.Now().Add(timeout))

	fmt.Fprintf(conn, "%s\n", line) // a failed write shows up as a failed read below
	reply, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return "", fmt.Errorf("tcpecho: %w", err)
	}
	return reply[:len(reply)-1], nil // ReadString without error ends in "\n"
}
