//! The command line: the arguments of every command, grouped as the modules that run them.

use std::path::PathBuf;

use clap::{ArgGroup, Parser, Subcommand, ValueEnum};
use stakemap_core::analysis::{DEFAULT_REPORTING_ACCESS, DEFAULT_THRESHOLD};
use stakemap_core::export::{ExportFormat, MapView, PageSize};
use stakemap_core::import::Preset;
use stakemap_core::Lang;

#[derive(Parser)]
#[command(
    name = "stakemap",
    version,
    about = "Map a customer's decision network: people, ratings, reporting and influence lines.",
    long_about = "Map a customer's decision network: people, ratings, reporting and influence lines.\n\n\
                  A workspace is one SQLite file (suggested extension .stakemap) that holds every \
                  account; the desktop app and this command read and write the same files.\n\n\
                  Backups: before import and merge write, and before a workspace of an older \
                  format is migrated, a backup is taken (SQLite VACUUM INTO) to \
                  .stakemap-backups beside the workspace file, or to --backups DIR. See the \
                  backups, backup and restore commands."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// The folder of the backups (default: .stakemap-backups beside the workspace file;
    /// the desktop app keeps its own in its data folder, under backups/).
    #[arg(long, global = true, value_name = "DIR")]
    pub backups: Option<PathBuf>,
    /// Read the password of an encrypted workspace from the first line of standard input
    /// (it is tried on every encrypted file the command opens).
    #[arg(long, global = true)]
    pub password_stdin: bool,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum LangArg {
    En,
    Ja,
}

/// The layout of a `--file`: guessed from its header, or one of the known exports.
#[derive(Clone, Copy, ValueEnum)]
pub enum PresetArg {
    Auto,
    Generic,
    Salesforce,
    Hubspot,
    BusinessCard,
    Organogram,
}

