// The analysis in plain words, English and Japanese. Pure: unit-tested.

import type { Analysis, ApproachPath, CoverageGap, IndirectKeyPerson, Person } from "../../bindings";
import type { Lang } from "../../lib/i18n";

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
  const p = label(people, f.person);
  const k = label(people, f.key_person, false);
  const mids = through(people, f.path);
  const against = f.polarity < 0;
  if (lang === "ja") {
    const how = against ? "反対方向に影響" : "影響";
    return mids.length
      ? `${p}は${mids.join("、")}を通じて${k}に${how}（到達度 ${r2(f.reach)}）`
      : `${p}は${k}に直接${how}（到達度 ${r2(f.reach)}）`;
  }
  const verb = against ? "works against" : "sways";
  return mids.length
    ? `${p} ${verb} ${k} through ${mids.join(", ")}, reach ${r2(f.reach)}`
    : `${p} ${verb} ${k} directly, reach ${r2(f.reach)}`;
}

export function gapText(lang: Lang, people: People, g: CoverageGap): string {
  const k = label(people, g.person);
  if (g.kind === "uncovered") return lang === "ja" ? `自社の誰も${k}に届いていません` : `Nobody on our team reaches ${k}`;
  const best = r2(g.best_reach ?? 0);
  return lang === "ja" ? `${k}への到達が弱い（最大 ${best}）` : `${k} is reached only weakly (best ${best})`;
}

export function approachText(lang: Lang, people: People, a: ApproachPath): string {
  const k = label(people, a.key_person, false);
  const path = a.path.map((id) => label(people, id, false)).join(" → ");
  return lang === "ja"
    ? `${k}への最善の経路: ${path}（到達度 ${r2(a.reach)}）`
    : `Best approach to ${k}: ${path}, reach ${r2(a.reach)}`;
}

export function statusText(lang: Lang, status: Analysis["map_status"]): string {
  const en = {
    red: "Red: no decision maker or approver is supportive",
    amber: "Amber: some decision makers and approvers are supportive",
    green: "Green: the decision makers and approvers are supportive",
  };
  const ja = {
    red: "赤: 決裁者・承認者に支持者がいません",
    amber: "黄: 決裁者・承認者の一部が支持しています",
    green: "緑: 決裁者・承認者が支持しています",
  };
  return (lang === "ja" ? ja : en)[status];
}

export function singleThreadText(lang: Lang, people: People, id: string): string {
  const n = label(people, id, false);
  return lang === "ja"
    ? `カバレッジがすべて${n}経由です（シングルスレッド）`
    : `All coverage goes through ${n}: the account is single-threaded`;
}

export function unknownText(lang: Lang, people: People, ids: string[]): string {
  const names = ids.map((id) => label(people, id, false)).join(", ");
  return lang === "ja" ? `評価が不明なキーパーソン: ${names}` : `Key persons with unknown ratings: ${names}`;
}

/** Values scaled to 0..1 for the heat view (largest value = 1). */
export function heat(values: Record<string, number> | Partial<Record<string, number>>): Map<string, number> {
  const entries = Object.entries(values).filter((e): e is [string, number] => typeof e[1] === "number");
  const max = Math.max(0, ...entries.map(([, v]) => v));
  return new Map(entries.map(([k, v]) => [k, max > 0 ? v / max : 0]));
}
