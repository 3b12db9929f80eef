package raft_test

import (
	"bytes"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"dsweekends/phase3-raft/raft"
	"dsweekends/phase3-raft/rafttest"
	"dsweekends/testkit/say"
)

// The tests in this file call peer 0's handlers directly, as a follower, a voter or a
// candidate among scripted stand-ins (see handlers_test.go), each at the one step where a rule
// matters; a peer that breaks the rule fails in every run.

// Test3AOneVotePerTerm: a peer grants at most one vote per term: a second candidate of the same
// term is refused, and the candidate it voted for may ask again.
func Test3AOneVotePerTerm(t *testing.T) {
	rafttest.Run(t, "3A one vote per term", func(t *testing.T) {
		r := newRig(t, 3)
		v1 := r.vote(2, 1)
		require.True(t, v1.VoteGranted, say.F(
			"피어 0(텀 0, 아직 투표 안 함)이 텀 2의 후보 1을 거절했습니다. 더 새 텀의 첫 투표는 로그가 뒤지지 않는 후보에게 줍니다 (RequestVote 수신 규칙 2)",
			"peer 0 (term 0, no vote) refused candidate 1 in term 2; a peer grants its first vote of a newer term to an up-to-date candidate (RequestVote receiver rule 2)"))
		v2 := r.vote(2, 2)
		require.False(t, v2.VoteGranted, say.F(
			"피어 0이 텀 2에서 후보 1에게 투표한 뒤 같은 텀의 후보 2에게도 투표했습니다: 두 후보가 모두 과반을 얻어 한 텀에 리더가 둘이 될 수 있습니다. 한 텀에 한 표: 투표할 때 votedFor를 기록하고, votedFor가 비어 있거나 같은 후보일 때만 투표합니다 (RequestVote 수신 규칙 2)",
			"peer 0 voted for candidate 1 in term 2, then for candidate 2 in the same term: both can win a majority and term 2 gets two leaders. One vote per term: record votedFor when granting, and grant only if votedFor is none or that same candidate (RequestVote receiver rule 2)"))
		v3 := r.vote(2, 1)
		require.True(t, v3.VoteGranted, say.F(
			"피어 0이 텀 2에서 투표해 준 후보 1이 다시 물었는데 거절했습니다. 응답이 사라지면 후보는 다시 묻습니다: votedFor가 그 후보이면 다시 허락합니다 (RequestVote 수신 규칙 2)",
			"candidate 1, which peer 0 voted for in term 2, asked again and was refused. A candidate asks again when a reply is lost: grant again when votedFor is that candidate (RequestVote receiver rule 2)"))

		// Candidate 1 won term 2: its heartbeat reaches peer 0, then a late candidate of term 2.
		var a raft.AppendEntriesReply
		r.peer.AppendEntries(&raft.AppendEntriesArgs{Term: 2, LeaderID: 1}, &a)
		require.True(t, a.Success, say.F(
			"피어 0이 텀 2 리더 1의 하트비트(PrevLogIndex 0)를 거절했습니다. 인덱스 0은 언제나 일치합니다 (AppendEntries 수신 규칙 2)",
			"peer 0 refused the heartbeat (PrevLogIndex 0) of leader 1 of term 2; index 0 always matches (AppendEntries receiver rule 2)"))
		v4 := r.vote(2, 2)
		require.False(t, v4.VoteGranted, say.F(
			"피어 0은 텀 2에서 후보 1에게 투표했고, 같은 텀 2의 리더 1에게서 하트비트를 받은 뒤 같은 텀의 후보 2에게도 투표했습니다: 한 텀에 두 표입니다. votedFor는 텀이 바뀔 때만 비웁니다: 같은 텀의 리더를 따르게 되어 팔로워가 될 때는 그대로 둡니다 (Figure 2: votedFor는 currentTerm에 속합니다)",
			"peer 0 voted for candidate 1 in term 2, got a heartbeat from leader 1 of that same term 2, and then voted for candidate 2 in term 2 too: two votes in one term. Clear votedFor only when the term changes: becoming a follower of a leader of the same term leaves it as it is (Figure 2: votedFor belongs to currentTerm)"))
	})
}

