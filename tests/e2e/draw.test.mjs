// End-to-end, in Japanese, with the mouse and the keyboard only: a new account and six people
// made from the toolbar (each name field focused with its text selected, each new card in
// view and clear of the legend), lines drawn by dragging from the selected card's handle and
// dropping on the MIDDLE of another card, the same line refused, a drop on the empty canvas
// answered, a card re-parented and kept in view, a person with lines deleted with an Undo
// notice; and no English word on the screen.

import { it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchApp, selectOption } from "./webdriver.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const ARTIFACTS = path.join(here, "artifacts");
fs.mkdirSync(ARTIFACTS, { recursive: true });

const ACCOUNT = "Kaito Logistics";
const PEOPLE = ["Haruto Sato", "Yui Suzuki", "Ren Takahashi", "Mio Tanaka", "Sota Ito", "Aoi Watanabe"];

/** Types `text` with the keyboard into whatever has the focus (replacing a selection). */
async function typeKeys(s, text) {
  const actions = [...text].flatMap((value) => [
    { type: "keyDown", value },
    { type: "keyUp", value },
  ]);
  await s.cmd("POST", "/actions", { actions: [{ type: "key", id: "keyboard", actions }] });
  await s.cmd("DELETE", "/actions");
}

/** The focused field, its value and whether all its text is selected. */
const focused = (s) =>
  s.execute(`const e = document.activeElement;
    return e && e.tagName === "INPUT" ? { id: e.dataset.testid, value: e.value, all: e.selectionStart === 0 && e.selectionEnd === e.value.length && e.value.length > 0 } : null`);

const coreMap = (s) =>
  s.executeAsync(
    `const done = arguments[arguments.length - 1];
     const i = window.__TAURI_INTERNALS__;
     i.invoke("list_accounts")
       .then(list => i.invoke("account_map", { accountId: list.find(a => a.name === arguments[0]).id, collapsed: null }))
       .then(done, e => done({ error: String(e && e.message || e) }));`,
    [ACCOUNT],
  );

const card = (s, id) =>
  s.waitFor(() => s.find(`[data-testid="person-card"][data-person-id="${id}"]`), `the card of ${id}`, 5000);

/** Whether the card is whole inside the map's pane and clear of the legend, the mini-map and
 * the zoom buttons. */
const clearInView = (s, id) =>
  s.execute(
    `const c = document.querySelector('[data-testid="person-card"][data-person-id="' + arguments[0] + '"]');
     if (!c) return false;
     const r = c.getBoundingClientRect();
     const pane = document.querySelector('.react-flow').getBoundingClientRect();
     const inside = r.left >= pane.left && r.right <= pane.right && r.top >= pane.top && r.bottom <= pane.bottom;
     const covers = [...document.querySelectorAll('.legend, .react-flow__minimap, .react-flow__controls')].map(e => e.getBoundingClientRect());
     return inside && !covers.some(k => r.left < k.right && k.left < r.right && r.top < k.bottom && k.top < r.bottom);`,
    [id],
  );

const notice = (s) => s.execute(`return document.querySelector('[data-testid="notice"] span')?.textContent ?? null`);

