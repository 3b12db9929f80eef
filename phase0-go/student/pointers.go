package student

// Pointer drills. A pointer *T holds the address of a T: &x takes the
// address of x, *p reads or writes the T it points to, and a nil pointer
// points to nothing — reading *p through a nil p panics, so check first.

// Swap exchanges the ints a and b point to: after Swap(&x, &y), x holds
// y's old value and y holds x's. If a or b is nil, Swap does nothing.
func Swap(a, b *int) {
	// TODO(weekend 1): check for nil, then *a, *b = *b, *a.
}

// NewStudent returns a pointer to a new Student with the given id and name
// (no GPA, no scores). Returning the address of a local variable is safe in
// Go: the compiler sees that the address escapes and keeps the variable
// alive (on the heap) for as long as the pointer is used. Every call
// returns a different Student.
func NewStudent(id int, name string) *Student {
	// TODO(weekend 1): s := Student{...}; return &s.
	return nil
}

// KeepBest keeps, in *best, the student with the highest GPA seen so far:
// when *best is nil, or candidate's GPA is higher than (*best).GPA, it sets
// *best = candidate and returns true. Otherwise (including equal GPAs) it
// returns false.
//
// best is a pointer to a pointer (**Student) because KeepBest must change
// which Student the caller's variable points to, not the Student itself:
//
//	var top *Student
//	KeepBest(&top, a) // top is now a
//
// If best is nil (no variable to update) or candidate is nil, KeepBest does
// nothing and returns false.
func KeepBest(best **Student, candidate *Student) bool {
	// TODO(weekend 1): check best and candidate for nil, then compare (*best).GPA.
	return false
}

// CurveAll adds bonus to the GPA of every student in students, in place,
// capping each GPA at MaxGPA.
//
// The trap: in `for _, s := range students`, s is a copy of the element,
// so s.GPA += bonus changes the copy and is lost. Index the slice instead:
// students[i].GPA += bonus.
func CurveAll(students []Student, bonus float64) {
	// TODO(weekend 1): for i := range students { … students[i].GPA … }.
}

// CurveAllPointers does what CurveAll does for a slice of pointers. Here
// the range copy is a copy of the pointer, which still points at the same
// Student, so `for _, s := range students { s.GPA += bonus }` works. Nil
// entries are skipped.
func CurveAllPointers(students []*Student, bonus float64) {
	// TODO(weekend 1): range, skip nil, add bonus, cap at MaxGPA.
}

// PointersTo returns a pointer to each element of students, in order, so
// that changing *ptrs[i] changes students[i].
//
// The trap: `for _, s := range students { ptrs = append(ptrs, &s) }` takes
// the address of the loop variable — a copy — so the pointers lead to
// copies, not into the slice. Take &students[i].
func PointersTo(students []Student) []*Student {
	// TODO(weekend 1): for i := range students { ptrs = append(ptrs, &students[i]) }.
	return nil
}
