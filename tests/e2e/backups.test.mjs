// End-to-end: the backups of the real app, through the commands the restore screen and the
// damaged-file offer call. The app backs the workspace up when it opens it; a restore puts
// an older backup back and keeps what it replaced; a damaged workspace is moved aside at
// start and its newest good backup offered and restored.

import { it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { launchApp } from "./webdriver.mjs";

async function launch(t, dir) {
  const s = await launchApp(t, { STAKEMAP_DATA_DIR: dir, STAKEMAP_LANG: "en" });
  const ok = async (cmd, args) => {
    const r = await s.invoke(cmd, args);
    assert.equal(r.ok, true, `${cmd}: ${JSON.stringify(r.e)}`);
    return r.v;
  };
  return { s, ok, close: () => s.quit() };
}

it("backs up on open, restores an older backup and keeps what it replaced", async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-"));
  const { s, ok } = await launch(t, dir);
  await s.waitFor(() => s.execute(`return document.querySelectorAll('[data-testid="person-card"]').length > 0`), "the demo map");

  const info = await ok("app_info");
  assert.equal(info.backups_dir, path.join(dir, "backups"));
  assert.equal(info.recovery, null);
  let list = await ok("list_backups", { workspace: null });
  assert.equal(list.length, 1);
  const first = list[0];
  assert.equal(first.reason, "open");
  assert.equal(first.ok, true);
  assert.equal(first.accounts, 1);
  assert.equal(first.people, 35);
  assert.match(first.taken_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.ok(first.size_bytes > 0);

  // Unchanged: no new backup.
  assert.equal((await ok("backup_now")).path, first.path);

  await ok("create_account", { input: { name: "Added later", industry: "", notes: "" } });
  const manual = await ok("backup_now");
  assert.equal(manual.reason, "manual");
  assert.equal(manual.accounts, 2);

  // Changed again after the manual backup: the restore backs that up first.
  await ok("create_account", { input: { name: "Added after the backup", industry: "", notes: "" } });
  // The user restores the first backup from File → Restore from backup.
  await s.execute(`document.querySelector('[data-testid="file-menu"]').open = true`);
  await s.click(await s.find('[data-testid="file-restore"]'));
  await s.waitFor(() => s.execute(`return document.querySelectorAll('[data-testid="backup-row"]').length === 2`), "the two backups listed");
  const rows = await s.execute(`return [...document.querySelectorAll('[data-testid="backup-row"]')].map(r => r.textContent)`);
  assert.match(rows[0], /by hand/);
  assert.match(rows[0], /2 accounts, 35 people/);
  assert.match(rows[1], /opened/);
  assert.match(rows[1], /1 accounts, 35 people/);
  await s.execute(`document.querySelectorAll('[data-testid="backup-restore"]')[1].click()`);
  await s.click(await s.find('[data-testid="backup-confirm-restore"]'));
  await s.waitFor(() => s.execute(`return document.querySelector('[data-testid="notice"]')?.textContent.includes('Restored the backup')`), "the restore notice");
  await s.waitFor(() => s.execute(`return document.querySelectorAll('.account-name').length === 1`), "the old account list");
  const after = await ok("app_info");
  assert.equal(after.workspace_path, info.workspace_path);
  assert.equal((await ok("list_accounts")).length, 1, "the old content is back");
  list = await ok("list_backups", { workspace: null });
  assert.equal(list[0].reason, "before_restore");
  assert.equal(list[0].accounts, 3, "what was replaced is kept");
  assert.ok(list.some((b) => b.path === first.path));
  assert.ok(list.some((b) => b.path === manual.path));
});

it("moves a damaged workspace aside at start and restores its newest good backup", async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-"));
  const file = path.join(dir, "default.stakemap");
  {
    const { s, ok, close } = await launch(t, dir);
    await s.waitFor(() => s.execute(`return document.querySelectorAll('[data-testid="person-card"]').length > 0`), "the demo map");
    // Enough accounts that damage in the middle of the file hits real pages.
    for (let i = 0; i < 150; i++) {
      await ok("create_account", { input: { name: `Account ${i} `.padEnd(60, "x"), industry: "y".repeat(200), notes: "z".repeat(400) } });
    }
    const good = await ok("backup_now");
    assert.equal(good.accounts, 151);
    await close();
    // The app may have been stopped with its edits still in the WAL: the workspace is
    // made whole from the backup (no WAL), and then damaged.
    fs.copyFileSync(good.path, file);
    for (const side of ["-wal", "-shm"]) fs.rmSync(file + side, { force: true });
  }
  const bytes = fs.readFileSync(file);
  assert.ok(bytes.length > 64 * 1024, `file big enough: ${bytes.length}`);
  for (let i = 3 * 4096; i < bytes.length / 2; i++) bytes[i] = (i * 31) & 0xff;
  fs.writeFileSync(file, bytes);

  const { s, ok } = await launch(t, dir);
  const info = await ok("app_info");
  assert.equal(info.workspace_path, null);
  assert.equal(info.open_error.kind, "corrupt");
  const r = info.recovery;
  assert.ok(r, "a recovery offer");
  assert.equal(r.workspace_path, file);
  assert.ok(r.damaged_path.startsWith(`${file}.damaged-`), r.damaged_path);
  assert.deepEqual(fs.readFileSync(r.damaged_path), bytes, "the damaged file is kept");
  assert.equal(r.backup.ok, true);
  assert.equal(r.backup.accounts, 151);
  assert.ok(r.backup.taken_at);

  // The window says what happened and offers the backup, with its date and contents.
  const offer = await s.waitFor(() => s.execute(`return document.querySelector('[data-testid="recovery-offer"]')?.textContent`), "the offer");
  assert.match(offer, /151 accounts/);
  assert.match(await s.execute(`return document.querySelector('[data-testid="recovery"]').textContent`), /moved aside, not deleted/);
  await s.click(await s.find('[data-testid="recovery-restore"]'));
  await s.waitFor(() => s.execute(`return document.querySelectorAll('.account-name').length === 151`), "the restored accounts");
  const after = await ok("app_info");
  assert.equal(after.workspace_path, file);
  assert.equal(after.open_error, null);
  assert.equal(after.recovery, null);
  assert.equal((await ok("list_accounts")).length, 151);
});
