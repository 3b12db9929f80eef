package roster

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"dsweekends/phase0-go/internal/guard"
	"dsweekends/testkit/say"
)

func TestStudentAverage(t *testing.T) {
	tests := []struct {
		scores []int
		want   float64
		why    string
	}{
		{[]int{90, 80, 70}, 80, say.T("평균은 합계를 개수로 나눈 것입니다", "the mean is the sum divided by the count")},
		{[]int{95, 100}, 97.5, say.T("float64로 나눕니다: 195 / 2는 97.5. 정수로 나누면 97이 됩니다", "divide as float64: 195 / 2 is 97.5; with ints it would be 97")},
		{[]int{100}, 100, say.T("점수가 하나면 그 점수가 평균입니다", "one score is its own average")},
		{[]int{0, 0, 1}, 1.0 / 3, say.T("나누기 전에 변환하세요: 1 / 3은 0이 아니라 0.333…", "convert before dividing: 1 / 3 is 0.333…, not 0")},
		{[]int{67, 68, 68}, 203.0 / 3, say.T("끝까지 float64로: 203 / 3은 67.66666666666667(float32라면 반올림됩니다)", "float64 all the way: 203 / 3 is 67.66666666666667 (float32 would round it)")},
		{[]int{0, 100}, 50, say.T("0점도 다른 점수처럼 셉니다: (0 + 100) / 2는 50", "a 0 score counts like any other: (0 + 100) / 2 is 50")},
		{[]int{0, 0, 0}, 0, say.T("0점 세 개의 평균은 0", "three 0 scores average 0")},
		{[]int{100, 99, 98, 97, 96, 95, 94, 93}, 96.5, say.T("점수가 몇 개든 모두 셉니다", "every score counts, however many there are")},
		{nil, 0, say.T("점수가 없으면 Average는 0(나누기 전에 len을 확인하세요: 0.0/0.0은 NaN)", "no scores: Average is 0 (check len before dividing: 0.0/0.0 is NaN)")},
		{[]int{}, 0, say.T("빈 슬라이스도 점수가 없는 것과 같습니다: s.Scores == nil이 아니라 len(s.Scores) == 0을 확인하세요(nil도 함께 걸러집니다)", "an empty slice is the same as no scores: check len(s.Scores) == 0 (it covers nil too), not s.Scores == nil")},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.scores), func(t *testing.T) {
			s := Student{Name: "김민준", Scores: tt.scores}
			got := guard.Call(t, fmt.Sprintf("Student{Scores: %v}.Average()", tt.scores), s.Average)
			assert.InDelta(t, tt.want, got, 1e-12, say.F("%v의 평균 = %v, 기대값 %v: %s", "Average of %v = %v, want %v: %s", tt.scores, got, tt.want, tt.why))
		})
	}
}

func TestAddScoreChangesTheStudent(t *testing.T) {
	var s Student
	s.Name = "이서연"
	err := guard.Call(t, "AddScore(90)", func() error { return s.AddScore(90) })
	require.NoError(t, err, say.T("점수가 없는 학생에게 AddScore(90)", "AddScore(90) on a student with no scores"))
	err = guard.Call(t, "AddScore(85)", func() error { return s.AddScore(85) })
	require.NoError(t, err, say.T("AddScore(90) 다음 AddScore(85)", "AddScore(85) after AddScore(90)"))
	assert.Equal(t, []int{90, 85}, s.Scores,
		say.T("s.AddScore(90)과 s.AddScore(85) 뒤에는 s.Scores가 이 순서로 [90 85]여야 합니다: "+
			"AddScore에는 포인터 리시버(s *Student)가 필요합니다. 아니면 append가 복사본만 바꿉니다",
			"after s.AddScore(90) and s.AddScore(85), s.Scores must be [90 85] in that order: "+
				"AddScore needs a pointer receiver (s *Student), or the append changes only a copy"))

	p := &s
	err = guard.Call(t, "p.AddScore(100)", func() error { return p.AddScore(100) })
	require.NoError(t, err, say.T("p := &s일 때 p.AddScore(100)은 성공해야 합니다: 100은 올바른 점수입니다(0–100 범위는 양 끝을 포함)", "p.AddScore(100) with p := &s must succeed: 100 is a valid score (the range 0–100 includes both ends)"))
	assert.Equal(t, []int{90, 85, 100}, s.Scores, say.T("p := &s; p.AddScore(100)은 s 자체를 바꿔야 합니다: p는 s를 가리킵니다", "p := &s; p.AddScore(100) must change s itself: p points at s"))
}

