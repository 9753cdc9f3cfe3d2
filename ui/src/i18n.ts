// UI strings in English and Japanese. Terms follow the domain glossary.

export type Lang = "en" | "ja";

const en = {
  appName: "Stakemap",
  accounts: "Accounts",
  noAccounts: "No accounts yet. Create one, or import people from a CSV file.",
  noPeople: "This account has no people yet. Add the customer's decision makers first, then who reports to whom.",
  loading: "Loading…",
  workspace: "Workspace",
  language: "Language",
  cannotOpen: "The workspace could not be opened",
  cannotLoad: "The map could not be loaded",
  retry: "Retry",
  keyPerson: "Key person",
  people: "people",
  legend: "Legend",
  intimacy: "Intimacy",
  solution: "Solution acceptance",
  price: "Price acceptance",
  intimacyShort: "I",
  solutionShort: "S",
  priceShort: "P",
  unknown: "unknown",
  reportsTo: "Reporting line",
  dottedLine: "Dotted line",
  influencePos: "Influence (+)",
  influenceNeg: "Influence (−)",
  covers: "Coverage",
  side_customer: "Customer",
  side_ours: "Our team",
  side_partner: "Partner",
  side_consultant: "Consultant",
  side_competitor: "Competitor",
  opportunities: "Opportunities",
  fitView: "Fit to window",
  ratingScale: "1 low … 5 high",
} as const;

export type MessageKey = keyof typeof en;

const ja: Record<MessageKey, string> = {
  appName: "Stakemap",
  accounts: "顧客企業",
  noAccounts: "顧客企業がまだありません。新しく作成するか、CSVファイルから人物を取り込んでください。",
  noPeople: "この顧客企業にはまだ人物がいません。まず決裁者を追加し、次に報告関係を描いてください。",
  loading: "読み込み中…",
  workspace: "ワークスペース",
  language: "言語",
  cannotOpen: "ワークスペースを開けませんでした",
  cannotLoad: "マップを読み込めませんでした",
  retry: "再試行",
  keyPerson: "キーパーソン",
  people: "人",
  legend: "凡例",
  intimacy: "親密度",
  solution: "ソリューション受容度",
  price: "価格受容度",
  intimacyShort: "親",
  solutionShort: "ソ",
  priceShort: "価",
  unknown: "不明",
  reportsTo: "報告関係",
  dottedLine: "点線の報告関係",
  influencePos: "影響関係（＋）",
  influenceNeg: "影響関係（−）",
  covers: "カバレッジ",
  side_customer: "顧客",
  side_ours: "自社チーム",
  side_partner: "パートナー",
  side_consultant: "コンサルタント",
  side_competitor: "競合",
  opportunities: "案件",
  fitView: "全体を表示",
  ratingScale: "1 低 … 5 高",
};

const dictionaries: Record<Lang, Record<MessageKey, string>> = { en, ja };

export function translate(lang: Lang, key: MessageKey): string {
  return dictionaries[lang][key];
}

/** Labels of each step of the three rating scales (domain brief). */
export const ratingLabels: Record<Lang, Record<"intimacy" | "solution" | "price", string[]>> = {
  en: {
    intimacy: ["no contact", "met once", "working relationship", "trusted", "trusted advisor"],
    solution: ["opposes", "sceptical", "neutral", "supportive", "champion"],
    price: ["rejects", "resistant", "negotiable", "accepts", "sees the value, defends it"],
  },
  ja: {
    intimacy: ["接点なし", "名刺交換", "業務上の関係", "本音で話せる", "相談される"],
    solution: ["反対", "懐疑的", "中立", "支持", "推進者"],
    price: ["拒否", "抵抗", "交渉の余地あり", "受容", "価値を認め擁護"],
  },
};

export function ratingLabel(lang: Lang, kind: "intimacy" | "solution" | "price", value: number | null): string {
  if (value === null) return translate(lang, "unknown");
  return ratingLabels[lang][kind][value - 1] ?? String(value);
}
