// End-to-end: the advice in the window. The Analysis tab opens on the next steps, which are
// the CLI's first actions on the same workspace; clicking one highlights its route on the
// map; blockers, champions and competitor contacts are marked on their cards; competitor
// lines take the competitor colour; the same in Japanese.

import { it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startApp } from "./webdriver.mjs";
import { fitAndFindCard, fitMap } from "./mapview.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const APP = process.env.STAKEMAP_APP ?? path.resolve(here, "../../target/debug/stakemap-app");
const CLI = process.env.STAKEMAP_CLI ?? path.resolve(here, "../../target/debug/stakemap");
const ARTIFACTS = path.join(here, "artifacts");
fs.mkdirSync(ARTIFACTS, { recursive: true });

/** The workspace files under `dir`, backups aside. */
function workspaces(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== "backups") out.push(...workspaces(p));
    else if (e.isFile() && e.name.endsWith(".stakemap")) out.push(p);
  }
  return out;
}

async function launch(t, lang) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-"));
  const { driver, session: s } = await startApp({ STAKEMAP_DATA_DIR: dir, STAKEMAP_LANG: lang });
  t.after(async () => {
    await s.close();
    await driver.stop();
  });
  await fitMap(s);
  await s.waitFor(() => s.execute(`return document.querySelectorAll('[data-testid="person-card"]').length > 20 || null`), "the demo map");
  const account = await s.executeAsync(`
    const done = arguments[arguments.length - 1];
    window.__TAURI_INTERNALS__.invoke("list_accounts").then(a => done(a[0].name), e => done(String(e)));`);
  const [file] = workspaces(dir);
  assert.ok(file, `a workspace file in ${dir}`);
  const cli = JSON.parse(
    execFileSync(CLI, ["analyze", file, "--account", account, "--json"], { encoding: "utf8" }),
  );
  return { s, cli, file, account };
}

/** What the CLI says would change if `id` left, in the window's words: names joined. */
function departureByCli(file, account, id, people) {
  const d = JSON.parse(
    execFileSync(CLI, ["analyze", file, "--account", account, "--without", id, "--json"], { encoding: "utf8" }),
  );
  const name = (x) => people[x] ?? x;
  return { uncovered: d.uncovered.map(name), weakened: d.weakened.map(name), levers: d.levers_lost.map((l) => `${name(l.person)} → ${name(l.key_person)}`) };
}

/** Right-clicks `id`'s card with the mouse, or opens its menu from the keyboard, chooses
 * "What if NAME left?" and returns the answer shown in the Analysis tab. */
async function askWithout(s, id, { keyboard = false } = {}) {
  const card = await fitAndFindCard(s, id);
  if (keyboard) {
    await s.clickAt(card);
    await s.cmd("POST", "/actions", {
      actions: [{ type: "key", id: "kbd", actions: [
        { type: "keyDown", value: "\uE008" }, { type: "keyDown", value: "\uE03A" },
        { type: "keyUp", value: "\uE03A" }, { type: "keyUp", value: "\uE008" },
      ] }],
    });
    await s.cmd("DELETE", "/actions");
  } else {
    await s.clickAt(card, 2);
  }
  const item = await s.waitFor(async () => (await s.findAll('[data-testid="card-menu-without"]'))[0] ?? null, "the card's menu");
  const label = await s.text(item);
  await s.click(item);
  const shown = await s.waitFor(
    () =>
      s.execute(`const r = document.querySelector('[data-testid="departure-result"]');
        if (!r) return null;
        const tab = document.querySelector('[data-testid="tab-analysis"]').getAttribute('aria-selected');
        const part = (t) => r.querySelector('[data-testid="departure-' + t + '"]').textContent;
        return { tab, uncovered: part('uncovered'), weakened: part('weakened'), levers: part('levers'),
                 menu: document.querySelectorAll('[data-testid="card-menu"]').length };`),
    "the answer in the Analysis tab",
  );
  return { label, ...shown };
}

