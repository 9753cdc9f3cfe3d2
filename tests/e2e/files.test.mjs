// End-to-end: New, Open, Save As and recent workspaces from the File menu. The native file
// dialogs are answered with the keyboard, as a user does (see DialogAnswers in webdriver.mjs).

import { it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
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
  if (dialogPath !== undefined) s.answers.next(dialogPath);
  await s.click(await s.find('[data-testid="file-menu"] summary'));
  await s.click(await s.find(`[data-testid="${item}"]`));
}

const workspaceShown = (s) => s.execute(`return document.querySelector('.workspace').textContent`);
const accountNames = (s) => s.execute(`return [...document.querySelectorAll('.account-name')].map(e => e.textContent)`);

it("creates, saves as, opens and reopens workspaces from the File menu", async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-"));
  const s = await launch(t, dir);
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

  // A dialog closed with Escape changes nothing: the same workspace, no new message, no file.
  const files = fs.readdirSync(dir).sort();
  const problemShown = () => s.execute(`return document.querySelector('[data-testid="problem"]')?.textContent ?? null`);
  const problemBefore = await problemShown();
  await fileMenu(s, "file-open", "");
  await s.answers.done();
  await sleep(500);
  assert.ok((await workspaceShown(s)).endsWith("fourth.stakemap"));
  assert.equal(await problemShown(), problemBefore);
  assert.deepEqual(fs.readdirSync(dir).sort(), files);

  // Each dialog said what it was for, in its title.
  assert.deepEqual(s.answers.asked(), ["New workspace", "Save as", "Open", "Open", "Save as", "Open"]);
});

it("opens an encrypted workspace chosen in File → Open, or from the recent files, after its password", async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-"));
  const locked = path.join(dir, "locked.stakemap");
  execFileSync(CLI, ["demo", locked, "--lang", "en"]);
  execFileSync(CLI, ["encrypt", locked, "--backups", path.join(dir, "cli-backups")], { input: "a long secret\n" });
  const s = await launch(t, dir);
  await s.waitFor(async () => (await accountNames(s)).length === 1, "the demo account");

  // Chosen in the dialog: the window asks for the password (the file stays the one the
  // Rust side was given: the window names no path when it unlocks).
  await fileMenu(s, "file-open", locked);
  await s.waitFor(() => s.find('[data-testid="unlock-dialog"] [data-testid="unlock-password"]'), "the password prompt");
  await s.type(await s.find('[data-testid="unlock-password"]'), "not the secret", { enter: true });
  const wrong = await s.waitFor(() => s.execute(`return document.querySelector('[data-testid="unlock-error"]')?.textContent`), "the wrong-password message");
  assert.match(wrong, /does not open this workspace/);
  assert.ok((await workspaceShown(s)).endsWith("default.stakemap"), "the open workspace stays");
  await s.type(await s.find('[data-testid="unlock-password"]'), "a long secret", { enter: true });
  await s.waitFor(async () => (await workspaceShown(s)).endsWith("locked.stakemap"), "the encrypted workspace");
  assert.ok(await s.execute(`return !!document.querySelector('[data-testid="encrypted-badge"]')`));

  // Back to the default, then the encrypted one again from the recent files, by its place
  // in the app's list (its password is remembered for this session).
  await fileMenu(s, "file-open", path.join(dir, "default.stakemap"));
  await s.waitFor(async () => (await workspaceShown(s)).endsWith("default.stakemap"), "the default again");
  await s.click(await s.find('[data-testid="file-menu"] summary'));
  const titles = await s.waitFor(async () => {
    const r = await s.execute(`return [...document.querySelectorAll('[data-testid="recent-file"]')].map(e => e.title)`);
    return r.length >= 2 ? r : null;
  }, "the recent files");
  const at = titles.findIndex((p) => p.endsWith("locked.stakemap"));
  assert.ok(at >= 0, titles.join(", "));
  await s.click((await s.findAll('[data-testid="recent-file"]'))[at]);
  await s.waitFor(async () => (await workspaceShown(s)).endsWith("locked.stakemap"), "the encrypted workspace from the recent files");
});
