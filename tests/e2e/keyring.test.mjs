// End-to-end: remembering an encrypted workspace's password in the OS keychain, in the real
// window. A Secret Service of its own (GNOME Keyring in a D-Bus session this test starts,
// its keyring unlocked with a password and kept in the test's folder) stands for the
// user's login keyring. The user ticks "remember" when unlocking; after a restart the
// workspace opens without asking; a password changed in the app is remembered anew; one
// changed elsewhere is forgotten and asked for; after "forget" it is asked again; and the
// password is in no file the test's app wrote (nor in the app's output). Without any
// Secret Service the box says the keychain is unavailable and unlocking works as before.

import { it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startApp } from "./webdriver.mjs";
import { fitMap } from "./mapview.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const CLI = process.env.STAKEMAP_CLI ?? path.resolve(here, "../../target/debug/stakemap");
const SHOTS = process.env.STAKEMAP_E2E_SHOTS ?? path.join(os.tmpdir(), "stakemap-e2e-shots");

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A folder for one run: the user's home, data and runtime folders, and the app's data. */
function folders(lang) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `stakemap-keyring-${lang}-`));
  const dirs = { root, home: `${root}/home`, xdgData: `${root}/home/.local/share`, run: `${root}/run`, data: `${root}/data`, tmp: `${root}/tmp` };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true, mode: 0o700 });
  const user = {
    HOME: dirs.home,
    XDG_DATA_HOME: dirs.xdgData,
    XDG_CONFIG_HOME: `${dirs.home}/.config`,
    XDG_CACHE_HOME: `${dirs.home}/.cache`,
    XDG_RUNTIME_DIR: dirs.run,
    // Their temporary files land in the test's folder too, where they are looked through.
    TMPDIR: dirs.tmp,
  };
  return { ...dirs, user };
}

/** Starts a D-Bus session with GNOME Keyring's Secret Service in it, its login keyring
 * (created in the user's XDG_DATA_HOME) unlocked with `keyringPassword`. Answers the bus
 * address once the service is on the bus, and `stop()` ends the session. */
