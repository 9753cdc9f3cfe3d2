// End-to-end: an edit reads again only what it touched. The window's calls to the Rust side
// are counted by command while a user changes a rating in the inspector and draws an
// influence line with the mouse: neither reads the list of accounts again, and each reads the
// account's map at most once.

import { it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchApp, selectOption } from "./webdriver.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const ARTIFACTS = path.join(here, "artifacts");
fs.mkdirSync(ARTIFACTS, { recursive: true });

/** Counts every call of the page to the Rust side, by command. The bridge object
 * (`__TAURI_INTERNALS__`) is frozen, so the count is taken one step below it, where the bridge
 * sends each call: a request to the `ipc:` protocol, or a message when that protocol is not
 * available. The test's own reads are made with `mine` set and are not counted. */
async function countCalls(s) {
  await s.execute(`
    if (!window.__counted) {
      const count = (cmd) => {
        if (!window.__mine) window.__counted[cmd] = (window.__counted[cmd] ?? 0) + 1;
      };
      const fetch = window.fetch.bind(window);
      window.fetch = (input, init) => {
        const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
        const prefix = ["ipc://localhost/", "http://ipc.localhost/"].find((p) => url.startsWith(p));
        if (prefix) count(decodeURIComponent(url.slice(prefix.length).split(/[?#]/)[0]));
        return fetch(input, init);
      };
      if (window.ipc && typeof window.ipc.postMessage === "function") {
        const post = window.ipc.postMessage.bind(window.ipc);
        try {
          window.ipc.postMessage = (data) => {
            try {
              const cmd = JSON.parse(data).cmd;
              if (cmd) count(cmd);
            } catch {}
            return post(data);
          };
        } catch {}
      }
    }
    window.__counted = {};`);
  assert.deepEqual(await s.execute(`return window.__counted`), {}, "the calls are counted from now");
}

const calls = (s) => s.execute(`return { ...window.__counted }`);

/** A read of the core as the window makes it, not counted. */
const uncounted = (s, cmd, args) =>
  s.executeAsync(
    `const done = arguments[arguments.length - 1];
     window.__mine = true;
     let call;
     try {
       call = window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]);
     } finally {
       window.__mine = false;
     }
     call.then(done, e => done({ error: String(e && e.message || e) }));`,
    [cmd, args],
  );

/** Waits until the window has made no new call for a while, and returns the counts. */
async function settled(s) {
  let last = JSON.stringify(await calls(s));
  for (let quiet = 0; quiet < 4; ) {
    await new Promise((r) => setTimeout(r, 250));
    const now = JSON.stringify(await calls(s));
    quiet = now === last ? quiet + 1 : 0;
    last = now;
  }
  return JSON.parse(last);
}

function assertReadsOnlyWhatChanged(counts, what) {
  assert.equal(counts.list_accounts ?? 0, 0, `${what}: the accounts were not listed again (${JSON.stringify(counts)})`);
  assert.ok((counts.account_map ?? 0) <= 1, `${what}: the map was read at most once (${JSON.stringify(counts)})`);
}

