"""The schema, as ordered migration steps.

Each step runs in its own transaction together with the bump of ``PRAGMA
user_version``; before the first step runs on a file that already holds data, a copy
of the file is taken with SQLite's backup API. Never edit a released step: add one."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import sqlite_utils

from thidua_desktop.store import backup
from thidua_desktop.store.audit import AUDITED_TABLES, audit_trigger_sql
from thidua_desktop.store.db import APPLICATION_ID, transaction
from thidua_desktop.store.migrations import schema

Step = Callable[[sqlite3.Connection], None]


def _exec_script(conn: sqlite3.Connection, script: str) -> None:
    # executescript() would COMMIT the step's transaction; run statement by statement.
    for statement in script.split(";\n"):
        if statement.strip():
            conn.execute(statement)


def _v1_tables(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    _exec_script(conn, schema.V1_TABLES)


def _v2_audit_trail(conn: sqlite3.Connection) -> None:
    _exec_script(conn, schema.V2_AUDIT)
    for table in AUDITED_TABLES:
        for statement in audit_trigger_sql(conn, table):
            conn.execute(statement)


# Folded search columns indexed by trigram FTS5, so a search for a rare name finds its
# rows at once instead of scanning every row in sort order. Words shorter than three
# letters still use LIKE on the same column.
FTS_TABLES = ("units", "movements", "individuals", "proposals")


def fts_sql(table: str) -> list[str]:
    fts = f"{table}_fts"
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5(search, content='{table}', content_rowid='id', "
        "tokenize='trigram')",
        f"INSERT INTO {fts} ({fts}) VALUES ('rebuild')",
        f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts} (rowid, search) VALUES (NEW.id, NEW.search); END",
        f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts} ({fts}, rowid, search) VALUES ('delete', OLD.id, OLD.search); END",
        f"CREATE TRIGGER {fts}_update AFTER UPDATE OF search ON {table} BEGIN "
        f"INSERT INTO {fts} ({fts}, rowid, search) VALUES ('delete', OLD.id, OLD.search); "
        f"INSERT INTO {fts} (rowid, search) VALUES (NEW.id, NEW.search); END",
    ]


def _v3_search_index(conn: sqlite3.Connection) -> None:
    for table in FTS_TABLES:
        for statement in fts_sql(table):
            conn.execute(statement)


def optimize_search_indexes(conn: sqlite3.Connection) -> None:
    """Merge each FTS table's segments into one (FTS5 'optimize'). A bulk write such as the
    sample generator's leaves dozens of small segments that FTS5 merges during later
    writes: the next 10,000-row import paid 1.3 s for it. About a second per 100,000 rows."""
    for table in FTS_TABLES:
        conn.execute(f"INSERT INTO {table}_fts ({table}_fts) VALUES ('optimize')")


def _v4_certificate_prints(conn: sqlite3.Connection) -> None:
    """The print log of certificates (issue 8)."""
    _exec_script(conn, schema.V4_CERTIFICATE_PRINTS)
    for statement in audit_trigger_sql(conn, "certificate_prints"):
        conn.execute(statement)


CLUSTER_YEAR_TABLES = (
    "scoring_tables", "criteria", "unit_scores", "votes", "vote_units", "ballots", "ballot_marks",
    "calendar_events",
)  # fmt: skip


def _v5_cluster_year(conn: sqlite3.Connection) -> None:
    """Scoring tables, conference votes and the year's calendar (issue 7); proposals
    remember the vote they came from."""
    _exec_script(conn, schema.V5_CLUSTER_YEAR)
    for table in (*CLUSTER_YEAR_TABLES, "proposals"):  # proposals gained a column
        for statement in audit_trigger_sql(conn, table):
            conn.execute(statement)


DOSSIER_TABLES = ("attachments", "reward_payments")


def _v6_dossiers(conn: sqlite3.Connection) -> None:
    """Attachments of proposals and unit dossiers, and reward payments (issue 9)."""
    _exec_script(conn, schema.V6_DOSSIERS)
    for table in DOSSIER_TABLES:
        for statement in audit_trigger_sql(conn, table):
            conn.execute(statement)


def _v7_statistics_subjects(conn: sqlite3.Connection) -> None:
    """Subject type of units and group of individuals for the 0603.N statistics (issue 6)."""
    _exec_script(conn, schema.V7_STATISTICS_SUBJECTS)
    for table in ("units", "individuals"):
        for statement in audit_trigger_sql(conn, table):
            conn.execute(statement)


def _v8_sort_indexes(conn: sqlite3.Connection) -> None:
    """Proposals sorted by decision date from an index: 0.2–0.3 s on 200,000 proposals
    without it, a few ms with it (the other sortable columns had theirs)."""
    conn.execute("CREATE INDEX proposals_decision_date ON proposals(decision_date)")


def _v9_candidate_indexes(conn: sqlite3.Connection) -> None:
    """The year's ratings and awards by year: suggesting nominees starts from "rated well in
    year Y, not yet awarded for Y", which scanned every rating and every award."""
    conn.execute("CREATE INDEX ratings_year ON ratings(year, rating)")
    conn.execute("CREATE INDEX awards_year ON awards(year, award_code)")


