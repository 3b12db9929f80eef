package interfaces

import "fmt"

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
	// In each case x has the type of that case; in the default case it is v's own type (any).
	switch x := v.(type) {
	case nil:
		return "nil"
	case int:
		return fmt.Sprintf("int %d", x)
	case string:
		return fmt.Sprintf("string %q", x)
	case Entry: // before fmt.Stringer: Entry is a Stringer too
		return "entry " + x.String()
	case Store: // an interface case matches every type that satisfies it
		return fmt.Sprintf("store with len %d", len(x.Entries()))
	case error:
		return "error: " + x.Error()
	case fmt.Stringer:
		return "stringer: " + x.String()
	default:
		return fmt.Sprintf("unknown %T", x)
	}
}
