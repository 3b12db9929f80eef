package student

import (
	"math"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// kim is a valid student used across the tests. Each test gets its own
// copy, with its own Scores, by calling kim().
func kim() Student {
	return Student{ID: 7, Name: "김민준", GPA: 3.75, Scores: []int{90, 80}}
}

// ---------------------------------------------------------------------------
// structs-methods: the Student struct and its methods
// ---------------------------------------------------------------------------

func TestStructsSummary(t *testing.T) {
	tests := []struct {
		name string
		in   Student
		want string
	}{
		{"two decimals", kim(), "7 김민준 (GPA 3.75)"},
		{"whole GPA is padded", Student{ID: 20240001, Name: "Lee", GPA: 4}, "20240001 Lee (GPA 4.00)"},
		{"rounded to two decimals", Student{ID: 3, Name: "Park", GPA: 2.999}, "3 Park (GPA 3.00)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.in.Summary()
			assert.Equal(t, tt.want, got, "Summary() of %+v: fmt.Sprintf(\"%%d %%s (GPA %%.2f)\", …)", tt.in)
		})
	}
}

func TestStructsHonors(t *testing.T) {
	tests := []struct {
		gpa  float64
		want bool
	}{
		{4.5, true}, {4.0, true}, {3.99, false}, {0, false},
	}
	for _, tt := range tests {
		t.Run("GPA "+strconv.FormatFloat(tt.gpa, 'f', -1, 64), func(t *testing.T) {
			s := Student{ID: 1, Name: "A", GPA: tt.gpa}
			assert.Equal(t, tt.want, s.Honors(), "Student{GPA: %v}.Honors(): honors means GPA >= HonorsGPA (4.0)", tt.gpa)
		})
	}
}

func TestStructsAverageScore(t *testing.T) {
	avg, ok := Student{Scores: []int{90, 80, 75}}.AverageScore()
	require.True(t, ok, "AverageScore of [90 80 75]: ok should be true when there are scores")
	assert.InDelta(t, 81.666666, avg, 1e-5, "AverageScore of [90 80 75]: divide as float64, or 245/3 truncates to 81")

	_, ok = Student{}.AverageScore()
	assert.False(t, ok, "AverageScore with no scores: ok must be false (dividing by len 0 gives NaN)")
}

func TestStructsCloneCopiesScores(t *testing.T) {
	original := kim()
	clone := original.Clone()
	require.Equal(t, original, clone, "Clone() should copy every field")

	clone.Scores[0] = 0
	assert.Equal(t, 90, original.Scores[0],
		"changing clone.Scores[0] changed the original: a struct copy shares the slice's array — Clone must use slices.Clone(s.Scores)")
	clone.Name = "other"
	assert.Equal(t, "김민준", original.Name, "changing the clone's Name changed the original")

	assert.Nil(t, Student{ID: 1}.Clone().Scores, "Clone of a Student with nil Scores keeps Scores nil (slices.Clone(nil) is nil)")
}

func TestMethodsValueReceiverReturnsCopy(t *testing.T) {
	original := kim()
	renamed := original.WithName("이서연")
	assert.Equal(t, "이서연", renamed.Name, "WithName(\"이서연\") should return a Student with the new name")
	assert.Equal(t, original.ID, renamed.ID, "WithName keeps the other fields: ID")
	assert.Equal(t, original.GPA, renamed.GPA, "WithName keeps the other fields: GPA")
	assert.Equal(t, "김민준", original.Name,
		"WithName changed the original: a value receiver works on a copy — set the copy's Name and return the copy")
}

