package pace

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"dsweekends/scripts/roadmap"
	"dsweekends/scripts/state"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// passAt records every core exercise in ids as first passed at when.
func passAt(t *testing.T, rm *roadmap.Roadmap, res state.Results, when time.Time, es ...roadmap.Exercise) {
	t.Helper()
	for _, e := range es {
		require.True(t, e.Core(), "%s is core", e.ID)
		w := when
		er := state.ExerciseResult{Tests: map[string]state.TestResult{}, FirstPassed: &w}
		for _, n := range e.TestNames() {
			er.Tests[n] = state.TestResult{Pass: true}
		}
		res.Exercises[e.ID] = er
	}
}

// coreUpTo is every core exercise of weekends 1..n, in order.
func coreUpTo(rm *roadmap.Roadmap, n int) []roadmap.Exercise {
	var es []roadmap.Exercise
	for k := 1; k <= n; k++ {
		es = append(es, rm.CoreOf(k)...)
	}
	return es
}

// TestBehindLearnerCountsPassesUpToToday: a learner who started eight
// weeks ago and is behind (the plan's usual case) passed core exercises
// spread over those weeks, some of them this week. The actual line must
// rise with every pass, up to and including the current week.
func TestBehindLearnerCountsPassesUpToToday(t *testing.T) {
	rm, err := roadmap.Load()
	require.NoError(t, err)
	start := time.Date(2026, 10, 10, 0, 0, 0, 0, time.Local) // a Saturday
	today := start.AddDate(0, 0, 7*7+2).Add(15 * time.Hour)  // Monday of week 8, in progress
	es := coreUpTo(rm, 6)
	require.GreaterOrEqual(t, len(es), 6, "the roadmap's first six weekends have core exercises")
	res := state.Results{Exercises: map[string]state.ExerciseResult{}}
	day := func(d int) time.Time { return start.AddDate(0, 0, d).Add(11 * time.Hour) }
	// Two in week 2, two in week 4, the rest this week (week 8, before today).
	passAt(t, rm, res, day(8), es[0], es[1])
	passAt(t, rm, res, day(23), es[2], es[3])
	passAt(t, rm, res, day(7*7+1), es[4:]...)

	r := Compute(rm, state.Settings{}, res, start, today)
	require.Len(t, r.ProgressByWeek, 8, "weeks 1–7 ended and week 8 is under way: one point each")
	require.Len(t, r.PlannedByWeek, 8)
	assert.Equal(t, []float64{0, 2, 2, 4, 4, 4, 4, float64(len(es))}, r.ProgressByWeek,
		"passes are counted in the week they happened, the current week's so far included")
	assert.Len(t, r.Weekends, 7, "only ended weekends are judged on plan")
	total := 0
	for k := 1; k <= 8; k++ {
		total += len(rm.CoreOf(k))
	}
	assert.Equal(t, float64(total), r.PlannedByWeek[7], "the plan line counts this weekend's core too")

	// A pass later than today is not counted (a clock set back).
	later := today.Add(time.Hour)
	passAt(t, rm, res, later, rm.CoreOf(7)...)
	r = Compute(rm, state.Settings{}, res, start, today)
	assert.Equal(t, float64(len(es)), r.ProgressByWeek[7], "a pass after today is not counted")
}

// TestWeeksPastThePlanGrowTheAxis: a learner still at it after weekend 20
// gets a point per week, and passes after the plan's end are drawn.
func TestWeeksPastThePlanGrowTheAxis(t *testing.T) {
	rm, err := roadmap.Load()
	require.NoError(t, err)
	start := time.Date(2026, 1, 3, 0, 0, 0, 0, time.Local)
	today := start.AddDate(0, 0, 7*22+1) // week 23, in progress
	res := state.Results{Exercises: map[string]state.ExerciseResult{}}
	es := coreUpTo(rm, roadmap.NumWeekends)
	require.NotEmpty(t, es)
	passAt(t, rm, res, start.AddDate(0, 0, 3), es[0])
	passAt(t, rm, res, start.AddDate(0, 0, 7*21+2), es[1:]...) // in week 22

	r := Compute(rm, state.Settings{}, res, start, today)
	require.Len(t, r.ProgressByWeek, 23, "20 weekends of the plan, two more ended, one under way")
	require.Len(t, r.PlannedByWeek, 23)
	assert.Equal(t, float64(1), r.ProgressByWeek[20], "week 21: only the first pass")
	assert.Equal(t, float64(len(es)), r.ProgressByWeek[21], "week 22's passes are drawn")
	assert.Equal(t, float64(len(es)), r.ProgressByWeek[22])
	for k := roadmap.NumWeekends; k < 23; k++ {
		assert.Equal(t, float64(len(es)), r.PlannedByWeek[k], "the plan is flat after its last weekend (week %d)", k+1)
	}
	assert.Len(t, r.Weekends, roadmap.NumWeekends, "the indicators judge the plan's 20 weekends only")
	assert.Equal(t, 0, r.OnPlan, "nothing but weekend 1's first exercise passed on time")
}

// TestBeforeTheStartIsEmpty: a start date in the future draws nothing.
func TestBeforeTheStartIsEmpty(t *testing.T) {
	rm, err := roadmap.Load()
	require.NoError(t, err)
	start := time.Date(2027, 1, 2, 0, 0, 0, 0, time.Local)
	r := Compute(rm, state.Settings{}, state.Results{}, start, start.AddDate(0, 0, -3))
	assert.Empty(t, r.ProgressByWeek)
	assert.Empty(t, r.Weekends)
}
