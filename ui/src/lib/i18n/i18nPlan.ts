// UI strings of the account plan and the portfolio, in English and Japanese, with the date
// and money formats they use. Terms follow the domain glossary (アカウントプラン, 潜在力,
// 貢献度, ABCD分類, 鉄の三角形, …).

import type { Lang } from "./i18n";

const en = {
  loading: "Loading…",
  cancel: "Cancel",

  // The plan dialog.
  planTitle: "Account plan: {name}",
  planNone: "No plan yet: fill in what you know and save it. Progress is computed from the map and the opportunities.",
  planChanged: "Last changed {date}.",
  part1: "1. Industry and customer",
  part1Hint: "The customer's business, market and situation.",
  part2: "2. Customer priorities",
  part2Hint: "One per line, most important first.",
  part3: "3. Network resources: now and target",
  part3Hint: "The rating each of the customer's people should reach, and by when. A target is reached when the rating is at or above it.",
  colPerson: "Person",
  colRating: "Rating",
  colNow: "Now",
  colTarget: "Target",
  colDue: "Due",
  colStatus: "Status",
  targetReached: "Reached ✓",
  targetOverdue: "Overdue",
  targetOpen: "Not yet",
  targetsNone: "No network targets yet.",
  targetsReached: "{reached} of {total} targets reached.",
  targetDelete: "Delete",
  targetChoosePerson: "Choose a person…",
  targetNoPeople: "Add the customer's people to the map first; targets are on them.",
  targetAdd: "Add target",
  targetNoDue: "no date",
  unknownRating: "unknown",
  rating_intimacy: "Intimacy",
  rating_solution: "Solution acceptance",
  rating_price: "Price acceptance",
  part4: "4. Opportunities and targets",
  revenueTarget: "Revenue target",
  currency: "Currency",
  currencyHint: "e.g. JPY. Only opportunities in this currency count; leave it empty to count them all.",
  targetDate: "By",
  revenueInvalid: "The revenue target must be a number, zero or more.",
  wonOfTarget: "Won {won} of {target} ({percent}).",
  wonNoTarget: "Won {won}; no revenue target yet.",
  openPipeline: "Open pipeline: {open}.",
  progressSaved: "Computed from the saved plan and the account's opportunities; save to update it.",
  abcd: "ABCD classification",
  potential: "Potential",
  potentialHint: "What the customer could buy from us in the next three years",
  contribution: "Contribution",
  contributionHint: "What the account brings us now: revenue, margin, reference value",
  notScored: "– not scored",
  scale_1: "1 – very little",
  scale_2: "2 – little",
  scale_3: "3 – as much as a typical account",
  scale_4: "4 – much",
  scale_5: "5 – among our largest",
  abcdNote: "A invest · B keep · C develop · D serve at low cost. A score of 3 or more is high.",
  classLabel: "Class",
  classNone: "No class until both scores are saved.",
  class_A: "A: high potential, high contribution. Invest: a key account.",
  class_B: "B: low potential, high contribution. Keep: serve it well and efficiently.",
  class_C: "C: high potential, low contribution. Develop: win share.",
  class_D: "D: low potential, low contribution. Serve at low cost.",
  strategy: "Strategy",
  strategyHint: "How we will win and grow the account.",
  reviewEvery: "Review every",
  month1: "1 month",
  months: "{n} months",
  savePlan: "Save plan",
  saving: "Saving…",
  planSaved: "The account plan was saved.",

  // The portfolio dialog.
  portfolioTitle: "Portfolio",
  portfolioHint: "Accounts by potential (across) and contribution (up). A score of 3 or more is high: A invest, B keep, C develop, D serve at low cost.",
  portfolioEmpty:
    "No accounts yet. Create an account and map the customer's people; then open its account plan to score its potential and contribution, and it appears here.",
  axisPotential: "Potential →",
  axisContribution: "Contribution ↑",
  notScoredYet: "Not scored yet",
  allScored: "Every account is scored.",
  notScoredHint: "Score potential and contribution in each account's plan to place it on the grid.",
  colAccount: "Account",
  colClass: "Class",
  colMapStatus: "Map status",
  colLastReview: "Last review",
  colDueFlags: "To do",
  colGaps: "Coverage gaps",
  colTeam: "Iron triangle",
  colTargets: "Targets",
  neverReviewed: "never",
  reviewDue: "Review due",
  reviewDueOn: "The next review was due {date}.",
  reviewNever: "The account has never been reviewed.",
  reviewNext: "next {date}",
  planDue: "Plan out of date",
  planDueTitle: "The plan and strategy are older than 6 months, or there is no plan.",
  gapsTitle: "Key persons who are coverage gaps, of {n} key persons",
  teamComplete: "complete",
  teamMissing: "Missing: {roles}",
  targetsTitle: "Network targets reached",
  openAccount: "Open the account's map",
  status_red: "Red",
  status_amber: "Amber",
  status_green: "Green",
  team_account_manager: "Account manager",
  team_customer_lead_expert: "Customer lead expert",
  team_solution_manager: "Solution manager",
};