func TestMethodsPointerReceiverMutates(t *testing.T) {
	t.Run("SetGPA changes the caller's Student", func(t *testing.T) {
		s := kim()
		require.NoError(t, s.SetGPA(4.25), "SetGPA(4.25) is within 0.0–4.5")
		assert.Equal(t, 4.25, s.GPA,
			"after s.SetGPA(4.25), s.GPA is %v: a pointer receiver (s *Student) writes through to the caller's variable", s.GPA)
	})
	t.Run("the bounds 0.0 and 4.5 are allowed", func(t *testing.T) {
		s := kim()
		require.NoError(t, s.SetGPA(0), "SetGPA(0): 0.0 is on the scale")
		require.NoError(t, s.SetGPA(MaxGPA), "SetGPA(4.5): 4.5 is on the scale (Korean universities use 4.5)")
		assert.Equal(t, MaxGPA, s.GPA, "SetGPA(4.5)")
	})
	t.Run("AddScore appends to the caller's Scores", func(t *testing.T) {
		s := kim()
		require.NoError(t, s.AddScore(100), "AddScore(100) is within 0–100")
		require.NoError(t, s.AddScore(0), "AddScore(0) is within 0–100")
		assert.Equal(t, []int{90, 80, 100, 0}, s.Scores, "AddScore should append in order: s.Scores = append(s.Scores, score)")
	})
	t.Run("through a pointer variable too", func(t *testing.T) {
		p := &Student{ID: 2, Name: "Choi"}
		require.NoError(t, p.AddScore(70), "AddScore(70) on a *Student")
		assert.Equal(t, []int{70}, p.Scores, "AddScore through a *Student")
	})
}

func TestMethodsPointerReceiverRejectsInvalid(t *testing.T) {
	for _, gpa := range []float64{-0.1, 4.51, 5, math.NaN()} {
		t.Run("GPA "+strconv.FormatFloat(gpa, 'f', -1, 64), func(t *testing.T) {
			s := kim()
			err := s.SetGPA(gpa)
			require.ErrorIs(t, err, ErrInvalidGPA, "SetGPA(%v): the scale is 0.0–4.5; wrap ErrInvalidGPA with %%w (NaN needs math.IsNaN: it fails every comparison)", gpa)
			assert.Contains(t, err.Error(), "ID 7", "the error should name the student's ID")
			assert.Equal(t, 3.75, s.GPA, "SetGPA(%v) failed but changed the GPA to %v: validate before assigning", gpa, s.GPA)
		})
	}
	for _, score := range []int{-1, 101} {
		t.Run("score "+strconv.Itoa(score), func(t *testing.T) {
			s := kim()
			err := s.AddScore(score)
			require.ErrorIs(t, err, ErrInvalidScore, "AddScore(%d): scores are 0–100; wrap ErrInvalidScore with %%w", score)
			assert.Contains(t, err.Error(), strconv.Itoa(score), "the error should name the bad score")
			assert.Equal(t, []int{90, 80}, s.Scores, "AddScore(%d) failed but changed Scores: validate before appending", score)
		})
	}
}

// ---------------------------------------------------------------------------
// structs-methods: the Registry
// ---------------------------------------------------------------------------

// newRegistry returns a Registry holding the given students, failing the
// test if NewRegistry returns nil or any Add fails.
func newRegistry(t *testing.T, students ...Student) *Registry {
	t.Helper()
	r := NewRegistry()
	require.NotNil(t, r, "NewRegistry() returned nil: return &Registry{…} with its map made")
	for _, s := range students {
		require.NoError(t, r.Add(s), "Add(%+v) should succeed: it is a valid student with a new ID", s)
	}
	return r
}

func TestRegistryAddValidates(t *testing.T) {
	tests := []struct {
		name    string
		in      Student
		wantErr error
		mention string // text the error must contain
	}{
		{"zero ID", Student{ID: 0, Name: "A", GPA: 3}, ErrInvalidID, "0"},
		{"negative ID", Student{ID: -4, Name: "A", GPA: 3}, ErrInvalidID, "-4"},
		{"empty name", Student{ID: 5, Name: "", GPA: 3}, ErrInvalidName, "5"},
		{"name of spaces", Student{ID: 5, Name: "   ", GPA: 3}, ErrInvalidName, "5"},
		{"GPA above 4.5", Student{ID: 5, Name: "A", GPA: 4.6}, ErrInvalidGPA, "4.6"},
		{"negative GPA", Student{ID: 5, Name: "A", GPA: -1}, ErrInvalidGPA, "-1"},
		{"bad score", Student{ID: 5, Name: "A", GPA: 3, Scores: []int{90, 120}}, ErrInvalidScore, "120"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRegistry(t)
			err := r.Add(tt.in)
			require.ErrorIs(t, err, tt.wantErr, "Add(%+v): %s must be rejected with an error wrapping the sentinel (fmt.Errorf(\"%%w …\", …))", tt.in, tt.name)
			assert.Contains(t, err.Error(), tt.mention, "Add(%+v): the error should name what is wrong", tt.in)
			assert.Zero(t, r.Len(), "a rejected student must not be stored")
		})
	}
	t.Run("valid students are stored", func(t *testing.T) {
		r := newRegistry(t, kim(), Student{ID: 8, Name: "Lee", GPA: 0}, Student{ID: 9, Name: "Park", GPA: 4.5})
		assert.Equal(t, 3, r.Len(), "Len after adding three valid students")
	})
}

