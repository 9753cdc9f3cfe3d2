// End-to-end tests of the real Stakemap window: the built app, started by tauri-driver
// under X (Xvfb in CI), driven over WebDriver. Each test gets its own data directory.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startApp } from "./webdriver.mjs";
import { fitMap } from "./mapview.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const APP = process.env.STAKEMAP_APP ?? path.join(root, "target/debug/stakemap-app");
const ARTIFACTS = path.join(here, "artifacts");
fs.mkdirSync(ARTIFACTS, { recursive: true });

/** Starts the app with its own data directory and returns a WebDriver session on it. */
async function launch(t, { lang = "en", dataDir } = {}) {
  const dir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-"));
  const { driver, session } = await startApp({ STAKEMAP_DATA_DIR: dir, STAKEMAP_LANG: lang });
  t.after(async () => {
    await session.close();
    await driver.stop();
  });
  return { session, dir };
}

/** Text of every person card on the map, read from the DOM the user sees. */
function cardNames(session) {
  return session.execute(
    `return [...document.querySelectorAll('[data-testid="person-card"] .card-name')].map(e => e.textContent)`,
  );
}

async function saveScreenshot(session, name) {
  const png = await session.screenshot();
  fs.writeFileSync(path.join(ARTIFACTS, name), png);
  return png;
}

before(() => {
  assert.ok(fs.existsSync(APP), `the app is built at ${APP}`);
});

describe("first start", () => {
  it("opens on the demo decision map with its people, ratings and lines", async (t) => {
    const { session, dir } = await launch(t, { lang: "en" });
    await fitMap(session);
    const names = await session.waitFor(async () => {
      const n = await cardNames(session);
      return n.length >= 30 ? n : null;
    }, "the demo map's cards");
    assert.equal(names.length, 35, "30 customer people, our team of three, a partner, a competitor");
    for (const who of ["Eleanor Whitfield", "Priya Raman", "Daniel Osei", "Alex Morgan"]) {
      assert.ok(names.includes(who), `${who} is on the map`);
    }

    const account = await session.text(await session.find('[data-testid="account-list"] .account-name'));
    assert.equal(account, "Northwind Precision Industries");

    // The map opens at a readable zoom (view.test.mjs); fitted, every card is drawn inside
    // the window, not just present in the DOM.
    await session.click(await session.find(".react-flow__controls-fitview"));
    const visibleCards = () =>
      session.execute(`
        const w = window.innerWidth, h = window.innerHeight;
        return [...document.querySelectorAll('[data-testid="person-card"]')].filter(c => {
          const r = c.getBoundingClientRect();
          return r.width > 20 && r.height > 10 && r.left >= 0 && r.top >= 0 && r.right <= w && r.bottom <= h;
        }).length`);
    await session.waitFor(async () => (await visibleCards()) === 35, "every card inside the window", 10000).catch(
      async () => assert.equal(await visibleCards(), 35, "every card is drawn within the window after fitting the view"),
    );

    const chips = await session.execute(
      `return document.querySelectorAll('[data-testid="person-card"] .chip').length`,
    );
    assert.equal(chips, 90, "three rating chips on each of the 30 customer cards");
    // Key persons (decision makers, approvers, flagged people) as the core counts them,
    // each marked on its card.
    const keyIds = await session.executeAsync(
      `const done = arguments[arguments.length - 1];
       const i = window.__TAURI_INTERNALS__;
       i.invoke("list_accounts").then(a => i.invoke("account_map", { accountId: a[0].id }))
        .then(m => done(m.key_person_ids.sort()), e => done(String(e)));`,
    );
    const marked = await session.execute(
      `return [...document.querySelectorAll('.card')].filter(c => c.querySelector('.key-mark')).map(c => c.dataset.personId).sort()`,
    );
    assert.ok(keyIds.length >= 5, `the demo has key persons: ${keyIds}`);
    assert.deepEqual(marked, keyIds, "exactly the key persons carry the key mark");

    const lines = await session.execute(`return {
      reporting: document.querySelectorAll('.react-flow__edge.line-reports_to').length,
      influence: document.querySelectorAll('.react-flow__edge.line-influence').length,
      coverage: document.querySelectorAll('.react-flow__edge.line-covers').length,
    }`);
    assert.deepEqual(lines, { reporting: 29, influence: 15, coverage: 8 });

    const png = await saveScreenshot(session, "demo-map-en.png");
    assert.ok(png.length > 30_000, `the screenshot shows a drawn map (${png.length} bytes)`);
    assert.ok(fs.existsSync(path.join(dir, "default.stakemap")), "the default workspace was created");
  });

  it("follows the language: a Japanese user gets a Japanese demo and UI", async (t) => {
    const { session } = await launch(t, { lang: "ja" });
    await fitMap(session);
    const names = await session.waitFor(async () => {
      const n = await cardNames(session);
      return n.length >= 30 ? n : null;
    }, "the demo map's cards");
    assert.ok(names.includes("高橋 誠"), "the CEO's Japanese name is shown");
    const heading = await session.text(await session.find(".sidebar h3"));
    assert.equal(heading, "顧客企業");
    const account = await session.text(await session.find('[data-testid="account-list"] .account-name'));
    assert.equal(account, "北星精機株式会社");
    await saveScreenshot(session, "demo-map-ja.png");
  });

  it("keeps the map across restarts of the app", async (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-"));
    const first = await launch(t, { dataDir: dir });
    await fitMap(first.session);
    const ids1 = await first.session.waitFor(
      () => first.session.execute(`const c = [...document.querySelectorAll('[data-testid="person-card"]')].map(e => e.dataset.personId); return c.length ? c.sort() : null`),
      "cards",
    );
    await first.session.close();
    const second = await launch(t, { dataDir: dir });
    await fitMap(second.session);
    const ids2 = await second.session.waitFor(
      () => second.session.execute(`const c = [...document.querySelectorAll('[data-testid="person-card"]')].map(e => e.dataset.personId); return c.length ? c.sort() : null`),
      "cards after restart",
    );
    assert.deepEqual(ids2, ids1, "the same people, with the same ids, and no second demo");
  });
});

