package mrapps

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestLookup(t *testing.T) {
	for _, name := range Names() {
		app, err := Lookup(name)
		require.NoError(t, err)
		require.Equal(t, name, app.Name)
		require.NotNil(t, app.Map)
		require.NotNil(t, app.Reduce)
	}
	_, err := Lookup("nope")
	require.ErrorContains(t, err, "unknown app")
}

func TestWordCountAndIndexer(t *testing.T) {
	wc, _ := Lookup("wc")
	require.Equal(t, []KeyValue{{"a", "1"}, {"b", "1"}, {"a", "1"}}, wc.Map("f", "a, b a1"))
	require.Equal(t, "2", wc.Reduce("a", []string{"1", "1"}))
	ix, _ := Lookup("indexer")
	require.Equal(t, []KeyValue{{"x", "d.txt"}}, ix.Map("/dir/d.txt", "x x"))
	require.Equal(t, "2 a.txt,b.txt", ix.Reduce("x", []string{"b.txt", "a.txt"}))
}

func TestNoCrashIsCrashWithoutFailures(t *testing.T) {
	t.Setenv("MR_CRASH_PROB", "0")
	t.Setenv("MR_STALL_PROB", "0")
	crash, _ := Lookup("crash")
	nocrash, _ := Lookup("nocrash")
	require.Equal(t, nocrash.Map("f.txt", "one two three"), crash.Map("f.txt", "one two three"))
	require.Equal(t, nocrash.Reduce("k", []string{"b", "a"}), crash.Reduce("k", []string{"b", "a"}))
}
