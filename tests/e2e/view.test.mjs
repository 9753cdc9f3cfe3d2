// End-to-end: how a map opens in the real window at 1440 x 900. The demo and a 45-person
// import open with card names readable (at least 11 px on screen), centred on the key
// persons; the zoom shortcuts and buttons work and say their shortcuts in both languages; a
// 400-person account keeps the teams it showed folded every time it is opened (after a
// switch to another account and after a restart); "+N" stays big enough to hit when the
// map is fitted, and works from the keyboard.

import { it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchApp, startApp } from "./webdriver.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const CLI = process.env.STAKEMAP_CLI ?? path.join(root, "target/debug/stakemap");
const ARTIFACTS = path.join(here, "artifacts");
fs.mkdirSync(ARTIFACTS, { recursive: true });

const CTRL = "\uE009";
const ENTER = "\uE007";

/** Presses keys together (the first ones held), as a user types a shortcut. */
async function press(s, ...keys) {
  await s.cmd("POST", "/actions", {
    actions: [
      {
        type: "key",
        id: "keyboard",
        actions: [...keys.map((value) => ({ type: "keyDown", value })), ...[...keys].reverse().map((value) => ({ type: "keyUp", value }))],
      },
    ],
  });
  await s.cmd("DELETE", "/actions");
}

/** An account of `n` customer people in a `fan`-ary reporting tree, imported with the CLI;
 * the first `keys` people are key persons. */
function importAccount(ws, dir, name, n, fan, keys) {
  const people = ["id,name,title,department,intimacy,solution,price,key"];
  const lines = ["from,to,kind,strength,sign"];
  for (let i = 0; i < n; i++) {
    people.push(`${name[0]}${i},${name} Person ${i},Title ${i % 13},Dept ${i % 5},${1 + (i % 5)},${1 + ((i * 3) % 5)},${1 + ((i * 7) % 5)},${i < keys}`);
    if (i > 0) lines.push(`${name[0]}${i},${name[0]}${Math.floor((i - 1) / fan)},reports_to,2,+`);
    if (i > 3) lines.push(`${name[0]}${i},${name[0]}${(i * 7) % i},influence,2,+`);
  }
  const p = path.join(dir, `${name}-people.csv`);
  const r = path.join(dir, `${name}-relations.csv`);
  fs.writeFileSync(p, people.join("\n"));
  fs.writeFileSync(r, lines.join("\n"));
  execFileSync(CLI, ["import", ws, "--account", name, "--people", p, "--relations", r], { stdio: "pipe" });
}

/** The zoom of the map, read from the transform the user sees. */
const zoom = (s) =>
  s.execute(`const m = /scale\\(([0-9.e-]+)\\)/.exec(document.querySelector('.react-flow__viewport').style.transform); return m ? Number(m[1]) : null`);

/** Waits until the view stops moving (two reads 300 ms apart agree), and gives its zoom. */
async function settledZoom(s) {
  let last = null;
  return s.waitFor(async () => {
    const v = await s.execute(`return document.querySelector('.react-flow__viewport')?.style.transform ?? null`);
    const still = v !== null && v === last;
    last = v;
    await new Promise((r) => setTimeout(r, 300));
    return still ? zoom(s) : null;
  }, "the view to settle");
}

/** The names of the cards inside the map's pane, with their height on screen and the size of
 * their font on screen (the CSS size times the map's scale). */
const namesOnScreen = (s) =>
  s.execute(`
    const pane = document.querySelector('.react-flow').getBoundingClientRect();
    return [...document.querySelectorAll('[data-testid="person-card"] .card-name')].map(e => {
      const r = e.getBoundingClientRect();
      const inside = r.width > 0 && r.left >= pane.left && r.right <= pane.right && r.top >= pane.top && r.bottom <= pane.bottom;
      const scale = e.offsetHeight ? r.height / e.offsetHeight : 0;
      const card = e.closest('[data-testid="person-card"]');
      return { name: e.textContent, inside, height: r.height, px: parseFloat(getComputedStyle(e).fontSize) * scale, key: card.classList.contains('key') };
    }).filter(x => x.inside);`);

