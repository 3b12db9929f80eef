package raft_test

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"dsweekends/phase3-raft/figure2"
	"dsweekends/phase3-raft/persister"
	"dsweekends/phase3-raft/raft"
	"dsweekends/phase3-raft/raftapi"
	"dsweekends/phase3-raft/rafttest"
	"dsweekends/phase3-raft/simnet"
	"dsweekends/testkit/say"
)

// The tests in this file put one real peer (peer 0) among scripted stand-ins and call its RPC
// handlers directly, in virtual time. Each scripts the exact situation in which one rule of
// Figure 2 matters, so a peer that breaks the rule fails in every run, with the rule named.

// Raft is a scripted stand-in for the other peers. It is named Raft so that peer 0 reaches it
// with rf.peers[i].Call("Raft.RequestVote", ...), as it would reach a real peer.
type Raft struct {
	id    int
	rig   *rig
	mu    sync.Mutex
	hold  map[int]chan bool // term → where the test says how to answer that term's RequestVote
	grant bool              // grant every RequestVote not held
	// voteTerm, when above the request's term, is the term a RequestVote reply carries (a
	// voter that has moved on to a later term refuses the vote and says so).
	voteTerm int
	// ae, when set, answers AppendEntries in place of the default (accept everything).
	ae func(args *raft.AppendEntriesArgs, reply *raft.AppendEntriesReply)
	// snaps receives every InstallSnapshot request, when set; the reply only carries the term.
	snaps chan raft.InstallSnapshotArgs
}

// campaign is one RequestVote seen by a stand-in.
type campaign struct {
	from, term int
	at         time.Time
}

// RequestVote records the request and refuses the vote, unless the test holds the reply for
// the request's term: then it answers when the test says, granting or not as told.
func (f *Raft) RequestVote(args *raft.RequestVoteArgs, reply *raft.RequestVoteReply) {
	f.rig.campaigns <- campaign{from: f.id, term: args.Term, at: time.Now()}
	f.mu.Lock()
	ch := f.hold[args.Term]
	grant := f.grant
	voteTerm := f.voteTerm
	f.mu.Unlock()
	reply.Term = args.Term
	reply.VoteGranted = grant
	if voteTerm > args.Term {
		reply.Term, reply.VoteGranted = voteTerm, false
	}
	if ch != nil {
		select {
		case grant := <-ch:
			reply.VoteGranted = grant
		case <-f.rig.quit:
		}
	}
}

// AppendEntries answers as a follower that accepts everything (tests here check peer 0 as a
// voter and a follower; if it wrongly becomes leader, its AppendEntries just succeed).
func (f *Raft) AppendEntries(args *raft.AppendEntriesArgs, reply *raft.AppendEntriesReply) {
	f.mu.Lock()
	ae := f.ae
	f.mu.Unlock()
	if ae != nil {
		ae(args, reply)
		return
	}
	reply.Term, reply.Success = args.Term, true
}

// InstallSnapshot hands the request to the test (if it listens) and answers with its term.
func (f *Raft) InstallSnapshot(args *raft.InstallSnapshotArgs, reply *raft.InstallSnapshotReply) {
	f.mu.Lock()
	ch := f.snaps
	f.mu.Unlock()
	reply.Term = args.Term
	if ch != nil {
		select {
		case ch <- *args:
		default: // the test has seen enough
		}
	}
}

// setAE makes stand-in f answer AppendEntries with ae.
func (f *Raft) setAE(ae func(args *raft.AppendEntriesArgs, reply *raft.AppendEntriesReply)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ae = ae
}

// setGrant makes stand-in f grant (or refuse) every RequestVote it does not hold.
func (f *Raft) setGrant(grant bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.grant = grant
}

// makeRaft adapts Make to the harness's raftapi.MakeFunc, for the cluster tests of this external
// test package (persist_test.go). They live here rather than in package raft so that they run
// after the quick handler tests: go test runs a package's internal tests first.
func makeRaft(peers []raftapi.ClientEnd, me int, p raftapi.Persister, applyCh chan<- raftapi.ApplyMsg) raftapi.Peer {
	return raft.Make(peers, me, p, applyCh)
}

