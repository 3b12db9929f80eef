// Package peer gives tests the peers that real networks have and happy-path
// tests never meet: one that accepts and never answers, one whose dial never
// completes, one that answers in pieces, one that answers late. All of them
// listen on loopback and end with the test.
//
// Provided — no need to edit.
package peer

import (
	"errors"
	"io"
	"net"
	"os"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Silent returns the address of a loopback listener that accepts every
// connection and then neither reads nor writes: a peer that hangs. Its
// connections are closed when the test ends.
func Silent(t testing.TB) string {
	t.Helper()
	ln := listen(t)
	var mu sync.Mutex
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		<-done
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return ln.Addr().String()
}

// NeverAccepts returns the address of a loopback listener that never calls
// accept and whose backlog is full: the kernel drops every new SYN, so a
// dial to it neither succeeds nor fails until the dialer's own timeout.
// That is what a dial to a host that is down looks like, without sending
// anything off this machine.
func NeverAccepts(t testing.TB) string {
	t.Helper()
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatalf("peer: socket: %v", err)
	}
	sa := &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}
	if err := syscall.Bind(fd, sa); err != nil {
		syscall.Close(fd)
		t.Fatalf("peer: bind: %v", err)
	}
	if err := syscall.Listen(fd, 0); err != nil { // the smallest backlog the kernel allows
		syscall.Close(fd)
		t.Fatalf("peer: listen: %v", err)
	}
	f := os.NewFile(uintptr(fd), "never-accepts")
	ln, err := net.FileListener(f) // dups fd; the listener keeps it open
	f.Close()
	if err != nil {
		t.Fatalf("peer: file listener: %v", err)
	}
	addr := ln.Addr().String()
	// Fill the accept queue: dial until a dial does not complete.
	var fillers []net.Conn
	full := false
	for range 64 {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err != nil {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				full = true
				break
			}
			t.Fatalf("peer: filling the backlog of %s: %v", addr, err)
		}
		fillers = append(fillers, c)
	}
	t.Cleanup(func() {
		for _, c := range fillers {
			c.Close()
		}
		ln.Close()
	})
	if !full {
		t.Fatalf("peer: the backlog of %s never filled after %d connections", addr, len(fillers))
	}
	return addr
}

// Split returns the address of a loopback proxy to target that delivers
// every chunk the target writes in two writes, half now and half a moment
// later: a reply that arrives in pieces, as TCP is free to deliver it.
// A client that reads a reply with a single Read sees half of it.
func Split(t testing.TB, target string) string {
	t.Helper()
	return proxy(t, target, func(w io.Writer, b []byte) error {
		h := (len(b) + 1) / 2
		if _, err := w.Write(b[:h]); err != nil {
			return err
		}
		time.Sleep(20 * time.Millisecond) // long enough that the halves arrive apart
		_, err := w.Write(b[h:])
		return err
	})
}

// Slow returns the address of a loopback proxy to target that holds every
// chunk the target writes for d before delivering it: a peer that answers,
// late.
func Slow(t testing.TB, target string, d time.Duration) string {
	t.Helper()
	return proxy(t, target, func(w io.Writer, b []byte) error {
		time.Sleep(d)
		_, err := w.Write(b)
		return err
	})
}

// proxy forwards client bytes to target as they come and target bytes back
// through deliver. Everything ends when the test does.
func proxy(t testing.TB, target string, deliver func(io.Writer, []byte) error) string {
	ln := listen(t)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var conns []net.Conn
	track := func(c net.Conn) bool {
		mu.Lock()
		defer mu.Unlock()
		if conns == nil {
			c.Close()
			return false
		}
		conns = append(conns, c)
		return true
	}
	conns = []net.Conn{}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			client, err := ln.Accept()
			if err != nil {
				return
			}
			if !track(client) {
				return
			}
			server, err := net.DialTimeout("tcp", target, 5*time.Second)
			if err != nil {
				client.Close()
				continue
			}
			if !track(server) {
				client.Close()
				return
			}
			wg.Add(2)
			go func() {
				defer wg.Done()
				io.Copy(server, client)
				if cw, ok := server.(interface{ CloseWrite() error }); ok {
					cw.CloseWrite()
				}
			}()
			go func() {
				defer wg.Done()
				defer client.Close()
				buf := make([]byte, 32<<10)
				for {
					n, err := server.Read(buf)
					if n > 0 {
						if deliver(client, buf[:n]) != nil {
							return
						}
					}
					if err != nil {
						return
					}
				}
			}()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		conns = nil
		mu.Unlock()
		wg.Wait()
	})
	return ln.Addr().String()
}

func listen(t testing.TB) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("peer: listen on loopback: %v", err)
	}
	return ln
}
