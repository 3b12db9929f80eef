// Provided — no need to edit.

// Package jsonmsg is about the JSON that services send each other, and the
// encoding/json features that shape it.
//
// A [Task] is a to-do item as a JSON API would send it. Getting its JSON form
// exactly right takes most of what encoding/json offers:
//
//   - struct tags rename fields (`json:"title"`), drop empty ones
//     (omitempty, omitzero), hide a field ("-"), and send a number as a
//     string (the string option, for 64-bit ids that JavaScript would round);
//   - an embedded struct ([Meta]) puts its fields at the top level;
//   - time.Time travels as RFC 3339 text;
//   - types with their own MarshalJSON and UnmarshalJSON: [Priority], an enum
//     sent as a word, and [Duration], sent as "1h30m0s".
//
// Decoding is where programs meet input they did not write. [DecodeStrict]
// refuses unknown fields and trailing data instead of ignoring them;
// [DecodeGeneric] decodes JSON of unknown shape into a map without turning
// large numbers into float64 and rounding them.
package jsonmsg
