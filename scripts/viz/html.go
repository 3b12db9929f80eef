package viz

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
)

// HTML renders the timeline as one self-contained page: the data, the
// styles and the drawing code are all inside it, so it opens from a file
// with no network.
func HTML(t Timeline) ([]byte, error) {
	data, err := json.Marshal(t)
	if err != nil {
		return nil, fmt.Errorf("viz: %w", err)
	}
	var b bytes.Buffer
	err = page.Execute(&b, struct {
		Title  string
		Style  template.CSS
		Body   template.HTML
		Script template.JS
		Data   template.JS
	}{t.Title, template.CSS(Style), template.HTML(Body), template.JS(Script), template.JS(data)})
	if err != nil {
		return nil, fmt.Errorf("viz: %w", err)
	}
	return b.Bytes(), nil
}

var page = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
{{.Style}}</style></head>
<body>
{{.Body}}<script>
"use strict";
{{.Script}}vizMount({{.Data}});
document.body.setAttribute("data-rendered", "true");
document.body.setAttribute("data-render-ms", performance.now().toFixed(0));
</script></body></html>
`))

// Style is the timeline's CSS, for pages that embed a timeline (study play).
const Style = `body { margin: 0; font: 13px/1.4 system-ui, 'Noto Sans CJK KR', 'Apple SD Gothic Neo', 'Malgun Gothic', sans-serif; color: #222; background: #fafafa; }
header { padding: 10px 16px; background: #fff; border-bottom: 1px solid #ddd; display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
header h1 { font-size: 15px; margin: 0 12px 0 0; }
button { font: inherit; padding: 2px 10px; }
#legend span { display: inline-flex; align-items: center; gap: 4px; margin-right: 10px; }
#legend i { width: 14px; height: 10px; display: inline-block; border-radius: 2px; }
#failure { margin: 8px 16px; padding: 8px 12px; background: #fdecea; border-left: 4px solid #c62828; white-space: pre-wrap; display: none; cursor: pointer; }
#wrap { position: relative; margin: 8px 16px; background: #fff; border: 1px solid #ddd; overflow: hidden; }
svg { display: block; user-select: none; }
#details { margin: 8px 16px; padding: 8px 12px; background: #fff; border: 1px solid #ddd; min-height: 2em; white-space: pre-wrap; font-family: ui-monospace, monospace; }
.lane-label { font-weight: 600; }
.follower { fill: #cfd8dc; } .candidate { fill: #ffcc80; } .leader { fill: #66bb6a; }
.map { fill: #90caf9; } .reduce { fill: #ce93d8; } .idle { fill: #eceff1; }
.crashed { fill: #b0bec5; opacity: .6; } .partitioned { fill: url(#hatch); } .unreliable { fill: #fff3e0; opacity: .55; }
.arrow { stroke: #455a64; stroke-width: 1; fill: none; marker-end: url(#head); opacity: .55; }
.arrow.reply { stroke: #1e88e5; stroke-dasharray: 3 2; }
.arrow.dropped { stroke: #e53935; marker-end: url(#cross); opacity: .8; }
.arrow:hover, .point:hover, .span:hover { opacity: 1; stroke-width: 2.5; cursor: pointer; }
.point { stroke: #fff; stroke-width: 1; }
.point.vote-granted { fill: #8e24aa; } .point.commit { fill: #2e7d32; } .point.apply { fill: #00897b; }
.point.crash, .point.start { fill: #37474f; } .point.election-start { fill: #ef6c00; } .point.became-leader { fill: #1b5e20; }
.point.timeout, .point.reassign { fill: #e53935; } .point.exit { fill: #37474f; }
.point.default { fill: #78909c; }
rect.dropped { fill: #e53935; }
.logcell { stroke: #fff; stroke-width: .5; }
.failure-pin { stroke: #c62828; stroke-width: 2; }
.axis text { fill: #666; font-size: 11px; } .axis line { stroke: #eee; }
`

// Body is the timeline's markup: the header with its zoom buttons and legend, the failure
// banner, the chart and the details box. The element ids are the ones Script looks for.
const Body = `<header><h1 id="title"></h1>
<button id="zin" title="zoom in (or the mouse wheel)">+</button><button id="zout" title="zoom out">−</button><button id="reset">reset</button>
<span id="range"></span><span id="legend"></span></header>
<div id="failure" title="click to jump to the failure"></div>
<div id="wrap"><svg id="chart"></svg></div>
<div id="details">Click a bar, an arrow or an event to see its fields. Wheel: zoom; Shift+wheel or drag: scroll along time.</div>
`

// Script defines vizMount(timeline), which draws a timeline into Body's elements and returns
// {update(timeline, window)} to redraw it as a live run grows.
const Script = `function vizMount(data) {
let T = data;
const NS = "http://www.w3.org/2000/svg";
const laneH = T.kind === "raft" ? 46 : 34, logH = T.kind === "raft" ? 12 : 0, topY = 28, left = 90, right = 16;
const svg = document.getElementById("chart");
let view = [0, T.end], following = true;
function el(name, attrs, parent, text) {
  const e = document.createElementNS(NS, name);
  for (const k in attrs) e.setAttribute(k, attrs[k]);
  if (text !== undefined) e.textContent = text;
  (parent || svg).appendChild(e);
  return e;
}
function fmt(ns) {
  const ms = ns / 1e6;
  return ms < 1000 ? ms.toFixed(ms < 10 ? 2 : 0) + " ms" : (ms / 1000).toFixed(3) + " s";
}
function show(obj) {
  const d = Object.assign({}, obj);
  for (const k of ["t", "from", "to", "sent", "arrived"]) if (typeof d[k] === "number" && k !== "from" && k !== "to") d[k] = fmt(d[k]) + " (" + d[k] + " ns)";
  document.getElementById("details").textContent = JSON.stringify(d, null, 2);
}
function laneY(i) { return topY + i * (laneH + logH + 8); }
function draw() {
  const width = Math.max(600, document.getElementById("wrap").clientWidth);
  const height = topY + T.lanes.length * (laneH + logH + 8) + 20;
  svg.setAttribute("width", width); svg.setAttribute("height", height);
  svg.replaceChildren();
  const defs = el("defs", {});
  const m = el("marker", {id: "head", viewBox: "0 0 6 6", refX: 6, refY: 3, markerWidth: 6, markerHeight: 6, orient: "auto"}, defs);
  el("path", {d: "M0,0 L6,3 L0,6 z", fill: "#455a64"}, m);
  const c = el("marker", {id: "cross", viewBox: "0 0 8 8", refX: 4, refY: 4, markerWidth: 8, markerHeight: 8}, defs);
  el("path", {d: "M1,1 L7,7 M7,1 L1,7", stroke: "#e53935", "stroke-width": 1.5}, c);
  const h = el("pattern", {id: "hatch", width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)"}, defs);
  el("rect", {width: 6, height: 6, fill: "#fff8e1"}, h); el("line", {x1: 0, y1: 0, x2: 0, y2: 6, stroke: "#ffb300", "stroke-width": 2}, h);
  const w = width - left - right, span = view[1] - view[0];
  const X = t => left + (t - view[0]) / span * w;
  const inView = (a, b) => b >= view[0] && a <= view[1];
  const axis = el("g", {class: "axis"});
  for (let i = 0; i <= 10; i++) {
    const t = view[0] + span * i / 10, x = X(t);
    el("line", {x1: x, y1: topY - 6, x2: x, y2: height - 16}, axis);
    el("text", {x: x, y: topY - 10, "text-anchor": "middle"}, axis, fmt(t));
  }
  const lanes = el("g", {id: "lanes"});
  T.lanes.forEach((name, i) => {
    const g = el("g", {class: "lane", "data-lane": i}, lanes);
    el("rect", {x: left, y: laneY(i), width: w, height: laneH, fill: "#f5f7f8"}, g);
    el("text", {x: 8, y: laneY(i) + laneH / 2 + 4, class: "lane-label"}, g, name);
  });
  const shades = el("g", {id: "shades"});
  for (const s of T.shades || []) {
    if (!inView(s.from, s.to)) continue;
    const x0 = Math.max(left, X(s.from)), x1 = Math.min(left + w, X(s.to));
    const y = s.lane < 0 ? topY : laneY(s.lane), hh = s.lane < 0 ? T.lanes.length * (laneH + logH + 8) : laneH;
    const r = el("rect", {x: x0, y: y, width: Math.max(1, x1 - x0), height: hh, class: "shade " + s.class}, shades);
    el("title", {}, r, s.label + " " + fmt(s.from) + " – " + fmt(s.to));
  }
  const spans = el("g", {id: "spans"});
  for (const s of T.spans || []) {
    if (!inView(s.from, s.to)) continue;
    const x0 = Math.max(left, X(s.from)), x1 = Math.min(left + w, X(s.to));
    const r = el("rect", {x: x0, y: laneY(s.lane) + 8, width: Math.max(1, x1 - x0), height: laneH - 16, class: "span " + s.class, rx: 2}, spans);
    r.addEventListener("click", () => show(s));
    el("title", {}, r, s.label);
    if (x1 - x0 > 50) el("text", {x: x0 + 4, y: laneY(s.lane) + laneH / 2 + 4, "pointer-events": "none", "font-size": 11}, spans, s.label);
  }
  const logs = el("g", {id: "logs"});
  (T.logs || []).forEach((items, lane) => {
    for (const it of items || []) {
      if (!inView(it.t, it.t)) continue;
      const r = el("rect", {x: X(it.t) - 2, y: laneY(lane) + laneH + 1, width: 4, height: logH - 2, class: "logcell", fill: "hsl(" + ((it.term * 67) % 360) + ",55%,55%)"}, logs);
      r.addEventListener("click", () => show(Object.assign({lane: T.lanes[lane]}, it)));
      el("title", {}, r, "index " + it.index + " term " + it.term + ": " + it.cmd);
    }
  });
  const arrows = el("g", {id: "arrows"});
  for (const a of T.arrows || []) {
    if (!inView(a.sent, a.arrived)) continue;
    const y0 = laneY(a.from) + laneH / 2, y1 = laneY(a.to) + laneH / 2;
    const x0 = X(a.sent), x1 = a.dropped ? X(a.sent) + (X(a.arrived + span / 200) - X(a.sent)) : X(a.arrived);
    const y1d = a.dropped ? y0 + (y1 - y0) / 2 : y1;
    const l = el("line", {x1: x0, y1: y0, x2: Math.max(x0 + 0.5, x1), y2: y1d, class: "arrow" + (a.reply ? " reply" : "") + (a.dropped ? " dropped" : "")}, arrows);
    l.addEventListener("click", () => show(a));
    el("title", {}, l, a.label + (a.dropped ? " (dropped)" : ""));
  }
  const points = el("g", {id: "points"});
  for (const p of T.points || []) {
    if (p.lane < 0 || !inView(p.t, p.t)) continue;
    const known = ["vote-granted", "commit", "apply", "crash", "start", "election-start", "became-leader", "timeout", "reassign", "exit"];
    const c = el("circle", {cx: X(p.t), cy: laneY(p.lane) + 5, r: 3.5, class: "point " + (known.includes(p.kind) ? p.kind : "default")}, points);
    c.addEventListener("click", () => show(p));
    el("title", {}, c, p.kind + (p.detail ? ": " + p.detail : ""));
  }
  if (T.failure && inView(T.failure.t, T.failure.t)) {
    const x = X(T.failure.t);
    el("line", {x1: x, y1: topY - 4, x2: x, y2: height - 16, class: "failure-pin", id: "failure-pin"});
  }
  document.getElementById("range").textContent = fmt(view[0]) + " – " + fmt(view[1]) + " of " + fmt(T.end);
}
function zoom(f, at) {
  const span = view[1] - view[0], c = at === undefined ? view[0] + span / 2 : at;
  let ns = Math.max(1000, Math.min(T.end, span * f));
  let a = c - (c - view[0]) * ns / span;
  a = Math.max(0, Math.min(T.end - ns, a));
  view = [a, a + ns]; following = false; draw();
}
function pan(dt) {
  const span = view[1] - view[0];
  const a = Math.max(0, Math.min(T.end - span, view[0] + dt));
  view = [a, a + span]; following = false; draw();
}
document.getElementById("zin").onclick = () => zoom(0.5);
document.getElementById("zout").onclick = () => zoom(2);
document.getElementById("reset").onclick = () => { view = [0, T.end]; following = true; draw(); };
const legend = document.getElementById("legend");
for (const l of T.legend || []) {
  const s = document.createElement("span"), i = document.createElement("i"), sw = document.createElementNS(NS, "svg");
  sw.setAttribute("width", 14); sw.setAttribute("height", 10);
  const r = document.createElementNS(NS, "rect"); r.setAttribute("width", 14); r.setAttribute("height", 10); r.setAttribute("class", l.class);
  sw.appendChild(r); s.appendChild(sw); s.appendChild(document.createTextNode(l.label)); legend.appendChild(s);
}
function chrome() {
document.getElementById("title").textContent = T.title;
if (T.failure) {
  const f = document.getElementById("failure");
  f.style.display = "block";
  f.textContent = "✗ " + fmt(T.failure.t) + ": " + T.failure.detail;
  f.onclick = () => { const s = Math.max(T.end / 20, 1e6); view = [Math.max(0, T.failure.t - s / 2), Math.min(T.end, T.failure.t + s / 2)]; following = false; draw(); show(T.failure); };
}
}
chrome();
const wrap = document.getElementById("wrap");
wrap.addEventListener("wheel", ev => {
  ev.preventDefault();
  const rect = svg.getBoundingClientRect(), w = rect.width - left - right;
  if (ev.shiftKey || Math.abs(ev.deltaX) > Math.abs(ev.deltaY)) { pan((ev.deltaX || ev.deltaY) / w * (view[1] - view[0])); return; }
  const at = view[0] + (ev.clientX - rect.left - left) / w * (view[1] - view[0]);
  zoom(ev.deltaY < 0 ? 0.8 : 1.25, at);
}, {passive: false});
let drag = null;
wrap.addEventListener("mousedown", ev => { drag = ev.clientX; });
window.addEventListener("mouseup", () => { drag = null; });
window.addEventListener("mousemove", ev => {
  if (drag === null) return;
  const w = svg.getBoundingClientRect().width - left - right;
  pan(-(ev.clientX - drag) / w * (view[1] - view[0])); drag = ev.clientX;
});
window.addEventListener("resize", draw);
draw();
return {
  // update replaces the timeline (a live run that grew) and redraws; unless the reader zoomed or
  // scrolled, the view follows the newest window of the given length (all of it when 0).
  update(next, window) {
    T = next;
    if (following) view = [window > 0 ? Math.max(0, T.end - window) : 0, T.end];
    view[1] = Math.min(view[1], T.end); view[0] = Math.min(view[0], view[1] - 1);
    chrome(); draw();
  },
};
}
`
