// Benchmark (not a test): start and memory of the release build against the floor, an empty
// Tauri app with the same Tauri version and window size showing 35 plain divs
// (crates/stakemap-floor). Side by side, several runs each, under X:
//   - start: from the moment the app is asked to start to the map drawn (the performance mark
//     "map-ready" the page sets with data-map-ready="true" once its first draw is painted);
//   - memory: proportional set size (PSS) of the app's whole process tree (the app,
//     WebKitWebProcess, WebKitNetworkProcess), read from /proc/<pid>/smaps_rollup 3 s after
//     the map is drawn, and its anonymous memory (heaps, not mapped files). The WebDriver
//     processes that start the app are not in its tree and are not counted.
// The floor runs twice: as it is, and painting the page directly as Stakemap does without a
// GPU (src-tauri/src/painting.rs).
// Stakemap is measured on its demo (second start: the demo exists already) and on opening a
// 1,000-person account given as the file to open.
//
//   bash scripts/bench.sh        (or, after release builds of both apps and the CLI:)
//   xvfb-run --auto-servernum --server-args="-screen 0 1440x900x24" node tests/e2e/bench-start.mjs

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { Session, startDriver } from "./webdriver.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const release = path.join(root, "target/release");
const APP = process.env.STAKEMAP_APP ?? path.join(release, "stakemap-app");
const FLOOR = process.env.STAKEMAP_FLOOR ?? path.join(release, "stakemap-floor");
const CLI = process.env.STAKEMAP_CLI ?? path.join(release, "stakemap");
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const IDLE_MS = 3000;

/** Parent pid of every process, read from /proc. */
function parents() {
  const map = new Map();
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
      // The name in brackets may hold spaces: the fields after it are split.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      map.set(Number(name), ppid);
    } catch {
      // gone
    }
  }
  return map;
}

function descendants(pid, ppids) {
  const out = [];
  const todo = [pid];
  while (todo.length) {
    const p = todo.pop();
    for (const [child, parent] of ppids) {
      if (parent === p) {
        out.push(child);
        todo.push(child);
      }
    }
  }
  return out;
}

function exe(pid) {
  try {
    return fs.readlinkSync(`/proc/${pid}/exe`);
  } catch {
    return "";
  }
}

function comm(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    return "?";
  }
}

/** PSS and anonymous memory (the heaps, not the mapped files) of a process, in kB. */
function memKb(pid) {
  try {
    const text = fs.readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
    const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? 0);
    return { pss: field("Pss"), anon: field("Anonymous") };
  } catch {
    return { pss: 0, anon: 0 };
  }
}

/** PSS in MB of the app started under `driver` and of every process below it, by kind, and
 * the anonymous memory of the tree (what the processes allocated, not the libraries they
 * map: steady where PSS moves with the other WebKit processes on the machine). */
function treePss(driver, binary) {
  const ppids = parents();
  const real = fs.realpathSync(binary);
  const app = descendants(driver.proc.pid, ppids).find((p) => exe(p) === real);
  if (!app) throw new Error(`${binary} is not running under the driver`);
  const first = memKb(app);
  const byKind = { app: first.pss, web: 0, network: 0, other: 0 };
  let anonKb = first.anon;
  for (const p of descendants(app, ppids)) {
    const c = comm(p);
    // The kernel keeps 15 characters of a name: "WebKitWebProces", "WebKitNetworkPr".
    const kind = /WebProces/i.test(c) ? "web" : /NetworkPr/i.test(c) ? "network" : "other";
    const m = memKb(p);
    byKind[kind] += m.pss;
    anonKb += m.anon;
  }
  const mb = (kb) => kb / 1024;
  const total = byKind.app + byKind.web + byKind.network + byKind.other;
  return {
    total: mb(total),
    anon: mb(anonKb),
    app: mb(byKind.app),
    web: mb(byKind.web),
    network: mb(byKind.network),
    other: mb(byKind.other),
  };
}

/** Starts `binary` with `args`, waits for its map drawn; returns the start time and PSS. */
async function measure(binary, args, env) {
  const driver = await startDriver(env);
  let session;
  try {
    const t0 = Date.now();
    session = await Session.create(driver.base, binary, args);
    const ready = await session.waitFor(
      () =>
        session.execute(
          `const m = performance.getEntriesByName("map-ready")[0];
           return m && document.querySelector('[data-map-ready="true"]') ? performance.timeOrigin + m.startTime : null;`,
        ),
      "the map drawn",
      120000,
    );
    const start = (ready - t0) / 1000;
    await sleep(IDLE_MS);
    return { start, ...treePss(driver, binary) };
  } finally {
    await session?.close().catch(() => {});
    await driver.stop();
  }
}

