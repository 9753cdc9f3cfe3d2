// End-to-end: the words of the window and the size of its dialogs, as a new user finds them.
// Every dialog fits a 1280 x 720 window with its buttons in view; the Japanese window shows
// no English word on the main screens; the sidebar says what it counts, a new account has
// "no review yet", and dates have one format.

import { it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchApp } from "./webdriver.mjs";
import { fitMap } from "./mapview.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const ARTIFACTS = path.join(here, "artifacts");
fs.mkdirSync(ARTIFACTS, { recursive: true });

const byTestId = (s, id) => s.find(`[data-testid="${id}"]`);
const shot = async (s, name) => fs.writeFileSync(path.join(ARTIFACTS, name), await s.screenshot());

/** Starts the app on the demo workspace (in a window of `size` if given). The map opens at a
 * readable zoom, so only the cards in view are drawn: `opening` (if given) runs on that first
 * view, then the map is fitted to the window (the button) so that every card is drawn. */
async function start(t, lang, size, opening) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-"));
  const s = await launchApp(t, { STAKEMAP_DATA_DIR: dir, STAKEMAP_LANG: lang });
  if (size) {
    await s.cmd("POST", "/window/rect", { width: size[0], height: size[1] });
    await s.waitFor(
      () => s.execute(`return window.innerWidth <= arguments[0] && window.innerHeight <= arguments[1] && window.innerHeight > 400`, size),
      `a ${size[0]} x ${size[1]} window`,
    );
  }
  await s.waitFor(() => s.execute(`return document.querySelectorAll('[data-testid="person-card"]').length > 0`), "the map's opening view");
  if (opening) await opening(s, dir);
  await fitMap(s);
  await s.waitFor(() => s.execute(`return document.querySelectorAll('[data-testid="person-card"]').length >= 30`), "the demo map");
  return { s, dir };
}

async function fileMenu(s, item, answer) {
  if (answer !== undefined) s.answers.next(answer);
  await s.clickAt(await s.find('[data-testid="file-menu"] summary'));
  await s.clickAt(await byTestId(s, item));
}

/** The buttons of the open dialog that are not fully inside the window or are covered (the
 * close button in its head and every button of its last row of actions). */
function buttonsOutOfView(s, dialog) {
  return s.execute(
    `const d = document.querySelector('[data-testid="' + arguments[0] + '"]');
     const rows = d.querySelectorAll('.modal-body .actions');
     const buttons = [d.querySelector('.modal-head button'), ...(rows.length ? rows[rows.length - 1].querySelectorAll('button') : [])];
     const w = window.innerWidth, h = window.innerHeight;
     return buttons.filter(Boolean).flatMap(b => {
       const r = b.getBoundingClientRect();
       const inside = r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 && r.right <= w && r.bottom <= h;
       const top = inside ? document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) : null;
       return inside && top && (top === b || b.contains(top)) ? [] : [b.textContent.trim() + ' at ' + Math.round(r.top) + '..' + Math.round(r.bottom) + ' of ' + h];
     });`,
    [dialog],
  );
}

async function checkDialog(s, open, dialog, prepare) {
  await open();
  await s.waitFor(() => s.execute(`return !!document.querySelector('[data-testid="' + arguments[0] + '"]')`, [dialog]), dialog);
  if (prepare) await prepare();
  await new Promise((r) => setTimeout(r, 300));
  await shot(s, `dialog-720-${dialog}.png`);
  const size = await s.execute(`const r = document.querySelector('[data-testid="' + arguments[0] + '"]').getBoundingClientRect(); return [Math.round(r.top), Math.round(r.bottom), window.innerHeight];`, [dialog]);
  assert.deepEqual(await buttonsOutOfView(s, dialog), [], `${dialog} (${size.join(", ")}) has its buttons inside the 720 px window`);
  // Closed with its own close button, a click the user can make.
  await s.clickAt(await s.find(`[data-testid="${dialog}"] .modal-head button`));
  await s.waitFor(() => s.execute(`return !document.querySelector('[data-testid="' + arguments[0] + '"]')`, [dialog]), `${dialog} closed`);
}

