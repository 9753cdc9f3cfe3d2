import { describe, expect, it } from "vitest";
import { en } from "./en";
import { ja } from "./ja";
import { MESSAGE_KEYS, translate } from "./index";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** Latin words a Japanese message may keep: names of formats and products, units, keys of the
 * keyboard, abbreviations Japanese business writing uses as they are. */
export const ALLOWED_LATIN = new Set([
  "ABCD", "CSV", "PNG", "SVG", "PDF", "HTML", "JSON", "XLSX", "vCard", "vcf", "VCF", "UTF", "Excel", "Salesforce", "HubSpot",
  "PageRank", "Stakemap", "SQLite", "ID", "Ctrl", "Shift", "Enter", "Esc", "Tab", "Z", "KPI", "NRR", "CRM", "CFO", "CEO", "JPY", "Q",
  "A", "B", "C", "D", "STAKEMAP_DATA_DIR", "FY", "OK", "px", "KB", "MB", "GB", "AES", "YYYY", "MM", "DD", "xlsx", "Shift_JIS",
  // Products named as they are written: business-card services, graph tools.
  "Eight", "Sansan", "GraphML", "yEd", "Gephi", "networkx", "PowerPoint", "PPTX", "pptx",
  // The About dialog names the fonts and the ecosystems of the notices as they are written.
  "Noto", "Sans", "CJK", "JP", "Rust", "npm",
  // The keychain that remembers a password: the system and its services as they are written.
  "OS", "Linux", "GNOME", "Keyring", "KWallet", "Secret", "Service",
]);

/** The Latin words of a Japanese message that are not allowed. */
export function englishWords(text: string): string[] {
  const stripped = text.replace(/\{\w+\}/g, " ");
  return (stripped.match(/[A-Za-z][A-Za-z_]*/g) ?? []).filter((w) => !ALLOWED_LATIN.has(w));
}

describe("the catalogues", () => {
  it("have every string in both languages", () => {
    for (const k of MESSAGE_KEYS) {
      expect(translate("en", k), k).not.toBe("");
      expect(translate("ja", k), k).not.toBe("");
    }
  });
  it("have the same placeholders in both languages", () => {
    const differ = MESSAGE_KEYS.filter((k) => placeholders(en[k]).join() !== placeholders(ja[k]).join());
    expect(differ.map((k) => `${k}: ${en[k]} | ${ja[k]}`)).toEqual([]);
  });
  it("have no English word left in Japanese", () => {
    const left = MESSAGE_KEYS.flatMap((k) => englishWords(ja[k]).map((w) => `${k}: ${w}`));
    expect(left).toEqual([]);
  });
  it("have no key whose Japanese is its English", () => {
    const same = MESSAGE_KEYS.filter((k) => englishWords(en[k]).length > 0 && en[k] === ja[k]);
    expect(same).toEqual([]);
  });
  it("finds English in a message, and lets names of formats pass", () => {
    expect(englishWords("カードの矢印は {before} から now への評価の変化です。")).toEqual(["now"]);
    expect(englishWords("CSV ファイルを読み込む（{n} 行）")).toEqual([]);
  });
  it("use the glossary terms of the plan and the portfolio", () => {
    expect(translate("ja", "potential")).toBe("潜在力");
    expect(translate("ja", "contribution")).toBe("貢献度");
    expect(translate("ja", "abcd")).toBe("ABCD分類");
    expect(translate("ja", "colTeam")).toBe("鉄の三角形");
    expect(translate("ja", "team_customer_lead_expert")).toBe("顧客リードエキスパート");
    expect(translate("en", "planSaved")).toBe("The account plan was saved.");
    expect(translate("ja", "planSaved")).toBe("アカウントプランを保存しました。");
  });
  it("label a line's note, its sign, the account's name and the gap badge as what they are", () => {
    expect(translate("ja", "lineNote")).not.toBe(translate("ja", "notes"));
    expect(translate("en", "lineNote")).not.toMatch(/portrait/i);
    expect(translate("ja", "lineSign")).not.toBe("向き");
    expect(translate("ja", "accountName")).not.toBe(translate("ja", "name"));
    expect(translate("ja", "gapBadge_uncovered")).not.toBe("空白");
    expect(translate("en", "ratingLegend", { i: "I", s: "S", p: "P" })).toBe("I intimacy · S solution acceptance · P price acceptance");
    expect(translate("ja", "ratingLegend", { i: "親", s: "ソ", p: "価" })).toBe("親 親密度・ソ ソリューション受容度・価 価格受容度");
  });
  it("fill placeholders and leave unknown ones", () => {
    expect(translate("en", "reviewsTitle", { account: "Contoso" })).toBe("Reviews: Contoso");
    expect(translate("en", "reviewsTitle", {})).toBe("Reviews: {account}");
  });
});
