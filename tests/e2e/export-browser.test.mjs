// The exported SVG and HTML in a real browser (headless Chromium through ChromeDriver):
// the SVG renders every card, and the HTML viewer works offline: it pans, zooms, filters
// and shows a person's details, and hostile names stay text.

import { before, after, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Session, startChromeDriver } from "./webdriver.mjs";
import { HOSTILE, HUGE, hostileCsv } from "./hostile.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const CLI = process.env.STAKEMAP_CLI ?? path.resolve(here, "../../target/debug/stakemap");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-export-"));
const ws = path.join(dir, "demo.stakemap");


const stakemap = (...args) => execFileSync(CLI, args, { encoding: "utf8" });

let driver;
let s;

before(async () => {
  stakemap("demo", ws, "--lang", "ja");
  // A second account of hostile names and notes, imported through the generic CSV.
  const people = path.join(dir, "hostile.csv");
  fs.writeFileSync(people, hostileCsv());
  stakemap("import", ws, "--account", "Hostile", "--people", people);
  driver = await startChromeDriver();
  s = await Session.createChrome(driver.base).catch(async (e) => {
    await driver.stop();
    throw new Error(`could not start Chromium: ${e.message}\n${driver.log()}`);
  });
});

after(async () => {
  await s?.close();
  await driver?.stop();
});

function exportTo(account, format, ...extra) {
  const out = path.join(dir, `${account}.${format}`);
  stakemap("export", ws, "--account", account, "--format", format, "--out", out, ...extra);
  return out;
}

const DEMO = "北星精機株式会社";

it("renders the exported SVG with every card", async () => {
  const accounts = JSON.parse(stakemap("accounts", ws, "--json"));
  const demo = accounts.find((a) => a.name === DEMO);
  assert.ok(demo, `the ja demo account, got ${JSON.stringify(accounts)}`);
  const svg = exportTo(DEMO, "svg", "--lang", "ja");
  await s.navigate(pathToFileURL(svg).href);
  const seen = await s.execute(`
    const root = document.documentElement;
    const cards = [...document.querySelectorAll('.person')];
    return {
      tag: root.localName,
      cards: cards.length,
      drawn: cards.filter((g) => { const b = g.getBBox(); return b.width > 100 && b.height > 50; }).length,
      text: root.textContent,
    };`);
  assert.equal(seen.tag, "svg");
  assert.equal(seen.cards, demo.people);
  assert.equal(seen.drawn, demo.people, "every card has a drawn box");
  assert.match(seen.text, /凡例|影響関係/, "the legend in Japanese");
});

it("opens the HTML viewer offline: filter, click, zoom and pan", async () => {
  const accounts = JSON.parse(stakemap("accounts", ws, "--json"));
  const demo = accounts.find((a) => a.name === DEMO);
  const html = exportTo(DEMO, "html");
  await s.navigate(pathToFileURL(html).href);
  const count = () => s.execute(`return document.getElementById('count').textContent`);
  assert.match(await count(), new RegExp(`^${demo.people} / ${demo.people}`));
  // Nothing was fetched: the page is self-contained.
  assert.deepEqual(await s.execute(`return performance.getEntriesByType('resource').map(e => e.name)`), []);

  // Filter by text: the matching cards stay, the others dim.
  const first = await s.execute(`return JSON.parse(document.getElementById('data').textContent).people.find(p => p.side === 'customer')`);
  const q = await s.find("#q");
  await s.type(q, first.name);
  const filtered = await s.waitFor(async () => {
    const c = await count();
    return c.startsWith(`${demo.people} /`) ? null : c;
  }, "the filter");
  const shown = Number(filtered.split(" ")[0]);
  assert.ok(shown >= 1 && shown < demo.people, filtered);
  const dimmed = await s.execute(`return document.querySelectorAll('.person.dim').length`);
  assert.equal(dimmed, demo.people - shown);

  // Key persons only.
  await s.execute(`const q = document.getElementById('q'); q.value = ''; q.dispatchEvent(new Event('input'))`);
  await s.click(await s.find("#keyOnly"));
  const keyCount = Number((await count()).split(" ")[0]);
  const keys = await s.execute(`return JSON.parse(document.getElementById('data').textContent).people.filter(p => p.key).length`);
  assert.equal(keyCount, keys);
  await s.click(await s.find("#keyOnly"));

  // Click a card: the details panel shows the person.
  const card = await s.find(`.person[data-id="${first.id}"]`);
  await s.clickAt(card);
  const panel = await s.waitFor(
    () => s.execute(`const p = document.getElementById('panel'); return p.hidden ? null : p.textContent`),
    "the details panel",
  );
  assert.ok(panel.includes(first.name), panel);

  // Zoom with the wheel, then Fit goes back.
  const box = () => s.execute(`return document.querySelector('#view svg').getAttribute('viewBox')`);
  const home = await box();
  await s.execute(`document.getElementById('view').dispatchEvent(new WheelEvent('wheel', { deltaY: -200, clientX: 400, clientY: 300, bubbles: true, cancelable: true }))`);
  const zoomed = await box();
  assert.notEqual(zoomed, home);
  assert.ok(Number(zoomed.split(" ")[2]) < Number(home.split(" ")[2]), "zoomed in");
  // Pan by dragging the background.
  const r = await s.execute(`const r = document.getElementById('view').getBoundingClientRect(); return { x: r.left + 30, y: r.top + 30 }`);
  await s.drag(r, { x: r.x + 120, y: r.y + 60 });
  const panned = await box();
  assert.notEqual(panned, zoomed);
  await s.click(await s.find("#fit"));
  assert.equal(await box(), home);
});

it("keeps hostile names as text in the SVG and the HTML viewer", async () => {
  for (const format of ["svg", "html"]) {
    const file = exportTo("Hostile", format, "--no-redact");
    await s.navigate(pathToFileURL(file).href);
    await new Promise((r) => setTimeout(r, 300));
    const result = await s.execute(`return {
      pwned: window.__pwned ?? null,
      scripts: document.querySelectorAll('script').length,
      images: document.querySelectorAll('img').length,
      names: [...document.querySelectorAll('.person')].map((g) => g.textContent),
    }`);
    assert.equal(result.pwned, null, `${format}: nothing ran`);
    assert.equal(result.images, 0, `${format}: no element was made from a name`);
    assert.equal(result.scripts, format === "html" ? 2 : 0, `${format}: only the viewer's own scripts`);
    for (const name of HOSTILE.slice(0, 4)) {
      assert.ok(result.names.some((t) => t.includes(name.slice(0, 12))), `${format} shows ${name} as text`);
    }
    if (format === "html") {
      // The details panel shows the full name unchanged.
      const data = await s.execute(`return JSON.parse(document.getElementById('data').textContent).people.map(p => p.name)`);
      for (const name of HOSTILE) assert.ok(data.includes(name), `data keeps ${name}`);
      await s.clickAt(await s.find('.person[data-id="h1"]'));
      const panel = await s.waitFor(() => s.execute(`const h = document.querySelector('#panel h2'); return h && h.textContent`), "the panel");
      assert.equal(panel, HOSTILE[1]);
      const huge = await s.execute(`return JSON.parse(document.getElementById('data').textContent).people.find(p => p.id === 'huge').notes`);
      assert.equal(huge, HUGE, "the huge note reads back unchanged");
      assert.equal(await s.execute(`return window.__pwned ?? null`), null);
    }
  }
});
