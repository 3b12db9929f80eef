package rpckv

// Table is the duplicate table: it makes each tagged operation run at most
// once. It keeps one entry per client — the latest sequence number it ran
// and that operation's result — so its memory grows with the number of
// clients, never with the number of operations. Table is not safe for
// concurrent use: KV calls it with kv.mu held.
type Table struct {
	// TODO(weekend 4): one entry per client.
}

// NewTable returns an empty table.
func NewTable() *Table {
	// TODO(weekend 4): make the map.
	return &Table{}
}

// Apply runs op for operation seq of client, unless that operation (or a
// later one of the same client) has already run, and returns op's result.
// For the client's latest operation run again, Apply returns the result
// remembered from the first time without running op; for an older one it
// returns "" without running op. Client 0 is untagged: op always runs and
// nothing is remembered. Sequence numbers of a client start at 1 and grow.
func (t *Table) Apply(client, seq int64, op func() string) string {
	// TODO(weekend 4): look up the client's entry; run op only for a new seq and remember (seq, result).
	return op()
}

// Len returns the number of clients in the table.
func (t *Table) Len() int {
	// TODO(weekend 4): the number of entries.
	return 0
}
