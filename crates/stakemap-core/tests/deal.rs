//! Opportunities' decision chains on a real workspace file: members with deal roles,
//! deal-only lines laid over the account's, the deal's own analysis, and the chain kept by
//! undo, the JSON export, merge and the trash.

use stakemap_core::deal::REQUIRED_ROLES;
use stakemap_core::doc::AccountDoc;
use stakemap_core::merge;
use stakemap_core::store::OpportunityInput;
use stakemap_core::DealMemberInput;
use stakemap_core::UndoLabel;
use stakemap_core::{
    demo, Error, InfluenceLevel, Lang, Opportunity, Person, RelationInput, RelationKind, Role,
    Workspace,
};

struct Demo {
    _dir: tempfile::TempDir,
    ws: Workspace,
    account: String,
    people: Vec<Person>,
    deal: Opportunity,
}

fn setup() -> Demo {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open(dir.path().join("work.stakemap")).unwrap();
    ws.enable_undo().unwrap();
    let account = demo::create_demo(&mut ws, Lang::En).unwrap().id;
    let people = ws.people(&account).unwrap();
    let deal = ws.opportunities(&account).unwrap().remove(0);
    Demo {
        _dir: dir,
        ws,
        account,
        people,
        deal,
    }
}

impl Demo {
    fn id(&self, name: &str) -> String {
        self.people
            .iter()
            .find(|p| p.name == name)
            .unwrap_or_else(|| panic!("{name} is in the demo"))
            .id
            .clone()
    }

    fn member(&mut self, name: &str, roles: &[Role], importance: Option<InfluenceLevel>) {
        let (deal, person) = (self.deal.id.clone(), self.id(name));
        let input = DealMemberInput {
            roles: roles.to_vec(),
            importance,
        };
        self.ws
            .write_step(UndoLabel::SetDealMember, |tx| {
                tx.set_deal_member(&deal, &person, &input)
            })
            .unwrap();
    }

    fn line(&mut self, kind: RelationKind, from: &str, to: &str) -> stakemap_core::Result<String> {
        let deal = self.deal.id.clone();
        let input = RelationInput {
            kind,
            from: self.id(from),
            to: self.id(to),
            strength: Some(3),
            sign: Some(1),
            note: "only in this project".into(),
        };
        self.ws
            .write_step(UndoLabel::AddDealLine, |tx| tx.add_deal_line(&deal, &input))
            .map(|l| l.id)
    }
}

fn sways(a: &stakemap_core::analysis::Analysis, who: &str, key: &str) -> bool {
    a.indirect_key_persons
        .iter()
        .any(|i| i.person == who && i.key_person == key)
}

#[test]
fn a_deal_only_influence_line_changes_the_deals_analysis_and_not_the_accounts() {
    let mut d = setup();
    d.member(
        "Daniel Osei",
        &[Role::DecisionMaker],
        Some(InfluenceLevel::High),
    );
    d.member("Priya Raman", &[Role::Approver], Some(InfluenceLevel::High));
    d.member("Julia Meyer", &[Role::Coach], None);
    // Linda Park runs the Osaka plant: no tie to the CIO on the account's map.
    d.line(RelationKind::Influence, "Linda Park", "Daniel Osei")
        .unwrap();
    let (linda, daniel) = (d.id("Linda Park"), d.id("Daniel Osei"));

    let account = d.ws.analyze(&d.account, 0.25).unwrap();
    let deal = d.ws.analyze_opportunity(&d.deal.id, 0.25).unwrap();
    assert!(
        !sways(&account, &linda, &daniel),
        "no such pull account-wide"
    );
    assert!(
        sways(&deal.analysis, &linda, &daniel),
        "{:?}",
        deal.analysis.indirect_key_persons
    );
    let pull = deal
        .analysis
        .indirect_key_persons
        .iter()
        .find(|i| i.person == linda && i.key_person == daniel)
        .unwrap();
    assert_eq!(pull.path, [linda.clone(), daniel.clone()]);
    assert!((pull.reach - 0.9).abs() < 1e-9);

    // The deal's key persons are its own: the two members of high importance (the CEO and
    // the other key persons of the account are not in this chain).
    let mut keys = deal.analysis.key_persons.clone();
    keys.sort();
    let mut want = vec![daniel.clone(), d.id("Priya Raman")];
    want.sort();
    assert_eq!(keys, want);
    assert!(account.key_persons.len() > 2);
    // Who is still missing from the chain, in the documented order.
    assert_eq!(deal.missing_roles, [Role::Evaluator, Role::User]);
    assert_eq!(REQUIRED_ROLES.len(), 5);
    assert_eq!(deal.members.len(), 3);
    assert_eq!(deal.lines.len(), 1);

    // Undo takes the line back; the deal's analysis is the account's pull again.
    d.ws.undo().unwrap();
    let deal = d.ws.analyze_opportunity(&d.deal.id, 0.25).unwrap();
    assert!(!sways(&deal.analysis, &linda, &daniel));
}

