// End-to-end: Help > About shows the version `stakemap --version` prints, the data folder,
// and the licence notices of the crates and npm packages the app is built from; in English
// and Japanese.

import { it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchApp } from "./webdriver.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const CLI = process.env.STAKEMAP_CLI ?? path.resolve(here, "../../target/debug/stakemap");
const notices = JSON.parse(fs.readFileSync(path.resolve(here, "../../ui/src/generated/licences.json"), "utf8"));

for (const [lang, words] of [
  ["en", { help: "Help", about: "About Stakemap", version: "Version", crates: "Rust crates" }],
  ["ja", { help: "ヘルプ", about: "Stakemap について", version: "バージョン", crates: "Rust クレート" }],
]) {
  it(`Help > About shows the CLI's version, the data folder and the notices (${lang})`, async (t) => {
    const cliVersion = execFileSync(CLI, ["--version"], { encoding: "utf8" }).trim().split(/\s+/).pop();
    assert.match(cliVersion, /^\d+\.\d+\.\d+/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-"));
    const s = await launchApp(t, { STAKEMAP_DATA_DIR: dir, STAKEMAP_LANG: lang });
    await s.waitFor(() => s.execute(`return document.querySelectorAll('[data-testid="person-card"]').length > 0`), "the demo map");

    const help = await s.find('[data-testid="help-menu"] summary');
    assert.equal(await s.text(help), words.help);
    await s.click(help);
    await s
      .waitFor(() => s.execute(`return document.querySelector('[data-testid="help-menu"]').open`), "the open menu")
      .catch(async (e) => {
        fs.writeFileSync(path.join(os.tmpdir(), `stakemap-about-menu-${lang}.png`), await s.screenshot());
        throw e;
      });
    const item = await s.find('[data-testid="help-about"]');
    assert.equal(await s.execute(`return document.querySelector('[data-testid="help-about"]').textContent`), `${words.about}…`);
    await s.click(item);
    const version = await s.waitFor(() => s.execute(`return document.querySelector('[data-testid="about-version"]')?.textContent`), "the About dialog");
    assert.equal(version, `Stakemap ${words.version} ${cliVersion}`, "the window and `stakemap --version` agree");
    const folder = await s.execute(`return document.querySelector('[data-testid="about-data-dir"]').textContent`);
    assert.ok(folder.includes(dir), folder);

    // The crates' notices: opened, one line per crate of the generated list.
    await s.click(await s.find('[data-testid="about-crates"] summary'));
    const crates = await s.waitFor(
      () => s.execute(`return [...document.querySelectorAll('[data-testid="about-crates"] li')].map((li) => li.textContent)`).then((l) => (l.length > 0 ? l : null)),
      "the crates' notices",
    );
    assert.equal(crates.length, notices.crates.length);
    const tauri = notices.crates.find((c) => c.name === "tauri");
    assert.ok(crates.some((l) => l.startsWith(`tauri ${tauri.version}: ${tauri.licence}`)), "tauri and its licence are listed");
    const summary = await s.execute(`return document.querySelector('[data-testid="about-crates"] summary').textContent`);
    assert.equal(summary, `${words.crates}${lang === "ja" ? "（" : " ("}${notices.crates.length}${lang === "ja" ? "）" : ")"}`);
    fs.writeFileSync(path.join(os.tmpdir(), `stakemap-about-${lang}.png`), await s.screenshot());
  });
}