it("builds a 6-person map in Japanese with the mouse only, lines dropped on the middle of cards, and shows no English word", async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-"));
  const s = await launchApp(t, { STAKEMAP_DATA_DIR: dir, STAKEMAP_LANG: "ja" });
  await s.waitFor(() => s.execute(`return document.querySelectorAll('[data-testid="person-card"]').length > 0`), "the demo map");

  // A new account: its name field has the focus, its text selected; typing replaces it.
  await s.clickAt(await s.find('[data-testid="add-account"]'));
  const accountField = await s.waitFor(async () => {
    const f = await focused(s);
    return f && f.id === "account-name" ? f : null;
  }, "the new account's name field focused");
  assert.ok(accountField.all, `its text is selected: ${JSON.stringify(accountField)}`);
  await typeKeys(s, `${ACCOUNT}\uE007`);
  await s.waitFor(() => s.execute(`return [...document.querySelectorAll('.account-name')].some(e => e.textContent === arguments[0])`, [ACCOUNT]), "the account renamed");
  await s.waitFor(() => s.find('[data-testid="empty-map"]'), "the empty map");

  // Six people from the toolbar, each named in its focused, selected name field.
  const ids = [];
  for (const [i, name] of PEOPLE.entries()) {
    await s.clickAt(await s.find(i === 0 ? '[data-testid="empty-add-person"]' : '[data-testid="add-person"]'));
    const f = await s.waitFor(async () => {
      const x = await focused(s);
      const id = await s.execute(`return document.querySelector('[data-testid="inspector"]')?.dataset.personId ?? null`);
      return x && x.id === "field-name" && id && !ids.includes(id) ? { ...x, id } : null;
    }, `person ${i + 1}'s name field focused`);
    assert.ok(f.all, `person ${i + 1}: the name's text is selected (${JSON.stringify(f)})`);
    await typeKeys(s, `${name}\uE007`);
    await s.waitFor(() => s.execute(`return document.querySelector('[data-testid="inspector"] h3')?.textContent === arguments[0]`, [name]), `${name} saved`);
    ids.push(f.id);
    await s.waitFor(() => clearInView(s, f.id), `${name}'s new card in view, clear of the legend`, 5000);
  }
  fs.writeFileSync(path.join(ARTIFACTS, "draw-six-people-ja.png"), await s.screenshot());
  // The whole map in the window (Fit), to reach every card with the mouse.
  await s.clickAt(await s.find('[data-testid="zoom-fit"]'));
  await s.waitFor(() => s.execute(`return arguments[0].every(id => !!document.querySelector('[data-testid="person-card"][data-person-id="' + id + '"]'))`, [ids]), "every card drawn");

  /** Selects `from`'s card, drags from its handle and drops on the middle of `to`'s card. */
  const drawLine = async (from, to) => {
    await s.clickAt(await card(s, from));
    const handle = `.react-flow__node[data-id="${from}"] .line-handle`;
    await s.waitFor(() => s.execute(`const h = document.querySelector(arguments[0]); return !!h && getComputedStyle(h).opacity === "1"`, [handle]), "the handle on the selected card");
    const size = await s.execute(`const r = document.querySelector(arguments[0]).getBoundingClientRect(); return Math.min(r.width, r.height)`, [handle]);
    assert.ok(size >= 20, `the handle is ${size} px`);
    await s.drag(await s.find(handle), await card(s, to), 12);
  };
  const influence = (m, a, b) => m.relations.filter((r) => r.kind === "influence" && r.from === a && r.to === b).length;
  const pairs = [
    [1, 0],
    [2, 0],
    [3, 1],
    [4, 2],
    [5, 3],
  ];
  for (const [a, b] of pairs) {
    await drawLine(ids[a], ids[b]);
    await s.waitFor(async () => influence(await coreMap(s), ids[a], ids[b]) === 1, `the line ${PEOPLE[a]} → ${PEOPLE[b]}`);
  }
  await s.waitFor(() => s.execute(`return document.querySelectorAll('.react-flow__edge.line-influence').length === arguments[0]`, [pairs.length]), "the lines on the map");

  // The same line again: not drawn twice, and the notice says so.
  await drawLine(ids[1], ids[0]);
  const again = await s.waitFor(() => notice(s), "the notice about the line already there");
  assert.equal(again, `${PEOPLE[1]} → ${PEOPLE[0]} の線はすでにあります`);
  assert.equal(influence(await coreMap(s), ids[1], ids[0]), 1, "one line, not two");
  await s.click(await s.find('[data-testid="notice"] button'));
  // The existing line is selected on the map; in the person's inspector it is not offered
  // either: "+" is disabled and says why.
  assert.equal(await s.execute(`return document.querySelectorAll('.react-flow__edge.selected.line-influence').length`), 1, "the line there is selected");
  await s.clickAt(await card(s, ids[1]));
  await s.waitFor(() => s.execute(`return document.querySelector('[data-testid="inspector"]')?.dataset.personId === arguments[0]`, [ids[1]]), "her inspector");
  await selectOption(s, "line-target", ids[0]);
  assert.equal(await s.execute(`return document.querySelector('[data-testid="add-line"]').disabled`), true, "the inspector's + is disabled");
  assert.equal(await s.execute(`return document.querySelector('[data-testid="line-there"]')?.textContent`), "この線はすでにあります");
  await selectOption(s, "line-target", "");

  // A line dropped on the empty canvas: nothing drawn, and the notice says where to drop it.
  const empty = await s.execute(`
    const pane = document.querySelector('.react-flow').getBoundingClientRect();
    for (let y = pane.top + 40; y < pane.bottom - 40; y += 20) for (let x = pane.left + 80; x < pane.right - 80; x += 20) {
      const e = document.elementFromPoint(x, y);
      if (e && e.classList.contains('react-flow__pane')) return { x, y };
    }
    return null;`);
  assert.ok(empty, "an empty spot on the canvas");
  const before = (await coreMap(s)).relations.length;
  await s.clickAt(await card(s, ids[4]));
  await s.drag(await s.find(`.react-flow__node[data-id="${ids[4]}"] .line-handle`), empty, 12);
  assert.equal(await s.waitFor(() => notice(s), "the notice about nothing drawn"), "線は引かれていません。線はカードの上で離してください。");
  assert.equal((await coreMap(s)).relations.length, before, "nothing was drawn");
  await s.click(await s.find('[data-testid="notice"] button'));

  // Re-parent: drag a card onto another; the moved card stays in view.
  await s.drag(await card(s, ids[5]), await card(s, ids[0]));
  await s.waitFor(async () => (await coreMap(s)).relations.some((r) => r.kind === "reports_to" && r.from === ids[5] && r.to === ids[0]), "the new manager");
  await s.waitFor(() => clearInView(s, ids[5]), "the moved card in view, clear of the legend", 5000);

  // Delete a person with lines with the Delete key: an Undo notice, and Undo brings them back.
  await s.clickAt(await card(s, ids[3]));
  await s.waitFor(() => s.execute(`return document.querySelector('[data-testid="inspector"]')?.dataset.personId === arguments[0]`, [ids[3]]), "the person selected");
  await s.execute(`document.activeElement && document.activeElement.blur()`);
  await typeKeys(s, "\uE017");
  const deleted = await s.waitFor(() => s.execute(`return document.querySelector('[data-testid="undo-notice"] span')?.textContent ?? null`), "the undo notice");
  assert.equal(deleted, `${PEOPLE[3]} と線 2 本を削除しました。`);
  await s.waitFor(() => s.execute(`return !document.querySelector('[data-testid="person-card"][data-person-id="${ids[3]}"]')`), "the card gone");
  await new Promise((r) => setTimeout(r, 300));
  fs.writeFileSync(path.join(ARTIFACTS, "draw-undo-notice-ja.png"), await s.screenshot());
  await s.clickAt(await s.find('[data-testid="undo-notice-undo"]'));
  await s.waitFor(async () => (await coreMap(s)).people.some((p) => p.id === ids[3]), "the person back after Undo");

  // No English word on the screen: only the names, the account's name and the file's path.
  await s.waitFor(() => s.execute(`return !!document.querySelector('[data-testid="person-card"][data-person-id="${ids[3]}"]')`), "the card back");
  const text = await s.execute(`return document.body.innerText`);
  const workspace = await s.execute(`return document.querySelector('.workspace')?.getAttribute('title') ?? ''`);
  const allowed = new Set([...PEOPLE, ACCOUNT].flatMap((n) => n.split(" ")).concat(["Stakemap"]));
  const english = (text.replace(workspace, "").match(/[A-Za-z][A-Za-z'’-]*[A-Za-z]/g) ?? []).filter((w) => !allowed.has(w));
  fs.writeFileSync(path.join(ARTIFACTS, "draw-map-ja.png"), await s.screenshot());
  assert.deepEqual([...new Set(english)], [], "English words on the Japanese screen");
});
