// Package simnet is a simulated RPC network for peers that live in one process.
//
// Your Raft peers never open a socket. Each peer is registered as a [Server] on a [Network], and
// each peer holds one [End] per other peer: a client endpoint wired to that peer's server. The
// test harness, not your code, decides which ends work, so it can cut the network into pieces,
// lose messages and reorder replies while your code keeps calling [End.Call].
//
// # Calling another peer
//
// A learner's Raft sends a RequestVote to peer 2 like this:
//
//	args := RequestVoteArgs{Term: rf.currentTerm, CandidateID: rf.me}
//	var reply RequestVoteReply // a fresh reply for every call
//	if ok := rf.peers[2].Call("Raft.RequestVote", &args, &reply); ok {
//		// reply holds what peer 2's RequestVote handler wrote
//	}
//
// "Raft.RequestVote" names a service (the receiver's type name, Raft) and a method on it. On the
// other side the harness registers the peer with
//
//	svc, err := simnet.NewService(rf) // every exported func (rf *Raft) M(args *A, reply *R)
//	srv := simnet.NewServer()
//	srv.AddService(svc)
//	net.AddServer("peer-2", srv)
//
// Call blocks until a reply arrives (it returns true) or the network gives up (false). A false
// result means "no reply": the request may have been lost, or it may have run on the server and
// only the reply was lost. Call never returns an error and has no timeout parameter; a missing
// reply simply comes back as false after a while, like a real RPC timing out. Call is safe to use
// from many goroutines at once, and it is usual to call it without holding your peer's lock:
// holding a lock across Call stalls your peer for as long as the network delays the call.
//
// # Copies, not shared memory
//
// Arguments and replies travel gob-encoded, exactly as they would over a wire. The server decodes
// its own copy of the arguments and the caller decodes its own copy of the reply, so peers can
// never share memory through an RPC. This has three consequences that bite every Raft
// implementation at least once, and simnet warns about each of them (see [Network.SetWarningWriter]):
//
//   - Only exported (capitalized) struct fields travel. A field named term arrives as zero.
//   - gob does not send fields that hold a zero value, and decoding leaves a field untouched when
//     nothing arrives for it. A reply struct reused from an earlier call therefore keeps stale
//     values. Pass a fresh, zero-valued reply to every Call.
//   - A value stored in an interface field (a log entry's Command any) travels only if its
//     concrete type was registered with gob.Register.
//
// # Ends, connections and partitions
//
// An end is created with [Network.NewEnd], wired to a server name with [Network.Connect] and
// switched on with [Network.Enable]. A new end starts disabled, so a harness decides when a peer
// becomes reachable. A call through a disabled end, an unconnected end, or an end whose server
// was deleted gets no reply: after a short random delay (up to 100ms) Call returns false, or after
// a long one (up to 7s) once [Network.SetLongDelays] is on, which is how a real client waits out a
// timeout when the other machine is unreachable.
//
// A partition is nothing more than a set of disabled ends. With five peers and one end per ordered
// pair of peers, the harness separates {0, 1} from {2, 3, 4} by disabling every end that crosses
// the cut (0→2, 2→0, 1→3, ...) and enabling the rest. Healing the partition enables them again.
// Messages on a cut link are not queued for later; they are lost, and a reply is lost too if its
// end is disabled while the server is still working on the request. The caller does not wait for
// such a handler: Call returns false as soon as its end is disabled or rewired, while the handler
// runs on to its end unobserved (the MIT labrpc network notices the same within about 100ms).
//
// # Unreliable mode and reordering
//
// [Network.SetReliable](false) makes the network lossy: every request waits a short random time
// (0–27ms), about 10% of requests are dropped before they reach the server, and about 10% of
// replies are dropped on the way back. [Network.SetLongReordering](true) holds back about two
// replies in three for a long random time (200ms to a little over 2s), so a reply can arrive long
// after newer ones: your code must recognise a stale reply by its term, not by its arrival order.
//
// [Network.DeleteServer] takes a server off the network (a crashed machine). Calls in flight to it
// return false even if its handler later finishes: the reply of a dead server is discarded.
//
// # Counting
//
// [Network.TotalRPCs] counts every Call that entered the network, [Network.RPCCount] the
// requests delivered to one server, and [Network.TotalBytes] the gob-encoded bytes the network
// carried both ways: every request sent and every reply that got back to its caller. The Raft
// tests use them to check that your peer does not flood the network, for example that a leader
// sends each large command to each follower about once rather than with every heartbeat.
//
// # Randomness and virtual time
//
// All randomness comes from the seed given to [NewNetwork] (a PCG generator guarded by a mutex),
// so a run can be repeated with the same seed; with several goroutines calling at once the
// order of the random draws, and so the exact run, still depends on scheduling.
//
// simnet measures time only with timers (time.NewTimer), so it runs unchanged inside a
// testing/synctest bubble, where simulated seconds pass in microseconds once every goroutine in
// the bubble is blocked. Create the Network inside the bubble that uses it and do not share it
// between bubbles: its channels belong to the bubble that made them. simnet starts no goroutine
// at package initialization. The only goroutines it starts are the handler goroutines that run a
// service method for one call; [Network.Cleanup] stops the network and waits for all of them, so
// a method that never returns (a handler stuck on a lock) makes Cleanup wait forever. Making your
// handlers return, for example after your peer is killed, is your job.
//
// A panic in a service method is not recovered: it crashes the test binary with the handler's
// stack trace, which points straight at the bug.
package simnet
