package corpus

import (
	"bytes"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestGenerateIsSeededAndSized(t *testing.T) {
	opts := Options{Seed: 7, Files: 3, TotalBytes: 60_000}
	a, err := Generate(t.TempDir(), opts)
	require.NoError(t, err)
	b, err := Generate(t.TempDir(), opts)
	require.NoError(t, err)
	require.Len(t, a, 3)
	var total int64
	for i := range a {
		x, err := os.ReadFile(a[i])
		require.NoError(t, err)
		y, err := os.ReadFile(b[i])
		require.NoError(t, err)
		require.True(t, bytes.Equal(x, y), "the same seed gives the same text (%s)", a[i])
		total += int64(len(x))
	}
	require.InDelta(t, 60_000, total, 3_000, "about TotalBytes in all")
	c, err := Generate(t.TempDir(), Options{Seed: 8, Files: 1, TotalBytes: 1000})
	require.NoError(t, err)
	x, _ := os.ReadFile(a[0])
	y, _ := os.ReadFile(c[0])
	require.NotEqual(t, x[:500], y[:500], "another seed gives another text")
}

func TestGenerateRejectsBadOptions(t *testing.T) {
	_, err := Generate(t.TempDir(), Options{Files: 0, TotalBytes: 10})
	require.Error(t, err)
	_, err = Generate(t.TempDir(), Options{Files: 1})
	require.Error(t, err)
}
