// Package roster manages a class of students: a Student struct with a
// value-receiver method that reads it and a pointer-receiver method that
// changes it, and a Roster that keeps students in a map by name.
//
// A method with a value receiver, func (s Student) Average(), gets a copy
// of the Student: it can read the fields, and anything it changes is lost
// when it returns. A method with a pointer receiver, func (s *Student)
// AddScore(…), gets the address of the caller's Student, so its changes
// stay. Go takes the address for you: with `var s Student`, s.AddScore(90)
// means (&s).AddScore(90).
package roster

import (
	"errors"
	"fmt"
)

// MaxScore is the top exam score; scores run from 0 to MaxScore.
const MaxScore = 100

// ErrInvalidScore is returned, wrapped with the score, for a score outside
// 0–MaxScore. Check it with errors.Is, not ==.
var ErrInvalidScore = errors.New("roster: invalid score")

// Student is one student: a name and exam scores.
type Student struct {
	Name   string
	Scores []int // 0–MaxScore each, in the order added
}

// Average returns the mean of s.Scores, or 0 when there are none. It has a
// value receiver: it only reads s.
func (s Student) Average() float64 {
	if len(s.Scores) == 0 {
		// No scores: nothing to average (and 0.0/0.0 would be NaN).
		return 0
	}
	sum := 0
	for _, score := range s.Scores {
		sum += score
	}
	// Type conversion: sum / len(s.Scores) would be integer division (97,
	// not 97.5), so convert both to float64 first.
	return float64(sum) / float64(len(s.Scores))
}

// AddScore appends score to s.Scores. A score outside 0–MaxScore leaves s
// unchanged and returns an error wrapping ErrInvalidScore that names the
// score, e.g. "roster: invalid score: 101". It has a pointer receiver: the
// change must reach the caller's Student.
func (s *Student) AddScore(score int) error {
	if score < 0 || score > MaxScore {
		return fmt.Errorf("%w: %d", ErrInvalidScore, score) // validate before changing anything
	}
	s.Scores = append(s.Scores, score) // s points at the caller's Student: the change stays
	return nil
}

// Roster is a class of students, stored by name. Students holds pointers,
// so the Student that Find returns is the one in the map, not a copy. The
// zero Roster is empty and ready to use: var r Roster, or &Roster{}.
type Roster struct {
	Students map[string]*Student
}

// Add adds a new Student with the given name and no scores. If the roster
// already has a student with that name, Add leaves that student (and its
// scores) as it is. On a zero Roster, Students is a nil map: reading a nil
// map is fine, but writing to one panics, so make it first.
func (r *Roster) Add(name string) {
	if r.Students == nil {
		r.Students = make(map[string]*Student) // writing to a nil map panics
	}
	// The two-result form tells "absent" apart from "present".
	if _, ok := r.Students[name]; !ok {
		r.Students[name] = &Student{Name: name}
	}
}

// Find returns the student with the given name — the pointer stored in
// r.Students, so that a change through it, as in
// r.Find("김민준").AddScore(90), changes the roster — or nil when there is no
// such student.
func (r *Roster) Find(name string) *Student {
	// A missing key gives the zero value of *Student: nil, just what we
	// must return. (Reading a nil map is fine too.)
	return r.Students[name]
}