func TestRegistryAddRejectsDuplicateID(t *testing.T) {
	r := newRegistry(t, kim())
	err := r.Add(Student{ID: 7, Name: "Other", GPA: 2})
	require.ErrorIs(t, err, ErrDuplicateID, "Add with an ID that is already stored must wrap ErrDuplicateID")
	assert.Contains(t, err.Error(), "7", "the error should name the duplicate ID")
	assert.Contains(t, err.Error(), "김민준", "the error should say who already has the ID")
	assert.Equal(t, 1, r.Len(), "the duplicate must not be stored")
	got, ok := r.Find(7)
	require.True(t, ok, "Find(7) after the failed duplicate Add")
	assert.Equal(t, "김민준", got.Name, "a duplicate Add must not replace the stored student")
}

func TestRegistryFindReturnsCopy(t *testing.T) {
	original := kim()
	r := newRegistry(t, original)

	t.Run("found", func(t *testing.T) {
		got, ok := r.Find(7)
		require.True(t, ok, "Find(7): student 7 was added")
		assert.Equal(t, kim(), got, "Find(7) should return the student that was added")
	})
	t.Run("missing", func(t *testing.T) {
		got, ok := r.Find(99)
		assert.False(t, ok, "Find(99): no such student, ok must be false")
		assert.Zero(t, got, "Find(99) returns the zero Student when not found")
	})
	t.Run("changing the result does not change the registry", func(t *testing.T) {
		got, ok := r.Find(7)
		require.True(t, ok, "Find(7)")
		got.Name = "changed"
		require.NotEmpty(t, got.Scores, "Find(7) should return the scores too")
		got.Scores[0] = 0
		again, ok := r.Find(7)
		require.True(t, ok, "Find(7) again")
		require.Len(t, again.Scores, 2, "Find(7) should return both scores")
		assert.Equal(t, "김민준", again.Name, "changing a found Student's Name changed the registry: Find must return a copy")
		assert.Equal(t, 90, again.Scores[0],
			"changing a found Student's Scores changed the registry: a struct copy shares Scores — return s.Clone()")
	})
	t.Run("changing the added value does not change the registry", func(t *testing.T) {
		original.Scores[1] = 0
		again, ok := r.Find(7)
		require.True(t, ok, "Find(7)")
		require.Len(t, again.Scores, 2, "Find(7) should return both scores")
		assert.Equal(t, 80, again.Scores[1],
			"the caller changed its own Scores after Add and the registry saw it: Add must store s.Clone()")
	})
}

func TestRegistryUpdate(t *testing.T) {
	t.Run("a valid change is stored", func(t *testing.T) {
		r := newRegistry(t, kim())
		err := r.Update(7, func(s *Student) {
			s.GPA = 4.2
			s.Scores = append(s.Scores, 100)
		})
		require.NoError(t, err, "Update(7, set GPA 4.2) is valid")
		got, ok := r.Find(7)
		require.True(t, ok, "Find(7) after Update")
		assert.Equal(t, 4.2, got.GPA, "Update should store the changed GPA")
		assert.Equal(t, []int{90, 80, 100}, got.Scores, "Update should store the changed Scores")
	})
	t.Run("an invalid change is rejected and nothing changes", func(t *testing.T) {
		r := newRegistry(t, kim())
		err := r.Update(7, func(s *Student) {
			s.Name = "partly changed"
			s.GPA = 9
		})
		require.ErrorIs(t, err, ErrInvalidGPA, "Update that sets GPA 9 must fail like Add would")
		got, ok := r.Find(7)
		require.True(t, ok, "Find(7)")
		assert.Equal(t, kim(), got, "a rejected Update must leave the student exactly as it was: run change on a copy, validate, then store")
	})
	t.Run("an invalid score written in place is rejected", func(t *testing.T) {
		r := newRegistry(t, kim())
		err := r.Update(7, func(s *Student) {
			if len(s.Scores) > 0 {
				s.Scores[0] = 500
			}
		})
		require.ErrorIs(t, err, ErrInvalidScore, "Update that sets a score of 500 must fail")
		got, ok := r.Find(7)
		require.True(t, ok, "Find(7)")
		assert.Equal(t, []int{90, 80}, got.Scores,
			"the change wrote into the stored Scores before validation: give change a deep copy (Clone), not a shallow one")
	})
	t.Run("changing the ID is rejected", func(t *testing.T) {
		r := newRegistry(t, kim())
		err := r.Update(7, func(s *Student) { s.ID = 8 })
		require.ErrorIs(t, err, ErrInvalidID, "Update must not change a student's ID (the map key would lie)")
		_, ok := r.Find(8)
		assert.False(t, ok, "no student 8 may appear after a rejected Update")
	})
	t.Run("unknown ID", func(t *testing.T) {
		r := newRegistry(t)
		called := false
		err := r.Update(42, func(*Student) { called = true })
		require.ErrorIs(t, err, ErrNotFound, "Update(42) on an empty registry must wrap ErrNotFound")
		assert.Contains(t, err.Error(), "42", "the error should name the ID")
		assert.False(t, called, "change must not run when the student does not exist")
	})
}

