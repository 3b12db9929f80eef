package viz

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
)

// mrEvent is one line of a MapReduce trace (phase2-mapreduce/cmd/mrtrace).
type mrEvent struct {
	TimeNS int64  `json:"t_ns"`
	Worker int    `json:"worker"`
	Kind   string `json:"kind"`
	Task   int    `json:"task"`
	Detail string `json:"detail"`
}

// FromMRTrace reads a MapReduce job's trace into a timeline: one lane per
// worker, map and reduce tasks as bars, a task given again after a timeout
// or a crash marked "reassign", crashes shaded.
func FromMRTrace(r io.Reader, title string) (Timeline, error) {
	var evs []mrEvent
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var e mrEvent
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			return Timeline{}, fmt.Errorf("viz: trace line %d is not a MapReduce trace event: %w", n, err)
		}
		evs = append(evs, e)
	}
	if err := sc.Err(); err != nil {
		return Timeline{}, fmt.Errorf("viz: read trace: %w", err)
	}
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].TimeNS < evs[j].TimeNS })

	tl := Timeline{Title: title, Kind: "mr", Legend: []Legend{
		{"map", "map task"}, {"reduce", "reduce task"}, {"crashed", "crashed"}, {"dropped", "reassigned"},
	}}
	lane := map[int]int{}
	var ids []int
	for _, e := range evs {
		tl.End = max(tl.End, e.TimeNS)
		if _, ok := lane[e.Worker]; !ok && e.Worker >= 0 {
			lane[e.Worker] = -1
			ids = append(ids, e.Worker)
		}
	}
	tl.End = max(tl.End, 1)
	sort.Ints(ids)
	for i, w := range ids {
		lane[w] = i
		tl.Lanes = append(tl.Lanes, fmt.Sprintf("worker %d", w))
	}

	type open struct {
		from  int64
		class string
		task  int
	}
	running := map[int]*open{}  // worker -> its task in progress
	started := map[string]int{} // "map 3" -> the worker that first ran it
	crashed := map[int]int64{}  // worker -> when it crashed
	closeTask := func(w int, t int64, how string) {
		o := running[w]
		if o == nil {
			return
		}
		label := fmt.Sprintf("%s %d", o.class, o.task)
		if how != "" {
			label += " (" + how + ")"
		}
		tl.Spans = append(tl.Spans, Span{Lane: lane[w], From: o.from, To: t, Class: o.class, Label: label})
		delete(running, w)
	}
	for _, e := range evs {
		w := e.Worker
		switch e.Kind {
		case "map-start", "reduce-start":
			class := strings.TrimSuffix(e.Kind, "-start")
			closeTask(w, e.TimeNS, "")
			running[w] = &open{from: e.TimeNS, class: class, task: e.Task}
			key := fmt.Sprintf("%s %d", class, e.Task)
			if first, ok := started[key]; ok && first != w {
				tl.Points = append(tl.Points, Point{Lane: lane[w], T: e.TimeNS, Kind: "reassign",
					Detail: fmt.Sprintf("%s given again (first to worker %d)", key, first)})
			} else if !ok {
				started[key] = w
			}
		case "map-end", "reduce-end":
			closeTask(w, e.TimeNS, "")
		case "crash":
			closeTask(w, e.TimeNS, "crashed")
			crashed[w] = e.TimeNS
			tl.Points = append(tl.Points, Point{Lane: lane[w], T: e.TimeNS, Kind: "crash", Detail: e.Detail})
		case "stall":
			tl.Points = append(tl.Points, Point{Lane: lane[w], T: e.TimeNS, Kind: "timeout", Detail: e.Detail})
		case "exit":
			closeTask(w, e.TimeNS, "")
			tl.Points = append(tl.Points, Point{Lane: lane[w], T: e.TimeNS, Kind: "exit", Detail: e.Detail})
		case "done":
			tl.Points = append(tl.Points, Point{Lane: -1, T: e.TimeNS, Kind: "done", Detail: e.Detail})
		}
	}
	for w := range running {
		closeTask(w, tl.End, "unfinished")
	}
	for w, t := range crashed {
		tl.Shades = append(tl.Shades, Shade{Lane: lane[w], From: t, To: tl.End, Class: "crashed", Label: "crashed"})
	}
	sort.Slice(tl.Shades, func(i, j int) bool { return tl.Shades[i].Lane < tl.Shades[j].Lane })
	return tl, nil
}
