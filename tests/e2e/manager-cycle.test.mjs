// End-to-end: in the Japanese window, the user clicks the head of the customer's hierarchy and
// chooses, in the inspector's manager field, someone who reports to them (two levels down).
// The window says the reporting cycle in Japanese, with the people's names and no English
// word, and the map keeps its reporting lines and cards.

import { it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchApp } from "./webdriver.mjs";
import { fitAndFindCard, fitMap } from "./mapview.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const ARTIFACTS = path.join(here, "artifacts");
fs.mkdirSync(ARTIFACTS, { recursive: true });

const reportingLines = (map) =>
  map.relations
    .filter((r) => r.kind === "reports_to")
    .map((r) => `${r.from}>${r.to}`)
    .sort();

it("says a reporting cycle made in the inspector in Japanese, and leaves the map as it was", async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-"));
  const s = await launchApp(t, { STAKEMAP_DATA_DIR: dir, STAKEMAP_LANG: "ja" });
  await fitMap(s);
  await s.waitFor(() => s.execute(`return document.querySelectorAll('[data-testid="person-card"]').length > 30`), "the demo map");
  const account = (await s.invoke("list_accounts")).v[0].id;
  const map = (await s.invoke("account_map", { accountId: account, collapsed: null })).v;
  const managerOf = new Map(map.relations.filter((r) => r.kind === "reports_to").map((r) => [r.from, r.to]));
  const name = (id) => map.people.find((p) => p.id === id).name;
  // The head: a customer with no manager; the chosen one: someone two levels under them.
  const below = map.people.find((p) => managerOf.has(p.id) && managerOf.has(managerOf.get(p.id)) && !managerOf.has(managerOf.get(managerOf.get(p.id))));
  assert.ok(below, "someone two levels under the head");
  const head = managerOf.get(managerOf.get(below.id));
  const middle = managerOf.get(below.id);
  const lines = reportingLines(map);
  const cards = await s.execute(`return document.querySelectorAll('[data-testid="person-card"]').length`);
  const edges = await s.execute(`return document.querySelectorAll('.react-flow__edge').length`);

  // As a user: click the head's card, then choose the manager in the inspector.
  await s.clickAt(await fitAndFindCard(s, head));
  await s.waitFor(() => s.execute(`return document.querySelector('[data-testid="inspector"]')?.dataset.personId === arguments[0]`, [head]), "the head's inspector");
  assert.equal(await s.execute(`return document.querySelector('[data-testid="field-manager"]').value`), "", "the head has no manager");
  // Chosen as selectOption does, without waiting for the field to keep the choice: it goes back
  // to what is saved at once, the choice being refused.
  await s.execute(`document.querySelector('[data-testid="field-manager"]').scrollIntoView({ block: "center" })`);
  try {
    await s.click(await s.find(`[data-testid="field-manager"] option[value="${below.id}"]`));
  } catch {
    await s.execute(
      `const f = document.querySelector('[data-testid="field-manager"]');
       Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, "value").set.call(f, arguments[0]);
       f.dispatchEvent(new Event("change", { bubbles: true }));`,
      [below.id],
    );
  }

  const problem = await s.waitFor(() => s.execute(`return document.querySelector('[data-testid="problem"]')?.innerText ?? null`), "the problem bar");
  fs.writeFileSync(path.join(ARTIFACTS, "manager-cycle-ja.png"), await s.screenshot());
  // The whole chain, in order, with the Japanese names.
  const chain = [head, below.id, middle, head].map(name).join(" → ");
  assert.ok(problem.includes(`この報告関係を描くと循環になります`), `the Japanese message: ${problem}`);
  assert.ok(problem.includes(chain), `the chain ${chain} in: ${problem}`);
  const english = (problem.match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !map.people.some((p) => p.name.includes(w)));
  assert.deepEqual(english, [], `English in the Japanese problem: ${problem}`);
  const inspector = await s.execute(`return document.querySelector('[data-testid="inspector"]').innerText`);
  assert.deepEqual(
    (inspector.match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !map.people.some((p) => `${p.name} ${p.title}`.includes(w))),
    [],
    `English in the Japanese inspector: ${inspector}`,
  );

  // The map is as it was: the same reporting lines, cards and drawn lines; the field shows no manager.
  const after = (await s.invoke("account_map", { accountId: account, collapsed: null })).v;
  assert.deepEqual(reportingLines(after), lines);
  assert.equal(await s.execute(`return document.querySelectorAll('[data-testid="person-card"]').length`), cards);
  assert.equal(await s.execute(`return document.querySelectorAll('.react-flow__edge').length`), edges);
  await s.waitFor(() => s.execute(`return document.querySelector('[data-testid="field-manager"]').value === ""`), "the field back on no manager");
});
