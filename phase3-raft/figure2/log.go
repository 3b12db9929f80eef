// Provided — no need to edit.

package figure2

// Entry is one log entry: the command a client asked for and the term of the
// leader that first put it in a log (Figure 2, "log[]").
type Entry struct {
	Term    int
	Command any
}

// Log is a Raft log that may begin after a snapshot.
//
// Indexing: Entries[0] is a sentinel that stands for the entry at index
// Start, and entry i (Start ≤ i ≤ LastIndex()) is Entries[i-Start]. The
// sentinel's Command is nil and its Term is the term of entry Start: 0 in a
// fresh log (Start 0), so the first real entry has index 1, as in the paper
// and in the MIT labs; after a snapshot that covers indices 1..Start, the
// term of the last entry in the snapshot (Figure 13's lastIncludedTerm).
// Entries before Start are gone; their terms are unknown.
//
// The sentinel means prevLogIndex = Start always names an entry, so the
// AppendEntries consistency check needs no special case for "the log is
// empty", and the last index and term are always defined.
//
// A Log is a value: copying it copies two words and shares the entries.
// Functions in this package never modify the entries of a Log you pass in
// (they may append past its length, as append does); treat the Log you passed
// in as replaced by the one returned. The zero Log has no sentinel and is not
// valid: start from NewLog.
//
// Log, like Entry, has only exported fields, so encoding/gob can persist it
// (register your command types with gob.Register).
type Log struct {
	Start   int
	Entries []Entry
}

// NewLog returns an empty log: just the sentinel at index 0 with term 0.
func NewLog() Log {
	return NewLogAt(0, 0)
}

// NewLogAt returns a log whose sentinel is at index start with term
// startTerm: the log of a peer that has just installed a snapshot covering
// indices 1..start.
func NewLogAt(start, startTerm int) Log {
	return Log{Start: start, Entries: []Entry{{Term: startTerm}}}
}

// LastIndex returns the index of the last entry (Start when only the
// sentinel is left).
func (l Log) LastIndex() int {
	return l.Start + len(l.Entries) - 1
}

// LastTerm returns the term of the last entry (the sentinel's term when only
// the sentinel is left), or 0 for an invalid log without a sentinel.
func (l Log) LastTerm() int {
	if len(l.Entries) == 0 {
		return 0
	}
	return l.Entries[len(l.Entries)-1].Term
}

// Term returns the term of the entry at index, and false when the log does
// not hold that index (before Start, or after LastIndex).
func (l Log) Term(index int) (int, bool) {
	if index < l.Start || index > l.LastIndex() {
		return 0, false
	}
	return l.Entries[index-l.Start].Term, true
}

// From returns a copy of the entries from index through LastIndex: the
// Entries of an AppendEntries request for a peer whose nextIndex is index.
// It returns an empty slice when index > LastIndex and starts at Start+1
// when index ≤ Start (those entries are in the snapshot).
//
// The result is a fresh slice: the caller owns it and may hand it to another
// goroutine while the log keeps changing.
func (l Log) From(index int) []Entry {
	if index <= l.Start {
		index = l.Start + 1
	}
	if index > l.LastIndex() {
		return []Entry{}
	}
	return append([]Entry(nil), l.Entries[index-l.Start:]...)
}
