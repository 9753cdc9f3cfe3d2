//! Exports of one account's map, shared by the CLI and the window so that both give
//! identical files.
//!
//! Every exporter reads an [`ExportData`], which is loaded once and then redacted (see
//! [`Redaction`]) before any exporter sees it: a private field that was cleared here cannot
//! leak through any format.

use crate::error::Reason;
pub mod brief;
pub mod data;
mod doc;
pub mod html;
pub mod keyview;
pub mod page;
pub mod pptx;
pub mod raster;
pub mod svg;

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::doc::clean::is_unsafe;
use crate::error::{Error, Result};
use crate::map::Placement;
use crate::model::{
    Account, Lang, Opportunity, Person, RatingChange, Relation, RelationKind, TeamMember,
};
use crate::store::Workspace;

crate::model::string_enum!(
    /// The formats an account can be exported to.
    ExportFormat {
        Svg => "svg",
        Png => "png",
        Pdf => "pdf",
        Csv => "csv",
        Json => "json",
        Graphml => "graphml",
        Html => "html",
        Pptx => "pptx",
        BriefPdf => "brief_pdf",
        BriefHtml => "brief_html",
    }
);

impl ExportFormat {
    /// The file extension (without dot).
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::BriefPdf => "pdf",
            ExportFormat::BriefHtml => "html",
            f => f.as_str(),
        }
    }

    /// Formats meant for people outside the team (pictures, slides and the HTML viewer):
    /// their exports are redacted unless the user unticks it.
    pub fn is_for_outside(self) -> bool {
        matches!(
            self,
            ExportFormat::Svg
                | ExportFormat::Png
                | ExportFormat::Pdf
                | ExportFormat::Html
                | ExportFormat::Pptx
        )
    }
}

crate::model::string_enum!(
    /// The page of a picture: fitted to the map, a 16:9 slide, or a paper size (landscape).
    /// On a page the map is scaled to fit under its title and beside its legend, with every
    /// card's name at least [`page::MIN_NAME_PT`] points (see [`page`]).
    PageSize {
        Fit => "fit",
        Slide => "slide",
        A4 => "a4",
        A3 => "a3",
        Letter => "letter",
    }
);

impl PageSize {
    /// Width and height in PostScript points, portrait; `None` for [`PageSize::Fit`]. A
    /// slide is 13.33 × 7.5 inches (PowerPoint's 16:9), landscape.
    pub fn points(self) -> Option<(f32, f32)> {
        match self {
            PageSize::Fit => None,
            PageSize::Slide => Some((960.0, 540.0)),
            PageSize::A4 => Some((595.28, 841.89)),
            PageSize::A3 => Some((841.89, 1190.55)),
            PageSize::Letter => Some((612.0, 792.0)),
        }
    }

    /// Width and height in points, landscape; `None` for [`PageSize::Fit`].
    pub fn landscape(self) -> Option<(f64, f64)> {
        self.points()
            .map(|(w, h)| (w.max(h) as f64, w.min(h) as f64))
    }
}

crate::model::string_enum!(
    /// Which people a page shows: the whole map, or the key view (the key persons, the
    /// people on their paths, everyone else folded into "+N" boxes per team; see
    /// [`keyview`]). `Auto` uses the key view only when the whole map would not be legible.
    MapView {
        Auto => "auto",
        Key => "key",
        All => "all",
    }
);

/// What an export leaves out (it redacts the account document too, hence its home in `doc`).
pub use crate::doc::Redaction;

/// How to export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ExportOptions {
    pub format: ExportFormat,
    pub redaction: Redaction,
    /// PNG only: pixels per map unit (2 or more for slides). Default 2.
    pub scale: Option<f32>,
    /// PNG, PDF and SVG: the page. Default: fitted to the map (PNG at `scale`).
    pub page: Option<PageSize>,
    /// Language of the legend and labels. Default English.
    pub lang: Option<Lang>,
    /// On a page: which people it shows. Default [`MapView::Auto`].
    #[serde(default)]
    pub view: Option<MapView>,
}

