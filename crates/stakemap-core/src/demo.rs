//! The demo account: a fictional manufacturer with 30 people in six departments, our own
//! team of three, a partner and a competitor, reporting and influence lines, coverage and
//! two opportunities. Names and titles follow the UI language.

use std::collections::HashMap;

use crate::error::Result;
use crate::model::{
    Account, AccountInput, InfluenceLevel, Lang, PersonInput, Ratings, RelationInput, RelationKind,
    Role, Side, TeamRole,
};
use crate::store::{OpportunityInput, Workspace};

struct Dept {
    en: &'static str,
    ja: &'static str,
}

const DEPTS: [Dept; 6] = [
    Dept {
        en: "Executive Office",
        ja: "経営陣",
    },
    Dept {
        en: "Finance",
        ja: "財務部",
    },
    Dept {
        en: "IT",
        ja: "情報システム部",
    },
    Dept {
        en: "Manufacturing",
        ja: "生産本部",
    },
    Dept {
        en: "Procurement",
        ja: "購買部",
    },
    Dept {
        en: "Sales & Marketing",
        ja: "営業本部",
    },
];

struct DemoPerson {
    key: &'static str,
    side: Side,
    en: &'static str,
    ja: &'static str,
    reading: &'static str,
    title_en: &'static str,
    title_ja: &'static str,
    /// Index into DEPTS; ignored outside the customer.
    dept: usize,
    manager: Option<&'static str>,
    roles: &'static [Role],
    influence: Option<InfluenceLevel>,
    key_person: bool,
    ratings: [u8; 3],
}

use InfluenceLevel::{High, Low, Medium};
use Role::*;

// One row of the table below; a named constructor keeps each row on one line.
#[allow(clippy::too_many_arguments)]
const fn p(
    key: &'static str,
    en: &'static str,
    ja: &'static str,
    reading: &'static str,
    title_en: &'static str,
    title_ja: &'static str,
    dept: usize,
    manager: Option<&'static str>,
    roles: &'static [Role],
    influence: InfluenceLevel,
    key_person: bool,
    ratings: [u8; 3],
) -> DemoPerson {
    DemoPerson {
        key,
        side: Side::Customer,
        en,
        ja,
        reading,
        title_en,
        title_ja,
        dept,
        manager,
        roles,
        influence: Some(influence),
        key_person,
        ratings,
    }
}

const fn outside(
    key: &'static str,
    side: Side,
    en: &'static str,
    ja: &'static str,
    reading: &'static str,
    title_en: &'static str,
    title_ja: &'static str,
) -> DemoPerson {
    DemoPerson {
        key,
        side,
        en,
        ja,
        reading,
        title_en,
        title_ja,
        dept: 0,
        manager: None,
        roles: &[],
        influence: None,
        key_person: false,
        ratings: [0, 0, 0],
    }
}

