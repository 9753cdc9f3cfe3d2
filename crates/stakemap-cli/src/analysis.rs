//! `stakemap analyze`: the analysis of an account or of a deal's decision chain, as a report
//! or JSON.

use crate::args::{lang_or_system, AnalysisCommand};
use crate::report;
use crate::workspace::{emit, find_account, find_opportunity, open_existing, to_json};

pub fn run(command: AnalysisCommand) -> stakemap_core::Result<()> {
    match command {
        AnalysisCommand::Analyze {
            workspace,
            account,
            json,
            threshold,
            lang,
            opportunity,
        } => {
            let threshold = stakemap_core::analysis::check_threshold(threshold)?;
            let ws = open_existing(&workspace)?;
            let account = find_account(&ws, &account)?;
            let lang = lang_or_system(lang);
            let text = match opportunity {
                None => {
                    let analysis = ws.analyze(&account.id, threshold)?;
                    if json {
                        to_json(&analysis)?
                    } else {
                        let people = ws.people(&account.id)?;
                        report::render(&account.name, &people, &analysis, lang)
                    }
                }
                Some(name) => {
                    let opp = find_opportunity(&ws, &account, &name)?;
                    let deal = ws.analyze_opportunity(&opp.id, threshold)?;
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
