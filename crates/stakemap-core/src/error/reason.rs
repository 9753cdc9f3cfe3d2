//! Why a value was refused ([`Error::Invalid`](super::Error::Invalid)) or a file was
//! refused ([`Error::FileRefused`](super::Error::FileRefused)): a kind with the arguments
//! its message needs. The window words each kind in the user's language
//! (`ui/src/lib/reasons.ts`); the CLI prints the English of [`Display`](std::fmt::Display).
//!
//! Numbers that may be fractions (a threshold, a scale) travel as text, as the user typed
//! or as the limit is written; counts and sizes as whole numbers.

use std::fmt;

/// The reason of a refusal, tagged by `code` in JSON: `{"code": "too_big", "limit_mb": 20}`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Reason {
    // --- Values of a form or a file's cell.
    /// The value is empty and must not be (a name, a password, an account to import into).
    Required,
    /// The value is not one of those allowed (a side, a role, a status).
    NotOneOf { value: String, allowed: Vec<String> },
    /// The number is outside `min`..=`max` (written as the limits are, e.g. "0.25").
    OutOfRange {
        value: String,
        min: String,
        max: String,
    },
    /// The text is not a number.
    NotANumber { value: String },
    /// The text is not a date of the form 2027-03-31.
    NotADate { value: String },
    /// An amount or a target below zero.
    Negative,
    /// A coordinate that is not a finite number.
    NotFinite,
    /// A text over the limit of a field, in KB.
    TooLong { size_kb: u32, limit_kb: u32 },
    /// An id empty or longer than `max` characters.
    IdLength { max: u32 },
    /// The id is already used, by a person of `account` (empty: of our own team).
    IdTaken { id: String, account: String },
    /// A line's sign is not + or -.
    BadSign,
    /// A line from a person to themselves.
    SamePerson,
    /// A line between people of two accounts.
    OtherAccount,
    /// A reporting line between `from` and `to`, who are not both of this account.
    ReportsAcrossAccounts { from: String, to: String },
    /// Coverage not from one of our staff to a person of the account.
    CoverageDirection,
    /// Our own staff cannot move to an account (or back).
    StaffCannotMove,
    /// `name` is not one of our staff (the iron triangle is).
    NotOnTeam { name: String },
    /// `name` is not a person of the opportunity's account.
    NotOfDealAccount { name: String },
    /// A target on one of our staff rather than a customer's person.
    TargetOnStaff,
    /// More than `limit` entries in a list (a plan's priorities).
    TooMany { limit: u32 },
    /// The snapshot `name` is of another account.
    SnapshotOfOtherAccount { name: String },
    /// Undo is not on for this workspace.
    UndoOff,
    /// The workspace is not encrypted (so it has no password to change).
    NotEncrypted,
    /// A password longer than `limit` bytes.
    PasswordTooLong { limit: u32 },
    /// A password with a NUL character.
    PasswordNul,
    /// A password shorter than `min` characters.
    PasswordTooShort { min: u32 },
    /// The picture would have more than `limit_mp` megapixels at this scale; `max_scale`
    /// is the largest that fits (empty when even scale 1 does not).
    PictureTooBig {
        width: u32,
        height: u32,
        megapixels: u32,
        limit_mp: u32,
        max_scale: String,
    },
    /// A PDF could not be made because a glyph is missing: a Japanese font is needed.
    MissingFont,
    /// Stakemap could not make or read something of its own (a picture, a PDF, a
    /// document); `detail` is the library's words.
    Internal { detail: String },
    /// Merging would reuse the id `id` (and `other`, tried instead).
    MergeIdTaken { id: String, other: String },
    /// Merging would give `person` two managers.
    MergeTwoManagers {
        person: String,
        first: String,
        second: String,
    },
    /// A column mapping with `fields` entries for a header of `columns` columns of `file`.
    MappingColumns {
        fields: u32,
        columns: u32,
        file: String,
    },
    /// An account export that does not hold together (`detail` says where, in English);
    /// it was changed by hand or is damaged.
    Inconsistent { detail: String },

    // --- Files and folders named by a path.
    /// No file was given.
    NoFile,
    /// The file does not exist.
    FileMissing { path: String },
    /// The folder to save in does not exist.
    FolderMissing { path: String },
    /// A folder was given where a file is meant.
    IsAFolder { path: String },
    /// The path has no usable file name.
    BadFileName { path: String },
    /// The path is not a workspace file (an in-memory workspace, a folder).
    NotAWorkspaceFile { path: String },
    /// A file already exists at the path.
    Exists { path: String },
    /// The temporary folder has a name SQLite cannot use.
    TempFolderName,
    /// The file is not a backup of this workspace.
    NotABackup { path: String },
    /// The backup chosen is the workspace itself.
    IsTheWorkspace,
    /// The workspace is open in another program.
    OpenElsewhere { path: String },

    // --- Files refused before they are read.
    /// The file is over `limit_mb` MiB.
    TooBig { limit_mb: u32 },
    /// An Excel 97-2003 (.xls) or password-protected workbook.
    OldExcel,
    /// A PDF document.
    Pdf,
    /// Named .xlsx (or .xlsm) but not a zip archive.
    NotZip { ext: String },
    /// A file type Stakemap does not read.
    Unsupported { ext: String },
    /// A vCard file given where a table is read.
    VcardNotTable,
    /// Binary data, not text.
    Binary,
    /// UTF-8 text with a line that is not (`line`).
    #[serde(rename = "not_utf8")]
    NotUtf8 { line: u32 },
    /// Neither UTF-8 nor Shift_JIS (from `line`).
    UnknownEncoding { line: u32 },
    /// More than `limit` rows (or cards).
    TooManyRows { limit: u32 },
    /// More than `limit` columns on `line`.
    TooManyColumns { line: u32, limit: u32 },
    /// More than `limit` cells in all.
    TooManyCells { limit: u32 },
    /// A cell (or a vCard value) on `line` longer than `limit_kb` KiB.
    CellTooLong { line: u32, limit_kb: u32 },
    /// The notes of the card on `line` are longer than `limit_kb` KiB in all.
    NotesTooLong { line: u32, limit_kb: u32 },
    /// The file has no rows, no cards or no account.
    Empty,
    /// `line` cannot be read as CSV (`detail`: the reader's words).
    BadCsvLine { line: u32, detail: String },
    /// The workbook has no worksheet.
    NoWorksheet,
    /// The workbook is damaged or not one (`detail`: the reader's words).
    DamagedWorkbook { detail: String },
    /// The workbook is encrypted.
    WorkbookEncrypted,
    /// The workbook is a zip of more than `limit` parts (`parts`).
    TooManyParts { parts: u32, limit: u32 },
    /// The workbook unpacks to far more than a workbook of people (a zip bomb?): its part
    /// `part` to `unpacked_mb` MiB, or (no part) all its parts to more than that.
    ZipBomb { part: String, unpacked_mb: u32 },
    /// The workbook names a cell beyond Excel's last cell.
    CellBeyondExcel { cell: String },
    /// No BEGIN:VCARD line.
    NoVcard,
    /// The file nests deeper than `limit` levels.
    TooDeep { limit: u32 },
    /// Not an account export (`detail`: what it is instead, as the reader says).
    NotAnExport { detail: String },
    /// Written by a newer Stakemap: export version `found`, this one reads up to `supported`.
    NewerExport { found: u32, supported: u32 },
    /// A workspace or JSON export given as a list of contacts (merge it instead).
    NotContacts,

    // --- Why a file is not a workspace (`Error::NotAWorkspace`; an empty one is `Empty`).
    /// The file is not a SQLite database.
    NotSqlite,
    /// A SQLite database of another application.
    OtherApplication,
    /// A SQLite database without tables.
    NoTables,

    /// A message of the command line about its own arguments, in English; only the CLI
    /// makes it, and it never reaches the window.
    CommandLine { message: String },
}

