package raft_test

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"dsweekends/phase3-raft/figure2"
	"dsweekends/phase3-raft/raft"
	"dsweekends/phase3-raft/rafttest"
	"dsweekends/testkit/say"
)

// The tests in this file make peer 0 the leader of scripted stand-ins (see handlers_test.go)
// and watch what it sends them, so that a leader that breaks one of Figure 2's rules for
// leaders does so in every run, and is told which rule.

// follower is a stand-in's log with the AppendEntries receiver rules, and the conflict hint
// MIT's lab describes (XTerm, XIndex, XLen). It counts the requests of one term.
type follower struct {
	mu      sync.Mutex
	log     []figure2.Entry // log[0] is a sentinel of term 0; entry i is log[i]
	term    int             // the leader's term to count; 0 counts nothing
	calls   int             // AppendEntries of term received
	refused int             // of those, refused by the consistency check
}

// newFollower returns a follower whose log holds, in order, the entries of each run: run k is
// runs[k][1] entries of term runs[k][0].
func newFollower(runs ...[2]int) *follower {
	f := &follower{log: []figure2.Entry{{}}}
	for _, r := range runs {
		for range r[1] {
			f.log = append(f.log, figure2.Entry{Term: r[0], Command: "old"})
		}
	}
	return f
}

// entriesOf is the entries of runs, as newFollower lays them out, without the sentinel.
func entriesOf(runs ...[2]int) []figure2.Entry {
	return newFollower(runs...).log[1:]
}

func (f *follower) appendEntries(args *raft.AppendEntriesArgs, reply *raft.AppendEntriesReply) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if args.Term == f.term {
		f.calls++
	}
	reply.Term = args.Term
	reply.XLen = len(f.log)
	if args.PrevLogIndex >= len(f.log) {
		if args.Term == f.term {
			f.refused++
		}
		return // too short: XTerm 0, XLen says where it ends
	}
	if t := f.log[args.PrevLogIndex].Term; t != args.PrevLogTerm {
		if args.Term == f.term {
			f.refused++
		}
		first := args.PrevLogIndex
		for first > 1 && f.log[first-1].Term == t {
			first--
		}
		reply.XTerm, reply.XIndex = t, first
		return
	}
	for k, e := range args.Entries {
		i := args.PrevLogIndex + 1 + k
		if i < len(f.log) {
			if f.log[i].Term == e.Term {
				continue
			}
			f.log = f.log[:i]
		}
		f.log = append(f.log, e)
	}
	reply.Success = true
}

// terms returns the term of every entry of the follower's log after the sentinel.
func (f *follower) terms() []int {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []int
	for _, e := range f.log[1:] {
		out = append(out, e.Term)
	}
	return out
}

func (f *follower) counts() (calls, refused int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls, f.refused
}

func (f *follower) countTerm(term int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.term = term
}

func termsOf(es []figure2.Entry) []int {
	var out []int
	for _, e := range es {
		out = append(out, e.Term)
	}
	return out
}

// electPeer0 makes the stand-ins grant every vote and waits for peer 0 to say it leads a term
// after term after. It returns that term.
func electPeer0(t *testing.T, r *rig, after int) int {
	t.Helper()
	for _, f := range r.fakes[1:] {
		f.setGrant(true)
	}
	for range 50 {
		if term, leader := r.peer.GetState(); leader && term > after {
			return term
		}
		time.Sleep(raft.HeartbeatInterval)
	}
	term, leader := r.peer.GetState()
	require.FailNow(t, say.F(
		"다른 두 피어가 모든 투표 요청에 표를 주는데도 피어 0이 5초 동안 리더가 되지 못했습니다(지금 텀 %d, 리더 %v). 아무것도 듣지 못한 팔로워는 선거 타임아웃 뒤 후보가 되고, 과반의 표를 얻은 후보는 리더가 됩니다 (Figure 2, Rules for Servers: Followers, Candidates)",
		"both other peers grant every vote asked of them, yet peer 0 did not become leader within 5s (now term %d, leader %v). A follower that hears nothing becomes candidate after its election timeout, and a candidate with votes from a majority becomes leader (Figure 2, Rules for Servers: Followers, Candidates)",
		term, leader))
	return 0
}

