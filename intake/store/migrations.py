"""The store's schema as named migrations, applied in order at open with ``sqlite_utils.Migrations``.

Never edit a migration that has shipped: add a new one. A store that has a migration this code
does not know was written by a newer version and is refused (``unknown_migrations``).

Which migrations a file has applied is read with plain SQL from sqlite-utils' own table, so that
opening an up-to-date store (every start of the desk) does not import sqlite-utils, a tenth of a
second of cold start; it is imported only when a migration is pending.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database, Migrations

MIGRATION_SET = "intake"
MIGRATIONS_TABLE = "_sqlite_migrations"  # sqlite_utils.Migrations.migrations_table

MigrationFunction = Callable[["Database"], None]
_REGISTERED: list[tuple[str, MigrationFunction]] = []

_APPEND_ONLY = ("audit", "applications", "decisions", "blobs", "pages")


def _migration(name: str) -> Callable[[MigrationFunction], MigrationFunction]:
    def register(fn: MigrationFunction) -> MigrationFunction:
        _REGISTERED.append((name, fn))
        return fn

    return register


@functools.cache
def migration_set() -> "Migrations":
    """Every migration of this code as one ``sqlite_utils.Migrations`` set (imports sqlite-utils)."""
    from sqlite_utils import Migrations

    migrations = Migrations(MIGRATION_SET)
    for name, fn in _REGISTERED:
        migrations(name=name)(fn)
    return migrations


def _run(db: "Database", script: str) -> None:
    """Statement by statement: ``executescript`` would commit the enclosing transaction."""
    for statement in script.split(";"):
        if statement.strip():
            db.conn.execute(statement)


@_migration("0001_initial")
def _initial(db: "Database") -> None:
    conn = db.conn
    _run(
        db,
        """
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE case_counters (
            prefix TEXT PRIMARY KEY,
            last INTEGER NOT NULL
        );
        CREATE TABLE cases (
            id INTEGER PRIMARY KEY,
            number TEXT NOT NULL UNIQUE,
            state TEXT NOT NULL CHECK (state IN
                ('draft', 'evaluated', 'consented', 'approved', 'completed', 'withdrawn', 'rejected')),
            wish TEXT CHECK (wish IN ('settle', 'residence_permit')),
            reason TEXT,
            applicant_id TEXT NOT NULL,
            applicant_name TEXT NOT NULL,
            phone TEXT,
            jurisdiction TEXT NOT NULL,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX cases_applicant_id ON cases (applicant_id);
        CREATE INDEX cases_phone ON cases (phone) WHERE phone IS NOT NULL;
        CREATE TABLE applications (
            id INTEGER PRIMARY KEY,
            case_id INTEGER NOT NULL REFERENCES cases (id),
            json TEXT NOT NULL,
            entered_at TEXT NOT NULL,
            entered_by TEXT NOT NULL
        );
        CREATE INDEX applications_case ON applications (case_id, id);
        CREATE TABLE decisions (
            id INTEGER PRIMARY KEY,
            case_id INTEGER NOT NULL REFERENCES cases (id),
            application_id INTEGER NOT NULL REFERENCES applications (id),
            outcome TEXT NOT NULL,
            decision TEXT NOT NULL,
            rule_pack_id TEXT NOT NULL,
            rule_pack_version TEXT NOT NULL,
            rule_pack_sha256 TEXT NOT NULL,
            made_at TEXT NOT NULL,
            made_by TEXT NOT NULL
        );
        CREATE INDEX decisions_case ON decisions (case_id, id);
        CREATE TABLE blobs (
            sha256 TEXT PRIMARY KEY,
            format TEXT NOT NULL,
            size INTEGER NOT NULL,
            data BLOB NOT NULL,
            thumbnail BLOB NOT NULL,
            thumb_sha256 TEXT NOT NULL
        );
        CREATE TABLE pages (
            id INTEGER PRIMARY KEY,
            case_id INTEGER NOT NULL REFERENCES cases (id),
            doc_index INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            sha256 TEXT NOT NULL REFERENCES blobs (sha256),
            thumb_sha256 TEXT NOT NULL,
            format TEXT NOT NULL,
            size INTEGER NOT NULL,
            filename TEXT NOT NULL,
            added_at TEXT NOT NULL,
            added_by TEXT NOT NULL,
            UNIQUE (case_id, doc_index, seq),
            UNIQUE (case_id, doc_index, sha256)
        );
        CREATE INDEX pages_blob ON pages (sha256);
        CREATE TABLE name_grams (
            gram TEXT NOT NULL,
            case_id INTEGER NOT NULL,
            PRIMARY KEY (gram, case_id)
        ) WITHOUT ROWID;
        CREATE TABLE users (
            name TEXT PRIMARY KEY,
            role TEXT NOT NULL CHECK (role IN ('clerk', 'supervisor', 'admin')),
            password_hash TEXT NOT NULL,
            failed_logins INTEGER NOT NULL DEFAULT 0,
            locked_until TEXT,
            active INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL
        );
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            subject TEXT,
            case_id INTEGER,
            record_sha256 TEXT,
            detail TEXT,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        );
        CREATE INDEX audit_case ON audit (case_id, id) WHERE case_id IS NOT NULL;
        CREATE INDEX audit_subject ON audit (subject, id);
        """,
    )
    for table in _APPEND_ONLY:
        for verb in ("UPDATE", "DELETE"):
            if table == "blobs" and verb == "DELETE":
                continue  # an unreferenced blob may be pruned; a referenced one is held by pages' FK
            conn.execute(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} 记录只能追加，不能修改或删除'); END"
            )



@_migration("0002_exchange")
def _exchange(db: "Database") -> None:
    """County exchange (``intake/exchange/``): the hall's export ledger; at the county, each
    township installation's chain of bundles, where every imported case came from, a copy of each
    township's audit trail, and applicants found in two townships."""
    _run(
        db,
        """
        CREATE TABLE exchange_exports (
            seq INTEGER PRIMARY KEY,
            bundle_sha256 TEXT NOT NULL UNIQUE,
            prev_sha256 TEXT NOT NULL,
            file TEXT NOT NULL,
            recipient TEXT NOT NULL,
            audit_to INTEGER NOT NULL,
            pages_to INTEGER NOT NULL,
            cases INTEGER NOT NULL,
            blobs INTEGER NOT NULL,
            size INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL
        );
        CREATE TABLE exchange_deliveries (
            id INTEGER PRIMARY KEY,
            seq INTEGER NOT NULL REFERENCES exchange_exports (seq),
            target TEXT NOT NULL,
            delivered_at TEXT NOT NULL
        );
        CREATE INDEX exchange_deliveries_seq ON exchange_deliveries (seq);
        CREATE TABLE exchange_sources (
            installation TEXT PRIMARY KEY,
            public_key TEXT NOT NULL,
            township TEXT NOT NULL,
            last_seq INTEGER NOT NULL,
            last_sha256 TEXT NOT NULL,
            audit_to INTEGER NOT NULL,
            audit_head TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE exchange_imports (
            installation TEXT NOT NULL REFERENCES exchange_sources (installation),
            seq INTEGER NOT NULL,
            bundle_sha256 TEXT NOT NULL UNIQUE,
            township TEXT NOT NULL,
            file TEXT NOT NULL,
            cases INTEGER NOT NULL,
            imported_at TEXT NOT NULL,
            imported_by TEXT NOT NULL,
            PRIMARY KEY (installation, seq)
        );
        CREATE TABLE exchange_cases (
            case_id INTEGER PRIMARY KEY REFERENCES cases (id),
            installation TEXT NOT NULL,
            township TEXT NOT NULL,
            source_id INTEGER NOT NULL,
            UNIQUE (installation, source_id)
        );
        CREATE TABLE exchange_audit (
            installation TEXT NOT NULL,
            id INTEGER NOT NULL,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            subject TEXT,
            case_id INTEGER,
            record_sha256 TEXT,
            detail TEXT,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL,
            PRIMARY KEY (installation, id)
        );
        CREATE TABLE exchange_reviews (
            id INTEGER PRIMARY KEY,
            applicant_id TEXT NOT NULL,
            case_a TEXT NOT NULL,
            case_b TEXT NOT NULL,
            flagged_at TEXT NOT NULL,
            UNIQUE (case_a, case_b)
        );
        CREATE INDEX exchange_reviews_applicant ON exchange_reviews (applicant_id);
        """,
    )
    for table in ("exchange_exports", "exchange_deliveries", "exchange_imports", "exchange_audit"):
        _append_only(db, table)