// Test3ACandidateStepsDownOnAppendEntries: a candidate that receives AppendEntries from a leader
// of its own term knows the election is lost: it becomes a follower, and votes that arrive
// later make it nothing.
func Test3ACandidateStepsDownOnAppendEntries(t *testing.T) {
	rafttest.Run(t, "3A candidate steps down on AppendEntries", func(t *testing.T) {
		r := newRig(t, 3)
		// Stand-in 2 holds back its answers, so that peer 0 stays a candidate until the test
		// lets a vote through.
		release := map[int]chan bool{}
		r.fakes[2].mu.Lock()
		for term := 1; term <= 20; term++ {
			release[term] = make(chan bool, 1)
			r.fakes[2].hold[term] = release[term]
		}
		r.fakes[2].mu.Unlock()
		defer func() {
			for _, ch := range release {
				select {
				case ch <- false:
				default:
				}
			}
		}()

		c, ok := r.nextCampaign(0, 5*time.Second)
		require.True(t, ok, say.F(
			"피어 0이 5초 동안 아무것도 듣지 못했는데 투표를 요청하지 않았습니다: 선거 타임아웃이 지난 팔로워는 후보가 됩니다 (Figure 2, Rules for Servers: Followers)",
			"peer 0 heard nothing for 5s but asked for no votes: a follower whose election timeout elapses becomes a candidate (Figure 2, Rules for Servers: Followers)"))

		// Candidate 1 won the same term, and its first heartbeat reaches peer 0.
		var a raft.AppendEntriesReply
		r.peer.AppendEntries(&raft.AppendEntriesArgs{Term: c.term, LeaderID: 1}, &a)
		require.True(t, a.Success && a.Term == c.term, say.F(
			"텀 %d의 후보인 피어 0이 같은 텀 리더 1의 하트비트(PrevLogIndex 0)에 Success %v, 텀 %d로 답했습니다. 텀이 같은 리더의 요청은 낡지 않았고, 인덱스 0은 언제나 일치합니다 (AppendEntries 수신 규칙 1, 2)",
			"peer 0, a candidate of term %d, answered a heartbeat (PrevLogIndex 0) of leader 1 of the same term with Success %v, term %d. A leader of the same term is not stale, and index 0 always matches (AppendEntries receiver rules 1 and 2)",
			c.term, a.Success, a.Term))

		release[c.term] <- true // stand-in 2's vote for peer 0 arrives now
		time.Sleep(raft.HeartbeatInterval)
		term, leader := r.peer.GetState()
		require.False(t, leader && term == c.term, say.F(
			"피어 0은 텀 %d의 후보였을 때 같은 텀의 리더 1에게서 AppendEntries를 받았고, 그 뒤 도착한 표로 텀 %d의 리더가 되었습니다: 한 텀에 리더가 둘입니다. 자기 텀의 리더가 보낸 AppendEntries를 받은 후보는 팔로워가 됩니다 (Figure 2, Rules for Servers: Candidates; §5.2). 텀이 더 클 때만이 아니라 같을 때도 물러나세요",
			"peer 0 was a candidate of term %d when it received AppendEntries from leader 1 of that same term, then a vote arrived and it became leader of term %d too: two leaders in one term. A candidate that receives AppendEntries from the leader of its own term becomes follower (Figure 2, Rules for Servers: Candidates; §5.2): step down when the term is equal, not only when it is higher",
			c.term, term))
	})
}