export type PlanKey = keyof typeof en;

const ja: Record<PlanKey, string> = {
  loading: "読み込み中…",
  cancel: "キャンセル",

  planTitle: "アカウントプラン: {name}",
  planNone: "プランはまだありません。わかることから入力して保存してください。進捗はマップと案件から計算されます。",
  planChanged: "最終更新 {date}",
  part1: "1. 業界と顧客",
  part1Hint: "顧客の事業、市場、置かれている状況。",
  part2: "2. 顧客の優先課題",
  part2Hint: "1行に1つ、重要なものから順に。",
  part3: "3. 人脈: 現状と目標",
  part3Hint: "顧客側の各人物について、どの評価にいつまでに到達するか。評価が目標以上になれば達成です。",
  colPerson: "人物",
  colRating: "評価",
  colNow: "現状",
  colTarget: "目標",
  colDue: "期限",
  colStatus: "状況",
  targetReached: "達成 ✓",
  targetOverdue: "期限超過",
  targetOpen: "未達",
  targetsNone: "人脈の目標はまだありません。",
  targetsReached: "目標 {total} 件中 {reached} 件を達成。",
  targetDelete: "削除",
  targetChoosePerson: "人物を選択…",
  targetNoPeople: "先にマップに顧客側の人物を追加してください。目標はその人物に設定します。",
  targetAdd: "目標を追加",
  targetNoDue: "期限なし",
  unknownRating: "不明",
  rating_intimacy: "親密度",
  rating_solution: "ソリューション受容度",
  rating_price: "価格受容度",
  part4: "4. 案件と目標",
  revenueTarget: "売上目標",
  currency: "通貨",
  currencyHint: "例: JPY。この通貨の案件だけを集計します。空欄ならすべての案件を集計します。",
  targetDate: "期限",
  revenueInvalid: "売上目標は0以上の数値で入力してください。",
  wonOfTarget: "受注 {won} / 目標 {target}（{percent}）。",
  wonNoTarget: "受注 {won}。売上目標はまだありません。",
  openPipeline: "進行中の案件: {open}。",
  progressSaved: "保存済みのプランと案件から計算しています。保存すると更新されます。",
  abcd: "ABCD分類",
  potential: "潜在力",
  potentialHint: "今後3年間に顧客が当社から購入しうる規模",
  contribution: "貢献度",
  contributionHint: "現在アカウントが当社にもたらしているもの（売上、利益、リファレンス価値）",
  notScored: "– 未評価",
  scale_1: "1 – ごくわずか",
  scale_2: "2 – 少ない",
  scale_3: "3 – 標準的なアカウント並み",
  scale_4: "4 – 多い",
  scale_5: "5 – 当社最大級",
  abcdNote: "A 投資 · B 維持 · C 育成 · D 低コストで対応。3以上を「高」とします。",
  classLabel: "分類",
  classNone: "両方のスコアを保存すると分類されます。",
  class_A: "A: 潜在力が高く、貢献度も高い。投資: キーアカウント。",
  class_B: "B: 潜在力は低く、貢献度は高い。維持: 効率よく確実に対応。",
  class_C: "C: 潜在力は高く、貢献度は低い。育成: シェアを獲得。",
  class_D: "D: 潜在力も貢献度も低い。低コストで対応。",
  strategy: "戦略",
  strategyHint: "このアカウントでどう勝ち、どう伸ばすか。",
  reviewEvery: "レビュー間隔",
  month1: "1か月",
  months: "{n}か月",
  savePlan: "プランを保存",
  saving: "保存中…",
  planSaved: "アカウントプランを保存しました。",

  portfolioTitle: "ポートフォリオ",
  portfolioHint: "横軸が潜在力、縦軸が貢献度です。3以上を「高」とします: A 投資、B 維持、C 育成、D 低コストで対応。",
  portfolioEmpty:
    "顧客企業がまだありません。顧客企業を作成して顧客側の人物をマップにし、アカウントプランで潜在力と貢献度を評価すると、ここに表示されます。",
  axisPotential: "潜在力 →",
  axisContribution: "貢献度 ↑",
  notScoredYet: "未評価",
  allScored: "すべての顧客企業が評価済みです。",
  notScoredHint: "各顧客企業のアカウントプランで潜在力と貢献度を評価すると、グリッドに配置されます。",
  colAccount: "顧客企業",
  colClass: "分類",
  colMapStatus: "マップの状態",
  colLastReview: "前回のレビュー",
  colDueFlags: "要対応",
  colGaps: "カバレッジの空白",
  colTeam: "鉄の三角形",
  colTargets: "目標",
  neverReviewed: "未実施",
  reviewDue: "要レビュー",
  reviewDueOn: "次回レビューの期限は {date} でした。",
  reviewNever: "この顧客企業はまだレビューされていません。",
  reviewNext: "次回 {date}",
  planDue: "プラン要更新",
  planDueTitle: "プランと戦略が6か月以上更新されていないか、プランがありません。",
  gapsTitle: "カバレッジの空白になっているキーパーソン（キーパーソン {n} 人中）",
  teamComplete: "充足",
  teamMissing: "不在: {roles}",
  targetsTitle: "達成した人脈の目標",
  openAccount: "この顧客企業のマップを開く",
  status_red: "赤",
  status_amber: "黄",
  status_green: "緑",
  team_account_manager: "アカウントマネジャー",
  team_customer_lead_expert: "顧客リードエキスパート",
  team_solution_manager: "ソリューションマネジャー",
};

