// Writes the licence notices the app shows in Help > About (ui/src/generated/licences.json):
// every crate the desktop app is built from for this machine's target (its normal
// dependencies, from `cargo metadata`)
// and every npm package bundled into the window (the UI's dependencies and theirs, from
// ui/node_modules), each with its version, licence and authors as their manifests declare.
// `--check` writes nothing and fails when the committed file is out of date.

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = path.join(root, "ui/src/generated/licences.json");
const ROOT_CRATE = "stakemap-app";

/** The target the app is built for here (a package carries the crates of its platform). */
const host = execFileSync("rustc", ["-vV"], { encoding: "utf8" }).match(/^host: (\S+)$/m)[1];

function crates() {
  const meta = JSON.parse(
    execFileSync("cargo", ["metadata", "--format-version", "1", "--locked", "--filter-platform", host], {
      cwd: root,
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
    }),
  );
  const byId = new Map(meta.packages.map((p) => [p.id, p]));
  const nodes = new Map(meta.resolve.nodes.map((n) => [n.id, n]));
  const start = meta.packages.find((p) => p.name === ROOT_CRATE && p.source === null);
  if (!start) throw new Error(`no ${ROOT_CRATE} in the workspace`);
  // What is linked into the app: normal dependencies (not build scripts' or tests').
  const seen = new Set([start.id]);
  const queue = [start.id];
  while (queue.length > 0) {
    for (const dep of nodes.get(queue.pop())?.deps ?? []) {
      if (!dep.dep_kinds.some((k) => k.kind === null) || seen.has(dep.pkg)) continue;
      seen.add(dep.pkg);
      queue.push(dep.pkg);
    }
  }
  return [...seen]
    .map((id) => byId.get(id))
    .filter((p) => p.source !== null)
    .map((p) => ({
      name: p.name,
      version: p.version,
      licence: p.license ?? (p.license_file ? `see ${p.license_file.split(/[\\/]/).pop()}` : "unknown"),
      authors: p.authors ?? [],
    }));
}

function npmPackages() {
  const ui = path.join(root, "ui");
  const manifest = (dir) => JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
  // npm's flat layout: a dependency is in the nearest node_modules up from its dependant.
  const find = (name, from) => {
    for (let dir = from; dir.startsWith(ui); dir = path.dirname(dir)) {
      const candidate = path.join(dir, "node_modules", name);
      if (fs.existsSync(path.join(candidate, "package.json"))) return candidate;
    }
    return null;
  };
  const found = new Map();
  const queue = Object.keys(manifest(ui).dependencies ?? {}).map((name) => [name, ui]);
  while (queue.length > 0) {
    const [name, from] = queue.pop();
    const dir = find(name, from);
    if (!dir || found.has(dir)) continue;
    const m = manifest(dir);
    found.set(dir, m);
    for (const dep of Object.keys(m.dependencies ?? {})) queue.push([dep, dir]);
  }
  return [...found.values()].map((m) => ({
    name: m.name,
    version: m.version,
    licence: typeof m.license === "string" ? m.license : (m.license?.type ?? "unknown"),
    authors: [typeof m.author === "string" ? m.author : m.author?.name].filter(Boolean),
  }));
}

const order = (a, b) => (a.name === b.name ? a.version.localeCompare(b.version) : a.name < b.name ? -1 : 1);
const text = `${JSON.stringify({ target: host, crates: crates().sort(order), npm: npmPackages().sort(order) }, null, 1)}\n`;

if (process.argv.includes("--check")) {
  const committed = fs.existsSync(out) ? fs.readFileSync(out, "utf8") : "";
  if (committed !== text) {
    console.error(`${path.relative(root, out)} is out of date: run node scripts/licences.mjs`);
    process.exit(1);
  }
  console.log("licence notices up to date");
} else {
  fs.writeFileSync(out, text);
  const { crates: c, npm } = JSON.parse(text);
  console.log(`wrote ${path.relative(root, out)}: ${c.length} crates, ${npm.length} npm packages`);
}
