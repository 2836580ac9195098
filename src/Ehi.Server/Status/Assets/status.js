// The status page: fetches /status.json every 5 s and draws it. No library, no network but the admin listener.
"use strict";
const REFRESH_MS = 5000;
const W = 900, H = 160, PAD = 18;

function el(tag, attrs, text) {
  const e = document.createElementNS(tag === "svg" || ["rect", "polyline", "line", "text", "circle"].includes(tag) ? "http://www.w3.org/2000/svg" : "http://www.w3.org/1999/xhtml", tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function rows(id, items, cells) {
  const body = document.querySelector("#" + id + " tbody");
  body.replaceChildren(...items.map(item => {
    const tr = el("tr");
    for (const [text, cls] of cells(item)) tr.appendChild(el("td", cls ? { class: cls } : {}, text));
    return tr;
  }));
  if (items.length === 0) {
    const tr = el("tr");
    tr.appendChild(el("td", { class: "muted", colspan: "3" }, "none"));
    body.appendChild(tr);
  }
}

function daysClass(days) { return days < 0 ? "bad" : days < 30 ? "bad" : "ok"; }

function drawRate(slots) {
  const svg = document.getElementById("rate-chart");
  const max = Math.max(1, ...slots.map(s => s.perSecond));
  const bw = (W - PAD) / slots.length;
  const parts = [el("text", { x: 2, y: 12 }, max.toFixed(1) + "/s")];
  slots.forEach((s, i) => {
    if (s.perSecond > 0) {
      const h = (H - PAD) * s.perSecond / max;
      parts.push(el("rect", { class: "bar", x: (PAD + i * bw).toFixed(1), y: (H - h).toFixed(1), width: Math.max(1, bw - 1).toFixed(1), height: h.toFixed(1) }));
    }
  });
  svg.replaceChildren(...parts);
  svg.dataset.points = String(slots.filter(s => s.perSecond > 0).length);
}

function drawLatency(slots, budget) {
  const svg = document.getElementById("latency-chart");
  const values = slots.flatMap(s => [s.p50Ms, s.p99Ms]).filter(v => typeof v === "number");
  const max = Math.max(budget * 1.25, ...values);
  const y = v => (H - (H - PAD) * Math.min(v, max) / max).toFixed(1);
  const x = i => (PAD + (i + 0.5) * (W - PAD) / slots.length).toFixed(1);
  const line = key => slots.map((s, i) => typeof s[key] === "number" ? x(i) + "," + y(s[key]) : null).filter(p => p).join(" ");
  const parts = [
    el("line", { class: "budget", x1: PAD, x2: W, y1: y(budget), y2: y(budget) }),
    el("text", { x: 2, y: Number(y(budget)) - 3 }, budget + " ms budget"),
  ];
  const p50 = line("p50Ms"), p99 = line("p99Ms");
  if (p50) parts.push(el("polyline", { class: "p50", points: p50 }));
  if (p99) parts.push(el("polyline", { class: "p99", points: p99 }));
  // A dot per slot too, so a single busy slot is visible before there is a line.
  slots.forEach((s, i) => {
    if (typeof s.p50Ms === "number") parts.push(el("circle", { class: "p50 dot", cx: x(i), cy: y(s.p50Ms), r: 3 }));
    if (typeof s.p99Ms === "number") parts.push(el("circle", { class: "p99 dot", cx: x(i), cy: y(s.p99Ms), r: 3 }));
  });
  svg.replaceChildren(...parts);
  svg.dataset.points = String(values.length);
}

function ms(v) { return v === null || v === undefined ? "–" : typeof v === "number" ? v + " ms" : v + " ms"; }

function render(s) {
  document.getElementById("endpoint").textContent = "https://" + s.endpoint.listen + s.endpoint.path;
  document.getElementById("updated").textContent = "updated " + new Date(s.generatedAt).toLocaleTimeString();
  const t = s.traffic;
  document.getElementById("messages").textContent = t.messages;
  document.getElementById("p50").textContent = ms(t.latencyMs.p50);
  document.getElementById("p99").textContent = ms(t.latencyMs.p99);
  const over = document.getElementById("over-budget");
  over.textContent = t.overBudget;
  over.className = "figure " + (t.overBudget > 0 ? "bad" : "ok");
  drawRate(t.slots);
  drawLatency(t.slots, t.budgetMs);
  rows("answers", Object.entries(t.answersByStatus), ([status, n]) => [[status === "none" ? "acknowledged (no Responsestatus)" : status], [String(n)]]);
  rows("certificates", s.certificates, c => [[c.role], [c.subject], [c.daysLeft + " days", daysClass(c.daysLeft)]]);
  rows("crls", s.crls, c => [[c.issuer], [String(c.revoked)], [c.stale ? "STALE" : (c.daysLeft ?? "–") + " days", c.stale ? "bad" : c.daysLeft < 1 ? "warn" : "ok"]]);
  rows("refusal-reasons", Object.entries(s.refusals.lastHourByReason), ([reason, n]) => [[reason, "bad"], [String(n)]]);
  rows("refused", s.refusals.latest, r => [[new Date(r.at).toLocaleTimeString()], [r.reason, "bad"], [r.subject || "(no certificate)"]]);
  rows("cutoffs", s.cutOffs, c => [[String(c.id)], [c.range], [c.agrees ? "agrees" : "differs: " + c.differences, c.agrees ? "ok" : "bad"]]);
  rows("components", s.components, c => [[c.name], [c.healthy ? "ok" : "failing", c.healthy ? "ok" : "bad"], [c.detail]]);
  document.getElementById("controls").replaceChildren(...s.endpoint.controls.map(c => el("li", {}, c)));
  document.body.dataset.loaded = "true";
}

async function refresh() {
  try {
    const response = await fetch("/status.json", { cache: "no-store" });
    if (response.ok) render(await response.json());
  } catch (e) {
    document.getElementById("updated").textContent = "not reachable: " + e;
  }
}

refresh();
setInterval(refresh, REFRESH_MS);
