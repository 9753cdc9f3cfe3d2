// End-to-end: export the demo's map as PowerPoint slides from the export dialog, in English
// and in Japanese, in the real window. The native save dialog is answered with the keyboard
// (see DialogAnswers in webdriver.mjs); the file written is the CLI's, byte for byte.

import { it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchApp, selectOption } from "./webdriver.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const CLI = process.env.STAKEMAP_CLI ?? path.resolve(here, "../../target/debug/stakemap");
const ARTIFACTS = path.join(here, "artifacts");

for (const [lang, label, saved] of [
  ["en", "PowerPoint slides (cards and lines to edit)", "Saved"],
  ["ja", "PowerPoint スライド（カードと線を編集できます）", "保存しました"],
]) {
  it(`exports the map as PowerPoint slides from the export dialog (${lang})`, async (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-"));
    const s = await launchApp(t, { STAKEMAP_DATA_DIR: dir, STAKEMAP_LANG: lang });
    await s.waitFor(() => s.execute(`return document.querySelectorAll('[data-testid="person-card"]').length > 0`), "the demo map");

    await s.click(await s.find('[data-testid="file-menu"] summary'));
    await s.click(await s.find('[data-testid="file-export"]'));
    await s.waitFor(() => s.find('[data-testid="export-dialog"]'), "the export dialog");
    const option = await s.execute(`return document.querySelector('[data-testid="export-format"] option[value="pptx"]')?.textContent`);
    assert.equal(option, label, "PowerPoint is in the format list, in the user's language");
    await selectOption(s, "export-format", "pptx");
    // Slides are for outside: every private part starts left out.
    for (const k of ["ratings", "notes", "portraits", "negative_lines"]) {
      assert.equal(await s.execute(`return document.querySelector('[data-testid="redact-${k}"]').checked`), true, k);
    }
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.writeFileSync(path.join(ARTIFACTS, `export-pptx-${lang}.png`), await s.screenshot());

    const out = path.join(dir, "map.pptx");
    s.answers.next(out);
    await s.click(await s.find('[data-testid="export-do"]'));
    await s.waitFor(
      () => s.execute(`return document.querySelector('[data-testid="notice"]')?.textContent ?? ""`).then((t) => t.includes(saved) && t.includes("map.pptx")),
      "the export notice",
    );
    const bytes = fs.readFileSync(out);
    assert.equal(bytes.subarray(0, 2).toString("latin1"), "PK", "a zip package");
    for (const part of ["[Content_Types].xml", "ppt/presentation.xml", "ppt/slides/slide1.xml"]) {
      assert.ok(bytes.includes(Buffer.from(part)), `${part} is in the package`);
    }

    // The window and the CLI give the same file for the same choices (redacted, this language).
    const ws = path.join(dir, "default.stakemap");
    const account = execFileSync(CLI, ["accounts", ws], { encoding: "utf8" }).split("\t")[0];
    const again = path.join(dir, "cli.pptx");
    execFileSync(CLI, ["export", ws, "--account", account, "--format", "pptx", "--out", again, "--lang", lang]);
    assert.ok(fs.readFileSync(again).equals(bytes), "the CLI's slides are byte for byte the window's");
  });
}
