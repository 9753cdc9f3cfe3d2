// Benchmark (not a test): how the window copes with a 1,000-person account. Builds the
// account with the CLI's import, opens it in the real app under X, and measures opening,
// panning and dragging a card. Prints the figures the README quotes.
//
//   bash scripts/bench.sh

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Session, startDriver } from "./webdriver.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const APP = process.env.STAKEMAP_APP ?? path.join(root, "target/debug/stakemap-app");
const CLI = process.env.STAKEMAP_CLI ?? path.join(root, "target/debug/stakemap");
const N = Number(process.env.BENCH_PEOPLE ?? 1000);

// A deterministic org: a 6-ary reporting tree, two influence lines per person.
function csvFiles(dir) {
  let seed = 42;
  const rand = (n) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const people = ["id,name,title,department,intimacy,solution,price,key"];
  const lines = ["from,to,kind,strength,sign"];
  const seen = new Set();
  for (let i = 0; i < N; i++) {
    const r = () => (rand(6) === 0 ? "" : 1 + rand(5));
    people.push(`p${i},Person ${i},Title ${i % 17},Dept ${i % 6},${r()},${r()},${r()},${i < 7}`);
    if (i > 0) lines.push(`p${i},p${Math.floor((i - 1) / 6)},reports_to,2,+`);
    for (let k = 0; k < 2; k++) {
      const j = rand(N);
      if (j === i || seen.has(`${i}>${j}`)) continue;
      seen.add(`${i}>${j}`);
      lines.push(`p${i},p${j},influence,${1 + rand(3)},${rand(5) === 0 ? "-" : "+"}`);
    }
  }
  fs.writeFileSync(path.join(dir, "people.csv"), people.join("\n"));
  fs.writeFileSync(path.join(dir, "relations.csv"), lines.join("\n"));
}

/**
 * Drags with the mouse inside the page, one move per animation frame, from the centre of
 * `selector`'s element by (dx, dy), and measures each frame: the time from one frame to the
 * next while the map follows the mouse. Driving the events from inside the page keeps
 * WebDriver's round trips out of the figures.
 */
function dragInPage(s, selector, dx, dy, steps = 40) {
  return s.executeAsync(
    `const [selector, dx, dy, steps, done] = arguments;
     const el = document.querySelector(selector);
     const r = el.getBoundingClientRect();
     const x0 = r.left + r.width / 2, y0 = r.top + r.height / 2;
     const fire = (target, type, x, y) => target.dispatchEvent(new MouseEvent(type, {
       bubbles: true, cancelable: true, view: window, clientX: x, clientY: y, button: 0, buttons: type === "mouseup" ? 0 : 1 }));
     fire(el, "mousedown", x0, y0);
     const times = []; let i = 0; let last = performance.now();
     const step = (t) => {
       times.push(t - last); last = t; i++;
       const x = x0 + (dx * i) / steps, y = y0 + (dy * i) / steps;
       fire(window, "mousemove", x, y);
       if (i < steps) requestAnimationFrame(step);
       else { fire(window, "mouseup", x, y); setTimeout(() => done(times.slice(1)), 300); }
     };
     requestAnimationFrame(step);`,
    [selector, dx, dy, steps],
  );
}

