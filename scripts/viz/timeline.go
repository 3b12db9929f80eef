// Package viz draws timelines a learner can look at: a Raft test run or a
// MapReduce job as one self-contained HTML file (no network fetches), one
// lane per peer or worker over time, with roles and terms as colour,
// messages as arrows, partitions and crashes shaded, and a failure pinned
// where it happened. Zoom and scroll along time; click an event for its
// fields.
package viz

// Timeline is what a page shows. Times are nanoseconds from the start of
// the run (virtual time for the Raft harness).
type Timeline struct {
	Title   string   `json:"title"`
	Kind    string   `json:"kind"` // "raft" or "mr"
	Lanes   []string `json:"lanes"`
	End     int64    `json:"end"`
	Spans   []Span   `json:"spans"`   // roles over time, task bars
	Points  []Point  `json:"points"`  // events at an instant
	Arrows  []Arrow  `json:"arrows"`  // messages between lanes
	Shades  []Shade  `json:"shades"`  // partitions, crashes
	Logs    [][]Item `json:"logs"`    // per lane: log entries in order (Raft)
	Failure *Point   `json:"failure"` // the failing check, pinned
	Legend  []Legend `json:"legend"`
}

// Span is a bar on a lane from From to To.
type Span struct {
	Lane  int    `json:"lane"`
	From  int64  `json:"from"`
	To    int64  `json:"to"`
	Class string `json:"class"` // follower, candidate, leader; map, reduce
	Label string `json:"label"`
	Term  int    `json:"term,omitempty"`
}

// Point is one event at an instant.
type Point struct {
	Lane   int               `json:"lane"` // -1: the whole run
	T      int64             `json:"t"`
	Kind   string            `json:"kind"`
	Term   int               `json:"term,omitempty"`
	Detail string            `json:"detail,omitempty"`
	Fields map[string]string `json:"fields,omitempty"`
}

// Arrow is a message from one lane to another.
type Arrow struct {
	From    int               `json:"from"`
	To      int               `json:"to"`
	Sent    int64             `json:"sent"`
	Arrived int64             `json:"arrived"` // for a dropped message: when it was dropped
	Label   string            `json:"label"`
	Dropped bool              `json:"dropped,omitempty"`
	Reply   bool              `json:"reply,omitempty"`
	Fields  map[string]string `json:"fields,omitempty"`
}

// Shade marks a lane (or every lane, -1) over an interval.
type Shade struct {
	Lane  int    `json:"lane"`
	From  int64  `json:"from"`
	To    int64  `json:"to"`
	Class string `json:"class"` // crashed, partitioned, unreliable
	Label string `json:"label"`
}

// Item is one log entry as a lane applied it.
type Item struct {
	Index int    `json:"index"`
	Term  int    `json:"term"`
	Cmd   string `json:"cmd"`
	T     int64  `json:"t"`
}

// Legend explains a colour.
type Legend struct {
	Class string `json:"class"`
	Label string `json:"label"`
}