it("fits every dialog in a 1280 x 720 window with its buttons in view", async (t) => {
  const { s, dir } = await start(t, "en", [1280, 720]);
  const account = (await s.invoke("list_accounts")).v[0];
  // A few reviews, so that the reviews dialog has a list and a comparison to show.
  for (const name of ["FY26 Q1 review", "FY26 Q2 review", "FY26 Q3 review", "FY26 Q4 review"]) {
    const r = await s.invoke("take_snapshot", { accountId: account.id, name });
    assert.ok(r.ok, JSON.stringify(r));
  }
  // A CSV with a column for each field and many rows, as a CRM export is.
  const csv = path.join(dir, "contacts.csv");
  const head = "Name,Title,Department,Email,Phone,Manager,Company,City,Notes";
  const rows = Array.from({ length: 40 }, (_, i) => `Person ${i},Manager ${i},Dept ${i % 5},p${i}@example.com,+81 3 0000 ${1000 + i},${i ? `Person ${i - 1}` : ""},Contoso,Tokyo,Met at the fair`);
  fs.writeFileSync(csv, [head, ...rows].join("\n"));

  await checkDialog(s, async () => s.clickAt(await byTestId(s, "open-reviews")), "reviews-dialog", async () => {
    await s.waitFor(() => s.execute(`return document.querySelectorAll('[data-testid="snapshot-row"]').length === 4`), "the snapshots");
    await s.clickAt(await byTestId(s, "compare-run"));
    await s.waitFor(() => s.execute(`return !!document.querySelector('[data-testid="comparison"]')`), "the comparison");
  });
  await checkDialog(s, async () => s.clickAt(await byTestId(s, "open-plan")), "plan-dialog");
  await checkDialog(s, async () => s.clickAt(await byTestId(s, "open-portfolio")), "portfolio-dialog");
  await checkDialog(s, async () => s.clickAt(await byTestId(s, "open-trash")), "trash-dialog");
  await checkDialog(s, () => fileMenu(s, "file-import", csv), "import-dialog");
  await checkDialog(s, () => fileMenu(s, "file-export"), "export-dialog");
  await checkDialog(s, () => fileMenu(s, "file-restore"), "backups-dialog");
  await checkDialog(s, () => fileMenu(s, "file-encrypt"), "password-dialog");

  // One date format: the sidebar's last review and the reviews list write the same day.
  const cadence = await s.execute(`return document.querySelector('[data-testid="account-cadence"]').textContent`);
  const day = /Last review: (\d{1,2} [A-Z][a-z]{2} \d{4})/.exec(cadence);
  assert.ok(day, `the last review is a day such as 2 Dec 2026: ${cadence}`);
  await s.clickAt(await byTestId(s, "open-reviews"));
  const listed = await s.waitFor(() => s.execute(`return document.querySelector('[data-testid="snapshot-row"] .note')?.textContent`), "a snapshot row");
  assert.ok(listed.startsWith(`${day[1]}, `), `the snapshot list writes the same day: ${listed}`);
  assert.match(listed, /people \(our team not counted\)/, "the snapshot says whom it counts");
  await s.clickAt(await s.find('[data-testid="reviews-dialog"] .modal-head button'));

  // The counts say what they count: the cards on the map are the customer's people, the
  // others and our team of the sidebar.
  const counted = await s.execute(`return document.querySelector('[data-testid="summary-people"]').textContent`);
  const m = /(\d+) customer people · (\d+) others · (\d+) our team/.exec(counted);
  assert.ok(m, counted);
  const cards = await s.execute(`return document.querySelectorAll('[data-testid="person-card"]').length`);
  assert.equal(Number(m[1]) + Number(m[2]) + Number(m[3]), cards, `the sidebar's counts add up to the ${cards} cards`);

  // A new account has had no review yet: it is not flagged as overdue.
  await s.clickAt(await byTestId(s, "add-account"));
  const fresh = await s.waitFor(
    () =>
      s.execute(`
        const items = [...document.querySelectorAll('[data-testid="account-cadence"]')];
        const mine = items.find(c => !c.closest('li, [data-account-id]')?.textContent.includes('Northwind'));
        return mine ? { text: mine.textContent, due: !!mine.querySelector('[data-testid="account-review-due"]') } : null;`),
    "the new account's cadence",
  );
  assert.equal(fresh.text.trim(), "no review yet");
  assert.equal(fresh.due, false);
  await shot(s, "dialog-720-new-account.png");
});