/** The next steps as the window lists them. */
const listedSteps = (s) =>
  s.waitFor(async () => {
    const l = await s.execute(
      `return [...document.querySelectorAll('[data-testid="next-step"]')].map(b => ({
         kind: b.dataset.kind, key: b.dataset.keyPerson, target: b.dataset.target, path: b.dataset.path, text: b.textContent }))`,
    );
    return l.length ? l : null;
  }, "the next steps listed");

it("opens the Analysis tab on the CLI's next steps and highlights the route of one", async (t) => {
  const { s, cli } = await launch(t, "en");
  await s.click(await s.find('[data-testid="tab-analysis"]'));
  const steps = await listedSteps(s);
  const first = cli.actions.slice(0, 10);
  assert.deepEqual(
    steps.map((x) => [x.kind, x.key, x.target]),
    first.map((a) => [a.kind, a.key_person, a.target]),
    "the window's next steps are the CLI's first actions, in order",
  );
  // The heading above them is the first of the tab.
  const firstHeading = await s.execute(`return document.querySelector('[data-testid="analysis"] h4').textContent`);
  assert.equal(firstHeading, "Next steps");
  // Each says why.
  assert.ok(steps.every((x) => /\.$/.test(x.text.trim())), steps.map((x) => x.text).join("\n"));

  // The competitor's sway on the Head of Procurement is named as a risk.
  const risks = await s.execute(`return [...document.querySelectorAll('[data-testid="risk"]')].map(b => b.textContent)`);
  assert.ok(
    risks.includes("Competitor: Nina Volkova has a strong pull on Samuel Reyes"),
    risks.join("\n"),
  );

  // Click a step whose route runs through someone: its people light up, the rest dim.
  const i = first.findIndex((a) => a.via.length >= 3);
  assert.ok(i >= 0, "a step with a route of three people or more");
  const via = first[i].via;
  await s.click((await s.findAll('[data-testid="next-step"]'))[i]);
  const litNow = () =>
    s.execute(`return {
      cards: [...document.querySelectorAll('.card.on-path')].map(c => c.dataset.personId).sort(),
      lines: document.querySelectorAll('.react-flow__edge.on-path').length,
      active: [...document.querySelectorAll('[data-testid="next-step"].active')].length,
    }`);
  const lit = await s
    .waitFor(async () => {
      const r = await litNow();
      // The lines are drawn a frame after the cards.
      return r.cards.length === via.length && r.lines >= 1 ? r : null;
    }, "the route highlighted", 5000)
    .catch(litNow);
  assert.deepEqual(lit.cards, [...via].sort(), "the people on the route are highlighted");
  assert.ok(lit.lines >= 1 && lit.lines <= via.length - 1, `the route's lines are highlighted: ${lit.lines}`);
  assert.equal(lit.active, 1, "the chosen step is marked");
  fs.writeFileSync(path.join(ARTIFACTS, "advice-route.png"), await s.screenshot());

  // Badges on the cards: exactly the blockers, champions and competitor contacts of the CLI.
  const want = {};
  const add = (id, b) => ((want[id] ??= new Set()).add(b));
  for (const r of cli.risks) {
    if (r.kind === "blocker") add(r.person, "blocker");
    if (r.kind === "competitor") for (const id of r.path.slice(1)) add(id, "competitor");
  }
  for (const l of cli.levers) if (l.kind === "champion") add(l.person, "champion");
  const got = await s.execute(`
    const out = {};
    for (const b of document.querySelectorAll('[data-testid="advice-badge"]')) {
      const id = b.closest('[data-person-id]').dataset.personId;
      (out[id] ??= []).push(b.dataset.badge);
    }
    return out;`);
  assert.deepEqual(
    Object.fromEntries(Object.entries(got).map(([k, v]) => [k, [...v].sort()])),
    Object.fromEntries(Object.entries(want).map(([k, v]) => [k, [...v].sort()])),
  );

  // The competitor's line to the Head of Procurement is drawn in the competitor colour.
  const rival = cli.risks.find((r) => r.kind === "competitor").person;
  const colours = await s.execute(
    `return [...document.querySelectorAll('.react-flow__edge.line-competitor path.react-flow__edge-path')].map(p => getComputedStyle(p).stroke)`,
  );
  assert.ok(colours.length >= 1, "a competitor line on the map");
  assert.ok(colours.every((c) => c === "rgb(219, 39, 119)"), colours.join(", "));
  assert.ok(rival);
});

