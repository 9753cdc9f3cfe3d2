// End-to-end: the trust warnings about where a workspace is and who writes it.
// - A workspace in a cloud-synced folder (here: a folder named "Dropbox") shows a banner
//   that names the folder; one in an ordinary folder shows none.
// - One writer: while the app has a workspace open, `stakemap import` refuses to write it
//   (and changes nothing), and `stakemap accounts` still reads it.
// File → New's native dialog is answered with the keyboard (see DialogAnswers in
// webdriver.mjs).

import { it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startApp } from "./webdriver.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const APP = process.env.STAKEMAP_APP ?? path.resolve(here, "../../target/debug/stakemap-app");
const CLI = process.env.STAKEMAP_CLI ?? path.resolve(here, "../../target/debug/stakemap");

async function launch(t, dir) {
  const { driver, session } = await startApp({ STAKEMAP_DATA_DIR: dir, STAKEMAP_LANG: "en" });
  t.after(async () => {
    await session.close();
    await driver.stop();
  });
  return session;
}

async function fileMenu(s, item, dialogPath) {
  s.answers.next(dialogPath);
  await s.click(await s.find('[data-testid="file-menu"] summary'));
  await s.click(await s.find(`[data-testid="${item}"]`));
}

const workspaceShown = (s) => s.execute(`return document.querySelector('.workspace').textContent`);
const accountNames = (s) => s.execute(`return [...document.querySelectorAll('.account-name')].map(e => e.textContent)`);
const banner = (s) => s.execute(`return document.querySelector('[data-testid="location-warning"]')?.textContent ?? null`);

it("warns about a workspace in a cloud-synced folder, and not about one in an ordinary folder", async (t) => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-"));
  const synced = path.join(root, "Dropbox", "Stakemap");
  fs.mkdirSync(synced, { recursive: true });
  const s = await launch(t, synced);
  await s.waitFor(async () => (await accountNames(s)).length === 1, "the demo account");

  const text = await s.waitFor(() => banner(s), "the location warning");
  assert.match(text, /This workspace is in a cloud-synced folder \(Dropbox\)/);
  assert.match(text, /SQLite's file locking is not safe there/);
  assert.equal(
    await s.execute(`return document.querySelector('[data-testid="location-warning"]').getAttribute('role')`),
    "status",
  );

  // Closed: it stays closed for this workspace.
  await s.click(await s.find('[data-testid="location-warning-close"]'));
  await s.waitFor(async () => (await banner(s)) === null, "the warning closed");

  // A new workspace in an ordinary folder: no warning.
  const plain = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-plain-"));
  const local = path.join(plain, "local.stakemap");
  await fileMenu(s, "file-new", local);
  await s.waitFor(async () => (await workspaceShown(s)).endsWith("local.stakemap"), "the new workspace");
  assert.equal(await banner(s), null);

  // Saved as into the synced folder: the warning is back, for that file.
  const again = path.join(synced, "copy.stakemap");
  await fileMenu(s, "file-save-as", again);
  await s.waitFor(async () => (await workspaceShown(s)).endsWith("copy.stakemap"), "the copy");
  assert.match(await s.waitFor(() => banner(s), "the warning for the copy"), /\(Dropbox\)/);
});

it("keeps the CLI from writing the workspace the app has open, and lets it read", async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-"));
  const s = await launch(t, dir);
  await s.waitFor(async () => (await accountNames(s)).length === 1, "the demo account");
  const workspace = path.join(dir, "default.stakemap");
  assert.ok(fs.existsSync(`${workspace}.open-by-app`), "the app holds its workspace");
  assert.equal(await banner(s), null, "an ordinary folder has no warning");

  const people = path.join(dir, "people.csv");
  fs.writeFileSync(people, "id,name\np1,Ayumi Ono\n");
  const before = fs.readFileSync(workspace);
  const refused = spawnSync(CLI, ["import", workspace, "--account", "X", "--people", people], { encoding: "utf8" });
  assert.notEqual(refused.status, 0, `import should be refused:\n${refused.stdout}${refused.stderr}`);
  assert.match(refused.stderr, /is open in the Stakemap app \(process \d+ since \d\d:\d\d\)/);
  assert.match(refused.stderr, /Nothing was changed\./);
  assert.deepEqual(fs.readFileSync(workspace), before, "the workspace file is unchanged");

  const listed = spawnSync(CLI, ["accounts", workspace], { encoding: "utf8" });
  assert.equal(listed.status, 0, listed.stderr);
  assert.match(listed.stdout, /Northwind Precision Industries/);
  assert.doesNotMatch(listed.stdout, /\tX\t/);

  // Another workspace in the app: the first is let go, and the CLI may write it.
  await fileMenu(s, "file-new", path.join(dir, "other.stakemap"));
  await s.waitFor(async () => (await workspaceShown(s)).endsWith("other.stakemap"), "the other workspace");
  assert.ok(!fs.existsSync(`${workspace}.open-by-app`), "the first workspace is let go");
  const imported = spawnSync(CLI, ["import", workspace, "--account", "X", "--people", people], { encoding: "utf8" });
  assert.equal(imported.status, 0, imported.stderr);
  assert.match(spawnSync(CLI, ["accounts", workspace], { encoding: "utf8" }).stdout, /\tX\t/);
});