impl ExportOptions {
    pub fn new(format: ExportFormat) -> Self {
        ExportOptions {
            format,
            redaction: Redaction::none(),
            scale: None,
            page: None,
            lang: None,
            view: None,
        }
    }

    pub fn lang(&self) -> Lang {
        self.lang.unwrap_or(Lang::En)
    }

    /// The PNG scale, checked: 1 to 8.
    pub fn png_scale(&self) -> Result<f32> {
        let scale = self.scale.unwrap_or(2.0);
        if !(scale.is_finite() && (1.0..=8.0).contains(&scale)) {
            return Err(Error::invalid(
                "scale",
                Reason::OutOfRange {
                    value: scale.to_string(),
                    min: "1".into(),
                    max: "8".into(),
                },
            ));
        }
        Ok(scale)
    }
}

/// Everything an exporter may show of one account, already redacted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportData {
    pub account: Account,
    /// The account's people and our own staff, as on the map.
    pub people: Vec<Person>,
    pub relations: Vec<Relation>,
    pub opportunities: Vec<Opportunity>,
    /// The decision chains of those opportunities: their members and deal-only lines.
    pub deal_members: Vec<crate::model::DealMember>,
    pub deal_lines: Vec<crate::model::DealLine>,
    /// The account plan (when there is one) and its network targets.
    pub plan: Option<crate::model::AccountPlan>,
    pub targets: Vec<crate::model::NetworkTarget>,
    /// Where each card is, as the user arranged it.
    pub placements: Vec<Placement>,
    /// The path of each line, as the map draws it (see [`crate::map::AccountMap::routes`]).
    #[serde(default)]
    pub routes: Vec<crate::layout::Route>,
    /// The departments' headers over their people (see [`crate::map::AccountMap::groups`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<crate::layout::DepartmentGroup>,
    pub key_person_ids: Vec<String>,
    pub team: Vec<TeamMember>,
    /// Every recorded rating change of the people above, oldest first.
    pub rating_history: Vec<RatingChange>,
    /// When each person, line and opportunity was created (and each person last changed),
    /// which the map types leave out; the JSON export keeps them.
    pub stamps: crate::model::Stamps,
    /// The ids the account's people have in the files they were imported from.
    pub source_ids: Vec<crate::model::SourceId>,
    /// What was left out, so exporters can say so (e.g. a "redacted" note in the legend).
    pub redaction: Redaction,
    /// In a key view: the "+N" boxes among `people` (see [`keyview`]); empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub folds: Vec<Fold>,
}

/// A "+N" box of a key view: the id of the stand-in person it is drawn for, and how many
/// people it folds away.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fold {
    pub id: String,
    pub count: usize,
    /// The box is a team under a shown manager (else the rest of the customer, or of the
    /// people outside it).
    pub team: bool,
}

impl ExportData {
    /// Reads the account as the map shows it.
    pub fn load(ws: &Workspace, account_id: &str) -> Result<Self> {
        let map = ws.account_map(account_id)?;
        let mut rating_history = Vec::new();
        for p in &map.people {
            rating_history.extend(ws.rating_history(&p.id)?);
        }
        let (stamps, source_ids) = doc::load_extras(ws, account_id)?;
        let (mut deal_members, mut deal_lines) = (Vec::new(), Vec::new());
        for o in &map.opportunities {
            deal_members.extend(ws.deal_members(&o.id)?);
            deal_lines.extend(ws.deal_lines(&o.id)?);
        }
        let plan = Some(ws.plan(account_id)?).filter(|p| !p.updated_at.is_empty());
        Ok(ExportData {
            deal_members,
            deal_lines,
            plan,
            targets: ws.targets(account_id)?,
            account: map.account,
            people: map.people,
            relations: map.relations,
            opportunities: map.opportunities,
            placements: map.placements,
            routes: map.routes,
            groups: map.groups,
            key_person_ids: map.key_person_ids,
            team: map.team,
            rating_history,
            stamps,
            source_ids,
            redaction: Redaction::none(),
            folds: Vec::new(),
        })
    }