it("answers \"What if NAME left?\" from a card's menu, by mouse and by keyboard", async (t) => {
  const { s, cli, file, account } = await launch(t, "en");
  const people = await s.executeAsync(`
    const done = arguments[arguments.length - 1];
    window.__TAURI_INTERNALS__.invoke("list_accounts")
      .then(a => window.__TAURI_INTERNALS__.invoke("account_map", { accountId: a[0].id }))
      .then(m => done(Object.fromEntries(m.people.map(p => [p.id, p.name]))), e => done(String(e)));`);
  assert.equal(typeof people, "object", String(people));
  // A champion: their leaving loses at least their own lever.
  const champion = cli.levers.find((l) => l.kind === "champion").person;
  const want = departureByCli(file, account, champion, people);
  assert.ok(want.levers.length >= 1, "the champion's lever is lost");
  const got = await askWithout(s, champion);
  assert.equal(got.label, `What if ${people[champion]} left?`);
  assert.equal(got.tab, "true", "the Analysis tab is open");
  assert.equal(got.menu, 0, "the menu closed");
  const list = (xs) => (xs.length === 0 ? "—" : xs.join(", "));
  assert.equal(got.uncovered, `Key persons we would no longer reach: ${list(want.uncovered)}`);
  assert.equal(got.weakened, `Key persons only weakly covered: ${list(want.weakened)}`);
  assert.equal(got.levers, `Levers lost: ${list(want.levers)}`);
  fs.writeFileSync(path.join(ARTIFACTS, "advice-without.png"), await s.screenshot());

  // From the keyboard (Shift+F10 on the selected card), for one of our staff.
  const staff = cli.actions.find((a) => a.via.length >= 2).via[0];
  const byKey = departureByCli(file, account, staff, people);
  const got2 = await askWithout(s, staff, { keyboard: true });
  assert.equal(got2.label, `What if ${people[staff]} left?`);
  assert.equal(got2.uncovered, `Key persons we would no longer reach: ${list(byKey.uncovered)}`);
  assert.equal(got2.levers, `Levers lost: ${list(byKey.levers)}`);
});

it("shows the next steps in Japanese", async (t) => {
  const { s, cli } = await launch(t, "ja");
  await s.click(await s.find('[data-testid="tab-analysis"]'));
  const steps = await listedSteps(s);
  assert.deepEqual(
    steps.map((x) => [x.kind, x.key, x.target]),
    cli.actions.slice(0, 10).map((a) => [a.kind, a.key_person, a.target]),
  );
  const heading = await s.execute(`return document.querySelector('[data-testid="analysis"] h4').textContent`);
  assert.equal(heading, "次の一手");
  assert.ok(steps.every((x) => /[ぁ-んァ-ン一-龥]/.test(x.text) && !/ sways | pull /.test(x.text)), steps.map((x) => x.text).join("\n"));
  const risks = await s.execute(`return [...document.querySelectorAll('[data-testid="risk"]')].map(b => b.textContent)`);
  assert.ok(risks.some((r) => r.startsWith("競合: ") && r.includes("強い影響")), risks.join("\n"));
  fs.writeFileSync(path.join(ARTIFACTS, "advice-ja.png"), await s.screenshot());

  // "What if NAME left?" from a card's menu, in Japanese.
  const champion = cli.levers.find((l) => l.kind === "champion").person;
  const name = await s.execute(`return document.querySelector('[data-person-id="${champion}"] .card-name').textContent`);
  const got = await askWithout(s, champion);
  assert.equal(got.label, `${name}がいなくなったら？`);
  assert.equal(got.tab, "true");
  assert.ok(got.uncovered.startsWith("届かなくなるキーパーソン: "), got.uncovered);
  assert.ok(got.levers.startsWith("失うてこ: ") && got.levers.includes(name), got.levers);
});
