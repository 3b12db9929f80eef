package roster

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"dsweekends/phase0-go/internal/guard"
)

func TestStudentAverage(t *testing.T) {
	tests := []struct {
		scores []int
		want   float64
		why    string
	}{
		{[]int{90, 80, 70}, 80, "the mean is the sum divided by the count"},
		{[]int{95, 100}, 97.5, "divide as float64: 195 / 2 is 97.5; with ints it would be 97"},
		{[]int{100}, 100, "one score is its own average"},
		{[]int{0, 0, 1}, 1.0 / 3, "convert before dividing: 1 / 3 is 0.333…, not 0"},
		{[]int{67, 68, 68}, 203.0 / 3, "float64 all the way: 203 / 3 is 67.66666666666667 (float32 would round it)"},
		{[]int{0, 100}, 50, "a 0 score counts like any other: (0 + 100) / 2 is 50"},
		{[]int{0, 0, 0}, 0, "three 0 scores average 0"},
		{[]int{100, 99, 98, 97, 96, 95, 94, 93}, 96.5, "every score counts, however many there are"},
		{nil, 0, "no scores: Average is 0 (check len before dividing: 0.0/0.0 is NaN)"},
		{[]int{}, 0, "an empty slice is the same as no scores: check len(s.Scores) == 0 (it covers nil too), not s.Scores == nil"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.scores), func(t *testing.T) {
			s := Student{Name: "김민준", Scores: tt.scores}
			got := guard.Call(t, fmt.Sprintf("Student{Scores: %v}.Average()", tt.scores), s.Average)
			assert.InDelta(t, tt.want, got, 1e-12, "Average of %v = %v, want %v: %s", tt.scores, got, tt.want, tt.why)
		})
	}
}

func TestAddScoreChangesTheStudent(t *testing.T) {
	var s Student
	s.Name = "이서연"
	err := guard.Call(t, "AddScore(90)", func() error { return s.AddScore(90) })
	require.NoError(t, err, "AddScore(90) on a student with no scores")
	err = guard.Call(t, "AddScore(85)", func() error { return s.AddScore(85) })
	require.NoError(t, err, "AddScore(85) after AddScore(90)")
	assert.Equal(t, []int{90, 85}, s.Scores,
		"after s.AddScore(90) and s.AddScore(85), s.Scores must be [90 85] in that order: "+
			"AddScore needs a pointer receiver (s *Student), or the append changes only a copy")

	p := &s
	err = guard.Call(t, "p.AddScore(100)", func() error { return p.AddScore(100) })
	require.NoError(t, err, "p.AddScore(100) with p := &s must succeed: 100 is a valid score (the range 0–100 includes both ends)")
	assert.Equal(t, []int{90, 85, 100}, s.Scores, "p := &s; p.AddScore(100) must change s itself: p points at s")
}

func TestAddScoreRejectsInvalid(t *testing.T) {
	for _, bad := range []int{-1, 101, 1000, -100} {
		t.Run(fmt.Sprint(bad), func(t *testing.T) {
			s := Student{Name: "박지호", Scores: []int{70}}
			err := guard.Call(t, fmt.Sprintf("AddScore(%d)", bad), func() error { return s.AddScore(bad) })
			require.Error(t, err, "AddScore(%d) must fail: scores run from 0 to %d", bad, MaxScore)
			assert.ErrorIs(t, err, ErrInvalidScore, "AddScore(%d): wrap ErrInvalidScore with %%w", bad)
			assert.Contains(t, err.Error(), fmt.Sprint(bad), "AddScore(%d): the message must name the score", bad)
			assert.Equal(t, []int{70}, s.Scores, "AddScore(%d) failed, so the scores must not change: validate before appending", bad)
		})
	}
	for _, edge := range []int{0, MaxScore} {
		s := Student{Name: "박지호"}
		err := guard.Call(t, fmt.Sprintf("AddScore(%d)", edge), func() error { return s.AddScore(edge) })
		require.NoError(t, err, "AddScore(%d) must succeed: 0 and %d are both valid scores (the range includes its ends)", edge, MaxScore)
		assert.Equal(t, []int{edge}, s.Scores, "AddScore(%d)", edge)
	}
}