// A 1,000-person account (the same generator as bench-map.mjs: 6-ary reporting tree, two
// influence lines each).
function bigAccount(dir, n = 1000) {
  let seed = 42;
  const rand = (k) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % k;
  };
  const people = ["id,name,title,department,intimacy,solution,price,key"];
  const lines = ["from,to,kind,strength,sign"];
  const seen = new Set();
  for (let i = 0; i < n; i++) {
    const r = () => (rand(6) === 0 ? "" : 1 + rand(5));
    people.push(`p${i},Person ${i},Title ${i % 17},Dept ${i % 6},${r()},${r()},${r()},${i < 7}`);
    if (i > 0) lines.push(`p${i},p${Math.floor((i - 1) / 6)},reports_to,2,+`);
    for (let k = 0; k < 2; k++) {
      const j = rand(n);
      if (j === i || seen.has(`${i}>${j}`)) continue;
      seen.add(`${i}>${j}`);
      lines.push(`p${i},p${j},influence,${1 + rand(3)},${rand(5) === 0 ? "-" : "+"}`);
    }
  }
  fs.writeFileSync(path.join(dir, "people.csv"), people.join("\n"));
  fs.writeFileSync(path.join(dir, "relations.csv"), lines.join("\n"));
  const ws = path.join(dir, "big.stakemap");
  execFileSync(CLI, ["import", ws, "--account", "Big Co", "--people", path.join(dir, "people.csv"), "--relations", path.join(dir, "relations.csv")], {
    stdio: "ignore",
  });
  return ws;
}

for (const [name, file] of [["app", APP], ["floor", FLOOR], ["CLI", CLI]]) {
  if (!fs.existsSync(file)) throw new Error(`the release build of the ${name} is missing: ${file}`);
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-bench-start-"));
// Each app paints as it would for a user (the test harness keeps compositing otherwise).
const env = { STAKEMAP_DATA_DIR: dir, STAKEMAP_LANG: "en", WEBKIT_DISABLE_COMPOSITING_MODE: null };
const big = bigAccount(dir);

// One start of each, not counted: the demo is created, the files are in the page cache.
await measure(APP, [], env);
await measure(FLOOR, [], env);

// Without a GPU Stakemap asks WebKit to paint the page directly instead of compositing it
// with software OpenGL (src-tauri/src/painting.rs); the floor, an empty app, does not. The
// floor painting directly too shows what Stakemap's own page costs.
const direct = { ...env, WEBKIT_DISABLE_COMPOSITING_MODE: "1" };
const results = { floor: [], floorDirect: [], demo: [], big: [] };
for (let i = 0; i < RUNS; i++) {
  results.floor.push(await measure(FLOOR, [], env));
  results.floorDirect.push(await measure(FLOOR, [], direct));
  results.demo.push(await measure(APP, [], env));
  results.big.push(await measure(APP, [big], env));
}

const range = (rows, key, digits) => {
  const v = rows.map((r) => r[key]).sort((a, b) => a - b);
  const median = v[Math.floor(v.length / 2)];
  return { min: v[0], median, max: v[v.length - 1], text: `${v[0].toFixed(digits)}-${v[v.length - 1].toFixed(digits)} (median ${median.toFixed(digits)})` };
};
const median = (rows, key) => range(rows, key, 2).median;
const gpu = fs.existsSync("/dev/dri") && fs.readdirSync("/dev/dri").some((n) => n.startsWith("renderD"));
console.log(`runs: ${RUNS} of each, alternating; PSS ${IDLE_MS / 1000} s after the map is drawn; GPU render node: ${gpu ? "yes" : "no"}`);
const ratio = (rows, key, floor) => `x${(median(rows, key) / median(floor, key)).toFixed(2)}`;
for (const [label, rows] of [
  ["empty Tauri app (35 divs)", results.floor],
  ["empty Tauri app (35 divs), painting directly", results.floorDirect],
  ["Stakemap, demo (35 cards)", results.demo],
  ["Stakemap, 1,000-person account", results.big],
]) {
  const against = rows === results.floor ? "" : `  (${ratio(rows, "start", results.floor)} of the empty app, ${ratio(rows, "start", results.floorDirect)} of it painting directly)`;
  const againstPss = (key) =>
    rows === results.floor ? "" : ` (${ratio(rows, key, results.floor)}, ${ratio(rows, key, results.floorDirect)})`;
  console.log(`${label}:`);
  console.log(`  start to map drawn: ${range(rows, "start", 2).text} s${against}`);
  console.log(`  PSS of the tree: ${range(rows, "total", 0).text} MB${againstPss("total")}`);
  console.log(`  anonymous memory of the tree: ${range(rows, "anon", 0).text} MB${againstPss("anon")}`);
  console.log(
    `    web process ${range(rows, "web", 0).text} MB${againstPss("web")}, app ${range(rows, "app", 0).text} MB, network process ${range(rows, "network", 0).text} MB`,
  );
}
fs.rmSync(dir, { recursive: true, force: true });
