package viz

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"dsweekends/scripts/browser"
)

// bigTrace is a Figure 8-sized run: 5 peers, 60 s of virtual time, a
// heartbeat round every 100 ms with every reply, a leader change every 2 s.
func bigTrace() string {
	var b strings.Builder
	for p := range 5 {
		fmt.Fprintf(&b, `{"t_ns":0,"peer":%d,"kind":"start","term":0,"detail":"fresh"}`+"\n", p)
	}
	term := 0
	for ms := int64(0); ms < 60000; ms += 100 {
		t := ms * 1e6
		leader := int(ms/2000) % 5
		if ms%2000 == 0 {
			term++
			fmt.Fprintf(&b, `{"t_ns":%d,"peer":%d,"kind":"became-leader","term":%d,"detail":""}`+"\n", t, leader, term)
		}
		for p := range 5 {
			if p == leader {
				continue
			}
			fmt.Fprintf(&b, `{"t_ns":%d,"peer":%d,"kind":"rpc","term":0,"detail":"to=%d method=Raft.AppendEntries sent=%d delivered=%d replied=%d outcome=ok"}`+"\n",
				t+2e6, leader, p, t, t+1e6, t+2e6)
		}
		fmt.Fprintf(&b, `{"t_ns":%d,"peer":%d,"kind":"apply","term":%d,"detail":"index %d: %d"}`+"\n", t+3e6, leader, term, ms/100+1, ms)
	}
	return b.String()
}

// BenchmarkRenderFigure8SizedRun loads a Figure 8-sized timeline in headless
// Chromium and reports the page's own drawing time and its size.
func BenchmarkRenderFigure8SizedRun(b *testing.B) {
	tl, err := FromRaftTrace(strings.NewReader(bigTrace()), "figure 8 sized")
	if err != nil {
		b.Fatal(err)
	}
	page, err := HTML(tl)
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "big.html")
	if err := os.WriteFile(path, page, 0o644); err != nil {
		b.Fatal(err)
	}
	ctx := browser.New(b)
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	var draw float64
	b.ResetTimer()
	for b.Loop() {
		if err := chromedp.Do(ctx, chromedp.Navigate("file://"+path)); err != nil {
			b.Fatal(err)
		}
		ms, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.getAttribute("data-render-ms")`))
		if err != nil {
			b.Fatal(err)
		}
		v, _ := strconv.ParseFloat(ms, 64)
		draw += v
	}
	b.ReportMetric(draw/float64(b.N), "page-ms/load")
	b.ReportMetric(float64(len(page))/1e6, "MB")
	b.ReportMetric(float64(len(tl.Arrows)), "arrows")
}
