// End-to-end: every command of the window, called with out-of-range, empty, huge and
// unknown values, answers with a typed error (its kind and the arguments its message needs,
// which the window words in the user's language), and
// the app keeps working afterwards: nothing panics, nothing is written.

import { it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { launchApp, PROGRESS_CHANNEL } from "./webdriver.mjs";


// Every kind of error the window has words for (ui/src/lib/errors.ts).
const KINDS = new Set(["newer_schema", "not_a_workspace", "corrupt", "encrypted", "wrong_password", "not_found", "invalid",
  "reporting_cycle", "import_rejected", "file_refused", "database", "io", "no_workspace", "no_data_dir", "no_backups", "same_workspace", "not_chosen", "file_exists", "not_listed", "keychain_unavailable"]);

it("answers bad arguments of every command with a typed error and keeps working", async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-"));
  const s = await launchApp(t, { STAKEMAP_DATA_DIR: dir, STAKEMAP_LANG: "en" });
  const call = (cmd, args = {}) => s.invoke(cmd, args);
  await s.waitFor(() => s.execute(`return document.querySelectorAll('[data-testid="person-card"]').length > 0`), "the demo map");
  const accounts = (await call("list_accounts")).v;
  const account = accounts[0].id;
  const map = (await call("account_map", { accountId: account, collapsed: null })).v;
  const person = map.people.find((p) => p.side === "customer").id;
  const before = JSON.stringify(map);

  const HUGE = "x".repeat(2 * 1024 * 1024);
  const NOPE = "no-such-id";
  const missing = path.join(dir, "missing", "nowhere.csv");
  const okInput = { name: "A", industry: "", notes: "" };
  const person0 = {
    id: null, side: null, name: "P", reading: "", title: "", department: "", level: null, email: "", phone: "",
    notes: "", roles: [], influence: null, key_person: false, ratings: { intimacy: null, solution: null, price: null },
  };
  const request = (token) => ({ account_name: "X", token, preset: null, mapping: null, options: { match_email: false, match_name: false }, resolutions: [], keep: [] });
  // A file the user chose in the native dialog, for the commands that check their other
  // arguments once the file is one the user chose. A dialog only takes a folder that is
  // there (and an open dialog a file that is there): a choice under `missing` is made while
  // they are there and they are gone before the command runs, as when deleted meanwhile.
  const chosen = (purpose, answer) => async (args) => {
    const gone = answer.startsWith(path.dirname(missing));
    if (gone) {
      fs.mkdirSync(path.dirname(answer), { recursive: true });
      if (purpose === "import" || purpose === "merge") fs.writeFileSync(answer, "name\n");
    }
    s.answers.next(answer);
    const picked = await call("pick_file", { purpose, suggestedName: path.basename(answer) });
    assert.equal(picked.ok, true, JSON.stringify(picked.e));
    if (gone) fs.rmSync(path.dirname(missing), { recursive: true });
    return { ...args, token: picked.v.token };
  };
  const exportOptions = (o) => ({ format: "png", redaction: { ratings: true, notes: true, portraits: true, negative_lines: true }, scale: 2, page: null, lang: null, ...o });

  const cases = [
    ["account_map", { accountId: NOPE, collapsed: null }, "not_found"],
    ["create_account", { input: { ...okInput, name: "" } }, "invalid"],
    ["create_account", { input: { ...okInput, name: HUGE } }, "invalid"],
    ["update_account", { id: NOPE, input: okInput }, "not_found"],
    ["update_account", { id: account, input: { ...okInput, notes: HUGE } }, "invalid"],
    ["delete_account", { id: NOPE }, "not_found"],
    ["add_person", { accountId: NOPE, input: person0 }, "not_found"],
    ["add_person", { accountId: account, input: { ...person0, name: "  " } }, "invalid"],
    ["add_person", { accountId: account, input: { ...person0, title: HUGE } }, "invalid"],
    ["add_person", { accountId: account, input: { ...person0, level: 250 } }, "invalid"],
    ["add_person", { accountId: account, input: { ...person0, ratings: { intimacy: 9, solution: null, price: null } } }, "invalid"],
    ["update_person", { id: NOPE, input: person0 }, "not_found"],
    ["delete_person", { id: NOPE }, "not_found"],
    ["set_rating", { personId: person, kind: "intimacy", value: 0 }, "invalid"],
    ["set_rating", { personId: person, kind: "price", value: 6 }, "invalid"],
    ["set_rating", { personId: NOPE, kind: "price", value: 3 }, "not_found"],
    ["rating_history", { personId: NOPE }, "not_found"],
    ["add_relation", { accountId: account, input: { kind: "influence", from: person, to: person, strength: 2, sign: 1, note: "" } }, "invalid"],
    ["add_relation", { accountId: account, input: { kind: "influence", from: person, to: NOPE, strength: 2, sign: 1, note: "" } }, "not_found"],
    ["add_relation", { accountId: account, input: { kind: "influence", from: person, to: map.people[1].id, strength: 7, sign: 1, note: "" } }, "invalid"],
    ["update_relation", { id: map.relations[0].id, strength: 0, sign: 1, note: "" }, "invalid"],
    ["update_relation", { id: map.relations[0].id, strength: 2, sign: 5, note: "" }, "invalid"],
    ["update_relation", { id: map.relations[0].id, strength: 2, sign: 1, note: HUGE }, "invalid"],
    ["update_relation", { id: NOPE, strength: 2, sign: 1, note: "" }, "not_found"],
    ["delete_relation", { id: NOPE }, "not_found"],
    ["set_manager", { accountId: account, personId: person, managerId: person }, null],
    ["set_manager", { accountId: account, personId: NOPE, managerId: null }, "not_found"],
    ["move_card", { accountId: account, personId: NOPE, x: 10, y: 10 }, null],
    ["relayout", { accountId: NOPE }, "not_found"],
    ["analyze", { accountId: account, threshold: -1 }, "invalid"],
    ["analyze", { accountId: account, threshold: 7 }, "invalid"],
    ["analyze", { accountId: NOPE, threshold: 0.25 }, "not_found"],
    ["what_if", { accountId: account, person: NOPE, solution: 3 }, "not_found"],
    ["what_if", { accountId: account, person, solution: 9 }, "invalid"],
    ["set_team_role", { accountId: account, role: "account_manager", personId: person }, "invalid"],
    ["open_workspace", { token: missing, password: null }, "not_chosen"],
    ["open_workspace", { token: "", password: null }, "not_chosen"],
    ["open_recent", { index: 0, password: "nul\u0000inside" }, "invalid"],
    ["open_recent", { index: 4000000000, password: null }, "not_listed"],
    ["unlock_workspace", { password: "whatever" }, "not_listed"],
    ["set_workspace_password", { password: "short" }, "invalid"],
    ["set_workspace_password", { password: HUGE }, "invalid"],
    ["set_workspace_password", { password: null }, "invalid"],
    ["new_workspace", { token: missing }, "not_chosen"],
    ["save_workspace_as", { token: "" }, "not_chosen"],
    ["import_preview", { request: request(missing) }, "not_chosen"],
    ["import_preview", { request: request("") }, "not_chosen"],
    ["import_apply", { request: request(missing), onProgress: PROGRESS_CHANNEL }, "not_chosen"],
    ["import_preview", chosen("import", missing), "io", (a) => ({ request: request(a.token) })],
    ["export_account", { accountId: account, options: exportOptions({}), token: path.join(dir, "x.png"), onProgress: PROGRESS_CHANNEL }, "not_chosen"],
    ["export_account", chosen("export_account", path.join(dir, "x.png")), "not_found", (a) => ({ ...a, accountId: NOPE, options: exportOptions({}), onProgress: PROGRESS_CHANNEL })],
    ["export_account", chosen("export_account", path.join(dir, "x.png")), "invalid", (a) => ({ ...a, accountId: account, options: exportOptions({ scale: 1000 }), onProgress: PROGRESS_CHANNEL })],
    ["export_account", chosen("export_account", missing.replace(".csv", ".png")), "invalid", (a) => ({ ...a, accountId: account, options: exportOptions({ scale: 2 }), onProgress: PROGRESS_CHANNEL })],
    ["merge_preview", { token: missing, password: null }, "not_chosen"],
    ["merge_apply", { token: missing, takeTheirs: [NOPE], password: null, onProgress: PROGRESS_CHANNEL }, "not_chosen"],
    ["merge_preview", chosen("merge", missing), null, (a) => ({ ...a, password: null })],
    ["list_backups", { workspace: missing }, "not_listed"],
    ["restore_backup", { path: missing }, "invalid"],
    ["restore_backup", { path: "" }, "invalid"],
    ["restore_backup", { path: path.join(dir, "default.stakemap") }, "invalid"],
    ["create_opportunity", { accountId: account, input: { ...{ name: "Deal", stage: "", amount: 1, currency: "", close_date: "", status: "open", notes: "" }, name: "" } }, "invalid"],
    ["create_opportunity", { accountId: account, input: { ...{ name: "Deal", stage: "", amount: 1, currency: "", close_date: "", status: "open", notes: "" }, close_date: "someday" } }, "invalid"],
    ["create_opportunity", { accountId: account, input: { ...{ name: "Deal", stage: "", amount: 1, currency: "", close_date: "", status: "open", notes: "" }, amount: -5 } }, "invalid"],
    ["create_opportunity", { accountId: NOPE, input: { name: "Deal", stage: "", amount: 1, currency: "", close_date: "", status: "open", notes: "" } }, "not_found"],
    ["update_opportunity", { id: NOPE, input: { name: "Deal", stage: "", amount: 1, currency: "", close_date: "", status: "open", notes: "" } }, "not_found"],
    ["delete_opportunity", { id: NOPE }, "not_found"],
    ["set_deal_member", { opportunityId: NOPE, personId: person, input: { roles: [], importance: null } }, "not_found"],
    ["remove_deal_member", { opportunityId: NOPE, personId: person }, "not_found"],
    ["add_deal_line", { opportunityId: NOPE, input: { kind: "influence", from: person, to: map.people[1].id, strength: 2, sign: 1, note: "" } }, "not_found"],
    ["delete_deal_line", { id: NOPE }, "not_found"],
    ["analyze_opportunity", { opportunityId: NOPE, threshold: 0.25 }, "not_found"],
    ["analyze_opportunity", { opportunityId: NOPE, threshold: 7 }, "invalid"],
    ["take_snapshot", { accountId: account, name: "" }, "invalid"],
    ["take_snapshot", { accountId: account, name: HUGE }, "invalid"],
    ["take_snapshot", { accountId: NOPE, name: "Q1" }, "not_found"],
    ["delete_snapshot", { id: NOPE }, "not_found"],
    ["compare_states", { accountId: account, before: { kind: "snapshot", id: NOPE }, after: { kind: "now" }, threshold: 0.25 }, "not_found"],
    ["compare_states", { accountId: account, before: { kind: "now" }, after: { kind: "now" }, threshold: -1 }, "invalid"],
    ["export_review", { accountId: account, before: { kind: "now" }, after: { kind: "now" }, threshold: 0.25, token: path.join(dir, "r.html") }, "not_chosen"],
    ["export_review", chosen("export_review", path.join(dir, "r.html")), "not_found", (a) => ({ ...a, accountId: account, before: { kind: "snapshot", id: NOPE }, after: { kind: "now" }, threshold: 0.25 })],
    ["rating_trend", { personId: NOPE }, "not_found"],
    ["plan_progress", { accountId: NOPE }, "not_found"],
    ["set_plan", { accountId: account, input: { industry_customer: "", priorities: [], strategy: "", revenue_target: null, currency: "", target_date: "", potential: 9, contribution: null, review_months: null } }, "invalid"],
    ["set_plan", { accountId: NOPE, input: { ...{ industry_customer: "", priorities: [], strategy: "", revenue_target: null, currency: "", target_date: "", potential: 9, contribution: null, review_months: null }, potential: 3 } }, "not_found"],
    ["set_target", { personId: person, rating: "intimacy", target: 9, due: "" }, "invalid"],
    ["set_target", { personId: person, rating: "intimacy", target: 4, due: "tomorrow" }, "invalid"],
    ["delete_target", { id: NOPE }, "not_found"],
  ];
  const seen = new Set();
  for (const [cmd, given, kind, then] of cases) {
    seen.add(cmd);
    // A case whose file is chosen first: `given` picks it, `then` completes the arguments.
    const args = typeof given === "function" ? then(await given({})) : given;
    const r = await call(cmd, args);
    assert.equal(r.ok, false, `${cmd}(${JSON.stringify(args).slice(0, 120)}) must be refused, got ${JSON.stringify(r.v)?.slice(0, 200)}`);
    assert.equal(typeof r.e, "object", `${cmd}: a typed error, got ${String(r.e).slice(0, 200)}`);
    assert.equal(typeof r.e.kind, "string", `${cmd}: error kind`);
    assert.ok(KINDS.has(r.e.kind), `${cmd}: a kind the window words, got ${r.e.kind}`);
    const size = JSON.stringify(r.e).length;
    assert.ok(size < 2000, `${cmd}: a readable error (${size} characters)`);
    if (kind) assert.equal(r.e.kind, kind, `${cmd}(${JSON.stringify(args).slice(0, 120)}): ${JSON.stringify(r.e).slice(0, 300)}`);
  }
  // A file deleted after it was chosen: the kind of file error and its path, for the window
  // to word in its language (not the system's English).
  const gone = await call("import_preview", { request: request((await chosen("import", missing)({})).token) });
  assert.equal(gone.e?.kind, "io", JSON.stringify(gone.e));
  assert.deepEqual(gone.e.io, { code: "not_found" });
  assert.ok(String(gone.e.path).endsWith("nowhere.csv"), JSON.stringify(gone.e));
  assert.equal(gone.e.detail, undefined, "no English from the system");
  // Every command that takes arguments was tried.
  const withArgs = ["account_map", "create_account", "update_account", "delete_account", "add_person", "update_person", "delete_person",
    "set_rating", "rating_history", "add_relation", "update_relation", "delete_relation", "set_manager", "move_card", "relayout", "analyze",
    "what_if", "set_team_role", "open_workspace", "open_recent", "unlock_workspace", "new_workspace", "save_workspace_as", "import_preview", "import_apply",
    "export_account", "merge_preview", "merge_apply", "list_backups", "restore_backup", "set_workspace_password",
    "create_opportunity", "update_opportunity", "delete_opportunity", "set_deal_member", "remove_deal_member", "add_deal_line",
    "delete_deal_line", "analyze_opportunity", "take_snapshot", "delete_snapshot", "compare_states", "export_review",
    "rating_trend", "plan_progress", "set_plan", "set_target", "delete_target"];
  for (const c of withArgs) assert.ok(seen.has(c), `${c} is tried`);

  // Still working, and nothing was written.
  const after = await call("account_map", { accountId: account, collapsed: null });
  assert.equal(after.ok, true);
  assert.equal(JSON.stringify(after.v), before, "the account is unchanged");
  assert.equal((await call("list_accounts")).v.length, accounts.length);
  assert.ok(!fs.existsSync(path.join(dir, "x.png")));
  assert.ok(!fs.existsSync(path.join(dir, "r.html")));
  assert.deepEqual((await call("list_snapshots", { accountId: account })).v, [], "no snapshot was taken");
});
