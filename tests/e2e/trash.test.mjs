// End-to-end: deleting a person or an account moves it to the trash, from where it comes
// back whole (cards and lines), and emptying the trash deletes it for good.

import { it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { launchApp } from "./webdriver.mjs";
import { fitAndFindCard, fitMap } from "./mapview.mjs";


it("restores a deleted person and a deleted account from the trash, and empties it", async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-"));
  const s = await launchApp(t, { STAKEMAP_DATA_DIR: dir, STAKEMAP_LANG: "en" });
  await fitMap(s);
  const count = () =>
    s.execute(`return [document.querySelectorAll('[data-testid="person-card"]').length, document.querySelectorAll('.react-flow__edge').length]`);
  // Edges are drawn once the cards are measured: wait until the count holds still.
  let last = "";
  const [people, lines] = await s.waitFor(async () => {
    const c = await count();
    const same = JSON.stringify(c) === last;
    last = JSON.stringify(c);
    return c[0] === 35 && c[1] > 0 && same ? c : null;
  }, "the demo map with its lines");

  // Delete a person with the Delete key.
  // A manager with no influence or coverage line drawn over their card, so a click hits it.
  const victim = await s.executeAsync(`
    const done = arguments[arguments.length - 1];
    (async () => {
    const accounts = await window.__TAURI_INTERNALS__.invoke('list_accounts');
    const map = await window.__TAURI_INTERNALS__.invoke('account_map', { accountId: accounts[0].id, collapsed: null });
    const over = new Set(map.relations.filter(l => l.kind !== 'reports_to').flatMap(l => [l.from, l.to]));
    const p = map.people.find(p => p.side === 'customer' && !over.has(p.id)
      && map.relations.some(l => l.kind === 'reports_to' && l.to === p.id)
      && map.relations.some(l => l.kind === 'reports_to' && l.from === p.id));
    done({ id: p.id, name: p.name });
    })();`);
  await s.clickAt(await fitAndFindCard(s, victim.id));
  await s.waitFor(() => s.execute(`return document.querySelector('[data-testid="field-name"]')?.value === arguments[0]`, [victim.name]), "the person selected");
  await s.execute(`document.activeElement && document.activeElement.blur()`);
  await s.execute(`window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Delete', bubbles: true }))`);
  // The card and its lines go (edges are drawn a frame after the cards). Fitted again, as
  // selecting the card may have moved the view to keep it clear of the legend.
  await fitMap(s);
  await s.waitFor(async () => {
    const [p, l] = await count();
    return p === people - 1 && l < lines;
  }, "the person and their lines deleted");

  // The trash lists them; Restore brings back the card and every line.
  await s.click(await s.find('[data-testid="open-trash"]'));
  const item = await s.waitFor(() => s.execute(`return document.querySelector('[data-testid="trash-item"]')?.textContent`), "the trash entry");
  assert.ok(item.includes(victim.name), item);
  assert.match(item, /person/);
  await s.click(await s.find('[data-testid="trash-restore"]'));
  await s.waitFor(() => s.execute(`return document.querySelector('[data-testid="notice"]')?.textContent.includes(arguments[0])`, [victim.name]), "the restore notice");
  // The list is read again after the restore.
  await s.waitFor(() => s.execute(`return document.querySelectorAll('[data-testid="trash-item"]').length === 0`), "the trash emptied of the restored person");
  await s.click(await s.find('[data-testid="trash-dialog"] .modal-head .icon'));
  await fitMap(s);
  await s.waitFor(async () => {
    const [p, l] = await count();
    return p === people && l === lines;
  }, "the person and their lines back");

  // Delete the whole account, then restore it.
  await s.click(await s.find(".sidebar .account-list button"));
  await s.waitFor(() => s.find('[data-testid="delete-account"]'), "the account form");
  await s.click(await s.find('[data-testid="delete-account"]'));
  await s.click(await s.find('[data-testid="confirm-delete-account"]'));
  await s.waitFor(() => s.execute(`return document.querySelectorAll('.account-name').length === 0`), "the account deleted");
  await s.click(await s.find('[data-testid="open-trash"]'));
  await s.waitFor(() => s.execute(`return document.querySelector('[data-testid="trash-item"]')?.textContent.includes('account')`), "the account in the trash");
  await s.click(await s.find('[data-testid="trash-restore"]'));
  await s.waitFor(() => s.execute(`return document.querySelectorAll('.account-name').length === 1`), "the account back");
  await s.click(await s.find('[data-testid="trash-dialog"] .modal-head .icon'));
  await fitMap(s);
  await s.waitFor(async () => {
    const [p, l] = await count();
    return p === people && l === lines;
  }, "every card and line of the account back");

  // Delete the person again and empty the trash: gone for good.
  await s.clickAt(await fitAndFindCard(s, victim.id));
  await s.waitFor(() => s.execute(`return document.querySelector('[data-testid="field-name"]')?.value === arguments[0]`, [victim.name]), "the person selected");
  await s.execute(`document.activeElement && document.activeElement.blur()`);
  await s.execute(`window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Delete', bubbles: true }))`);
  await fitMap(s);
  await s.waitFor(async () => (await count())[0] === people - 1, "the person deleted again");
  await s.click(await s.find('[data-testid="open-trash"]'));
  await s.waitFor(() => s.find('[data-testid="trash-item"]'), "the entry");
  await s.click(await s.find('[data-testid="trash-empty"]'));
  await s.click(await s.find('[data-testid="trash-empty-confirm"]'));
  await s.waitFor(() => s.execute(`return document.querySelectorAll('[data-testid="trash-item"]').length === 0`), "the trash emptied");
  assert.match(await s.execute(`return document.querySelector('[data-testid="trash-dialog"]').textContent`), /The trash is empty/);
});
