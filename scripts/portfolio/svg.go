package portfolio

import (
	"fmt"
	"html"
	"math"
	"strings"
)

// Series is one line or one set of bars of a chart.
type Series struct {
	Name   string
	Values []float64
	Color  string
	Dashed bool
}

// chart geometry, in SVG user units.
const (
	width, height           = 640, 320
	left, right, top, under = 56, 16, 40, 48
)

func plotArea() (x0, y0, w, h float64) {
	return left, top, width - left - right, height - top - under
}

// scale returns a round maximum for the y axis and its tick step.
func scale(series []Series) (ymax, step float64) {
	m := 1.0
	for _, s := range series {
		for _, v := range s.Values {
			m = math.Max(m, v)
		}
	}
	// The smallest of 1, 2, 5 × 10^k that needs at most six grid steps.
	base := math.Pow(10, math.Floor(math.Log10(m))-1)
	for _, f := range []float64{1, 2, 5, 10, 20, 50, 100} {
		if step = base * f; m/step <= 6 {
			break
		}
	}
	return math.Ceil(m/step) * step, step
}

// frame draws the title, axes, y grid, x labels and legend.
func frame(b *strings.Builder, title string, labels []string, series []Series, ymax, step float64) {
	x0, y0, w, h := plotArea()
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="'Noto Sans CJK KR', 'Apple SD Gothic Neo', 'Malgun Gothic', sans-serif" font-size="12">`+"\n", width, height, width, height)
	fmt.Fprintf(b, `<title>%s</title>`+"\n", html.EscapeString(title))
	fmt.Fprintf(b, `<rect width="%d" height="%d" fill="#ffffff"/>`+"\n", width, height)
	fmt.Fprintf(b, `<text x="%d" y="22" font-size="15" font-weight="bold" fill="#222">%s</text>`+"\n", left, html.EscapeString(title))
	for v := 0.0; v <= ymax+1e-9; v += step {
		y := y0 + h - v/ymax*h
		fmt.Fprintf(b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#e5e5e5"/>`+"\n", x0, y, x0+w, y)
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="end" fill="#555">%g</text>`+"\n", x0-6, y+4, v)
	}
	fmt.Fprintf(b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#333"/>`+"\n", x0, y0+h, x0+w, y0+h)
	fmt.Fprintf(b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#333"/>`+"\n", x0, y0, x0, y0+h)
	n := len(labels)
	for i, l := range labels {
		x := x0 + (float64(i)+0.5)*w/float64(max(n, 1))
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="middle" fill="#555">%s</text>`+"\n", x, y0+h+16, html.EscapeString(l))
	}
	lx := x0 + w
	for i := len(series) - 1; i >= 0; i-- {
		s := series[i]
		lx -= float64(len([]rune(s.Name)))*7 + 34
		dash := ""
		if s.Dashed {
			dash = ` stroke-dasharray="5 4"`
		}
		fmt.Fprintf(b, `<line class="legend" x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="%s" stroke-width="3"%s/>`+"\n", lx, height-14, lx+20, height-14, s.Color, dash)
		fmt.Fprintf(b, `<text x="%.1f" y="%d" fill="#333">%s</text>`+"\n", lx+26, height-10, html.EscapeString(s.Name))
	}
}

// LineChart draws series as lines over the labels (one point per label).
func LineChart(title string, labels []string, series []Series) string {
	var b strings.Builder
	ymax, step := scale(series)
	frame(&b, title, labels, series, ymax, step)
	x0, y0, w, h := plotArea()
	n := float64(max(len(labels), 1))
	for _, s := range series {
		var pts []string
		for i, v := range s.Values {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x0+(float64(i)+0.5)*w/n, y0+h-v/ymax*h))
		}
		dash := ""
		if s.Dashed {
			dash = ` stroke-dasharray="5 4"`
		}
		fmt.Fprintf(&b, `<polyline class="series" data-name="%s" points="%s" fill="none" stroke="%s" stroke-width="2.5"%s/>`+"\n",
			html.EscapeString(s.Name), strings.Join(pts, " "), s.Color, dash)
	}
	b.WriteString("</svg>\n")
	return b.String()
}

// BarChart draws series as grouped bars over the labels.
func BarChart(title string, labels []string, series []Series) string {
	var b strings.Builder
	ymax, step := scale(series)
	frame(&b, title, labels, series, ymax, step)
	x0, y0, w, h := plotArea()
	slot := w / float64(max(len(labels), 1))
	bw := slot * 0.8 / float64(max(len(series), 1))
	for si, s := range series {
		for i, v := range s.Values {
			x := x0 + float64(i)*slot + slot*0.1 + float64(si)*bw
			bh := v / ymax * h
			fmt.Fprintf(&b, `<rect class="bar" data-name="%s" x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s: %g</title></rect>`+"\n",
				html.EscapeString(s.Name), x, y0+h-bh, bw, bh, s.Color, html.EscapeString(labels[i]+" "+s.Name), v)
		}
	}
	b.WriteString("</svg>\n")
	return b.String()
}
