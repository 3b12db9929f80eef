package main

import (
	"io"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"dsweekends/phase3-raft/kvclient"
	"dsweekends/phase3-raft/kvraft"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// kvclient mirrors kvraft's wire types without importing them (so it builds whatever state the
// learner's kvraft is in); gob matches fields by name, so the names and kinds must agree.
func TestClientWireTypesMirrorKVRaft(t *testing.T) {
	for _, pair := range [][2]any{
		{kvraft.GetArgs{}, kvclient.GetArgs{}},
		{kvraft.GetReply{}, kvclient.GetReply{}},
		{kvraft.PutAppendArgs{}, kvclient.PutAppendArgs{}},
		{kvraft.PutAppendReply{}, kvclient.PutAppendReply{}},
	} {
		a, b := reflect.TypeOf(pair[0]), reflect.TypeOf(pair[1])
		require.Equal(t, a.NumField(), b.NumField(), "%s and %s", a, b)
		for i := range a.NumField() {
			fa, fb := a.Field(i), b.Field(i)
			assert.Equal(t, fa.Name, fb.Name, "%s field %d", a, i)
			assert.Equal(t, fa.Type.Kind(), fb.Type.Kind(), "%s.%s", a, fa.Name)
		}
	}
	assert.Equal(t, string(kvraft.OK), kvclient.OK)
	assert.Equal(t, string(kvraft.ErrNoKey), kvclient.ErrNoKey)
	assert.Equal(t, string(kvraft.ErrWrongLeader), kvclient.ErrWrongLeader)
}

func TestFlags(t *testing.T) {
	c, err := parse([]string{"--id", "1", "--peers", "a:1,b:2,c:3", "--data", "d"}, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, "b:2", c.listen, "--listen defaults to peers[id]")
	assert.Equal(t, []string{"a:1", "b:2", "c:3"}, c.peers)
	for _, bad := range [][]string{
		{"--peers", "a:1", "--data", "d"},
		{"--id", "3", "--peers", "a:1,b:2,c:3", "--data", "d"},
		{"--id", "0", "--peers", "a:1"},
		{"--id", "0", "--data", "d"},
	} {
		_, err := parse(bad, io.Discard)
		assert.Error(t, err, "%v", bad)
	}
}