async function assertReadable(s, what, shot) {
  await s.waitFor(() => s.execute(`return document.querySelectorAll('[data-testid="person-card"]').length > 0`), `${what}: the cards`, 60000);
  const z = await settledZoom(s);
  const names = await namesOnScreen(s);
  fs.writeFileSync(path.join(ARTIFACTS, shot), await s.screenshot());
  assert.ok(names.length >= 6, `${what}: at least six whole cards in view (${names.length}, zoom ${z})`);
  for (const n of names) {
    assert.ok(n.height >= 11, `${what}: ${n.name} is ${n.height.toFixed(1)} px high on screen (zoom ${z})`);
    assert.ok(n.px >= 11, `${what}: ${n.name}'s font is ${n.px.toFixed(1)} px on screen (zoom ${z})`);
  }
  assert.ok(names.some((n) => n.key), `${what}: a key person is in view`);
  return { zoom: z, names };
}

const title = (s, testid) => s.execute(`return document.querySelector('[data-testid="${testid}"]').title`);

it("opens the demo readable, zooms with the shortcuts and the buttons, and says the shortcuts (English)", async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-"));
  const s = await launchApp(t, { STAKEMAP_DATA_DIR: dir, STAKEMAP_LANG: "en" });
  const opened = await assertReadable(s, "the demo", "view-demo-en.png");
  console.log(`demo: opens at zoom ${opened.zoom}, ${opened.names.length} cards in view, names ${Math.min(...opened.names.map((n) => n.px)).toFixed(1)} px`);
  // The top of the tree is in view.
  const top = await s.execute(`
    const cards = [...document.querySelectorAll('[data-testid="person-card"]')];
    const ys = cards.map(c => c.closest('.react-flow__node').style.transform.match(/translate\\([^,]+,\\s*([-0-9.]+)px/)).map(m => m ? Number(m[1]) : Infinity);
    const minY = Math.min(...ys);
    const pane = document.querySelector('.react-flow').getBoundingClientRect();
    return cards.filter((c, i) => ys[i] === minY).some(c => { const r = c.getBoundingClientRect(); return r.top >= pane.top && r.bottom <= pane.bottom && r.right > pane.left && r.left < pane.right; });`);
  assert.ok(top, "a card of the top row is in view");

  assert.equal(await title(s, "zoom-in"), "Zoom in (Ctrl++)");
  assert.equal(await title(s, "zoom-out"), "Zoom out (Ctrl+-)");
  assert.match(await title(s, "zoom-fit"), /\(Ctrl\+0\)$/);

  // The shortcuts.
  const inView = await s.execute(`
    const pane = document.querySelector('.react-flow').getBoundingClientRect();
    return [...document.querySelectorAll('[data-testid="person-card"]')].find(c => { const r = c.getBoundingClientRect(); return r.left >= pane.left && r.right <= pane.right - 250 && r.top >= pane.top && r.bottom <= pane.bottom; }).dataset.personId`);
  await s.clickAt(await s.find(`[data-testid="person-card"][data-person-id="${inView}"]`));
  await press(s, CTRL, "0");
  const fitted = await settledZoom(s);
  assert.ok(fitted < opened.zoom, `Ctrl+0 fits the map (zoom ${fitted} from ${opened.zoom})`);
  const inside = await s.execute(`
    const pane = document.querySelector('.react-flow').getBoundingClientRect();
    return [...document.querySelectorAll('[data-testid="person-card"]')].filter(c => { const r = c.getBoundingClientRect(); return r.left >= pane.left && r.right <= pane.right && r.top >= pane.top && r.bottom <= pane.bottom; }).length`);
  assert.equal(inside, 35, "fitted, the 35 cards are inside the pane");
  await press(s, CTRL, "1");
  assert.equal(await settledZoom(s), 1, "Ctrl+1 shows 100%");
  await press(s, CTRL, "-");
  assert.equal(await settledZoom(s), 0.5, "Ctrl+- zooms out a step");
  await press(s, CTRL, "=");
  assert.equal(await settledZoom(s), 1, "Ctrl+= zooms in a step");
  await press(s, CTRL, "+");
  assert.equal(await settledZoom(s), 1.5, "Ctrl++ zooms in a step");

  // From the fitted view, "+" reaches 100% in two or three clicks.
  await s.click(await s.find('[data-testid="zoom-fit"]'));
  await settledZoom(s);
  let clicks = 0;
  while ((await settledZoom(s)) < 1 && clicks < 5) {
    await s.click(await s.find('[data-testid="zoom-in"]'));
    clicks++;
  }
  assert.equal(await settledZoom(s), 1);
  assert.ok(clicks >= 1 && clicks <= 3, `100% in ${clicks} clicks from the fitted view (${fitted})`);
  console.log(`demo: fitted zoom ${fitted}; 100% in ${clicks} clicks of "+"`);
});

