package simnet_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"dsweekends/phase3-raft/simnet"
)

// Receivers with one badly shaped handler each.
type (
	ReturnsError   struct{}
	ReplyByValue   struct{}
	ArgsByValue    struct{}
	ValueReceiver  struct{}
	WellShapedPeer struct{}
	ExportedHelper struct{}
)

func (*ReturnsError) Vote(args *VoteArgs, reply *VoteReply) error { return nil }
func (*ReplyByValue) Vote(args *VoteArgs, reply VoteReply)        {}
func (*ArgsByValue) Vote(args VoteArgs, reply *VoteReply)         {}
func (ValueReceiver) Vote(args *VoteArgs, reply *VoteReply)       {}

// SendVote is a helper, not a handler, that was exported by mistake: it has two parameters, the
// second a pointer, so it looks like a handler of the wrong shape.
func (*ExportedHelper) SendVote(server int, args *VoteArgs) {}

// WellShapedPeer has one handler plus the methods of a Raft peer's local API, which NewService
// must ignore rather than reject.
func (*WellShapedPeer) RequestVote(args *VoteArgs, reply *VoteReply) {}
func (*WellShapedPeer) Start(command any) (int, int, bool)           { return 0, 0, false }
func (*WellShapedPeer) GetState() (int, bool)                        { return 0, false }
func (*WellShapedPeer) Snapshot(index int, snapshot []byte)          {}
func (*WellShapedPeer) Kill()                                        {}
func (*WellShapedPeer) String() string                               { return "peer" }

func TestNewServiceRejectsWrongShapes(t *testing.T) {
	tests := []struct {
		name     string
		receiver any
		want     []string // substrings of the error
	}{
		{"handler returning an error", &ReturnsError{}, []string{
			"ReturnsError.Vote is func(*simnet_test.VoteArgs, *simnet_test.VoteReply) error",
			"want func (x *ReturnsError) Vote(args *simnet_test.VoteArgs, reply *simnet_test.VoteReply) with no results"}},
		{"reply by value", &ReplyByValue{}, []string{"ReplyByValue.Vote is func(*simnet_test.VoteArgs, simnet_test.VoteReply)",
			"reply *simnet_test.VoteReply"}},
		{"args by value", &ArgsByValue{}, []string{"ArgsByValue.Vote is func(simnet_test.VoteArgs, *simnet_test.VoteReply)",
			"args *simnet_test.VoteArgs"}},
		{"exported helper that is not a handler", &ExportedHelper{}, []string{
			"ExportedHelper.SendVote is func(int, *simnet_test.VoteArgs)",
			"or unexport it (lower-case name) if it is not an RPC handler"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, err := simnet.NewService(tt.receiver)
			require.Error(t, err, "NewService must reject a handler of the wrong shape, not skip it")
			assert.Nil(t, svc)
			assert.True(t, errors.Is(err, simnet.ErrBadHandler), "the error wraps ErrBadHandler: %v", err)
			for _, want := range tt.want {
				assert.Contains(t, err.Error(), want, "the error names the method and the signature it should have")
			}
		})
	}
}

func TestNewServiceRejectsBadReceivers(t *testing.T) {
	tests := []struct {
		name     string
		receiver any
		want     string
	}{
		{"nil", nil, "needs a pointer to a named type"},
		{"value, not pointer", ValueReceiver{}, "needs a pointer to a named type, like &Raft{}; got simnet_test.ValueReceiver"},
		{"nil pointer", (*WellShapedPeer)(nil), "nil *simnet_test.WellShapedPeer"},
		{"unnamed type", &struct{}{}, "needs a pointer to a named type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := simnet.NewService(tt.receiver)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestNewServiceIgnoresPeerAPIMethods(t *testing.T) {
	svc, err := simnet.NewService(&WellShapedPeer{})
	require.NoError(t, err, "Start, GetState, Snapshot, Kill and String are not handlers and must be ignored")

	net, warnings := newNetwork(t, 1)
	srv := simnet.NewServer()
	srv.AddService(svc)
	net.AddServer("server", srv)
	end := connectedEnd(net, "client", "server")

	var reply VoteReply
	assert.True(t, end.Call("WellShapedPeer.RequestVote", &VoteArgs{}, &reply), "the one handler is callable")
	assert.False(t, end.Call("WellShapedPeer.Kill", &VoteArgs{}, &VoteReply{}), "Kill is not an RPC")
	assert.Contains(t, warnings.String(), "it has: WellShapedPeer.RequestVote", "only the handler is listed")
}