impl PresetArg {
    pub fn preset(self) -> Option<Preset> {
        match self {
            PresetArg::Auto => None,
            PresetArg::Generic => Some(Preset::Generic),
            PresetArg::Salesforce => Some(Preset::Salesforce),
            PresetArg::Hubspot => Some(Preset::Hubspot),
            PresetArg::BusinessCard => Some(Preset::BusinessCard),
            PresetArg::Organogram => Some(Preset::Organogram),
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum FormatArg {
    Svg,
    Png,
    Pdf,
    Csv,
    Json,
    Graphml,
    Html,
    /// PowerPoint: cards and glued connectors to edit, one slide or several by team.
    Pptx,
    /// The account brief for the meeting as a one-page PDF: the map in key view, the map
    /// status, the key persons with ratings and our best route, top risks, next steps.
    BriefPdf,
    /// The account brief as one HTML file.
    BriefHtml,
}

impl FormatArg {
    pub fn format(self) -> ExportFormat {
        match self {
            FormatArg::Svg => ExportFormat::Svg,
            FormatArg::Png => ExportFormat::Png,
            FormatArg::Pdf => ExportFormat::Pdf,
            FormatArg::Csv => ExportFormat::Csv,
            FormatArg::Json => ExportFormat::Json,
            FormatArg::Graphml => ExportFormat::Graphml,
            FormatArg::Html => ExportFormat::Html,
            FormatArg::Pptx => ExportFormat::Pptx,
            FormatArg::BriefPdf => ExportFormat::BriefPdf,
            FormatArg::BriefHtml => ExportFormat::BriefHtml,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum PageArg {
    Fit,
    /// A 16:9 slide: 960 x 540 pt; a PNG of 1920 x 1080 px.
    Slide,
    A4,
    A3,
    Letter,
}

impl PageArg {
    pub fn page(self) -> PageSize {
        match self {
            PageArg::Fit => PageSize::Fit,
            PageArg::Slide => PageSize::Slide,
            PageArg::A4 => PageSize::A4,
            PageArg::A3 => PageSize::A3,
            PageArg::Letter => PageSize::Letter,
        }
    }
}

/// Which people a page shows.
#[derive(Clone, Copy, ValueEnum)]
pub enum ViewArg {
    /// The key view when the whole map would not be legible (names under 9 pt).
    Auto,
    /// The key persons, the people on their paths, everyone else as "+N" per team.
    Key,
    /// The whole map, shrunk to the page if need be.
    All,
}

impl ViewArg {
    pub fn view(self) -> MapView {
        match self {
            ViewArg::Auto => MapView::Auto,
            ViewArg::Key => MapView::Key,
            ViewArg::All => MapView::All,
        }
    }
}

/// Every command, in the order `--help` lists them.
#[derive(Subcommand)]
pub enum Command {
    #[command(flatten)]
    Share(ShareCommand),
    #[command(flatten)]
    Analysis(AnalysisCommand),
    #[command(flatten)]
    Backups(BackupCommand),
    #[command(flatten)]
    Reviews(ReviewCommand),
    #[command(flatten)]
    Cipher(CipherCommand),
}

/// Creating workspaces, importing into them, exporting from them and merging them (`share`).
#[derive(Subcommand)]
pub enum ShareCommand {
    /// Write the demo account (a fictional manufacturer, 35 people) to a new workspace file.
    Demo {
        /// The workspace file to create; it must not exist yet.
        file: PathBuf,
        /// Language of the demo's names and titles (default: the system locale).
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
    },
    /// Import people into an account, creating the workspace and the account if missing:
    /// either the generic CSV files (--people, --relations) or one people file of another
    /// layout (--file: a CRM or business-card CSV, an Excel workbook, a vCard file, a UK
    /// government organogram). Re-importing updates, never duplicates; a file with a bad row
    /// is refused whole, with every bad line listed.
    #[command(
        group(ArgGroup::new("input").required(true).args(["people", "file"])),
        after_help = "people.csv columns (any order; only id and name are required):\n  \
                      id,name,reading,title,department,side,roles,key,influence,intimacy,solution,price,notes\n\
                      relations.csv columns: from,to,kind,strength,sign,note\n  \
                      kind: reports_to, dotted_line, influence or covers; strength 1-3; sign + or -\n\n\
                      --file reads CSV (UTF-8 or Shift_JIS; comma, semicolon or tab), .xlsx (first sheet) and \
                      .vcf. Title lines above the header are skipped. A person is found again by the id the \
                      file gives them (and, with --match-email / --match-name, by e-mail or name; people \
                      without an id always are). Managers are found by id or by name; a name that fits \
                      several people is listed and the person imported without a manager."
    )]
    Import {
        /// The workspace file (created if it does not exist).
        workspace: PathBuf,
        /// The account to import into (created if missing). Required with --people; with
        /// --file it defaults to the company the file names (取引先名, 会社名, Account
        /// Name, Company), else the file's name, as the desktop app does.
        #[arg(long)]
        account: Option<String>,
        /// The people CSV file of the generic format.
        #[arg(long)]
        people: Option<PathBuf>,
        /// The relations CSV file (lines between people); with --people only.
        #[arg(long)]
        relations: Option<PathBuf>,
        /// A people file: CSV, Excel workbook (.xlsx) or vCard (.vcf).
        #[arg(long)]
        file: Option<PathBuf>,
        /// The layout of --file (default: guessed from its header).
        #[arg(long, value_enum)]
        preset: Option<PresetArg>,
        /// Also find stored people by e-mail (case-insensitive).
        #[arg(long)]
        match_email: bool,
        /// Also find stored people by name (spaces, case and full-width letters aside).
        #[arg(long)]
        match_name: bool,
        /// Print what the import would do and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Import the good rows of a file that has bad ones (which are listed and skipped).
        #[arg(long)]
        skip_bad_rows: bool,
    },
    /// Print the accounts of a workspace, with their numbers of people and lines.
    Accounts {
        /// The workspace file.
        file: PathBuf,
        /// Print JSON (id, name, people, lines) instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Export an account's map: a picture (svg, png, pdf), PowerPoint slides to edit (pptx),
    /// data (csv, json, graphml) or one HTML file to open in any browser. The same files as
    /// the app's Export.
    #[command(
        after_help = "Pictures, PowerPoint slides and the HTML viewer are meant for outside the team: they leave out \
                      ratings, notes, portraits (notes, e-mail, phone) and negative influence lines \
                      unless --no-redact is given. --redact leaves them out of every format.\n\
                      csv writes people to --out and lines beside it (NAME.relations.csv)."
    )]
    Export {
        /// The workspace file.
        workspace: PathBuf,
        /// The account to export.
        #[arg(long)]
        account: String,
        #[arg(long, value_enum)]
        format: FormatArg,
        /// The file to write (an existing file is replaced).
        #[arg(long)]
        out: PathBuf,
        /// Leave out ratings, notes, portraits and negative influence lines.
        #[arg(long, conflicts_with = "no_redact")]
        redact: bool,
        /// Keep the private parts in a picture or HTML export.
        #[arg(long)]
        no_redact: bool,
        /// PNG with --page fit: pixels per map unit (1 to 8).
        #[arg(long, default_value_t = 2.0)]
        scale: f32,
        /// PNG, PDF, SVG: the page, fitted to the map, a 16:9 slide or paper (landscape),
        /// with the title, the legend and every name at 9 pt or more. A PNG page is 2 px
        /// per point (a slide: 1920 x 1080). When one page would not do, a PDF gets one
        /// page per key person, a PNG or SVG one numbered file per page (NAME-2.png, ...).
        #[arg(long, value_enum, default_value = "fit")]
        page: PageArg,
        /// On a page: the whole map, the key view, or the key view only when needed.
        #[arg(long, value_enum, default_value = "auto")]
        view: ViewArg,
        /// Language of the legend and labels.
        #[arg(long, value_enum, default_value = "en")]
        lang: LangArg,
    },
    /// Merge a colleague's workspace file or JSON export into a workspace: new accounts,
    /// people and lines are added; where both sides changed the same item, yours is kept
    /// unless --theirs is given.
    Merge {
        /// Your workspace file.
        workspace: PathBuf,
        /// The colleague's .stakemap or .json file (it is only read).
        #[arg(long)]
        from: PathBuf,
        /// Take their version of every conflict.
        #[arg(long)]
        theirs: bool,
        /// Print what would change and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

/// The analysis of an account (`analysis`).
#[derive(Subcommand)]
pub enum AnalysisCommand {
    /// Analyse an account: who sways the key persons indirectly, coverage gaps, our
    /// approach paths, hidden central people and the map status.
    #[command(
        after_help = "Reach: the product of the line weights (weak 0.3, medium 0.6, strong 0.9) along \
                      the best path of influence lines. Coverage: from our staff along coverage \
                      lines and positive influence lines; a key person is weakly covered below \
                      0.5. Map status: green when every decision maker and approver accepts our \
                      solution (4 or 5), amber when some do, red when none do."
    )]
    Analyze {
        /// The workspace file.
        workspace: PathBuf,
        /// The account's name (or id).
        #[arg(long)]
        account: String,
        /// Print one JSON object instead of the report.
        #[arg(long)]
        json: bool,
        /// Least reach for an indirect key person, above 0 and at most 1.
        #[arg(long, default_value_t = DEFAULT_THRESHOLD, allow_negative_numbers = true)]
        threshold: f64,
        /// Language of the report (default: the system locale).
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
        /// Analyse this opportunity's decision chain (its name or id) on the deal's own
        /// graph: the account's lines with the deal's lines laid over; the JSON then also
        /// holds the chain, its missing buying roles and its map status.
        #[arg(long)]
        opportunity: Option<String>,
        /// Weight of an introduction along a reporting or dotted line in coverage reach and
        /// approach paths, 0 (off) to 1.
        #[arg(long, default_value_t = DEFAULT_REPORTING_ACCESS, allow_negative_numbers = true)]
        reporting_access: f64,
        /// Print what would change if this person (id or name) left: the key persons we
        /// would no longer reach, or only weakly, and the levers lost.
        #[arg(long, conflicts_with = "opportunity")]
        without: Option<String>,
    },
}

/// Backups and restoring one (`backups`).
#[derive(Subcommand)]
pub enum BackupCommand {
    /// List the backups of a workspace, newest first: when and why each was taken, what it
    /// holds, and whether it passes the checks.
    Backups {
        /// The workspace file (it need not exist any more, e.g. after it was found damaged).
        workspace: PathBuf,
        /// Print JSON (path, taken_at, reason, size_bytes, accounts, people, lines, ok…).
        #[arg(long)]
        json: bool,
    },
    /// Back a workspace up now. Nothing new is written when it did not change since its
    /// newest backup. The file is only read (an older format is not migrated).
    Backup {
        /// The workspace file.
        workspace: PathBuf,
    },
    /// Put a backup back in place of a workspace. What it replaces is kept: backed up first
    /// (reason before-restore), or, when it is damaged, moved aside beside it as
    /// NAME.damaged-TIME. Close the workspace in the app first.
    Restore {
        /// The workspace file (it need not exist).
        workspace: PathBuf,
        /// The backup: a path, or a file name from `stakemap backups`.
        #[arg(long)]
        from: PathBuf,
    },
}

/// Snapshots of an account and comparisons (`reviews`).
#[derive(Subcommand)]
pub enum ReviewCommand {
    /// Take a snapshot of an account for a review: its people, ratings, lines,
    /// opportunities and decision chains, frozen in the workspace file under a name.
    Snapshot {
        /// The workspace file.
        workspace: PathBuf,
        /// The account's name (or id).
        #[arg(long)]
        account: String,
        /// The snapshot's name, e.g. "FY26 Q3 review".
        #[arg(long)]
        name: String,
    },
    /// List an account's snapshots, newest first.
    Snapshots {
        /// The workspace file.
        workspace: PathBuf,
        /// The account's name (or id).
        #[arg(long)]
        account: String,
    },
    /// Compare an account now (or at a snapshot) with a snapshot: people added and removed,
    /// ratings that moved, lines added and removed, coverage gaps opened and closed, the map
    /// status then and now.
    Compare {
        /// The workspace file.
        workspace: PathBuf,
        /// The account's name (or id).
        #[arg(long)]
        account: String,
        /// The earlier state: a snapshot's name or id (default: the newest snapshot).
        #[arg(long)]
        from: Option<String>,
        /// The later state: a snapshot's name or id (default: now).
        #[arg(long)]
        to: Option<String>,
        /// Print JSON instead of the summary.
        #[arg(long)]
        json: bool,
        /// Also write the printable summary (HTML) to this file.
        #[arg(long, value_name = "FILE")]
        html: Option<PathBuf>,
        /// Language of the summary (default: the system locale).
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
    },
}

/// The encryption of a workspace (`backups`, which rewrites the backups with it).
#[derive(Subcommand)]
pub enum CipherCommand {
    /// Encrypt a workspace with a password (SQLCipher: AES-256, a key derived from the
    /// password), or change its password; its backups are rewritten under the new one. The
    /// new password, at least 8 characters, is read from standard input: its first line,
    /// or its second with --password-stdin (the current password first).
    Encrypt {
        /// The workspace file.
        workspace: PathBuf,
    },
    /// Remove a workspace's encryption (its password is read with --password-stdin); its
    /// backups are rewritten unencrypted.
    Decrypt {
        /// The workspace file.
        workspace: PathBuf,
    },
}

pub fn system_lang() -> Lang {
    sys_locale::get_locale()
        .map(|l| Lang::from_locale(&l))
        .unwrap_or(Lang::En)
}

pub fn lang_or_system(lang: Option<LangArg>) -> Lang {
    match lang {
        Some(LangArg::En) => Lang::En,
        Some(LangArg::Ja) => Lang::Ja,
        None => system_lang(),
    }
}
