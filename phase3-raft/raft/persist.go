package raft

// persist saves currentTerm, votedFor and the log (Figure 2's persistent state), with the
// current snapshot, through rf.persister.Save. Call it with rf.mu held, before answering an RPC
// or sending entries that depend on the saved state.
func (rf *Raft) persist() {
	// TODO(weekend 18): encode the persistent state (encoding/gob) and save it.
}

// readPersist restores the state persist saved. Empty data means a fresh start.
func (rf *Raft) readPersist(data []byte) {
	if len(data) == 0 {
		return
	}
	// TODO(weekend 18): decode what persist saved into currentTerm, votedFor and log.
}

// PersistBytes returns the size of the persisted Raft state, for services that snapshot when
// the log grows too long.
func (rf *Raft) PersistBytes() int {
	rf.mu.Lock()
	defer rf.mu.Unlock()
	return rf.persister.RaftStateSize()
}
