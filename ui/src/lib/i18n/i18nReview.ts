// Strings of the reviews dialog and the rating trend chart, in English and Japanese, with
// the small formatters that build their sentences. Terms follow the domain glossary.

import type { LineRef, MapStatus, PersonRef, RatingKind, RatingMove } from "../../bindings";
import type { Lang } from "./i18n";
import { moveDirection } from "../../features/reviews/comparisonMarks";
import { dateTime, fill } from "../dialogs";

const en = {
  reviewsTitle: "Reviews: {account}",
  snapshotHeading: "Take a snapshot",
  snapshotName: "Snapshot name",
  snapshotDefaultName: "Review {date}",
  snapshotTake: "Take snapshot",
  snapshotTaking: "Taking the snapshot…",
  snapshotTaken: "Snapshot “{name}” taken.",
  snapshotNote: "A snapshot is read-only: it freezes the account's people, lines and ratings as they are now, and stays in the workspace file.",
  snapshotNameMissing: "Give the snapshot a name.",
  snapshotsHeading: "Snapshots",
  snapshotsNone: "No snapshots yet. A snapshot freezes the account as it is now, so that at the next review you can compare it with how the account stands then.",
  snapshotCounts: "{people} people, {lines} lines",
  snapshotDelete: "Delete",
  snapshotDeleteAsk: "Delete the snapshot “{name}”?",
  snapshotDeleteConfirm: "Confirm delete",
  snapshotDeleted: "Snapshot “{name}” deleted.",
  cancel: "Cancel",
  close: "Close",
  compareHeading: "Compare",
  compareBefore: "Before",
  compareAfter: "After",
  compareNeedsSnapshot: "Take a snapshot first: a comparison starts from a snapshot.",
  compareRun: "Compare",
  comparing: "Comparing…",
  now: "Now",
  cmpPeopleAdded: "People added",
  cmpPeopleRemoved: "People removed",
  cmpRatingMoves: "Ratings moved",
  cmpLinesAdded: "Lines added",
  cmpLinesRemoved: "Lines removed",
  cmpGapsOpened: "Coverage gaps opened",
  cmpGapsClosed: "Coverage gaps closed",
  cmpStatus: "Map status",
  cmpStatusLine: "Map status: {before} → {after}",
  cmpStatusSame: "(no change)",
  noChange: "No change",
  rating_intimacy: "intimacy",
  rating_solution: "solution acceptance",
  rating_price: "price acceptance",
  unknown: "unknown",
  ratingMove: "{name}: {rating} {before} → {after}",
  line_reports_to: "{from} reports to {to}",
  line_dotted_line: "{from} has a dotted reporting line to {to}",
  line_influence: "{from} influences {to}",
  line_covers: "{from} covers {to}",
  lineNegative: "(negative)",
  status_red: "Red",
  status_amber: "Amber",
  status_green: "Green",
  showOnMap: "Show on map",
  hideFromMap: "Hide from map",
  exportSummary: "Export summary…",
  exportDialogTitle: "Save the review summary",
  exporting: "Writing the summary…",
  exported: "Review summary saved to {path}",
  trendTitle: "Ratings over time",
  trendEmpty: "No rating changes yet",
  trendReview: "Review “{name}”, {date}",
  trendLegend_intimacy: "Intimacy",
  trendLegend_solution: "Solution",
  trendLegend_price: "Price",
} as const;

export type ReviewKey = keyof typeof en;