func TestRosterAdd(t *testing.T) {
	var r Roster // the zero Roster: r.Students is a nil map
	names := []string{"김민준", "이서연", "박지호", `O"Brien`, `back\slash`}
	guard.Returns(t, "Add on a zero Roster (its Students map is nil until Add makes it)", func() {
		for _, name := range names {
			r.Add(name)
		}
	})
	require.Len(t, r.Students, len(names),
		"after %d calls to r.Add with different names (a quote and a backslash among them), r.Students must hold %d students: Add needs a pointer receiver (r *Roster) so that making the map reaches r, and the map is made only once (if r.Students == nil)", len(names), len(names))
	for _, name := range names {
		s := r.Students[name]
		require.NotNil(t, s, "r.Students[%q] is missing: Add stores each student under its name", name)
		assert.Equal(t, name, s.Name, "r.Students[%q].Name", name)
		assert.Empty(t, s.Scores, "a new student %q has no scores", name)
	}

	kim := r.Students["김민준"]
	kim.Scores = []int{90, 80}
	guard.Returns(t, `Add("김민준") again`, func() { r.Add("김민준") })
	assert.Len(t, r.Students, len(names), "adding a name that is already there adds nobody")
	assert.Same(t, kim, r.Students["김민준"],
		`Add("김민준") replaced the student who was already there: check with _, ok := r.Students[name] and add only when !ok`)
	assert.Equal(t, []int{90, 80}, r.Students["김민준"].Scores, "Add of an existing name must keep that student's scores")
}

func TestRosterFindReturnsTheStoredStudent(t *testing.T) {
	lee := &Student{Name: "이서연", Scores: []int{90}}
	r := &Roster{Students: map[string]*Student{
		"김민준": {Name: "김민준", Scores: []int{80}},
		"이서연": lee,
	}}
	p := guard.Call(t, `Find("이서연")`, func() *Student { return r.Find("이서연") })
	require.NotNil(t, p, `Find("이서연") returned nil, but r.Students has "이서연"`)
	assert.Same(t, lee, p,
		`Find("이서연") must return the pointer stored in r.Students, not the address of a copy`)

	err := guard.Call(t, "AddScore through Find's pointer", func() error { return p.AddScore(100) })
	require.NoError(t, err, `r.Find("이서연").AddScore(100)`)
	assert.Equal(t, []int{90, 100}, r.Students["이서연"].Scores,
		`r.Find("이서연").AddScore(100) must change the student in the roster: Find returns the stored pointer, not a copy`)
	assert.InDelta(t, 95.0, r.Students["이서연"].Average(), 1e-9, "이서연's average after 90 and 100")

	missing := guard.Call(t, `Find("최유나")`, func() *Student { return r.Find("최유나") })
	assert.Nil(t, missing, `Find("최유나") must return nil: nobody by that name is in the roster`)
	empty := guard.Call(t, `Roster{}.Find("김민준")`, func() *Student { return (&Roster{}).Find("김민준") })
	assert.Nil(t, empty, "Find on a zero Roster returns nil (reading a nil map is fine)")
}

func TestRosterAddThenFind(t *testing.T) {
	var r Roster
	guard.Returns(t, "a roster session", func() {
		r.Add("김민준")
		r.Add("이서연")
		if p := r.Find("김민준"); p != nil {
			_ = p.AddScore(70)
			_ = p.AddScore(90)
		}
		if p := r.Find("이서연"); p != nil {
			_ = p.AddScore(100)
		}
		r.Add("김민준") // already there: changes nothing
	})
	require.Len(t, r.Students, 2, "two students were added")
	require.NotNil(t, r.Students["김민준"], "김민준 was added")
	require.NotNil(t, r.Students["이서연"], "이서연 was added")
	assert.Equal(t, []int{70, 90}, r.Students["김민준"].Scores, "김민준's scores, added through Find")
	assert.Equal(t, []int{100}, r.Students["이서연"].Scores, "이서연's scores, added through Find")
	assert.InDelta(t, 80.0, r.Students["김민준"].Average(), 1e-9, "김민준's average")
}
