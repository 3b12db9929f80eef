package student

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ---------------------------------------------------------------------------
// pointers
// ---------------------------------------------------------------------------

func TestPointersSwap(t *testing.T) {
	t.Run("swaps the values behind the pointers", func(t *testing.T) {
		x, y := 1, 2
		Swap(&x, &y)
		assert.Equal(t, []int{2, 1}, []int{x, y}, "after Swap(&x, &y) with x=1, y=2: write through the pointers, *a, *b = *b, *a")
	})
	t.Run("the same pointer twice", func(t *testing.T) {
		x := 5
		Swap(&x, &x)
		assert.Equal(t, 5, x, "Swap(&x, &x) leaves x as it was")
	})
	t.Run("nil pointers are ignored", func(t *testing.T) {
		x := 1
		require.NotPanics(t, func() { Swap(&x, nil) }, "Swap(&x, nil) panicked: check a == nil || b == nil before using *a or *b")
		require.NotPanics(t, func() { Swap(nil, &x) }, "Swap(nil, &x) panicked: check for nil first")
		assert.Equal(t, 1, x, "Swap with a nil pointer must not change x")
	})
}

func TestPointersNewStudentReturnsDistinctPointers(t *testing.T) {
	a := NewStudent(1, "Ahn")
	b := NewStudent(2, "Baek")
	require.NotNil(t, a, "NewStudent(1, \"Ahn\") returned nil: create a Student and return its address")
	require.NotNil(t, b, "NewStudent(2, \"Baek\") returned nil")
	assert.Equal(t, Student{ID: 1, Name: "Ahn"}, *a, "*NewStudent(1, \"Ahn\")")
	assert.NotSame(t, a, b, "two calls returned the same pointer: each call needs its own Student (a local variable per call)")
	a.GPA = 4
	assert.Zero(t, b.GPA, "changing one new Student changed the other")
}

func TestPointersKeepBestThroughPointerToPointer(t *testing.T) {
	ahn := &Student{ID: 1, Name: "Ahn", GPA: 3.0}
	baek := &Student{ID: 2, Name: "Baek", GPA: 4.0}
	choi := &Student{ID: 3, Name: "Choi", GPA: 4.0}

	var best *Student
	assert.True(t, KeepBest(&best, ahn), "KeepBest(&best, ahn) with best == nil should take ahn and return true")
	assert.Same(t, ahn, best, "after the first KeepBest, best must point to ahn: assign through the **Student, *best = candidate")

	assert.True(t, KeepBest(&best, baek), "baek's GPA 4.0 beats 3.0: KeepBest should return true")
	assert.Same(t, baek, best, "best must now point to baek")

	assert.False(t, KeepBest(&best, choi), "choi's GPA 4.0 only ties baek's: KeepBest keeps the first and returns false")
	assert.Same(t, baek, best, "a tie must not replace best")

	assert.False(t, KeepBest(&best, nil), "a nil candidate is ignored")
	assert.Same(t, baek, best, "a nil candidate must not replace best")

	assert.NotPanics(t, func() {
		assert.False(t, KeepBest(nil, ahn), "KeepBest(nil, …) has no variable to update: return false")
	}, "KeepBest(nil, ahn) panicked: check best == nil before reading *best")
}

func TestPointersRangeCopyPitfall(t *testing.T) {
	students := []Student{
		{ID: 1, Name: "Ahn", GPA: 3.0},
		{ID: 2, Name: "Baek", GPA: 4.4},
	}
	CurveAll(students, 0.3)
	assert.InDelta(t, 3.3, students[0].GPA, 1e-9,
		"CurveAll did not change students[0]: `for _, s := range students` gives copies — index the slice, students[i].GPA += bonus")
	assert.InDelta(t, MaxGPA, students[1].GPA, 1e-9, "CurveAll must cap a GPA at MaxGPA (4.4 + 0.3 → 4.5)")
}

func TestPointersSliceOfPointers(t *testing.T) {
	ahn := &Student{ID: 1, Name: "Ahn", GPA: 3.0}
	baek := &Student{ID: 2, Name: "Baek", GPA: 4.4}
	students := []*Student{ahn, nil, baek}
	require.NotPanics(t, func() { CurveAllPointers(students, 0.3) }, "CurveAllPointers panicked on a nil entry: skip nil pointers")
	assert.InDelta(t, 3.3, ahn.GPA, 1e-9,
		"CurveAllPointers did not change ahn: the range variable is a copy of the pointer, so s.GPA += bonus reaches the shared Student")
	assert.InDelta(t, MaxGPA, baek.GPA, 1e-9, "CurveAllPointers must cap a GPA at MaxGPA")
}

func TestPointersToElements(t *testing.T) {
	students := []Student{{ID: 1, Name: "Ahn"}, {ID: 2, Name: "Baek"}}
	ptrs := PointersTo(students)
	require.Len(t, ptrs, 2, "PointersTo of two students should return two pointers")
	for i := range students {
		require.NotNil(t, ptrs[i], "PointersTo: ptrs[%d] is nil", i)
		assert.Same(t, &students[i], ptrs[i],
			"ptrs[%d] does not point at students[%d]: &s of the range variable points at a copy — use &students[i]", i, i)
	}
	ptrs[1].GPA = 3.9
	assert.Equal(t, 3.9, students[1].GPA, "changing *ptrs[1] must change students[1]")
	assert.Empty(t, PointersTo(nil), "PointersTo(nil)")
}
