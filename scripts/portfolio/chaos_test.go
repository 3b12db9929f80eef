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

	"dsweekends/scripts/browser"
	"dsweekends/scripts/chaos"
)

// chaosResults saves a nemesis run of each system, as `study chaos --etcd`
// does, plus a fault-free throughput run.
func chaosResults(t *testing.T, root string) {
	t.Helper()
	s := int64(time.Second)
	run := func(system string, base int, v chaos.Verdict) chaos.Result {
		per := make([]int, 30)
		for i := range per {
			per[i] = base
			if i >= 10 && i < 12 {
				per[i] = 0
			}
		}
		return chaos.Result{System: system, Clients: 8, Duration: 30 * time.Second, Ops: base * 28, OpsPerSec: float64(base) * 28 / 30, PerSecond: per,
			P50: 3 * time.Millisecond, P99: 40 * time.Millisecond, Verdict: v,
			Faults:   []chaos.Fault{{Kind: chaos.KillLeader, WasLeader: true, Start: 10 * s, End: 13 * s}, {Kind: chaos.PauseLeader, WasLeader: true, Start: 20 * s, End: 23 * s}},
			Failover: []chaos.Failover{{Kind: chaos.KillLeader, Recover: 1500 * time.Millisecond}, {Kind: chaos.PauseLeader, Recover: 2 * time.Second}}}
	}
	rs := []chaos.Result{run("raft", 400, chaos.Linearizable), run("etcd", 900, chaos.Linearizable),
		{System: "raft", Clients: 64, Duration: 10 * time.Second, OpsPerSec: 1000, PerSecond: []int{1000}, Verdict: chaos.Linearizable}}
	require.NoError(t, chaos.Save(filepath.Join(root, filepath.FromSlash(ChaosFile)), rs))
}

// TestChaosChartsRenderInABrowser: with chaos results saved, the portfolio
// draws ops/s over time per system with each fault shaded, and the failover
// times side by side; each loads in Chromium with its parts drawn.
func TestChaosChartsRenderInABrowser(t *testing.T) {
	in := input(t)
	chaosResults(t, in.Root)
	files, err := Write(in)
	require.NoError(t, err)
	assert.Subset(t, files, []string{"portfolio/charts/chaos-raft.svg", "portfolio/charts/chaos-etcd.svg", "portfolio/charts/chaos-failover.svg"})
	readme, err := os.ReadFile(filepath.Join(in.Root, filepath.FromSlash(ReadmePath)))
	require.NoError(t, err)
	assert.Contains(t, string(readme), "](charts/chaos-failover.svg)")
	assert.Contains(t, string(readme), "| raft | 64 | 1000 |", "every run gets a row")
	assert.Contains(t, string(readme), "선형화 가능", "the verdict is shown")

	ctx := browser.New(t)
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	for _, c := range []struct {
		file      string
		selectors []string
		want      int
	}{
		{"chaos-raft.svg", []string{"polyline.series", "rect.fault"}, 1},
		{"chaos-etcd.svg", []string{"rect.fault"}, 2},
		{"chaos-failover.svg", []string{"rect.bar"}, 4},
	} {
		path := filepath.Join(in.Root, filepath.FromSlash(ChartsDir), c.file)
		require.NoError(t, chromedp.Do(ctx, chromedp.Navigate("file://"+path)), "%s must load in Chromium", c.file)
		for _, sel := range c.selectors {
			drawn, err := chromedp.Run(ctx, chromedp.Evaluate[int](`Array.from(document.querySelectorAll("`+sel+`")).filter(e => { const b = e.getBBox(); return b.width > 0 && b.height > 0 }).length`))
			require.NoError(t, err)
			assert.GreaterOrEqual(t, drawn, c.want, "%s: the browser draws its %s with a non-zero size", c.file, sel)
		}
	}
}

// TestTimeChartShadesFaultsUnderTheLines: a fault from second 10 to 13 of
// 30 is a band starting a third of the way along the plot, drawn before
// (under) the line.
func TestTimeChartShadesFaultsUnderTheLines(t *testing.T) {
	labels := make([]string, 30)
	svg := TimeChart("t", labels, []Series{{Name: "ops/s", Values: make([]float64, 30), Color: "#000"}}, []Band{{From: 10, To: 13, Label: "kill-leader"}})
	x0, _, w, _ := plotArea()
	assert.Contains(t, svg, fmt.Sprintf(`<rect class="fault" x="%.1f"`, x0+w/3), "x = x0 + 10/30 of the width")
	assert.Less(t, strings.Index(svg, `class="fault"`), strings.Index(svg, `class="series"`), "the band is under the line")
	assert.Contains(t, svg, "<title>kill-leader</title>")
}