/** Every Latin word on the screen (text, tooltips, labels of the visible elements), with
 * where it is. */
function latinOnScreen(s) {
  return s.execute(`
    const out = [];
    const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || !visible(el) || el.closest('script, style')) continue;
      if (el.closest('input, textarea')) continue;
      out.push([n.textContent, el.tagName + '.' + (el.getAttribute('data-testid') ?? el.className?.baseVal ?? el.className)]);
    }
    for (const el of document.querySelectorAll('[title], [aria-label], [placeholder], option')) {
      if (el.tagName !== 'OPTION' && !visible(el)) continue;
      for (const a of ['title', 'aria-label', 'placeholder']) if (el.getAttribute(a)) out.push([el.getAttribute(a), el.tagName + '@' + a]);
      if (el.tagName === 'OPTION') out.push([el.textContent, 'OPTION']);
    }
    return out.flatMap(([text, where]) => (text.match(/[A-Za-z][A-Za-z_]*/g) ?? []).map(w => [w, where, text.slice(0, 120)]));`);
}

/** Words a Japanese screen may show in Latin letters: formats, units, keys, abbreviations
 * (as the catalogue test allows), the product's name, and the language menu's "English"
 * (each language is named in itself). */
const ALLOWED = new Set(["English", "Stakemap", "CSV", "PNG", "SVG", "PDF", "HTML", "JSON", "GraphML", "vCard", "ABCD", "A", "B", "C", "D", "PageRank", "ID", "JPY", "Ctrl", "Shift", "Z", "Q", "FY", "AES", "KPI", "CRM", "Enter", "Esc"]);

