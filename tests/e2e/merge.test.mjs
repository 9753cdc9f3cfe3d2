// End-to-end: merge a colleague's JSON export into the open workspace. Their copy adds a
// person with a reporting line and changes a title; the merge dialog shows the addition and
// the title side by side, the user takes theirs, and one undo takes the whole merge back.

import { it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchApp } from "./webdriver.mjs";
import { fitMap } from "./mapview.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const CLI = process.env.STAKEMAP_CLI ?? path.resolve(here, "../../target/debug/stakemap");

it("merges a colleague's file, choosing theirs for a conflict, as one undo step", async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-"));
  const s = await launchApp(t, { STAKEMAP_DATA_DIR: dir, STAKEMAP_LANG: "en" });
  const cards = () => s.execute(`return [...document.querySelectorAll('[data-testid="person-card"] .card-name')].map(e => e.textContent)`);
  await fitMap(s);
  await s.waitFor(async () => (await cards()).length === 35, "the demo map");

  // The colleague's copy: our export, with one title changed and one person added.
  const ws = path.join(dir, "default.stakemap");
  const accounts = JSON.parse(execFileSync(CLI, ["accounts", ws, "--json"], { encoding: "utf8" }));
  const theirs = path.join(dir, "colleague.json");
  execFileSync(CLI, ["export", ws, "--account", accounts[0].name, "--format", "json", "--out", theirs]);
  const doc = JSON.parse(fs.readFileSync(theirs, "utf8"));
  const ceo = doc.people.find((p) => p.side === "customer" && !doc.relations.some((r) => r.kind === "reports_to" && r.from === p.id));
  const oldTitle = ceo.title;
  ceo.title = "Chief Executive and Chair";
  const added = { ...ceo, id: "colleague-new-1", name: "Nadia Colleague", title: "Chief of Staff", key_person: false, roles: [] };
  doc.people.push(added);
  doc.relations.push({ ...doc.relations[0], id: "colleague-line-1", kind: "reports_to", from: added.id, to: ceo.id, strength: 2, sign: 1, note: "" });
  fs.writeFileSync(theirs, JSON.stringify(doc, null, 2));

  s.answers.next(theirs);
  await s.click(await s.find('[data-testid="file-menu"] summary'));
  await s.click(await s.find('[data-testid="file-merge"]'));
  const conflict = await s.waitFor(() => s.find(`[data-testid="merge-conflict"][data-key="person:${ceo.id}"]`), "the conflict");
  const text = await s.execute(`return arguments[0].textContent`, [{ "element-6066-11e4-a52e-4f735466cecf": conflict }]);
  assert.ok(text.includes(oldTitle) && text.includes("Chief Executive and Chair"), text);
  const conflicts = await s.execute(`return document.querySelectorAll('[data-testid="merge-conflict"]').length`);
  assert.equal(conflicts, 1, "only the changed title conflicts");
  const summary = await s.execute(`return document.querySelector('[data-testid="merge-account"] .note').textContent`);
  assert.match(summary, /1 people to add · 1 lines to add/);
  assert.match(summary, /Nadia Colleague/);

  await s.click(await s.find(`[data-testid="merge-conflict"][data-key="person:${ceo.id}"] [data-testid="merge-take-theirs"]`));
  await s.click(await s.find('[data-testid="merge-do"]'));
  await s.waitFor(() => s.execute(`return document.querySelector('[data-testid="notice"]')?.textContent.includes("Merged")`), "the merge notice");
  await fitMap(s);
  await s.waitFor(async () => (await cards()).includes("Nadia Colleague"), "the new person on the map");
  const titleOf = (name) =>
    s.execute(
      `const c = [...document.querySelectorAll('[data-testid="person-card"]')].find(e => e.querySelector('.card-name').textContent === arguments[0]);
       return c && c.textContent`,
      [name],
    );
  assert.ok((await titleOf(ceo.name)).includes("Chief Executive and Chair"));

  // One undo takes back the whole merge.
  await s.execute(`document.body.focus()`);
  await s.click(await s.find('[data-testid="undo"]'));
  await s.waitFor(async () => !(await cards()).includes("Nadia Colleague"), "the merge undone");
  assert.ok((await titleOf(ceo.name)).includes(oldTitle));
  assert.equal((await cards()).length, 35);
});
