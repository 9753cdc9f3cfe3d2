//! Embedded, ordered migrations. Each runs in one transaction together with the bump of
//! `user_version`. Never edit a released migration: add a new one.

use rusqlite::{Connection, TransactionBehavior};

use crate::error::Result;

const MIGRATIONS: &[&str] = &[
    // 1: accounts, people, ratings history, relations, positions, opportunities.
    r#"
    CREATE TABLE account (
        id          TEXT PRIMARY KEY,
        name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
        industry    TEXT NOT NULL DEFAULT '',
        notes       TEXT NOT NULL DEFAULT '',
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
    );

    CREATE TABLE person (
        id          TEXT PRIMARY KEY,
        account_id  TEXT REFERENCES account(id) ON DELETE CASCADE,
        side        TEXT NOT NULL CHECK (side IN ('customer','ours','partner','consultant','competitor')),
        name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
        reading     TEXT NOT NULL DEFAULT '',
        title       TEXT NOT NULL DEFAULT '',
        department  TEXT NOT NULL DEFAULT '',
        level       INTEGER CHECK (level IS NULL OR level BETWEEN 1 AND 99),
        email       TEXT NOT NULL DEFAULT '',
        phone       TEXT NOT NULL DEFAULT '',
        notes       TEXT NOT NULL DEFAULT '',
        roles       TEXT NOT NULL DEFAULT '',
        influence   TEXT CHECK (influence IS NULL OR influence IN ('high','medium','low')),
        key_person  INTEGER NOT NULL DEFAULT 0 CHECK (key_person IN (0,1)),
        intimacy    INTEGER CHECK (intimacy IS NULL OR intimacy BETWEEN 1 AND 5),
        solution    INTEGER CHECK (solution IS NULL OR solution BETWEEN 1 AND 5),
        price       INTEGER CHECK (price IS NULL OR price BETWEEN 1 AND 5),
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        CHECK ((side = 'ours') = (account_id IS NULL))
    );
    CREATE INDEX person_account ON person(account_id);

    CREATE TABLE rating_change (
        seq         INTEGER PRIMARY KEY,
        person_id   TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
        rating      TEXT NOT NULL CHECK (rating IN ('intimacy','solution','price')),
        value       INTEGER CHECK (value IS NULL OR value BETWEEN 1 AND 5),
        changed_at  TEXT NOT NULL
    );
    CREATE INDEX rating_change_person ON rating_change(person_id, seq);

    CREATE TABLE relation (
        id          TEXT PRIMARY KEY,
        account_id  TEXT NOT NULL REFERENCES account(id) ON DELETE CASCADE,
        kind        TEXT NOT NULL CHECK (kind IN ('reports_to','dotted_line','influence','covers')),
        from_id     TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
        to_id       TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
        strength    INTEGER NOT NULL DEFAULT 2 CHECK (strength BETWEEN 1 AND 3),
        sign        INTEGER NOT NULL DEFAULT 1 CHECK (sign IN (1,-1)),
        note        TEXT NOT NULL DEFAULT '',
        created_at  TEXT NOT NULL,
        CHECK (from_id <> to_id)
    );
    CREATE INDEX relation_account ON relation(account_id);
    CREATE UNIQUE INDEX relation_one_manager ON relation(account_id, from_id) WHERE kind = 'reports_to';

    CREATE TABLE position (
        account_id  TEXT NOT NULL REFERENCES account(id) ON DELETE CASCADE,
        person_id   TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
        x           REAL NOT NULL,
        y           REAL NOT NULL,
        PRIMARY KEY (account_id, person_id)
    );

    CREATE TABLE opportunity (
        id          TEXT PRIMARY KEY,
        account_id  TEXT NOT NULL REFERENCES account(id) ON DELETE CASCADE,
        name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
        stage       TEXT NOT NULL DEFAULT '',
        amount      REAL NOT NULL DEFAULT 0,
        currency    TEXT NOT NULL DEFAULT '',
        close_date  TEXT NOT NULL DEFAULT '',
        status      TEXT NOT NULL DEFAULT 'open',
        notes       TEXT NOT NULL DEFAULT '',
        created_at  TEXT NOT NULL
    );
    CREATE INDEX opportunity_account ON opportunity(account_id);
    "#,
    // 2: the iron triangle: which of our staff holds each role for an account.
    r#"
    CREATE TABLE account_team (
        account_id  TEXT NOT NULL REFERENCES account(id) ON DELETE CASCADE,
        role        TEXT NOT NULL CHECK (role IN ('account_manager','customer_lead_expert','solution_manager')),
        person_id   TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
        PRIMARY KEY (account_id, role)
    );
    "#,
    // 3: the id a person has in the file they were imported from (a CRM contact id, a
    // post id), per account, so that a re-import finds them again.
    r#"
    CREATE TABLE person_source (
        account_id  TEXT NOT NULL REFERENCES account(id) ON DELETE CASCADE,
        source_id   TEXT NOT NULL CHECK (length(source_id) BETWEEN 1 AND 200),
        person_id   TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
        PRIMARY KEY (account_id, source_id)
    );
    CREATE INDEX person_source_person ON person_source(person_id);
    "#,
    // 4: deleting a person cascades to their lines and card position; without these indexes
    // each delete (and each undo of an import) scans every line of the workspace.
    r#"
    CREATE INDEX relation_from ON relation(from_id);
    CREATE INDEX relation_to ON relation(to_id);
    CREATE INDEX position_person ON position(person_id);
    "#,
    // 5: the trash: what a deleted account or person held, as the JSON export's document,
    // until it is restored or the trash is emptied.
    r#"
    CREATE TABLE trash (
        id          TEXT PRIMARY KEY,
        kind        TEXT NOT NULL CHECK (kind IN ('account','person')),
        subject_id  TEXT NOT NULL,
        label       TEXT NOT NULL,
        account_name TEXT NOT NULL,
        deleted_at  TEXT NOT NULL,
        people      INTEGER NOT NULL,
        lines       INTEGER NOT NULL,
        docs        TEXT NOT NULL
    );
    "#,
    // 6: opportunities' decision chains: who takes part in a deal and in which buying role,
    // and the lines that hold only in that deal (see crate::deal).
    r#"
    CREATE TABLE deal_member (
        opportunity_id TEXT NOT NULL REFERENCES opportunity(id) ON DELETE CASCADE,
        person_id   TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
        roles       TEXT NOT NULL DEFAULT '',
        importance  TEXT CHECK (importance IS NULL OR importance IN ('high','medium','low')),
        PRIMARY KEY (opportunity_id, person_id)
    );
    CREATE INDEX deal_member_person ON deal_member(person_id);

    CREATE TABLE deal_line (
        id          TEXT PRIMARY KEY,
        opportunity_id TEXT NOT NULL REFERENCES opportunity(id) ON DELETE CASCADE,
        kind        TEXT NOT NULL CHECK (kind IN ('reports_to','dotted_line','influence','covers')),
        from_id     TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
        to_id       TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
        strength    INTEGER NOT NULL DEFAULT 2 CHECK (strength BETWEEN 1 AND 3),
        sign        INTEGER NOT NULL DEFAULT 1 CHECK (sign IN (-1, 1)),
        note        TEXT NOT NULL DEFAULT '',
        created_at  TEXT NOT NULL,
        CHECK (from_id <> to_id)
    );
    CREATE INDEX deal_line_opportunity ON deal_line(opportunity_id);
    CREATE INDEX deal_line_from ON deal_line(from_id);
    CREATE INDEX deal_line_to ON deal_line(to_id);
    "#,
    // 7: snapshots of an account for reviews (see crate::review): read-only. No foreign key
    // to the account: a snapshot stays while its account is in the trash.
    r#"
    CREATE TABLE snapshot (
        id          TEXT PRIMARY KEY,
        account_id  TEXT NOT NULL,
        name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
        taken_at    TEXT NOT NULL,
        people      INTEGER NOT NULL,
        lines       INTEGER NOT NULL,
        body        TEXT NOT NULL
    );
    CREATE INDEX snapshot_account ON snapshot(account_id, taken_at);
    CREATE TRIGGER snapshot_read_only BEFORE UPDATE ON snapshot
    BEGIN
        SELECT RAISE(ABORT, 'a snapshot cannot be changed');
    END;
    "#,
    // 8: account plans with their ABCD scores and review interval, and the network targets
    // of part 3 of a plan (see crate::plan).
    r#"
    CREATE TABLE account_plan (
        account_id  TEXT PRIMARY KEY REFERENCES account(id) ON DELETE CASCADE,
        industry_customer TEXT NOT NULL DEFAULT '',
        priorities  TEXT NOT NULL DEFAULT '',
        strategy    TEXT NOT NULL DEFAULT '',
        revenue_target REAL CHECK (revenue_target IS NULL OR revenue_target >= 0),
        currency    TEXT NOT NULL DEFAULT '',
        target_date TEXT NOT NULL DEFAULT '',
        potential   INTEGER CHECK (potential IS NULL OR potential BETWEEN 1 AND 5),
        contribution INTEGER CHECK (contribution IS NULL OR contribution BETWEEN 1 AND 5),
        review_months INTEGER NOT NULL DEFAULT 3 CHECK (review_months BETWEEN 1 AND 24),
        updated_at  TEXT NOT NULL
    );

    CREATE TABLE plan_target (
        id          TEXT PRIMARY KEY,
        account_id  TEXT NOT NULL REFERENCES account(id) ON DELETE CASCADE,
        person_id   TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
        rating      TEXT NOT NULL CHECK (rating IN ('intimacy','solution','price')),
        target      INTEGER NOT NULL CHECK (target BETWEEN 1 AND 5),
        due         TEXT NOT NULL DEFAULT '',
        created_at  TEXT NOT NULL
    );
    CREATE INDEX plan_target_account ON plan_target(account_id);
    CREATE INDEX plan_target_person ON plan_target(person_id);
    "#,
    // 9: the file's own bookkeeping of its backups (see crate::backup): every folder it has
    // been backed up to, so that a password change rewrites the backups in all of them; and,
    // while a password change has not yet rewritten them, a note that it is pending, written
    // into the re-keyed file itself (so it comes with the new key, whole or not at all).
    // IF NOT EXISTS: a file taken back to an older format by hand keeps these tables.
    r#"
    CREATE TABLE IF NOT EXISTS backup_place (
        folder      TEXT PRIMARY KEY,
        recorded_at TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS rekey_pending (
        id          INTEGER PRIMARY KEY CHECK (id = 1),
        since       TEXT NOT NULL,
        replaces_password INTEGER NOT NULL CHECK (replaces_password IN (0, 1))
    );
    "#,
];

/// The schema version this build writes and reads.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    loop {
        // The version is read inside the write transaction, so two processes opening the
        // same new file cannot both run a migration.
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let Some(sql) = usize::try_from(current)
            .ok()
            .and_then(|i| MIGRATIONS.get(i))
        else {
            return Ok(());
        };
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", current + 1)?;
        tx.commit()?;
    }
}