#[test]
fn a_deal_reporting_line_replaces_the_managers_line_in_the_deal_only() {
    let mut d = setup();
    let (julia, priya) = (d.id("Julia Meyer"), d.id("Priya Raman"));
    d.line(RelationKind::ReportsTo, "Julia Meyer", "Priya Raman")
        .unwrap();
    let relations = d.ws.relations(&d.account).unwrap();
    let lines = d.ws.deal_lines(&d.deal.id).unwrap();
    let graph = stakemap_core::deal_relations(&d.account, &relations, &lines);
    let managers: Vec<&str> = graph
        .iter()
        .filter(|r| r.kind == RelationKind::ReportsTo && r.from == julia)
        .map(|r| r.to.as_str())
        .collect();
    assert_eq!(
        managers,
        [priya.as_str()],
        "one manager in the deal: the deal's"
    );
    let account_manager = relations
        .iter()
        .find(|r| r.kind == RelationKind::ReportsTo && r.from == julia)
        .unwrap();
    assert_eq!(
        account_manager.to,
        d.id("Hannah Cho"),
        "the account's map keeps hers"
    );

    // A cycle in the deal's graph is refused, naming the people.
    let err = d
        .line(RelationKind::ReportsTo, "Priya Raman", "Julia Meyer")
        .unwrap_err();
    match err {
        Error::ReportingCycle { names } => {
            assert_eq!(names.first().map(String::as_str), Some("Priya Raman"));
            assert!(names.contains(&"Julia Meyer".to_string()), "{names:?}");
        }
        other => panic!("{other}"),
    }
}

#[test]
fn chains_refuse_people_of_other_accounts_and_bad_opportunities() {
    let mut d = setup();
    let staff = d
        .people
        .iter()
        .find(|p| p.name == "Alex Morgan")
        .unwrap()
        .id
        .clone();
    let deal = d.deal.id.clone();
    let err =
        d.ws.write(|tx| tx.set_deal_member(&deal, &staff, &DealMemberInput::default()))
            .unwrap_err();
    assert_eq!(err.kind(), "invalid");
    let err =
        d.ws.write(|tx| tx.set_deal_member("nope", &staff, &DealMemberInput::default()))
            .unwrap_err();
    assert_eq!(err.kind(), "not_found");

    let account = d.account.clone();
    for (input, field) in [
        (
            OpportunityInput {
                name: "Bad date".into(),
                close_date: "next spring".into(),
                ..Default::default()
            },
            "close_date",
        ),
        (
            OpportunityInput {
                name: "Bad status".into(),
                status: "maybe".into(),
                ..Default::default()
            },
            "status",
        ),
        (
            OpportunityInput {
                name: "Negative".into(),
                amount: -1.0,
                ..Default::default()
            },
            "amount",
        ),
    ] {
        match d.ws.write(|tx| tx.add_opportunity(&account, &input)) {
            Err(Error::Invalid { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{other:?}"),
        }
    }
    // Deleting the opportunity takes its chain with it.
    d.member("Daniel Osei", &[Role::DecisionMaker], None);
    d.ws.write(|tx| tx.delete_opportunity(&deal)).unwrap();
    assert_eq!(d.ws.deal_members(&deal).unwrap_err().kind(), "not_found");
}

#[test]
fn the_chain_travels_with_the_json_export_and_comes_back_from_the_trash() {
    let mut d = setup();
    d.member(
        "Daniel Osei",
        &[Role::DecisionMaker],
        Some(InfluenceLevel::High),
    );
    d.member(
        "Sven Larsen",
        &[Role::Evaluator, Role::User],
        Some(InfluenceLevel::Medium),
    );
    d.line(RelationKind::Influence, "Linda Park", "Daniel Osei")
        .unwrap();
    let doc = AccountDoc::load(&d.ws, &d.account).unwrap();
    let o = doc
        .opportunities
        .iter()
        .find(|o| o.opportunity.id == d.deal.id)
        .unwrap();
    assert_eq!(o.members.len(), 2);
    assert_eq!(o.lines.len(), 1);

    // Into a new workspace through the JSON: the same chain.
    let json = serde_json::to_vec(&doc).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut other = Workspace::open(dir.path().join("other.stakemap")).unwrap();
    let docs = stakemap_core::doc::read_json_docs("acme.json", &json).unwrap();
    let report = merge::merge_apply(&mut other, &docs, &[]).unwrap();
    assert_eq!((report.deal_members_added, report.deal_lines_added), (2, 1));
    assert_eq!(
        other.deal_members(&d.deal.id).unwrap(),
        d.ws.deal_members(&d.deal.id).unwrap()
    );
    assert_eq!(
        AccountDoc::load(&other, &d.account).unwrap().opportunities,
        doc.opportunities
    );

    // Sven goes to the trash: out of the chain; restored: back in it, with his roles.
    let sven = d.id("Sven Larsen");
    let before = d.ws.deal_members(&d.deal.id).unwrap();
    d.ws.trash_person(&sven).unwrap();
    assert_eq!(d.ws.deal_members(&d.deal.id).unwrap().len(), 1);
    let item = d.ws.trash().unwrap().remove(0);
    d.ws.restore_from_trash(&item.id).unwrap();
    assert_eq!(d.ws.deal_members(&d.deal.id).unwrap(), before);
}

#[test]
fn the_same_deal_line_twice_is_one_line() {
    let mut d = setup();
    let first = d
        .line(RelationKind::Influence, "Linda Park", "Daniel Osei")
        .unwrap();
    let again = d
        .line(RelationKind::Influence, "Linda Park", "Daniel Osei")
        .unwrap();
    assert_eq!(again, first, "the line already there is answered");
    let back = d
        .line(RelationKind::Influence, "Daniel Osei", "Linda Park")
        .unwrap();
    assert_ne!(back, first, "the other direction is another line");
    let deal = d.ws.analyze_opportunity(&d.deal.id, 0.25).unwrap();
    assert_eq!(deal.lines.len(), 2, "{:?}", deal.lines);
}
