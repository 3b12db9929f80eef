package raft

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"fmt"
	"io"

	"dsweekends/phase3-raft/figure2"
)

// The persisted state is a header (currentTerm, votedFor, log.Start) followed by the log's
// entries, each encoded on its own with a length prefix. Encoding entries one by one lets
// persist keep every entry's bytes and encode only entries that are new since the last save:
// a leader with a long log appends one entry and encodes one entry, not the whole log again.

type header struct {
	CurrentTerm, VotedFor, LogStart int
}

// persist saves currentTerm, votedFor and the log (Figure 2's persistent state), with the
// current snapshot. Call it with rf.mu held, before answering an RPC or sending entries that
// depend on the saved state.
func (rf *Raft) persist() {
	for i := len(rf.encoded); i < len(rf.log.Entries); i++ {
		rf.encoded = append(rf.encoded, encodeEntry(rf.log.Entries[i]))
	}
	size := 64
	for _, e := range rf.encoded {
		size += len(e)
	}
	buf := bytes.NewBuffer(make([]byte, 0, size))
	if err := gob.NewEncoder(buf).Encode(header{rf.currentTerm, rf.votedFor, rf.log.Start}); err != nil {
		panic(fmt.Sprintf("raft: encoding state: %v", err))
	}
	for _, e := range rf.encoded {
		buf.Write(e)
	}
	rf.persister.Save(buf.Bytes(), rf.snapshot)
	rf.unsaved = false
}

// forgetEncodedFrom drops the saved encodings of the entries from index on, which are about to
// be replaced. Call it with rf.mu held.
func (rf *Raft) forgetEncodedFrom(index int) {
	keep := max(0, index-rf.log.Start)
	if keep < len(rf.encoded) {
		rf.encoded = rf.encoded[:keep]
	}
}

// encodeEntry encodes one log entry as a gob stream of its own, after its length.
func encodeEntry(e figure2.Entry) []byte {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(&e); err != nil {
		// Only a command of a type nobody gob.Registered fails: a bug in the service.
		panic(fmt.Sprintf("raft: encoding a log entry: %v", err))
	}
	return append(binary.AppendUvarint(nil, uint64(buf.Len())), buf.Bytes()...)
}

// readPersist restores the state persist saved. Empty data means a fresh start.
func (rf *Raft) readPersist(data []byte) {
	if len(data) == 0 {
		return
	}
	r := bytes.NewReader(data)
	var h header
	if err := gob.NewDecoder(r).Decode(&h); err != nil {
		panic(fmt.Sprintf("raft: decoding state: %v", err))
	}
	log := figure2.Log{Start: h.LogStart}
	var encoded [][]byte
	for r.Len() > 0 {
		at := len(data) - r.Len()
		n, err := binary.ReadUvarint(r)
		if err != nil || n > uint64(r.Len()) {
			panic(fmt.Sprintf("raft: decoding the log: bad length prefix (%v)", err))
		}
		end := len(data) - r.Len() + int(n)
		var e figure2.Entry
		if err := gob.NewDecoder(bytes.NewReader(data[end-int(n) : end])).Decode(&e); err != nil {
			panic(fmt.Sprintf("raft: decoding a log entry: %v", err))
		}
		_, _ = r.Seek(int64(end), io.SeekStart)
		log.Entries = append(log.Entries, e)
		encoded = append(encoded, data[at:end:end]) // reused as is by the next persist
	}
	rf.currentTerm, rf.votedFor, rf.log, rf.encoded = h.CurrentTerm, h.VotedFor, log, encoded
}

// PersistBytes returns the size of the persisted Raft state, for services that snapshot when
// the log grows too long.
func (rf *Raft) PersistBytes() int {
	rf.mu.Lock()
	defer rf.mu.Unlock()
	return rf.persister.RaftStateSize()
}