func TestRegistryRemove(t *testing.T) {
	r := newRegistry(t, kim(), Student{ID: 8, Name: "Lee", GPA: 3})
	require.NoError(t, r.Remove(7), "Remove(7): student 7 exists")
	assert.Equal(t, 1, r.Len(), "Len after removing one of two")
	_, ok := r.Find(7)
	assert.False(t, ok, "Find(7) after Remove(7)")

	err := r.Remove(7)
	require.ErrorIs(t, err, ErrNotFound, "Remove(7) a second time: the student is gone, wrap ErrNotFound")
	assert.Contains(t, err.Error(), "7", "the error should name the ID")
}

func TestRegistryListByGPA(t *testing.T) {
	r := newRegistry(t,
		Student{ID: 1, Name: "Choi", GPA: 3.5},
		Student{ID: 2, Name: "Ahn", GPA: 4.1},
		Student{ID: 3, Name: "Baek", GPA: 3.5},
		Student{ID: 4, Name: "Baek", GPA: 3.5},
		Student{ID: 5, Name: "Kang", GPA: 2.0},
	)
	got := r.ListByGPA()
	ids := make([]int, len(got))
	for i, s := range got {
		ids[i] = s.ID
	}
	assert.Equal(t, []int{2, 3, 4, 1, 5}, ids,
		"ListByGPA order (by ID): highest GPA first; equal GPAs by Name (Baek < Choi), then by ID — slices.SortFunc with cmp.Or")

	assert.Empty(t, newRegistry(t).ListByGPA(), "ListByGPA of an empty registry")
}

func TestRegistryListByName(t *testing.T) {
	r := newRegistry(t,
		Student{ID: 3, Name: "Choi", GPA: 3},
		Student{ID: 2, Name: "Ahn", GPA: 1},
		Student{ID: 1, Name: "Choi", GPA: 4},
	)
	got := r.ListByName()
	ids := make([]int, len(got))
	for i, s := range got {
		ids[i] = s.ID
	}
	assert.Equal(t, []int{2, 1, 3}, ids, "ListByName order (by ID): by Name, equal names by ID")

	require.NotEmpty(t, got, "ListByName should return the students")
	got[0].Name = "changed"
	again := r.ListByName()
	require.NotEmpty(t, again, "ListByName")
	assert.Equal(t, "Ahn", again[0].Name, "changing a listed Student changed the registry: list copies")
}

func TestRegistryAverage(t *testing.T) {
	_, ok := newRegistry(t).Average()
	assert.False(t, ok, "Average of an empty registry: ok must be false")

	r := newRegistry(t,
		Student{ID: 1, Name: "A", GPA: 4.5},
		Student{ID: 2, Name: "B", GPA: 3.0},
		Student{ID: 3, Name: "C", GPA: 0},
	)
	avg, ok := r.Average()
	require.True(t, ok, "Average of three students: ok must be true")
	assert.InDelta(t, 2.5, avg, 1e-9, "Average GPA of 4.5, 3.0 and 0.0")
}
