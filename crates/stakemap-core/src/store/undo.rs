//! Undo and redo of every edit, the way SQLite's own documentation describes it: temporary
//! triggers record, for each row an edit inserts, changes or deletes, the SQL that puts it
//! back. One [`Workspace::write`] is one step. The log lives in the connection's TEMP
//! schema, so it costs the file nothing and ends with the session, as in any desktop app.
//!
//! A bulk step ([`Workspace::write_bulk_step`], an import) logs no inserts. It notes the
//! largest rowid of each table when it starts and when it ends: a new row gets one more
//! than the largest, so the rows between are exactly the ones it inserted (and kept), and
//! its undo deletes them whole. What it changes or deletes of the rows that were there
//! before is logged as usual. Without the insert trigger, an insert is a one-row statement
//! again, which SQLite runs without a statement journal: with the trigger, a
//! 100,000-person import took twice as long.

use rusqlite::Connection;

use super::{UndoLabel, Workspace};
use crate::error::{Error, Result};

/// Tables whose rows an edit can touch.
const TABLES: &[&str] = &[
    "account",
    "person",
    "rating_change",
    "relation",
    "position",
    "opportunity",
    "account_team",
    "person_source",
    "trash",
    "deal_member",
    "deal_line",
    "snapshot",
    "account_plan",
    "plan_target",
];

/// How many steps are kept; older ones are forgotten.
const MAX_STEPS: usize = 500;

#[derive(Debug, Clone, PartialEq, Eq)]
struct Step {
    label: UndoLabel,
    /// Range of `temp.undo_log.seq` written by this step.
    first: i64,
    last: i64,
    /// The rows a bulk step inserted, table by table in the order of [`TABLES`].
    inserted: Vec<Inserted>,
}

/// The rows of a table a bulk step inserted: every row whose rowid is in `first..=last`,
/// and no other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Inserted {
    table: &'static str,
    first: i64,
    last: i64,
}

#[derive(Debug, Default)]
pub(crate) struct UndoState {
    undo: Vec<Step>,
    redo: Vec<Step>,
}

/// What the UI shows on its Undo and Redo commands.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct UndoStatus {
    pub undo: Option<UndoLabel>,
    pub redo: Option<UndoLabel>,
}

fn columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!("PRAGMA main.table_info({table})"))?;
    let cols = stmt.query_map([], |r| r.get::<_, String>(1))?;
    Ok(cols.collect::<rusqlite::Result<_>>()?)
}

fn install(conn: &Connection) -> Result<()> {
    let mut sql = String::from(
        "CREATE TEMP TABLE IF NOT EXISTS undo_log (seq INTEGER PRIMARY KEY, sql TEXT NOT NULL);\n",
    );
    for table in TABLES {
        sql.push_str(&triggers(conn, table, None)?);
    }
    conn.execute_batch(&sql)?;
    Ok(())
}

/// The triggers that log a table's changes. In a bulk step (`bulk` is the table's largest
/// rowid before it) the rows above it are the step's own, which its undo deletes whole:
/// their inserts, changes and deletes are not logged.
fn triggers(conn: &Connection, table: &str, bulk: Option<i64>) -> Result<String> {
    let cols = columns(conn, table)?;
    let set = cols
        .iter()
        .map(|c| format!("'{c}=' || quote(old.{c})"))
        .collect::<Vec<_>>()
        .join(" || ',' || ");
    let values = cols
        .iter()
        .map(|c| format!("quote(old.{c})"))
        .collect::<Vec<_>>()
        .join(" || ',' || ");
    let names = cols.join(",");
    let mut sql = String::new();
    let when = match bulk {
        Some(floor) => format!("WHEN old.rowid <= {floor}"),
        None => {
            sql.push_str(&format!(
                "CREATE TEMP TRIGGER IF NOT EXISTS undo_{table}_insert AFTER INSERT ON main.{table} BEGIN
                   INSERT INTO undo_log (sql) VALUES ('DELETE FROM main.{table} WHERE rowid=' || new.rowid);
                 END;\n"
            ));
            String::new()
        }
    };
    sql.push_str(&format!(
        "CREATE TEMP TRIGGER IF NOT EXISTS undo_{table}_update AFTER UPDATE ON main.{table} {when} BEGIN
           INSERT INTO undo_log (sql) VALUES ('UPDATE main.{table} SET ' || {set} || ' WHERE rowid=' || old.rowid);
         END;
         CREATE TEMP TRIGGER IF NOT EXISTS undo_{table}_delete BEFORE DELETE ON main.{table} {when} BEGIN
           INSERT INTO undo_log (sql) VALUES ('INSERT INTO main.{table} (rowid,{names}) VALUES (' || old.rowid || ',' || {values} || ')');
         END;\n"
    ));
    Ok(sql)
}