async function secretService(t, user, keyringPassword) {
  const script = [
    'printf %s "$KEYRING_PASSWORD" | gnome-keyring-daemon --foreground --unlock --components=secrets >"$XDG_RUNTIME_DIR/keyring.log" 2>&1 &',
    "daemon=$!",
    "for i in $(seq 100); do",
    "  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true' && break",
    "  sleep 0.1",
    "done",
    'echo "BUS=$DBUS_SESSION_BUS_ADDRESS"',
    'wait "$daemon"',
  ].join("\n");
  const proc = spawn("dbus-run-session", ["--", "sh", "-c", script], {
    env: { ...process.env, ...user, KEYRING_PASSWORD: keyringPassword, DBUS_SESSION_BUS_ADDRESS: "" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let out = "";
  proc.stdout.on("data", (d) => (out += d));
  proc.stderr.on("data", (d) => (out += d));
  const stop = () => {
    try {
      process.kill(-proc.pid, "SIGTERM");
    } catch {
      // already gone
    }
    proc.stdout.destroy();
    proc.stderr.destroy();
    proc.unref();
  };
  t.after(stop);
  for (let i = 0; i < 150 && !/BUS=\S+/.test(out); i++) {
    if (proc.exitCode !== null) break;
    await sleep(100);
  }
  const bus = /BUS=(\S+)/.exec(out)?.[1];
  assert.ok(bus, `the Secret Service did not start (install gnome-keyring and dbus): ${out}`);
  return bus;
}

/** Starts the app with `env`, and returns the session with `quit()` and `log()` (the
 * output of the driver and the app). */
async function launch(t, env) {
  const { driver, session } = await startApp(env);
  let closed = false;
  session.quit = async () => {
    if (closed) return;
    closed = true;
    await session.close();
    await driver.stop();
  };
  session.log = driver.log;
  t.after(() => session.quit());
  return session;
}

const cardCount = (s) => s.execute(`return document.querySelectorAll('[data-testid="person-card"]').length`);
const shown = (s, id) => s.execute(`return !!document.querySelector('[data-testid="${id}"]')`);
const text = (s, id) => s.execute(`return document.querySelector('[data-testid="${id}"]')?.textContent ?? null`);

async function shot(s, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await sleep(300); // the last click painted
  fs.writeFileSync(path.join(SHOTS, `${name}.png`), await s.screenshot());
}

/** Waits until the window shows either the password prompt or the map, and says which. */
async function firstScreen(s) {
  return s.waitFor(async () => {
    if (await shown(s, "unlock-password")) return "asked";
    if ((await cardCount(s)) > 0) return "map";
    return null;
  }, "the password prompt or the map", 60000);
}

/** Opens the File menu and clicks `item` with the mouse. */
async function fileMenu(s, item) {
  await s.clickAt(await s.find('[data-testid="file-menu"] summary'));
  await s.clickAt(await s.find(`[data-testid="${item}"]`));
}

/** Whether the File menu offers to forget the password (the menu reads the keychain). */
async function offersForget(s) {
  await s.clickAt(await s.find('[data-testid="file-menu"] summary'));
  await sleep(700);
  const offered = await shown(s, "file-forget-password");
  await s.clickAt(await s.find('[data-testid="file-menu"] summary'));
  return offered;
}

/** Types the password into the prompt, ticks "remember" when asked (with the mouse), and
 * clicks Open; waits for the map. */
async function unlock(s, password, { remember }) {
  await s.type(await s.find('[data-testid="unlock-password"]'), password);
  if (remember) {
    await s.waitFor(() => s.execute(`return document.querySelector('[data-testid="unlock-remember"]')?.disabled === false`), "the remember box to be enabled");
    await s.clickAt(await s.find('[data-testid="unlock-remember"]'));
    assert.equal(await s.execute(`return document.querySelector('[data-testid="unlock-remember"]').checked`), true, "the box is ticked");
  }
  await s.clickAt(await s.find('[data-testid="unlock-open"]'));
  await s.waitFor(async () => (await cardCount(s)) > 10, "the map after the password");
}

/** Every regular file under `dir` (symbolic links not followed). */
function filesUnder(dir, out = []) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) filesUnder(p, out);
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** The files of `files` whose bytes hold `needle` (as UTF-8 or UTF-16). Files of other
 * programs in the system's temporary folder over 64 MB (builds, not this test's) are left. */
function holding(files, needle) {
  const forms = [Buffer.from(needle, "utf8"), Buffer.from(needle, "utf16le")];
  return files.filter((f) => {
    try {
      if (fs.statSync(f).size > 64 * 1024 * 1024) return false;
      const bytes = fs.readFileSync(f);
      return forms.some((b) => bytes.includes(b));
    } catch {
      return false;
    }
  });
}

/** New entries of the system's temporary folder since `before` (a set of names). */
function newTemp(before) {
  return fs
    .readdirSync(os.tmpdir())
    .filter((n) => !before.has(n))
    .map((n) => path.join(os.tmpdir(), n));
}

/** An encrypted demo workspace at the app's default place, made with the CLI. */
function encryptedWorkspace(dirs, lang, password) {
  const file = path.join(dirs.data, "default.stakemap");
  execFileSync(CLI, ["demo", file, "--lang", lang]);
  execFileSync(CLI, ["--backups", path.join(dirs.root, "cli-backups"), "encrypt", file], { input: `${password}\n` });
  return file;
}

for (const lang of ["en", "ja"]) {
  it(`remembers the password in the keychain, opens without asking, and forgets it (${lang})`, async (t) => {
    const tempBefore = new Set(fs.readdirSync(os.tmpdir()));
    const dirs = folders(lang);
    // A password unique to this run, so that finding it anywhere means this run wrote it.
    const password = `kagi ${lang} ${crypto.randomBytes(6).toString("hex")}`;
    const file = encryptedWorkspace(dirs, lang, password);
    const bus = await secretService(t, dirs.user, "keyring-pw-1");
    const env = { ...dirs.user, DBUS_SESSION_BUS_ADDRESS: bus, STAKEMAP_DATA_DIR: dirs.data, STAKEMAP_LANG: lang };
    const logs = [];

    // First start: asked; the box is there, with the hint, in the user's language.
    let s = await launch(t, env);
    assert.equal(await firstScreen(s), "asked");
    await s.waitFor(() => shown(s, "unlock-remember-hint"), "the keychain hint");
    const label = await text(s, "unlock-remember-label");
    const hint = await text(s, "unlock-remember-hint");
    if (lang === "ja") {
      assert.match(label, /このパスワードを記憶する（OSのキーチェーンに保存）/);
      assert.match(hint, /ログインキーリング/);
    } else {
      assert.match(label, /Remember this password \(in the OS keychain\)/);
      assert.match(hint, /login keyring/);
    }
    await s.type(await s.find('[data-testid="unlock-password"]'), password);
    await s.clickAt(await s.find('[data-testid="unlock-remember"]'));
    await shot(s, `keyring-${lang}-remember-ticked`);
    assert.equal(await s.execute(`return document.querySelector('[data-testid="unlock-remember"]').checked`), true);
    await s.clickAt(await s.find('[data-testid="unlock-open"]'));
    await s.waitFor(async () => (await cardCount(s)) > 10, "the map after the password");
    logs.push(s.log());
    await s.quit();

    // Restart: it opens without asking.
    s = await launch(t, env);
    assert.equal(await firstScreen(s), "map", "the remembered password opened the workspace");
    await fitMap(s);
    await shot(s, `keyring-${lang}-opened-without-asking`);
    assert.ok(await shown(s, "encrypted-badge"), "the workspace is the encrypted one");
    assert.equal(await offersForget(s), true, "the File menu offers to forget it");

    let current = password;
    if (lang === "en") {
      // A password changed in the app is remembered anew.
      const changed = `${password} new`;
      await fileMenu(s, "file-change-password");
      await s.type(await s.find('[data-testid="password-new"]'), changed);
      await s.type(await s.find('[data-testid="password-repeat"]'), changed);
      await s.clickAt(await s.find('[data-testid="password-do"]'));
      await s.waitFor(() => s.execute(`return !document.querySelector('[data-testid="password-dialog"]')`), "the password dialog to close");
      logs.push(s.log());
      await s.quit();
      s = await launch(t, env);
      assert.equal(await firstScreen(s), "map", "the new password was remembered");
      logs.push(s.log());
      await s.quit();
      current = changed;

      // Changed elsewhere (the CLI): the remembered one no longer opens it; the window asks,
      // and that stale password is forgotten.
      const elsewhere = `${password} cli`;
      // The CLI waits for the app that just closed to let go of the file.
      const changeElsewhere = () => execFileSync(CLI, ["--password-stdin", "--backups", path.join(dirs.root, "cli-backups"), "encrypt", file], { input: `${current}\n${elsewhere}\n`, stdio: "pipe" });
      for (let i = 0; ; i++) {
        try {
          changeElsewhere();
          break;
        } catch (e) {
          if (i >= 40 || !/is open in the Stakemap app/.test(String(e.stderr))) throw e;
          await sleep(250);
        }
      }
      s = await launch(t, env);
      assert.equal(await firstScreen(s), "asked", "a stale remembered password is not used");
      // The prompt says why it asks although the password was remembered.
      const stale = await s.waitFor(() => text(s, "unlock-forgotten"), "the prompt to say the remembered password was forgotten");
      assert.match(stale, lang === "ja" ? /記憶していたパスワードではこのファイルを開けなくなったため、削除しました/ : /The remembered password no longer opens this file; it was forgotten\. Enter the password\./);
      await shot(s, `keyring-${lang}-stale-forgotten`);
      await unlock(s, elsewhere, { remember: false });
      assert.equal(await offersForget(s), false, "the stale password was forgotten");
      logs.push(s.log());
      await s.quit();
      // Remembered again for the rest of the test.
      s = await launch(t, env);
      assert.equal(await firstScreen(s), "asked");
      assert.equal(await shown(s, "unlock-forgotten"), false, "said once, not at every prompt");
      await unlock(s, elsewhere, { remember: true });
      current = elsewhere;
      assert.equal(await offersForget(s), true);
    }

    // Forget it (File menu, mouse): told so; after a restart it asks again.
    await fileMenu(s, "file-forget-password");
    const notice = await s.waitFor(() => text(s, "notice"), "the notice");
    assert.match(notice, lang === "ja" ? /記憶していたパスワードを削除しました/ : /no longer remembered/);
    await shot(s, `keyring-${lang}-forgotten`);
    logs.push(s.log());
    await s.quit();
    s = await launch(t, env);
    assert.equal(await firstScreen(s), "asked", "asked again after forget");
    await shot(s, `keyring-${lang}-asked-again`);
    await unlock(s, current, { remember: false });
    assert.equal(await offersForget(s), false, "nothing is remembered after forget");

    if (lang === "en") {
      // Removing the encryption forgets the remembered password: encrypted again with the
      // same one, nothing is remembered.
      await s.quit();
      s = await launch(t, env);
      assert.equal(await firstScreen(s), "asked");
      await unlock(s, current, { remember: true });
      assert.equal(await offersForget(s), true);
      await fileMenu(s, "file-decrypt");
      await s.clickAt(await s.find('[data-testid="password-do"]'));
      await s.waitFor(() => s.execute(`return !document.querySelector('[data-testid="encrypted-badge"]')`), "the encryption to go");
      await fileMenu(s, "file-encrypt");
      await s.type(await s.find('[data-testid="password-new"]'), current);
      await s.type(await s.find('[data-testid="password-repeat"]'), current);
      await s.clickAt(await s.find('[data-testid="password-do"]'));
      await s.waitFor(() => shown(s, "encrypted-badge"), "the encrypted badge");
      assert.equal(await offersForget(s), false, "removing the encryption forgot the password");
    }
    logs.push(s.log());
    await s.quit();

    // The password is in no file this test's app and keyring wrote (outside the keyring's
    // own store, which is encrypted with the keyring's password), nor in the app's output.
    const keyringStore = path.join(dirs.xdgData, "keyrings");
    assert.ok(fs.existsSync(path.join(keyringStore, "login.keyring")), "the keyring's store is in the test's folder");
    const files = [...filesUnder(dirs.root), ...newTemp(tempBefore).flatMap((p) => (fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() ? filesUnder(p) : [p]))].filter(
      (f) => !f.startsWith(keyringStore + path.sep),
    );
    assert.ok(files.length > 5, `the files looked through: ${files.length}`);
    for (const pw of lang === "en" ? [password, `${password} new`, current] : [password]) {
      assert.deepEqual(holding(files, pw), [], "the password is written in these files");
      for (const log of logs) assert.equal(log.includes(pw), false, "the password is in the app's output");
    }
  });
}

it("says the keychain is unavailable without a Secret Service, and unlocks as before", async (t) => {
  for (const lang of ["en", "ja"]) {
    const dirs = folders(`nobus-${lang}`);
    const password = `kagi nashi ${crypto.randomBytes(4).toString("hex")}`;
    encryptedWorkspace(dirs, lang, password);
    // A bus address where nothing listens: no Secret Service can answer.
    const env = { ...dirs.user, DBUS_SESSION_BUS_ADDRESS: `unix:path=${dirs.run}/no-bus`, STAKEMAP_DATA_DIR: dirs.data, STAKEMAP_LANG: lang };
    const s = await launch(t, env);
    assert.equal(await firstScreen(s), "asked");
    const why = await s.waitFor(() => text(s, "unlock-remember-none"), "the reason the box is off");
    assert.match(why, lang === "ja" ? /使えるキーチェーンがありません/ : /No keychain is available/);
    assert.equal(await s.execute(`return document.querySelector('[data-testid="unlock-remember"]').disabled`), true, "the box is disabled");
    await s.clickAt(await s.find('[data-testid="unlock-remember"]'));
    assert.equal(await s.execute(`return document.querySelector('[data-testid="unlock-remember"]').checked`), false, "a click does not tick it");
    await shot(s, `keyring-${lang}-unavailable`);
    await unlock(s, password, { remember: false });
    assert.equal(await offersForget(s), false);
    await s.quit();
  }
});
