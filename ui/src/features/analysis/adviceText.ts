// The advice (next steps, risks, levers) in plain words, English and Japanese. Pure:
// unit-tested.

import type { Action, Analysis, Lever, Person, Risk } from "../../bindings";
import type { Lang } from "../../lib/i18n";

type People = Map<string, Person>;

const r2 = (x: number) => x.toFixed(2);

function name(people: People, id: string | null | undefined): string {
  if (!id) return "";
  return people.get(id)?.name ?? id;
}

/** A pull (reach on influence lines) in words: strong from 0.7 (a strong line), medium
 * from 0.4, weak below. */
export function pullWord(lang: Lang, reach: number): string {
  const [weak, medium, strong] = lang === "ja" ? ["弱い影響", "中程度の影響", "強い影響"] : ["weak pull", "medium pull", "strong pull"];
  return reach >= 0.7 ? strong : reach >= 0.4 ? medium : weak;
}

function opposes(people: People, id: string): boolean {
  const s = people.get(id)?.ratings.solution;
  return s !== null && s !== undefined && s <= 2;
}

/** What to do, in one line. */
export function actionText(lang: Lang, people: People, a: Action): string {
  const k = name(people, a.key_person);
  const t = name(people, a.target);
  const h = a.helper ? name(people, a.helper) : null;
  const c = name(people, a.threat);
  const self = a.target === a.key_person;
  if (lang === "ja") {
    switch (a.kind) {
      case "cover":
        return self ? `${k}本人と直接、強い関係を築く` : `${t}と強い関係を築き、${k}への経路をつくる`;
      case "win_over":
        return `${t}${self ? "" : `（${k}に影響）`}を味方につける${h ? `、${h}の協力を得て` : ""}`;
      case "counter":
        return self ? `競合の${c}に対抗: ${k}に直接、当社の価値を伝える` : `競合の${c}の${k}への影響に対抗: ${t}に当社の提案を推してもらう`;
      case "confirm":
        return self ? `${k}のソリューションへの立場を確かめる` : `${k}に影響する${t}の立場を確かめる`;
      case "leverage":
        return `${t}に${k}への働きかけを依頼する`;
    }
  }
  switch (a.kind) {
    case "cover":
      return self ? `Build a strong relationship with ${k} directly` : `Build a strong relationship with ${t} to reach ${k}`;
    case "win_over":
      return `Win over ${t}${self ? "" : `, who sways ${k}`}${h ? `, with the help of ${h}` : ""}`;
    case "counter":
      return self ? `Counter the competitor ${c}: make our case to ${k} directly` : `Counter the competitor ${c} on ${k}: ask ${t} to make our case`;
    case "confirm":
      return self ? `Find out where ${k} stands on our solution` : `Find out where ${t}, who sways ${k}, stands`;
    case "leverage":
      return `Ask ${t} to make our case to ${k}`;
  }
}

/** Why, in one sentence. `before` is our best reach to the key person today (cover). */
export function whyText(lang: Lang, people: People, a: Action, before: number | null): string {
  const k = name(people, a.key_person);
  const t = name(people, a.target);
  const c = name(people, a.threat);
  const pull = pullWord(lang, a.gain);
  if (lang === "ja") {
    switch (a.kind) {
      case "cover":
        return before === null
          ? `当社の誰も${k}に届いていません。到達度は ${r2(a.gain)} になります。`
          : `${k}への最良の到達度は ${r2(before)} のみ。${r2(before + a.gain)} に上がります。`;
      case "win_over":
        if (a.target === a.key_person) return `${k}は当社のソリューションに反対しています。`;
        return `${t}は${opposes(people, a.target) ? "当社のソリューションに反対" : "価格に抵抗"}し、${k}に${pull}を持っています。`;
      case "counter":
        return `競合の${c}が${k}に${pull}を持っています。`;
      case "confirm":
        return `${t}の立場（ソリューション受容度）が分かりません。`;
      case "leverage":
        return `${t}は当社を支持し、${k}に${pull}を持っています。`;
    }
  }
  switch (a.kind) {
    case "cover":
      return before === null
        ? `Nobody on our team reaches ${k}; this would reach them at ${r2(a.gain)}.`
        : `Our best reach to ${k} is only ${r2(before)}; this would raise it to ${r2(before + a.gain)}.`;
    case "win_over":
      if (a.target === a.key_person) return `${k} opposes our solution.`;
      return `${t} ${opposes(people, a.target) ? "opposes our solution" : "objects to our price"} and has a ${pull} on ${k}.`;
    case "counter":
      return `${c} of the competitor has a ${pull} on ${k}.`;
    case "confirm":
      return `We do not know where ${t} stands on our solution.`;
    case "leverage":
      return `${t} supports us and has a ${pull} on ${k}.`;
  }
}

/** A risk, in one line. */
export function riskText(lang: Lang, people: People, r: Risk): string {
  const k = name(people, r.key_person);
  const p = name(people, r.person);
  const pull = pullWord(lang, r.reach ?? 0);
  const ja = lang === "ja";
  switch (r.kind) {
    case "single_threaded":
      return ja ? `カバレッジはすべて${p}からです（シングルスレッド）` : `Single-threaded: all coverage starts from ${p}`;
    case "uncovered":
      return ja ? `${k}: 当社の誰からも届きません` : `${k}: nobody on our team reaches them`;
    case "weak_coverage":
      return ja ? `${k}: カバーが弱い（最良の到達度 ${r2(r.reach ?? 0)}）` : `${k}: weakly covered (best reach ${r2(r.reach ?? 0)})`;
    case "opposed_key_person":
      return ja ? `${k}は当社のソリューションに反対` : `${k} opposes our solution`;
    case "blocker":
      return ja ? `ブロッカー: ${p}が${k}に${pull}` : `Blocker: ${p} has a ${pull} on ${k}`;
    case "competitor":
      return ja ? `競合: ${p}が${k}に${pull}` : `Competitor: ${p} has a ${pull} on ${k}`;
    case "unknown_stance":
      if (!r.person) return ja ? `${k}: 立場が不明` : `${k}: stance unknown`;
      return ja ? `${p}: 立場が不明（${k}に${pull}）` : `${p}: stance unknown (${pull} on ${k})`;
    case "stale":
      return ja ? `${k}: レビュー間隔を過ぎても評価が更新されていません` : `${k}: ratings not updated within the review interval`;
  }
}

/** A lever, in one line. */
export function leverText(lang: Lang, people: People, l: Lever): string {
  const k = name(people, l.key_person);
  const p = name(people, l.person);
  const pull = pullWord(lang, l.reach);
  if (lang === "ja") return l.kind === "champion" ? `チャンピオン: ${p}は当社を支持し、${k}に${pull}` : `パートナー: ${p}が${k}に${pull}`;
  return l.kind === "champion" ? `Champion: ${p} supports us and has a ${pull} on ${k}` : `Partner: ${p} has a ${pull} on ${k}`;
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
