// Package student keeps student records: a struct with methods, a registry
// that stores them, and a few drills on pointers (in pointers.go).
//
// # Value receivers and pointer receivers
//
// A method with a value receiver, func (s Student) Summary(), gets a copy
// of the Student: it can read the fields, and anything it changes is lost
// when it returns. A method with a pointer receiver, func (s *Student)
// SetGPA(…), gets the address of the caller's Student, so its changes stay.
// Go takes the address for you: with `var s Student`, s.SetGPA(4.0) means
// (&s).SetGPA(4.0).
//
// Copying a struct copies its fields. A slice field such as Scores is a
// small header (pointer, length, capacity), so a copied Student still
// shares the scores' backing array with the original: that is why Clone
// exists.
//
// # Grades
//
// GPA is on the 4.5 scale many Korean universities use: 0.0 to MaxGPA
// (4.5), both included. Scores are exam scores from 0 to MaxScore (100).
package student

import (
	"errors"
)

// Limits for the fields of a Student.
const (
	MaxGPA    = 4.5 // the top of the 4.5 scale
	HonorsGPA = 4.0 // a GPA at or above this earns honors
	MaxScore  = 100 // the top exam score
)

// Errors returned by this package. They are wrapped with details (which
// field, which ID), so check them with errors.Is, not ==.
var (
	ErrInvalidID    = errors.New("student: invalid ID")
	ErrInvalidName  = errors.New("student: invalid name")
	ErrInvalidGPA   = errors.New("student: invalid GPA")
	ErrInvalidScore = errors.New("student: invalid score")
	ErrDuplicateID  = errors.New("student: duplicate ID")
	ErrNotFound     = errors.New("student: not found")
)

// Student is one student's record.
type Student struct {
	ID     int     // positive and unique within a Registry
	Name   string  // not empty or only spaces
	GPA    float64 // 0.0–MaxGPA
	Scores []int   // exam scores, 0–MaxScore each, in the order added
}

// Summary returns a one-line description: the ID, the name and the GPA
// with two decimals, e.g. "20240001 김민준 (GPA 3.75)". It has a value
// receiver: it only reads s.
func (s Student) Summary() string {
	// TODO(weekend 1): fmt.Sprintf with %d, %s and %.2f.
	return ""
}

// Honors reports whether s earns honors: a GPA of at least HonorsGPA.
func (s Student) Honors() bool {
	// TODO(weekend 1): compare s.GPA with HonorsGPA.
	return false
}

// AverageScore returns the mean of s.Scores. ok is false when there are no
// scores (an average of nothing is undefined, not 0).
func (s Student) AverageScore() (avg float64, ok bool) {
	// TODO(weekend 1): sum as float64, divide by float64(len(s.Scores)).
	return 0, false
}

// WithName returns a copy of s with Name set to name, and leaves s
// unchanged: s is already a copy inside a value-receiver method, so
// changing it and returning it is all there is to do.
// Like every plain copy, the result shares Scores with s.
func (s Student) WithName(name string) Student {
	// TODO(weekend 1): s.Name = name; return s.
	return Student{}
}

// Clone returns a deep copy of s: the same fields, and a Scores slice of
// its own, so appending to or changing one copy's scores never shows in
// the other. A nil Scores stays nil.
func (s Student) Clone() Student {
	// TODO(weekend 1): copy s, then give the copy slices.Clone(s.Scores).
	return Student{}
}

// SetGPA sets s.GPA to gpa. A gpa outside 0.0–MaxGPA (or NaN) leaves s
// unchanged and returns an error wrapping ErrInvalidGPA that names the
// value and the ID, e.g. "student: invalid GPA 4.7 for ID 7: must be within
// 0.0–4.5". It has a pointer receiver: the change must reach the caller.
func (s *Student) SetGPA(gpa float64) error {
	// TODO(weekend 1): validate, then s.GPA = gpa.
	return errors.New("student: SetGPA not implemented")
}

