package simnet_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"dsweekends/phase3-raft/simnet"
)

// Sloppy has the mistakes gob silently ignores: lower-case fields.
type Sloppy struct{}

type Inner struct {
	Public int
	secret int
}

type SloppyArgs struct {
	Term     int
	votedFor int
	Nested   []Inner
}

type SloppyReply struct {
	Term    int
	granted int
}

func (*Sloppy) Echo(args *SloppyArgs, reply *SloppyReply) {
	reply.Term = args.Term
	reply.granted = 1 // never reaches the caller
}

// Logger takes log entries whose Command is an interface value, as a Raft log does.
type Logger struct{}

type Entry struct {
	Term    int
	Command any
}

type AppendArgs struct {
	Entries []Entry
}

type AppendReply struct {
	Count int
}

// unregistered is a command type nobody passed to gob.Register.
type unregistered struct{ X int }

func (*Logger) Append(args *AppendArgs, reply *AppendReply) {
	reply.Count = len(args.Entries)
}

// registerService registers rcvr's service as the server serverName.
func registerService(t *testing.T, net *simnet.Network, serverName string, rcvr any) {
	t.Helper()
	svc, err := simnet.NewService(rcvr)
	require.NoError(t, err)
	srv := simnet.NewServer()
	srv.AddService(svc)
	net.AddServer(serverName, srv)
}
