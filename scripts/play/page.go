package play

import "html/template"

// pageTmpl is the playground's page: one self-contained file (styles and code inline, nothing
// fetched but the session's own /api), with study viz's timeline embedded below the cluster.
var pageTmpl = template.Must(template.New("play").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Raft playground — {{.Title}}</title>
<style>
{{.VizStyle}}
#play { display: flex; gap: 16px; margin: 8px 16px; flex-wrap: wrap; align-items: flex-start; }
#ring { background: #fff; border: 1px solid #ddd; }
#controls { background: #fff; border: 1px solid #ddd; padding: 8px 12px; display: flex; flex-direction: column; gap: 6px; min-width: 320px; }
#controls .row { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; }
#clockinfo { font-family: ui-monospace, monospace; }
table#peers { border-collapse: collapse; background: #fff; margin: 8px 16px; }
#peers td, #peers th { border: 1px solid #ddd; padding: 3px 6px; text-align: left; vertical-align: middle; }
#peers tr.crashed { color: #90a4ae; }
#peers tr.bad td { background: #fdecea; }
.cell { display: inline-block; min-width: 22px; padding: 1px 3px; margin: 1px; border-radius: 3px; font: 11px ui-monospace, monospace; color: #fff; text-align: center; }
.cell.uncommitted { opacity: .45; }
.cell.bad { outline: 3px solid #c62828; }
.banner { margin: 8px 16px; padding: 8px 12px; white-space: pre-wrap; display: none; }
#safety { background: #fdecea; border-left: 4px solid #c62828; font-weight: 600; }
#missing { background: #fff8e1; border-left: 4px solid #ffb300; }
#stalled, #exited { background: #fdecea; border-left: 4px solid #6a1b9a; font-family: ui-monospace, monospace; font-size: 12px; }
#notice { margin: 0 16px; color: #555; min-height: 1.4em; }
circle.node { stroke: #37474f; stroke-width: 1.5; }
circle.node.bad { stroke: #c62828; stroke-width: 4; }
.msg { r: 4; } .msg.req { fill: #455a64; } .msg.reply { fill: #1e88e5; } .msg.dropped { fill: #e53935; }
line.link { stroke: #eceff1; stroke-width: 2; } line.link.cut { stroke: #ef9a9a; stroke-dasharray: 4 4; }
</style></head>
<body>
<header><h1>Raft playground: {{.Title}}</h1>
<span id="clockinfo"></span></header>
<div id="safety" class="banner"></div>
<div id="missing" class="banner"></div>
<div id="stalled" class="banner"></div>
<div id="exited" class="banner"></div>
<div id="play">
<svg id="ring" width="360" height="320"></svg>
<div id="controls">
  <div class="row"><button id="playbtn">pause</button><button id="step" title="advance 50 ms of virtual time">step</button>
    speed <select id="speed"><option value="0.1">0.1×</option><option value="0.25" selected>0.25×</option><option value="0.5">0.5×</option><option value="1">1×</option><option value="2">2×</option></select></div>
  <div class="row"><button id="submit">submit a command to the leader</button></div>
  <div class="row"><button id="partition" title="the leader and a minority on one side, the majority on the other">partition: leader in the minority</button><button id="heal">heal</button></div>
  <div class="row"><label><input type="checkbox" id="lossy"> lossy network (delays, 10% loss)</label></div>
  <div class="row" style="color:#555">Per peer: the buttons in its row below.</div>
</div>
</div>
<div id="notice"></div>
<table id="peers"><thead><tr><th>peer</th><th>role</th><th>term</th><th>commit</th><th>applied</th><th>log (index:term command; faded = not committed)</th><th></th></tr></thead><tbody></tbody></table>
{{.VizBody}}
<script>
"use strict";
{{.VizScript}}
{{.PlayScript}}
</script></body></html>
`))

// script is the page's own code: it polls /api/state, draws the ring and the table, animates the
// messages, sends the buttons' orders, and grows the timeline from /api/timeline.
const script = `(() => {
const NS = "http://www.w3.org/2000/svg";
let S = null, got = 0, timeline = null, stopped = false;
window.playStats = {frames: 0, since: performance.now(), polls: 0};
const $ = id => document.getElementById(id);
function svgEl(name, attrs, parent, text) {
  const e = document.createElementNS(NS, name);
  for (const k in attrs) e.setAttribute(k, attrs[k]);
  if (text !== undefined) e.textContent = text;
  parent.appendChild(e); return e;
}
function notice(t) { $("notice").textContent = t || ""; }
async function post(path) {
  try {
    const r = await fetch(path, {method: "POST"});
    const j = await r.json();
    notice(j.error || "");
  } catch (e) { notice(String(e)); }
  poll();
}
const order = (op, peer, arg) => post("api/do?op=" + op + (peer === undefined ? "" : "&peer=" + peer) + (arg ? "&arg=" + encodeURIComponent(arg) : ""));
const clock = (op, q) => post("api/clock?op=" + op + (q || ""));
function termColor(t) { return "hsl(" + ((t * 67) % 360) + ",55%,45%)"; }
function pos(i, n) { const a = -Math.PI / 2 + 2 * Math.PI * i / n; return [180 + 120 * Math.cos(a), 160 + 120 * Math.sin(a)]; }
function vnow() {
  if (!S) return 0;
  return S.t_ns + (S.playing && !S.failure && !S.stalled ? (performance.now() - got) * 1e6 * S.speed : 0);
}
function bad() { return S && S.failure ? S.failure : null; }
function drawRing() {
  const svg = $("ring"); svg.replaceChildren();
  if (!S || !S.peers) return;
  const n = S.peers.length, f = bad();
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
    const a = S.peers[i], b = S.peers[j], [x0, y0] = pos(i, n), [x1, y1] = pos(j, n);
    const cut = !a.up || !b.up || a.group < 0 || a.group !== b.group;
    svgEl("line", {x1: x0, y1: y0, x2: x1, y2: y1, class: "link" + (cut ? " cut" : "")}, svg);
  }
  const now = vnow(), travel = 120e6;
  for (const m of S.rpcs || []) {
    const [x0, y0] = pos(m.from, n), [x1, y1] = pos(m.to, n);
    const dot = (t0, a, b, cls, frac) => {
      const k = Math.max(0, Math.min(frac === undefined ? 1 : frac, (now - t0) / travel));
      if (now < t0 || now - t0 > travel) return;
      svgEl("circle", {cx: a[0] + (b[0] - a[0]) * k, cy: a[1] + (b[1] - a[1]) * k, r: 4, class: "msg " + cls}, svg)
        .appendChild(document.createElementNS(NS, "title")).textContent = m.method + " " + m.from + "→" + m.to + " (" + m.outcome + ")";
    };
    if (m.delivered < 0) dot(m.sent, [x0, y0], [x1, y1], "dropped", 0.5);
    else {
      dot(m.sent, [x0, y0], [x1, y1], "req");
      if (m.replied >= 0) dot(m.sent + travel, [x1, y1], [x0, y0], "reply");
      else if (m.outcome === "reply-dropped") dot(m.sent + travel, [x1, y1], [x0, y0], "dropped", 0.5);
    }
  }
  S.peers.forEach((p, i) => {
    const [x, y] = pos(i, n);
    const fill = !p.up ? "#b0bec5" : p.role === "leader" ? "#66bb6a" : p.role === "candidate" ? "#ffcc80" : "#cfd8dc";
    const c = svgEl("circle", {cx: x, cy: y, r: 26, fill: fill, class: "node" + (f && f.peers && f.peers.includes(i) ? " bad" : ""), "data-peer": i, "data-role": p.up ? p.role : "crashed"}, svg);
    svgEl("title", {}, c, "peer " + i + ": " + (p.up ? p.role : "crashed"));
    svgEl("text", {x: x, y: y - 2, "text-anchor": "middle", "font-weight": 600}, svg, "peer " + i);
    svgEl("text", {x: x, y: y + 12, "text-anchor": "middle", "font-size": 11}, svg, p.up ? "T" + p.term : "crashed");
    if (p.group < 0) svgEl("text", {x: x, y: y + 40, "text-anchor": "middle", "font-size": 11, fill: "#c62828"}, svg, "isolated");
    else if (p.group > 0) svgEl("text", {x: x, y: y + 40, "text-anchor": "middle", "font-size": 11, fill: "#ef6c00"}, svg, "side B");
  });
  window.playStats.frames++;
}
function drawTable() {
  const tb = document.querySelector("#peers tbody");
  tb.replaceChildren();
  if (!S || !S.peers) return;
  const f = bad();
  for (const p of S.peers) {
    const tr = document.createElement("tr");
    tr.className = (p.up ? "" : "crashed") + (f && f.peers && f.peers.includes(p.id) ? " bad" : "");
    tr.dataset.peer = p.id; tr.dataset.role = p.up ? p.role : "crashed"; tr.dataset.term = p.term;
    tr.dataset.applied = p.applied; tr.dataset.commit = p.commit;
    const td = (t) => { const c = document.createElement("td"); c.textContent = t; tr.appendChild(c); return c; };
    td("peer " + p.id + (p.group < 0 ? " (isolated)" : p.group > 0 ? " (side B)" : ""));
    td(p.up ? p.role : "crashed"); td(p.up ? p.term : "—"); td(p.commit < 0 ? "?" : p.commit); td(p.applied);
    const lc = td("");
    if (!p.seen && p.up) lc.title = "the log is read from the fields the skeleton declares (log, commitIndex) under rf.mu; busy or not there now";
    for (const e of (p.log || []).slice(-24)) {
      const s = document.createElement("span");
      s.className = "cell" + (p.commit >= 0 && e.i > p.commit ? " uncommitted" : "") + (f && f.index === e.i ? " bad" : "");
      s.style.background = termColor(e.t); s.textContent = e.i + ":" + e.t + " " + e.c; s.title = "index " + e.i + ", term " + e.t + ": " + e.c;
      lc.appendChild(s);
    }
    const act = td("");
    const btn = (label, cls, fn) => { const b = document.createElement("button"); b.textContent = label; b.className = cls; b.onclick = fn; act.appendChild(b); };
    if (p.up) btn("crash", "crash", () => order("crash", p.id)); else btn("restart", "restart", () => order("restart", p.id));
    if (p.group < 0) btn("reconnect", "connect", () => order("connect", p.id)); else btn("isolate", "isolate", () => order("isolate", p.id));
    btn("submit here", "submit", () => order("submit", p.id));
    tb.appendChild(tr);
  }
}
function banners() {
  const show = (id, text) => { const e = $(id); e.style.display = text ? "block" : "none"; e.textContent = text || ""; };
  if (!S) return;
  const f = bad();
  show("safety", f ? "✗ Safety rule broken at " + (f.t_ns / 1e9).toFixed(3) + " s (virtual) — the cluster is stopped.\n" + f.message : "");
  show("missing", S.missing && S.missing.length ? "What is missing:\n• " + S.missing.join("\n• ") : "");
  show("stalled", S.stalled ? "Virtual time stopped:\n" + S.stalled : "");
  show("exited", S.exited !== undefined ? "The cluster's process ended. Its last output:\n" + S.exited : "");
  $("clockinfo").textContent = S.exited !== undefined ? "" : "virtual time " + (S.t_ns / 1e9).toFixed(2) + " s · " + S.total_rpcs + " RPCs · " + (S.reliable ? "reliable" : "lossy") + " network";
  $("playbtn").textContent = S.playing ? "pause" : "play";
  $("lossy").checked = !S.reliable;
  if (S.speed) $("speed").value = String(S.speed);
}
async function poll() {
  try {
    const r = await fetch("api/state");
    S = await r.json(); got = performance.now(); window.playStats.polls++;
    document.body.dataset.failure = S.failure ? "true" : "false";
    drawTable(); banners();
  } catch (e) { notice("the playground does not answer: " + e); }
}
async function growTimeline() {
  try {
    const r = await fetch("api/timeline");
    if (!r.ok) return;
    const tl = await r.json();
    if (!timeline) timeline = vizMount(tl); else timeline.update(tl, 10e9);
  } catch (e) { notice("timeline: " + e); }
}
$("playbtn").onclick = () => clock(S && S.playing ? "pause" : "play");
$("step").onclick = () => clock("step", "&d=50ms");
$("speed").onchange = () => clock("speed", "&x=" + $("speed").value);
$("submit").onclick = () => order("submit", -1);
$("heal").onclick = () => order("heal");
$("lossy").onchange = () => order("lossy", undefined, $("lossy").checked ? "on" : "off");
$("partition").onclick = () => {
  if (!S || !S.peers) return;
  const n = S.peers.length, leader = S.peers.filter(p => p.up && p.leader).sort((a, b) => b.term - a.term)[0];
  const first = leader ? leader.id : 0, side = [first];
  for (let k = 1; side.length < Math.floor((n - 1) / 2); k++) side.push((first + k) % n);
  order("partition", undefined, side.join(","));
};
function frame() { drawRing(); requestAnimationFrame(frame); }
poll(); setInterval(poll, 150);
growTimeline(); setInterval(growTimeline, 1000);
requestAnimationFrame(frame);
document.body.setAttribute("data-rendered", "true");
})();
`
