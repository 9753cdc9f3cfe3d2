// End-to-end, in Japanese: importing a Japanese Salesforce report (with its reporting lines,
// into a new account named after its company) and a file whose managers make a cycle (the
// cycle said in Japanese, with no English word) and a refused file (why, in Japanese), in
// the real window at 1440 x 900. The native file dialog is answered with the keyboard, the
// Japanese file name typed by its characters' codes (see DialogAnswers in webdriver.mjs).

import { it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchApp } from "./webdriver.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const SALESFORCE_JA = path.resolve(here, "../data/salesforce-report-ja.csv");
const SHOTS = process.env.STAKEMAP_E2E_SHOTS;

const launch = (t, dir) => launchApp(t, { STAKEMAP_DATA_DIR: dir, STAKEMAP_LANG: "ja" });

async function openImport(s, file, waitFor = '[data-testid="import-summary"]') {
  s.answers.next(file);
  await s.clickAt(await s.find('[data-testid="file-menu"] summary'));
  // The menu opens on the click; its item is clicked once it shows.
  await s.waitFor(
    () => s.execute(`return document.querySelector('[data-testid="file-menu"]').open && document.querySelector('[data-testid="file-import"]').getBoundingClientRect().height > 0`),
    "the file menu",
  );
  await s.clickAt(await s.find('[data-testid="file-import"]'));
  await s.waitFor(() => s.find(waitFor), "the import plan").catch(async (e) => {
    await shot(s, "import-failed.png");
    throw e;
  });
}

/** The words of the import dialog a user reads: each list as its chosen option, the
 * file's own cells (its header and first rows) left out. */
const dialogText = (s) =>
  s.execute(`const live = document.querySelector('[data-testid="import-dialog"]');
             const d = live.cloneNode(true);
             const chosen = [...live.querySelectorAll('select')].map((x) => x.selectedOptions[0]?.text ?? "");
             d.querySelectorAll('select').forEach((x, i) => x.replaceWith(document.createTextNode(" " + chosen[i] + " ")));
             d.querySelectorAll('table[data-testid="import-mapping"] tbody, table[data-testid="import-mapping"] thead tr:first-child').forEach((e) => e.remove());
             document.body.appendChild(d);
             const text = d.innerText;
             d.remove();
             return text;`);

async function shot(s, name) {
  if (!SHOTS) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  fs.writeFileSync(path.join(SHOTS, name), await s.screenshot());
}

it("imports a Japanese Salesforce report with its reporting lines into a new account named after the company", async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-"));
  const s = await launch(t, dir);
  await s.waitFor(() => s.execute(`return document.querySelectorAll('[data-testid="person-card"]').length > 0`), "the demo map");
  const before = await s.execute(`return document.querySelectorAll('[data-testid="account-list"] li').length`);

  await openImport(s, SALESFORCE_JA);
  // Guessed as Salesforce; the manager column is read; the account is the file's company.
  assert.equal(await s.execute(`return document.querySelector('[data-testid="import-preset"]').value`), "salesforce");
  assert.equal(
    await s.execute(`return document.querySelector('[data-testid="import-field"][data-column="上司: 氏名"]').value`),
    "manager_name",
  );
  assert.equal(await s.execute(`return document.querySelector('[data-testid="import-new-account"]').value`), "北辰精機株式会社");
  const summary = await s.text(await s.find('[data-testid="import-summary"]'));
  assert.match(summary, /追加 6 人/);
  assert.match(summary, /報告関係の追加 5 本/);
  // The open account is one click away, and back.
  await s.clickAt(await s.find('[data-testid="import-into-open"]'));
  await s.waitFor(() => s.find('[data-testid="import-into-new"]'), "the open account chosen");
  await s.clickAt(await s.find('[data-testid="import-into-new"]'));
  await s.waitFor(
    () => s.execute(`return document.querySelector('[data-testid="import-new-account"]')?.value === "北辰精機株式会社"`),
    "the company's account again",
  );
  await shot(s, "import-salesforce-ja.png");
  await s.clickAt(await s.find('[data-testid="import-do"]'));
  await s.waitFor(() => s.execute(`return document.querySelector('[data-testid="notice"]')?.textContent.includes("追加 6 人")`), "the import notice");

  // The new account's map: six cards, five reporting lines, named as in the file.
  await s.waitFor(
    () => s.execute(`return document.querySelectorAll('[data-testid="person-card"].side-customer').length === 6`),
    "six cards",
  );
  await s.waitFor(() => s.execute(`return document.querySelectorAll('.react-flow__edge.line-reports_to').length === 5`), "five reporting lines");
  const names = await s.execute(`return [...document.querySelectorAll('[data-testid="person-card"] .card-name')].map(e => e.textContent).sort()`);
  assert.ok(names.includes("高橋 誠") && names.includes("中村 翔"), names.join(", "));
  const accounts = await s.execute(`return document.querySelector('[data-testid="account-list"]').innerText`);
  assert.ok(accounts.includes("北辰精機株式会社"), `the new account is listed under the company's name: ${accounts}`);
  const after = await s.execute(`return document.querySelectorAll('[data-testid="account-list"] li').length`);
  assert.equal(after, before + 1, "one new account");
  await shot(s, "import-salesforce-ja-map.png");
});

