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
import { Session, startDriver } from "./webdriver.mjs";

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
  const driver = await startDriver({ STAKEMAP_DATA_DIR: dir, STAKEMAP_LANG: lang });
  const s = await Session.create(driver.base, APP).catch(async (e) => {
    await driver.stop();
    throw e;
  });
  t.after(async () => {
    await s.close();
    await driver.stop();
  });
  await s.waitFor(() => s.execute(`return document.querySelectorAll('[data-testid="person-card"]').length > 20 || null`), "the demo map");
  const account = await s.executeAsync(`
    const done = arguments[arguments.length - 1];
    window.__TAURI_INTERNALS__.invoke("list_accounts").then(a => done(a[0].name), e => done(String(e)));`);
  const [file] = workspaces(dir);
  assert.ok(file, `a workspace file in ${dir}`);
  const cli = JSON.parse(
    execFileSync(CLI, ["analyze", file, "--account", account, "--json"], { encoding: "utf8" }),
  );
  return { s, cli };
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
      return r.cards.length === via.length ? r : null;
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
});
