// End-to-end: starting Stakemap again while it is open brings the open window forward and
// the second start exits, instead of opening the same workspace twice.

import { it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { APP, launchApp } from "./webdriver.mjs";


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
  const second = spawn(APP, [path.join(dir, "default.stakemap")], { env: { ...process.env, ...env }, stdio: "ignore" });
  const exit = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      second.kill("SIGKILL");
      reject(new Error("the second start did not exit: it opened a second window"));
    }, 30000);
    second.on("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
  assert.equal(exit, 0, "the second start exits cleanly");
  await s.waitFor(async () => (await info()).relaunches === 1, "the first window asked to come forward");
  // The first window still works.
  assert.ok(await s.execute(`return document.querySelectorAll('[data-testid="person-card"]').length > 0`));
  // The window tells the user when it gets the focus.
  await s.execute(`window.dispatchEvent(new Event('focus'))`);
  await s.waitFor(() => s.execute(`return document.querySelector('[data-testid="notice"]')?.textContent.includes('already open')`), "the notice");
});