// rig is peer 0 on a network with n-1 stand-ins.
type rig struct {
	t         *testing.T
	net       *simnet.Network
	ends      []raftapi.ClientEnd
	fakes     []*Raft
	p         *persister.Persister
	applyCh   chan raftapi.ApplyMsg
	campaigns chan campaign
	quit      chan struct{}
	peer      *raft.Raft
}

func newRig(t *testing.T, n int) *rig {
	r := &rig{t: t, net: simnet.NewNetwork(1), p: persister.New(),
		applyCh: make(chan raftapi.ApplyMsg, 100), campaigns: make(chan campaign, 1000), quit: make(chan struct{})}
	r.ends = make([]raftapi.ClientEnd, n)
	r.fakes = make([]*Raft, n)
	for i := range n {
		name := fmt.Sprintf("0->%d", i)
		r.ends[i] = r.net.NewEnd(name)
		if i == 0 {
			continue
		}
		r.fakes[i] = &Raft{id: i, rig: r, hold: map[int]chan bool{}}
		svc, err := simnet.NewService(r.fakes[i])
		require.NoError(t, err)
		srv := simnet.NewServer()
		srv.AddService(svc)
		r.net.AddServer(fmt.Sprintf("peer-%d", i), srv)
		r.net.Connect(name, fmt.Sprintf("peer-%d", i))
		r.net.Enable(name, true)
	}
	rafttest.WatchLoops(t, r.net)
	r.peer = raft.Make(r.ends, 0, r.p, r.applyCh)
	t.Cleanup(func() {
		r.peer.Kill()
		close(r.quit)
		r.net.Cleanup()
		time.Sleep(2 * time.Second) // virtual: the killed peer's goroutines see Kill and end
	})
	return r
}

// restart kills peer 0 and makes it again from a copy of what it persisted, as a crash would.
func (r *rig) restart() {
	r.peer.Kill()
	r.p = r.p.Copy()
	r.peer = raft.Make(r.ends, 0, r.p, r.applyCh)
}

// vote asks peer 0, as candidate of term with an empty log, for its vote, and returns the reply.
func (r *rig) vote(term, candidate int) raft.RequestVoteReply {
	var v raft.RequestVoteReply
	r.peer.RequestVote(&raft.RequestVoteArgs{Term: term, CandidateID: candidate}, &v)
	return v
}

// nextCampaign waits up to limit for peer 0 to ask for votes in a term above after.
func (r *rig) nextCampaign(after int, limit time.Duration) (campaign, bool) {
	deadline := time.After(limit)
	for {
		select {
		case c := <-r.campaigns:
			if c.term > after {
				return c, true
			}
		case <-deadline:
			return campaign{}, false
		}
	}
}

// applied collects what peer 0 sends on applyCh within wait.
func (r *rig) applied(wait time.Duration) []raftapi.ApplyMsg {
	var got []raftapi.ApplyMsg
	deadline := time.After(wait)
	for {
		select {
		case m := <-r.applyCh:
			got = append(got, m)
		case <-deadline:
			return got
		}
	}
}

// appliedN collects what peer 0 sends on applyCh until it has n messages or limit passes.
func (r *rig) appliedN(n int, limit time.Duration) []raftapi.ApplyMsg {
	var got []raftapi.ApplyMsg
	deadline := time.After(limit)
	for len(got) < n {
		select {
		case m := <-r.applyCh:
			got = append(got, m)
		case <-deadline:
			return got
		}
	}
	return got
}

func entries(term int, cmds ...string) []figure2.Entry {
	var out []figure2.Entry
	for _, c := range cmds {
		out = append(out, figure2.Entry{Term: term, Command: c})
	}
	return out
}

