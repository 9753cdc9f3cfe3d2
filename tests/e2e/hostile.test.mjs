// End-to-end: names and notes from a hostile corpus, imported into a workspace, shown in the
// real window. Nothing runs, no element is made from the text, and every field reads back
// exactly as imported.

import { it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchApp } from "./webdriver.mjs";
import { HOSTILE, HUGE, hostileCsv } from "./hostile.mjs";
import { fitAndFindCard, fitMap } from "./mapview.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const CLI = process.env.STAKEMAP_CLI ?? path.resolve(here, "../../target/debug/stakemap");

it("shows hostile names and notes as text in the real window", async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-"));
  const csv = path.join(dir, "hostile.csv");
  fs.writeFileSync(csv, hostileCsv());
  // The app opens default.stakemap of its data folder: make it hold only the hostile account.
  execFileSync(CLI, ["import", path.join(dir, "default.stakemap"), "--account", "Hostile", "--people", csv]);

  const s = await launchApp(t, { STAKEMAP_DATA_DIR: dir, STAKEMAP_LANG: "en" });
  await fitMap(s);

  await s.waitFor(
    () => s.execute(`return document.querySelectorAll('[data-testid="person-card"]').length === arguments[0]`, [HOSTILE.length + 1]),
    "every hostile card",
  );
  const shown = await s.execute(`
    const nodes = document.querySelector('.react-flow__nodes');
    return {
      pwned: window.__pwned ?? null,
      made: nodes.querySelectorAll('img, script, svg a, a, iframe').length,
      names: Object.fromEntries([...document.querySelectorAll('[data-testid="person-card"]')]
        .map((c) => [c.getAttribute('data-person-id'), c.querySelector('.card-name').textContent])),
    }`);
  assert.equal(shown.pwned, null, "nothing ran");
  assert.equal(shown.made, 0, "no element was made from the text");
  HOSTILE.forEach((text, i) => assert.equal(shown.names[`h${i}`], text, `card h${i} shows its name unchanged`));

  // The inspector reads each person back unchanged, the huge note included.
  for (const [id, text] of [
    ["h0", HOSTILE[0]],
    ["h5", HOSTILE[5]],
    ["h6", HOSTILE[6]],
  ]) {
    await s.clickAt(await fitAndFindCard(s, id));
    const fields = await s.waitFor(async () => {
      const v = await s.execute(`
        const name = document.querySelector('[data-testid="field-name"]');
        const notes = document.querySelector('[data-testid="field-notes"]');
        return name && notes ? { name: name.value, notes: notes.value } : null`);
      return v && v.name === text ? v : null;
    }, `the inspector of ${id}`);
    assert.equal(fields.notes, text);
  }
  await s.clickAt(await fitAndFindCard(s, "huge"));
  const notes = await s.waitFor(async () => {
    const v = await s.execute(`return document.querySelector('[data-testid="field-name"]')?.value === 'Huge Note' ? document.querySelector('[data-testid="field-notes"]').value : null`);
    return v;
  }, "the huge note");
  assert.equal(notes.length, HUGE.length);
  assert.equal(notes, HUGE);
  assert.equal(await s.execute(`return window.__pwned ?? null`), null);
});
