//! The words of the map (the legend, badges, chips, the redaction note) in each language.

use crate::model::{Lang, Side};

/// The mark of an unknown rating on a chip, the same as in the window (`UNKNOWN_MARK` in
/// `ui/src/lib/i18n/index.ts`), the interactive HTML export and the PowerPoint export.
pub(in crate::export) const UNKNOWN_MARK: &str = "?";

pub(in crate::export) struct Words {
    pub(in crate::export) legend: &'static str,
    pub(in crate::export) reports_to: &'static str,
    pub(in crate::export) dotted_line: &'static str,
    pub(in crate::export) influence_pos: &'static str,
    pub(in crate::export) influence_neg: &'static str,
    /// An influence line from a competitor's person, whatever its sign.
    pub(in crate::export) influence_competitor: &'static str,
    pub(in crate::export) covers: &'static str,
    pub(in crate::export) strength: &'static str,
    /// Short label on the chip and full name of each rating.
    pub(in crate::export) ratings: [(&'static str, &'static str); 3],
    pub(in crate::export) scale: &'static str,
    pub(in crate::export) unknown: &'static str,
    pub(in crate::export) key_person: &'static str,
    pub(in crate::export) sides: [&'static str; 5],
    pub(in crate::export) redacted: &'static str,
    /// Ratings, notes, portraits, negative lines.
    pub(in crate::export) redacted_parts: [&'static str; 4],
    pub(in crate::export) list_sep: &'static str,
}

pub(in crate::export) fn words(lang: Lang) -> Words {
    match lang {
        Lang::En => Words {
            legend: "Legend",
            reports_to: "Reporting line",
            dotted_line: "Dotted line",
            influence_pos: "Influence (+)",
            influence_neg: "Influence (−)",
            influence_competitor: "Competitor's influence",
            covers: "Coverage",
            strength: "Strength 1–3 (line width)",
            ratings: [
                ("I", "Intimacy"),
                ("S", "Solution acceptance"),
                ("P", "Price acceptance"),
            ],
            scale: "1 low … 5 high",
            unknown: "unknown",
            key_person: "Key person",
            sides: [
                "Customer",
                "Our team",
                "Partner",
                "Consultant",
                "Competitor",
            ],
            redacted: "Redacted: ",
            redacted_parts: ["ratings", "notes", "portraits", "negative influence lines"],
            list_sep: ", ",
        },
        Lang::Ja => Words {
            legend: "凡例",
            reports_to: "報告関係",
            dotted_line: "点線の報告関係",
            influence_pos: "影響関係（＋）",
            influence_neg: "影響関係（−）",
            influence_competitor: "競合の影響関係",
            covers: "カバレッジ",
            strength: "強さ 1–3（線の太さ）",
            ratings: [
                ("親", "親密度"),
                ("ソ", "ソリューション受容度"),
                ("価", "価格受容度"),
            ],
            scale: "1 低 … 5 高",
            unknown: "不明",
            key_person: "キーパーソン",
            sides: ["顧客", "自社チーム", "パートナー", "コンサルタント", "競合"],
            redacted: "非公開：",
            redacted_parts: ["評価", "メモ", "人物像", "マイナスの影響関係"],
            list_sep: "、",
        },
    }
}

/// The position of a side in [`Words::sides`].
pub(in crate::export) fn side_index(side: Side) -> usize {
    match side {
        Side::Customer => 0,
        Side::Ours => 1,
        Side::Partner => 2,
        Side::Consultant => 3,
        Side::Competitor => 4,
    }
}
