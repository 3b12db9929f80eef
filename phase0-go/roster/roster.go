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
	// TODO(weekend 1): sum the scores in a for loop, divide as float64.
	return 0
}

// AddScore appends score to s.Scores. A score outside 0–MaxScore leaves s
// unchanged and returns an error wrapping ErrInvalidScore that names the
// score, e.g. "roster: invalid score: 101". It has a pointer receiver: the
// change must reach the caller's Student.
func (s *Student) AddScore(score int) error {
	// TODO(weekend 1): check the range, then s.Scores = append(s.Scores, score).
	return errors.New("roster: AddScore not implemented")
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
	// TODO(weekend 1): make the map if it is nil; add &Student{...} unless the name is there (v, ok := m[k]).
}

// Find returns the student with the given name — the pointer stored in
// r.Students, so that a change through it, as in
// r.Find("김민준").AddScore(90), changes the roster — or nil when there is no
// such student.
func (r *Roster) Find(name string) *Student {
	// TODO(weekend 1): look name up in r.Students.
	return nil
}
