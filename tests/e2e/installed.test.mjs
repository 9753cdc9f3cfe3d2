// End-to-end: the app as a user gets it from the package. Runs only when STAKEMAP_INSTALLED
// names the installed binary (scripts/check-package.sh installs the .deb and sets it to
// /usr/bin/stakemap-app); otherwise every test here is skipped and says why.
//
// The installed app opens on the demo map (English and Japanese) and a card can be
// selected; started again with a workspace file while it runs (as the desktop entry's
// `Exec=stakemap-app %f` does on a double-click, and as the file manager does through the
// desktop's default application for `application/x-stakemap`), it opens that workspace in
// the first window.

import { it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startApp } from "./webdriver.mjs";
import { fitMap } from "./mapview.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const INSTALLED = process.env.STAKEMAP_INSTALLED;
const CLI = process.env.STAKEMAP_CLI ?? path.resolve(here, "../../target/debug/stakemap");
const skip = INSTALLED
  ? false
  : "STAKEMAP_INSTALLED is not set: these tests need the installed package (run scripts/check-package.sh)";
const ARTIFACTS = path.join(here, "artifacts");

/** Starts the installed app under tauri-driver; ends both when the test ends. */
async function launchInstalled(t, env) {
  assert.ok(fs.existsSync(INSTALLED), `${INSTALLED} is not installed`);
  const { driver, session } = await startApp(env, { application: INSTALLED });
  t.after(async () => {
    await session.close();
    await driver.stop();
  });
  return session;
}

/** The processes running the installed binary on the data folder `dir`. */
function installedProcesses(dir) {
  const found = [];
  for (const pid of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const exe = fs.readlinkSync(`/proc/${pid}/exe`);
      const environ = fs.readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
      if (exe === INSTALLED && environ.includes(`STAKEMAP_DATA_DIR=${dir}`)) found.push(pid);
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

/** Names of the accounts in the sidebar, and of the people on the map. */
const shown = (s) =>
  s.execute(`return {
    accounts: [...document.querySelectorAll('[data-testid="account-list"] .account-name')].map((e) => e.textContent),
    people: [...document.querySelectorAll('[data-testid="person-card"] .card-name')].map((e) => e.textContent).sort(),
  }`);

const same = (a, b) => JSON.stringify([a.accounts, a.people]) === JSON.stringify([b.accounts, b.people]);

/** Waits for the demo map, clicks the CEO's card as a user would and sees her inspector. */
async function demoMapAndSelect(s, ceo, screenshot) {
  await s.waitFor(async () => (await shown(s)).people.includes(ceo), `the demo map with ${ceo}`);
  // The whole demo, as the Fit button shows it: 30 customer people, our team of three, a
  // partner and a competitor.
  await fitMap(s);
  await s.waitFor(async () => (await shown(s)).people.length === 35, "the demo's 35 cards").catch(async (e) => {
    throw new Error(`${e.message}: ${(await shown(s)).people.length} drawn`);
  });
  const id = await s.execute(
    `return [...document.querySelectorAll('[data-testid="person-card"]')].find((c) => c.querySelector('.card-name')?.textContent === arguments[0])?.dataset.personId`,
    [ceo],
  );
  assert.ok(id, `${ceo}'s card`);
  await s.clickAt(await s.find(`[data-testid="person-card"][data-person-id="${id}"]`));
  await s.waitFor(
    () =>
      s.execute(
        `const i = document.querySelector('[data-testid="inspector"]');
         return i?.dataset.personId === arguments[1] && i.querySelector('h3')?.textContent === arguments[0]`,
        [ceo, id],
      ),
    `${ceo}'s inspector`,
  );
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  fs.writeFileSync(path.join(ARTIFACTS, screenshot), await s.screenshot());
}

/** A workspace with one account, made with the CLI in a folder of its own. */
function otherWorkspace(account, rows) {
  const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-installed-other-"));
  const csv = path.join(elsewhere, "people.csv");
  fs.writeFileSync(csv, `id,name,title\n${rows.map(([id, name]) => `${id},${name},Lead`).join("\n")}\n`);
  const file = path.join(elsewhere, "other.stakemap");
  execFileSync(CLI, ["import", file, "--account", account, "--people", csv]);
  return { elsewhere, file };
}

/** Runs `command args` with `env` from `cwd` and waits for it to exit (at most 30 s). */
function runToExit(command, args, env, cwd) {
  const child = spawn(command, args, { env: { ...process.env, ...env }, cwd, stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  child.stderr.on("data", (d) => (err += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${command} did not exit: a second window? ${err}`));
    }, 30000);
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, err });
    });
  });
}

it("the installed app opens on the demo map, and a second start with a workspace file opens it in the first window", { skip }, async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-installed-"));
  const env = { STAKEMAP_DATA_DIR: dir, STAKEMAP_LANG: "en" };
  const s = await launchInstalled(t, env);
  await demoMapAndSelect(s, "Eleanor Whitfield", "installed-en.png");
  assert.equal(installedProcesses(dir).length, 1, `the window is ${INSTALLED}'s`);

  const { elsewhere } = otherWorkspace("Kita Logistics", [["h1", "Hana Sato"], ["k1", "Kenji Ito"]]);
  // The installed binary started again on the file, from the file's folder.
  const second = await runToExit(INSTALLED, ["other.stakemap"], env, elsewhere);
  assert.equal(second.code, 0, `the second start exits cleanly: ${second.err}`);
  await s.waitFor(
    async () => same(await shown(s), { accounts: ["Kita Logistics"], people: ["Hana Sato", "Kenji Ito"] }),
    "the handed-over workspace in the first window",
  );
  assert.equal(installedProcesses(dir).length, 1, "one app runs, not two");
});

it("in Japanese, opening a workspace file the way a double-click does opens it in the running window", { skip }, async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-installed-"));
  const env = { STAKEMAP_DATA_DIR: dir, STAKEMAP_LANG: "ja" };
  const s = await launchInstalled(t, env);
  await demoMapAndSelect(s, "高橋 誠", "installed-ja.png");

  const { file } = otherWorkspace("北物流", [["s1", "佐藤 花子"]]);
  // What the file manager does: the file's type, from the installed MIME type, then the
  // default application for it, the installed desktop entry (`Exec=stakemap-app %f`).
  const type = execFileSync("gio", ["info", "--attributes=standard::content-type", file], { encoding: "utf8" });
  assert.match(type, /standard::content-type: application\/x-stakemap/);
  const opened = await runToExit("gio", ["open", file], env, os.tmpdir());
  assert.equal(opened.code, 0, `gio open: ${opened.err}`);
  await s.waitFor(
    async () => same(await shown(s), { accounts: ["北物流"], people: ["佐藤 花子"] }),
    "the double-clicked workspace in the first window",
  );
  fs.writeFileSync(path.join(ARTIFACTS, "installed-ja-opened.png"), await s.screenshot());
  assert.equal(installedProcesses(dir).length, 1, "one app runs, not two");
});