// startOnLeader calls Start on peer 0, leader of term, with each command, and requires that
// each is accepted at the next index, from first on.
func startOnLeader(t *testing.T, r *rig, term, first int, cmds ...string) {
	t.Helper()
	for i, cmd := range cmds {
		index, _, ok := r.peer.Start(cmd)
		require.True(t, ok && index == first+i, say.F(
			"텀 %[2]d의 리더인 피어 0(마지막 인덱스 %[5]d)에게 Start(%[1]q)를 불렀더니 (index %[3]d, isLeader %[4]v)입니다. 리더는 명령을 자기 로그의 마지막 항목 다음, 인덱스 %[6]d에 넣고 isLeader=true를 돌려줍니다",
			"Start(%[1]q) on peer 0, leader of term %[2]d with last index %[5]d, returned (index %[3]d, isLeader %[4]v); a leader puts the command just after its last entry, at index %[6]d, and returns isLeader=true",
			cmd, term, index, ok, first+i-1, first+i))
	}
}

// replaceLogOfPeer0 has leader 2 of term replace peer 0's log with one entry, x, of its own.
func replaceLogOfPeer0(t *testing.T, r *rig, term int) {
	t.Helper()
	var a raft.AppendEntriesReply
	r.peer.AppendEntries(&raft.AppendEntriesArgs{Term: term, LeaderID: 2, Entries: entries(term, "x")}, &a)
	require.True(t, a.Success, say.F(
		"피어 0이 텀 %d 리더 2의 항목 1(PrevLogIndex 0)을 거절했습니다. 인덱스 0은 언제나 일치합니다 (AppendEntries 수신 규칙 2)",
		"peer 0 refused entry 1 (PrevLogIndex 0) of leader 2 of term %d; index 0 always matches (AppendEntries receiver rule 2)",
		term))
}

// Test3BFastBackupMessages: a leader repairs a follower whose log conflicts over dozens of
// entries but only a few terms with a handful of AppendEntries: with the conflict hint it skips
// a whole term per refusal (§5.3, end: "the leader can decrement nextIndex to bypass all of the
// conflicting entries in that term"), never one entry per refusal.
func Test3BFastBackupMessages(t *testing.T) {
	rafttest.Run(t, "3B fast backup, counted in messages", func(t *testing.T) {
		r := newRig(t, 3)
		// Peer 0's log, from a leader of term 4: 10 entries of term 1, 20 of term 2, 50 of term 4.
		leaderRuns := [][2]int{{1, 10}, {2, 20}, {4, 50}}
		var a raft.AppendEntriesReply
		r.peer.AppendEntries(&raft.AppendEntriesArgs{Term: 4, LeaderID: 1, Entries: entriesOf(leaderRuns...)}, &a)
		require.True(t, a.Success, say.F(
			"피어 0이 인덱스 0 뒤의 항목 1–80을 거절했습니다. 인덱스 0은 언제나 일치합니다 (AppendEntries 수신 규칙 2)",
			"peer 0 refused entries 1-80 after index 0; index 0 always matches (AppendEntries receiver rule 2)"))

		// Stand-in 1 diverges after index 30 (it has 10 more entries of term 2, then 60 of term 3,
		// a term peer 0 never saw); stand-in 2 holds only the first 5 entries.
		long := newFollower([2]int{1, 10}, [2]int{2, 30}, [2]int{3, 60})
		short := newFollower([2]int{1, 5})
		r.fakes[1].setAE(long.appendEntries)
		r.fakes[2].setAE(short.appendEntries)
		// Count from the first request of the next term on: that is the term peer 0 will lead.
		long.countTerm(5)
		short.countTerm(5)

		term := electPeer0(t, r, 4)
		require.Equal(t, 5, term, say.F(
			"피어 0은 텀 4에서 처음 선거를 시작하므로 텀 5를 요청해야 하는데 텀 %d였습니다 (후보는 currentTerm을 1 올립니다)",
			"peer 0 started its first election from term 4, so it must ask for term 5, not %d (a candidate increments currentTerm)",
			term))

		want := termsOf(entriesOf(leaderRuns...))
		for range 40 {
			if slices.Equal(long.terms(), want) && slices.Equal(short.terms(), want) {
				break
			}
			time.Sleep(raft.HeartbeatInterval / 2)
		}
		for _, f := range []struct {
			name string
			*follower
		}{{"1", long}, {"2", short}} {
			name := f.name
			require.Equal(t, want, f.terms(), say.F(
				"리더가 된 지 2초가 지났는데 팔로워 %s의 로그(항목의 텀)가 리더의 로그와 같지 않습니다. 리더는 거절될 때마다 nextIndex를 줄여 다시 보내고, 받아들여지면 nextIndex 뒤의 모든 항목을 보냅니다 (Figure 2, Rules for Servers: Leaders)",
				"two seconds after peer 0 became leader, follower %s's log (the terms of its entries) still differs from the leader's. On a refusal the leader backs nextIndex up and tries again; once accepted it sends every entry from nextIndex on (Figure 2, Rules for Servers: Leaders)",
				name))
		}

		// Stand-in 1 conflicts over entries 31-80 in two terms (2 and 3): one refusal per term,
		// and a few more for requests already under way, is what the conflict hint costs.
		// Stand-in 2 is short: one refusal, answered with its length.
		for _, c := range []struct {
			name  string
			f     *follower
			terms int
		}{{"1", long, 2}, {"2", short, 1}} {
			calls, refused := c.f.counts()
			limit := c.terms + 3
			require.LessOrEqual(t, refused, limit, say.F(
				"팔로워 %s를 맞추는 데 AppendEntries %d개를 보냈고 그중 %d개가 거절되었습니다. 충돌하는 텀이 %d개뿐이므로 거절은 %d개까지입니다. 거절 때마다 nextIndex를 1씩 줄이면 어긋난 항목마다 메시지 하나가 듭니다. 응답의 충돌 힌트(XTerm, XIndex, XLen)로 텀 하나를 한 번에 건너뛰세요 (§5.3 끝의 최적화, figure2.NextIndexAfterReject)",
				"repairing follower %s took %d AppendEntries, %d of them refused; its log conflicts in only %d terms, so at most %d refusals are allowed. Backing nextIndex up by one per refusal costs a message per conflicting entry: use the reply's conflict hint (XTerm, XIndex, XLen) to skip a whole term at once (the optimization at the end of §5.3, figure2.NextIndexAfterReject)",
				c.name, calls, refused, c.terms, limit))
		}
	})
}