it("shows no English word on the main screens of the Japanese window", async (t) => {
  let account, map, data;
  const english = async (s, screen) => {
    await new Promise((r) => setTimeout(r, 400));
    await shot(s, `ja-${screen}.png`);
    const found = (await latinOnScreen(s)).filter(([w]) => !ALLOWED.has(w) && !data.has(w));
    return found.map(([w, where, text]) => `${screen}: "${w}" in ${where}: ${text}`);
  };
  const found = [];
  // The map as it opens (at a readable zoom on the key persons), then fitted to the window
  // with every card drawn.
  const { s } = await start(t, "ja", undefined, async (s, dir) => {
    account = (await s.invoke("list_accounts")).v[0];
    map = (await s.invoke("account_map", { accountId: account.id, collapsed: null })).v;
    assert.ok(map && map.people, JSON.stringify(map).slice(0, 300));
    // Words of the user's own data (the demo's names, titles, opportunities, and the path of
    // the workspace file, default.stakemap in the data folder) may be Latin.
    data = new Set(JSON.stringify({ account, map, file: path.join(dir, "default.stakemap") }).match(/[A-Za-z][A-Za-z_]*/g));
    found.push(...(await english(s, "opening")));
  });
  // The legend may be folded (the window remembers it): the user unfolds it to read it.
  if (await s.execute(`return document.querySelector('[data-testid="legend-fold"]').getAttribute('aria-expanded') === 'false'`)) {
    await s.clickAt(await s.find('[data-testid="legend-fold"]'));
    await s.waitFor(() => s.execute(`return document.querySelector('[data-testid="legend-fold"]').getAttribute('aria-expanded') === 'true'`), "the legend unfolded");
  }
  found.push(...(await english(s, "map")));
  const legend = await s.execute(`return document.querySelector('[data-testid="legend"]').textContent`);
  if (!/親.*親密度/.test(legend)) found.push(`map: the legend does not say what 親/ソ/価 mean: ${legend}`);

  // A key person's inspector, and the analysis of them.
  const ceo = map.key_person_ids[0];
  await s.clickAt(await s.find(`[data-testid="person-card"][data-person-id="${ceo}"]`));
  await s.waitFor(() => s.execute(`return !!document.querySelector('[data-testid="field-name"]')`), "the inspector");
  found.push(...(await english(s, "inspector")));
  await s.clickAt(await byTestId(s, "tab-analysis"));
  await s.waitFor(() => s.execute(`return document.querySelectorAll('[data-testid="indirect"]').length > 0`), "the analysis");
  found.push(...(await english(s, "analysis")));
  const gap = await s.execute(`return document.querySelector('[data-testid="gap-badge"]')?.textContent ?? null`);
  if (gap === "空白") found.push("analysis: the gap badge reads 空白, which does not say what the gap is");

  // A line's inspector: click the middle of an influence line, as the user does.
  await s.clickAt(await byTestId(s, "tab-inspector"));
  const mids = await s.execute(`
    return [...document.querySelectorAll('.react-flow__edge.line-influence')].map(g => {
      const p = g.querySelector('path');
      const at = p.getPointAtLength(p.getTotalLength() / 2);
      // The map's zoom is a CSS transform, which getScreenCTM leaves out in WebKit: map the
      // point through the path's box in its own units and on the screen.
      const box = p.getBBox(), r = p.getBoundingClientRect();
      const k = box.width > 0 ? r.width / box.width : r.height / Math.max(box.height, 1e-6);
      return { x: r.left + (at.x - box.x) * k, y: r.top + (at.y - box.y) * k };
    }).filter(c => c.x > 260 && c.y > 150 && c.x < window.innerWidth - 320 && c.y < window.innerHeight - 20);`);
  let lineShown = false;
  // A line's middle may lie under a card; the user clicks another line then.
  for (const mid of mids.slice(0, 12)) {
    await s.mouse([
      { type: "pointerMove", duration: 0, origin: "viewport", x: Math.round(mid.x), y: Math.round(mid.y) },
      { type: "pointerDown", button: 0 },
      { type: "pointerUp", button: 0 },
    ]);
    await new Promise((r) => setTimeout(r, 300));
    lineShown = await s.execute(`return !!document.querySelector('[data-testid="inspector"][data-line-id]')`);
    if (lineShown) break;
  }
  assert.ok(lineShown, `a click on the middle of one of ${mids.length} influence lines opens it`);
  const labels = await s.waitFor(
    () => s.execute(`const i = document.querySelector('[data-testid="inspector"][data-line-id]'); return i ? [...i.querySelectorAll('label')].map(l => l.firstChild?.textContent ?? '') : null;`),
    "the line's inspector",
  );
  if (labels.includes("個人ポートレート") || labels.includes("向き")) found.push(`line: a person's label on a line: ${labels.join(" / ")}`);
  found.push(...(await english(s, "line")));

  // Reviews: take a snapshot, compare it with now, and show the comparison on the map.
  await s.clickAt(await byTestId(s, "open-reviews"));
  await s.waitFor(() => s.execute(`return !!document.querySelector('[data-testid="reviews-dialog"]')`), "the reviews");
  await s.clickAt(await byTestId(s, "snapshot-take"));
  await s.waitFor(() => s.execute(`return document.querySelectorAll('[data-testid="snapshot-row"]').length === 1`), "the snapshot");
  await s.clickAt(await byTestId(s, "compare-run"));
  await s.waitFor(() => s.execute(`return !!document.querySelector('[data-testid="comparison"]')`), "the comparison");
  found.push(...(await english(s, "reviews")));
  await s.clickAt(await byTestId(s, "cmp-show-on-map"));
  // Showing the comparison on the map may close the dialog itself; close it if not.
  const stillOpen = await s.findAll('[data-testid="reviews-dialog"] .modal-head button');
  if (stillOpen.length) await s.clickAt(stillOpen[0]);
  const banner = await s.waitFor(() => s.execute(`return document.querySelector('[data-testid="comparison-banner"]')?.textContent`), "the comparison banner");
  if (!/から 現在 への/.test(banner)) found.push(`comparison: the banner does not compare with 現在: ${banner}`);
  found.push(...(await english(s, "comparison")));

  await s.clickAt(await byTestId(s, "open-plan"));
  await s.waitFor(() => s.execute(`return !!document.querySelector('[data-testid="plan-dialog"]')`), "the plan");
  found.push(...(await english(s, "plan")));
  await s.clickAt(await s.find('[data-testid="plan-dialog"] .modal-head button'));

  await s.clickAt(await byTestId(s, "open-portfolio"));
  await s.waitFor(() => s.execute(`return document.querySelectorAll('[data-testid="portfolio-row"]').length > 0`), "the portfolio");
  found.push(...(await english(s, "portfolio")));
  await s.clickAt(await s.find('[data-testid="portfolio-dialog"] .modal-head button'));

  assert.deepEqual(found, [], "no English word (and no wrong label) on a Japanese screen");
});
