// End-to-end: a day in the plan dialog is written in the window's language ("31 Mar 2027",
// "2027年3月31日") whatever the system's locale, typed in that format or chosen on the
// calendar with the mouse or the keyboard; an impossible day is refused in that language; the
// backend gets the ISO day, and the day reads the same after the dialog is opened again.

import { it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchApp, selectOption } from "./webdriver.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const ARTIFACTS = path.join(here, "artifacts");
fs.mkdirSync(ARTIFACTS, { recursive: true });
const shot = async (s, name) => fs.writeFileSync(path.join(ARTIFACTS, name), await s.screenshot());

const KEY = { Enter: "\uE007", Escape: "\uE00C", Tab: "\uE004", Left: "\uE012", Up: "\uE013", Right: "\uE014", Down: "\uE015", PageDown: "\uE00F" };

/** Presses keys on whatever has the focus, as a user does. */
async function press(s, ...keys) {
  const actions = keys.flatMap((k) => [
    { type: "keyDown", value: k },
    { type: "keyUp", value: k },
  ]);
  await s.cmd("POST", "/actions", { actions: [{ type: "key", id: "keyboard", actions }] });
  await s.cmd("DELETE", "/actions");
}

const value = (s, id) => s.execute(`return document.querySelector('[data-testid="${id}"]')?.value ?? null`);
const textOf = (s, css) => s.execute(`return document.querySelector(arguments[0])?.innerText ?? null`, [css]);
const exists = (s, css) => s.execute(`return !!document.querySelector(arguments[0])`, [css]);

async function openPlan(s) {
  await s.clickAt(await s.find('[data-testid="open-plan"]'));
  await s.waitFor(() => s.execute(`const i = document.querySelector('[data-testid="plan-target-date"]'); return !!i && !i.disabled`), "the plan dialog");
}

async function savePlan(s) {
  await s.clickAt(await s.find('[data-testid="plan-do"]'));
  await s.waitFor(async () => !(await exists(s, '[data-testid="plan-dialog"]')), "the plan saved and closed");
}

const CASES = {
  en: {
    impossible: "31 Feb 2027",
    noSuchDay: "There is no such day: 31 Feb 2027.",
    typed: "31 march 2027",
    shownTyped: "31 Mar 2027",
    month: "March 2027",
    nextMonth: "April 2027",
    firstWeekday: "Mon",
    shownClicked: "15 Apr 2027",
    shownKeys: "23 May 2027",
    due: "30 Jun 2027",
  },
  ja: {
    impossible: "2027年2月31日",
    noSuchDay: "存在しない日付です：2027年2月31日",
    typed: "2027年3月31日",
    shownTyped: "2027年3月31日",
    month: "2027年3月",
    nextMonth: "2027年4月",
    firstWeekday: "日",
    shownClicked: "2027年4月15日",
    shownKeys: "2027年5月23日",
    due: "2027年6月30日",
  },
};

