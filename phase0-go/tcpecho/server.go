package tcpecho

import (
	"errors"
	"net"
)

// Serve accepts connections on l and serves each one in its own goroutine
// with [HandleConn]. It returns nil once l is closed (Accept then fails with
// an error that errors.Is reports as net.ErrClosed), and any other Accept
// error wrapped with %w.
func Serve(l net.Listener) error {
	// TODO(weekend 2): loop on l.Accept(); on error return nil if
	// errors.Is(err, net.ErrClosed), else the wrapped error; otherwise start
	// `go HandleConn(conn)`.
	return errors.New("tcpecho: Serve not implemented")
}

// HandleConn echoes every line read from conn back to it, each ending in
// "\n", until the client closes its side; then it closes conn. A line ending
// in "\r\n" is echoed with "\n".
func HandleConn(conn net.Conn) {
	defer conn.Close()
	// TODO(weekend 2): read lines with a bufio.Scanner and write each one back
	// followed by "\n", until Scan returns false.
}
