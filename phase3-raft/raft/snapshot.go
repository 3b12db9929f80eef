package raft

// InstallSnapshotArgs is the InstallSnapshot RPC's request (Figure 13, without chunks).
type InstallSnapshotArgs struct {
	Term              int    // the leader's term
	LeaderID          int    // so a follower can redirect clients
	LastIncludedIndex int    // the snapshot replaces every entry up to and including this index
	LastIncludedTerm  int    // term of the entry at LastIncludedIndex
	Data              []byte // the snapshot
}

// InstallSnapshotReply is the InstallSnapshot RPC's reply.
type InstallSnapshotReply struct {
	Term int // the follower's currentTerm, for the leader to update itself
}

// Snapshot tells the peer that the service has saved a snapshot of every entry up to and
// including index: the peer may discard that prefix of its log (§7).
func (rf *Raft) Snapshot(index int, snapshot []byte) {
	// TODO(weekend 18, stretch 3D): discard the log up to index and persist with the snapshot.
}

// InstallSnapshot is the InstallSnapshot RPC handler.
func (rf *Raft) InstallSnapshot(args *InstallSnapshotArgs, reply *InstallSnapshotReply) {
	// TODO(weekend 18, stretch 3D): replace the log prefix the leader's snapshot covers and
	// send the snapshot on applyCh.
}

// sendSnapshot sends peer p an InstallSnapshot and acts on the reply (3D). Until you do 3D,
// leaders never call it: with no snapshots, log.Start stays 0 and nextIndex never reaches it.
func (rf *Raft) sendSnapshot(p int, args *InstallSnapshotArgs) {
	// TODO(weekend 18, stretch 3D): call Raft.InstallSnapshot, then update nextIndex and
	// matchIndex as sendAppend does.
}