for (const [lang, c] of Object.entries(CASES)) {
  it(`sets the plan's day by typing and on the calendar, in ${lang === "ja" ? "Japanese" : "English"}`, async (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-"));
    const s = await launchApp(t, { STAKEMAP_DATA_DIR: dir, STAKEMAP_LANG: lang });
    await s.waitFor(() => s.execute(`return document.querySelectorAll('[data-testid="person-card"]').length > 0`), "the demo map");
    const account = (await s.invoke("list_accounts")).v[0].id;
    const savedDay = async () => (await s.invoke("plan_progress", { accountId: account })).v.plan.target_date;

    // An impossible day is refused in the window's language, and the plan cannot be saved.
    await openPlan(s);
    const field = await s.find('[data-testid="plan-target-date"]');
    await s.type(field, c.impossible + KEY.Tab);
    const error = await s.waitFor(() => textOf(s, '[data-testid="plan-target-date-error"]'), "the error of an impossible day");
    assert.equal(error, c.noSuchDay);
    assert.equal(await s.execute(`return document.querySelector('[data-testid="plan-do"]').disabled`), true, "save is off");
    assert.equal(await value(s, "plan-target-date"), c.impossible, "the text stays as typed");
    await new Promise((r) => setTimeout(r, 300)); // the error painted before the picture
    await shot(s, `date-impossible-${lang}.png`);

    // Typed in the language's words: written back in its one format, saved as ISO.
    await s.type(field, c.typed + KEY.Tab);
    await s.waitFor(async () => (await value(s, "plan-target-date")) === c.shownTyped, `the typed day as ${c.shownTyped}`);
    assert.equal(await exists(s, '[data-testid="plan-target-date-error"]'), false);
    await savePlan(s);
    assert.equal(await savedDay(), "2027-03-31");
    await openPlan(s);
    assert.equal(await value(s, "plan-target-date"), c.shownTyped, "the day after opening again");

    // The calendar with the mouse: it opens on the day's month, in the language's words.
    await s.clickAt(await s.find('[data-testid="plan-target-date-calendar"]'));
    await s.waitFor(() => exists(s, '[data-testid="plan-target-date-popup"]'), "the calendar");
    assert.equal(await textOf(s, '[data-testid="date-month"]'), c.month);
    assert.equal(await textOf(s, ".date-weekday"), c.firstWeekday);
    assert.equal(await s.execute(`return document.activeElement?.dataset.iso ?? null`), "2027-03-31", "the focus on the field's day");
    await shot(s, `date-calendar-${lang}.png`);
    await s.clickAt(await s.find('[data-testid="date-next"]'));
    await s.waitFor(async () => (await textOf(s, '[data-testid="date-month"]')) === c.nextMonth, c.nextMonth);
    await s.clickAt(await s.find('[data-testid="plan-target-date-popup"] [data-iso="2027-04-15"]'));
    await s.waitFor(async () => (await value(s, "plan-target-date")) === c.shownClicked, `the clicked day as ${c.shownClicked}`);
    assert.equal(await exists(s, '[data-testid="plan-target-date-popup"]'), false, "the calendar closes on a day");

    // Escape closes the calendar, not the dialog.
    await s.clickAt(await s.find('[data-testid="plan-target-date-calendar"]'));
    await s.waitFor(() => exists(s, '[data-testid="plan-target-date-popup"]'), "the calendar again");
    await press(s, KEY.Escape);
    await s.waitFor(async () => !(await exists(s, '[data-testid="plan-target-date-popup"]')), "the calendar closed by Escape");
    assert.equal(await exists(s, '[data-testid="plan-dialog"]'), true, "the dialog stays open");
    assert.equal(await value(s, "plan-target-date"), c.shownClicked, "Escape changes nothing");

    // The keyboard only: the focus is back on the calendar button; Enter opens it on 15 April,
    // down a week (22), right a day (23), Page Down a month (23 May), Enter chooses.
    assert.equal(await s.execute(`return document.activeElement?.dataset.testid ?? null`), "plan-target-date-calendar");
    await press(s, KEY.Enter);
    await s.waitFor(() => s.execute(`return document.activeElement?.dataset.iso === "2027-04-15"`), "the calendar on 15 April");
    await press(s, KEY.Down, KEY.Right, KEY.PageDown);
    await s.waitFor(() => s.execute(`return document.activeElement?.dataset.iso === "2027-05-23"`), "the keyboard on 23 May");
    await shot(s, `date-keyboard-${lang}.png`);
    await press(s, KEY.Enter);
    await s.waitFor(async () => (await value(s, "plan-target-date")) === c.shownKeys, `the day chosen by keys as ${c.shownKeys}`);
    await savePlan(s);
    assert.equal(await savedDay(), "2027-05-23");
    await openPlan(s);
    assert.equal(await value(s, "plan-target-date"), c.shownKeys, "the day chosen by keys after opening again");

    // A network target's due day, typed as ISO, shows in the language's format in the table.
    const person = (await s.invoke("account_map", { accountId: account, collapsed: null })).v.people.find((p) => p.side === "customer").id;
    await selectOption(s, "target-person", person);
    await s.type(await s.find('[data-testid="target-due"]'), "2027-06-30" + KEY.Tab);
    await s.waitFor(async () => (await value(s, "target-due")) === c.due, `the due day as ${c.due}`);
    await s.clickAt(await s.find('[data-testid="target-add"]'));
    await s.waitFor(async () => (await textOf(s, '[data-testid="plan-target"]'))?.includes(c.due), "the target with its due day");
    const due = (await s.invoke("plan_progress", { accountId: account })).v.targets[0].target.due;
    assert.equal(due, "2027-06-30");
    await shot(s, `date-saved-${lang}.png`);
  });
}
