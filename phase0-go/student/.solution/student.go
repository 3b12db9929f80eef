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
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
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
	return fmt.Sprintf("%d %s (GPA %.2f)", s.ID, s.Name, s.GPA)
}

// Honors reports whether s earns honors: a GPA of at least HonorsGPA.
func (s Student) Honors() bool {
	return s.GPA >= HonorsGPA
}

// AverageScore returns the mean of s.Scores. ok is false when there are no
// scores (an average of nothing is undefined, not 0).
func (s Student) AverageScore() (avg float64, ok bool) {
	if len(s.Scores) == 0 {
		return 0, false
	}
	sum := 0
	for _, score := range s.Scores {
		sum += score
	}
	return float64(sum) / float64(len(s.Scores)), true
}

// WithName returns a copy of s with Name set to name, and leaves s
// unchanged: s is already a copy inside a value-receiver method, so
// changing it and returning it is all there is to do.
// Like every plain copy, the result shares Scores with s.
func (s Student) WithName(name string) Student {
	s.Name = name // s is the method's own copy: the caller's Student is untouched
	return s
}

// Clone returns a deep copy of s: the same fields, and a Scores slice of
// its own, so appending to or changing one copy's scores never shows in
// the other. A nil Scores stays nil.
func (s Student) Clone() Student {
	s.Scores = slices.Clone(s.Scores) // nil stays nil
	return s
}

// SetGPA sets s.GPA to gpa. A gpa outside 0.0–MaxGPA (or NaN) leaves s
// unchanged and returns an error wrapping ErrInvalidGPA that names the
// value and the ID, e.g. "student: invalid GPA 4.7 for ID 7: must be within
// 0.0–4.5". It has a pointer receiver: the change must reach the caller.
func (s *Student) SetGPA(gpa float64) error {
	if err := checkGPA(s.ID, gpa); err != nil {
		return err
	}
	s.GPA = gpa // through the pointer: the caller's Student changes
	return nil
}

// AddScore appends score to s.Scores. A score outside 0–MaxScore leaves s
// unchanged and returns an error wrapping ErrInvalidScore that names the
// score and the ID, e.g. "student: invalid score 101 for ID 7: must be
// within 0–100".
func (s *Student) AddScore(score int) error {
	if err := checkScore(s.ID, score); err != nil {
		return err
	}
	s.Scores = append(s.Scores, score)
	return nil
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
	// byID holds values, not pointers: every read hands out a Clone, and
	// Update writes a whole new value back, so nothing outside can alias it.
	byID map[int]Student
}

// NewRegistry returns an empty Registry, ready to use.
func NewRegistry() *Registry {
	return &Registry{byID: make(map[int]Student)}
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
	if err := validate(s); err != nil {
		return err
	}
	if existing, taken := r.byID[s.ID]; taken {
		return fmt.Errorf("%w %d: already registered to %q", ErrDuplicateID, s.ID, existing.Name)
	}
	// Clone: the caller keeps its Scores slice and may change it later.
	r.byID[s.ID] = s.Clone()
	return nil
}

// Find returns a copy of the student with the given id, and whether there
// is one. Changing the copy does not change the Registry; use Update for
// that. (Returning a *Student into the map would let any caller skip the
// validation in Update.)
func (r *Registry) Find(id int) (Student, bool) {
	s, ok := r.byID[id]
	if !ok {
		return Student{}, false
	}
	return s.Clone(), true
}

// Update runs change on a copy of the student with the given id and, if the
// result is still valid (the same rules as Add) and keeps its ID, stores
// it. Otherwise the Registry is left unchanged and the error says why: an
// unknown id wraps ErrNotFound; a changed ID wraps ErrInvalidID.
//
// change must not be nil and must not keep the pointer it is given.
func (r *Registry) Update(id int, change func(*Student)) error {
	current, ok := r.byID[id]
	if !ok {
		return fmt.Errorf("%w: ID %d", ErrNotFound, id)
	}
	// Work on a deep copy, so a change that fails validation (or appends to
	// Scores) never touches the stored value.
	changed := current.Clone()
	change(&changed)
	if changed.ID != id {
		return fmt.Errorf("%w %d: update must not change the ID (it set %d)", ErrInvalidID, id, changed.ID)
	}
	if err := validate(changed); err != nil {
		return err
	}
	r.byID[id] = changed
	return nil
}

// Remove deletes the student with the given id. An unknown id returns an
// error wrapping ErrNotFound that names the id, e.g.
// "student: not found: ID 42".
func (r *Registry) Remove(id int) error {
	if _, ok := r.byID[id]; !ok {
		return fmt.Errorf("%w: ID %d", ErrNotFound, id)
	}
	delete(r.byID, id)
	return nil
}

// Len returns the number of students stored.
func (r *Registry) Len() int {
	return len(r.byID)
}

// ListByGPA returns copies of all students, highest GPA first; equal GPAs
// are ordered by Name, then by ID. An empty Registry gives an empty slice.
// The caller owns the returned slice.
func (r *Registry) ListByGPA() []Student {
	list := r.all()
	slices.SortFunc(list, func(a, b Student) int {
		// cmp.Compare(b, a) sorts descending; cmp.Or picks the first
		// comparison that is not a tie.
		return cmp.Or(
			cmp.Compare(b.GPA, a.GPA),
			strings.Compare(a.Name, b.Name),
			cmp.Compare(a.ID, b.ID),
		)
	})
	return list
}

// ListByName returns copies of all students ordered by Name (byte order,
// as < compares strings), and by ID for equal names. An empty Registry
// gives an empty slice. The caller owns the returned slice.
func (r *Registry) ListByName() []Student {
	list := r.all()
	slices.SortFunc(list, func(a, b Student) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
	return list
}

// Average returns the mean GPA of all students; ok is false for an empty
// Registry.
func (r *Registry) Average() (avg float64, ok bool) {
	if len(r.byID) == 0 {
		return 0, false
	}
	sum := 0.0
	for _, s := range r.byID {
		sum += s.GPA
	}
	return sum / float64(len(r.byID)), true
}

// all returns clones of every stored student, in no particular order (map
// order is random): callers sort.
func (r *Registry) all() []Student {
	list := make([]Student, 0, len(r.byID))
	for _, s := range r.byID {
		list = append(list, s.Clone())
	}
	return list
}

// validate applies the rules of Add to s.
func validate(s Student) error {
	if s.ID <= 0 {
		return fmt.Errorf("%w %d: must be positive", ErrInvalidID, s.ID)
	}
	if strings.TrimSpace(s.Name) == "" {
		return fmt.Errorf("%w for ID %d: name is empty", ErrInvalidName, s.ID)
	}
	if err := checkGPA(s.ID, s.GPA); err != nil {
		return err
	}
	for _, score := range s.Scores {
		if err := checkScore(s.ID, score); err != nil {
			return err
		}
	}
	return nil
}

// checkGPA reports whether gpa is on the 0.0–MaxGPA scale. NaN fails every
// comparison, so it is checked by name.
func checkGPA(id int, gpa float64) error {
	if math.IsNaN(gpa) || gpa < 0 || gpa > MaxGPA {
		return fmt.Errorf("%w %v for ID %d: must be within 0.0–%.1f", ErrInvalidGPA, gpa, id, MaxGPA)
	}
	return nil
}

// checkScore reports whether score is within 0–MaxScore.
func checkScore(id, score int) error {
	if score < 0 || score > MaxScore {
		return fmt.Errorf("%w %d for ID %d: must be within 0–%d", ErrInvalidScore, score, id, MaxScore)
	}
	return nil
}