it("folds the legend and the mini-map (remembered), and keeps the selected card clear of the legend", async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-"));
  const env = { STAKEMAP_DATA_DIR: dir, STAKEMAP_LANG: "en" };
  let s = await launchApp(t, env);
  await assertReadable(s, "the demo", "view-demo-legend.png");
  const legendHeight = () => s.execute(`return document.querySelector('[data-testid="legend"]').getBoundingClientRect().height`);
  // Both shown to begin with (the window's storage outlives a test's data folder).
  if (await s.execute(`return document.querySelector('.legend-fold').getAttribute('aria-expanded') === 'false'`)) {
    await s.clickAt(await s.find('[data-testid="legend-fold"]'));
  }
  if (!(await s.execute(`return !!document.querySelector('.react-flow__minimap')`))) {
    await s.clickAt(await s.find('[data-testid="minimap-toggle"]'));
  }
  await s.waitFor(() => s.execute(`return !!document.querySelector('.react-flow__minimap') && document.querySelector('.legend-fold').getAttribute('aria-expanded') === 'true'`), "the legend and the mini-map shown");
  const open = await legendHeight();
  // Where the legend lies unfolded (its size and its offset from the pane's top right).
  const unfolded = await s.execute(`
    const l = document.querySelector('[data-testid="legend"]').getBoundingClientRect();
    const pane = document.querySelector('.react-flow').getBoundingClientRect();
    return { right: pane.right - l.right, top: l.top - pane.top, width: l.width, height: l.height };`);
  await s.clickAt(await s.find('[data-testid="legend-fold"]'));
  await s.waitFor(async () => (await legendHeight()) < open / 3, "the legend folded");
  await s.clickAt(await s.find('[data-testid="minimap-toggle"]'));
  await s.waitFor(() => s.execute(`return !document.querySelector('.react-flow__minimap')`), "the mini-map folded");
  // The web view writes its storage to disk a moment later; the test ends the app with a
  // signal, not as a user closes the window, so it gives it that moment.
  await new Promise((r) => setTimeout(r, 2000));
  await s.quit();

  s = await launchApp(t, env);
  await s.waitFor(() => s.execute(`return document.querySelectorAll('[data-testid="person-card"]').length > 0`), "the map again");
  assert.ok((await legendHeight()) < open / 3, "the legend is still folded after a restart");
  assert.equal(await s.execute(`return !!document.querySelector('.react-flow__minimap')`), false, "the mini-map is still folded");

  // A card selected where the legend unfolds: the view moves so the legend does not hide it.
  // At 100% the compact map is wider than the window: the card may reach past its right
  // edge (selecting it brings it inside), but it lies below the folded legend, where the
  // unfolded one will be.
  await press(s, CTRL, "1");
  await settledZoom(s);
  const underLegend = (id) =>
    s.execute(`
      const u = arguments[0];
      const pane = document.querySelector('.react-flow').getBoundingClientRect();
      const zone = { left: pane.right - u.right - u.width, right: pane.right - u.right, top: pane.top + u.top, bottom: pane.top + u.top + u.height };
      const r = document.querySelector('[data-testid="person-card"][data-person-id="' + arguments[1] + '"]').getBoundingClientRect();
      return r.left < zone.right && zone.left < r.right && r.top < zone.bottom && zone.top < r.bottom;`, [unfolded, id]);
  const card = await s.execute(`
    const u = arguments[0];
    const legend = document.querySelector('[data-testid="legend"]').getBoundingClientRect();
    const pane = document.querySelector('.react-flow').getBoundingClientRect();
    const zone = { left: pane.right - u.right - u.width, right: pane.right - u.right, top: pane.top + u.top, bottom: pane.top + u.top + u.height };
    const c = [...document.querySelectorAll('[data-testid="person-card"]')].find(c => { const r = c.getBoundingClientRect();
      return r.left < zone.right && zone.left < r.right && r.top < zone.bottom && zone.top < r.bottom &&
        r.top > legend.bottom + 10 && r.left < pane.right - 60 && r.bottom < pane.bottom - 60; });
    return c ? c.dataset.personId : null;`, [unfolded]);
  if (card === null) {
    fs.writeFileSync(path.join(ARTIFACTS, "view-legend-nocard.png"), await s.screenshot());
    assert.fail("a card where the legend unfolds, below the folded legend, to select (see view-legend-nocard.png)");
  }
  await s.clickAt(await s.find(`[data-testid="person-card"][data-person-id="${card}"]`));
  await settledZoom(s);
  assert.ok(await underLegend(card), "selected, the card is still where the legend unfolds");
  await s.clickAt(await s.find('[data-testid="legend-fold"]'));
  const clear = () =>
    s.execute(`
      const l = document.querySelector('[data-testid="legend"]').getBoundingClientRect();
      const c = document.querySelector('[data-testid="person-card"][data-person-id="${card}"]').getBoundingClientRect();
      return !(c.left < l.right && l.left < c.right && c.top < l.bottom && l.top < c.bottom);`);
  await s.waitFor(async () => (await legendHeight()) > open * 0.8, "the legend unfolded");
  await settledZoom(s);
  fs.writeFileSync(path.join(ARTIFACTS, "view-legend-clear.png"), await s.screenshot());
  assert.ok(await clear(), "the selected card is clear of the legend");
  // Leave the mini-map shown for the next tests.
  await s.clickAt(await s.find('[data-testid="minimap-toggle"]'));
  await s.waitFor(() => s.execute(`return !!document.querySelector('.react-flow__minimap')`), "the mini-map shown again");
});

