//! Account plans, ABCD and the portfolio on a real workspace file: progress computed from
//! the data, and a 12-account portfolio with its classes and flags.

use chrono::NaiveDate;
use stakemap_core::plan::{classify, AbcdClass, PlanInput};
use stakemap_core::store::OpportunityInput;
use stakemap_core::{demo, AccountInput, Lang, RatingKind, TeamRole, Workspace};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

#[test]
fn abcd_follows_the_documented_scale() {
    assert_eq!(classify(Some(5), Some(4)), Some(AbcdClass::A));
    assert_eq!(classify(Some(3), Some(3)), Some(AbcdClass::A));
    assert_eq!(classify(Some(2), Some(5)), Some(AbcdClass::B));
    assert_eq!(classify(Some(4), Some(1)), Some(AbcdClass::C));
    assert_eq!(classify(Some(1), Some(2)), Some(AbcdClass::D));
    assert_eq!(classify(None, Some(2)), None);
}

#[test]
fn plan_progress_is_computed_from_ratings_and_opportunities() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open(dir.path().join("work.stakemap")).unwrap();
    let account = demo::create_demo(&mut ws, Lang::En).unwrap().id;
    let cfo = ws
        .people(&account)
        .unwrap()
        .into_iter()
        .find(|p| p.name == "Priya Raman")
        .unwrap();
    assert_eq!(cfo.ratings.intimacy, Some(2));

    let plan = ws
        .set_plan(
            &account,
            &PlanInput {
                industry_customer: "Precision parts, 12,000 staff".into(),
                priorities: vec![
                    "Cut plant downtime".into(),
                    " ".into(),
                    "Close books faster".into(),
                ],
                revenue_target: Some(200_000_000.0),
                currency: "JPY".into(),
                target_date: "2027-03-31".into(),
                potential: Some(5),
                contribution: Some(2),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(
        plan.priorities,
        ["Cut plant downtime", "Close books faster"]
    );
    assert_eq!(plan.review_months, 3);
    ws.set_target(&cfo.id, RatingKind::Intimacy, 4, "2026-09-30")
        .unwrap();

    let p = ws.plan_progress(&account, today()).unwrap();
    assert_eq!(p.class, Some(AbcdClass::C));
    assert_eq!(p.targets.len(), 1);
    assert!(
        !p.targets[0].reached && p.targets[0].overdue,
        "{:?}",
        p.targets[0]
    );
    assert_eq!(p.targets[0].current, Some(2));
    assert_eq!(p.won_amount, 0.0);
    assert_eq!(p.open_amount, 225_000_000.0, "the demo's two open deals");
    assert_eq!(p.revenue_progress, Some(0.0));

    // The CFO warms up and the first deal is won: the plan moves without a keystroke.
    let deal = ws.opportunities(&account).unwrap().remove(0);
    ws.write(|tx| {
        tx.set_rating(&cfo.id, RatingKind::Intimacy, Some(4))?;
        tx.update_opportunity(
            &deal.id,
            &OpportunityInput {
                name: deal.name.clone(),
                stage: deal.stage.clone(),
                amount: deal.amount,
                currency: deal.currency.clone(),
                close_date: deal.close_date.clone(),
                status: "won".into(),
                notes: deal.notes.clone(),
            },
        )
    })
    .unwrap();
    let p = ws.plan_progress(&account, today()).unwrap();
    assert!(p.targets[0].reached && !p.targets[0].overdue);
    assert_eq!(p.targets_reached, 1);
    assert_eq!(p.won_amount, deal.amount);
    assert_eq!(p.revenue_progress, Some(deal.amount / 200_000_000.0));

    // Bad input is refused with the field named.
    for (input, field) in [
        (
            PlanInput {
                potential: Some(7),
                ..Default::default()
            },
            "potential",
        ),
        (
            PlanInput {
                review_months: Some(0),
                ..Default::default()
            },
            "review_months",
        ),
        (
            PlanInput {
                target_date: "soon".into(),
                ..Default::default()
            },
            "target_date",
        ),
        (
            PlanInput {
                revenue_target: Some(f64::NAN),
                ..Default::default()
            },
            "revenue_target",
        ),
    ] {
        match ws.set_plan(&account, &input) {
            Err(stakemap_core::Error::Invalid { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(
        ws.set_target(&cfo.id, RatingKind::Price, 9, "")
            .unwrap_err()
            .kind(),
        "invalid"
    );
}

#[test]
fn the_portfolio_shows_every_account_of_a_12_account_workspace_with_class_and_flags() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open(dir.path().join("work.stakemap")).unwrap();
    let demo_account = demo::create_demo(&mut ws, Lang::En).unwrap();
    let scores = [
        (Some(5), Some(5)),
        (Some(4), Some(2)),
        (Some(2), Some(4)),
        (Some(1), Some(1)),
        (None, None),
        (Some(3), Some(3)),
        (Some(2), Some(2)),
        (Some(5), Some(1)),
        (Some(1), Some(5)),
        (Some(4), Some(4)),
        (Some(3), Some(2)),
    ];
    for (i, (potential, contribution)) in scores.iter().enumerate() {
        let a = ws
            .write(|tx| {
                tx.create_account(&AccountInput {
                    name: format!("Account {i:02}"),
                    industry: String::new(),
                    notes: String::new(),
                })
            })
            .unwrap();
        ws.set_plan(
            &a.id,
            &PlanInput {
                potential: *potential,
                contribution: *contribution,
                ..Default::default()
            },
        )
        .unwrap();
    }
    ws.take_snapshot(&demo_account.id, "Q4 review").unwrap();

    let rows = ws.portfolio(today()).unwrap();
    assert_eq!(rows.len(), 12);
    let class = |name: &str| rows.iter().find(|r| r.account.name == name).unwrap().class;
    assert_eq!(class("Account 00"), Some(AbcdClass::A));
    assert_eq!(class("Account 01"), Some(AbcdClass::C));
    assert_eq!(class("Account 02"), Some(AbcdClass::B));
    assert_eq!(class("Account 03"), Some(AbcdClass::D));
    assert_eq!(class("Account 04"), None);
    // The demo: reviewed today, so not overdue; the new accounts were never reviewed.
    let demo_row = rows
        .iter()
        .find(|r| r.account.id == demo_account.id)
        .unwrap();
    assert!(demo_row.cadence.last_review.is_some());
    assert!(!demo_row.cadence.review_overdue);
    assert!(demo_row.key_persons > 0);
    assert!(rows
        .iter()
        .filter(|r| r.account.id != demo_account.id)
        .all(|r| r.cadence.review_overdue && r.key_persons == 0));
    // No one of our staff is on the new accounts' iron triangle.
    let empty = rows
        .iter()
        .find(|r| r.account.name == "Account 05")
        .unwrap();
    assert_eq!(
        empty.missing_team_roles,
        [
            TeamRole::AccountManager,
            TeamRole::CustomerLeadExpert,
            TeamRole::SolutionManager
        ]
    );
}

#[test]
fn the_plan_travels_in_snapshots_the_json_export_and_the_trash() {
    use stakemap_core::doc::AccountDoc;
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open(dir.path().join("work.stakemap")).unwrap();
    let account = demo::create_demo(&mut ws, Lang::En).unwrap().id;
    let cfo = ws
        .people(&account)
        .unwrap()
        .into_iter()
        .find(|p| p.name == "Priya Raman")
        .unwrap();
    let input = PlanInput {
        industry_customer: "Precision parts".into(),
        priorities: vec!["Uptime".into()],
        potential: Some(4),
        contribution: Some(4),
        review_months: Some(4),
        ..Default::default()
    };
    ws.set_plan(&account, &input).unwrap();
    ws.set_target(&cfo.id, RatingKind::Intimacy, 4, "2027-03-31")
        .unwrap();

    // Frozen in a snapshot.
    let snap = ws.take_snapshot(&account, "Q4").unwrap();
    let frozen = ws.snapshot_doc(&snap.id).unwrap();
    assert_eq!(frozen.plan.as_ref().unwrap().priorities, ["Uptime"]);
    assert_eq!(frozen.targets.len(), 1);

    // Through the JSON export into another workspace: the same plan and target.
    let doc = AccountDoc::load(&ws, &account).unwrap();
    let json = serde_json::to_vec(&doc).unwrap();
    let mut other = Workspace::open(dir.path().join("other.stakemap")).unwrap();
    let docs = stakemap_core::doc::read_json_docs("a.json", &json).unwrap();
    let report = stakemap_core::merge::merge_apply(&mut other, &docs, &[]).unwrap();
    assert_eq!((report.plans_added, report.targets_added), (1, 1));
    assert_eq!(other.plan(&account).unwrap(), ws.plan(&account).unwrap());
    assert_eq!(
        other.targets(&account).unwrap(),
        ws.targets(&account).unwrap()
    );

    // The account to the trash and back: its plan and target come back with it.
    let plan = ws.plan(&account).unwrap();
    ws.trash_account(&account).unwrap();
    let item = ws.trash().unwrap().remove(0);
    ws.restore_from_trash(&item.id).unwrap();
    assert_eq!(ws.plan(&account).unwrap(), plan);
    assert_eq!(ws.targets(&account).unwrap().len(), 1);
    // A person to the trash and back: their target comes back.
    ws.trash_person(&cfo.id).unwrap();
    assert!(ws.targets(&account).unwrap().is_empty());
    let item = ws.trash().unwrap().remove(0);
    ws.restore_from_trash(&item.id).unwrap();
    assert_eq!(ws.targets(&account).unwrap().len(), 1);

    // Redacted exports leave the plan's text and the targets out.
    let mut data = stakemap_core::export::ExportData::load(&ws, &account).unwrap();
    data.redact(&stakemap_core::export::Redaction::all());
    assert!(data.targets.is_empty());
    assert!(data.plan.unwrap().industry_customer.is_empty());
}