// Test3AVotedForResetOnNewTerm: a peer that learns a new term from a leader's AppendEntries has
// not voted in that term yet: it may grant its vote in it.
func Test3AVotedForResetOnNewTerm(t *testing.T) {
	rafttest.Run(t, "3A votedFor cleared on a new term", func(t *testing.T) {
		r := newRig(t, 3)
		v := r.vote(2, 1)
		require.True(t, v.VoteGranted, "peer 0 (term 0, no vote) refused candidate 1 in term 2; a peer grants its "+
			"first vote of a newer term to an up-to-date candidate (RequestVote receiver rule 2)")

		var a raft.AppendEntriesReply
		r.peer.AppendEntries(&raft.AppendEntriesArgs{Term: 3, LeaderID: 1}, &a)
		require.Equal(t, 3, a.Term, "an AppendEntries of term 3 must move peer 0 to term 3 (Rules for All Servers)")

		v2 := r.vote(3, 2)
		require.True(t, v2.VoteGranted,
			"peer 0 voted for 1 in term 2, then moved to term 3 on an AppendEntries; candidate 2 asked for its "+
				"vote in term 3 and was refused. On moving to a new term a peer has voted for nobody in it: set "+
				"votedFor to none whenever currentTerm changes (Figure 2, Rules for All Servers: set currentTerm = T "+
				"and convert to follower; votedFor belongs to currentTerm)")
	})
}

// Test3ATimerResetOnGrantedVote: a peer that grants its vote restarts its election timer, so it
// does not start an election of its own just after helping a candidate.
func Test3ATimerResetOnGrantedVote(t *testing.T) {
	rafttest.Run(t, "3A election timer restarts on a granted vote", func(t *testing.T) {
		r := newRig(t, 3)
		term := 0
		for round := range 4 {
			c1, ok := r.nextCampaign(term, 5*time.Second)
			require.True(t, ok, "round %d: peer 0 heard nothing for 5s but asked for no votes: a follower whose "+
				"election timeout elapses becomes a candidate (Rules for Servers: Followers)", round)
			term = c1.term
			// The latest moment peer 0's own timer cannot have fired yet.
			time.Sleep(time.Until(c1.at.Add(raft.ElectionTimeoutMin - time.Millisecond)))
			var v raft.RequestVoteReply
			term++
			r.peer.RequestVote(&raft.RequestVoteArgs{Term: term, CandidateID: 1}, &v)
			require.True(t, v.VoteGranted, "peer 0 refused candidate 1 (term %d, an up-to-date empty log); it must "+
				"grant its first vote of a newer term (RequestVote receiver rule 2)", term)
			granted := time.Now()

			c2, ok := r.nextCampaign(term-1, 5*time.Second)
			require.True(t, ok, "peer 0 asked for no votes for 5s after granting one")
			require.GreaterOrEqual(t, c2.at.Sub(granted), raft.ElectionTimeoutMin,
				"peer 0 granted its vote and started its own election %v later, less than ElectionTimeoutMin (%v): "+
					"a peer that grants a vote must restart its election timer (Figure 2, Rules for Servers: Followers: "+
					"convert to candidate only if the timeout elapses without hearing from the leader or granting a vote)",
				c2.at.Sub(granted), raft.ElectionTimeoutMin)
			term = c2.term
		}
	})
}

// Test3AStaleVoteReplyIgnored: a vote granted for an earlier election arrives after the peer
// has moved on to a new one; it must not count.
func Test3AStaleVoteReplyIgnored(t *testing.T) {
	rafttest.Run(t, "3A stale vote reply ignored", func(t *testing.T) {
		r := newRig(t, 3)
		// Stand-in 1 holds back its answers to the next few terms' requests.
		release := map[int]chan bool{}
		r.fakes[1].mu.Lock()
		for term := 1; term <= 20; term++ {
			release[term] = make(chan bool, 1)
			r.fakes[1].hold[term] = release[term]
		}
		r.fakes[1].mu.Unlock()

		c1, ok := r.nextCampaign(0, 5*time.Second)
		require.True(t, ok, "peer 0 heard nothing for 5s but asked for no votes: a follower whose election "+
			"timeout elapses becomes a candidate (Rules for Servers: Followers)")
		c2, ok := r.nextCampaign(c1.term, 5*time.Second)
		require.True(t, ok, "peer 0 got no votes in term %d and yet started no new election for 5s: a candidate "+
			"whose election timeout elapses starts a new election (Rules for Servers: Candidates)", c1.term)

		release[c1.term] <- true // the vote for the old election arrives now
		time.Sleep(raft.HeartbeatInterval)
		term, leader := r.peer.GetState()
		require.False(t, leader,
			"peer 0 is leader of term %d with only its own vote and a vote granted for term %d, an election it "+
				"had already abandoned for term %d. Count a RequestVote reply only if it answers the current "+
				"election: check that currentTerm still equals the term of the request", term, c1.term, c2.term)
		for _, ch := range release {
			select {
			case ch <- false:
			default:
			}
		}
	})
}

