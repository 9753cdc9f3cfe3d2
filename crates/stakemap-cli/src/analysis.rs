//! `stakemap analyze`: the analysis of an account or of a deal's decision chain, as a report
//! or JSON, and what would change if someone left.

use std::fmt::Write as _;

use stakemap_core::analysis::{Departure, Settings};
use stakemap_core::{Error, Lang, Person};

use crate::args::{lang_or_system, AnalysisCommand};
use crate::report::{self, Names};
use crate::workspace::{emit, find_account, find_opportunity, open_existing, to_json};

/// The person named by `who` (an id, or a name when exactly one person has it).
fn find_person<'a>(people: &'a [Person], who: &str) -> stakemap_core::Result<&'a Person> {
    let who = who.trim();
    if let Some(p) = people.iter().find(|p| p.id == who) {
        return Ok(p);
    }
    let named: Vec<&Person> = people.iter().filter(|p| p.name == who).collect();
    match named.as_slice() {
        [one] => Ok(one),
        [] => Err(Error::invalid(
            "without",
            stakemap_core::error::Reason::CommandLine {
                message: format!("nobody with the id or name \"{who}\" is on this account"),
            },
        )),
        _ => Err(Error::invalid(
            "without",
            stakemap_core::error::Reason::CommandLine {
                message: format!(
                    "{} people are named \"{who}\"; give one's id instead",
                    named.len()
                ),
            },
        )),
    }
}

pub fn run(command: AnalysisCommand) -> stakemap_core::Result<()> {
    match command {
        AnalysisCommand::Analyze {
            workspace,
            account,
            json,
            threshold,
            lang,
            opportunity,
            reporting_access,
            without,
        } => {
            let settings = Settings {
                threshold,
                reporting_access,
            }
            .check()?;
            let ws = open_existing(&workspace)?;
            let account = find_account(&ws, &account)?;
            let lang = lang_or_system(lang);
            let text = match (opportunity, without) {
                (_, Some(who)) => {
                    let people = ws.people(&account.id)?;
                    let person = find_person(&people, &who)?;
                    let departure = ws.without(&account.id, &person.id, settings)?;
                    if json {
                        to_json(&departure)?
                    } else {
                        render_departure(&people, &departure, lang)
                    }
                }
                (None, None) => {
                    let analysis = ws.analyze_with(&account.id, settings)?;
                    if json {
                        to_json(&analysis)?
                    } else {
                        let people = ws.people(&account.id)?;
                        report::render(&account.name, &people, &analysis, lang)
                    }
                }
                (Some(name), None) => {
                    let opp = find_opportunity(&ws, &account, &name)?;
                    let deal = ws.analyze_opportunity_with(&opp.id, settings)?;
                    if json {
                        to_json(&deal)?
                    } else {
                        let people = stakemap_core::deal::deal_people(
                            &ws.people(&account.id)?,
                            &deal.members,
                        );
                        report::render_deal(&account.name, &people, &deal, lang)
                    }
                }
            };
            emit(&text)?;
        }
    }
    Ok(())
}

/// What would change if someone left (`analyze --without`).
pub fn render_departure(people: &[Person], d: &Departure, lang: Lang) -> String {
    let names = Names::new(people, lang);
    let ja = lang == Lang::Ja;
    let who = names.label(&d.person);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        if ja {
            format!("{who}がいなくなったら:")
        } else {
            format!("If {who} left:")
        }
    );
    let none = if ja { "なし" } else { "none" };
    let list = |ids: &[String]| {
        if ids.is_empty() {
            none.to_string()
        } else {
            names.list(ids)
        }
    };
    if ja {
        let _ = writeln!(out, "  届かなくなるキーパーソン: {}", list(&d.uncovered));
        let _ = writeln!(out, "  カバーが弱くなるキーパーソン: {}", list(&d.weakened));
    } else {
        let _ = writeln!(
            out,
            "  Key persons we would no longer reach: {}",
            list(&d.uncovered)
        );
        let _ = writeln!(
            out,
            "  Key persons only weakly covered: {}",
            list(&d.weakened)
        );
    }
    let lost: Vec<String> = d
        .levers_lost
        .iter()
        .map(|l| {
            if ja {
                format!("{}→{}", names.name(&l.person), names.name(&l.key_person))
            } else {
                format!("{} on {}", names.name(&l.person), names.name(&l.key_person))
            }
        })
        .collect();
    let lost = if lost.is_empty() {
        none.to_string()
    } else {
        lost.join(if ja { "、" } else { ", " })
    };
    if ja {
        let _ = writeln!(out, "  失うてこ: {lost}");
    } else {
        let _ = writeln!(out, "  Levers lost: {lost}");
    }
    out
}
