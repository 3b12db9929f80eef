package simnet_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCallDeliversArgsAndReturnsReply(t *testing.T) {
	net, warnings := newNetwork(t, 1)
	voter := addVoter(t, net, "server")
	end := connectedEnd(net, "client", "server")

	var reply VoteReply
	ok := end.Call("Voter.Vote", &VoteArgs{Term: 4, CandidateID: 2, Log: []int{7}}, &reply)

	require.True(t, ok, "a reliable, connected, enabled end gets a reply")
	assert.Equal(t, VoteReply{Term: 5, Granted: true, Log: []int{7}}, reply, "reply holds what the handler wrote")
	assert.Equal(t, 1, voter.Calls(), "the handler ran once")
	assert.Empty(t, warnings.String(), "a correct call writes no warning")
}

func TestArgsAreCopiedNotShared(t *testing.T) {
	net, _ := newNetwork(t, 1)
	voter := addVoter(t, net, "server")
	end := connectedEnd(net, "client", "server")

	args := &VoteArgs{Term: 1, Log: []int{10, 20}}
	var reply VoteReply
	require.True(t, end.Call("Voter.Vote", args, &reply))
	args.Term = 99
	args.Log[0] = 99

	assert.NotSame(t, args, voter.lastArgs, "the server gets its own decoded copy of the args")
	assert.Equal(t, 1, voter.lastArgs.Term, "mutating the args after Call must not change the server's copy")
	assert.Equal(t, []int{10, 20}, voter.lastArgs.Log, "the copy is deep: slices are copied too")
}

func TestReplyIsCopiedNotShared(t *testing.T) {
	net, _ := newNetwork(t, 1)
	voter := addVoter(t, net, "server")
	end := connectedEnd(net, "client", "server")

	var reply VoteReply
	require.True(t, end.Call("Voter.Vote", &VoteArgs{Term: 1, Log: []int{10, 20}}, &reply))
	voter.lastReply.Term = 99 // the server keeps a pointer to its reply and changes it later
	voter.lastReply.Log[0] = 99

	assert.NotSame(t, &reply, voter.lastReply, "the handler fills in its own reply, not the caller's")
	assert.Equal(t, 2, reply.Term, "the server cannot alias the caller's reply")
	assert.Equal(t, []int{10, 20}, reply.Log, "the caller's reply slices are its own")
}

func TestLowerCaseFieldsWarnOncePerType(t *testing.T) {
	net, warnings := newNetwork(t, 1)
	svc := &Sloppy{}
	registerService(t, net, "server", svc)
	end := connectedEnd(net, "client", "server")

	for range 3 {
		var reply SloppyReply
		require.True(t, end.Call("Sloppy.Echo", &SloppyArgs{Term: 3, votedFor: 2}, &reply),
			"lower-case fields are a warning, not an error")
		assert.Equal(t, 0, reply.granted, "gob never sends the lower-case field granted")
	}

	out := warnings.String()
	assert.Equal(t, 1, strings.Count(out, "SloppyArgs has lower-case fields"),
		"one warning per args type, however many calls; got:\n%s", out)
	assert.Contains(t, out, "simnet_test.SloppyArgs.votedFor", "the warning names the field")
	assert.Contains(t, out, "simnet_test.Inner.secret", "nested structs are checked too")
	assert.Contains(t, out, "simnet_test.SloppyReply.granted", "reply types are checked too")
}

func TestReusedReplyWarns(t *testing.T) {
	net, warnings := newNetwork(t, 1)
	addVoter(t, net, "server")
	end := connectedEnd(net, "client", "server")

	reply := VoteReply{Term: 7, Granted: true} // left over from an earlier call
	require.True(t, end.Call("Voter.Vote", &VoteArgs{Term: 1}, &reply), "a reused reply is a warning, not an error")

	assert.Contains(t, warnings.String(), "not zero-valued", "reusing a reply struct hides bugs; the warning says so")
	assert.Contains(t, warnings.String(), "*simnet_test.VoteReply", "the warning names the reply type")
}

func TestUnknownServiceOrMethodWarnsAndFails(t *testing.T) {
	tests := []struct {
		method string
		want   []string // substrings of the warning
	}{
		{"Voter.Vot", []string{`service Voter has no method "Vot"`, "it has: Voter.Vote"}},
		{"Voter.vote", []string{`no method "vote"`, "is it exported"}},
		{"Raft.Vote", []string{`no service "Raft"`, "it has: Voter.Vote"}},
		{"Vote", []string{`"Service.Method"`}},
		{"Voter.", []string{`"Service.Method"`}},
	}
	for _, tt := range tests {
		t.Run(tt.method, func(t *testing.T) {
			net, warnings := newNetwork(t, 1)
			addVoter(t, net, "server")
			end := connectedEnd(net, "client", "server")

			var reply VoteReply
			assert.False(t, end.Call(tt.method, &VoteArgs{}, &reply), "a call to an unknown method gets no reply")
			for _, want := range tt.want {
				assert.Contains(t, warnings.String(), want, "the warning explains what exists")
			}
		})
	}
}

func TestMismatchedTypesWarnAndFail(t *testing.T) {
	tests := []struct {
		name  string
		args  any
		reply any
		want  string
	}{
		{"args of another type", &SloppyArgs{}, &VoteReply{}, "args is a simnet_test.SloppyArgs but the handler takes a *simnet_test.VoteArgs"},
		{"reply of another type", &VoteArgs{}, &SloppyReply{}, "reply is a *simnet_test.SloppyReply but the handler fills in a *simnet_test.VoteReply"},
		{"reply not a pointer", &VoteArgs{}, VoteReply{}, "reply must be a non-nil pointer"},
		{"nil reply", &VoteArgs{}, nil, "reply must be a non-nil pointer"},
		{"nil args", nil, &VoteReply{}, "args is nil"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			net, warnings := newNetwork(t, 1)
			voter := addVoter(t, net, "server")
			end := connectedEnd(net, "client", "server")

			assert.False(t, end.Call("Voter.Vote", tt.args, tt.reply), "a call with the wrong types fails")
			assert.Contains(t, warnings.String(), tt.want, "the warning names the types")
			assert.Contains(t, warnings.String(), "Voter.Vote", "the warning names the method")
			assert.Zero(t, voter.Calls(), "the handler must not run on half-decoded input")
		})
	}
}

func TestArgsByValueWork(t *testing.T) {
	net, _ := newNetwork(t, 1)
	addVoter(t, net, "server")
	end := connectedEnd(net, "client", "server")

	var reply VoteReply
	assert.True(t, end.Call("Voter.Vote", VoteArgs{Term: 1}, &reply), "args may be passed by value too")
	assert.Equal(t, 2, reply.Term)
}

func TestUnregisteredInterfaceValueWarns(t *testing.T) {
	net, warnings := newNetwork(t, 1)
	registerService(t, net, "server", &Logger{})
	end := connectedEnd(net, "client", "server")

	var reply AppendReply
	ok := end.Call("Logger.Append", &AppendArgs{Entries: []Entry{{Term: 1, Command: unregistered{X: 1}}}}, &reply)

	assert.False(t, ok, "args gob cannot encode are never sent")
	assert.Contains(t, warnings.String(), "gob.Register", "the warning tells how to fix it")
	assert.Zero(t, net.TotalRPCs(), "a call that could not be encoded is not counted")

	reply = AppendReply{}
	assert.True(t, end.Call("Logger.Append", &AppendArgs{Entries: []Entry{{Term: 1, Command: "set x"}}}, &reply),
		"basic types in an interface field need no registration")
	assert.Equal(t, 1, reply.Count)
}