// Test3AElectionTimeoutRandomized: over many elections a peer's election timeout takes many
// values spread over [ElectionTimeoutMin, ElectionTimeoutMax), not one value: with a fixed
// timeout, peers that start together time out together and split their votes again and again.
func Test3AElectionTimeoutRandomized(t *testing.T) {
	rafttest.Run(t, "3A election timeouts are randomized", func(t *testing.T) {
		r := newRig(t, 3) // the stand-ins refuse every vote: peer 0 times out again and again
		const elections = 40
		last, ok := r.nextCampaign(0, 5*time.Second)
		require.True(t, ok, say.F(
			"피어 0이 5초 동안 아무것도 듣지 못했는데 투표를 요청하지 않았습니다: 선거 타임아웃이 지난 팔로워는 후보가 됩니다 (Figure 2, Rules for Servers: Followers)",
			"peer 0 heard nothing for 5s but asked for no votes: a follower whose election timeout elapses becomes a candidate (Figure 2, Rules for Servers: Followers)"))
		var gaps []time.Duration
		for range elections {
			c, ok := r.nextCampaign(last.term, 5*time.Second)
			require.True(t, ok, say.F(
				"피어 0이 텀 %d에서 표를 얻지 못했는데 5초 동안 새 선거를 시작하지 않았습니다: 선거 타임아웃이 지난 후보는 새 선거를 시작합니다 (Rules for Servers: Candidates)",
				"peer 0 got no votes in term %d and started no new election for 5s: a candidate whose election timeout elapses starts a new election (Rules for Servers: Candidates)",
				last.term))
			gaps = append(gaps, c.at.Sub(last.at))
			last = c
		}
		lo, hi := slices.Min(gaps), slices.Max(gaps)
		require.GreaterOrEqual(t, lo, raft.ElectionTimeoutMin, say.F(
			"피어 0이 한 선거를 시작하고 %v 만에 다음 선거를 시작했습니다. ElectionTimeoutMin(%v)보다 짧습니다: 선거를 시작할 때 후보는 선거 타이머를 새 무작위 타임아웃으로 다시 겁니다 (§5.2). 그러지 않으면 후보가 표를 모을 틈도 없이 텀만 올라갑니다",
			"peer 0 started an election only %v after the one before, less than ElectionTimeoutMin (%v): a candidate restarts its election timer, with a new random timeout, when it starts an election (§5.2); otherwise it bumps its term again before the votes can come back",
			lo, raft.ElectionTimeoutMin))
		spread := (raft.ElectionTimeoutMax - raft.ElectionTimeoutMin) / 4
		require.GreaterOrEqual(t, hi-lo, spread, say.F(
			"피어 0이 선거를 %d번 연달아 졌는데 선거 사이의 간격(선거 타임아웃)이 %v에서 %v 사이에만 있었습니다. 범위 [%v, %v)에서 매번 새로 무작위로 고르면 이 정도로 몰릴 일이 사실상 없습니다(폭이 %v 이상이어야 함). 타임아웃이 고정되어 있으면 함께 시작한 피어들이 함께 타임아웃되어 표가 계속 갈립니다 (§5.2). 타이머를 다시 걸 때마다 figure2.ElectionTimeout(nil, ElectionTimeoutMin, ElectionTimeoutMax)로 새로 뽑으세요(고정된 시드나 time.Now 시드 말고)",
			"peer 0 lost %d elections in a row, and the gaps between them (its election timeouts) all lay between %v and %v. Drawn anew at random from [%v, %v) each time they would practically never bunch up like that (the spread must be at least %v). With a fixed timeout, peers that start together time out together and split the votes again and again (§5.2): draw a new timeout with figure2.ElectionTimeout(nil, ElectionTimeoutMin, ElectionTimeoutMax) every time you reset the timer (no fixed seed, no seed from time.Now)",
			elections, lo, hi, raft.ElectionTimeoutMin, raft.ElectionTimeoutMax, spread))
	})
}

