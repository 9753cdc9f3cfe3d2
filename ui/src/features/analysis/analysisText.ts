// The analysis in plain words, in the catalogue's words (lib/i18n). Pure: unit-tested.

import type { Analysis, ApproachPath, CoverageGap, IndirectKeyPerson, Person } from "../../bindings";
import { type Lang, translate } from "../../lib/i18n";

/** What the heat view of the map shows: nothing, or a centrality of each person. */
export type HeatMode = "none" | "pagerank" | "betweenness";

type People = Map<string, Person>;

const r2 = (x: number) => x.toFixed(2);

function label(people: People, id: string, withPlace = true): string {
  const p = people.get(id);
  if (!p) return id;
  const place = p.department || p.title;
  return withPlace && place ? `${p.name} (${place})` : p.name;
}

function through(people: People, path: string[]): string[] {
  return path.slice(1, -1).map((id) => label(people, id, false));
}

export function indirectText(lang: Lang, people: People, f: IndirectKeyPerson): string {
  const values = { person: label(people, f.person), key: label(people, f.key_person, false), reach: r2(f.reach) };
  const mids = through(people, f.path);
  const against = f.polarity < 0;
  if (mids.length === 0) return translate(lang, against ? "an_againstDirect" : "an_indirectDirect", values);
  return translate(lang, against ? "an_against" : "an_indirect", { ...values, via: mids.join(translate(lang, "listSep")) });
}

export function gapText(lang: Lang, people: People, g: CoverageGap): string {
  const key = label(people, g.person);
  if (g.kind === "uncovered") return translate(lang, "an_gapUncovered", { key });
  return translate(lang, "an_gapWeak", { key, best: r2(g.best_reach ?? 0) });
}

export function approachText(lang: Lang, people: People, a: ApproachPath): string {
  const key = label(people, a.key_person, false);
  const path = a.path.map((id) => label(people, id, false)).join(" → ");
  return translate(lang, "an_approach", { key, path, reach: r2(a.reach) });
}

export function statusText(lang: Lang, status: Analysis["map_status"]): string {
  return translate(lang, `an_status_${status}`);
}

export function singleThreadText(lang: Lang, people: People, id: string): string {
  return translate(lang, "an_singleThread", { name: label(people, id, false) });
}

export function unknownText(lang: Lang, people: People, ids: string[]): string {
  const names = ids.map((id) => label(people, id, false)).join(translate(lang, "listSep"));
  return translate(lang, "an_unknownRatings", { names });
}

/** Values scaled to 0..1 for the heat view (largest value = 1). */
export function heat(values: Record<string, number> | Partial<Record<string, number>>): Map<string, number> {
  const entries = Object.entries(values).filter((e): e is [string, number] => typeof e[1] === "number");
  const max = Math.max(0, ...entries.map(([, v]) => v));
  return new Map(entries.map(([k, v]) => [k, max > 0 ? v / max : 0]));
}