    /// Clears what `r` leaves out. Run before any exporter sees the data.
    pub fn redact(&mut self, r: &Redaction) {
        if r.ratings {
            for p in &mut self.people {
                p.ratings = Default::default();
            }
            self.rating_history.clear();
            self.targets.clear();
            // The ABCD scores are our rating of the whole account.
            if let Some(p) = &mut self.plan {
                p.potential = None;
                p.contribution = None;
            }
        }
        if r.notes {
            self.account.notes.clear();
            for l in &mut self.relations {
                l.note.clear();
            }
            for o in &mut self.opportunities {
                o.notes.clear();
            }
            for l in &mut self.deal_lines {
                l.note.clear();
            }
            if let Some(p) = &mut self.plan {
                p.industry_customer.clear();
                p.priorities.clear();
                p.strategy.clear();
                // What we mean to sell them, and by when.
                p.revenue_target = None;
                p.currency.clear();
                p.target_date.clear();
            }
        }
        if r.portraits {
            for p in &mut self.people {
                p.notes.clear();
                p.email.clear();
                p.phone.clear();
            }
            // The ids people have in our CRM tie the file to their records there.
            self.source_ids.clear();
        }
        if r.negative_lines {
            self.relations
                .retain(|l| !(l.kind == RelationKind::Influence && l.sign < 0));
            self.deal_lines
                .retain(|l| !(l.kind == RelationKind::Influence && l.sign < 0));
            let kept: std::collections::HashSet<&str> =
                self.relations.iter().map(|l| l.id.as_str()).collect();
            self.stamps
                .relations
                .retain(|id, _| kept.contains(id.as_str()));
        }
        self.redaction = Redaction {
            ratings: self.redaction.ratings || r.ratings,
            notes: self.redaction.notes || r.notes,
            portraits: self.redaction.portraits || r.portraits,
            negative_lines: self.redaction.negative_lines || r.negative_lines,
        };
    }

    /// A copy for a reader's eyes: every control character (tab and line break kept in
    /// notes) and direction override or isolate left out of every text shown.
    pub fn shown(&self) -> ExportData {
        fn line(s: &mut String) {
            visible(s, false);
        }
        fn visible(s: &mut String, multiline: bool) {
            let keep = |c: char| multiline && matches!(c, '\n' | '\t');
            if s.chars().any(|c| is_unsafe(c) && !keep(c)) {
                *s = s.chars().filter(|&c| !is_unsafe(c) || keep(c)).collect();
            }
        }
        let mut data = self.clone();
        line(&mut data.account.name);
        line(&mut data.account.industry);
        visible(&mut data.account.notes, true);
        for p in &mut data.people {
            for s in p.line_fields_mut() {
                line(s);
            }
            visible(&mut p.notes, true);
        }
        for l in &mut data.relations {
            visible(&mut l.note, true);
        }
        for o in &mut data.opportunities {
            line(&mut o.name);
            visible(&mut o.notes, true);
        }
        for g in &mut data.groups {
            line(&mut g.department);
        }
        data
    }

    pub fn person(&self, id: &str) -> Option<&Person> {
        self.people.iter().find(|p| p.id == id)
    }
}

/// One file an export produces: the name suffix added to the chosen path (empty for the
/// main file; `.relations.csv` for the CSV export's second file) and its bytes.
#[derive(Debug, Clone)]
pub struct ExportFile {
    pub suffix: std::borrow::Cow<'static, str>,
    pub bytes: Vec<u8>,
}

/// Exports an account to bytes.
pub fn export(ws: &Workspace, account_id: &str, opts: &ExportOptions) -> Result<Vec<ExportFile>> {
    let mut data = ExportData::load(ws, account_id)?;
    data.redact(&opts.redaction);
    render(&data, opts)
}

