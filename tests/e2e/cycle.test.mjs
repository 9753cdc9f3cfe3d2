// End-to-end: the key-account cycle in the real window. An opportunity with a deal-only
// influence line gets an analysis of its own; a snapshot is taken, two ratings change and a
// person leaves, and the comparison shows exactly those changes (and after a restart the
// snapshot is still there). A 12-account workspace shows every account in the portfolio with
// its class and flags.

import { it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { launchApp, selectOption } from "./webdriver.mjs";
import { fitAndFindCard, fitMap } from "./mapview.mjs";

const ENV = (dir) => ({ STAKEMAP_DATA_DIR: dir, STAKEMAP_LANG: "en" });

async function invoke(s, cmd, args = {}) {
  const r = await s.invoke(cmd, args);
  assert.equal(r.ok, true, `${cmd}: ${JSON.stringify(r.e)}`);
  return r.v;
}

const count = (s, css) => s.execute(`return document.querySelectorAll(arguments[0]).length`, [css]);
const texts = (s, css) => s.execute(`return [...document.querySelectorAll(arguments[0])].map((e) => e.textContent)`, [css]);

async function clickTestId(s, id) {
  await s.waitFor(() => s.execute(`return !!document.querySelector('[data-testid="${id}"]')`), id);
  await s.click(await s.find(`[data-testid="${id}"]`));
}

async function selectCard(s, id) {
  await s.clickAt(await fitAndFindCard(s, id));
}

it("analyses a deal on its own graph, and compares a snapshot with now showing exactly what changed", async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-"));
  let s = await launchApp(t, ENV(dir));
  await fitMap(s);
  await s.waitFor(async () => (await count(s, '[data-testid="person-card"]')) > 30, "the demo map");
  const account = (await invoke(s, "list_accounts"))[0].id;
  const map = await invoke(s, "account_map", { accountId: account, collapsed: null });
  const id = (name) => map.people.find((p) => p.name === name).id;
  const [daniel, linda, priya, sven, lucas] = ["Daniel Osei", "Linda Park", "Priya Raman", "Sven Larsen", "Lucas Brown"].map(id);

  // A new opportunity opens the deal view.
  const before = await count(s, '[data-testid="opportunity"]');
  await clickTestId(s, "add-opportunity");
  await s.waitFor(() => s.execute(`return !!document.querySelector('[data-testid="deal-panel"]')`), "the deal panel");
  assert.equal(await count(s, '[data-testid="opportunity"]'), before + 1);
  assert.ok(await s.execute(`return !!document.querySelector('[data-testid="deal-banner"]')`));
  await s.type(await s.find('[data-testid="deal-name"]'), "Plant analytics", { enter: true });
  await s.waitFor(async () => (await texts(s, '[data-testid="opportunity"]')).some((x) => x.startsWith("Plant analytics")), "the renamed deal");

  // Daniel Osei joins the chain as a key person of this deal.
  await selectCard(s, daniel);
  await clickTestId(s, "deal-add-member");
  await s.waitFor(async () => (await count(s, '[data-testid="deal-member"]')) === 1, "one member");
  await selectOption(s, "deal-importance", "high");
  await s.waitFor(
    () => s.execute(`return document.querySelector('[data-testid="deal-member"][data-person-id="${daniel}"] [data-testid="deal-importance"]').value === "high"`),
    "his importance",
  );
  // Only the chain is lit: other customer cards are dimmed.
  await s.waitFor(
    () => s.execute(`return document.querySelector('[data-person-id="${linda}"].card.dimmed') !== null && document.querySelector('[data-person-id="${daniel}"].card.in-deal') !== null`),
    "the chain lit and the others dimmed",
  );
  const missing = await s.execute(`return [...document.querySelectorAll('[data-testid="deal-missing-role"]')].map((e) => e.dataset.role)`);
  assert.deepEqual(missing, ["approver", "evaluator", "user", "coach"]);

  // A deal-only line: Linda Park, with no formal tie, sways Daniel Osei in this project.
  await selectOption(s, "deal-line-from", linda);
  await selectOption(s, "deal-line-kind", "influence");
  await selectOption(s, "deal-line-to", daniel);
  await clickTestId(s, "deal-line-add");
  await s.waitFor(async () => (await count(s, '[data-testid="deal-line"]')) === 1, "the deal line listed");
  await s.waitFor(async () => (await count(s, ".react-flow__edge.deal-line")) === 1, "the deal line drawn");

  // The deal's analysis names Linda as Daniel's indirect key person; the account's does not.
  const indirect = `[data-testid="indirect"][data-path="${linda},${daniel}"]`;
  await clickTestId(s, "tab-analysis");
  await s.waitFor(async () => (await count(s, indirect)) === 1, "Linda's pull in the deal");
  await clickTestId(s, "deal-banner-leave");
  await s.waitFor(() => s.execute(`return !document.querySelector('[data-testid="deal-banner"]')`), "the account view");
  await clickTestId(s, "tab-analysis");
  await s.waitFor(() => s.execute(`return !!document.querySelector('[data-testid="indirect-list"]')`), "the account's analysis");
  assert.equal(await count(s, indirect), 0, "no such pull account-wide");
  assert.equal(await count(s, ".react-flow__edge.deal-line"), 0, "the deal's line is not on the account's map");

  // A snapshot of the account.
  await clickTestId(s, "open-reviews");
  await s.type(await s.find('[data-testid="snapshot-name"]'), "FY26 Q3 review");
  await clickTestId(s, "snapshot-take");
  await s.waitFor(async () => (await count(s, '[data-testid="snapshot-row"]')) === 1, "the snapshot listed");
  await s.click(await s.find('[data-testid="reviews-dialog"] .modal-head button'));

  // Two ratings move and a person leaves.
  await clickTestId(s, "tab-inspector");
  await selectCard(s, priya);
  await s.waitFor(() => s.execute(`return document.querySelector('[data-testid="field-name"]')?.value === "Priya Raman"`), "Priya's inspector");
  await selectOption(s, "field-solution", "4");
  await selectCard(s, sven);
  await s.waitFor(() => s.execute(`return document.querySelector('[data-testid="field-name"]')?.value === "Sven Larsen"`), "Sven's inspector");
  await selectOption(s, "field-intimacy", "2");
  await selectCard(s, lucas);
  await s.waitFor(() => s.execute(`return document.querySelector('[data-testid="field-name"]')?.value === "Lucas Brown"`), "Lucas's inspector");
  await clickTestId(s, "delete-person");
  await s.waitFor(async () => (await count(s, `[data-testid="person-card"][data-person-id="${lucas}"]`)) === 0, "Lucas gone");

  // The comparison: exactly those changes.
  await clickTestId(s, "open-reviews");
  await s.waitFor(async () => (await count(s, '[data-testid="snapshot-row"]')) === 1, "the snapshot");
  await clickTestId(s, "compare-run");
  await s.waitFor(() => s.execute(`return !!document.querySelector('[data-testid="comparison"]')`), "the comparison");
  const cmp = await s.execute(`
    const all = (id) => [...document.querySelectorAll('[data-testid="' + id + '"]')];
    return {
      added: all("cmp-person-added").map((e) => e.dataset.personId),
      removed: all("cmp-person-removed").map((e) => e.dataset.personId),
      moves: all("cmp-rating-move").map((e) => [e.dataset.personId, e.dataset.rating, e.dataset.before, e.dataset.after]).sort(),
      lines: all("cmp-line-added").length + all("cmp-line-removed").length,
      gaps: all("cmp-gap-opened").length + all("cmp-gap-closed").length,
    }`);
  assert.deepEqual(cmp.added, []);
  assert.deepEqual(cmp.removed, [lucas]);
  assert.deepEqual(
    cmp.moves,
    [
      [priya, "solution", "2", "4"],
      [sven, "intimacy", "4", "2"],
    ].sort(),
  );
  assert.equal(cmp.lines, 0, "Lucas's lines go with him, not as separate changes");
  assert.equal(cmp.gaps, 0);

  // Shown on the map: arrows on the two chips.
  await clickTestId(s, "cmp-show-on-map");
  await s.waitFor(async () => (await count(s, '[data-testid="rating-arrow"]')) === 2, "two arrows");
  const arrows = await s.execute(
    `return [...document.querySelectorAll('[data-testid="rating-arrow"]')].map((a) => [a.closest('[data-person-id]').dataset.personId, a.dataset.rating, a.dataset.direction]).sort()`,
  );
  assert.deepEqual(arrows, [
    [priya, "solution", "1"],
    [sven, "intimacy", "-1"],
  ].sort());

  // The snapshot survives a restart, unchanged.
  await s.quit();
  s = await launchApp(t, ENV(dir));
  await fitMap(s);
  await s.waitFor(async () => (await count(s, '[data-testid="person-card"]')) > 30, "the map again");
  const snaps = await invoke(s, "list_snapshots", { accountId: account });
  assert.deepEqual(
    snaps.map((x) => [x.name, x.people]),
    [["FY26 Q3 review", 32]],
  );
  await s.waitFor(async () => (await texts(s, '[data-testid="account-cadence"]')).some((x) => x.startsWith("Last review")), "the last review in the account list");
});