// Ratings: intimacy, solution acceptance, price acceptance; 0 = unknown.
#[rustfmt::skip]
const PEOPLE: &[DemoPerson] = &[
    p("ceo", "Eleanor Whitfield", "高橋 誠", "タカハシ マコト", "Chief Executive Officer", "代表取締役社長", 0, None, &[DecisionMaker], High, true, [2, 3, 3]),
    p("coo", "Marcus Bell", "山本 健一", "ヤマモト ケンイチ", "Chief Operating Officer", "取締役 COO", 0, Some("ceo"), &[Approver], High, false, [3, 4, 3]),
    p("cfo", "Priya Raman", "中村 由美", "ナカムラ ユミ", "Chief Financial Officer", "取締役 CFO", 1, Some("ceo"), &[Approver], High, true, [2, 2, 2]),
    p("cio", "Daniel Osei", "小林 大輔", "コバヤシ ダイスケ", "Chief Information Officer", "執行役員 CIO", 2, Some("ceo"), &[DecisionMaker], High, true, [4, 4, 3]),
    p("cos", "Grace Liu", "加藤 美咲", "カトウ ミサキ", "Chief of Staff", "社長室長", 0, Some("ceo"), &[Gatekeeper, Influencer], Medium, false, [3, 3, 0]),
    p("ctrl", "Tom Haraldsen", "吉田 浩二", "ヨシダ コウジ", "Financial Controller", "経理部長", 1, Some("cfo"), &[Evaluator], Medium, false, [2, 3, 2]),
    p("fpa", "Aisha Karim", "山田 恵子", "ヤマダ ケイコ", "FP&A Manager", "経営企画課長", 1, Some("cfo"), &[Influencer], Medium, false, [3, 3, 3]),
    p("analyst", "Leo Brandt", "佐々木 翔", "ササキ ショウ", "Financial Analyst", "財務アナリスト", 1, Some("fpa"), &[User], Low, false, [1, 0, 0]),
    p("acct", "Mia Novak", "山口 彩", "ヤマグチ アヤ", "Accounting Lead", "会計主任", 1, Some("ctrl"), &[User], Low, false, [2, 3, 0]),
    p("infra", "Sven Larsen", "松本 拓也", "マツモト タクヤ", "Head of Infrastructure", "インフラ部長", 2, Some("cio"), &[Evaluator], Medium, false, [4, 5, 3]),
    p("apps", "Hannah Cho", "井上 真理", "イノウエ マリ", "Head of Applications", "アプリケーション部長", 2, Some("cio"), &[Evaluator, Influencer], High, false, [3, 4, 4]),
    p("sec", "Omar Haddad", "木村 俊介", "キムラ シュンスケ", "Information Security Officer", "情報セキュリティ責任者", 2, Some("cio"), &[Evaluator, Gatekeeper], Medium, false, [2, 2, 0]),
    p("arch", "Julia Meyer", "林 直樹", "ハヤシ ナオキ", "Enterprise Architect", "エンタープライズアーキテクト", 2, Some("apps"), &[Coach], Medium, false, [5, 5, 4]),
    p("syseng", "Kenji Mori", "清水 亮", "シミズ リョウ", "Systems Engineer", "システムエンジニア", 2, Some("infra"), &[User], Low, false, [3, 4, 0]),
    p("dataeng", "Sara Lind", "森 さくら", "モリ サクラ", "Data Engineer", "データエンジニア", 2, Some("apps"), &[User], Low, false, [2, 0, 0]),
    p("itpm", "Victor Alves", "池田 翼", "イケダ ツバサ", "IT Project Manager", "ITプロジェクトマネージャー", 2, Some("apps"), &[Evaluator], Medium, false, [3, 3, 3]),
    p("mfg", "Robert Kowalski", "橋本 修", "ハシモト オサム", "EVP Manufacturing", "生産本部長", 3, Some("coo"), &[DecisionMaker], High, true, [2, 3, 2]),
    p("osaka", "Linda Park", "阿部 隆", "アベ タカシ", "Plant Manager, Osaka", "大阪工場長", 3, Some("mfg"), &[Influencer, User], Medium, false, [3, 4, 0]),
    p("nagoya", "George Adams", "石川 正人", "イシカワ マサト", "Plant Manager, Nagoya", "名古屋工場長", 3, Some("mfg"), &[User], Medium, false, [1, 2, 0]),
    p("quality", "Nora Fischer", "前田 香織", "マエダ カオリ", "Quality Director", "品質保証部長", 3, Some("mfg"), &[Evaluator], High, false, [2, 2, 3]),
    p("prodeng", "Ivan Petrov", "藤田 健", "フジタ ケン", "Production Engineering Manager", "生産技術課長", 3, Some("osaka"), &[Evaluator, User], Low, false, [3, 4, 3]),
    p("line", "Chloe Martin", "岡田 陽子", "オカダ ヨウコ", "Line Supervisor", "製造ライン主任", 3, Some("nagoya"), &[User], Low, false, [0, 0, 0]),
    p("proc", "Samuel Reyes", "後藤 学", "ゴトウ マナブ", "Head of Procurement", "購買部長", 4, Some("cfo"), &[Procurement, Approver], High, true, [2, 3, 1]),
    p("buyer1", "Emma Sato", "長谷川 悠", "ハセガワ ユウ", "Senior Buyer", "シニアバイヤー", 4, Some("proc"), &[Procurement], Medium, false, [3, 3, 2]),
    p("buyer2", "Lucas Brown", "村上 大樹", "ムラカミ ダイキ", "Buyer", "バイヤー", 4, Some("proc"), &[Procurement], Low, false, [2, 0, 2]),
    p("vendor", "Olivia Grant", "近藤 千尋", "コンドウ チヒロ", "Vendor Manager", "ベンダー管理課長", 4, Some("proc"), &[Gatekeeper], Medium, false, [2, 3, 3]),
    p("sales", "Ahmed Nasser", "坂本 哲也", "サカモト テツヤ", "EVP Sales & Marketing", "営業本部長", 5, Some("coo"), &[Influencer], High, false, [3, 3, 0]),
    p("salesops", "Rachel Green", "遠藤 舞", "エンドウ マイ", "Sales Operations Manager", "営業企画部長", 5, Some("sales"), &[User, Evaluator], Medium, false, [3, 4, 3]),
    p("mkt", "Hugo Laurent", "青木 洋平", "アオキ ヨウヘイ", "Marketing Director", "マーケティング部長", 5, Some("sales"), &[User], Low, false, [2, 3, 0]),
    p("east", "Yuki Tanabe", "西村 淳", "ニシムラ ジュン", "Regional Sales Director, East", "東日本営業部長", 5, Some("sales"), &[User], Low, false, [1, 0, 0]),
    outside("am", Side::Ours, "Alex Morgan", "佐藤 翔太", "サトウ ショウタ", "Account Manager", "アカウントマネジャー"),
    outside("cle", Side::Ours, "Jordan Blake", "鈴木 花子", "スズキ ハナコ", "Customer Lead Expert", "顧客リードエキスパート"),
    outside("sm", Side::Ours, "Casey Nguyen", "田中 健太", "タナカ ケンタ", "Solution Manager", "ソリューションマネジャー"),
    outside("partner", Side::Partner, "Ian Fraser", "渡辺 剛", "ワタナベ ツヨシ", "Partner, Fraser Systems Integration", "フレーザーSI パートナー"),
    outside("rival", Side::Competitor, "Nina Volkova", "伊藤 亜紀", "イトウ アキ", "Account Executive, Apex Systems", "エイペックス・システムズ 営業"),
];

