package tcpecho

import (
	"errors"
	"time"
)

// Echo connects to the server at addr ("host:port"), sends line followed by
// "\n", and returns the reply line without its "\n". The whole exchange,
// connecting included, must finish within timeout; errors are wrapped with %w,
// so on a timeout errors.Is(err, os.ErrDeadlineExceeded) is true.
func Echo(addr, line string, timeout time.Duration) (string, error) {
	// TODO(weekend 2): net.DialTimeout, defer Close, conn.SetDeadline,
	// write the line, read the reply with a bufio.Reader's ReadString('\n').
	return "", errors.New("tcpecho: Echo not implemented")
}