const ja: Record<ReviewKey, string> = {
  reviewsTitle: "レビュー: {account}",
  snapshotHeading: "スナップショットを取る",
  snapshotName: "スナップショット名",
  snapshotDefaultName: "レビュー {date}",
  snapshotTake: "スナップショットを取る",
  snapshotTaking: "スナップショットを取っています…",
  snapshotTaken: "スナップショット「{name}」を取りました。",
  snapshotNote: "スナップショットは読み取り専用です。今の人物・関係線・評価を固定し、ワークスペースファイルの中に残ります。",
  snapshotNameMissing: "スナップショットに名前を付けてください。",
  snapshotsHeading: "スナップショット",
  snapshotsNone: "スナップショットはまだありません。スナップショットは顧客企業の今の状態を固定し、次のレビューでその時点の状態と比較できるようにします。",
  snapshotCounts: "{people} 人、{lines} 本の線",
  snapshotDelete: "削除",
  snapshotDeleteAsk: "スナップショット「{name}」を削除しますか?",
  snapshotDeleteConfirm: "削除を確定",
  snapshotDeleted: "スナップショット「{name}」を削除しました。",
  cancel: "キャンセル",
  close: "閉じる",
  compareHeading: "比較",
  compareBefore: "比較元",
  compareAfter: "比較先",
  compareNeedsSnapshot: "まずスナップショットを取ってください。比較はスナップショットから始まります。",
  compareRun: "比較",
  comparing: "比較しています…",
  now: "現在",
  cmpPeopleAdded: "追加された人物",
  cmpPeopleRemoved: "いなくなった人物",
  cmpRatingMoves: "評価の変化",
  cmpLinesAdded: "追加された線",
  cmpLinesRemoved: "なくなった線",
  cmpGapsOpened: "新たなカバレッジの空白",
  cmpGapsClosed: "解消したカバレッジの空白",
  cmpStatus: "マップの状態",
  cmpStatusLine: "マップの状態: {before} → {after}",
  cmpStatusSame: "(変化なし)",
  noChange: "変化なし",
  rating_intimacy: "親密度",
  rating_solution: "ソリューション受容度",
  rating_price: "価格受容度",
  unknown: "不明",
  ratingMove: "{name}: {rating} {before} → {after}",
  line_reports_to: "{from} → {to} の報告関係",
  line_dotted_line: "{from} → {to} の点線の報告関係",
  line_influence: "{from} が {to} に影響",
  line_covers: "{from} が {to} をカバー",
  lineNegative: "(マイナス)",
  status_red: "赤",
  status_amber: "黄",
  status_green: "緑",
  showOnMap: "マップに表示",
  hideFromMap: "マップから消す",
  exportSummary: "サマリーを書き出す…",
  exportDialogTitle: "レビューのサマリーを保存",
  exporting: "サマリーを書き出しています…",
  exported: "レビューのサマリーを {path} に保存しました",
  trendTitle: "評価の推移",
  trendEmpty: "評価の変化はまだありません",
  trendReview: "レビュー「{name}」 {date}",
  trendLegend_intimacy: "親密度",
  trendLegend_solution: "ソリューション",
  trendLegend_price: "価格",
};

const dictionaries: Record<Lang, Record<ReviewKey, string>> = { en, ja };

export function reviewText(lang: Lang, key: ReviewKey): string {
  return dictionaries[lang][key];
}

/** Like reviewText, with its `{name}` placeholders filled. */
export function reviewFill(lang: Lang, key: ReviewKey, values: Record<string, string | number>): string {
  return fill(reviewText(lang, key), values);
}

/** A date and time in the UI language. */
export const reviewDate = dateTime;

/** Today's local date as YYYY-MM-DD. */
export function localIsoDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** The name a new snapshot gets unless the user types another. */
export function defaultSnapshotName(lang: Lang, d: Date): string {
  return reviewFill(lang, "snapshotDefaultName", { date: localIsoDate(d) });
}

export function ratingName(lang: Lang, rating: RatingKind): string {
  return reviewText(lang, `rating_${rating}`);
}

export function statusName(lang: Lang, status: MapStatus): string {
  return reviewText(lang, `status_${status}`);
}

/** "Priya Raman (CFO)", or only the name when the person has no title. */
export function personLabel(p: PersonRef): string {
  return p.title ? `${p.name} (${p.title})` : p.name;
}

/** ▲ up, ▼ down, ◆ to or from unknown. */
export function moveSymbol(m: Pick<RatingMove, "before" | "after">): string {
  const d = moveDirection(m.before, m.after);
  return d > 0 ? "▲" : d < 0 ? "▼" : "◆";
}

/** "▲ Priya Raman: solution acceptance 2 → 4". */
export function ratingMoveText(lang: Lang, m: RatingMove): string {
  const v = (x: number | null) => (x === null ? reviewText(lang, "unknown") : String(x));
  const body = reviewFill(lang, "ratingMove", {
    name: m.person.name,
    rating: ratingName(lang, m.rating),
    before: v(m.before),
    after: v(m.after),
  });
  return `${moveSymbol(m)} ${body}`;
}

/** "A influences B (negative)", "A reports to B"… */
export function lineText(lang: Lang, l: LineRef): string {
  const body = reviewFill(lang, `line_${l.kind}`, { from: l.from.name, to: l.to.name });
  return l.sign < 0 ? `${body} ${reviewText(lang, "lineNegative")}` : body;
}