it("shows every account of a 12-account workspace in the portfolio with its class and flags", async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-"));
  const s = await launchApp(t, ENV(dir));
  await fitMap(s);
  await s.waitFor(async () => (await count(s, '[data-testid="person-card"]')) > 30, "the demo map");
  const demo = (await invoke(s, "list_accounts"))[0];
  await invoke(s, "set_plan", {
    accountId: demo.id,
    input: { industry_customer: "", priorities: [], strategy: "", revenue_target: null, currency: "", target_date: "", potential: 5, contribution: 4, review_months: null },
  });
  await invoke(s, "take_snapshot", { accountId: demo.id, name: "Q4 review" });
  const scores = [[4, 2], [2, 4], [1, 1], [null, null], [3, 3], [2, 2], [5, 1], [1, 5], [4, 4], [3, 2], [2, 3]];
  const want = new Map([[demo.id, "A"]]);
  for (const [i, [potential, contribution]] of scores.entries()) {
    const a = await invoke(s, "create_account", { input: { name: `Account ${String(i).padStart(2, "0")}`, industry: "", notes: "" } });
    await invoke(s, "set_plan", {
      accountId: a.id,
      input: { industry_customer: "", priorities: [], strategy: "", revenue_target: null, currency: "", target_date: "", potential, contribution, review_months: null },
    });
    const high = (v) => v !== null && v >= 3;
    want.set(a.id, potential === null ? "" : high(potential) ? (high(contribution) ? "A" : "C") : high(contribution) ? "B" : "D");
  }

  await clickTestId(s, "open-portfolio");
  await s.waitFor(async () => (await count(s, '[data-testid="portfolio-row"]')) === 12, "twelve accounts");
  const rows = await s.execute(`
    return [...document.querySelectorAll('[data-testid="portfolio-row"]')].map((r) => ({
      id: r.dataset.accountId,
      cls: r.querySelector('[data-testid="portfolio-class"]').textContent.trim(),
      reviewDue: !!r.querySelector('[data-testid="flag-review-overdue"]'),
      reviewNone: r.querySelector('[data-testid="flag-review-none"]')?.textContent.trim() ?? null,
      teamMissing: !!r.querySelector('[data-testid="flag-team-missing"]'),
    }))`);
  assert.equal(rows.length, 12);
  for (const r of rows) {
    const cls = want.get(r.id);
    assert.equal(r.cls, cls === "" ? "–" : cls, `class of ${r.id}`);
    // Reviewed today: the demo is not due; the new accounts were never reviewed, which is
    // "no review yet", not a review past due. Only the demo has its iron triangle.
    assert.equal(r.reviewDue, false, `review flag of ${r.id}`);
    assert.equal(r.reviewNone, r.id === demo.id ? null : "no review yet", `no-review mark of ${r.id}`);
    assert.equal(r.teamMissing, r.id !== demo.id, `team flag of ${r.id}`);
  }
  // The grid places each scored account in its quadrant.
  const chips = await s.execute(
    `return [...document.querySelectorAll('[data-testid="portfolio-chip"]')].map((c) => [c.dataset.accountId, c.dataset.class])`,
  );
  assert.equal(chips.length, 12);
  for (const [accountId, cls] of chips) assert.equal(cls, want.get(accountId), `chip of ${accountId}`);
});

