// End-to-end, in Japanese: a business-card file (Eight's columns, nobody has a manager)
// imported into a new account shows each department's people in one block under a header
// with the department's name, not as cards scattered along the top; in the real window at
// 1440 x 900. The file dialog is answered on the Rust side (the `e2e-dialogs` build).

import { it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { launchApp } from "./webdriver.mjs";
import { fitMap } from "./mapview.mjs";

const SHOTS = process.env.STAKEMAP_E2E_SHOTS;

/** Eight's export: family and given names apart, the department in 部署名, no manager. */
const PEOPLE = [
  ["営業部", "部長", "佐藤", "一郎"],
  ["購買部", "課長", "鈴木", "花子"],
  ["営業部", "課長", "田中", "次郎"],
  ["情報システム部", "部長", "伊藤", "健"],
  ["営業部", "主任", "渡辺", "美咲"],
  ["購買部", "主任", "山口", "大輔"],
  ["情報システム部", "係長", "松本", "愛"],
  ["営業部", "担当", "井上", "翔"],
  ["購買部", "担当", "木村", "結衣"],
];

it("groups the people of a business-card file under their departments' headers", async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-"));
  const csv = path.join(dir, "eight.csv");
  fs.writeFileSync(
    csv,
    ["会社名,部署名,役職,姓,名,e-mail,TEL会社,名刺交換日"]
      .concat(PEOPLE.map(([d, title, fam, given], i) => `南洋化学株式会社,${d},${title},${fam},${given},p${i}@nanyo.example,03-1234-0000,2026/11/0${(i % 9) + 1}`))
      .join("\r\n"),
  );
  const s = await launchApp(t, { STAKEMAP_DATA_DIR: dir, STAKEMAP_LANG: "ja" });
  await s.waitFor(() => s.execute(`return document.querySelectorAll('[data-testid="person-card"]').length > 0`), "the demo map");

  // File > Import, the file, into a new account named after its company.
  s.answers.next(csv);
  await s.clickAt(await s.find('[data-testid="file-menu"] summary'));
  await s.waitFor(
    () => s.execute(`return document.querySelector('[data-testid="file-menu"]').open && document.querySelector('[data-testid="file-import"]').getBoundingClientRect().height > 0`),
    "the file menu",
  );
  await s.clickAt(await s.find('[data-testid="file-import"]'));
  await s.waitFor(() => s.find('[data-testid="import-summary"]'), "the import plan");
  assert.equal(await s.execute(`return document.querySelector('[data-testid="import-new-account"]').value`), "南洋化学株式会社");
  await s.clickAt(await s.find('[data-testid="import-do"]'));
  await s.waitFor(
    () => s.execute(`return document.querySelectorAll('[data-testid="person-card"].side-customer').length === ${PEOPLE.length}`),
    "the imported cards",
  );
  await fitMap(s);

  // Every header, and where every card is, as drawn on the screen.
  const read = () =>
    s.execute(`
      const box = (e) => { const r = e.getBoundingClientRect(); return { x0: r.left, y0: r.top, x1: r.right, y1: r.bottom }; };
      return {
        groups: [...document.querySelectorAll('[data-testid="department-group"]')].map((g) => ({
          name: g.querySelector('.department-header').innerText.trim(),
          frame: box(g),
          header: box(g.querySelector('.department-header')),
        })),
        cards: [...document.querySelectorAll('[data-testid="person-card"].side-customer')].map((c) => ({
          name: c.querySelector('.card-name').textContent.trim(),
          rect: box(c),
        })),
      };`);
  const seen = await s.waitFor(async () => {
    const v = await read();
    return v.groups.length === 3 && v.cards.length === PEOPLE.length ? v : null;
  }, "three department headers");
  fs.mkdirSync(SHOTS ?? dir, { recursive: true });
  fs.writeFileSync(path.join(SHOTS ?? dir, "departments-ja.png"), await s.screenshot());

  assert.deepEqual(seen.groups.map((g) => g.name).sort(), ["営業部", "情報システム部", "購買部"].sort());
  const inside = (a, b) => a.x0 >= b.x0 - 0.5 && a.x1 <= b.x1 + 0.5 && a.y0 >= b.y0 - 0.5 && a.y1 <= b.y1 + 0.5;
  for (const [dept, , fam, given] of PEOPLE) {
    const name = `${fam} ${given}`;
    const card = seen.cards.find((c) => c.name === name);
    assert.ok(card, `${name} has a card: ${seen.cards.map((c) => c.name).join(", ")}`);
    const holders = seen.groups.filter((g) => inside(card.rect, g.frame)).map((g) => g.name);
    assert.deepEqual(holders, [dept], `${name} sits under ${dept} only`);
    const g = seen.groups.find((x) => x.name === dept);
    assert.ok(card.rect.y0 >= g.header.y1, `${name} below the ${dept} header`);
  }
  // The headers do not overlap one another, and the people of a department are one block:
  // its frame holds nobody else.
  for (const a of seen.groups) {
    for (const b of seen.groups) {
      if (a === b) continue;
      const apart = a.frame.x1 <= b.frame.x0 || b.frame.x1 <= a.frame.x0 || a.frame.y1 <= b.frame.y0 || b.frame.y1 <= a.frame.y0;
      assert.ok(apart, `${a.name} and ${b.name} overlap`);
    }
  }
  // A header is not a person: a click on it goes through to the map (the selected card is
  // let go, nothing else is selected), and it is no card.
  const sato = await s.execute(`return [...document.querySelectorAll('[data-testid="person-card"]')].find((c) => c.textContent.includes('佐藤 一郎')).dataset.personId`);
  await s.clickAt(await s.find(`[data-testid="person-card"][data-person-id="${sato}"]`));
  await s.waitFor(() => s.execute(`return document.querySelectorAll('[data-testid="person-card"].selected').length === 1`), "the card selected");
  const header = seen.groups.find((g) => g.name === "営業部").header;
  await s.mouse([
    { type: "pointerMove", duration: 0, origin: "viewport", x: Math.round(header.x0 + 30), y: Math.round((header.y0 + header.y1) / 2) },
    { type: "pointerDown", button: 0 },
    { type: "pointerUp", button: 0 },
  ]);
  await s.waitFor(() => s.execute(`return document.querySelectorAll('[data-testid="person-card"].selected').length === 0`), "nothing selected after a click on a header");
  assert.equal(await s.execute(`return document.querySelectorAll('[data-testid="person-card"].side-customer').length`), PEOPLE.length);
});
