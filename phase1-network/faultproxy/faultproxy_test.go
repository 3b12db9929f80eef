package faultproxy

import (
	"bufio"
	"errors"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const waitLimit = 5 * time.Second

// startEcho serves a line echo on loopback until the test ends.
func startEcho(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	var wg sync.WaitGroup
	var mu sync.Mutex
	conns := map[net.Conn]bool{}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns[c] = true
			mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				r := bufio.NewReader(c)
				for {
					line, err := r.ReadString('\n')
					if err != nil {
						return
					}
					if _, err := c.Write([]byte(line)); err != nil {
						return
					}
				}
			}()
		}
	}()
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		for c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	return l.Addr().String()
}

func newProxy(t *testing.T, target string, cfg Config) *Proxy {
	t.Helper()
	p, err := New(target, cfg)
	require.NoError(t, err)
	t.Cleanup(func() { p.Close() })
	return p
}

// roundTrip dials addr, sends one line and reads the echo.
func roundTrip(addr, msg string) (string, error) {
	c, err := net.DialTimeout("tcp", addr, waitLimit)
	if err != nil {
		return "", err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(waitLimit))
	if _, err := c.Write([]byte(msg + "\n")); err != nil {
		return "", err
	}
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return "", err
	}
	return line[:len(line)-1], nil
}

func TestPassForwardsBothWays(t *testing.T) {
	p := newProxy(t, startEcho(t), Config{})
	got, err := roundTrip(p.Addr(), "hello")
	require.NoError(t, err)
	assert.Equal(t, "hello", got)
	assert.Equal(t, Stats{Accepted: 1, Passed: 1}, p.Stats())
}

func TestDropRateOneCutsEveryConnection(t *testing.T) {
	p := newProxy(t, startEcho(t), Config{DropRate: 1})
	_, err := roundTrip(p.Addr(), "hello")
	require.Error(t, err, "a dropped chunk must cut the connection")
	assert.Equal(t, 1, p.Stats().Dropped)
}

func TestPlanResetsAndSwallows(t *testing.T) {
	plan := func(n int) Mode {
		switch n {
		case 1:
			return Reset
		case 2:
			return Blackhole
		}
		return Pass
	}
	p := newProxy(t, startEcho(t), Config{Plan: plan})

	_, err := roundTrip(p.Addr(), "one")
	require.Error(t, err, "connection 1 is reset")

	c, err := net.Dial("tcp", p.Addr())
	require.NoError(t, err)
	defer c.Close()
	_, err = c.Write([]byte("two\n"))
	require.NoError(t, err)
	require.NoError(t, c.SetReadDeadline(time.Now().Add(50*time.Millisecond)))
	_, err = c.Read(make([]byte, 8))
	var ne net.Error
	require.True(t, errors.As(err, &ne) && ne.Timeout(), "connection 2 is swallowed: the read must time out, got %v", err)

	got, err := roundTrip(p.Addr(), "three")
	require.NoError(t, err, "connection 3 passes")
	assert.Equal(t, "three", got)
	assert.Equal(t, Stats{Accepted: 3, Passed: 1, Reset: 1, Swallowed: 1}, p.Stats())
}

func TestSameSeedSameFaults(t *testing.T) {
	echo := startEcho(t)
	pattern := func(seed uint64) []bool {
		p := newProxy(t, echo, Config{Seed: seed, DropRate: 0.4})
		var ok []bool
		for range 30 {
			_, err := roundTrip(p.Addr(), "x")
			ok = append(ok, err == nil)
		}
		return ok
	}
	a, b := pattern(7), pattern(7)
	assert.Equal(t, a, b, "the same seed must drop the same chunks")
	assert.Contains(t, a, true)
	assert.Contains(t, a, false)
}

func TestCutAllAndCloseEndEverything(t *testing.T) {
	p := newProxy(t, startEcho(t), Config{Delay: time.Millisecond})
	c, err := net.Dial("tcp", p.Addr())
	require.NoError(t, err)
	defer c.Close()
	_, err = c.Write([]byte("a\n"))
	require.NoError(t, err)
	_, err = bufio.NewReader(c).ReadString('\n')
	require.NoError(t, err)
	p.CutAll()
	require.NoError(t, c.SetReadDeadline(time.Now().Add(waitLimit)))
	_, err = c.Read(make([]byte, 1))
	require.Error(t, err, "CutAll closes open connections")
	require.NoError(t, p.Close())
	_, err = net.DialTimeout("tcp", p.Addr(), waitLimit)
	require.Error(t, err, "a closed proxy accepts nothing")
}

func TestRejectsBadDropRate(t *testing.T) {
	_, err := New("127.0.0.1:1", Config{DropRate: 1.5})
	require.Error(t, err)
}