// Test3BStartOnFollower: Start on a peer that is not the leader returns isLeader false at once
// and appends nothing: only the leader takes client commands (§5.3).
func Test3BStartOnFollower(t *testing.T) {
	rafttest.Run(t, "3B Start on a follower", func(t *testing.T) {
		r := newRig(t, 3)
		var a raft.AppendEntriesReply
		r.peer.AppendEntries(&raft.AppendEntriesArgs{Term: 1, LeaderID: 1}, &a)
		require.True(t, a.Success, say.F(
			"피어 0이 리더 1의 첫 하트비트(PrevLogIndex 0)를 거절했습니다. 인덱스 0은 언제나 일치합니다 (AppendEntries 수신 규칙 2)",
			"peer 0 refused leader 1's first heartbeat (PrevLogIndex 0); index 0 always matches (AppendEntries receiver rule 2)"))
		_, term, isLeader := r.peer.Start("x")
		require.False(t, isLeader, say.F(
			"피어 0은 리더 1을 따르는 텀 1의 팔로워인데 Start(\"x\")가 isLeader=true를 돌려주었습니다. 리더만 클라이언트 명령을 받습니다: 리더가 아니면 로그에 아무것도 붙이지 말고 바로 isLeader=false를 돌려주세요 (§5.3; 그래야 클라이언트가 다른 피어를 찾습니다)",
			"peer 0 is a follower of leader 1 in term 1, yet Start(\"x\") returned isLeader=true. Only the leader takes client commands: a peer that is not leader appends nothing and returns isLeader=false at once (§5.3; that is how the client knows to try another peer)"))
		require.Equal(t, 1, term, say.F(
			"Start는 피어의 현재 텀을 돌려줍니다: 텀 1인데 %d를 돌려주었습니다",
			"Start returns the peer's current term: it is 1, Start returned %d", term))

		// The leader's entry 1 then commits: peer 0 applies it, not anything of its own.
		var b raft.AppendEntriesReply
		r.peer.AppendEntries(&raft.AppendEntriesArgs{Term: 1, LeaderID: 1, Entries: entries(1, "a"), LeaderCommit: 1}, &b)
		require.True(t, b.Success, say.F(
			"피어 0이 리더 1의 항목 1(PrevLogIndex 0)을 거절했습니다. 인덱스 0은 언제나 일치합니다 (AppendEntries 수신 규칙 2)",
			"peer 0 refused leader 1's entry 1 (PrevLogIndex 0); index 0 always matches (AppendEntries receiver rule 2)"))
		got := r.applied(time.Second)
		var cmds []any
		for _, m := range got {
			cmds = append(cmds, m.Command)
		}
		require.Equal(t, []any{"a"}, cmds, say.F(
			"리더 1의 항목 1(\"a\")이 커밋되었으니 피어 0은 인덱스 1에 \"a\" 하나만 적용해야 합니다. 팔로워에서 Start가 로그를 바꾸면 안 됩니다",
			"leader 1's entry 1 (\"a\") committed, so peer 0 must apply just \"a\" at index 1; Start on a follower must not change its log"))
	})
}

// snapshotPeer makes peer 0 a follower of leader 1 in term 3 holding entries 1-5 of term 1, all
// committed and applied.
func snapshotPeer(t *testing.T, r *rig) {
	t.Helper()
	var a raft.AppendEntriesReply
	r.peer.AppendEntries(&raft.AppendEntriesArgs{Term: 3, LeaderID: 1, Entries: entries(1, "a", "b", "c", "d", "e"),
		LeaderCommit: 5}, &a)
	require.True(t, a.Success, say.F(
		"피어 0이 인덱스 0 뒤의 항목 1–5를 거절했습니다. 인덱스 0은 언제나 일치합니다 (AppendEntries 수신 규칙 2)",
		"peer 0 refused entries 1-5 after index 0; index 0 always matches (AppendEntries receiver rule 2)"))
	got := r.appliedN(5, time.Second)
	require.Len(t, got, 5, say.F(
		"leaderCommit 5로 항목 1–5를 받았으니 피어 0은 다섯 개를 모두 적용해야 하는데 %d개를 적용했습니다",
		"peer 0 got entries 1-5 with leaderCommit 5 and must apply all five; it applied %d", len(got)))
}

// heartbeatAt sends peer 0 a heartbeat from leader 1, of term 3 or peer 0's current term if
// later, saying that entry prev has term 1, and returns whether peer 0 accepted it.
func heartbeatAt(r *rig, prev int) bool {
	term, _ := r.peer.GetState()
	var hb raft.AppendEntriesReply
	r.peer.AppendEntries(&raft.AppendEntriesArgs{Term: max(term, 3), LeaderID: 1, PrevLogIndex: prev, PrevLogTerm: 1,
		LeaderCommit: 5}, &hb)
	return hb.Success
}

