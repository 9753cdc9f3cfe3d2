//! The account document as the JSON export writes it: [`AccountDoc`] lives in
//! [`crate::doc`]; here it is made from the export's (possibly redacted) data.

use super::ExportData;
use crate::doc::{AccountDoc, DocPosition, Parts};
use crate::error::Result;
use crate::model::{SourceId, Stamps};
use crate::store::Workspace;

/// Reads the record times and source ids of an account (for [`ExportData::load`]).
pub(crate) fn load_extras(ws: &Workspace, account_id: &str) -> Result<(Stamps, Vec<SourceId>)> {
    crate::store::docs::stamps_and_sources(ws.conn(), account_id)
}

impl AccountDoc {
    /// The document of already loaded (and possibly redacted) data.
    pub fn from_data(data: &ExportData) -> AccountDoc {
        AccountDoc::assemble(Parts {
            account: &data.account,
            people: &data.people,
            relations: &data.relations,
            opportunities: &data.opportunities,
            deal_members: &data.deal_members,
            deal_lines: &data.deal_lines,
            plan: data.plan.as_ref(),
            targets: &data.targets,
            positions: data
                .placements
                .iter()
                .filter(|p| p.manual)
                .map(|p| DocPosition {
                    person_id: p.person_id.clone(),
                    x: p.x,
                    y: p.y,
                })
                .collect(),
            team: &data.team,
            rating_history: &data.rating_history,
            stamps: &data.stamps,
            source_ids: &data.source_ids,
            redaction: data.redaction,
        })
    }
}