def _v10_write_indexes(conn: sqlite3.Connection) -> None:
    """Indexes for writing.

    People's and proposals' folded search columns lose their own b-tree indexes: a search
    word of three letters or more goes through the trigram FTS tables, a shorter one scans
    the (sort_key, search) index as well (a LIKE with a leading % can use no index to seek,
    and prefix LIKE is case-insensitive, so it cannot either). The two indexes cost a tenth
    of a 10,000-row import and 18 MB of the province database.

    Awards get an index on the proposal they came from, proposal steps on their award: every
    delete of a proposal (and SQLite's own foreign-key check) scanned all awards, 40-270 ms
    each on the province file, so undoing 500 suggested proposals took 40 s (now 0.8 s)."""
    conn.execute("DROP INDEX IF EXISTS individuals_search")
    conn.execute("DROP INDEX IF EXISTS proposals_search")
    conn.execute("CREATE INDEX awards_proposal ON awards(proposal_id) WHERE proposal_id IS NOT NULL")
    conn.execute("CREATE INDEX proposal_steps_award ON proposal_steps(award_id) WHERE award_id IS NOT NULL")


def _v11_conference_record(conn: sqlite3.Connection) -> None:
    """The conference as a record (issue 21): why the settings changed, the counting committee,
    a voided ballot's reason; a unit under review or inspection, its people disciplined (issue 22)."""
    added = (("votes", "settings_reason"), ("votes", "counting_committee"), ("ballots", "void_reason"))
    for table, column in added:
        conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")
    conn.execute(
        "ALTER TABLE units ADD COLUMN under_review INTEGER NOT NULL DEFAULT 0 CHECK (under_review IN (0, 1))"
    )
    conn.execute(  # how many of a unit's people were disciplined at cảnh cáo or above in a year (Law Art. 28)
        "CREATE TABLE unit_discipline (id INTEGER PRIMARY KEY, unit_id INTEGER NOT NULL REFERENCES units(id) ON "
        "DELETE CASCADE, year INTEGER NOT NULL CHECK (year BETWEEN 1945 AND 2100), disciplined INTEGER NOT NULL CHECK "
        "(disciplined >= 0), UNIQUE (unit_id, year))"
    )
    for table in ("votes", "ballots", "units", "unit_discipline"):  # the trail records the new columns too
        for statement in audit_trigger_sql(conn, table):
            conn.execute(statement)


def _v12_disciplines(conn: sqlite3.Connection) -> None:
    """The law's facts the rules read (issue 22): see schema.V12_LAW_FACTS."""
    _exec_script(conn, schema.V12_LAW_FACTS)
    for table in ("disciplines", "awards", "units"):
        for statement in audit_trigger_sql(conn, table):
            conn.execute(statement)


STEPS: list[Step] = [
    _v1_tables, _v2_audit_trail, _v3_search_index, _v4_certificate_prints, _v5_cluster_year, _v6_dossiers,
    _v7_statistics_subjects, _v8_sort_indexes, _v9_candidate_indexes, _v10_write_indexes, _v11_conference_record,
    _v12_disciplines]  # fmt: skip
LATEST_VERSION = len(STEPS)


def user_version(db: sqlite_utils.Database) -> int:
    return db.conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(db: sqlite_utils.Database, path: Path | None, *, target: int = LATEST_VERSION) -> list[Path]:
    """Bring the file up to ``target``; returns the safety copies taken (at most one)."""
    current = user_version(db)
    copies: list[Path] = []
    if current >= target:
        return copies
    if current > 0 and path is not None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        dest = backup.backups_dir(path) / f"{path.stem}-truoc-nang-cap-v{current}-{stamp}.sqlite"
        backup.backup_to(db, dest)
        copies.append(dest)
    for version in range(current + 1, target + 1):
        with transaction(db):
            # Another window may have migrated the file since we looked: the write lock
            # of this transaction makes the version read here the true one.
            if user_version(db) >= version:
                continue
            STEPS[version - 1](db.conn)
            db.conn.execute(f"PRAGMA user_version = {version}")
    return copies
