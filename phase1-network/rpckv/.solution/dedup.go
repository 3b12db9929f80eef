package rpckv

// Table is the duplicate table: it makes each tagged operation run at most
// once. It keeps one entry per client — the latest sequence number it ran
// and that operation's result — so its memory grows with the number of
// clients, never with the number of operations. Table is not safe for
// concurrent use: KV calls it with kv.mu held.
type Table struct {
	last map[int64]entry // client ID → its latest operation
}

// entry is what the table remembers about one client.
type entry struct {
	seq    int64
	result string
}

// NewTable returns an empty table.
func NewTable() *Table {
	return &Table{last: make(map[int64]entry)}
}

// Apply runs op for operation seq of client, unless that operation (or a
// later one of the same client) has already run, and returns op's result.
// For the client's latest operation run again, Apply returns the result
// remembered from the first time without running op; for an older one it
// returns "" without running op. Client 0 is untagged: op always runs and
// nothing is remembered. Sequence numbers of a client start at 1 and grow.
func (t *Table) Apply(client, seq int64, op func() string) string {
	if client == 0 {
		return op()
	}
	if e, ok := t.last[client]; ok && seq <= e.seq {
		// A retry. The Clerk sends one operation at a time and only moves
		// on once it has an answer, so only its latest operation can still
		// be waiting for a reply: one entry per client is enough.
		if seq == e.seq {
			return e.result
		}
		return "" // a stale copy; its client has had its answer long ago
	}
	result := op()
	t.last[client] = entry{seq: seq, result: result}
	return result
}

// Len returns the number of clients in the table.
func (t *Table) Len() int {
	return len(t.last)
}
