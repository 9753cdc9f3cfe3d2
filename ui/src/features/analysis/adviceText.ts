// The advice (next steps, risks, levers) in plain words, in the catalogue's words
// (lib/i18n). Pure: unit-tested.

import type { Action, Analysis, Lever, Person, Risk } from "../../bindings";
import { type Lang, translate } from "../../lib/i18n";

type People = Map<string, Person>;

const r2 = (x: number) => x.toFixed(2);

function name(people: People, id: string | null | undefined): string {
  if (!id) return "";
  return people.get(id)?.name ?? id;
}

/** A pull (reach on influence lines) in words: strong from 0.7 (a strong line), medium
 * from 0.4, weak below. */
export function pullWord(lang: Lang, reach: number): string {
  return translate(lang, reach >= 0.7 ? "pull_strong" : reach >= 0.4 ? "pull_medium" : "pull_weak");
}

function opposes(people: People, id: string): boolean {
  const s = people.get(id)?.ratings.solution;
  return s !== null && s !== undefined && s <= 2;
}

/** What to do, in one line. */
export function actionText(lang: Lang, people: People, a: Action): string {
  const v = { key: name(people, a.key_person), target: name(people, a.target), threat: name(people, a.threat) };
  const self = a.target === a.key_person;
  switch (a.kind) {
    case "cover":
      return translate(lang, self ? "act_coverSelf" : "act_cover", v);
    case "win_over": {
      const help = a.helper ? translate(lang, "act_withHelp", { helper: name(people, a.helper) }) : "";
      return translate(lang, self ? "act_winOverSelf" : "act_winOver", v) + help;
    }
    case "counter":
      return translate(lang, self ? "act_counterSelf" : "act_counter", v);
    case "confirm":
      return translate(lang, self ? "act_confirmSelf" : "act_confirm", v);
    case "leverage":
      return translate(lang, "act_leverage", v);
  }
}

/** Why, in one sentence. `before` is our best reach to the key person today (cover). */
export function whyText(lang: Lang, people: People, a: Action, before: number | null): string {
  const v = { key: name(people, a.key_person), target: name(people, a.target), threat: name(people, a.threat), pull: pullWord(lang, a.gain) };
  switch (a.kind) {
    case "cover":
      return before === null
        ? translate(lang, "why_coverNone", { ...v, gain: r2(a.gain) })
        : translate(lang, "why_coverRaise", { ...v, before: r2(before), after: r2(before + a.gain) });
    case "win_over":
      if (a.target === a.key_person) return translate(lang, "why_opposesSelf", v);
      return translate(lang, opposes(people, a.target) ? "why_winOverOpposes" : "why_winOverPrice", v);
    case "counter":
      return translate(lang, "why_counter", v);
    case "confirm":
      return translate(lang, "why_confirm", v);
    case "leverage":
      return translate(lang, "why_leverage", v);
  }
}

/** A risk, in one line. */
export function riskText(lang: Lang, people: People, r: Risk): string {
  const v = { key: name(people, r.key_person), person: name(people, r.person), pull: pullWord(lang, r.reach ?? 0), reach: r2(r.reach ?? 0) };
  if (r.kind === "unknown_stance" && r.person) return translate(lang, "risk_unknown_stance_via", v);
  return translate(lang, `risk_${r.kind}`, v);
}

/** A lever, in one line. */
export function leverText(lang: Lang, people: People, l: Lever): string {
  const v = { key: name(people, l.key_person), person: name(people, l.person), pull: pullWord(lang, l.reach) };
  return translate(lang, l.kind === "champion" ? "lever_champion" : "lever_partner", v);
}

/** What the map highlights for an action: our route to the target, or the target alone. */
export function actionPath(a: Action): string[] {
  return a.via.length > 0 ? a.via : [a.target];
}

/** A mark on a card from the advice. */
export type AdviceBadge = "blocker" | "champion" | "competitor";

/** The advice's marks by person: blockers, champions, and competitor contacts (the key
 * persons a competitor sways and the customer-side people their pull goes through). */
export function adviceBadges(a: Pick<Analysis, "risks" | "levers">): Map<string, AdviceBadge[]> {
  const out = new Map<string, AdviceBadge[]>();
  const add = (id: string | null | undefined, b: AdviceBadge) => {
    if (!id) return;
    const list = out.get(id) ?? [];
    if (!list.includes(b)) list.push(b);
    out.set(id, list);
  };
  for (const r of a.risks) {
    if (r.kind === "blocker") add(r.person, "blocker");
    if (r.kind === "competitor") for (const id of (r.path ?? []).slice(1)) add(id, "competitor");
  }
  for (const l of a.levers) if (l.kind === "champion") add(l.person, "champion");
  return out;
}