describe("the locked-down shell", () => {
  it("answers the app's own commands and refuses plugin commands it was not granted", async (t) => {
    const { session } = await launch(t);
    await session.waitFor(() => cardNames(session).then((n) => n.length > 0), "the map");
    const call = (cmd, args = {}) =>
      session.executeAsync(
        `const done = arguments[arguments.length - 1];
         window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1])
           .then(v => done({ ok: true, v }), e => done({ ok: false, e: String(e && e.message || e) }));`,
        [cmd, args],
      );
    const accounts = await call("list_accounts");
    assert.equal(accounts.ok, true);
    assert.equal(accounts.v[0].name, "Northwind Precision Industries");

    for (const cmd of ["plugin:app|version", "plugin:fs|read_text_file", "plugin:shell|execute", "plugin:dialog|message"]) {
      const r = await call(cmd, { path: "/etc/passwd", message: "x" });
      assert.equal(r.ok, false, `${cmd} must be refused`);
      assert.match(r.e, /not allowed|not found|denied/i, `${cmd}: ${r.e}`);
    }
    const unknown = await call("drop_all_tables");
    assert.equal(unknown.ok, false);
  });
});

describe("files it must not touch", () => {
  it("shows a clear message for a workspace that is not a Stakemap file, and leaves it alone", async (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-"));
    const file = path.join(dir, "default.stakemap");
    const content = "these are my meeting notes, not a database\n".repeat(20);
    fs.writeFileSync(file, content);
    const { session } = await launch(t, { dataDir: dir });
    const alert = await session.waitFor(
      () => session.execute(`const a = document.querySelector('[role="alert"]'); return a ? a.textContent : null`),
      "the error message",
    );
    assert.match(alert, /could not be opened/);
    assert.match(alert, /not a SQLite database/);
    assert.equal(fs.readFileSync(file, "utf8"), content, "the file is unchanged");
    const cards = await session.execute(`return document.querySelectorAll('[data-testid="person-card"]').length`);
    assert.equal(cards, 0);
  });
});