/// A count or size as the window reads it (limits are small numbers).
pub fn n32(n: impl TryInto<u32>) -> u32 {
    n.try_into().unwrap_or(u32::MAX)
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Reason::*;
        const SAVE_AGAIN: &str =
            "open it in Excel and save it again as Excel Workbook (.xlsx), or save it as CSV UTF-8";
        const WHAT_WE_READ: &str = "import a CSV file (UTF-8 or Shift_JIS), an Excel workbook (.xlsx) or a vCard file (.vcf)";
        match self {
            Required => write!(f, "it is empty; fill it in"),
            NotOneOf { value, allowed } => {
                write!(f, "'{value}' is not one of: {}", allowed.join(", "))
            }
            OutOfRange { value, min, max } => {
                write!(f, "{value} is out of range; use {min} to {max}")
            }
            NotANumber { value } => write!(f, "'{value}' is not a number"),
            NotADate { value } => write!(f, "'{value}' is not a date; write it as 2027-03-31"),
            Negative => write!(f, "it must be zero or more"),
            NotFinite => write!(f, "coordinates must be finite"),
            TooLong { size_kb, limit_kb } => write!(
                f,
                "it is {size_kb} KB; a field holds at most {limit_kb} KB (keep long documents outside and note where they are)"
            ),
            IdLength { max } => write!(f, "an id must be 1 to {max} characters"),
            IdTaken { id, account } if account.is_empty() => {
                write!(f, "the id '{id}' is already used by a person of our own team")
            }
            IdTaken { id, account } => write!(
                f,
                "the id '{id}' is already used by a person of account {account}"
            ),
            BadSign => write!(f, "use + (1) or - (-1)"),
            SamePerson => write!(f, "a line needs two different people"),
            OtherAccount => write!(f, "both people must be on this account or on our own team"),
            ReportsAcrossAccounts { from, to } => {
                write!(f, "{from} and {to} must both belong to this account")
            }
            CoverageDirection => write!(
                f,
                "coverage goes from one of our staff to a person of this account"
            ),
            StaffCannotMove => write!(f, "our own staff are shared by every account and cannot move to one account (or back); add a new person instead"),
            NotOnTeam { name } => write!(
                f,
                "{name} is not on our team; the iron triangle is made of our own staff"
            ),
            NotOfDealAccount { name } => write!(f, "{name} is not a person of this opportunity's account; our own staff reach the chain through coverage lines"),
            TargetOnStaff => write!(
                f,
                "targets are on the customer's people, not on our own staff"
            ),
            TooMany { limit } => write!(f, "list at most {limit}"),
            SnapshotOfOtherAccount { name } => {
                write!(f, "the snapshot \"{name}\" is of another account")
            }
            UndoOff => write!(f, "undo is not enabled for this workspace"),
            NotEncrypted => write!(f, "this workspace is not encrypted"),
            PasswordTooLong { limit } => write!(f, "a password is at most {limit} bytes long"),
            PasswordNul => write!(f, "a password cannot contain a NUL character"),
            PasswordTooShort { min } => write!(f, "use at least {min} characters"),
            PictureTooBig { width, height, megapixels, limit_mp, max_scale } => {
                write!(f, "the picture would be {width} × {height} pixels ({megapixels} megapixels), more than the limit of {limit_mp} megapixels; ")?;
                if max_scale.is_empty() {
                    write!(f, "even scale 1 is too large; export PDF or SVG instead, which have no size limit")
                } else {
                    write!(f, "use scale {max_scale} or less, or export PDF, which has no size limit")
                }
            }
            MissingFont => write!(f, "the PDF could not be made: a character has no font. Install a Japanese font (fonts-noto-cjk)"),
            Internal { detail } => write!(f, "Stakemap could not do it ({detail})"),
            MergeIdTaken { id, other } => write!(f, "the id '{id}' is used by something else here, and so is '{other}'; nothing was merged"),
            MergeTwoManagers { person, first, second } => write!(f, "merging would give {person} two managers, {first} and {second}; nothing was merged. Keep my version of the conflicting line, or change the manager in either file first"),
            MappingColumns { fields, columns, file } => write!(f, "it has {fields} fields but the header of {file} has {columns} columns; give one field per column (ignore for a column to leave out)"),
            Inconsistent { detail } => write!(f, "it is damaged or was changed by hand ({detail}); export the account again"),
            NoFile => write!(f, "no file was given; choose where the workspace is"),
            FileMissing { path } => write!(f, "{path} does not exist"),
            FolderMissing { path } => write!(f, "the folder {path} does not exist; choose another place to save"),
            IsAFolder { path } => write!(f, "{path} is a folder, not a file"),
            BadFileName { path } => write!(f, "{path} is not a valid file name"),
            NotAWorkspaceFile { path } => write!(f, "{path} is not a workspace file; only a workspace saved in a file can do this"),
            Exists { path } => write!(f, "{path} already exists; choose another name"),
            TempFolderName => write!(f, "the temporary folder has a name SQLite cannot use"),
            NotABackup { path } => write!(f, "{path} is not a backup of this workspace; choose one from the list"),
            IsTheWorkspace => write!(f, "this is the workspace itself; choose one of its backups"),
            OpenElsewhere { path } => write!(f, "{path} is open in another program; close it there and restore again. Nothing was changed."),
            TooBig { limit_mb } => write!(f, "the file is larger than {limit_mb} MiB, the most Stakemap reads. Split it into smaller files and import them one by one"),
            OldExcel => write!(f, "it is an Excel 97-2003 workbook (.xls) or a password-protected workbook; open it in Excel, remove any password and save it as Excel Workbook (.xlsx) or CSV UTF-8"),
            Pdf => write!(f, "it is a PDF document, not a table of people; {WHAT_WE_READ}"),
            NotZip { ext } => write!(f, "it is named .{ext} but is not an Excel workbook (it is not a zip archive); {SAVE_AGAIN}"),
            Unsupported { ext } => write!(f, "Stakemap does not read .{ext} files; save the sheet as Excel Workbook (.xlsx) or CSV UTF-8"),
            VcardNotTable => write!(f, "it is a vCard file, not a table; read it as vCards"),
            Binary => write!(f, "it is not a text file (it holds binary data); {WHAT_WE_READ}"),
            NotUtf8 { line } => write!(f, "it starts as UTF-8 text but line {line} is not UTF-8; save the whole file as CSV UTF-8 and import it again"),
            UnknownEncoding { line } => write!(f, "it is neither UTF-8 nor Shift_JIS text (line {line} cannot be read); save it as CSV UTF-8 and import it again"),
            TooManyRows { limit } => write!(f, "it has more than {limit} rows; split it into smaller files and import them one by one"),
            TooManyColumns { line, limit } => write!(f, "line {line} has more than {limit} columns; delete the columns you do not need and import again"),
            TooManyCells { limit } => write!(f, "it has more than {limit} cells; delete the columns you do not need or split the file"),
            CellTooLong { line, limit_kb } => write!(f, "line {line} has a cell longer than {limit_kb} KiB; shorten it (or clear that column) and import again"),
            NotesTooLong { line, limit_kb } => write!(f, "the card on line {line}: its notes are longer than {limit_kb} KiB in all; shorten them and import again"),
            Empty => write!(f, "it is empty"),
            BadCsvLine { line, detail } => write!(f, "line {line} cannot be read as CSV ({detail}); check the quotes on that line"),
            NoWorksheet => write!(f, "the workbook has no worksheet; put the people on its first sheet"),
            DamagedWorkbook { detail } => write!(f, "the workbook is damaged or not an Excel workbook ({detail}); {SAVE_AGAIN}"),
            WorkbookEncrypted => write!(f, "the workbook is encrypted; remove the password in Excel and import it again"),
            TooManyParts { parts, limit } => write!(f, "the archive has {parts} parts, more than the {limit} a workbook of people can hold; it may be a zip bomb. {SAVE_AGAIN}"),
            ZipBomb { part, unpacked_mb } if part.is_empty() => write!(f, "its parts unpack to more than {unpacked_mb} MiB, more than a workbook of people can hold; it may be a zip bomb. {SAVE_AGAIN}"),
            ZipBomb { part, unpacked_mb } => write!(f, "its part {part} unpacks to {unpacked_mb} MiB, more than a workbook of people can hold; it may be a zip bomb. {SAVE_AGAIN}"),
            CellBeyondExcel { cell } => write!(f, "it names the cell {cell}, beyond Excel's last cell XFD1048576; {SAVE_AGAIN}"),
            NoVcard => write!(f, "it holds no vCard (no BEGIN:VCARD line); export the contacts again as vCard"),
            TooDeep { limit } => write!(f, "it nests more than {limit} levels deep; an account export never does, so it is not one (or it is damaged)"),
            NotAnExport { detail } => write!(f, "it is not a Stakemap account export ({detail})"),
            NotContacts => write!(f, "it is a Stakemap workspace or JSON export, not a list of contacts; use File → Merge a colleague's file to bring its accounts in"),
            CommandLine { message } => f.write_str(message),
            NotSqlite => write!(f, "it is not a SQLite database"),
            OtherApplication => write!(f, "it is a SQLite database of another application"),
            NoTables => write!(f, "it holds no tables"),
            NewerExport { found, supported } => write!(f, "it was written by a newer version of Stakemap (export version {found}; this version reads up to {supported}). Update Stakemap to import it"),
        }
    }
}
