// End-to-end: starting Stakemap again while it is open brings the open window forward and
// the second start exits, instead of opening the same workspace twice; a second start with
// another workspace file (a double-click on it) opens that file in the first window.

import { it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { APP, launchApp } from "./webdriver.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const CLI = process.env.STAKEMAP_CLI ?? path.resolve(here, "../../target/debug/stakemap");

const same = (a, b) => JSON.stringify([a.accounts, a.people]) === JSON.stringify([b.accounts, b.people]);

/** Starts the app again with `args` (from the folder `cwd`) and waits for it to exit. */
async function startAgain(args, env, cwd) {
  const second = spawn(APP, args, { env: { ...process.env, ...env }, cwd, stdio: "ignore" });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      second.kill("SIGKILL");
      reject(new Error("the second start did not exit: it opened a second window"));
    }, 30000);
    second.on("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** Names of the accounts in the sidebar, and of the people on the map. */
const shown = (s) =>
  s.execute(`return {
    accounts: [...document.querySelectorAll('[data-testid="account-list"] .account-name')].map((e) => e.textContent),
    people: [...document.querySelectorAll('[data-testid="person-card"] .card-name')].map((e) => e.textContent).sort(),
  }`);


it("a second start brings the first window forward and exits", async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-"));
  const env = { STAKEMAP_DATA_DIR: dir, STAKEMAP_LANG: "en" };
  const s = await launchApp(t, env);
  await s.waitFor(() => s.execute(`return document.querySelectorAll('[data-testid="person-card"]').length > 0`), "the demo map");
  const info = () =>
    s.executeAsync(`const done = arguments[arguments.length - 1];
      window.__TAURI_INTERNALS__.invoke('app_info').then(done, e => done({ error: e }));`);
  assert.equal((await info()).relaunches, 0);

  // The user starts Stakemap again, on the same workspace.
  const exit = await startAgain([path.join(dir, "default.stakemap")], env);
  assert.equal(exit, 0, "the second start exits cleanly");
  await s.waitFor(async () => (await info()).relaunches === 1, "the first window asked to come forward");
  // The first window still works.
  assert.ok(await s.execute(`return document.querySelectorAll('[data-testid="person-card"]').length > 0`));
  // The window tells the user when it gets the focus.
  await s.execute(`window.dispatchEvent(new Event('focus'))`);
  await s.waitFor(() => s.execute(`return document.querySelector('[data-testid="notice"]')?.textContent.includes('already open')`), "the notice");
});


it("a second start with another workspace file opens it in the first window", async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-"));
  const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-other-"));
  const csv = path.join(elsewhere, "people.csv");
  fs.writeFileSync(csv, "id,name,title\nh1,Hana Sato,CIO\nk1,Kenji Ito,Head of IT\n");
  execFileSync(CLI, ["import", path.join(elsewhere, "other.stakemap"), "--account", "Kita Logistics", "--people", csv]);
  const env = { STAKEMAP_DATA_DIR: dir, STAKEMAP_LANG: "en" };
  const s = await launchApp(t, env);
  await s.waitFor(async () => (await shown(s)).people.length > 0, "the demo map");
  const demo = await shown(s);
  assert.ok(!demo.accounts.includes("Kita Logistics"));

  // The file manager starts the app on the file, from the file's folder (a relative path).
  assert.equal(await startAgain(["other.stakemap"], env, elsewhere), 0, "the second start exits cleanly");
  await s.waitFor(
    async () => same(await shown(s), { accounts: ["Kita Logistics"], people: ["Hana Sato", "Kenji Ito"] }),
    "the handed-over workspace in the first window",
  ).catch(async (e) => {
    fs.writeFileSync(path.join(os.tmpdir(), "stakemap-single-en.png"), await s.screenshot());
    throw new Error(`${e.message}: ${JSON.stringify(await shown(s))} ${await s.execute(`return document.body.innerText.slice(0, 400)`)}`);
  });
  // It is the workspace of the window now, listed first among the recent files.
  const recent = await s.executeAsync(`const done = arguments[arguments.length - 1];
    window.__TAURI_INTERNALS__.invoke('recent_files').then(done, e => done({ error: e }));`);
  assert.equal(recent[0], path.join(elsewhere, "other.stakemap"));
  assert.equal(await s.execute(`return document.querySelector('[data-testid="notice"]')?.textContent ?? ''`).then((n) => n.includes("already open")), false);
});