// Test3DInstallSnapshotStaleIgnored: an InstallSnapshot that covers no more than the follower
// has already committed is old news (a delayed or repeated request): the follower neither hands
// it to the service nor cuts its log back to it.
func Test3DInstallSnapshotStaleIgnored(t *testing.T) {
	rafttest.Run(t, "3D a stale InstallSnapshot is ignored", func(t *testing.T) {
		r := newRig(t, 3)
		snapshotPeer(t, r)
		term, _ := r.peer.GetState()
		term = max(term, 3)
		var is raft.InstallSnapshotReply
		r.peer.InstallSnapshot(&raft.InstallSnapshotArgs{Term: term, LeaderID: 1, LastIncludedIndex: 3, LastIncludedTerm: 1,
			Data: []byte("old")}, &is)
		require.Equal(t, term, is.Term, say.F(
			"InstallSnapshot 응답에는 피어의 현재 텀(%d)이 들어가야 하는데 %d였습니다",
			"the InstallSnapshot reply carries the peer's current term (%d), got %d", term, is.Term))
		for _, m := range r.applied(time.Second) {
			require.False(t, m.SnapshotValid, say.F(
				"피어 0은 인덱스 5까지 커밋하고 적용했는데, 인덱스 3까지를 담은 늦은 InstallSnapshot을 받고 그 스냅숏(SnapshotIndex %d)을 applyCh로 보냈습니다: 서비스의 상태가 인덱스 3으로 되돌아갑니다. LastIncludedIndex가 commitIndex 이하인 스냅숏은 무시합니다(이미 가진 것입니다, Figure 13)",
				"peer 0 had committed and applied up to index 5, got a late InstallSnapshot covering up to index 3, and sent that snapshot (SnapshotIndex %d) on applyCh: the service's state goes back to index 3. Ignore a snapshot whose LastIncludedIndex is at or below commitIndex: it holds nothing new (Figure 13)",
				m.SnapshotIndex))
		}
		require.True(t, heartbeatAt(r, 5), say.F(
			"늦은 InstallSnapshot(인덱스 3까지)을 받은 뒤 피어 0이 자기 항목 5(텀 1)가 없다고 합니다: 스냅숏이 이미 가진 것보다 오래되면 로그를 자르지 않습니다",
			"after a late InstallSnapshot (up to index 3) peer 0 says it lacks its own entry 5 (term 1): a snapshot older than what the peer holds must not cut its log"))
	})
}

