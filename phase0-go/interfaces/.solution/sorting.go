package interfaces

import "sort"

// ByKey sorts entries by key. It implements sort.Interface, so sort.Sort(ByKey(entries)) sorts
// entries in place.
type ByKey []Entry

// Len is the number of entries.
func (b ByKey) Len() int {
	return len(b)
}

// Less reports whether entry i sorts before entry j: its key is smaller.
func (b ByKey) Less(i, j int) bool {
	return b[i].Key < b[j].Key
}

// Swap swaps entries i and j.
func (b ByKey) Swap(i, j int) {
	b[i], b[j] = b[j], b[i]
}

// Sorted returns the entries of s sorted by key, using sort.Sort with ByKey.
func Sorted(s Store) []Entry {
	entries := s.Entries()
	sort.Sort(ByKey(entries)) // a conversion, not a copy: sorts entries itself
	return entries
}

// SortedByValue returns the entries of s sorted by value, and by key among equal values, using
// sort.Slice with a less function. (sort.Slice is not stable, so the tie-break on key is what
// makes the order the same on every run.)
func SortedByValue(s Store) []Entry {
	entries := s.Entries()
	sort.Slice(entries, func(i, j int) bool {
		if entries[i].Value != entries[j].Value {
			return entries[i].Value < entries[j].Value
		}
		return entries[i].Key < entries[j].Key // tie-break: keys are unique, so the order is total
	})
	return entries
}