const dictionaries: Record<Lang, Record<PlanKey, string>> = { en, ja };

export function planText(lang: Lang, key: PlanKey): string {
  return dictionaries[lang][key];
}

/** Every key, for tests that check both languages are complete. */
export const PLAN_KEYS = Object.keys(en) as PlanKey[];

function locale(lang: Lang): string {
  return lang === "ja" ? "ja-JP" : "en-GB";
}

/**
 * A date for people: an ISO day (2027-03-31) is read as that day wherever the user is; a
 * full timestamp as its local day. Text that is not a date is shown as it is.
 */
export function formatDay(lang: Lang, iso: string): string {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso.trim());
  const d = day ? new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3])) : new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString(locale(lang), { year: "numeric", month: "short", day: "numeric" });
}

/** An amount in `currency` (an ISO code such as JPY); a code Intl does not know is written after the number. */
export function formatMoney(lang: Lang, amount: number, currency: string): string {
  const code = currency.trim();
  if (code !== "") {
    try {
      return new Intl.NumberFormat(locale(lang), { style: "currency", currency: code }).format(amount);
    } catch {
      // Not an ISO currency code: fall through.
    }
  }
  const n = new Intl.NumberFormat(locale(lang), { maximumFractionDigits: 2 }).format(amount);
  return code === "" ? n : `${n} ${code}`;
}

/** A fraction as a percentage (0.425 → 43%). */
export function formatPercent(lang: Lang, fraction: number): string {
  return new Intl.NumberFormat(locale(lang), { style: "percent", maximumFractionDigits: 0 }).format(fraction);
}