fn drop_triggers(table: &str) -> String {
    ["insert", "update", "delete"]
        .map(|t| format!("DROP TRIGGER IF EXISTS temp.undo_{table}_{t};\n"))
        .concat()
}

/// Starts a bulk step in the open transaction: notes the largest rowid of each table and
/// puts the bulk triggers in place. Returns the rowids for [`end_bulk`].
pub(super) fn begin_bulk(conn: &Connection) -> Result<Vec<(&'static str, i64)>> {
    let mut floors = Vec::new();
    let mut sql = String::new();
    for table in TABLES {
        let floor: i64 = conn.query_row(
            &format!("SELECT coalesce(max(rowid), 0) FROM main.{table}"),
            [],
            |r| r.get(0),
        )?;
        // At the largest rowid SQLite picks random ones, which no range can hold: the
        // table's rows are logged one by one.
        if floor < i64::MAX {
            sql.push_str(&drop_triggers(table));
            sql.push_str(&triggers(conn, table, Some(floor))?);
            floors.push((*table, floor));
        }
    }
    conn.execute_batch(&sql)?;
    Ok(floors)
}

/// Ends a bulk step before its commit: puts the usual triggers back and returns the rows
/// the step inserted in each table. (A step that fails needs no end: its rollback puts
/// the triggers back.)
pub(super) fn end_bulk(
    conn: &Connection,
    floors: Vec<(&'static str, i64)>,
) -> Result<Vec<Inserted>> {
    let mut inserted = Vec::new();
    let mut sql = String::new();
    for (table, floor) in floors {
        let ceiling: i64 = conn.query_row(
            &format!("SELECT coalesce(max(rowid), 0) FROM main.{table}"),
            [],
            |r| r.get(0),
        )?;
        if ceiling > floor {
            inserted.push(Inserted {
                table,
                first: floor + 1,
                last: ceiling,
            });
        }
        sql.push_str(&drop_triggers(table));
        sql.push_str(&triggers(conn, table, None)?);
    }
    conn.execute_batch(&sql)?;
    Ok(inserted)
}

fn max_seq(conn: &Connection) -> Result<i64> {
    Ok(
        conn.query_row("SELECT coalesce(max(seq), 0) FROM temp.undo_log", [], |r| {
            r.get(0)
        })?,
    )
}

impl Workspace {
    /// Starts recording undo steps for every later write of this connection.
    pub fn enable_undo(&mut self) -> Result<()> {
        install(self.conn())?;
        self.undo = Some(UndoState::default());
        Ok(())
    }

    /// Labels of the steps Undo and Redo would take back or do again.
    pub fn undo_status(&self) -> UndoStatus {
        let label = |v: &Vec<Step>| v.last().map(|s| s.label);
        match &self.undo {
            Some(u) => UndoStatus {
                undo: label(&u.undo),
                redo: label(&u.redo),
            },
            None => UndoStatus {
                undo: None,
                redo: None,
            },
        }
    }

    /// The last seq before a write starts (None when undo is off).
    pub(super) fn undo_mark(&self) -> Result<Option<i64>> {
        match self.undo {
            Some(_) => Ok(Some(max_seq(self.conn())?)),
            None => Ok(None),
        }
    }

    /// Files the rows a committed write logged, and the rows a bulk write inserted, as one
    /// undo step.
    pub(super) fn undo_record(
        &mut self,
        mark: Option<i64>,
        label: UndoLabel,
        inserted: Vec<Inserted>,
    ) -> Result<()> {
        let Some(before) = mark else { return Ok(()) };
        let last = max_seq(self.conn())?;
        if last == before && inserted.is_empty() {
            return Ok(());
        }
        let step = Step {
            label,
            first: before + 1,
            last,
            inserted,
        };
        let forget: Vec<Step> = {
            let u = self.undo.as_mut().expect("undo is on");
            u.undo.push(step);
            let mut dropped: Vec<Step> = std::mem::take(&mut u.redo);
            if u.undo.len() > MAX_STEPS {
                dropped.push(u.undo.remove(0));
            }
            dropped
        };
        for s in forget {
            self.conn().execute(
                "DELETE FROM temp.undo_log WHERE seq BETWEEN ?1 AND ?2",
                [s.first, s.last],
            )?;
        }
        Ok(())
    }

    /// Takes back the last edit. Returns its label, or None when there is nothing to undo.
    pub fn undo(&mut self) -> Result<Option<UndoLabel>> {
        self.replay(true)
    }

    /// Does the last undone edit again.
    pub fn redo(&mut self) -> Result<Option<UndoLabel>> {
        self.replay(false)
    }

    fn replay(&mut self, undo: bool) -> Result<Option<UndoLabel>> {
        let step = {
            let Some(u) = self.undo.as_mut() else {
                return Err(Error::invalid("undo", crate::error::Reason::UndoOff));
            };
            let from = if undo { &mut u.undo } else { &mut u.redo };
            match from.pop() {
                Some(s) => s,
                None => return Ok(None),
            }
        };
        let before = max_seq(self.conn())?;
        let result = (|| -> Result<()> {
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            // Rows come back in the reverse order they went; a child may return before its
            // parent, so foreign keys are checked at commit.
            tx.pragma_update(None, "defer_foreign_keys", "ON")?;
            let statements: Vec<(i64, String)> = {
                let mut stmt = tx.prepare(
                    "SELECT seq, sql FROM temp.undo_log WHERE seq BETWEEN ?1 AND ?2 ORDER BY seq DESC",
                )?;
                let rows =
                    stmt.query_map([step.first, step.last], |r| Ok((r.get(0)?, r.get(1)?)))?;
                rows.collect::<rusqlite::Result<_>>()?
            };
            // A bulk step's rows go first, children before parents so that no delete
            // cascades, and before the log puts back rows they would clash with (the old
            // reporting line of a person the import gave another manager).
            for Inserted { table, first, last } in step.inserted.iter().rev() {
                tx.execute(
                    &format!("DELETE FROM main.{table} WHERE rowid BETWEEN ?1 AND ?2"),
                    [first, last],
                )?;
            }
            for (_, sql) in &statements {
                tx.execute_batch(sql)?;
            }
            tx.execute(
                "DELETE FROM temp.undo_log WHERE seq BETWEEN ?1 AND ?2",
                [step.first, step.last],
            )?;
            tx.commit()?;
            Ok(())
        })();
        if let Err(e) = result {
            // The file is unchanged (the transaction rolled back); keep the step.
            let u = self.undo.as_mut().expect("undo is on");
            if undo { &mut u.undo } else { &mut u.redo }.push(step);
            return Err(e);
        }
        let last = max_seq(self.conn())?;
        let inverse = Step {
            label: step.label,
            first: before + 1,
            last,
            inserted: Vec::new(),
        };
        let u = self.undo.as_mut().expect("undo is on");
        if undo { &mut u.redo } else { &mut u.undo }.push(inverse);
        Ok(Some(step.label))
    }
}