it("says a reporting cycle of a file in Japanese, with no English word", async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-"));
  const csv = path.join(dir, "名刺.csv");
  fs.writeFileSync(
    csv,
    ["会社名,氏名,役職,部署,上司", "東邦化成,高橋 誠,部長,購買部,川口 直人", "東邦化成,川口 直人,課長,購買部,高橋 誠", "東邦化成,井上 真理,係長,購買部,川口 直人"].join("\r\n"),
  );
  const s = await launch(t, dir);
  await s.waitFor(() => s.execute(`return document.querySelectorAll('[data-testid="person-card"]').length > 0`), "the demo map");
  await openImport(s, csv);
  const rejected = await s.waitFor(
    () => s.execute(`return document.querySelector('[data-testid="import-rejected"]')?.innerText ?? null`),
    "the rejected rows",
  );
  assert.match(rejected, /2 行目: 報告関係が循環します：高橋 誠 → 川口 直人 → 高橋 誠。いずれかの人物の上司を変更してください/);
  assert.match(rejected, /3 行目: 2 行目の報告関係の循環（2 人）に含まれます/);
  await shot(s, "import-cycle-ja.png");
  // No English word on the dialog: names, the file's name and columns, encodings and
  // product names aside.
  let text = await dialogText(s);
  for (const allowed of ["名刺.csv", "UTF-8", "csv", "Eight", "Sansan", "Stakemap", "ID"]) {
    text = text.split(allowed).join("");
  }
  const english = text.match(/[A-Za-z]{2,}/g) ?? [];
  assert.deepEqual(english, [], `English on the Japanese dialog: ${english.join(", ")}\n${text}`);
  assert.match(text, /報告関係が循環します/, "the text read is the dialog's");
});

it("says why a text file named .xlsx is refused, in Japanese with no English word", async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-"));
  const file = path.join(dir, "名簿.xlsx");
  fs.writeFileSync(file, "氏名,役職\r\n高橋 誠,部長\r\n");
  const s = await launch(t, dir);
  await s.waitFor(() => s.execute(`return document.querySelectorAll('[data-testid="person-card"]').length > 0`), "the demo map");
  await openImport(s, file, '[data-testid="import-error"]');
  const error = await s.text(await s.find('[data-testid="import-error"]'));
  await shot(s, "import-refused-ja.png");
  assert.match(error, /名簿\.xlsx は取り込めません/);
  assert.match(error, /拡張子は \.xlsx ですが Excel ブックではありません/);
  // No English word: the file's name, its extension and the product and format names aside.
  const left = (error.split("名簿.xlsx").join("").match(/[A-Za-z][A-Za-z_]*/g) ?? []).filter(
    (w) => !["xlsx", "Excel", "CSV", "UTF"].includes(w),
  );
  assert.deepEqual(left, [], `English in the Japanese error: ${left.join(", ")}\n${error}`);
  // Nothing was imported and the dialog can be closed.
  assert.equal(await s.execute(`return document.querySelector('[data-testid="import-summary"]')`), null);
});

it("keeps the stored phone of everyone and one row's stored title when the user says so", async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-"));
  const s = await launch(t, dir);
  await s.waitFor(() => s.execute(`return document.querySelectorAll('[data-testid="person-card"]').length > 0`), "the demo map");
  await openImport(s, SALESFORCE_JA);
  await s.clickAt(await s.find('[data-testid="import-do"]'));
  await s.waitFor(() => s.execute(`return document.querySelectorAll('[data-testid="person-card"].side-customer').length === 6`), "six cards");

  // The same report a month later: two new titles and the switchboard in the phone column.
  const later = path.join(dir, "report-later.csv");
  const text = fs
    .readFileSync(SALESFORCE_JA, "utf8")
    .replace("代表取締役社長", "代表取締役会長")
    .replace("取締役 製造本部長", "常務取締役 製造本部長")
    .replaceAll(/"03-5555-01\d\d"/g, '"03-5555-0100"');
  fs.writeFileSync(later, text);
  await openImport(s, later);
  // Into the account that is open now (the one just imported, named as the company).
  await s.waitFor(() => s.find('[data-testid="import-updated"]'), "the changes");
  const keepPhone = await s.find('[data-testid="import-keep-field"][data-field="phone"]');
  await s.clickAt(keepPhone);
  const line = await s.waitFor(
    () => s.execute(`return [...document.querySelectorAll('[data-testid="import-keep"][data-field="title"]')].find((b) => b.closest('li').textContent.includes('代表取締役会長'))?.dataset.line ?? null`),
    "the title change of the first row",
  );
  await s.clickAt(await s.find(`[data-testid="import-keep"][data-field="title"][data-line="${line}"]`));
  // Every row changed its phone; with the phones and the first row's title kept, only
  // 川口 直人's title is left to write.
  await s.waitFor(
    () => s.execute(`return document.querySelector('[data-testid="import-summary"]').textContent.includes("更新 1 人、変更なし 5 人")`),
    "one person left to update",
  );
  await shot(s, "import-keep-ja.png");
  await s.clickAt(await s.find('[data-testid="import-do"]'));
  await s.waitFor(() => s.execute(`return document.querySelector('[data-testid="notice"]')?.textContent.includes("更新 1 人")`), "the import notice");
  const titles = await s.waitFor(async () => {
    const list = await s.execute(`return [...document.querySelectorAll('[data-testid="person-card"]')].map((c) => c.textContent)`);
    return list.some((c) => c.includes("常務取締役 製造本部長")) ? list : null;
  }, "the changed title on the map");
  assert.ok(titles.some((c) => c.includes("高橋 誠") && c.includes("代表取締役社長")), "the kept title");
  assert.ok(!titles.some((c) => c.includes("代表取締役会長")), "the title kept stored is not written");
});
