// End-to-end: the analysis in the window. Select a key person, read their indirect key
// persons, click one, and see its path highlighted on the map.

import { it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startApp } from "./webdriver.mjs";
import { fitAndFindCard } from "./mapview.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const APP = process.env.STAKEMAP_APP ?? path.resolve(here, "../../target/debug/stakemap-app");
const ARTIFACTS = path.join(here, "artifacts");
fs.mkdirSync(ARTIFACTS, { recursive: true });

it("lists a key person's indirect key persons and highlights the chosen path", async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-"));
  const { driver, session: s } = await startApp({ STAKEMAP_DATA_DIR: dir, STAKEMAP_LANG: "en" });
  t.after(async () => {
    await s.close();
    await driver.stop();
  });
  const ceo = await s.waitFor(
    () =>
      s.execute(
        `const c = [...document.querySelectorAll('[data-testid="person-card"]')].find(e => e.querySelector('.card-name').textContent === 'Eleanor Whitfield');
         return c ? c.dataset.personId : null;`,
      ),
    "the CEO's card",
  );

  // What the core says about the CEO, through the app's own command.
  const expected = await s.executeAsync(`
    const done = arguments[arguments.length - 1]; const i = window.__TAURI_INTERNALS__;
    i.invoke("list_accounts").then(a => i.invoke("analyze", { accountId: a[0].id, threshold: 0.25 }))
      .then(r => done(r.indirect_key_persons.filter(f => f.key_person === arguments[0])), e => done(String(e)));`, [ceo]);
  assert.ok(Array.isArray(expected) && expected.length > 0, `the CEO has indirect key persons: ${JSON.stringify(expected)}`);

  await s.clickAt(await fitAndFindCard(s, ceo));
  await s.click(await s.find('[data-testid="tab-analysis"]'));
  const listed = await s.waitFor(async () => {
    const l = await s.execute(`return [...document.querySelectorAll('[data-testid="indirect"]')].map(b => ({ text: b.textContent, path: b.dataset.path }))`);
    return l.length ? l : null;
  }, "the indirect key persons listed");
  assert.deepEqual(
    listed.map((l) => l.path),
    expected.map((f) => f.path.join(",")),
    "exactly the CEO's indirect key persons, in the order of their reach",
  );
  assert.ok(listed.every((l) => /(sways|works against) Eleanor Whitfield/.test(l.text)), listed.map((l) => l.text).join("\n"));

  // Choose one whose path runs through someone: every person and line on it lights up.
  const pick = expected.find((f) => f.path.length >= 3) ?? expected[0];
  const button = (await s.findAll('[data-testid="indirect"]'))[expected.indexOf(pick)];
  await s.click(button);
  const litNow = () =>
    s.execute(`return {
      cards: [...document.querySelectorAll('.card.on-path')].map(c => c.dataset.personId).sort(),
      lines: document.querySelectorAll('.react-flow__edge.on-path').length,
    }`);
  const lit = await s
    .waitFor(async () => {
      const r = await litNow();
      return r.cards.length === pick.path.length && r.lines === pick.path.length - 1 ? r : null;
    }, "the path highlighted", 5000)
    .catch(litNow);
  assert.deepEqual(lit.cards, [...pick.path].sort(), "the people on the path are highlighted");
  assert.equal(lit.lines, pick.path.length - 1, "each step of the path is a highlighted line");
  fs.writeFileSync(path.join(ARTIFACTS, "analysis-path.png"), await s.screenshot());

  // Gap badges: each coverage gap the core finds is marked on its card.
  const gaps = await s.executeAsync(`
    const done = arguments[arguments.length - 1]; const i = window.__TAURI_INTERNALS__;
    i.invoke("list_accounts").then(a => i.invoke("analyze", { accountId: a[0].id, threshold: 0.25 }))
      .then(r => done(r.coverage_gaps.map(g => g.person).sort()));`);
  const badges = await s.execute(
    `return [...document.querySelectorAll('[data-testid="gap-badge"]')].map(b => b.closest('[data-person-id]').dataset.personId).sort()`,
  );
  assert.deepEqual(badges, gaps);
});