// Test3BStaleAppendReplyIgnored: a reply to an AppendEntries that peer 0 sent as leader of an
// earlier term arrives while it leads a later term. Nothing in it is true any more (the
// follower's log may have changed since): it must not move matchIndex or nextIndex, nor commit.
func Test3BStaleAppendReplyIgnored(t *testing.T) {
	rafttest.Run(t, "3B AppendEntries reply of an older term ignored", func(t *testing.T) {
		r := newRig(t, 3)
		// The stand-ins hold every AppendEntries until the test releases that request's term.
		var mu sync.Mutex
		release := map[int]chan struct{}{}
		gate := func(term int) chan struct{} {
			mu.Lock()
			defer mu.Unlock()
			if release[term] == nil {
				release[term] = make(chan struct{})
			}
			return release[term]
		}
		hold := func(args *raft.AppendEntriesArgs, reply *raft.AppendEntriesReply) {
			select {
			case <-gate(args.Term):
				reply.Term, reply.Success = args.Term, true
			case <-r.quit:
			}
		}
		r.fakes[1].setAE(hold)
		r.fakes[2].setAE(hold)

		term1 := electPeer0(t, r, 0)
		startOnLeader(t, r, term1, 1, "a", "b", "c")
		time.Sleep(2 * raft.HeartbeatInterval) // AppendEntries carrying a, b, c are held

		replaceLogOfPeer0(t, r, term1+1)

		term3 := electPeer0(t, r, term1+1)
		startOnLeader(t, r, term3, 2, "d", "e")
		time.Sleep(raft.HeartbeatInterval)

		close(gate(term1)) // the followers' answers to term 1's requests (a, b, c) arrive only now
		for _, m := range r.applied(time.Second) {
			require.Fail(t, say.F(
				"피어 0은 텀 %d의 리더이고 어느 팔로워도 이 텀의 AppendEntries에 답하지 않았는데, 인덱스 %d(%v)를 커밋해 적용했습니다. 텀 %d에 보낸 요청(a, b, c)에 대한 늦은 성공 응답을 지금 텀의 것처럼 처리했기 때문입니다. 그 사이 팔로워의 로그는 바뀌었을 수 있습니다: 요청의 텀이 지금의 currentTerm과 다르면(또는 더는 리더가 아니면) 응답을 무시하고 matchIndex, nextIndex, commitIndex를 건드리지 마세요",
				"peer 0 leads term %d and no follower has answered any AppendEntries of this term, yet it committed and applied index %d (%v). It took late successful replies to requests it sent in term %d (carrying a, b, c) as if they were of this term; the followers' logs may have changed since. Ignore a reply when its request's term differs from currentTerm (or you are no longer leader): no change to matchIndex, nextIndex or commitIndex",
				term3, m.CommandIndex, m.Command, term1))
		}
	})
}

