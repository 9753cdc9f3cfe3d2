//! The words of the map (the legend, badges, chips, the redaction note) in each language.

use crate::model::{Lang, Side};

/// The mark of an unknown rating on a chip, the same as in the window (`UNKNOWN_MARK` in
/// `ui/src/lib/i18n/index.ts`), the interactive HTML export and the PowerPoint export.
pub(crate) const UNKNOWN_MARK: &str = "?";

pub(crate) struct Words {
    pub(crate) legend: &'static str,
    pub(crate) reports_to: &'static str,
    pub(crate) dotted_line: &'static str,
    pub(crate) influence_pos: &'static str,
    pub(crate) influence_neg: &'static str,
    /// An influence line from a competitor's person, whatever its sign.
    pub(crate) influence_competitor: &'static str,
    pub(crate) covers: &'static str,
    pub(crate) strength: &'static str,
    /// Short label on the chip and full name of each rating.
    pub(crate) ratings: [(&'static str, &'static str); 3],
    pub(crate) scale: &'static str,
    pub(crate) unknown: &'static str,
    pub(crate) key_person: &'static str,
    pub(crate) sides: [&'static str; 5],
    pub(crate) redacted: &'static str,
    /// Ratings, notes, portraits, negative lines.
    pub(crate) redacted_parts: [&'static str; 4],
    pub(crate) list_sep: &'static str,
    /// Under a "+N" box of the customer's people, and of people outside the customer.
    pub(crate) folded_team: &'static str,
    pub(crate) folded_outside: &'static str,
    /// Under the "+N" box of the customer's people with no manager on the page.
    pub(crate) folded_customer: &'static str,
    /// The subtitle of a page in key view; of a page for one key person ("{}" their name).
    pub(crate) key_view: &'static str,
    pub(crate) key_page: &'static str,
}

impl Words {
    pub(crate) fn folded(&self, side: Side, team: bool) -> &'static str {
        match (side == Side::Customer, team) {
            (true, true) => self.folded_team,
            (true, false) => self.folded_customer,
            _ => self.folded_outside,
        }
    }
}

pub(crate) fn words(lang: Lang) -> Words {
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
            folded_team: "more in this team",
            folded_outside: "more outside the customer",
            folded_customer: "more at the customer",
            key_view: "Key view: key persons and their paths",
            key_page: "Key person: {}",
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
            folded_team: "このチームのほかの人物",
            folded_outside: "顧客外のほかの人物",
            folded_customer: "顧客のほかの人物",
            key_view: "キービュー：キーパーソンとその経路",
            key_page: "キーパーソン：{}",
        },
    }
}

/// The position of a side in [`Words::sides`].
pub(crate) fn side_index(side: Side) -> usize {
    match side {
        Side::Customer => 0,
        Side::Ours => 1,
        Side::Partner => 2,
        Side::Consultant => 3,
        Side::Competitor => 4,
    }
}