// Test3BLateAppendKeepsEntries: an AppendEntries that arrives late, carrying a prefix of what
// the follower already accepted, must not cut the follower's log.
func Test3BLateAppendKeepsEntries(t *testing.T) {
	rafttest.Run(t, "3B late AppendEntries keeps entries", func(t *testing.T) {
		r := newRig(t, 3)
		var a raft.AppendEntriesReply
		r.peer.AppendEntries(&raft.AppendEntriesArgs{Term: 1, LeaderID: 1, Entries: entries(1, "a", "b", "c")}, &a)
		require.True(t, a.Success, "peer 0 refused entries 1-3 after index 0; index 0 always matches (receiver rule 2)")
		var late raft.AppendEntriesReply
		r.peer.AppendEntries(&raft.AppendEntriesArgs{Term: 1, LeaderID: 1, Entries: entries(1, "a")}, &late)
		require.True(t, late.Success, "peer 0 refused a repeated entry 1 it already holds")

		var hb raft.AppendEntriesReply
		r.peer.AppendEntries(&raft.AppendEntriesArgs{Term: 1, LeaderID: 1, PrevLogIndex: 3, PrevLogTerm: 1,
			LeaderCommit: 3}, &hb)
		require.True(t, hb.Success,
			"peer 0 accepted entries 1-3, then a late AppendEntries carrying only entry 1; now it says it lacks "+
				"entry 3. The leader already counts 3 as stored there. A follower deletes entries only when one "+
				"conflicts with the leader's (same index, different term), never the ones after a match "+
				"(AppendEntries receiver rules 3 and 4)")
		got := r.applied(time.Second)
		require.Len(t, got, 3, "leaderCommit 3 with entries 1-3 matching: peer 0 must apply all three")
	})
}

// Test3BCommitOnlyUpToNewEntries: a follower's commitIndex stops at the last entry the leader
// vouched for, even if its own log is longer.
func Test3BCommitOnlyUpToNewEntries(t *testing.T) {
	rafttest.Run(t, "3B commitIndex only up to new entries", func(t *testing.T) {
		r := newRig(t, 3)
		var a raft.AppendEntriesReply
		r.peer.AppendEntries(&raft.AppendEntriesArgs{Term: 1, LeaderID: 1, Entries: entries(1, "a", "b", "c")}, &a)
		require.True(t, a.Success, "peer 0 refused entries 1-3 after index 0; index 0 always matches (receiver rule 2)")

		// A new leader of term 2 matches peer 0 at index 1 only, and has committed index 3 of its own.
		var hb raft.AppendEntriesReply
		r.peer.AppendEntries(&raft.AppendEntriesArgs{Term: 2, LeaderID: 2, PrevLogIndex: 1, PrevLogTerm: 1,
			LeaderCommit: 3}, &hb)
		require.True(t, hb.Success, "peer 0 holds entry 1 of term 1, which is what PrevLogIndex 1 and PrevLogTerm 1 "+
			"ask for: the AppendEntries must succeed")
		got := r.applied(time.Second)
		var idx []int
		for _, m := range got {
			idx = append(idx, m.CommandIndex)
		}
		require.Equal(t, []int{1}, idx,
			"leader 2 vouched only for index 1 (PrevLogIndex 1, no entries) though its commitIndex is 3; peer 0's "+
				"entries 2-3 are from term 1 and may differ from the leader's. A follower sets commitIndex = "+
				"min(leaderCommit, index of last new entry) (AppendEntries receiver rule 5), not its own last index")
	})
}