def _append_only(db: "Database", table: str) -> None:
    """Triggers refusing any change to ``table``'s rows but adding."""
    for verb in ("UPDATE", "DELETE"):
        db.conn.execute(
            f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} 记录只能追加，不能修改或删除'); END"
        )


@_migration("0003_queue_indexes")
def _queue_indexes(db: "Database") -> None:
    """The desktop's work queue filters by state and by filing day on every start; without these
    indexes each tab count scans every case."""
    _run(
        db,
        """
        CREATE INDEX cases_state ON cases (state, id);
        CREATE INDEX cases_created_at ON cases (created_at);
        """,
    )


@_migration("0004_township_history")
def _township_history(db: "Database") -> None:
    """The county shows an imported case with the township's own history of it (its copy of the
    hall's audit trail), found by the hall's case id."""
    db.conn.execute(
        "CREATE INDEX exchange_audit_case ON exchange_audit (installation, case_id, id) WHERE case_id IS NOT NULL"
    )


@_migration("0005_user_full_name")
def _user_full_name(db: "Database") -> None:
    """Receipts and forms name the clerk and the reviewer by their real names, not their sign-in
    names; "" until an administrator gives one."""
    db.conn.execute("ALTER TABLE users ADD COLUMN full_name TEXT NOT NULL DEFAULT ''")


