// End-to-end: New, Open, Save As and recent workspaces from the File menu. WebDriver cannot
// drive the native file dialog, so each test answers it on the Rust side (the app's
// test-only `e2e-dialogs` build: see dialogAnswers in webdriver.mjs).

import { it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Session, dialogAnswers, startDriver } from "./webdriver.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const APP = process.env.STAKEMAP_APP ?? path.resolve(here, "../../target/debug/stakemap-app");

async function launch(t, dir, answers) {
  const driver = await startDriver({ STAKEMAP_DATA_DIR: dir, STAKEMAP_LANG: "en", ...answers.env });
  const session = await Session.create(driver.base, APP).catch(async (e) => {
    await driver.stop();
    throw new Error(`could not start ${APP}: ${e.message}\n${driver.log()}`);
  });
  t.after(async () => {
    await session.close();
    await driver.stop();
  });
  session.answers = answers;
  return session;
}

async function fileMenu(s, item, dialogPath) {
  if (dialogPath !== undefined) s.answers.next(dialogPath);
  await s.click(await s.find('[data-testid="file-menu"] summary'));
  await s.click(await s.find(`[data-testid="${item}"]`));
}

const workspaceShown = (s) => s.execute(`return document.querySelector('.workspace').textContent`);
const accountNames = (s) => s.execute(`return [...document.querySelectorAll('.account-name')].map(e => e.textContent)`);

it("creates, saves as, opens and reopens workspaces from the File menu", async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-"));
  const s = await launch(t, dir, dialogAnswers(dir));
  await s.waitFor(async () => (await accountNames(s)).length === 1, "the demo account");

  // New: an empty workspace that says what to do.
  const second = path.join(dir, "second.stakemap");
  await fileMenu(s, "file-new", second);
  await s.waitFor(async () => (await workspaceShown(s)).endsWith("second.stakemap"), "the new workspace's path");
  const empty = await s.waitFor(() => s.execute(`return document.querySelector('.sidebar .empty')?.textContent`), "the empty state");
  assert.match(empty, /No accounts yet/);
  assert.ok(fs.existsSync(second));

  // Work in it: an account with one person.
  await s.click(await s.find('[data-testid="add-account"]'));
  await s.waitFor(() => s.find('[data-testid="empty-add-person"]'), "the empty account");
  await s.click(await s.find('[data-testid="empty-add-person"]'));
  await s.waitFor(
    () => s.execute(`const f = document.querySelector('[data-testid="field-name"]'); return f && f.value === 'New person'`),
    "the new person",
  );
  await s.type(await s.find('[data-testid="field-name"]'), "Ayumi Ono", { enter: true });
  await s.waitFor(() => s.execute(`return [...document.querySelectorAll('.card-name')].some(e => e.textContent === 'Ayumi Ono')`), "her card");

  // Save As: a copy, and the window goes on in the copy.
  const third = path.join(dir, "third.stakemap");
  await fileMenu(s, "file-save-as", third);
  await s.waitFor(async () => (await workspaceShown(s)).endsWith("third.stakemap"), "the copy's path");
  await s.waitFor(() => s.execute(`return [...document.querySelectorAll('.card-name')].some(e => e.textContent === 'Ayumi Ono')`), "her card in the copy");

  // Open the default workspace again: the demo is there.
  await fileMenu(s, "file-open", path.join(dir, "default.stakemap"));
  await s.waitFor(async () => (await accountNames(s)).includes("Northwind Precision Industries"), "the demo account");

  // Opening a file that is not a workspace is refused, and the open workspace stays.
  const notes = path.join(dir, "notes.stakemap");
  fs.writeFileSync(notes, "meeting notes\n".repeat(50));
  await fileMenu(s, "file-open", notes);
  const problem = await s.waitFor(() => s.execute(`return document.querySelector('[data-testid="problem"]')?.textContent`), "the error");
  assert.match(problem, /not a SQLite database/);
  assert.ok((await workspaceShown(s)).endsWith("default.stakemap"));
  assert.equal(fs.readFileSync(notes, "utf8"), "meeting notes\n".repeat(50));

  // Recent files: newest first; choosing one opens it.
  await s.click(await s.find('[data-testid="file-menu"] summary'));
  const recent = await s.waitFor(async () => {
    const r = await s.execute(`return [...document.querySelectorAll('[data-testid="recent-file"]')].map(e => e.title)`);
    return r.length >= 3 ? r : null;
  }, "the recent files");
  assert.deepEqual(
    recent.slice(0, 3).map((p) => path.basename(p)),
    ["default.stakemap", "third.stakemap", "second.stakemap"],
  );
  const buttons = await s.findAll('[data-testid="recent-file"]');
  await s.click(buttons[2]);
  await s.waitFor(async () => (await workspaceShown(s)).endsWith("second.stakemap"), "second.stakemap reopened");
  await s.waitFor(() => s.execute(`return [...document.querySelectorAll('.card-name')].some(e => e.textContent === 'Ayumi Ono')`), "her card again");

  // A name chosen without the extension gets it, as a new file.
  await fileMenu(s, "file-save-as", path.join(dir, "fourth"));
  await s.waitFor(async () => (await workspaceShown(s)).endsWith("fourth.stakemap"), "the copy with its extension");
  // Each dialog was asked for its purpose, by the Rust side.
  assert.deepEqual(s.answers.asked(), [
    "new_workspace workspace.stakemap",
    "save_workspace_as workspace.stakemap",
    "open_workspace ",
    "open_workspace ",
    "save_workspace_as workspace.stakemap",
  ]);
});
