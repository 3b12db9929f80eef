// Package redistest gives tests a Redis server to talk to.
//
// Provided — no need to edit.
//
// Start picks the backend in this order:
//
//  1. REDIS_ADDR, when set: a server you run yourself (use a disposable one; tests write keys to it).
//  2. redis-server, when it is on PATH: a fresh server on a free loopback port, in a temporary
//     directory, with persistence off (--save "" --appendonly no). It is stopped when the test ends.
//  3. An in-process miniredis (github.com/alicebob/miniredis/v2), when there is no redis-server.
//     The test output says so once; install Redis to test against the real thing
//     (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis).
//
// Stop and Restart let a test take the server away and bring it back on the same address, to see
// how the code under test behaves while Redis is down. A restarted server is empty, whichever
// backend it is, like a cache node that lost its memory.
package redistest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"
)

// Backend names, as returned by Server.Backend.
const (
	External    = "REDIS_ADDR"
	RedisServer = "redis-server"
	Miniredis   = "miniredis"
)

// startTimeout bounds how long Start and Restart wait for redis-server to answer PING.
const startTimeout = 10 * time.Second

var announce sync.Once

// quiet drops go-redis's log lines ("failed to dial ..."), which a test that stops the server
// on purpose would otherwise print by the dozen. Stop installs it.
type quiet struct{}

func (quiet) Printf(context.Context, string, ...any) {}

// Server is a Redis server for one test.
type Server struct {
	backend string
	addr    string

	mu   sync.Mutex
	cmd  *exec.Cmd // redis-server, while it runs
	dir  string
	mini *miniredis.Miniredis
}

// Start returns a running Redis server for t and arranges for it to stop when t ends.
func Start(t testing.TB) *Server {
	t.Helper()
	if addr := os.Getenv("REDIS_ADDR"); addr != "" {
		s := &Server{backend: External, addr: addr}
		s.logOnce(t)
		return s
	}
	if path, err := exec.LookPath("redis-server"); err == nil {
		s := &Server{backend: RedisServer, dir: t.TempDir()}
		port, err := freePort()
		if err != nil {
			t.Fatalf("redistest: no free port: %v", err)
		}
		s.addr = net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
		if err := s.startProcess(path); err != nil {
			t.Fatalf("redistest: %v", err)
		}
		t.Cleanup(func() { s.stopProcess() })
		s.logOnce(t)
		return s
	}
	m := miniredis.NewMiniRedis()
	if err := m.Start(); err != nil {
		t.Fatalf("redistest: start miniredis: %v", err)
	}
	s := &Server{backend: Miniredis, addr: m.Addr(), mini: m}
	t.Cleanup(m.Close)
	s.logOnce(t)
	return s
}

func (s *Server) logOnce(t testing.TB) {
	announce.Do(func() {
		msg := "redistest: using " + s.backend + " at " + s.addr
		if s.backend == Miniredis {
			msg += " (no redis-server on PATH; install Redis to test against the real server)"
		}
		t.Log(msg)
		fmt.Fprintln(os.Stderr, msg)
	})
}

// Namespace returns a key prefix unique to this run of t ("TestName:1a2b3c4d:"), so that tests
// sharing one server (REDIS_ADDR, or -count=N) never see each other's keys.
func Namespace(t testing.TB) string {
	return fmt.Sprintf("%s:%08x:", t.Name(), rand.Uint32())
}

// Addr is the server's host:port.
func (s *Server) Addr() string { return s.addr }

// Backend names the kind of server: External, RedisServer or Miniredis.
func (s *Server) Backend() string { return s.backend }

// Client returns a go-redis client for the server, closed when t ends. Its timeouts are short, so
// that a test sees a stopped server as an error quickly instead of waiting.
func (s *Server) Client(t testing.TB) *redis.Client {
	t.Helper()
	c := redis.NewClient(&redis.Options{
		Addr:          s.addr,
		DialTimeout:   500 * time.Millisecond,
		ReadTimeout:   500 * time.Millisecond,
		WriteTimeout:  500 * time.Millisecond,
		MaxRetries:    -1, // no retries: a test wants to see a failure when the server is down
		DialerRetries: 1,  // one dial per command (the default dials five times, 100ms apart)
	})
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// Stop takes the server away: connections are closed and new ones refused until Restart.
// A test that needs Stop is skipped when REDIS_ADDR names an outside server.
func (s *Server) Stop(t testing.TB) {
	t.Helper()
	redis.SetLogger(quiet{}) // the dial failures that follow are expected
	switch s.backend {
	case External:
		t.Skip("redistest: cannot stop the server named by REDIS_ADDR; unset it to run this test")
	case RedisServer:
		s.stopProcess()
	case Miniredis:
		s.mini.Close()
		s.mini.FlushAll() // a restarted server starts empty, as redis-server does with --save ""
	}
}

// Restart brings a stopped server back on the same address, empty.
func (s *Server) Restart(t testing.TB) {
	t.Helper()
	switch s.backend {
	case External:
		t.Skip("redistest: cannot restart the server named by REDIS_ADDR; unset it to run this test")
	case RedisServer:
		path, err := exec.LookPath("redis-server")
		if err == nil {
			err = s.startProcess(path)
		}
		if err != nil {
			t.Fatalf("redistest: restart: %v", err)
		}
	case Miniredis:
		if err := s.mini.Restart(); err != nil {
			t.Fatalf("redistest: restart miniredis: %v", err)
		}
	}
}

func (s *Server) startProcess(path string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd != nil {
		return nil
	}
	_, port, _ := net.SplitHostPort(s.addr)
	logFile, err := os.OpenFile(filepath.Join(s.dir, "redis.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	defer logFile.Close() // the child has its own copy
	cmd := exec.Command(path, "--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
		"--dir", s.dir)
	cmd.Stdout, cmd.Stderr = logFile, logFile // *os.File: no copying goroutine
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start redis-server: %w", err)
	}
	if err := waitPing(s.addr); err != nil {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		log, _ := os.ReadFile(filepath.Join(s.dir, "redis.log"))
		return fmt.Errorf("redis-server on %s did not answer PING: %w\n%s", s.addr, err, log)
	}
	s.cmd = cmd
	return nil
}

func (s *Server) stopProcess() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Kill()
	_ = s.cmd.Wait()
	s.cmd = nil
}

// waitPing polls the server until it answers PING; there is nothing to wait on but the socket.
func waitPing(addr string) error {
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	c := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1, DialTimeout: 200 * time.Millisecond})
	defer c.Close()
	for {
		err := c.Ping(ctx).Err()
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