// Test3CVotePersisted: a vote survives a crash: a restarted peer does not vote again, for
// someone else, in the same term.
func Test3CVotePersisted(t *testing.T) {
	rafttest.Run(t, "3C vote survives a restart", func(t *testing.T) {
		r := newRig(t, 3)
		v := r.vote(5, 1)
		require.True(t, v.VoteGranted, say.F(
			"피어 0(텀 0, 아직 투표 안 함)이 텀 5의 후보 1을 거절했습니다. 더 새 텀의 첫 투표는 로그가 뒤지지 않는 후보에게 줍니다 (RequestVote 수신 규칙 2)",
			"peer 0 (term 0, no vote) refused candidate 1 in term 5; it must grant its first vote of a newer term to an up-to-date candidate (RequestVote receiver rule 2)"))
		// Before any crash: the same question, so that a peer that never records its vote is
		// told that, not that it forgets it across a restart.
		v1 := r.vote(5, 2)
		require.False(t, v1.VoteGranted, say.F(
			"재시작하기도 전에, 피어 0이 텀 5에서 후보 1에게 투표한 뒤 같은 텀의 후보 2에게도 투표했습니다: 저장 문제가 아니라 한 텀에 한 표 규칙입니다. 투표할 때 votedFor를 기록하고, votedFor가 비어 있거나 같은 후보일 때만 투표합니다 (RequestVote 수신 규칙 2)",
			"before any restart, peer 0 voted for candidate 1 in term 5 and then for candidate 2 in the same term: not a persistence problem but the one-vote-per-term rule. Record votedFor when granting, and grant only if votedFor is none or that same candidate (RequestVote receiver rule 2)"))

		r.restart()
		term, _ := r.peer.GetState()
		require.Equal(t, 5, term, say.F(
			"피어 0은 텀 5에서 죽었는데 텀 %d로 돌아왔습니다: currentTerm은 영구 상태입니다 (Figure 2). RPC에 답하기 전에 저장하고 readPersist로 되살립니다",
			"peer 0 was in term 5 when it crashed and came back in term %d: currentTerm is persistent state (Figure 2), saved before answering the RPC and restored by readPersist",
			term))
		v2 := r.vote(5, 2)
		require.False(t, v2.VoteGranted, say.F(
			"피어 0은 텀 5에서 후보 1에게 투표하고, 죽었다 살아난 뒤 같은 텀 5에서 후보 2에게 투표했습니다: 텀 5에 리더가 둘 생길 수 있습니다. votedFor는 영구 상태입니다 (Figure 2): 응답이 나가기 전에 저장하세요",
			"peer 0 voted for 1 in term 5, crashed, restarted, and voted for 2 in the same term 5: two leaders can win term 5. votedFor is persistent state (Figure 2): save it before the reply leaves"))
	})
}

// Test3AStepDownOnHigherTermVote: a leader that receives a RequestVote of a higher term becomes
// a follower of that term, whether or not it grants the vote.
func Test3AStepDownOnHigherTermVote(t *testing.T) {
	rafttest.Run(t, "3A leader steps down on a higher-term RequestVote", func(t *testing.T) {
		r := newRig(t, 3)
		for _, f := range r.fakes[1:] {
			f.mu.Lock()
			f.grant = true
			f.mu.Unlock()
		}
		c1, ok := r.nextCampaign(0, 5*time.Second)
		require.True(t, ok, "peer 0 heard nothing for 5s but asked for no votes: a follower whose election "+
			"timeout elapses becomes a candidate (Rules for Servers: Followers)")
		time.Sleep(raft.HeartbeatInterval)
		term, leader := r.peer.GetState()
		require.True(t, leader && term == c1.term, "peer 0 asked for votes in term %d and both other peers granted "+
			"theirs, yet it reports term %d, leader %v: a candidate with votes from a majority becomes leader "+
			"(Rules for Servers: Candidates)", c1.term, term, leader)

		r.vote(c1.term+5, 1)
		term, leader = r.peer.GetState()
		require.Equal(t, c1.term+5, term, "a RequestVote of term %d must move peer 0 to that term (Rules for All "+
			"Servers)", c1.term+5)
		require.False(t, leader,
			"peer 0, leader of term %d, got a RequestVote of term %d and still says it leads, now in term %d: "+
				"another peer can win that term too. A server that sees a higher term sets currentTerm and converts to "+
				"follower (Figure 2, Rules for All Servers; figure2.GrantVote reports it as StepDown)", c1.term, term, term)
	})
}