it("shows a plan's network target on the card until the rating reaches it", async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-"));
  const s = await launchApp(t, ENV(dir));
  await fitMap(s);
  await s.waitFor(async () => (await count(s, '[data-testid="person-card"]')) > 30, "the demo map");
  const account = (await invoke(s, "list_accounts"))[0].id;
  const map = await invoke(s, "account_map", { accountId: account, collapsed: null });
  const priya = map.people.find((p) => p.name === "Priya Raman").id;
  const badge = `[data-testid="person-card"][data-person-id="${priya}"] [data-testid="target-badge"]`;
  assert.equal(await count(s, badge), 0);

  // Part 3 of the plan: intimacy 4 with the CFO (2 today).
  await clickTestId(s, "open-plan");
  await selectOption(s, "target-person", priya);
  await selectOption(s, "target-rating", "intimacy");
  await selectOption(s, "target-value", "4");
  await clickTestId(s, "target-add");
  await s.waitFor(async () => (await count(s, '[data-testid="plan-target"][data-reached="false"]')) === 1, "the target, not reached");
  await s.click(await s.find('[data-testid="plan-dialog"] .modal-head button'));
  await s.waitFor(async () => (await count(s, badge)) === 1, "the target on her card");

  // She warms up: the gap closes, on the card and in the plan.
  await s.clickAt(await fitAndFindCard(s, priya));
  await s.waitFor(() => s.execute(`return document.querySelector('[data-testid="field-name"]')?.value === "Priya Raman"`), "her inspector");
  await selectOption(s, "field-intimacy", "4");
  await s.waitFor(async () => (await count(s, badge)) === 0, "the badge gone");
  await clickTestId(s, "open-plan");
  await s.waitFor(async () => (await count(s, '[data-testid="plan-target"][data-reached="true"]')) === 1, "the target reached");
});
