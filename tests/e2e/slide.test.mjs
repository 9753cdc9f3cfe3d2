// End-to-end: the export dialog in the real window makes a 16:9 slide PNG of the demo, in
// English and Japanese: "For my team" draws the rating chips, "For outside" leaves every
// chip out; both are 1920 x 1080 pixels. The Account brief item of the File menu opens the
// dialog on the brief. The native file dialogs are answered with the keyboard (see
// DialogAnswers in webdriver.mjs).

import { it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { launchApp } from "./webdriver.mjs";
import { readPng } from "./png.mjs";

/** Pixels of the rating chips' own colours (ratings 2, 3 and 4: used by nothing else). */
function chipPixels({ width, height, pixels }) {
  const chips = new Set(["249,115,22", "234,179,8", "132,204,22"]);
  let n = 0;
  for (let i = 0; i < width * height; i++) {
    const o = i * 4;
    if (chips.has(`${pixels[o]},${pixels[o + 1]},${pixels[o + 2]}`)) n++;
  }
  return n;
}

const WORDS = {
  en: { team: "For my team", outside: "For outside", slide: "Slide 16:9", brief: "Account brief" },
  ja: { team: "チーム内向け", outside: "社外向け", slide: "スライド 16:9", brief: "アカウントブリーフ" },
};

for (const lang of ["en", "ja"]) {
  it(`exports a slide PNG from the dialog, for my team and for outside (${lang})`, async (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-slide-"));
    const s = await launchApp(t, { STAKEMAP_DATA_DIR: dir, STAKEMAP_LANG: lang });
    await s.waitFor(() => s.execute(`return document.querySelectorAll('[data-testid="person-card"]').length > 0`), "the demo map");
    const w = WORDS[lang];

    const exportAs = async (audience, name) => {
      await s.clickAt(await s.find('[data-testid="file-menu"] summary'));
      await s.clickAt(await s.find('[data-testid="file-export"]'));
      await s.waitFor(() => s.find('[data-testid="export-dialog"]'), "the export dialog");
      assert.equal(await s.execute(`return document.querySelector('[data-testid="export-format"]').value`), "png");
      assert.equal(await s.execute(`return document.querySelector('[data-testid="export-page"]').value`), "slide");
      const page = await s.execute(`return document.querySelector('[data-testid="export-page"] option[value="slide"]').textContent`);
      assert.equal(page, w.slide);
      const radio = await s.find(`[data-testid="export-for-${audience}"]`);
      const label = await s.execute(`return document.querySelector('[data-testid="export-for-${audience}"]').parentElement.textContent`);
      assert.ok(label.includes(w[audience]), label);
      await s.clickAt(radio);
      const ticked = await s.execute(`return [...document.querySelectorAll('[data-testid^="redact-"]')].map(e => e.checked)`);
      assert.deepEqual(ticked, audience === "team" ? [false, false, false, false] : [true, true, true, true]);
      if (audience === "outside") {
        fs.writeFileSync(path.join(dir, `dialog-${lang}.png`), await s.screenshot());
      }
      const out = path.join(dir, name);
      s.answers.next(out);
      await s.clickAt(await s.find('[data-testid="export-do"]'));
      await s.waitFor(() => s.execute(`return document.querySelector('[data-testid="notice"]')?.textContent.includes(arguments[0])`, [name]), "the export notice", 60000);
      return readPng(fs.readFileSync(out));
    };

    const team = await exportAs("team", "team.png");
    assert.deepEqual([team.width, team.height], [1920, 1080]);
    const teamChips = chipPixels(team);
    assert.ok(teamChips > 200, `for my team the chips are drawn (${teamChips} chip pixels)`);

    const outside = await exportAs("outside", "outside.png");
    assert.deepEqual([outside.width, outside.height], [1920, 1080]);
    assert.equal(chipPixels(outside), 0, "for outside no chip is drawn");

    // The File menu's Account brief opens the dialog on the brief, for my team.
    await s.clickAt(await s.find('[data-testid="file-menu"] summary'));
    const brief = await s.find('[data-testid="file-brief"]');
    const briefText = await s.execute(`return document.querySelector('[data-testid="file-brief"]').textContent`);
    assert.ok(briefText.includes(w.brief), briefText);
    await s.clickAt(brief);
    await s.waitFor(() => s.find('[data-testid="export-dialog"]'), "the export dialog");
    assert.equal(await s.execute(`return document.querySelector('[data-testid="export-format"]').value`), "brief_pdf");
    assert.equal(await s.execute(`return document.querySelector('[data-testid="export-for-team"]').checked`), true);
    s.answers.next(path.join(dir, "brief.pdf"));
    await s.clickAt(await s.find('[data-testid="export-do"]'));
    await s.waitFor(() => s.execute(`return document.querySelector('[data-testid="notice"]')?.textContent.includes("brief.pdf")`), "the brief notice", 60000);
    assert.ok(fs.readFileSync(path.join(dir, "brief.pdf")).subarray(0, 5).toString() === "%PDF-");
    console.log(`slide (${lang}): for my team ${teamChips} chip pixels, for outside 0; files in ${dir}`);
  });
}
