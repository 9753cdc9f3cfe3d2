// End-to-end: a user builds a map from an empty account only through the window, and finds
// it again after a restart.

import { it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { selectOption, startApp } from "./webdriver.mjs";
import { fitMap } from "./mapview.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const APP = process.env.STAKEMAP_APP ?? path.resolve(here, "../../target/debug/stakemap-app");
const ARTIFACTS = path.join(here, "artifacts");
fs.mkdirSync(ARTIFACTS, { recursive: true });

async function launch(t, dir) {
  const { driver, session } = await startApp({ STAKEMAP_DATA_DIR: dir, STAKEMAP_LANG: "en" });
  const stop = async () => {
    await session.close();
    await driver.stop();
  };
  t.after(stop);
  return { session, stop };
}

/** The account's map as the core has it, fetched through the app's own command. */
function coreMap(session, accountName) {
  return session.executeAsync(
    `const done = arguments[arguments.length - 1];
     const i = window.__TAURI_INTERNALS__;
     i.invoke("list_accounts")
       .then(list => i.invoke("account_map", { accountId: list.find(a => a.name === arguments[0]).id }))
       .then(done, e => done({ error: String(e && e.message || e) }));`,
    [accountName],
  );
}

const cardOf = (session, name) =>
  session.waitFor(
    () =>
      session.execute(
        `const c = [...document.querySelectorAll('[data-testid="person-card"]')].find(e => e.querySelector('.card-name').textContent === arguments[0]);
         return c ? c.dataset.personId : null;`,
        [name],
      ),
    `the card of ${name}`,
  );

const cardElement = async (session, id) => session.find(`[data-testid="person-card"][data-person-id="${id}"]`);


const PEOPLE = [
  ["Haruto Sato", "CEO", [2, 3, 3]],
  ["Yui Suzuki", "CFO", [3, 2, 2]],
  ["Ren Takahashi", "CIO", [4, 4, 3]],
  ["Mio Tanaka", "Head of Procurement", [1, 3, 1]],
  ["Sota Ito", "IT Architect", [5, 5, 4]],
  ["Aoi Watanabe", "Controller", [2, 2, 3]],
  ["Riku Yamamoto", "Buyer", [2, 3, 2]],
  ["Hina Nakamura", "Plant Manager", [3, 4, 3]],
  ["Yuto Kobayashi", "Security Officer", [2, 1, 3]],
  ["Sakura Kato", "Chief of Staff", [4, 3, 3]],
];

it("builds a 10-person map through the UI, undoes and redoes, and finds it after a restart", async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-"));
  const first = await launch(t, dir);
  const s = first.session;
  await s.waitFor(() => s.execute(`return document.querySelectorAll('[data-testid="person-card"]').length > 0`), "the demo map");

  // A new, empty account.
  await s.click(await s.find('[data-testid="add-account"]'));
  await s.waitFor(
    () => s.execute(`const f = document.querySelector('[data-testid="account-name"]'); return f && f.value === 'New account'`),
    "the new account's form",
  );
  await s.type(await s.find('[data-testid="account-name"]'), "Kaito Logistics", { enter: true });
  await s.waitFor(
    () => s.execute(`return [...document.querySelectorAll('.account-name')].some(e => e.textContent === 'Kaito Logistics')`),
    "the renamed account in the list",
  );
  await s.waitFor(() => s.find('[data-testid="empty-map"]'), "the empty-account message");

  // Ten people, named and rated in the inspector.
  for (const [i, [name, title, ratings]] of PEOPLE.entries()) {
    await s.click(await s.find(i === 0 ? '[data-testid="empty-add-person"]' : '[data-testid="add-person"]'));
    await s.waitFor(
      () => s.execute(`const f = document.querySelector('[data-testid="field-name"]'); return f && f.value === 'New person'`),
      "the new person's inspector",
    );
    await s.type(await s.find('[data-testid="field-name"]'), name, { enter: true });
    await s.waitFor(() => s.execute(`return document.querySelector('[data-testid="inspector"] h3').textContent === arguments[0]`, [name]), `${name} saved`);
    await s.type(await s.find('[data-testid="field-title"]'), title, { enter: true });
    await s.waitFor(() => s.execute(`return document.querySelector('[data-testid="field-title"]').value === arguments[0]`, [title]), `${title} saved`);
    await selectOption(s, "field-intimacy", ratings[0]);
    await selectOption(s, "field-solution", ratings[1]);
    await selectOption(s, "field-price", ratings[2]);
  }
  let map = await coreMap(s, "Kaito Logistics");
  assert.equal(map.people.filter((p) => p.side === "customer").length, 10);
  for (const [name, title, [i, so, pr]] of PEOPLE) {
    const p = map.people.find((x) => x.name === name);
    assert.ok(p, `${name} is stored`);
    assert.equal(p.title, title);
    assert.deepEqual([p.ratings.intimacy, p.ratings.solution, p.ratings.price], [i, so, pr], `${name}'s ratings`);
  }

  // Fit the view, then re-parent by dragging the CFO's card onto the CEO's card.
  await s.click(await s.find(".react-flow__controls-fitview"));
  await new Promise((r) => setTimeout(r, 400));
  const ceo = await cardOf(s, "Haruto Sato");
  const cfo = await cardOf(s, "Yui Suzuki");
  const cio = await cardOf(s, "Ren Takahashi");
  await s.drag(await cardElement(s, cfo), await cardElement(s, ceo));
  map = await s.waitFor(async () => {
    const m = await coreMap(s, "Kaito Logistics");
    return m.relations.some((r) => r.kind === "reports_to" && r.from === cfo && r.to === ceo) ? m : null;
  }, "the CFO reporting to the CEO after the drag");
  await s.waitFor(
    () => s.execute(`return document.querySelectorAll('.react-flow__edge.line-reports_to').length === 1`),
    "the reporting line drawn",
  );

  // Draw an influence line from the head of procurement to the CIO: select her card, drag
  // from its handle and drop on the middle of the CIO's card.
  // The map is laid out again after the drag: fit it again to reach her card.
  const proc = await cardOf(s, "Mio Tanaka");
  await fitMap(s);
  await s.clickAt(await cardElement(s, proc));
  await s.waitFor(() => s.execute(`return document.querySelector('[data-testid="inspector"]').dataset.personId === arguments[0]`, [proc]), "her inspector");
  await s.waitFor(
    () => s.execute(`const h = document.querySelector('.react-flow__node[data-id="' + arguments[0] + '"] .line-handle'); return !!h && getComputedStyle(h).opacity === "1"`, [proc]),
    "the handle shown on the selected card",
  );
  const size = await s.execute(`const r = document.querySelector('.react-flow__node[data-id="' + arguments[0] + '"] .line-handle').getBoundingClientRect(); return [r.width, r.height]`, [proc]);
  assert.ok(size[0] >= 20 && size[1] >= 20, `the handle is big enough to hit: ${size}`);
  await s.drag(await s.find(`.react-flow__node[data-id="${proc}"] .line-handle`), await cardElement(s, cio), 12);
  map = await s.waitFor(async () => {
    const m = await coreMap(s, "Kaito Logistics");
    return m.relations.some((r) => r.kind === "influence" && r.from === proc && r.to === cio) ? m : null;
  }, "the influence line procurement → CIO");
  const influenceDrawn = () => s.execute(`return document.querySelectorAll('.react-flow__edge.line-influence').length`);
  await s.waitFor(async () => (await influenceDrawn()) === 1, "the influence arrow on the map");

  // Undo takes the line away, redo brings it back.
  await s.click(await s.find('[data-testid="undo"]'));
  await s.waitFor(async () => (await influenceDrawn()) === 0, "the line gone after undo");
  assert.equal((await coreMap(s, "Kaito Logistics")).relations.filter((r) => r.kind === "influence").length, 0);
  await s.click(await s.find('[data-testid="redo"]'));
  await s.waitFor(async () => (await influenceDrawn()) === 1, "the line back after redo");
  const before = await coreMap(s, "Kaito Logistics");
  fs.writeFileSync(path.join(ARTIFACTS, "edited-map.png"), await s.screenshot());
  await first.stop();

  // Restart: everything is as it was.
  const second = await launch(t, dir);
  const s2 = second.session;
  await s2.waitFor(() => s2.execute(`return document.querySelectorAll('.account-name').length >= 2`), "the account list");
  await s2.click(await s2.find(`.account-list button[data-account-id="${before.account.id}"]`));
  await s2.waitFor(
    () => s2.execute(`return [...document.querySelectorAll('[data-testid="person-card"] .card-name')].some(e => arguments[0].includes(e.textContent))`, [PEOPLE.map(([n]) => n)]),
    "the account's map",
  );
  await fitMap(s2);
  const names = await s2.waitFor(async () => {
    const n = await s2.execute(`return [...document.querySelectorAll('[data-testid="person-card"].side-customer .card-name')].map(e => e.textContent).sort()`);
    return n.length === 10 ? n : null;
  }, "the ten cards after restart");
  assert.deepEqual(names, PEOPLE.map(([n]) => n).sort());
  const after = await coreMap(s2, "Kaito Logistics");
  const norm = (m) => ({
    people: m.people.map((p) => [p.id, p.name, p.title, p.ratings]).sort(),
    relations: m.relations.map((r) => [r.id, r.kind, r.from, r.to, r.strength, r.sign]).sort(),
  });
  assert.deepEqual(norm(after), norm(before));
  // Lines are drawn once the cards have been measured.
  const drawn = () =>
    s2.execute(`return [document.querySelectorAll('.react-flow__edge.line-influence').length,
                        document.querySelectorAll('.react-flow__edge.line-reports_to').length]`);
  await s2.waitFor(async () => (await drawn()).join() === "1,1", "the lines drawn after restart", 10000).catch(
    async () => assert.deepEqual(await drawn(), [1, 1], "one influence line and one reporting line on the map"),
  );
});