it("a workspace handed over encrypted asks for its password, in Japanese", async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-"));
  const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-other-"));
  const ws = path.join(elsewhere, "locked.stakemap");
  const csv = path.join(elsewhere, "people.csv");
  fs.writeFileSync(csv, "id,name,title\ns1,佐藤 花子,CIO\n");
  execFileSync(CLI, ["import", ws, "--account", "北物流", "--people", csv]);
  const PASSWORD = "correct horse battery";
  execFileSync(CLI, ["encrypt", ws], { input: `${PASSWORD}\n` });
  const env = { STAKEMAP_DATA_DIR: dir, STAKEMAP_LANG: "ja" };
  const s = await launchApp(t, env);
  await s.waitFor(async () => (await shown(s)).people.length > 0, "the demo map");

  assert.equal(await startAgain([ws], env), 0, "the second start exits cleanly");
  const asked = await s.waitFor(
    () => s.execute(`return document.querySelector('[data-testid="unlock"]')?.textContent`),
    "the password prompt",
  );
  assert.ok(asked.includes("暗号化されています"), asked);
  assert.ok(asked.includes("locked.stakemap"), asked);
  await s.type(await s.find('[data-testid="unlock-password"]'), PASSWORD, { enter: true });
  await s.waitFor(
    async () => same(await shown(s), { accounts: ["北物流"], people: ["佐藤 花子"] }),
    "the encrypted workspace open after its password",
  );
  fs.writeFileSync(path.join(os.tmpdir(), "stakemap-single-ja.png"), await s.screenshot());
});

/** Makes `elsewhere/other.stakemap` with one account of two people. */
function otherWorkspace(elsewhere) {
  const csv = path.join(elsewhere, "people.csv");
  fs.writeFileSync(csv, "id,name,title\nh1,Hana Sato,CIO\nk1,Kenji Ito,Head of IT\n");
  execFileSync(CLI, ["import", path.join(elsewhere, "other.stakemap"), "--account", "Kita Logistics", "--people", csv]);
}

// The window shows the start screen (its own workspace is locked, or damaged) when the user
// double-clicks another workspace file: that file opens in this window.
for (const [startScreen, lang, prepare, expected] of [
  [
    "the password of its locked workspace",
    "ja",
    (dir) => {
      const csv = path.join(dir, "seed.csv");
      fs.writeFileSync(csv, "id,name,title\ns1,佐藤 花子,CIO\n");
      execFileSync(CLI, ["import", path.join(dir, "default.stakemap"), "--account", "北物流", "--people", csv]);
      execFileSync(CLI, ["encrypt", path.join(dir, "default.stakemap")], { input: "correct horse battery\n" });
    },
    '[data-testid="locked"]',
  ],
  ["a damaged workspace", "en", (dir) => fs.writeFileSync(path.join(dir, "default.stakemap"), "this is not a workspace\n".repeat(200)), '.error-panel[role="alert"]'],
]) {
  it(`a workspace handed over while the window shows ${startScreen} opens there`, async (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-"));
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-other-"));
    otherWorkspace(elsewhere);
    prepare(dir);
    const env = { STAKEMAP_DATA_DIR: dir, STAKEMAP_LANG: lang };
    const s = await launchApp(t, env);
    await s.waitFor(() => s.execute(`return !!document.querySelector(arguments[0])`, [expected]), `the start screen (${expected})`);
    assert.equal((await shown(s)).people.length, 0, "no map on the start screen");
    fs.writeFileSync(path.join(os.tmpdir(), `stakemap-single-start-${lang}.png`), await s.screenshot());

    assert.equal(await startAgain(["other.stakemap"], env, elsewhere), 0, "the second start exits cleanly");
    await s.waitFor(
      async () => same(await shown(s), { accounts: ["Kita Logistics"], people: ["Hana Sato", "Kenji Ito"] }),
      "the handed-over workspace in the first window",
    ).catch(async (e) => {
      throw new Error(`${e.message}: ${JSON.stringify(await shown(s))} ${await s.execute(`return document.body.innerText.slice(0, 400)`)}`);
    });
    assert.equal(await s.execute(`return !!document.querySelector(arguments[0])`, [expected]), false, "the start screen is gone");
  });
}
