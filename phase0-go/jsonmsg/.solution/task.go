package jsonmsg

import (
	"encoding/json"
	"fmt"
	"time"
)

// Task is a to-do item in the shape a JSON API sends it. The comment on each
// field gives its JSON key and encoding; the README shows whole examples.
type Task struct {
	// ID is "id", sent as a JSON string ("42") so that JavaScript clients,
	// whose numbers are float64, keep all 64 bits.
	ID int64 `json:"id,string"`
	// Title is "title", always present.
	Title string `json:"title"`
	// Notes is "notes", left out when empty.
	Notes string `json:"notes,omitempty"`
	// Tags is "tags", left out when there are none (nil or empty).
	Tags []string `json:"tags,omitempty"`
	// Priority is "priority", a word ("low", "normal", "high"), left out
	// when unset (zero).
	Priority Priority `json:"priority,omitempty"`
	// Estimate is "estimate", a duration string such as "1h30m0s", left out
	// when zero.
	Estimate Duration `json:"estimate,omitempty"`
	// Secret is never encoded or decoded.
	Secret string `json:"-"`

	// Meta is embedded without a tag, so its fields ("created_at",
	// "updated_at", "version") sit at the top level of the task's object.
	Meta
}

// Meta is bookkeeping shared by stored records.
type Meta struct {
	// CreatedAt is "created_at", RFC 3339 text such as
	// "2024-03-09T10:00:00Z" (what time.Time's MarshalJSON writes).
	CreatedAt time.Time `json:"created_at"`
	// UpdatedAt is "updated_at", left out while zero. omitempty cannot do
	// that for a struct such as time.Time; omitzero (Go 1.24) calls IsZero.
	UpdatedAt time.Time `json:"updated_at,omitzero"`
	// Version is "version", a number, always present.
	Version int `json:"version"`
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

var priorityNames = map[Priority]string{
	PriorityLow:    "low",
	PriorityNormal: "normal",
	PriorityHigh:   "high",
}

// MarshalJSON encodes p as "low", "normal" or "high". Any other value is an
// error: better to fail than to send a word the other side cannot read.
func (p Priority) MarshalJSON() ([]byte, error) {
	name, ok := priorityNames[p]
	if !ok {
		return nil, fmt.Errorf("jsonmsg: unknown priority %d", int(p))
	}
	return json.Marshal(name)
}

// UnmarshalJSON decodes "low", "normal" or "high". Any other word, or a
// value that is not a string, is an error naming what was found.
func (p *Priority) UnmarshalJSON(data []byte) error {
	var name string
	// Rule: let encoding/json parse the string (escapes and all) rather than
	// trimming quotes by hand. Decoding null into a string would silently do
	// nothing, so null is refused first.
	if string(data) == "null" || json.Unmarshal(data, &name) != nil {
		return fmt.Errorf("jsonmsg: priority must be a string, got %s", data)
	}
	for value, n := range priorityNames {
		if n == name {
			*p = value
			return nil
		}
	}
	return fmt.Errorf("jsonmsg: unknown priority %q (want low, normal or high)", name)
}

// Duration is a time.Duration whose JSON form is the text time.Duration.String
// writes and time.ParseDuration reads: "1.5s", "1h30m0s".
type Duration time.Duration

// MarshalJSON encodes d as a string such as "1h30m0s".
func (d Duration) MarshalJSON() ([]byte, error) {
	return json.Marshal(time.Duration(d).String())
}

// UnmarshalJSON decodes a duration string such as "1.5s" or "90m". A number
// is an error: 90 what?
func (d *Duration) UnmarshalJSON(data []byte) error {
	var s string
	if err := json.Unmarshal(data, &s); err != nil {
		return fmt.Errorf("jsonmsg: duration must be a string such as \"1h30m\", got %s", data)
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("jsonmsg: %w", err)
	}
	*d = Duration(v)
	return nil
}
