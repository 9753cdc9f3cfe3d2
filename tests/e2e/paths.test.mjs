// End-to-end: the window cannot name a file. A script in the page calls the commands that
// read or write files (window.__TAURI_INTERNALS__.invoke) with paths and tokens the user
// never chose: a made-up path, a forged token, a reused token, a token chosen for another
// purpose. Each is refused with `not_chosen` and nothing is read or written. The dialog
// plugin's own commands are not granted to the page. A file named after the chosen one (an
// extension added, the CSV export's second file) is created fresh, never written over.

import { it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { launchApp, PROGRESS_CHANNEL } from "./webdriver.mjs";

/** Every file under `dir` with its bytes, to see that nothing changed. */
function snapshot(dir) {
  const out = {};
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out[path.relative(dir, p)] = fs.readFileSync(p).toString("base64");
    }
  };
  walk(dir);
  return out;
}

it("refuses paths and tokens the user never chose, and writes over nothing but the chosen file", async (t) => {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-e2e-"));
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-home-"));
  const bashrc = path.join(home, ".bashrc");
  fs.writeFileSync(bashrc, "# my shell settings\n");
  const contacts = path.join(home, "contacts.csv");
  fs.writeFileSync(contacts, "name,title\nMallory Injected,CEO\n");
  const s = await launchApp(t, { STAKEMAP_DATA_DIR: data, STAKEMAP_LANG: "en" });
  await s.waitFor(() => s.execute(`return document.querySelectorAll('[data-testid="person-card"]').length > 0`), "the demo map");
  const account = (await s.invoke("list_accounts")).v[0].id;
  const workspaceBefore = (await s.invoke("app_info")).v.workspace_path;
  const exportOptions = (format) => ({ format, redaction: { ratings: false, notes: false, portraits: false, negative_lines: false }, scale: 1, page: null, lang: "en" });
  const importRequest = (token) => ({ account_name: "Injected", token, preset: null, mapping: null, options: { match_email: false, match_name: false }, resolutions: [], keep: [] });
  const pick = async (purpose, answer, suggestedName = null) => {
    s.answers.next(answer);
    const r = await s.invoke("pick_file", { purpose, suggestedName });
    assert.equal(r.ok, true, JSON.stringify(r.e));
    return r.v;
  };
  const refused = async (cmd, args, kind = "not_chosen") => {
    const r = await s.invoke(cmd, args);
    assert.equal(r.ok, false, `${cmd}(${JSON.stringify(args).slice(0, 160)}) must be refused`);
    if (kind) assert.equal(r.e?.kind, kind, `${cmd}: ${JSON.stringify(r.e)}`);
    return r.e;
  };
  const homeBefore = snapshot(home);

  // 1. Made-up paths, where a token belongs, and the old path arguments.
  const madeUp = [bashrc, path.join(home, "new.stakemap"), "../../.bashrc", ""];
  for (const token of madeUp) {
    await refused("export_account", { accountId: account, options: exportOptions("json"), token, onProgress: PROGRESS_CHANNEL });
    await refused("export_review", { accountId: account, before: { kind: "now" }, after: { kind: "now" }, threshold: 0.25, token });
    await refused("new_workspace", { token });
    await refused("save_workspace_as", { token });
    await refused("open_workspace", { token, password: null });
    await refused("import_preview", { request: importRequest(token) });
    await refused("import_apply", { request: importRequest(token), onProgress: PROGRESS_CHANNEL });
    await refused("merge_preview", { token, password: null });
    await refused("merge_apply", { token, takeTheirs: [], password: null, onProgress: PROGRESS_CHANNEL });
  }
  // A path where the commands took one before is not even an argument any more.
  await refused("export_account", { accountId: account, options: exportOptions("json"), path: bashrc, onProgress: PROGRESS_CHANNEL }, null);
  await refused("new_workspace", { path: path.join(home, "w.stakemap") }, null);
  await refused("list_backups", { workspace: bashrc }, "not_listed");
  await refused("open_recent", { index: 99, password: null }, "not_listed");

  // 2. A forged token: the right shape, never issued.
  await refused("export_account", { accountId: account, options: exportOptions("json"), token: "0123456789abcdef0123456789abcdef", onProgress: PROGRESS_CHANNEL });

  // 3. A token chosen for another purpose: the user chose contacts.csv to import it, and a
  //    script tries to export over it, save a workspace there, or merge it.
  const importToken = (await pick("import", contacts)).token;
  await refused("export_account", { accountId: account, options: exportOptions("csv"), token: importToken, onProgress: PROGRESS_CHANNEL });
  await refused("save_workspace_as", { token: importToken });
  await refused("new_workspace", { token: importToken });
  await refused("merge_preview", { token: importToken, password: null });
  await refused("export_review", { accountId: account, before: { kind: "now" }, after: { kind: "now" }, threshold: 0.25, token: importToken });
  // It still imports what the user chose it for, once.
  const preview = await s.invoke("import_preview", { request: importRequest(importToken) });
  assert.equal(preview.ok, true, JSON.stringify(preview.e));
  const imported = await s.invoke("import_apply", { request: importRequest(importToken), onProgress: PROGRESS_CHANNEL });
  assert.equal(imported.ok, true, JSON.stringify(imported.e));
  await refused("import_apply", { request: importRequest(importToken), onProgress: PROGRESS_CHANNEL });
  await refused("import_preview", { request: importRequest(importToken) });

  assert.deepEqual(snapshot(home), homeBefore, "nothing in the folder was written");
  assert.equal((await s.invoke("app_info")).v.workspace_path, workspaceBefore, "the same workspace is open");

  // 4. A reused token: the review was exported where the user chose, once.
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "stakemap-out-"));
  const review = path.join(out, "review.html");
  // The folder typed before the name the dialog suggests: the file has that name.
  const reviewToken = (await pick("export_review", `${out}/`, "review.html")).token;
  const exported = await s.invoke("export_review", { accountId: account, before: { kind: "now" }, after: { kind: "now" }, threshold: 0.25, token: reviewToken });
  assert.equal(exported.ok, true, JSON.stringify(exported.e));
  assert.equal(exported.v, review);
  fs.writeFileSync(review, "the user's edits");
  await refused("export_review", { accountId: account, before: { kind: "now" }, after: { kind: "now" }, threshold: 0.25, token: reviewToken });
  assert.equal(fs.readFileSync(review, "utf8"), "the user's edits", "a used token writes nothing");
  // A newer choice replaces the last one of its purpose.
  const first = (await pick("export_account", path.join(out, "one.json"))).token;
  const second = (await pick("export_account", path.join(out, "two.json"))).token;
  await refused("export_account", { accountId: account, options: exportOptions("json"), token: first, onProgress: PROGRESS_CHANNEL });
  const two = await s.invoke("export_account", { accountId: account, options: exportOptions("json"), token: second, onProgress: PROGRESS_CHANNEL });
  assert.deepEqual(two.v, [path.join(out, "two.json")]);
  assert.ok(!fs.existsSync(path.join(out, "one.json")));

  // 5. Names derived from the chosen one are created fresh: the CSV export's lines file
  //    beside acme.csv, and an extension added to a name chosen without it.
  const theirs = "someone else's file\n";
  fs.writeFileSync(path.join(out, "acme.relations.csv"), theirs);
  const csv = await pick("export_account", `${out}/`, "acme.csv");
  const csvDone = await s.invoke("export_account", { accountId: account, options: exportOptions("csv"), token: csv.token, onProgress: PROGRESS_CHANNEL });
  assert.deepEqual(csvDone.v, [path.join(out, "acme.csv"), path.join(out, "acme-2.relations.csv")]);
  assert.equal(fs.readFileSync(path.join(out, "acme.relations.csv"), "utf8"), theirs);
  const lines = fs.readFileSync(path.join(out, "acme-2.relations.csv"), "utf8");
  assert.ok(lines.split("\n").length > 10 && lines !== theirs, "the export's lines, in a new file");
  fs.writeFileSync(path.join(out, "notes.html"), theirs);
  const bare = await pick("export_account", path.join(out, "notes"), "notes.html");
  const e = await refused("export_account", { accountId: account, options: exportOptions("html"), token: bare.token, onProgress: PROGRESS_CHANNEL }, "file_exists");
  assert.equal(e.name, "notes.html");
  assert.equal(fs.readFileSync(path.join(out, "notes.html"), "utf8"), theirs);
  assert.deepEqual(fs.readdirSync(out).filter((n) => n.endsWith(".part")), [], "no temporary file left");

  // 6. The dialog plugin's commands are not granted to the page (the app opens dialogs
  //    from Rust); nor is a command outside the app's manifest.
  for (const cmd of ["plugin:dialog|open", "plugin:dialog|save", "plugin:dialog|message", "plugin:fs|write_text_file"]) {
    const r = await s.invoke(cmd, { options: { title: "x", defaultPath: bashrc } });
    assert.equal(r.ok, false, `${cmd} must be refused`);
    assert.match(String(r.e), /not allowed|denied|not found/i, `${cmd}: ${r.e}`);
  }
  assert.equal((await s.invoke("drop_all_tables")).ok, false);
  assert.deepEqual(snapshot(home), homeBefore, "nothing in the folder was written");

  // The dialogs shown, each titled for what it was for.
  assert.deepEqual(s.answers.asked(), ["Import", "Export the review", "Export", "Export", "Export", "Export"]);
});