/// (from, to, kind, strength 1-3, sign)
#[rustfmt::skip]
const LINES: &[(&str, &str, RelationKind, u8, i8)] = &[
    ("cos", "ceo", RelationKind::Influence, 3, 1),
    ("coo", "ceo", RelationKind::Influence, 3, 1),
    ("cfo", "ceo", RelationKind::Influence, 3, 1),
    ("sales", "ceo", RelationKind::Influence, 2, 1),
    ("arch", "cio", RelationKind::Influence, 3, 1),
    ("apps", "cio", RelationKind::Influence, 2, 1),
    ("sec", "cio", RelationKind::Influence, 2, -1),
    ("fpa", "cfo", RelationKind::Influence, 3, 1),
    ("proc", "cfo", RelationKind::Influence, 2, 1),
    ("quality", "mfg", RelationKind::Influence, 2, -1),
    ("osaka", "mfg", RelationKind::Influence, 2, 1),
    ("buyer1", "proc", RelationKind::Influence, 2, 1),
    ("rival", "proc", RelationKind::Influence, 3, 1),
    ("partner", "apps", RelationKind::Influence, 2, 1),
    ("cle", "arch", RelationKind::Influence, 3, 1),
    ("itpm", "mfg", RelationKind::DottedLine, 2, 1),
    ("am", "cio", RelationKind::Covers, 3, 1),
    ("am", "coo", RelationKind::Covers, 2, 1),
    ("am", "proc", RelationKind::Covers, 1, 1),
    ("am", "fpa", RelationKind::Covers, 2, 1),
    ("cle", "arch", RelationKind::Covers, 3, 1),
    ("cle", "apps", RelationKind::Covers, 2, 1),
    ("sm", "infra", RelationKind::Covers, 3, 1),
    ("sm", "osaka", RelationKind::Covers, 2, 1),
];

fn portrait(key: &str, lang: Lang) -> &'static str {
    match (key, lang) {
        ("ceo", Lang::En) => "Founder's successor; 20 years in the company. Cares about export growth and the 2030 plan. Plays golf; alumnus of the same university as our CEO.",
        ("ceo", Lang::Ja) => "創業家から経営を継いで20年。輸出拡大と2030年中期計画に関心。趣味はゴルフ。当社社長と大学の同窓。",
        ("cio", Lang::En) => "Ex-consultant, joined three years ago to modernise IT. Prefers proven platforms; asks for references.",
        ("cio", Lang::Ja) => "コンサル出身、3年前にIT刷新のため入社。実績ある基盤を好み、導入事例を求める。",
        ("cfo", Lang::En) => "Focused on cost of ownership. Sceptical after a failed ERP project in 2022.",
        ("cfo", Lang::Ja) => "総保有コストを重視。2022年のERP導入失敗以来、慎重。",
        ("proc", Lang::En) => "Runs a three-vendor policy. Long relationship with Apex Systems.",
        ("proc", Lang::Ja) => "3社相見積もりが原則。エイペックス社と長い付き合い。",
        ("arch", Lang::En) => "Our coach. Shares the evaluation criteria early; speaks at user conferences.",
        ("arch", Lang::Ja) => "当社のコーチ。評価基準を早めに共有してくれる。ユーザー会で講演経験あり。",
        _ => "",
    }
}