func TestAddScoreRejectsInvalid(t *testing.T) {
	for _, bad := range []int{-1, 101, 1000, -100} {
		t.Run(fmt.Sprint(bad), func(t *testing.T) {
			s := Student{Name: "박지호", Scores: []int{70}}
			err := guard.Call(t, fmt.Sprintf("AddScore(%d)", bad), func() error { return s.AddScore(bad) })
			require.Error(t, err, say.F("AddScore(%d)는 실패해야 합니다: 점수는 0부터 %d까지입니다", "AddScore(%d) must fail: scores run from 0 to %d", bad, MaxScore))
			assert.ErrorIs(t, err, ErrInvalidScore, say.F("AddScore(%d): ErrInvalidScore를 %%w로 감싸세요", "AddScore(%d): wrap ErrInvalidScore with %%w", bad))
			assert.Contains(t, err.Error(), fmt.Sprint(bad), say.F("AddScore(%d): 메시지에 그 점수를 넣어야 합니다", "AddScore(%d): the message must name the score", bad))
			assert.Equal(t, []int{70}, s.Scores, say.F("AddScore(%d)가 실패했으니 점수 목록은 바뀌면 안 됩니다: append 전에 검사하세요", "AddScore(%d) failed, so the scores must not change: validate before appending", bad))
		})
	}
	for _, edge := range []int{0, MaxScore} {
		s := Student{Name: "박지호"}
		err := guard.Call(t, fmt.Sprintf("AddScore(%d)", edge), func() error { return s.AddScore(edge) })
		require.NoError(t, err, say.F("AddScore(%d)는 성공해야 합니다: 0과 %d 모두 올바른 점수입니다(범위는 양 끝을 포함)", "AddScore(%d) must succeed: 0 and %d are both valid scores (the range includes its ends)", edge, MaxScore))
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
		say.F("서로 다른 이름(따옴표와 백슬래시가 든 이름 포함)으로 r.Add를 %d번 부른 뒤에는 r.Students에 학생이 %d명 있어야 합니다: 맵을 만든 것이 r에 남도록 Add에는 포인터 리시버(r *Roster)가 필요하고, 맵은 한 번만 만듭니다(r.Students == nil일 때)",
			"after %d calls to r.Add with different names (a quote and a backslash among them), r.Students must hold %d students: Add needs a pointer receiver (r *Roster) so that making the map reaches r, and the map is made only once (if r.Students == nil)", len(names), len(names)))
	for _, name := range names {
		s := r.Students[name]
		require.NotNil(t, s, say.F("r.Students[%q]가 없습니다: Add는 학생마다 그 이름으로 저장합니다", "r.Students[%q] is missing: Add stores each student under its name", name))
		assert.Equal(t, name, s.Name, "r.Students[%q].Name", name)
		assert.Empty(t, s.Scores, say.F("새 학생 %q에게는 점수가 없습니다", "a new student %q has no scores", name))
	}

	kim := r.Students["김민준"]
	kim.Scores = []int{90, 80}
	guard.Returns(t, `Add("김민준") again`, func() { r.Add("김민준") })
	assert.Len(t, r.Students, len(names), say.T("이미 있는 이름을 더해도 아무도 늘지 않습니다", "adding a name that is already there adds nobody"))
	assert.Same(t, kim, r.Students["김민준"],
		say.T(`Add("김민준")이 이미 있던 학생을 바꿔 넣었습니다: _, ok := r.Students[name]로 확인하고 !ok일 때만 더하세요`,
			`Add("김민준") replaced the student who was already there: check with _, ok := r.Students[name] and add only when !ok`))
	assert.Equal(t, []int{90, 80}, r.Students["김민준"].Scores, say.T("이미 있는 이름을 Add해도 그 학생의 점수는 그대로 남아야 합니다", "Add of an existing name must keep that student's scores"))
}

func TestRosterFindReturnsTheStoredStudent(t *testing.T) {
	lee := &Student{Name: "이서연", Scores: []int{90}}
	r := &Roster{Students: map[string]*Student{
		"김민준": {Name: "김민준", Scores: []int{80}},
		"이서연": lee,
	}}
	p := guard.Call(t, `Find("이서연")`, func() *Student { return r.Find("이서연") })
	require.NotNil(t, p, say.T(`Find("이서연")가 nil을 돌려줬지만 r.Students에는 "이서연"이 있습니다`, `Find("이서연") returned nil, but r.Students has "이서연"`))
	assert.Same(t, lee, p,
		say.T(`Find("이서연")는 복사본의 주소가 아니라 r.Students에 저장된 포인터를 돌려줘야 합니다`, `Find("이서연") must return the pointer stored in r.Students, not the address of a copy`))

	err := guard.Call(t, "AddScore through Find's pointer", func() error { return p.AddScore(100) })
	require.NoError(t, err, `r.Find("이서연").AddScore(100)`)
	assert.Equal(t, []int{90, 100}, r.Students["이서연"].Scores,
		say.T(`r.Find("이서연").AddScore(100)은 명단 속 학생을 바꿔야 합니다: Find는 복사본이 아니라 저장된 포인터를 돌려줍니다`, `r.Find("이서연").AddScore(100) must change the student in the roster: Find returns the stored pointer, not a copy`))
	assert.InDelta(t, 95.0, r.Students["이서연"].Average(), 1e-9, say.T("90과 100 뒤 이서연의 평균", "이서연's average after 90 and 100"))

	missing := guard.Call(t, `Find("최유나")`, func() *Student { return r.Find("최유나") })
	assert.Nil(t, missing, say.T(`Find("최유나")는 nil을 돌려줘야 합니다: 명단에 그 이름은 없습니다`, `Find("최유나") must return nil: nobody by that name is in the roster`))
	empty := guard.Call(t, `Roster{}.Find("김민준")`, func() *Student { return (&Roster{}).Find("김민준") })
	assert.Nil(t, empty, say.T("영값 Roster의 Find는 nil을 돌려줍니다(nil 맵은 읽어도 괜찮습니다)", "Find on a zero Roster returns nil (reading a nil map is fine)"))
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
	require.Len(t, r.Students, 2, say.T("학생 두 명을 더했습니다", "two students were added"))
	require.NotNil(t, r.Students["김민준"], say.T("김민준을 더했습니다", "김민준 was added"))
	require.NotNil(t, r.Students["이서연"], say.T("이서연을 더했습니다", "이서연 was added"))
	assert.Equal(t, []int{70, 90}, r.Students["김민준"].Scores, say.T("Find로 더한 김민준의 점수", "김민준's scores, added through Find"))
	assert.Equal(t, []int{100}, r.Students["이서연"].Scores, say.T("Find로 더한 이서연의 점수", "이서연's scores, added through Find"))
	assert.InDelta(t, 80.0, r.Students["김민준"].Average(), 1e-9, say.T("김민준의 평균", "김민준's average"))
}