// Test3DSnapshotState: Snapshot(index) saves the snapshot together with the trimmed log in one
// Persister.Save before it returns, and the log's new first entry keeps the term of the entry
// at index (not the current term): the consistency check and the InstallSnapshot a leader
// sends both use it.
func Test3DSnapshotState(t *testing.T) {
	rafttest.Run(t, "3D Snapshot saves the state and keeps the entry's term", func(t *testing.T) {
		r := newRig(t, 3)
		snapshotPeer(t, r)
		before := r.p.RaftStateSize()
		data := []byte("snapshot up to 3")
		r.peer.Snapshot(3, data)
		require.True(t, bytes.Equal(data, r.p.ReadSnapshot()), say.F(
			"Snapshot(3, …)이 돌아왔는데 persister의 스냅숏이 %q입니다. 스냅숏은 줄어든 로그와 함께 한 번의 persister.Save(state, snapshot)로 저장합니다: 따로 저장하면 그 사이에 죽은 피어는 서로 맞지 않는 상태와 스냅숏으로 재시작합니다",
			"Snapshot(3, …) returned and the persister's snapshot is %q. Save the snapshot together with the trimmed log in one persister.Save(state, snapshot): saved apart, a peer that crashes in between restarts with a state and a snapshot that do not match",
			r.p.ReadSnapshot()))
		require.Less(t, r.p.RaftStateSize(), before, say.F(
			"Snapshot(3, …) 뒤에도 저장된 Raft 상태가 %d바이트로 줄지 않았습니다(전에 %d): 인덱스 3까지의 항목을 버리고, 줄어든 로그를 새 스냅숏과 함께 한 번의 persister.Save(state, snapshot)로 저장합니다 (§7). 새 스냅숏을 옛 상태 옆에 저장하면 재시작한 피어는 둘을 맞추지 못합니다",
			"after Snapshot(3, …) the persisted Raft state is %d bytes, no smaller than before (%d): discard the entries up to index 3 and save the shorter log together with the new snapshot, in one persister.Save(state, snapshot) (§7). A new snapshot saved next to the old state leaves a restarted peer with two that do not match",
			r.p.RaftStateSize(), before))
		require.True(t, heartbeatAt(r, 3), say.F(
			"Snapshot(3, …) 뒤에 피어 0이 '항목 3의 텀은 1'이라는 하트비트를 거절했습니다. 항목 3은 텀 1이었습니다: 스냅숏이 덮는 마지막 항목의 텀(lastIncludedTerm)은 그 항목의 텀이지 현재 텀(3)이 아닙니다",
			"after Snapshot(3, …) peer 0 refused a heartbeat saying entry 3 has term 1, which it had. The last included term of a snapshot is the term of the entry at its index, not the current term (3)"))

		r.restart()
		require.True(t, heartbeatAt(r, 3), say.F(
			"Snapshot(3, …) 뒤에 재시작한 피어 0이 '항목 3의 텀은 1'이라는 하트비트를 거절했습니다: 재시작하면 스냅숏의 인덱스와 텀(log.Start와 그 항목의 텀)을 저장된 상태에서 되살립니다",
			"peer 0, restarted after Snapshot(3, …), refused a heartbeat saying entry 3 has term 1: a restart restores the snapshot's index and term (log.Start and its entry's term) from the saved state"))
		require.True(t, heartbeatAt(r, 5), say.F(
			"재시작한 피어 0이 '항목 5의 텀은 1'이라는 하트비트를 거절했습니다: 스냅숏 뒤의 항목 4, 5도 저장된 로그에서 되살립니다",
			"peer 0, restarted, refused a heartbeat saying entry 5 has term 1: entries 4 and 5, after the snapshot, come back from the saved log too"))
		var idx []int // the commands applied; a snapshot sent first at a restart is allowed
		for deadline := time.After(time.Second); len(idx) < 2; {
			select {
			case m := <-r.applyCh:
				if m.CommandValid {
					idx = append(idx, m.CommandIndex)
				}
				continue
			case <-deadline:
			}
			break
		}
		require.Equal(t, []int{4, 5}, idx, say.F(
			"스냅숏이 인덱스 3까지를 덮은 뒤 재시작한 피어 0은 커밋된 항목 4와 5만 적용해야 하는데 %v를 적용했습니다. 재시작하면 스냅숏 다음부터 적용합니다: 스냅숏과 로그 상태가 함께 저장되어 있어야 lastApplied를 log.Start에서 시작할 수 있습니다",
			"peer 0, restarted with a snapshot up to index 3, must apply just the committed entries 4 and 5; it applied %v. After a restart apply from after the snapshot: that works only if the snapshot and the log state were saved together",
			idx))

		// As leader, peer 0 sends a follower with an empty log its snapshot, with entry 3's term.
		snaps := make(chan raft.InstallSnapshotArgs, 1)
		r.fakes[1].mu.Lock()
		r.fakes[1].snaps = snaps
		r.fakes[1].mu.Unlock()
		empty := newFollower()
		r.fakes[1].setAE(empty.appendEntries)
		electPeer0(t, r, 3)
		select {
		case args := <-snaps:
			require.Equal(t, [2]int{3, 1}, [2]int{args.LastIncludedIndex, args.LastIncludedTerm}, say.F(
				"리더 피어 0이 보낸 InstallSnapshot이 (LastIncludedIndex, LastIncludedTerm) = (%d, %d)입니다. 스냅숏은 인덱스 3까지, 항목 3의 텀은 1입니다: lastIncludedTerm은 그 항목의 텀이지 현재 텀이 아닙니다",
				"leader peer 0 sent InstallSnapshot with (LastIncludedIndex, LastIncludedTerm) = (%d, %d); the snapshot covers up to index 3, whose entry has term 1: the last included term is that entry's term, not the current term",
				args.LastIncludedIndex, args.LastIncludedTerm))
			require.Equal(t, data, args.Data, say.F(
				"InstallSnapshot에는 서비스가 Snapshot으로 넘긴 스냅숏을 그대로 담습니다",
				"InstallSnapshot carries the snapshot the service passed to Snapshot, as it is"))
		case <-time.After(2 * time.Second):
			require.FailNow(t, say.F(
				"리더 피어 0의 로그는 인덱스 3 뒤부터인데, 로그가 빈 팔로워 1(XLen 1)에게 2초 동안 InstallSnapshot을 보내지 않았습니다: nextIndex가 log.Start 이하로 내려가면 AppendEntries 대신 스냅숏을 보냅니다",
				"leader peer 0's log starts after index 3, and for 2s it sent follower 1, whose log is empty (XLen 1), no InstallSnapshot: when nextIndex falls to log.Start or below, send the snapshot instead of AppendEntries"))
		}
	})
}