it("reads again only what a rating change and a drawn line touched", async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-"));
  const s = await launchApp(t, { STAKEMAP_DATA_DIR: dir, STAKEMAP_LANG: "en" });
  await s.waitFor(() => s.execute(`return document.querySelectorAll('[data-testid="person-card"]').length > 0`), "the demo map");
  await s.click(await s.find(".react-flow__controls-fitview"));
  await new Promise((r) => setTimeout(r, 400));

  const accounts = await uncounted(s, "list_accounts", {});
  const accountId = await s.execute(`return document.querySelector('.account-list button.active').dataset.accountId`);
  assert.ok(accounts.some((a) => a.id === accountId), "the open account is listed");
  let map = await uncounted(s, "account_map", { accountId, collapsed: [] });
  const customers = map.people.filter((p) => p.side === "customer" && p.account_id === accountId);

  // (a) A rating, changed in the inspector as a user does.
  const person = customers[0];
  await s.clickAt(await s.find(`[data-testid="person-card"][data-person-id="${person.id}"]`));
  await s.waitFor(
    () => s.execute(`return document.querySelector('[data-testid="inspector"]').dataset.personId === arguments[0]`, [person.id]),
    "the person's inspector",
  );
  const value = person.ratings.intimacy === 5 ? 2 : (person.ratings.intimacy ?? 0) + 1;
  await countCalls(s);
  await selectOption(s, "field-intimacy", String(value));
  const chip = `[data-testid="person-card"][data-person-id="${person.id}"] .chip[data-rating="intimacy"]`;
  await s.waitFor(
    () => s.execute(`const c = document.querySelector(arguments[0]); return !!c && c.textContent.trim().endsWith(" " + arguments[1])`, [chip, String(value)]),
    `the card's intimacy chip showing ${value}`,
  );
  let counts = await settled(s);
  assert.equal(counts.set_rating, 1, `the rating was saved once (${JSON.stringify(counts)})`);
  assertReadsOnlyWhatChanged(counts, "after a rating change");
  map = await uncounted(s, "account_map", { accountId, collapsed: [] });
  assert.equal(map.people.find((p) => p.id === person.id).ratings.intimacy, value, "the core has the new rating");

  // (b) An influence line, drawn with the mouse from one card's handle onto another card.
  const influences = new Set(map.relations.filter((r) => r.kind === "influence").map((r) => `${r.from}>${r.to}`));
  const leaves = await s.execute(
    `return [...document.querySelectorAll('[data-testid="person-card"].side-customer')]
       .filter(c => !c.parentElement.querySelector('[data-testid="collapse"]'))
       .filter(c => { const r = c.getBoundingClientRect(); return r.top > 0 && r.left > 0 && r.bottom < window.innerHeight && r.right < window.innerWidth; })
       .map(c => c.dataset.personId)`,
  );
  const visible = await s.execute(
    `return [...document.querySelectorAll('[data-testid="person-card"].side-customer')]
       .filter(c => { const r = c.getBoundingClientRect(); return r.top > 0 && r.left > 0 && r.bottom < window.innerHeight && r.right < window.innerWidth; })
       .map(c => c.dataset.personId)`,
  );
  let pair = null;
  for (const from of leaves) for (const to of visible) if (!pair && from !== to && !influences.has(`${from}>${to}`) && !influences.has(`${to}>${from}`)) pair = [from, to];
  assert.ok(pair, "two cards on screen that no influence line joins yet");
  const [from, to] = pair;
  const edgesBefore = await s.execute(`return document.querySelectorAll('.react-flow__edge.line-influence').length`);
  // From the handle under the selected card to the middle of the other card.
  await s.clickAt(await s.find(`[data-testid="person-card"][data-person-id="${from}"]`));
  await settled(s);
  await countCalls(s);
  const handle = await s.find(`.react-flow__node[data-id="${from}"] .react-flow__handle[data-handleid="bottom"]`);
  const target = await s.find(`[data-testid="person-card"][data-person-id="${to}"]`);
  await s.drag(handle, target, 12);
  const relation = await s.waitFor(async () => {
    const m = await uncounted(s, "account_map", { accountId, collapsed: [] });
    return m.relations.find((r) => r.kind === "influence" && r.from === from && r.to === to) ?? null;
  }, "the influence line in the core");
  await s.waitFor(
    () => s.execute(`return !!document.querySelector('[data-testid="rf__edge-' + arguments[0] + '"].line-influence')`, [relation.id]),
    "the new line drawn on the map",
  );
  assert.equal(await s.execute(`return document.querySelectorAll('.react-flow__edge.line-influence').length`), edgesBefore + 1);
  counts = await settled(s);
  assert.equal(counts.add_relation, 1, `the line was saved once (${JSON.stringify(counts)})`);
  assertReadsOnlyWhatChanged(counts, "after drawing a line");
  fs.writeFileSync(path.join(ARTIFACTS, "calls-after-line.png"), await s.screenshot());
});
