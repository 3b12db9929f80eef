package redistest

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestStartAnswersCommands(t *testing.T) {
	s := Start(t)
	t.Logf("backend %s at %s", s.Backend(), s.Addr())
	c := s.Client(t)
	ctx := context.Background()
	require.NoError(t, c.Set(ctx, "redistest:k", "v", time.Minute).Err())
	got, err := c.Get(ctx, "redistest:k").Result()
	require.NoError(t, err)
	require.Equal(t, "v", got)
}

func TestStopAndRestart(t *testing.T) {
	s := Start(t)
	c := s.Client(t)
	ctx := context.Background()
	require.NoError(t, c.Set(ctx, "redistest:k", "v", 0).Err())

	s.Stop(t)
	require.Error(t, c.Ping(ctx).Err(), "a stopped server must refuse commands")

	s.Restart(t)
	require.Eventually(t, func() bool { return c.Ping(ctx).Err() == nil }, 5*time.Second, 10*time.Millisecond,
		"the client must reconnect to the restarted server")
	_, err := c.Get(ctx, "redistest:k").Result()
	require.Error(t, err, "a restarted server starts empty")
}