@_migration("0006_user_must_change_password")
def _user_must_change_password(db: "Database") -> None:
    """A password an administrator set for someone is theirs to replace at the next sign-in."""
    db.conn.execute("ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0")


@_migration("0007_exchange_audit_by_key")
def _exchange_audit_by_key(db: "Database") -> None:
    """The county's copy of a township's audit trail arrives, and is read, in (installation, id)
    order: stored by that key (``WITHOUT ROWID``) it needs no second index of it, and an import
    of 100,000 cases writes 100,000 index entries fewer. Rows are copied as they are."""
    _run(
        db,
        """
        CREATE TABLE exchange_audit_by_key (
            installation TEXT NOT NULL,
            id INTEGER NOT NULL,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            subject TEXT,
            case_id INTEGER,
            record_sha256 TEXT,
            detail TEXT,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL,
            PRIMARY KEY (installation, id)
        ) WITHOUT ROWID;
        INSERT INTO exchange_audit_by_key
            SELECT installation, id, at, actor, action, subject, case_id, record_sha256, detail, prev_hash, hash
            FROM exchange_audit ORDER BY installation, id;
        DROP TABLE exchange_audit;
        ALTER TABLE exchange_audit_by_key RENAME TO exchange_audit;
        CREATE INDEX exchange_audit_case ON exchange_audit (installation, case_id, id) WHERE case_id IS NOT NULL
        """,
    )
    _append_only(db, "exchange_audit")


def known_names() -> list[str]:
    """The names of every migration this code can apply, in order."""
    return [name for name, _ in _REGISTERED]


def applied_names(conn: sqlite3.Connection) -> list[str]:
    """The migrations recorded in the file, in the order they were applied."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (MIGRATIONS_TABLE,)).fetchone() is None:
        return []
    return [row[0] for row in conn.execute(
        f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY rowid", (MIGRATION_SET,))]


def unknown_migrations(conn: sqlite3.Connection) -> list[str]:
    """Migrations recorded in the file that this code does not know (a newer program wrote it)."""
    known = set(known_names())
    return [name for name in applied_names(conn) if name not in known]


def pending_names(conn: sqlite3.Connection) -> list[str]:
    """Migrations of this code that the file has not applied yet."""
    applied = set(applied_names(conn))
    return [name for name in known_names() if name not in applied]


def protective_triggers() -> list[str]:
    """Names of the triggers that keep append-only tables append-only (checked by verify)."""
    return [
        f"{table}_no_{verb}"
        for table in _APPEND_ONLY
        for verb in ("update", "delete")
        if not (table == "blobs" and verb == "delete")
    ]
