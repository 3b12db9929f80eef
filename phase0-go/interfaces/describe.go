package interfaces

// Describe says what v is, using a type switch. The first matching row wins:
//
//	nil                         "nil"
//	int                         "int 42"
//	string                      `string "hi"` (quoted with %q)
//	Entry                       "entry a=1"
//	any Store                   "store with len 2" (the number of Entries)
//	error                       "error: " + its message
//	any other fmt.Stringer      "stringer: " + its String()
//	anything else               "unknown " + its type, e.g. "unknown float64" (%T)
//
// Order matters: Entry and *MapStore are also fmt.Stringers, and must be caught by their own
// rows first.
func Describe(v any) string {
	// TODO(weekend 2): switch x := v.(type) { case nil: ... }
	return ""
}