/// Fills `ws` with the demo account and returns it.
pub fn create_demo(ws: &mut Workspace, lang: Lang) -> Result<Account> {
    let (name, industry, notes) = match lang {
        Lang::En => (
            "Northwind Precision Industries",
            "Industrial machinery",
            "Mid-size maker of precision machine tools, 4,200 employees, plants in Osaka and Nagoya.",
        ),
        Lang::Ja => (
            "北星精機株式会社",
            "産業機械",
            "精密工作機械の中堅メーカー。従業員4,200名、大阪・名古屋に工場。",
        ),
    };
    ws.write(|tx| {
        let account = tx.create_account(&AccountInput {
            name: name.into(),
            industry: industry.into(),
            notes: notes.into(),
        })?;
        let mut ids: HashMap<&str, String> = HashMap::new();
        for d in PEOPLE {
            let r = |v: u8| (v > 0).then_some(v);
            let person = tx.add_person(
                &account.id,
                &PersonInput {
                    id: None,
                    side: Some(d.side),
                    name: match lang {
                        Lang::En => d.en,
                        Lang::Ja => d.ja,
                    }
                    .into(),
                    reading: match lang {
                        Lang::En => "",
                        Lang::Ja => d.reading,
                    }
                    .into(),
                    title: match lang {
                        Lang::En => d.title_en,
                        Lang::Ja => d.title_ja,
                    }
                    .into(),
                    department: if d.side == Side::Customer {
                        match lang {
                            Lang::En => DEPTS[d.dept].en,
                            Lang::Ja => DEPTS[d.dept].ja,
                        }
                        .into()
                    } else {
                        String::new()
                    },
                    level: None,
                    email: String::new(),
                    phone: String::new(),
                    notes: portrait(d.key, lang).into(),
                    roles: d.roles.to_vec(),
                    influence: d.influence,
                    key_person: d.key_person,
                    ratings: Ratings {
                        intimacy: r(d.ratings[0]),
                        solution: r(d.ratings[1]),
                        price: r(d.ratings[2]),
                    },
                },
            )?;
            ids.insert(d.key, person.id);
        }
        let line = |from: &str, to: &str, kind, strength, sign| {
            tx.add_relation(
                &account.id,
                &RelationInput {
                    kind,
                    from: ids[from].clone(),
                    to: ids[to].clone(),
                    strength: Some(strength),
                    sign: Some(sign),
                    note: String::new(),
                },
            )
        };
        for d in PEOPLE {
            if let Some(m) = d.manager {
                line(d.key, m, RelationKind::ReportsTo, 2, 1)?;
            }
        }
        for (from, to, kind, strength, sign) in LINES {
            line(from, to, *kind, *strength, *sign)?;
        }
        for (role, key) in [
            (TeamRole::AccountManager, "am"),
            (TeamRole::CustomerLeadExpert, "cle"),
            (TeamRole::SolutionManager, "sm"),
        ] {
            tx.set_team_role(&account.id, role, Some(&ids[key]))?;
        }
        let opportunities = match lang {
            Lang::En => [
                (
                    "Smart factory MES rollout",
                    "Proposal",
                    180_000_000.0,
                    "2027-03-31",
                ),
                (
                    "Finance data platform",
                    "Qualification",
                    45_000_000.0,
                    "2027-06-30",
                ),
            ],
            Lang::Ja => [
                (
                    "スマートファクトリーMES導入",
                    "提案",
                    180_000_000.0,
                    "2027-03-31",
                ),
                ("財務データ基盤刷新", "案件化", 45_000_000.0, "2027-06-30"),
            ],
        };
        for (name, stage, amount, close) in opportunities {
            tx.add_opportunity(
                &account.id,
                &OpportunityInput {
                    name: name.into(),
                    stage: stage.into(),
                    amount,
                    currency: "JPY".into(),
                    close_date: close.into(),
                    status: String::new(),
                    notes: String::new(),
                },
            )?;
        }
        Ok(account)
    })
}