// Test3BLeaderResetsMatchIndex: what a leader learned about its followers' logs in an earlier
// term is void when it is elected again: matchIndex starts at 0 and nextIndex just past its log
// for every peer (Figure 2, "Volatile state on leaders (reinitialized after election)"). Peer 0
// leads term A and copies a, b, c to follower 1 only; it loses those entries to a leader of the
// next term and leads again, with follower 1 unreachable. A matchIndex kept from term A counts
// follower 1 as holding entries of the new term that it never received.
func Test3BLeaderResetsMatchIndex(t *testing.T) {
	rafttest.Run(t, "3B matchIndex reinitialized after each election", func(t *testing.T) {
		r := newRig(t, 5)
		// hold answers no AppendEntries: the follower is unreachable until the test ends.
		hold := func(*raft.AppendEntriesArgs, *raft.AppendEntriesReply) { <-r.quit }
		one := newFollower()
		r.fakes[1].setAE(one.appendEntries)
		for _, f := range r.fakes[2:] {
			f.setAE(hold)
		}

		termA := electPeer0(t, r, 0)
		startOnLeader(t, r, termA, 1, "a", "b", "c")
		for range 20 {
			if len(one.terms()) == 3 {
				break
			}
			time.Sleep(raft.HeartbeatInterval / 2)
		}
		require.Len(t, one.terms(), 3, say.F(
			"리더 피어 0이 1초 동안 팔로워 1(모든 것을 받아들임)에게 항목 a, b, c를 보내지 않았습니다: Start 뒤에 리더는 nextIndex부터의 항목을 AppendEntries로 보냅니다 (Rules for Servers: Leaders)",
			"for 1s leader peer 0 did not send entries a, b, c to follower 1, which accepts everything: after Start a leader sends the entries from nextIndex on in AppendEntries (Rules for Servers: Leaders)"))
		// a, b, c are on two peers of five: not committed.

		replaceLogOfPeer0(t, r, termA+1)

		// Peer 0 leads again. Follower 1 is unreachable now; follower 2 answers.
		r.fakes[1].setAE(hold)
		two := newFollower()
		r.fakes[2].setAE(two.appendEntries)
		termC := electPeer0(t, r, termA+1)
		startOnLeader(t, r, termC, 2, "d", "e", "f")
		// Entries 2-4 (term termC) are on peer 0 and follower 2 only: two of five.
		for _, m := range r.applied(2 * time.Second) {
			require.Fail(t, say.F(
				"피어 0은 텀 %d의 리더이고 이 텀에 항목을 받았다고 답한 팔로워는 2 하나뿐인데(다섯 중 둘), 인덱스 %d(%v)를 커밋해 적용했습니다. 팔로워 1은 텀 %d부터 한 번도 답하지 않았습니다: 피어 0이 텀 %d에 리더였을 때의 matchIndex(팔로워 1은 3까지)를 그대로 세었기 때문입니다. 리더는 선거에서 이길 때마다 모든 피어의 nextIndex를 자기 마지막 인덱스 + 1로, matchIndex를 0으로 다시 정합니다 (Figure 2, Volatile state on leaders: reinitialized after election)",
				"peer 0 leads term %d and only follower 2 has acknowledged entries of this term (two peers of five), yet it committed and applied index %d (%v). Follower 1 has not answered since term %d: peer 0 counted the matchIndex it learned as leader of term %d (follower 1 up to 3). Each time a leader wins an election it sets nextIndex to its last index + 1 and matchIndex to 0 for every peer (Figure 2, Volatile state on leaders: reinitialized after election)",
				termC, m.CommandIndex, m.Command, termA, termA))
		}
	})
}
