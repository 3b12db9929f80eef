package viz

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
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// electionTrace is a small Raft run: peer 0 wins term 1, replicates an
// entry, is cut off, peer 1 wins term 2, a check fails.
const electionTrace = `{"t_ns":0,"peer":0,"kind":"start","term":0,"detail":"fresh"}
{"t_ns":0,"peer":1,"kind":"start","term":0,"detail":"fresh"}
{"t_ns":0,"peer":2,"kind":"start","term":0,"detail":"fresh"}
{"t_ns":0,"peer":0,"kind":"connect","term":0,"detail":""}
{"t_ns":310000000,"peer":0,"kind":"election-start","term":1,"detail":""}
{"t_ns":310000000,"peer":0,"kind":"rpc","term":0,"detail":"to=1 method=Raft.RequestVote sent=310000000 delivered=311000000 replied=312000000 outcome=ok"}
{"t_ns":310000000,"peer":0,"kind":"rpc","term":0,"detail":"to=2 method=Raft.RequestVote sent=310000000 delivered=-1 replied=-1 outcome=dropped"}
{"t_ns":311000000,"peer":1,"kind":"vote-granted","term":1,"detail":"to 0"}
{"t_ns":312000000,"peer":0,"kind":"became-leader","term":1,"detail":""}
{"t_ns":400000000,"peer":0,"kind":"apply","term":1,"detail":"index 1: 101"}
{"t_ns":401000000,"peer":1,"kind":"apply","term":1,"detail":"index 1: 101"}
{"t_ns":500000000,"peer":0,"kind":"disconnect","term":0,"detail":""}
{"t_ns":900000000,"peer":1,"kind":"election-start","term":2,"detail":""}
{"t_ns":905000000,"peer":1,"kind":"became-leader","term":2,"detail":""}
{"t_ns":1200000000,"peer":2,"kind":"crash","term":0,"detail":""}
{"t_ns":1500000000,"peer":-1,"kind":"failure","term":0,"detail":"expected one leader, got 2 (peers 0 and 1) in term 2"}
`

func TestFromRaftTraceBuildsLanesRolesAndArrows(t *testing.T) {
	tl, err := FromRaftTrace(strings.NewReader(electionTrace), "TestElection")
	require.NoError(t, err)
	assert.Equal(t, []string{"peer 0", "peer 1", "peer 2"}, tl.Lanes)
	assert.Equal(t, int64(1500000000), tl.End)

	var leaders []string
	for _, s := range tl.Spans {
		if s.Class == "leader" {
			leaders = append(leaders, fmt.Sprintf("%d:T%d", s.Lane, s.Term))
		}
	}
	assert.Equal(t, []string{"0:T1", "1:T2"}, leaders, "each leader's reign is a span in its term")
	require.Len(t, tl.Arrows, 3, "a delivered vote request with its reply, and a dropped one")
	assert.True(t, tl.Arrows[2].Dropped)
	assert.Equal(t, []Item{{Index: 1, Term: 1, Cmd: "101", T: 400000000}}, tl.Logs[0])

	classes := map[string]int{}
	for _, s := range tl.Shades {
		classes[s.Class]++
	}
	assert.Equal(t, map[string]int{"partitioned": 1, "crashed": 1}, classes, "the cut and the crash are shaded to the end")
	require.NotNil(t, tl.Failure)
	assert.Contains(t, tl.Failure.Detail, "expected one leader")
}

func TestFromRaftTraceRejectsGarbage(t *testing.T) {
	_, err := FromRaftTrace(strings.NewReader("{\"t_ns\":1}\nnot json\n"), "x")
	require.ErrorContains(t, err, "trace line 2 is not a trace event")
}