// Test3AStaleAppendNoTimerReset: a deposed leader of an older term keeps sending heartbeats. A
// follower refuses them (AppendEntries receiver rule 1) and does not count them as hearing from
// the leader: its election timer runs on, and when the real leader goes quiet it starts an
// election. A follower that reset its timer on them would wait for the deposed leader forever.
func Test3AStaleAppendNoTimerReset(t *testing.T) {
	rafttest.Run(t, "3A a stale AppendEntries does not reset the election timer", func(t *testing.T) {
		r := newRig(t, 3)
		var a raft.AppendEntriesReply
		r.peer.AppendEntries(&raft.AppendEntriesArgs{Term: 5, LeaderID: 2}, &a)
		require.True(t, a.Success && a.Term == 5, say.F(
			"피어 0(텀 0)이 텀 5 리더 2의 첫 하트비트(PrevLogIndex 0)에 Success %v, 텀 %d로 답했습니다. 더 새 텀의 리더를 따르고(텀 5로 올라감), 인덱스 0은 언제나 일치합니다 (Rules for All Servers; AppendEntries 수신 규칙 2)",
			"peer 0 (term 0) answered the first heartbeat (PrevLogIndex 0) of leader 2 of term 5 with Success %v, term %d. It follows a leader of a newer term (moving to term 5), and index 0 always matches (Rules for All Servers; AppendEntries receiver rule 2)",
			a.Success, a.Term))
		heard := time.Now() // the last time peer 0 heard from the leader of its term

		// Leader 2 goes quiet; leader 1, deposed in term 4, still sends a heartbeat every
		// HeartbeatInterval. A correct peer starts an election one election timeout after
		// heard; twice ElectionTimeoutMax leaves room for any ticker period.
		limit := heard.Add(2 * raft.ElectionTimeoutMax)
		for {
			var old raft.AppendEntriesReply
			r.peer.AppendEntries(&raft.AppendEntriesArgs{Term: 4, LeaderID: 1}, &old)
			if c, ok := r.nextCampaign(5, raft.HeartbeatInterval); ok {
				require.GreaterOrEqual(t, c.at.Sub(heard), raft.ElectionTimeoutMin, say.F(
					"피어 0이 텀 5의 리더에게서 마지막으로 들은 지 %v 만에 선거를 시작했습니다. ElectionTimeoutMin(%v)보다 짧습니다",
					"peer 0 started an election %v after it last heard from the leader of term 5, less than ElectionTimeoutMin (%v)",
					c.at.Sub(heard), raft.ElectionTimeoutMin))
				return
			}
			require.True(t, !old.Success && old.Term >= 5, say.F(
				"텀 5의 피어 0이 물러난 텀 4 리더 1의 하트비트에 Success %v, 텀 %d로 답했습니다. 텀이 currentTerm보다 작은 AppendEntries는 거절하고, 답에 자기 텀을 넣어 옛 리더가 물러나게 합니다 (AppendEntries 수신 규칙 1)",
				"peer 0, in term 5, answered a heartbeat of leader 1, deposed in term 4, with Success %v, term %d. Refuse an AppendEntries whose term is below currentTerm, and put your own term in the reply so that the old leader steps down (AppendEntries receiver rule 1)",
				old.Success, old.Term))
			if !time.Now().Before(limit) {
				break
			}
		}
		require.FailNow(t, say.F(
			"텀 5의 리더 2가 조용해진 뒤 %v 동안 피어 0이 선거를 시작하지 않았습니다. 그동안 받은 것은 물러난 텀 4 리더 1의 하트비트뿐이었습니다. 낡은 텀의 AppendEntries는 거절만 하고 선거 타이머를 다시 걸지 마세요: 타이머는 현재 텀의 리더에게서 들었을 때만 다시 겁니다 (AppendEntries 수신 규칙 1; Rules for Servers: Followers). 그러지 않으면 물러난 리더 하나가 살아 있는 팔로워들이 새 리더를 뽑지 못하게 막습니다",
			"for %v after leader 2 of term 5 went quiet, peer 0 started no election; all it got meanwhile were heartbeats from leader 1, deposed in term 4. Refuse an AppendEntries of an older term and do NOT restart the election timer for it: restart it only on hearing from the leader of the current term (AppendEntries receiver rule 1; Rules for Servers: Followers). Otherwise one deposed leader keeps live followers from ever electing a new one",
			2*raft.ElectionTimeoutMax))
	})
}