// AddScore appends score to s.Scores. A score outside 0–MaxScore leaves s
// unchanged and returns an error wrapping ErrInvalidScore that names the
// score and the ID, e.g. "student: invalid score 101 for ID 7: must be
// within 0–100".
func (s *Student) AddScore(score int) error {
	// TODO(weekend 1): validate, then s.Scores = append(s.Scores, score).
	return errors.New("student: AddScore not implemented")
}

// Registry stores students by ID.
//
// A Registry is not safe for concurrent use: two goroutines calling Add at
// the same time can corrupt it (Go maps are not synchronized). Use it from
// one goroutine, or guard every call with a sync.Mutex.
//
// Students go in and come out as copies (deep copies, Scores included):
// a caller can never change a stored student behind the Registry's back.
// The only way to change one is Update, which validates the result.
type Registry struct {
	// TODO(weekend 1): choose the fields, e.g. a map from ID to Student.
}

// NewRegistry returns an empty Registry, ready to use.
func NewRegistry() *Registry {
	// TODO(weekend 1): initialize your fields (a map must be made before use).
	return &Registry{}
}

// Add stores a copy of s. It returns an error, and stores nothing, when:
//
//   - s.ID is not positive (wraps ErrInvalidID);
//   - s.Name is empty or only spaces (wraps ErrInvalidName);
//   - s.GPA is outside 0.0–MaxGPA (wraps ErrInvalidGPA);
//   - a score is outside 0–MaxScore (wraps ErrInvalidScore);
//   - a student with the same ID is already stored (wraps ErrDuplicateID).
//
// Every error names the ID, and GPA/score errors also name the bad value (as
// SetGPA/AddScore do), e.g.
// `student: duplicate ID 7: already registered to "김민준"`.
func (r *Registry) Add(s Student) error {
	// TODO(weekend 1): validate, check for a duplicate, store s.Clone().
	return errors.New("student: Registry.Add not implemented")
}

// Find returns a copy of the student with the given id, and whether there
// is one. Changing the copy does not change the Registry; use Update for
// that. (Returning a *Student into the map would let any caller skip the
// validation in Update.)
func (r *Registry) Find(id int) (Student, bool) {
	// TODO(weekend 1): look up id; return a Clone.
	return Student{}, false
}

// Update runs change on a copy of the student with the given id and, if the
// result is still valid (the same rules as Add) and keeps its ID, stores
// it. Otherwise the Registry is left unchanged and the error says why: an
// unknown id wraps ErrNotFound; a changed ID wraps ErrInvalidID.
//
// change must not be nil and must not keep the pointer it is given.
func (r *Registry) Update(id int, change func(*Student)) error {
	// TODO(weekend 1): find, clone, change(&copy), validate, store.
	return errors.New("student: Registry.Update not implemented")
}

// Remove deletes the student with the given id. An unknown id returns an
// error wrapping ErrNotFound that names the id, e.g.
// "student: not found: ID 42".
func (r *Registry) Remove(id int) error {
	// TODO(weekend 1): check the id exists, then delete.
	return errors.New("student: Registry.Remove not implemented")
}

// Len returns the number of students stored.
func (r *Registry) Len() int {
	// TODO(weekend 1): len of your map.
	return 0
}

// ListByGPA returns copies of all students, highest GPA first; equal GPAs
// are ordered by Name, then by ID. An empty Registry gives an empty slice.
// The caller owns the returned slice.
func (r *Registry) ListByGPA() []Student {
	// TODO(weekend 1): collect clones, then slices.SortFunc with a compare function.
	return nil
}

// ListByName returns copies of all students ordered by Name (byte order,
// as < compares strings), and by ID for equal names. An empty Registry
// gives an empty slice. The caller owns the returned slice.
func (r *Registry) ListByName() []Student {
	// TODO(weekend 1): collect clones, then sort by Name, then ID.
	return nil
}

// Average returns the mean GPA of all students; ok is false for an empty
// Registry.
func (r *Registry) Average() (avg float64, ok bool) {
	// TODO(weekend 1): sum the GPAs, divide by the count.
	return 0, false
}
