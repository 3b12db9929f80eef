package tcpecho

import (
	"bufio"
	"errors"
	"fmt"
	"net"
)

// Serve accepts connections on l and serves each one in its own goroutine
// with [HandleConn]. It returns nil once l is closed (Accept then fails with
// an error that errors.Is reports as net.ErrClosed), and any other Accept
// error wrapped with %w.
func Serve(l net.Listener) error {
	for {
		conn, err := l.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) { // closed on purpose: a normal end
				return nil
			}
			return fmt.Errorf("tcpecho: accept: %w", err)
		}
		go HandleConn(conn) // one goroutine per client: nobody waits for anybody
	}
}

// HandleConn echoes every line read from conn back to it, each ending in
// "\n", until the client closes its side; then it closes conn. A line ending
// in "\r\n" is echoed with "\n".
func HandleConn(conn net.Conn) {
	defer conn.Close()
	sc := bufio.NewScanner(conn) // splits on "\n" and drops a "\r" before it
	for sc.Scan() {              // false at EOF: the client is gone
		fmt.Fprintf(conn, "%s\n", sc.Bytes()) // if this fails, the next Scan fails too
	}
}
