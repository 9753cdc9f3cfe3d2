// End-to-end: encryption at rest in the real window. The user encrypts the workspace from
// the File menu; on disk the file is noise to ordinary SQLite; after a restart the window
// asks for the password, says so when it is wrong, and shows the map with the right one;
// the CLI needs the password too; removing the encryption gives a plain SQLite file back.

import { it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchApp } from "./webdriver.mjs";
import { fitMap } from "./mapview.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const CLI = process.env.STAKEMAP_CLI ?? path.resolve(here, "../../target/debug/stakemap");
const PASSWORD = "tanuki-no-mori 42";

/** What Python's sqlite3 (ordinary SQLite) reads of the file: its table count or its error. */
function plainSqlite(file) {
  const r = spawnSync("python3", [
    "-c",
    "import sqlite3, sys\nc = sqlite3.connect('file:' + sys.argv[1] + '?mode=ro', uri=True)\nprint(c.execute(\"select count(*) from sqlite_master where type='table'\").fetchone()[0])",
    file,
  ]);
  return r.status === 0 ? { tables: Number(r.stdout.toString().trim()) } : { error: r.stderr.toString() };
}

const cards = (s) => s.execute(`return [...document.querySelectorAll('[data-testid="person-card"] .card-name')].map((e) => e.textContent).sort()`);

async function menu(s, item) {
  await s.click(await s.find('[data-testid="file-menu"] summary'));
  await s.click(await s.find(`[data-testid="${item}"]`));
}

it("encrypts the workspace, asks for its password after a restart, and removes the encryption", async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-"));
  const file = path.join(dir, "default.stakemap");
  const env = { STAKEMAP_DATA_DIR: dir, STAKEMAP_LANG: "en" };

  let s = await launchApp(t, env);
  await fitMap(s);
  await s.waitFor(async () => (await cards(s)).length > 10, "the demo map");
  const names = await cards(s);
  assert.ok(plainSqlite(file).tables > 5, "a new workspace is plain SQLite");
  assert.equal(await s.execute(`return document.querySelector('[data-testid="encrypted-badge"]')`), null);

  // Encrypt: a short password is refused with a reason; then two equal ones.
  await menu(s, "file-encrypt");
  await s.type(await s.find('[data-testid="password-new"]'), "short");
  await s.type(await s.find('[data-testid="password-repeat"]'), "short");
  await s.click(await s.find('[data-testid="password-do"]'));
  const short = await s.waitFor(() => s.execute(`return document.querySelector('[data-testid="password-error"]')?.textContent`), "the short-password message");
  assert.match(short, /at least 8 characters/);
  await s.type(await s.find('[data-testid="password-new"]'), PASSWORD);
  await s.type(await s.find('[data-testid="password-repeat"]'), PASSWORD);
  await s.click(await s.find('[data-testid="password-do"]'));
  await s.waitFor(() => s.execute(`return !!document.querySelector('[data-testid="encrypted-badge"]')`), "the encrypted badge");
  assert.equal(await s.execute(`return document.querySelector('[data-testid="password-dialog"]')`), null, "the dialog closed");
  assert.match(await s.execute(`return document.querySelector('[data-testid="notice"]')?.textContent ?? document.body.textContent`), /encrypted/);
  assert.deepEqual(await cards(s), names, "the map is unchanged");

  // On disk: noise to ordinary SQLite, and no name in its bytes.
  const opened = plainSqlite(file);
  assert.match(opened.error ?? "", /file is not a database/);
  const bytes = fs.readFileSync(file);
  for (const name of names) assert.equal(bytes.includes(Buffer.from(name)), false, `${name} is readable in the file`);

  // The CLI needs the password (and reads the file while the app holds it).
  const without = spawnSync(CLI, ["accounts", file]);
  assert.notEqual(without.status, 0);
  assert.match(without.stderr.toString(), /is encrypted[\s\S]*--password-stdin/);
  const listed = execFileSync(CLI, ["accounts", file, "--password-stdin"], { input: `${PASSWORD}\n` }).toString();
  assert.ok(listed.trim().length > 0, "the CLI lists the accounts with the password");

  // Restart: the window asks for the password.
  await s.quit();
  s = await launchApp(t, env);
  await s.waitFor(() => s.execute(`return !!document.querySelector('[data-testid="locked"] [data-testid="unlock-password"]')`), "the password prompt");
  assert.equal(await s.execute(`return document.querySelectorAll('[data-testid="person-card"]').length`), 0, "nothing is shown before the password");
  await s.type(await s.find('[data-testid="unlock-password"]'), "not the password", { enter: true });
  const wrong = await s.waitFor(() => s.execute(`return document.querySelector('[data-testid="unlock-error"]')?.textContent`), "the wrong-password message");
  assert.match(wrong, /does not open this workspace/);
  assert.match(plainSqlite(file).error ?? "", /file is not a database/, "a wrong password changes nothing");
  await s.type(await s.find('[data-testid="unlock-password"]'), PASSWORD, { enter: true });
  await fitMap(s);
  await s.waitFor(async () => JSON.stringify(await cards(s)) === JSON.stringify(names), "the same map after the password");
  assert.ok(await s.execute(`return !!document.querySelector('[data-testid="encrypted-badge"]')`));

  // Remove the encryption: a plain SQLite file again, with every person in it.
  await menu(s, "file-decrypt");
  await s.click(await s.find('[data-testid="password-do"]'));
  await s.waitFor(() => s.execute(`return !document.querySelector('[data-testid="encrypted-badge"]')`), "the badge to go");
  assert.ok(plainSqlite(file).tables > 5, "plain SQLite again");
  assert.ok(fs.readFileSync(file).includes(Buffer.from(names[0])), "readable again");
  assert.deepEqual(await cards(s), names);
});
