package portfolio

import (
	"fmt"
	"html"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"dsweekends/scripts/chaos"
)

// ChaosFile holds the results of the last `study chaos` run; when it
// exists, the portfolio draws them.
const ChaosFile = ".study/chaos/results.json"

// Band marks a span of a time chart, in label units (a fault while it held).
type Band struct {
	From, To float64
	Label    string
}

// TimeChart draws series as lines over the labels, with bands shaded behind
// them.
func TimeChart(title string, labels []string, series []Series, bands []Band) string {
	svg := LineChart(title, labels, series)
	if len(bands) == 0 {
		return svg
	}
	x0, y0, w, h := plotArea()
	n := float64(max(len(labels), 1))
	var b strings.Builder
	for _, band := range bands {
		x1, x2 := x0+band.From*w/n, x0+band.To*w/n
		fmt.Fprintf(&b, `<rect class="fault" x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#d9534f" fill-opacity="0.18"><title>%s</title></rect>`+"\n",
			x1, y0, max(x2-x1, 1), h, html.EscapeString(band.Label))
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="10" fill="#a33" transform="rotate(-90 %.1f %.1f)">%s</text>`+"\n",
			x1+10, y0+h-4, x1+10, y0+h-4, html.EscapeString(band.Label))
	}
	// The bands go under the lines: right after the frame's axes.
	i := strings.Index(svg, `<polyline class="series"`)
	if i < 0 {
		i = strings.LastIndex(svg, "</svg>")
	}
	return svg[:i] + b.String() + svg[i:]
}

// loadChaos returns the nemesis runs of the last chaos results (those with
// faults), and all results; nil when there are none.
func loadChaos(root string) []chaos.Result {
	rs, err := chaos.LoadResults(filepath.Join(root, filepath.FromSlash(ChaosFile)))
	if err != nil {
		return nil
	}
	return rs
}

// chaosCharts draws one ops/s-over-time chart per system of the nemesis runs
// (faults shaded) and one chart of failover times, system beside system.
func chaosCharts(in Input) map[string]string {
	rs := loadChaos(in.Root)
	out := map[string]string{}
	var nemesis []chaos.Result
	for _, r := range rs {
		if len(r.Faults) > 0 {
			nemesis = append(nemesis, r)
		}
	}
	for _, r := range nemesis {
		labels := make([]string, len(r.PerSecond))
		vals := make([]float64, len(r.PerSecond))
		for i, v := range r.PerSecond {
			vals[i] = float64(v)
			if i%10 == 0 {
				labels[i] = fmt.Sprint(i)
			}
		}
		var bands []Band
		for _, f := range r.Faults {
			bands = append(bands, Band{From: float64(f.Start) / 1e9, To: float64(f.End) / 1e9, Label: string(f.Kind)})
		}
		title := fmt.Sprintf(in.t("%s under the nemesis: ops/s, %d clients — %s", "%s 장애 주입 중 초당 처리량, 클라이언트 %d — %s"), r.System, r.Clients, verdict(in, r.Verdict))
		out["chaos-"+r.System+".svg"] = TimeChart(title, labels, []Series{{Name: "ops/s", Values: vals, Color: "#2a7d46"}}, bands)
	}
	if len(nemesis) > 0 {
		n := 0
		for _, r := range nemesis {
			n = max(n, len(r.Failover))
		}
		labels := make([]string, n)
		for i := range labels {
			labels[i] = fmt.Sprint(i + 1)
		}
		colors := []string{"#2a7d46", "#9db4d8", "#e07b39"}
		var series []Series
		for k, r := range nemesis {
			vals := make([]float64, n)
			for i, f := range r.Failover {
				vals[i] = max(f.Recover.Seconds(), 0)
			}
			series = append(series, Series{Name: r.System, Values: vals, Color: colors[k%len(colors)]})
		}
		out["chaos-failover.svg"] = BarChart(in.t("Seconds until clients succeed again, per leader fault", "리더 장애마다 클라이언트가 다시 성공하기까지 걸린 초"), labels, series)
	}
	return out
}

func verdict(in Input, v chaos.Verdict) string {
	switch v {
	case chaos.Linearizable:
		return in.t("linearizable", "선형화 가능")
	case chaos.NotLinearizable:
		return in.t("NOT linearizable", "선형화 불가")
	}
	return string(v)
}

// chaosBlock is the README's chaos section: one line per run, the charts.
func chaosBlock(in Input, charts []string) string {
	rs := loadChaos(in.Root)
	if len(rs) == 0 {
		return ""
	}
	t := in.t
	var b strings.Builder
	fmt.Fprintf(&b, "\n## %s\n\n", t("Under the nemesis (study chaos)", "장애 주입 (study chaos)"))
	fmt.Fprintf(&b, "| %s | %s | ops/s | p50 | p99 | %s | %s |\n|---|---|---|---|---|---|---|\n",
		t("system", "시스템"), t("clients", "클라이언트"), t("faults", "장애"), t("history", "이력"))
	for _, r := range rs {
		fmt.Fprintf(&b, "| %s | %d | %.0f | %v | %v | %d | %s |\n", r.System, r.Clients, r.OpsPerSec, r.P50.Round(100_000), r.P99.Round(100_000), len(r.Faults), verdict(in, r.Verdict))
	}
	b.WriteString("\n")
	for _, c := range charts {
		fmt.Fprintf(&b, "![%s](charts/%s)\n\n", strings.TrimSuffix(c, ".svg"), c)
	}
	return b.String()
}

// chaosChartNames returns the names of the chaos charts, in the order the
// README shows them.
func chaosChartNames(in Input, charts map[string]string) []string {
	var names []string
	for _, r := range loadChaos(in.Root) {
		name := "chaos-" + r.System + ".svg"
		if _, ok := charts[name]; ok && !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	if _, ok := charts["chaos-failover.svg"]; ok {
		names = append(names, "chaos-failover.svg")
	}
	return names
}

// writeChaosCharts writes the chaos charts into dir and returns their names.
func writeChaosCharts(in Input, dir string) ([]string, error) {
	charts := chaosCharts(in)
	names := chaosChartNames(in, charts)
	for _, name := range names {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(charts[name]), 0o644); err != nil {
			return nil, fmt.Errorf("portfolio: %w", err)
		}
	}
	return names, nil
}
