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
const CLI = path.join(root, "target/debug/stakemap");
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
  for (let i = 0; i < N; i++) {
    const r = () => (rand(6) === 0 ? "" : 1 + rand(5));
    people.push(`p${i},Person ${i},Title ${i % 17},Dept ${i % 6},${r()},${r()},${r()},${i < 7}`);
    if (i > 0) lines.push(`p${i},p${Math.floor((i - 1) / 6)},reports_to,2,+`);
    for (let k = 0; k < 2; k++) {
      const j = rand(N);
      if (j !== i) lines.push(`p${i},p${j},influence,${1 + rand(3)},${rand(5) === 0 ? "-" : "+"}`);
    }
  }
  const unique = [...new Set(lines)];
  fs.writeFileSync(path.join(dir, "people.csv"), people.join("\n"));
  fs.writeFileSync(path.join(dir, "relations.csv"), unique.join("\n"));
}

/** Frame intervals (ms) the page saw while `action` ran. */
async function frames(s, action) {
  await s.execute(`
    window.__frames = []; let last = performance.now();
    const tick = (t) => { window.__frames.push(t - last); last = t; if (window.__recording) requestAnimationFrame(tick); };
    window.__recording = true; requestAnimationFrame(tick);`);
  const t0 = Date.now();
  await action();
  const wall = Date.now() - t0;
  await new Promise((r) => setTimeout(r, 300));
  const f = await s.execute(`window.__recording = false; return window.__frames.slice(1);`);
  f.sort((a, b) => a - b);
  const q = (p) => f[Math.min(f.length - 1, Math.floor(p * f.length))] ?? NaN;
  return { wall, frames: f.length, p50: q(0.5), p95: q(0.95), max: f[f.length - 1] ?? NaN };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-bench-"));
csvFiles(dir);
const ws = path.join(dir, "big.stakemap");
execFileSync(CLI, ["import", ws, "--account", "Big Co", "--people", path.join(dir, "people.csv"), "--relations", path.join(dir, "relations.csv")], { stdio: "inherit" });

const driver = await startDriver({ STAKEMAP_DATA_DIR: dir, STAKEMAP_LANG: "en" });
const t0 = Date.now();
const s = await Session.create(driver.base, APP, [ws]);
try {
  await s.waitFor(() => s.execute(`return document.querySelectorAll('[data-testid="person-card"]').length > 0`), "cards", 120000);
  const open = Date.now() - t0;
  const rendered = await s.execute(`return document.querySelectorAll('[data-testid="person-card"]').length`);
  const ipc = await s.executeAsync(`
    const done = arguments[arguments.length - 1]; const i = window.__TAURI_INTERNALS__;
    i.invoke("list_accounts").then(async (a) => {
      const t = performance.now(); await i.invoke("account_map", { accountId: a[0].id }); done(performance.now() - t);
    });`);

  // Zoom to reading size on the top of the chart, as a user would before working.
  const searchBox = await s.find('[data-testid="search"]');
  await s.type(searchBox, "Person 0");
  await new Promise((r) => setTimeout(r, 600));
  await s.type(searchBox, "");
  const visible = await s.execute(`return document.querySelectorAll('[data-testid="person-card"]').length`);

  const pane = await s.find(".react-flow__pane");
  const c = await s.centre(pane);
  const pan = await frames(s, () => s.drag({ x: c.x - 200, y: c.y + 150 }, { x: c.x + 200, y: c.y - 150 }, 20));

  const card = await s.find('[data-testid="person-card"][data-person-id="p1"]');
  const from = await s.centre(card);
  const drag = await frames(s, () => s.drag(from, { x: from.x + 60, y: from.y + 260 }, 20));
  const saved = await s.executeAsync(`
    const done = arguments[arguments.length - 1]; const i = window.__TAURI_INTERNALS__;
    i.invoke("list_accounts").then(a => i.invoke("account_map", { accountId: a[0].id }))
      .then(m => done(m.placements.find(p => p.person_id === "p1").manual));`);

  const fmt = (x) => x.toFixed(1);
  console.log(`people: ${N}; cards drawn at fit: ${rendered}; at reading zoom: ${visible}`);
  console.log(`open (app start to first map): ${open} ms`);
  console.log(`account_map command (load + layout + IPC): ${fmt(ipc)} ms`);
  console.log(`pan 500 px: frames ${pan.frames}, frame time p50 ${fmt(pan.p50)} ms, p95 ${fmt(pan.p95)} ms, max ${fmt(pan.max)} ms`);
  console.log(`drag a card: frames ${drag.frames}, frame time p50 ${fmt(drag.p50)} ms, p95 ${fmt(drag.p95)} ms, max ${fmt(drag.max)} ms; position saved: ${saved}`);
} finally {
  await s.close();
  await driver.stop();
}