// TestPageRendersInABrowser loads the page in headless Chromium: its lanes,
// bars, arrows and pinned failure are in the DOM, with no console errors,
// and clicking an arrow shows its fields.
func TestPageRendersInABrowser(t *testing.T) {
	tl, err := FromRaftTrace(strings.NewReader(electionTrace), "TestElection")
	require.NoError(t, err)
	page, err := HTML(tl)
	require.NoError(t, err)
	for _, fetch := range []string{`src="http`, `href="http`, "fetch(", "XMLHttpRequest", "@import"} {
		assert.NotContains(t, string(page), fetch, "the page is self-contained: it fetches nothing")
	}
	path := filepath.Join(t.TempDir(), "election.html")
	require.NoError(t, os.WriteFile(path, page, 0o644))

	ctx := browser.New(t)
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	stop := browser.ConsoleErrors(ctx)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate("file://"+path)))
	count := func(sel string) int {
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("`+sel+`").length`))
		require.NoError(t, err)
		return n
	}
	assert.Equal(t, 3, count(".lane"), "one lane per peer")
	assert.Equal(t, 2, count(".span.leader"), "two leaders")
	assert.Equal(t, 3, count(".arrow"), "request, reply, dropped request")
	assert.Equal(t, 1, count(".arrow.dropped"))
	assert.Equal(t, 1, count(".shade.crashed"))
	assert.Equal(t, 1, count("#failure-pin"), "the failure is pinned where it happened")
	details, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(".arrow.dropped").dispatchEvent(new MouseEvent("click")), document.getElementById("details").textContent`))
	require.NoError(t, err)
	assert.Contains(t, details, `"dropped": true`, "clicking an arrow shows its fields")
	require.NoError(t, chromedp.Do(ctx, chromedp.Click("#zin")), "zooming in works")
	rng, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("range").textContent`))
	require.NoError(t, err)
	assert.Contains(t, rng, "375 ms – 1.125 s", "+ halves the view around its middle")
	assert.Empty(t, stop(), "the page logs no console errors")
}

// mrTrace: worker 0 crashes in map 1, which the coordinator gives to worker 2.
const mrTrace = `{"t_ns":1000,"worker":0,"kind":"map-start","task":1,"detail":"text-1.txt"}
{"t_ns":2000,"worker":1,"kind":"map-start","task":0,"detail":"text-0.txt"}
{"t_ns":5000,"worker":0,"kind":"crash","task":1,"detail":"the worker died in the middle of a map task"}
{"t_ns":9000,"worker":1,"kind":"map-end","task":0,"detail":"10 pairs"}
{"t_ns":40000,"worker":2,"kind":"map-start","task":1,"detail":"text-1.txt"}
{"t_ns":48000,"worker":2,"kind":"map-end","task":1,"detail":"12 pairs"}
{"t_ns":50000,"worker":1,"kind":"reduce-start","task":0}
{"t_ns":60000,"worker":1,"kind":"reduce-end","task":0}
{"t_ns":61000,"worker":1,"kind":"exit","task":-1,"detail":"returned"}
{"t_ns":61500,"worker":-1,"kind":"done","task":-1,"detail":"Done() reported the job complete"}
{"t_ns":62000,"worker":2,"kind":"exit","task":-1,"detail":"returned"}
`

func TestFromMRTraceMarksCrashesAndReassignments(t *testing.T) {
	tl, err := FromMRTrace(strings.NewReader(mrTrace), "job")
	require.NoError(t, err)
	assert.Equal(t, []string{"worker 0", "worker 1", "worker 2"}, tl.Lanes)
	var bars []string
	for _, s := range tl.Spans {
		bars = append(bars, fmt.Sprintf("%d:%s", s.Lane, s.Label))
	}
	assert.ElementsMatch(t, []string{"0:map 1 (crashed)", "1:map 0", "2:map 1", "1:reduce 0"}, bars)
	var reassigned []string
	for _, p := range tl.Points {
		if p.Kind == "reassign" {
			reassigned = append(reassigned, p.Detail)
		}
	}
	assert.Equal(t, []string{"map 1 given again (first to worker 0)"}, reassigned)
	require.Len(t, tl.Shades, 1)
	assert.Equal(t, Shade{Lane: 0, From: 5000, To: 62000, Class: "crashed", Label: "crashed"}, tl.Shades[0])
}

// TestMRPageRendersInABrowser: the MapReduce page has a lane per worker,
// task bars and the reassignment marked, with no console errors.
func TestMRPageRendersInABrowser(t *testing.T) {
	tl, err := FromMRTrace(strings.NewReader(mrTrace), "job")
	require.NoError(t, err)
	page, err := HTML(tl)
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "mr.html")
	require.NoError(t, os.WriteFile(path, page, 0o644))
	ctx := browser.New(t)
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	stop := browser.ConsoleErrors(ctx)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate("file://"+path)))
	counts, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`[".lane", ".span.map", ".span.reduce", ".point.reassign", ".shade.crashed"].map(s => document.querySelectorAll(s).length)`))
	require.NoError(t, err)
	assert.Equal(t, []int{3, 3, 1, 1, 1}, counts, "lanes, map bars, reduce bars, reassignments, crashes")
	assert.Empty(t, stop(), "the page logs no console errors")
}