/// Renders already loaded (and redacted) data.
pub fn render(data: &ExportData, opts: &ExportOptions) -> Result<Vec<ExportFile>> {
    let one = |bytes: Vec<u8>| {
        vec![ExportFile {
            suffix: "".into(),
            bytes,
        }]
    };
    // Pictures and the viewer show text to a reader: a control character or a direction
    // override that is still in the workspace is left out there, never obeyed.
    let shown;
    let data = match opts.format {
        ExportFormat::Svg
        | ExportFormat::Png
        | ExportFormat::Pdf
        | ExportFormat::Html
        | ExportFormat::Pptx
        | ExportFormat::BriefPdf
        | ExportFormat::BriefHtml => {
            shown = data.shown();
            &shown
        }
        _ => data,
    };
    let paged = opts.page.filter(|p| *p != PageSize::Fit);
    if let (Some(page), true) = (
        paged,
        matches!(
            opts.format,
            ExportFormat::Svg | ExportFormat::Png | ExportFormat::Pdf
        ),
    ) {
        return page::render(data, opts, page);
    }
    Ok(match opts.format {
        ExportFormat::Svg => one(svg::render(data, opts).into_bytes()),
        ExportFormat::Png => one(raster::png(&svg::render(data, opts), opts.png_scale()?)?),
        ExportFormat::Pdf => one(raster::pdf(
            &svg::render(data, opts),
            opts.page.unwrap_or(PageSize::Fit),
        )?),
        ExportFormat::Csv => {
            let (people, relations) = data::csv(data);
            vec![
                ExportFile {
                    suffix: "".into(),
                    bytes: people,
                },
                ExportFile {
                    suffix: RELATIONS_SUFFIX.into(),
                    bytes: relations,
                },
            ]
        }
        ExportFormat::Json => one(data::json(data)?),
        ExportFormat::Graphml => one(data::graphml(data).into_bytes()),
        ExportFormat::Html => one(html::render(data, opts).into_bytes()),
        ExportFormat::Pptx => one(pptx::render(data, opts)?),
        ExportFormat::BriefPdf => one(brief::pdf(data, opts)?),
        ExportFormat::BriefHtml => one(brief::html(data, opts).into_bytes()),
    })
}

/// The CSV export writes people to the chosen file and lines beside it, with this suffix
/// in place of the extension: `acme.csv` and `acme.relations.csv`.
pub const RELATIONS_SUFFIX: &str = ".relations.csv";

/// The path of one file of an export to `out`.
pub fn file_path(out: &Path, file: &ExportFile) -> PathBuf {
    if file.suffix.is_empty() {
        return out.to_path_buf();
    }
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".into());
    out.with_file_name(format!("{stem}{}", file.suffix))
}

/// Exports an account to `out` (and, for CSV, the relations file beside it). Each file is
/// written to a temporary file in the same folder first and then renamed, so a failed export
/// never leaves half a file. Returns the paths written.
pub fn export_to(
    ws: &Workspace,
    account_id: &str,
    opts: &ExportOptions,
    out: &Path,
) -> Result<Vec<PathBuf>> {
    let files = export(ws, account_id, opts)?;
    write_files(out, &files)
}

/// The folder a file is saved in (`.` for a bare name), refused when it does not exist.
pub fn save_folder(out: &Path) -> Result<&Path> {
    let dir = match out.parent() {
        Some(d) if d.as_os_str().is_empty() => Path::new("."),
        Some(d) => d,
        None => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(Error::invalid(
            "file",
            Reason::FolderMissing {
                path: dir.display().to_string(),
            },
        ));
    }
    Ok(dir)
}

/// Writes rendered files (see [`export_to`]).
pub fn write_files(out: &Path, files: &[ExportFile]) -> Result<Vec<PathBuf>> {
    save_folder(out)?;
    let mut written = Vec::new();
    for f in files {
        let path = file_path(out, f);
        let tmp = path.with_file_name(format!(
            ".{}.part",
            path.file_name()
                .map_or("export".into(), |n| n.to_string_lossy())
        ));
        std::fs::write(&tmp, &f.bytes)?;
        if let Err(e) = std::fs::rename(&tmp, &path) {
            let _ = std::fs::remove_file(&tmp);
            return Err(e.into());
        }
        written.push(path);
    }
    Ok(written)
}
