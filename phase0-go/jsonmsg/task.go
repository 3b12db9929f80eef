package jsonmsg

import (
	"errors"
	"time"
)

// Task is a to-do item in the shape a JSON API sends it. The comment on each
// field gives its JSON key and encoding; the README shows whole examples.
//
// TODO(weekend 2): add a json struct tag to every field of Task and Meta so
// that the encoding matches these comments.
type Task struct {
	// ID is "id", sent as a JSON string ("42") so that JavaScript clients,
	// whose numbers are float64, keep all 64 bits.
	ID int64
	// Title is "title", always present.
	Title string
	// Notes is "notes", left out when empty.
	Notes string
	// Tags is "tags", left out when there are none (nil or empty).
	Tags []string
	// Priority is "priority", a word ("low", "normal", "high"), left out
	// when unset (zero).
	Priority Priority
	// Estimate is "estimate", a duration string such as "1h30m0s", left out
	// when zero.
	Estimate Duration
	// Secret is never encoded or decoded.
	Secret string

	// Meta is embedded without a tag, so its fields ("created_at",
	// "updated_at", "version") sit at the top level of the task's object.
	Meta
}

// Meta is bookkeeping shared by stored records.
type Meta struct {
	// CreatedAt is "created_at", RFC 3339 text such as
	// "2024-03-09T10:00:00Z" (what time.Time's MarshalJSON writes).
	CreatedAt time.Time
	// UpdatedAt is "updated_at", left out while zero. omitempty cannot do
	// that for a struct such as time.Time; omitzero (Go 1.24) calls IsZero.
	UpdatedAt time.Time
	// Version is "version", a number, always present.
	Version int
}

// Priority says how urgent a task is. Its JSON form is a word; the zero
// value means "unset".
type Priority int

// The priorities, in increasing urgency.
const (
	PriorityLow Priority = iota + 1
	PriorityNormal
	PriorityHigh
)

// MarshalJSON encodes p as "low", "normal" or "high". Any other value is an
// error: better to fail than to send a word the other side cannot read.
func (p Priority) MarshalJSON() ([]byte, error) {
	// TODO(weekend 2): look the word up and return it as a JSON string
	// (json.Marshal of a Go string adds the quotes and escapes).
	return nil, errors.New("jsonmsg: Priority.MarshalJSON not implemented")
}

// UnmarshalJSON decodes "low", "normal" or "high". Any other word, or a
// value that is not a string, is an error naming what was found.
func (p *Priority) UnmarshalJSON(data []byte) error {
	// TODO(weekend 2): json.Unmarshal data into a string, then map the word
	// to its Priority.
	return errors.New("jsonmsg: Priority.UnmarshalJSON not implemented")
}

// Duration is a time.Duration whose JSON form is the text time.Duration.String
// writes and time.ParseDuration reads: "1.5s", "1h30m0s".
type Duration time.Duration

// MarshalJSON encodes d as a string such as "1h30m0s".
func (d Duration) MarshalJSON() ([]byte, error) {
	// TODO(weekend 2): time.Duration(d).String(), as a JSON string.
	return nil, errors.New("jsonmsg: Duration.MarshalJSON not implemented")
}

// UnmarshalJSON decodes a duration string such as "1.5s" or "90m". A number
// is an error: 90 what?
func (d *Duration) UnmarshalJSON(data []byte) error {
	// TODO(weekend 2): decode a JSON string, then time.ParseDuration.
	return errors.New("jsonmsg: Duration.UnmarshalJSON not implemented")
}