it("opens the demo and a 45-person import readable in Japanese, with the zoom tooltips in Japanese", async (t) => {
  let s = await launchApp(t, { STAKEMAP_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-")), STAKEMAP_LANG: "ja" });
  await assertReadable(s, "デモ", "view-demo-ja.png");
  assert.equal(await title(s, "zoom-in"), "拡大 (Ctrl++)");
  assert.equal(await title(s, "zoom-out"), "縮小 (Ctrl+-)");
  assert.doesNotMatch((await title(s, "zoom-fit")).replace("Ctrl", ""), /[A-Za-z]{3,}/, "no English word in the fit button's tooltip");
  await s.quit();

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-"));
  const ws = path.join(dir, "mid.stakemap");
  importAccount(ws, dir, "Mid", 45, 4, 4);
  s = await openWorkspace(t, dir, ws, "ja");
  const opened = await assertReadable(s, "45 人のアカウント", "view-45-ja.png");
  console.log(`45 people: opens at zoom ${opened.zoom}, ${opened.names.length} cards in view`);
});

/** Starts the app on the workspace file `ws` (as when it is opened from the file manager). */
async function openWorkspace(t, dir, ws, lang) {
  const { driver, session } = await startApp({ STAKEMAP_DATA_DIR: dir, STAKEMAP_LANG: lang }, { args: [ws] });
  let closed = false;
  session.quit = async () => {
    if (closed) return;
    closed = true;
    await session.close();
    await driver.stop();
  };
  t.after(() => session.quit());
  return session;
}

it("keeps a 400-person account's folded teams when it is opened again and after a restart; +N stays big and works from the keyboard", async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-"));
  const ws = path.join(dir, "big.stakemap");
  importAccount(ws, dir, "Big", 400, 6, 5);
  importAccount(ws, dir, "Small", 12, 3, 1);
  let s = await openWorkspace(t, dir, ws, "en");
  const accountId = (name) =>
    s.waitFor(
      () => s.execute(`const b = [...document.querySelectorAll('.account-list button')].find(b => b.textContent.includes(arguments[0])); return b ? b.dataset.accountId : null`, [name]),
      `the account ${name} in the list`,
    );
  const open = async (name) => {
    await s.clickAt(await s.find(`.account-list button[data-account-id="${await accountId(name)}"]`));
    await s.waitFor(
      () => s.execute(`return [...document.querySelectorAll('[data-testid="person-card"] .card-name')].some(e => e.textContent.startsWith(arguments[0]))`, [name]),
      `the map of ${name}`,
      60000,
    );
    await settledZoom(s);
  };
  /** What the user sees of the account, fitted to the window (only the cards in view are
   * drawn): the cards and the teams shown folded. */
  const seen = async () => {
    await press(s, CTRL, "0");
    await settledZoom(s);
    return s.execute(`return {
      cards: document.querySelectorAll('[data-testid="person-card"]').length,
      folded: [...document.querySelectorAll('[data-testid="collapse"]')].filter(b => b.textContent.startsWith('+')).map(b => b.dataset.managerId).sort(),
    }`);
  };
  await open("Big");
  await assertReadable(s, "400 people", "view-400-open.png");
  const first = await seen();
  assert.ok(first.cards < 100, `the large account opens with teams folded (${first.cards} cards)`);
  assert.ok(first.folded.length >= 10, `teams shown folded: ${first.folded.length}`);

  // Unfold one team from the keyboard: focus its "+N" and press Enter.
  const team = first.folded[0];
  await s.execute(`document.querySelector('[data-testid="collapse"][data-manager-id="${team}"]').focus()`);
  await press(s, ENTER);
  // The team's cards come in with the new layout a moment later: what the user sees is read
  // once two fitted views in a row agree.
  let previous = null;
  const chosen = await s.waitFor(async () => {
    const now = await seen();
    const same = previous !== null && JSON.stringify(previous) === JSON.stringify(now);
    previous = now;
    return same && now.cards > first.cards ? now : null;
  }, "the team unfolded by Enter and laid out again");
  fs.writeFileSync(path.join(ARTIFACTS, "view-400-unfolded.png"), await s.screenshot());
  assert.equal(chosen.folded.length, first.folded.length - 1);

  // Another account and back: the same folded teams.
  await open("Small");
  await open("Big");
  assert.deepEqual(await seen(), chosen, "opened again, the account shows the teams as the user left them");
  await new Promise((r) => setTimeout(r, 2000)); // the storage written to disk, as above
  await s.quit();

  // After a restart too.
  s = await openWorkspace(t, dir, ws, "en");
  await open("Big");
  assert.deepEqual(await seen(), chosen, "after a restart, the account shows the same folded teams");

  // Fitted, every "+N" is still big enough to hit, though the cards are small.
  await press(s, CTRL, "0");
  const z = await settledZoom(s);
  fs.writeFileSync(path.join(ARTIFACTS, "view-400-fitted.png"), await s.screenshot());
  const sizes = await s.execute(`return [...document.querySelectorAll('[data-testid="collapse"]')].map(b => { const r = b.getBoundingClientRect(); return [r.width, r.height]; })`);
  const card = await s.execute(`return document.querySelector('[data-testid="person-card"]').getBoundingClientRect().width`);
  assert.ok(z < 0.5, `the fitted zoom is small (${z})`);
  for (const [w, h] of sizes) assert.ok(w >= 20 && h >= 14, `"+N" is ${w.toFixed(1)} x ${h.toFixed(1)} px at zoom ${z} (cards ${card.toFixed(1)} px wide)`);
  console.log(`400 people: ${first.cards} cards on opening, ${first.folded.length} teams folded; fitted zoom ${z}: "+N" at least ${Math.min(...sizes.map((x) => x[0])).toFixed(1)} x ${Math.min(...sizes.map((x) => x[1])).toFixed(1)} px, cards ${card.toFixed(1)} px wide`);
  // And a click on one unfolds its team.
  const before = (await seen()).cards;
  const other = (await seen()).folded[0];
  await s.clickAt(await s.find(`[data-testid="collapse"][data-manager-id="${other}"]`));
  await s.waitFor(async () => (await seen()).cards > before, "the team unfolded by a click at the fitted zoom");
});
