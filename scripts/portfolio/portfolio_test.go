package portfolio

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"dsweekends/scripts/browser"
	"dsweekends/scripts/roadmap"
	"dsweekends/scripts/state"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// input is a learner four weekends in, who passed weekend 1's core on time
// and logged some hours.
func input(t *testing.T) Input {
	t.Helper()
	rm, err := roadmap.Load()
	require.NoError(t, err)
	root := t.TempDir()
	passed := time.Date(2026, 12, 1, 10, 0, 0, 0, time.Local)
	res := state.Results{Exercises: map[string]state.ExerciseResult{}}
	for _, e := range rm.CoreOf(1) {
		er := state.ExerciseResult{Tests: map[string]state.TestResult{}, FirstPassed: &passed}
		for _, n := range e.TestNames() {
			er.Tests[n] = state.TestResult{Pass: true, Seconds: 0.1}
		}
		res.Exercises[e.ID] = er
	}
	s := state.Settings{Start: "2026-11-28", Hours: []state.HoursLog{{Weekend: 1, Hours: 6.5}, {Weekend: 2, Hours: 8}}}
	return Input{Root: root, RM: rm, Settings: s, Results: res, Lang: "ko", Today: time.Date(2026, 12, 26, 12, 0, 0, 0, time.Local),
		Milestones: map[string]time.Time{"milestone-06": time.Date(2027, 1, 9, 0, 0, 0, 0, time.UTC)}}
}

// TestWriteKeepsTheLearnersText: only the block between the markers is the
// tool's; everything else in the README stays as the learner wrote it.
func TestWriteKeepsTheLearnersText(t *testing.T) {
	in := input(t)
	path := filepath.Join(in.Root, filepath.FromSlash(ReadmePath))
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	mine := "# 내 포트폴리오\n\n내가 쓴 소개.\n\n" + BeginMarker + "\nold\n" + EndMarker + "\n\n## 끝맺음\n직접 쓴 글.\n"
	require.NoError(t, os.WriteFile(path, []byte(mine), 0o644))

	files, err := Write(in)
	require.NoError(t, err)
	assert.Equal(t, []string{"portfolio/charts/progress.svg", "portfolio/charts/hours.svg", ReadmePath}, files)
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	s := string(b)
	assert.True(t, strings.HasPrefix(s, "# 내 포트폴리오\n\n내가 쓴 소개.\n\n"), "text before the markers is kept")
	assert.True(t, strings.HasSuffix(s, "\n## 끝맺음\n직접 쓴 글.\n"), "text after the markers is kept")
	assert.NotContains(t, s, "\nold\n", "the old generated block is replaced")
	assert.Contains(t, s, "![계획 대비 실제 진도](charts/progress.svg)")
	assert.Contains(t, s, "`milestone-06`")
	assert.Contains(t, s, "2027-01-09", "a milestone reached shows its tag's date")

	again, err := Write(in)
	require.NoError(t, err)
	b2, _ := os.ReadFile(path)
	assert.Equal(t, s, string(b2), "regenerating with the same data changes nothing (%v)", again)
}

// TestBlockRendersMermaidAsCodeFences: the systems built appear as
// ```mermaid fences, which GitHub renders as diagrams.
func TestBlockRendersMermaidAsCodeFences(t *testing.T) {
	in := input(t)
	for _, s := range systems {
		for _, id := range s.ids {
			if e, ok := in.RM.Exercise(id); ok {
				er := state.ExerciseResult{Tests: map[string]state.TestResult{}}
				for _, n := range e.TestNames() {
					er.Tests[n] = state.TestResult{Pass: true}
				}
				in.Results.Exercises[id] = er
			}
		}
	}
	block := Block(in)
	fences := strings.Count(block, "```mermaid\n")
	require.Positive(t, fences, "a system whose exercise passes is drawn")
	assert.Equal(t, fences, strings.Count(block, "\n```\n"), "every mermaid fence is closed")
}

// TestChartsRenderInABrowser loads each generated SVG chart in headless
// Chromium and checks that its lines and bars are drawn with a real size.
func TestChartsRenderInABrowser(t *testing.T) {
	in := input(t)
	_, err := Write(in)
	require.NoError(t, err)
	ctx := browser.New(t)
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	for _, c := range []struct{ file, selector string }{
		{"progress.svg", "polyline.series"},
		{"hours.svg", "rect.bar"},
	} {
		path := filepath.Join(in.Root, filepath.FromSlash(ChartsDir), c.file)
		require.NoError(t, chromedp.Do(ctx, chromedp.Navigate("file://"+path)), "%s must load in Chromium", c.file)
		drawn, err := chromedp.Run(ctx, chromedp.Evaluate[int](`Array.from(document.querySelectorAll("`+c.selector+`")).filter(e => { const b = e.getBBox(); return b.width > 0 || b.height > 0 }).length`))
		require.NoError(t, err)
		width, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.documentElement.getBoundingClientRect().width`))
		require.NoError(t, err)
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(90))
		require.NoError(t, err, "%s must load in Chromium", c.file)
		assert.Positive(t, drawn, "%s: the browser draws its %s with a non-zero size", c.file, c.selector)
		assert.InDelta(t, 640, width, 1, "%s renders at its intended width", c.file)
		assert.Greater(t, len(png), 2000, "%s: a screenshot of the chart is not blank", c.file)
		require.NoError(t, os.WriteFile(filepath.Join(t.TempDir(), c.file+".png"), png, 0o644))
	}
}

func TestScaleRoundsUp(t *testing.T) {
	ymax, step := scale([]Series{{Values: []float64{0, 3.5, 7}}})
	assert.Equal(t, 8.0, ymax, "at most six grid steps: 7 rounds up to 8 in steps of 2")
	assert.Equal(t, 2.0, step)
	ymax, step = scale([]Series{{Values: []float64{42}}})
	assert.Equal(t, 50.0, ymax)
	assert.Equal(t, 10.0, step)
	ymax, step = scale([]Series{{Values: []float64{10}}})
	assert.Equal(t, 10.0, ymax)
	assert.Equal(t, 2.0, step, "10 gets five grid steps of 2, not one of 10")
}

// TestProgressChartRunsUpToToday: a learner who is behind has the actual
// line drawn up to the current weekend, and one still at it after weekend
// 20 gets more weeks on the axis.
func TestProgressChartRunsUpToToday(t *testing.T) {
	in := input(t)
	start, ok, err := in.Settings.StartDate()
	require.NoError(t, err)
	require.True(t, ok)
	points := func(svg, name string) int {
		i := strings.Index(svg, `data-name="`+name+`" points="`)
		require.NotEqual(t, -1, i, "the %s line is drawn", name)
		rest := svg[i+len(`data-name="`+name+`" points="`):]
		return len(strings.Fields(rest[:strings.Index(rest, `"`)]))
	}
	// Today (2026-12-26) is in week 5: four weekends ended, one under way.
	svg := progressChart(in, []string{"1", "2"})
	assert.Equal(t, 5, points(svg, "실제"), "the actual line reaches the current weekend")

	in.Today = start.AddDate(0, 0, 7*23+1) // week 24
	labels := make([]string, len(in.RM.Weekends))
	for i, w := range in.RM.Weekends {
		labels[i] = fmt.Sprint(w.N)
	}
	svg = progressChart(in, labels)
	assert.Equal(t, 24, points(svg, "실제"), "weeks after the plan's 20 are drawn")
	assert.Equal(t, 24, points(svg, "계획"), "the plan line is carried flat to the end of the axis")
	assert.Contains(t, svg, `fill="#555">24</text>`, "the axis grows to week 24")
}
