// End-to-end: import a CSV through the column-mapping step, then export the map as PNG, in
// the real window. The native file dialogs are answered with the keyboard (see DialogAnswers
// in webdriver.mjs).

import { it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchApp } from "./webdriver.mjs";
import { colourCount, inkShare, readPng } from "./png.mjs";
import { fitMap } from "./mapview.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const CLI = process.env.STAKEMAP_CLI ?? path.resolve(here, "../../target/debug/stakemap");

const launch = (t, dir) => launchApp(t, { STAKEMAP_DATA_DIR: dir, STAKEMAP_LANG: "en" });

async function fileMenu(s, item, dialogPath) {
  if (dialogPath !== undefined) {
    s.answers.next(dialogPath);
  }
  await s.click(await s.find('[data-testid="file-menu"] summary'));
  await s.click(await s.find(`[data-testid="${item}"]`));
}

/** Sets a <select> as the keyboard would: its value, then a change event. */
async function choose(s, css, value) {
  await s.execute(
    `const el = document.querySelector(arguments[0]);
     Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, "value").set.call(el, arguments[1]);
     el.dispatchEvent(new Event("change", { bubbles: true }));`,
    [css, value],
  );
}

// A CRM-style export: the header names are Salesforce's, managers by id, and one column
// ("Mobile") that the guess leaves out and the user maps by hand.
const CSV = [
  "Id,FirstName,LastName,Title,Department,ReportsToId,Email,Mobile",
  "003A,Hana,Mori,President,Executive Office,,hana.mori@example.jp,090-1111-0001",
  "003B,Ken,Ito,VP Engineering,Engineering,003A,ken.ito@example.jp,090-1111-0002",
  "003C,Yui,Sato,VP Sales,Sales,003A,yui.sato@example.jp,090-1111-0003",
  "003D,Ren,Kato,Engineering Manager,Engineering,003B,ren.kato@example.jp,090-1111-0004",
  "003E,Mio,Abe,Sales Manager,Sales,003C,mio.abe@example.jp,090-1111-0005",
  "003F,Sora,Ueda,Buyer,Procurement,003A,sora.ueda@example.jp,090-1111-0006",
].join("\r\n");

it("imports a CSV through the mapping step and exports the map as a PNG", async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-"));
  const csv = path.join(dir, "contacts.csv");
  fs.writeFileSync(csv, CSV);
  const s = await launch(t, dir);
  await s.waitFor(() => s.execute(`return document.querySelectorAll('[data-testid="person-card"]').length > 0`), "the demo map");

  await fileMenu(s, "file-import", csv);
  await s.waitFor(() => s.find('[data-testid="import-mapping"]'), "the mapping step");
  // The first rows are shown, and the format and columns are guessed.
  const table = await s.execute(`return document.querySelector('[data-testid="import-mapping"] tbody').textContent`);
  assert.match(table, /Hana/);
  assert.equal(await s.execute(`return document.querySelector('[data-testid="import-preset"]').value`), "salesforce");
  const fieldOf = (column) => s.execute(`return document.querySelector('[data-testid="import-field"][data-column="${column}"]').value`);
  assert.equal(await fieldOf("Title"), "title");
  assert.equal(await fieldOf("ReportsToId"), "manager_id");
  // The user corrects the guess: Mobile is the phone number.
  if ((await fieldOf("Mobile")) !== "phone") await choose(s, '[data-testid="import-field"][data-column="Mobile"]', "phone");
  // Into a new account.
  await choose(s, '[data-testid="import-target"]', "\u0000new");
  const name = await s.find('[data-testid="import-new-account"]');
  await s.type(name, "Mori Industries");
  const summary = await s.waitFor(async () => {
    const text = await s.execute(`return document.querySelector('[data-testid="import-summary"]')?.textContent ?? ""`);
    return text.startsWith("6 to add") ? text : null;
  }, "the import summary");
  assert.match(summary, /5 reporting lines to add/);
  await s.click(await s.find('[data-testid="import-do"]'));
  await s.waitFor(() => s.execute(`return document.querySelector('[data-testid="notice"]')?.textContent.includes("6 added")`), "the import notice");

  // The new account's map: six cards, five reporting lines, the phone number stored.
  await s.waitFor(
    () => s.execute(`return [...document.querySelectorAll('[data-testid="person-card"] .card-name')].some(e => e.textContent.includes("Mori"))`),
    "the new account's map",
  );
  await fitMap(s);
  await s.waitFor(
    () => s.execute(`return document.querySelectorAll('[data-testid="person-card"].side-customer').length === 6`),
    "six cards",
  );
  // Edges are drawn once the cards are measured, a moment after the cards.
  await s.waitFor(() => s.execute(`return document.querySelectorAll('.react-flow__edge.line-reports_to').length === 5`), "five reporting lines");
  const names = await s.execute(`return [...document.querySelectorAll('[data-testid="person-card"] .card-name')].map(e => e.textContent).sort()`);
  assert.ok(names.includes("Hana Mori") || names.includes("Mori Hana"), names.join(", "));

  // Export the map as PNG.
  const png = path.join(dir, "mori.png");
  await fileMenu(s, "file-export");
  await s.waitFor(() => s.find('[data-testid="export-dialog"]'), "the export dialog");
  assert.equal(await s.execute(`return document.querySelector('[data-testid="export-format"]').value`), "png");
  s.answers.next(png);
  await s.click(await s.find('[data-testid="export-do"]'));
  await s.waitFor(() => s.execute(`return document.querySelector('[data-testid="notice"]')?.textContent.includes("mori.png")`), "the export notice");

  const image = readPng(fs.readFileSync(png));
  assert.ok(image.width >= 600 && image.height >= 300, `${image.width}x${image.height}`);
  assert.ok(inkShare(image) > 0.03, `the picture is not blank (ink ${inkShare(image)})`);
  assert.ok(colourCount(image) > 8, "cards, lines and chips in several colours");

  // The window and the CLI give the same file for the same choices (redacted, a slide, English).
  const ws = path.join(dir, "default.stakemap");
  const again = path.join(dir, "cli.png");
  execFileSync(CLI, ["export", ws, "--account", "Mori Industries", "--format", "png", "--page", "slide", "--out", again, "--lang", "en"]);
  assert.ok(fs.readFileSync(again).equals(fs.readFileSync(png)), "the CLI's PNG is byte for byte the window's");
});
