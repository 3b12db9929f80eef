package interfaces

// ByKey sorts entries by key. It implements sort.Interface, so sort.Sort(ByKey(entries)) sorts
// entries in place.
type ByKey []Entry

// Len is the number of entries.
func (b ByKey) Len() int {
	// TODO(weekend 2): len of the slice.
	return 0
}

// Less reports whether entry i sorts before entry j: its key is smaller.
func (b ByKey) Less(i, j int) bool {
	// TODO(weekend 2): compare keys.
	return false
}

// Swap swaps entries i and j.
func (b ByKey) Swap(i, j int) {
	// TODO(weekend 2): b[i], b[j] = b[j], b[i]
}

// Sorted returns the entries of s sorted by key, using sort.Sort with ByKey.
func Sorted(s Store) []Entry {
	// TODO(weekend 2): s.Entries(), then sort.Sort(ByKey(...)).
	return nil
}

// SortedByValue returns the entries of s sorted by value, and by key among equal values, using
// sort.Slice with a less function. (sort.Slice is not stable, so the tie-break on key is what
// makes the order the same on every run.)
func SortedByValue(s Store) []Entry {
	// TODO(weekend 2): s.Entries(), then sort.Slice(entries, func(i, j int) bool { ... }).
	return nil
}