function stats(f) {
  const v = [...f].sort((a, b) => a - b);
  const q = (p) => v[Math.min(v.length - 1, Math.floor(p * v.length))] ?? NaN;
  return { frames: v.length, p50: q(0.5), p95: q(0.95), max: v[v.length - 1] ?? NaN };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-bench-"));
csvFiles(dir);
const ws = path.join(dir, "big.stakemap");
execFileSync(CLI, ["import", ws, "--account", "Big Co", "--people", path.join(dir, "people.csv"), "--relations", path.join(dir, "relations.csv")], { stdio: "inherit" });

const driver = await startDriver({ STAKEMAP_DATA_DIR: dir, STAKEMAP_LANG: "en" });
const t0 = Date.now();
const s = await Session.create(driver.base, APP, [ws]);
try {
  const count = () => s.execute(`return document.querySelectorAll('[data-testid="person-card"]').length`);
  await s.waitFor(async () => (await count()) > 0, "the first cards", 120000);
  const open = Date.now() - t0;
  if (process.env.BENCH_CSS) {
    await s.execute(`const st = document.createElement("style"); st.textContent = arguments[0]; document.head.appendChild(st);`, [process.env.BENCH_CSS]);
  }
  await new Promise((r) => setTimeout(r, 500));
  const shown = await count();
  const ipc = await s.executeAsync(`
    const done = arguments[arguments.length - 1]; const i = window.__TAURI_INTERNALS__;
    i.invoke("list_accounts").then(async (a) => {
      const t = performance.now(); await i.invoke("account_map", { accountId: a[0].id }); done(performance.now() - t);
    });`);

  const pan = stats(await dragInPage(s, ".react-flow__pane", 400, -300));
  await s.click(await s.find(".react-flow__controls-fitview"));
  await new Promise((r) => setTimeout(r, 400));

  // Drag a card well inside the pane onto empty canvas (a drop on a card would change the
  // manager instead).
  const id = await s.execute(`
    const p = document.querySelector(".react-flow__pane").getBoundingClientRect();
    const c = [...document.querySelectorAll('[data-testid="person-card"]')].find((e) => {
      const r = e.getBoundingClientRect();
      return r.left > p.left + 60 && r.right < p.right - 60 && r.top > p.top + 60 && r.bottom < p.bottom - 160;
    });
    return c && c.dataset.personId;`);
  const from = await s.centre(await s.find(`[data-testid="person-card"][data-person-id="${id}"]`));
  const to = await s.execute(`
    for (const [dx, dy] of [[0, 120], [0, -120], [90, 120], [-90, 120], [0, 150]]) {
      const x = arguments[0] + dx, y = arguments[1] + dy;
      if (!document.elementsFromPoint(x, y).some((e) => e.closest("[data-person-id]"))) return { x, y };
    }
    return { x: arguments[0], y: arguments[1] + 150 };`, [from.x, from.y]);
  const drag = stats(await dragInPage(s, `[data-testid="person-card"][data-person-id="${id}"]`, to.x - from.x, to.y - from.y));
  const saved = await s.waitFor(
    () =>
      s.executeAsync(
        `const done = arguments[arguments.length - 1]; const i = window.__TAURI_INTERNALS__;
         i.invoke("list_accounts").then(a => i.invoke("account_map", { accountId: a[0].id }))
           .then(m => done(m.placements.find(p => p.person_id === arguments[0]).manual));`,
        [id],
      ),
    "the dragged card's place saved",
    10000,
  );

  // Expand a collapsed team.
  const expandButton = await s.execute(`
    const b = [...document.querySelectorAll('[data-testid="collapse"]')].find((e) => e.textContent.startsWith("+"));
    return b ? b.dataset.managerId : null;`);
  let expand = NaN;
  if (expandButton) {
    const before = await count();
    const t1 = Date.now();
    await s.clickAt(await s.find(`[data-testid="collapse"][data-manager-id="${expandButton}"]`));
    await s.waitFor(async () => (await count()) > before, "the team expanded");
    expand = Date.now() - t1;
  }

  const fmt = (x) => x.toFixed(1);
  const line = (what, m) =>
    console.log(`${what}: ${m.frames} frames, frame time p50 ${fmt(m.p50)} ms, p95 ${fmt(m.p95)} ms, max ${fmt(m.max)} ms`);
  console.log(`people: ${N}; cards shown on open (teams below the third level collapsed): ${shown}`);
  console.log(`open (app start to the map drawn): ${open} ms`);
  console.log(`account_map command (read + layout + IPC): ${fmt(ipc)} ms`);
  line("pan 500 px (mouse events one per frame, in the page)", pan);
  line("drag a card (same)", drag);
  console.log(`the dragged card's place saved: ${saved}`);
  console.log(`expand a team (click to its cards drawn, WebDriver round trips included): ${expand} ms`);
} finally {
  await s.close();
  await driver.stop();
}
