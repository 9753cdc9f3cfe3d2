//! The account brief of the demo and of a generated account: one PDF page that poppler
//! reads and draws, naming every key person with our best route, the map status, risks
//! and next steps, in English and Japanese; the HTML the same; for outside, no ratings.

use std::process::Command;

use stakemap_core::export::{self, ExportData, ExportFormat, ExportOptions, Redaction};
use stakemap_core::{demo, Lang, Workspace};

fn run(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("`{program}` could not be run ({e}); run scripts/setup.sh"));
    assert!(out.status.success(), "{program} {args:?} failed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect()
}

#[test]
fn brief_pdf_and_html_name_every_key_person_with_status_risks_and_steps() {
    let dir = tempfile::tempdir().unwrap();
    for (lang, status, risks, steps) in [
        (Lang::En, "Map status", "Top risks", "Next steps"),
        (Lang::Ja, "マップの状態", "主なリスク", "次の一手"),
    ] {
        let mut ws = Workspace::create_new(dir.path().join(format!("{lang:?}.stakemap"))).unwrap();
        let account = demo::create_demo(&mut ws, lang).unwrap().id;
        let data = ExportData::load(&ws, &account).unwrap();
        let a = ws.analyze_with(&account, Default::default()).unwrap();
        assert!(
            !a.actions.is_empty() && !a.risks.is_empty(),
            "the demo has advice"
        );
        let opts = |format| ExportOptions {
            lang: Some(lang),
            ..ExportOptions::new(format)
        };
        let pdf = export::export(&ws, &account, &opts(ExportFormat::BriefPdf)).unwrap();
        let path = dir.path().join(format!("brief-{lang:?}.pdf"));
        std::fs::write(&path, &pdf[0].bytes).unwrap();
        let p = path.to_str().unwrap();
        let info = run("pdfinfo", &[p]);
        assert!(
            info.lines()
                .any(|l| l.starts_with("Pages:") && l.trim().ends_with(" 1")),
            "{info}"
        );
        let out = dir.path().join(format!("brief-{lang:?}"));
        run(
            "pdftoppm",
            &["-r", "30", "-png", "-singlefile", p, out.to_str().unwrap()],
        );
        assert!(out.with_extension("png").exists(), "pdftoppm drew the page");
        let text = squeeze(&run("pdftotext", &[p, "-"]));
        let html = String::from_utf8(
            export::export(&ws, &account, &opts(ExportFormat::BriefHtml)).unwrap()[0]
                .bytes
                .clone(),
        )
        .unwrap();
        for heading in [status, risks, steps] {
            assert!(
                text.contains(&squeeze(heading)),
                "{lang:?}: PDF lacks {heading}"
            );
            assert!(html.contains(heading), "{lang:?}: HTML lacks {heading}");
        }
        for k in &data.key_person_ids {
            let name = &data.person(k).unwrap().name;
            assert!(
                text.contains(&squeeze(name)),
                "{lang:?}: PDF lacks key person {name}"
            );
            assert!(
                html.contains(name.as_str()),
                "{lang:?}: HTML lacks key person {name}"
            );
        }
        // The first next step names its target.
        let target = &data.person(&a.actions[0].target).unwrap().name;
        assert!(
            text.contains(&squeeze(target)),
            "{lang:?}: first step's {target}"
        );

        // For outside: no ratings, no risks, no steps.
        let mut outside = opts(ExportFormat::BriefHtml);
        outside.redaction = Redaction::all();
        let html = String::from_utf8(
            export::export(&ws, &account, &outside).unwrap()[0]
                .bytes
                .clone(),
        )
        .unwrap();
        assert!(
            !html.contains("data-status"),
            "{lang:?}: the status tells the ratings"
        );
        assert!(!html.contains("class=\"chip\""));
        assert!(!html.contains(&a.actions[0].why));
    }
}
