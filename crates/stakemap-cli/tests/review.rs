//! `stakemap snapshot`, `snapshots` and `compare` on a real workspace file.

use std::process::{Command, Output};

fn stakemap(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stakemap"))
        .args(args)
        .output()
        .unwrap()
}

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "stakemap failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_snapshot_compares_with_now_in_text_json_and_html() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demo.stakemap");
    let f = file.to_str().unwrap();
    ok(stakemap(&["demo", f, "--lang", "en"]));
    let name = "Northwind Precision Industries";

    let out = stakemap(&["compare", f, "--account", name]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no snapshot to compare with"));

    let took = ok(stakemap(&[
        "snapshot",
        f,
        "--account",
        name,
        "--name",
        "FY26 Q3 review",
    ]));
    assert!(
        took.starts_with("Took snapshot \"FY26 Q3 review\""),
        "{took}"
    );
    let list = ok(stakemap(&["snapshots", f, "--account", name]));
    assert_eq!(list.lines().count(), 1);
    assert!(list.contains("FY26 Q3 review\t32 people"), "{list}");

    // The CFO's price acceptance moves from 2 to 5.
    {
        let mut ws = stakemap_core::Workspace::open(&file).unwrap();
        let account = ws.account_by_name(name).unwrap().unwrap();
        let cfo = ws
            .people(&account.id)
            .unwrap()
            .into_iter()
            .find(|p| p.name == "Priya Raman")
            .unwrap();
        ws.write(|tx| tx.set_rating(&cfo.id, stakemap_core::RatingKind::Price, Some(5)))
            .unwrap();
    }
    let html = dir.path().join("review.html");
    let text = ok(stakemap(&[
        "compare",
        f,
        "--account",
        name,
        "--lang",
        "en",
        "--html",
        html.to_str().unwrap(),
    ]));
    assert!(
        text.contains("▲ Priya Raman: price acceptance 2 → 5"),
        "{text}"
    );
    assert!(text.contains("People removed\n  none"), "{text}");
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("Priya Raman") && page.contains("default-src 'none'"));
    assert!(!page.contains("<script"));

    let json: serde_json::Value = serde_json::from_str(&ok(stakemap(&[
        "compare",
        f,
        "--account",
        name,
        "--from",
        "FY26 Q3 review",
        "--json",
    ])))
    .unwrap();
    assert_eq!(json["rating_moves"].as_array().unwrap().len(), 1);
    assert_eq!(json["rating_moves"][0]["after"], 5);
    let ja = ok(stakemap(&["compare", f, "--account", name, "--lang", "ja"]));
    assert!(ja.contains("▲ Priya Raman: 価格受容度 2 → 5"), "{ja}");

    let out = stakemap(&["compare", f, "--account", name, "--from", "nope"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("no snapshot named \"nope\""));
}
