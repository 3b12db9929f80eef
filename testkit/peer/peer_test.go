package peer

import (
	"bufio"
	"errors"
	"io"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestSilentAcceptsAndNeverAnswers(t *testing.T) {
	c, err := net.DialTimeout("tcp", Silent(t), time.Second)
	require.NoError(t, err)
	defer c.Close()
	_, err = c.Write([]byte("hello\n"))
	require.NoError(t, err)
	c.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
	_, err = c.Read(make([]byte, 1))
	var ne net.Error
	require.True(t, errors.As(err, &ne) && ne.Timeout(), "read from a silent peer times out, got %v", err)
}

func TestNeverAcceptsMakesDialsHang(t *testing.T) {
	addr := NeverAccepts(t)
	for range 3 {
		_, err := net.DialTimeout("tcp", addr, 150*time.Millisecond)
		var ne net.Error
		require.True(t, errors.As(err, &ne) && ne.Timeout(), "dial times out, got %v", err)
	}
}

// echo serves one line back per line.
func echo(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				io.Copy(c, c)
			}()
		}
	}()
	t.Cleanup(func() { ln.Close(); <-done })
	return ln.Addr().String()
}

func TestSplitDeliversInTwoPieces(t *testing.T) {
	c, err := net.Dial("tcp", Split(t, echo(t)))
	require.NoError(t, err)
	defer c.Close()
	_, err = c.Write([]byte("0123456789\n"))
	require.NoError(t, err)
	buf := make([]byte, 64)
	n, err := c.Read(buf)
	require.NoError(t, err)
	assert.Less(t, n, 11, "the first Read gets only part of the reply")
	rest, err := bufio.NewReader(c).ReadString('\n')
	require.NoError(t, err)
	assert.Equal(t, "0123456789\n", string(buf[:n])+rest)
}

func TestSlowDelaysTheReply(t *testing.T) {
	c, err := net.Dial("tcp", Slow(t, echo(t), 300*time.Millisecond))
	require.NoError(t, err)
	defer c.Close()
	_, err = c.Write([]byte("x\n"))
	require.NoError(t, err)
	c.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
	_, err = c.Read(make([]byte, 2))
	require.Error(t, err, "nothing arrives before the delay")
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	line, err := bufio.NewReader(c).ReadString('\n')
	require.NoError(t, err)
	assert.Equal(t, "x\n", line)
}