// Test3AStepDownOnHigherTermReplies: a reply of either RPC that carries a term above the
// peer's own means the peer is out of date: a candidate or a leader that receives one sets
// currentTerm to it and becomes a follower at once (Figure 2, Rules for All Servers: "If RPC
// request or response contains term T > currentTerm").
func Test3AStepDownOnHigherTermReplies(t *testing.T) {
	rafttest.Run(t, "3A step down on a reply of a higher term", func(t *testing.T) {
		r := newRig(t, 3)
		// A candidate: stand-in 1 has moved on to a much later term and says so.
		r.fakes[1].mu.Lock()
		r.fakes[1].voteTerm = 50
		r.fakes[1].mu.Unlock()
		c, ok := r.nextCampaign(0, 5*time.Second)
		require.True(t, ok, say.F(
			"피어 0이 5초 동안 아무것도 듣지 못했는데 투표를 요청하지 않았습니다: 선거 타임아웃이 지난 팔로워는 후보가 됩니다 (Figure 2, Rules for Servers: Followers)",
			"peer 0 heard nothing for 5s but asked for no votes: a follower whose election timeout elapses becomes a candidate (Figure 2, Rules for Servers: Followers)"))
		time.Sleep(raft.HeartbeatInterval) // far less than an election timeout: no new election yet
		term, _ := r.peer.GetState()
		require.Equal(t, 50, term, say.F(
			"후보 피어 0(텀 %d)이 피어 1에게서 텀 50이 담긴 RequestVote 응답을 받았는데 아직 텀 %d입니다. 응답의 텀이 currentTerm보다 크면 currentTerm을 그 텀으로 올리고 팔로워가 됩니다 (Figure 2, Rules for All Servers): 그러지 않으면 이 후보는 이길 수 없는 텀에서 선거를 되풀이합니다",
			"candidate peer 0 (term %d) got a RequestVote reply carrying term 50 from peer 1 and is still in term %d. When a reply carries a term above currentTerm, set currentTerm to it and become follower (Figure 2, Rules for All Servers): otherwise the candidate keeps running elections in terms it cannot win",
			c.term, term))

		// A leader: stand-in 1 now answers its AppendEntries from a later term still.
		r.fakes[1].mu.Lock()
		r.fakes[1].voteTerm = 0
		r.fakes[1].mu.Unlock()
		var later atomic.Bool
		r.fakes[1].setAE(func(args *raft.AppendEntriesArgs, reply *raft.AppendEntriesReply) {
			if later.Load() {
				reply.Term, reply.Success = args.Term+7, false
				return
			}
			reply.Term, reply.Success = args.Term, true
		})
		lead := electPeer0(t, r, 50)
		later.Store(true)
		// Any heartbeat round from now on reaches stand-in 1; give it a second (virtual).
		term, leader := r.peer.GetState()
		for range 10 {
			if term, leader = r.peer.GetState(); term >= lead+7 && !leader {
				break
			}
			time.Sleep(raft.HeartbeatInterval)
		}
		require.True(t, term >= lead+7 && !leader, say.F(
			"리더 피어 0(텀 %d)이 보낸 AppendEntries에 피어 1이 텀 %d로 답했는데, 피어 0은 지금 텀 %d, 리더 %v입니다. 응답의 텀이 currentTerm보다 크면 리더도 currentTerm을 그 텀으로 올리고 팔로워가 됩니다 (Figure 2, Rules for All Servers): 물러나지 않은 옛 리더는 새 리더와 함께 명령을 받습니다",
			"leader peer 0 (term %d) got an AppendEntries reply carrying term %d from peer 1, and is now in term %d, leader %v. When a reply carries a term above currentTerm, a leader too sets currentTerm to it and becomes follower (Figure 2, Rules for All Servers): an old leader that does not step down keeps taking commands beside the new one",
			lead, lead+7, term, leader))
	})
}
