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

Step = Callable[[sqlite3.Connection], None]

_V1_TABLES = """
CREATE TABLE clusters (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    authority TEXT NOT NULL DEFAULT '',
    search TEXT NOT NULL DEFAULT ''
);

CREATE TABLE units (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    code TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL CHECK (name <> ''),
    short_name TEXT NOT NULL DEFAULT '',
    award_track TEXT NOT NULL DEFAULT 'dan_su'
        CHECK (award_track IN ('dan_su', 'luc_luong_vu_trang', 'nganh')),
    founded_on TEXT,
    dissolved_on TEXT,
    merged_into_id INTEGER REFERENCES units(id),
    search TEXT NOT NULL DEFAULT '',
    sort_key TEXT NOT NULL DEFAULT ''
);
CREATE INDEX units_search ON units(search);
CREATE INDEX units_sort ON units(sort_key);

-- Every name a unit has had; the current one has valid_to NULL.
CREATE TABLE unit_names (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    short_name TEXT NOT NULL DEFAULT '',
    valid_from TEXT,
    valid_to TEXT,
    CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_from <= valid_to)
);
CREATE INDEX unit_names_unit ON unit_names(unit_id, valid_from);

CREATE TABLE memberships (
    id INTEGER PRIMARY KEY,
    cluster_id INTEGER NOT NULL REFERENCES clusters(id),
    unit_id INTEGER NOT NULL REFERENCES units(id),
    year INTEGER NOT NULL CHECK (year BETWEEN 1945 AND 2100),
    role TEXT NOT NULL DEFAULT 'thanh_vien' CHECK (role IN ('truong', 'pho', 'thanh_vien')),
    award_track TEXT NOT NULL DEFAULT 'dan_su'
        CHECK (award_track IN ('dan_su', 'luc_luong_vu_trang', 'nganh')),
    UNIQUE (cluster_id, unit_id, year)
);
-- A unit belongs to one cluster in a given year.
CREATE UNIQUE INDEX memberships_unit ON memberships(unit_id, year);
-- One head and one deputy per cluster and year.
CREATE UNIQUE INDEX memberships_one_head ON memberships(cluster_id, year, role)
    WHERE role IN ('truong', 'pho');

CREATE TABLE movements (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    cluster_id INTEGER REFERENCES clusters(id),
    name TEXT NOT NULL CHECK (name <> ''),
    kind TEXT NOT NULL DEFAULT 'thuong_xuyen' CHECK (kind IN ('thuong_xuyen', 'chuyen_de')),
    year INTEGER NOT NULL CHECK (year BETWEEN 1945 AND 2100),
    doc_number TEXT NOT NULL DEFAULT '',
    doc_date TEXT,
    doc_issuer TEXT NOT NULL DEFAULT '',
    start_date TEXT,
    end_date TEXT,
    note TEXT NOT NULL DEFAULT '',
    search TEXT NOT NULL DEFAULT '',
    CHECK (end_date IS NULL OR start_date IS NULL OR start_date <= end_date)
);
CREATE INDEX movements_year ON movements(year);
CREATE INDEX movements_search ON movements(search);

CREATE TABLE registrations (
    id INTEGER PRIMARY KEY,
    movement_id INTEGER NOT NULL REFERENCES movements(id),
    unit_id INTEGER NOT NULL REFERENCES units(id),
    registered_on TEXT,
    titles TEXT NOT NULL DEFAULT '',
    targets TEXT NOT NULL DEFAULT '',
    UNIQUE (movement_id, unit_id)
);
CREATE INDEX registrations_unit ON registrations(unit_id);

-- Mid-year (so_ket) and year-end (tong_ket) review conferences of a cluster.
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    cluster_id INTEGER NOT NULL REFERENCES clusters(id),
    year INTEGER NOT NULL CHECK (year BETWEEN 1945 AND 2100),
    kind TEXT NOT NULL CHECK (kind IN ('so_ket', 'tong_ket')),
    held_on TEXT,
    host_unit_id INTEGER REFERENCES units(id),
    cohost_unit_id INTEGER REFERENCES units(id),
    next_host_unit_id INTEGER REFERENCES units(id),
    place TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    UNIQUE (cluster_id, year, kind)
);

CREATE TABLE individuals (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    full_name TEXT NOT NULL CHECK (full_name <> ''),
    sex TEXT NOT NULL CHECK (sex IN ('nam', 'nu')),
    birth_date TEXT,
    birth_year INTEGER CHECK (birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100),
    ethnicity TEXT NOT NULL DEFAULT '',
    rank TEXT NOT NULL DEFAULT '',
    position TEXT NOT NULL DEFAULT '',
    unit_id INTEGER REFERENCES units(id),
    is_exemplary INTEGER NOT NULL DEFAULT 0 CHECK (is_exemplary IN (0, 1)),
    -- under disciplinary review, investigation or complaint: no award meanwhile
    under_review INTEGER NOT NULL DEFAULT 0 CHECK (under_review IN (0, 1)),
    exemplary_kind TEXT NOT NULL DEFAULT '',
    exemplary_note TEXT NOT NULL DEFAULT '',
    search TEXT NOT NULL DEFAULT '',
    sort_key TEXT NOT NULL DEFAULT ''
);
CREATE INDEX individuals_search ON individuals(search);
-- sort key with the folded text: a short search word is matched in sort order from
-- the index alone, without reading each row
CREATE INDEX individuals_sort ON individuals(sort_key, search);
CREATE INDEX individuals_birth_year ON individuals(birth_year);
CREATE INDEX individuals_unit ON individuals(unit_id, sort_key);

-- Annual staff ratings (xếp loại) of a person or a unit.
CREATE TABLE ratings (
    id INTEGER PRIMARY KEY,
    individual_id INTEGER REFERENCES individuals(id) ON DELETE CASCADE,
    unit_id INTEGER REFERENCES units(id) ON DELETE CASCADE,
    year INTEGER NOT NULL CHECK (year BETWEEN 1945 AND 2100),
    rating TEXT NOT NULL CHECK (rating IN ('HTXSNV', 'HTTNV', 'HTNV', 'KHTNV')),
    months_worked INTEGER CHECK (months_worked IS NULL OR months_worked BETWEEN 0 AND 12),
    note TEXT NOT NULL DEFAULT '',
    CHECK ((individual_id IS NULL) <> (unit_id IS NULL))
);
CREATE UNIQUE INDEX ratings_individual_year ON ratings(individual_id, year)
    WHERE individual_id IS NOT NULL;
CREATE UNIQUE INDEX ratings_unit_year ON ratings(unit_id, year) WHERE unit_id IS NOT NULL;

CREATE TABLE proposals (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    subject TEXT NOT NULL CHECK (subject IN ('ca_nhan', 'tap_the')),
    individual_id INTEGER REFERENCES individuals(id),
    unit_id INTEGER REFERENCES units(id),
    award_code TEXT NOT NULL CHECK (award_code <> ''),
    year INTEGER NOT NULL CHECK (year BETWEEN 1945 AND 2100),
    kind TEXT NOT NULL DEFAULT 'thuong_xuyen' CHECK (kind IN
        ('thuong_xuyen', 'dot_xuat', 'chuyen_de', 'cong_hien', 'nien_han', 'doi_ngoai')),
    movement_id INTEGER REFERENCES movements(id),
    summary TEXT NOT NULL DEFAULT '',
    votes_for INTEGER CHECK (votes_for IS NULL OR votes_for >= 0),
    votes_total INTEGER CHECK (votes_total IS NULL OR votes_total >= 0),
    status TEXT NOT NULL DEFAULT 'du_thao' CHECK (status IN
        ('du_thao', 'da_binh_xet', 'da_trinh', 'da_khen', 'khong_duyet', 'tra_lai', 'da_cap_bang')),
    submission_number TEXT NOT NULL DEFAULT '',
    submission_date TEXT,
    decision_number TEXT NOT NULL DEFAULT '',
    decision_date TEXT,
    decision_issuer TEXT NOT NULL DEFAULT '',
    -- the award actually given when the decision promotes it ("đạt khen cao")
    awarded_code TEXT,
    register_number TEXT NOT NULL DEFAULT '',
    return_reason TEXT NOT NULL DEFAULT '',
    -- why the proposal went on although a rule was not met
    override_reason TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    search TEXT NOT NULL DEFAULT '',
    sort_key TEXT NOT NULL DEFAULT '',
    CHECK ((subject = 'ca_nhan' AND individual_id IS NOT NULL AND unit_id IS NULL)
        OR (subject = 'tap_the' AND unit_id IS NOT NULL AND individual_id IS NULL)),
    CHECK (votes_for IS NULL OR votes_total IS NULL OR votes_for <= votes_total)
);
CREATE INDEX proposals_year ON proposals(year);
CREATE INDEX proposals_status ON proposals(status);
CREATE INDEX proposals_subject ON proposals(subject);
CREATE INDEX proposals_award ON proposals(award_code);
CREATE INDEX proposals_individual ON proposals(individual_id, year);
CREATE INDEX proposals_unit ON proposals(unit_id, year);
CREATE INDEX proposals_search ON proposals(search);
CREATE INDEX proposals_sort ON proposals(sort_key, search);
CREATE INDEX proposals_decision ON proposals(decision_number);

-- Titles and forms of commendation received, by the app's workflow or from before it
-- was used (legacy = 1: entered from paper, possibly under the 2003 law).
CREATE TABLE awards (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    individual_id INTEGER REFERENCES individuals(id),
    unit_id INTEGER REFERENCES units(id),
    year INTEGER NOT NULL CHECK (year BETWEEN 1945 AND 2100),
    award_code TEXT NOT NULL CHECK (award_code <> ''),
    kind TEXT NOT NULL DEFAULT 'thuong_xuyen' CHECK (kind IN
        ('thuong_xuyen', 'dot_xuat', 'chuyen_de', 'cong_hien', 'nien_han', 'doi_ngoai')),
    decision_number TEXT NOT NULL DEFAULT '',
    decision_date TEXT,
    issuer TEXT NOT NULL DEFAULT '',
    legacy INTEGER NOT NULL DEFAULT 0 CHECK (legacy IN (0, 1)),
    proposal_id INTEGER REFERENCES proposals(id),
    CHECK ((individual_id IS NULL) <> (unit_id IS NULL))
);
CREATE INDEX awards_individual ON awards(individual_id, year);
CREATE INDEX awards_unit ON awards(unit_id, year);
CREATE INDEX awards_decision ON awards(decision_number);

CREATE TABLE initiatives (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    individual_id INTEGER NOT NULL REFERENCES individuals(id),
    title TEXT NOT NULL CHECK (title <> ''),
    year INTEGER NOT NULL CHECK (year BETWEEN 1945 AND 2100),
    level TEXT NOT NULL DEFAULT 'co_so' CHECK (level IN ('co_so', 'tinh', 'toan_quoc')),
    decision_number TEXT NOT NULL DEFAULT '',
    decision_date TEXT,
    issuer TEXT NOT NULL DEFAULT '',
    -- An initiative backs one award only: the award or proposal that used it.
    used_by_award_id INTEGER UNIQUE REFERENCES awards(id),
    used_by_proposal_id INTEGER REFERENCES proposals(id),
    search TEXT NOT NULL DEFAULT ''
);
CREATE INDEX initiatives_individual ON initiatives(individual_id, year);
CREATE INDEX initiatives_proposal ON initiatives(used_by_proposal_id);

-- Each workflow step of a proposal, with the reason when one is needed.
CREATE TABLE proposal_steps (
    id INTEGER PRIMARY KEY,
    proposal_id INTEGER NOT NULL REFERENCES proposals(id),
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    -- the award row the step wrote (a decision), so undoing the step removes it
    award_id INTEGER REFERENCES awards(id) ON DELETE SET NULL
);
CREATE INDEX proposal_steps_proposal ON proposal_steps(proposal_id, id);

-- The desk's parameters (rules.settings.DeskSettings as JSON, and others by key).
CREATE TABLE settings (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    value TEXT NOT NULL
);
"""

_V2_AUDIT = """
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    user TEXT NOT NULL,
    table_name TEXT NOT NULL,
    row_id INTEGER NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
    old_values TEXT,
    new_values TEXT
);
CREATE INDEX audit_log_row ON audit_log(table_name, row_id);
"""


def _exec_script(conn: sqlite3.Connection, script: str) -> None:
    # executescript() would COMMIT the step's transaction; run statement by statement.
    for statement in script.split(";\n"):
        if statement.strip():
            conn.execute(statement)


def _v1_tables(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    _exec_script(conn, _V1_TABLES)


def _v2_audit_trail(conn: sqlite3.Connection) -> None:
    _exec_script(conn, _V2_AUDIT)
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


_V4_CERTIFICATE_PRINTS = """
CREATE TABLE certificate_prints (
    id INTEGER PRIMARY KEY,
    proposal_id INTEGER NOT NULL REFERENCES proposals(id),
    register_number TEXT NOT NULL DEFAULT '',
    -- in: printed; in_lai: printed again (same register number); hong: the sheet was
    -- spoiled; huy: the certificate was voided
    action TEXT NOT NULL CHECK (action IN ('in', 'in_lai', 'hong', 'huy')),
    template TEXT NOT NULL DEFAULT '',
    mode TEXT NOT NULL DEFAULT '',
    target TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    user TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    CHECK (action IN ('in', 'in_lai') OR reason <> '')
);
CREATE INDEX certificate_prints_proposal ON certificate_prints(proposal_id, id)
"""


def _v4_certificate_prints(conn: sqlite3.Connection) -> None:
    """The print log of certificates (issue 8)."""
    _exec_script(conn, _V4_CERTIFICATE_PRINTS)
    for statement in audit_trigger_sql(conn, "certificate_prints"):
        conn.execute(statement)


_V5_CLUSTER_YEAR = """
CREATE TABLE scoring_tables (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    cluster_id INTEGER NOT NULL REFERENCES clusters(id),
    year INTEGER NOT NULL CHECK (year BETWEEN 1945 AND 2100),
    title TEXT NOT NULL DEFAULT '',
    -- tie breakers in order after the total: group:I, bonus, minus, vote
    tie_rule TEXT NOT NULL DEFAULT 'group:I,vote',
    UNIQUE (cluster_id, year)
);

CREATE TABLE criteria (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    table_id INTEGER NOT NULL REFERENCES scoring_tables(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    group_code TEXT NOT NULL CHECK (group_code <> ''),
    group_title TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT 'diem' CHECK (kind IN ('diem', 'cong', 'tru')),
    text TEXT NOT NULL CHECK (text <> ''),
    max_points REAL NOT NULL CHECK (max_points >= 0)
);
CREATE INDEX criteria_table ON criteria(table_id, position);

CREATE TABLE unit_scores (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    criterion_id INTEGER NOT NULL REFERENCES criteria(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    self_score REAL,
    agreed_score REAL,
    note TEXT NOT NULL DEFAULT '',
    evidence TEXT NOT NULL DEFAULT '',
    UNIQUE (criterion_id, unit_id)
);
CREATE INDEX unit_scores_unit ON unit_scores(unit_id);

CREATE TABLE votes (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    cluster_id INTEGER NOT NULL REFERENCES clusters(id),
    year INTEGER NOT NULL CHECK (year BETWEEN 1945 AND 2100),
    held_on TEXT,
    place TEXT NOT NULL DEFAULT '',
    chair TEXT NOT NULL DEFAULT '',
    secretary TEXT NOT NULL DEFAULT '',
    issued INTEGER NOT NULL DEFAULT 0 CHECK (issued >= 0),
    leading_places INTEGER NOT NULL DEFAULT 1 CHECK (leading_places >= 0),
    commend_places INTEGER NOT NULL DEFAULT 3 CHECK (commend_places >= 0),
    threshold_percent REAL NOT NULL DEFAULT 50 CHECK (threshold_percent BETWEEN 0 AND 100),
    base TEXT NOT NULL DEFAULT 'phat_ra' CHECK (base IN ('phat_ra', 'hop_le')),
    status TEXT NOT NULL DEFAULT 'mo' CHECK (status IN ('mo', 'da_khoa')),
    closed_at TEXT,
    reopen_reason TEXT NOT NULL DEFAULT '',
    next_head_unit_id INTEGER REFERENCES units(id),
    next_deputy_unit_id INTEGER REFERENCES units(id),
    next_host_unit_id INTEGER REFERENCES units(id),
    UNIQUE (cluster_id, year)
);

-- The units on the ballot, numbered as the secretary types them, and who was present.
CREATE TABLE vote_units (
    id INTEGER PRIMARY KEY,
    vote_id INTEGER NOT NULL REFERENCES votes(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    position INTEGER NOT NULL CHECK (position > 0),
    present INTEGER NOT NULL DEFAULT 1 CHECK (present IN (0, 1)),
    representative TEXT NOT NULL DEFAULT '',
    UNIQUE (vote_id, unit_id),
    UNIQUE (vote_id, position)
);

CREATE TABLE ballots (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    vote_id INTEGER NOT NULL REFERENCES votes(id) ON DELETE CASCADE,
    number INTEGER NOT NULL CHECK (number > 0),
    state TEXT NOT NULL CHECK (state IN ('hop_le', 'trang', 'hong')),
    entered_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (vote_id, number)
);

CREATE TABLE ballot_marks (
    id INTEGER PRIMARY KEY,
    ballot_id INTEGER NOT NULL REFERENCES ballots(id) ON DELETE CASCADE,
    race TEXT NOT NULL CHECK (race IN ('dan_dau', 'bang_khen')),
    unit_id INTEGER NOT NULL REFERENCES units(id),
    UNIQUE (ballot_id, race, unit_id)
);

CREATE TABLE calendar_events (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    cluster_id INTEGER NOT NULL REFERENCES clusters(id),
    year INTEGER NOT NULL CHECK (year BETWEEN 1945 AND 2100),
    kind TEXT NOT NULL DEFAULT 'khac' CHECK (kind IN ('dang_ky', 'so_ket', 'tong_ket', 'han_de_nghi', 'khac')),
    title TEXT NOT NULL CHECK (title <> ''),
    due_on TEXT NOT NULL,
    done INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1))
);
CREATE INDEX calendar_events_due ON calendar_events(done, due_on);

ALTER TABLE proposals ADD COLUMN vote_id INTEGER REFERENCES votes(id)
"""

CLUSTER_YEAR_TABLES = (
    "scoring_tables", "criteria", "unit_scores", "votes", "vote_units", "ballots", "ballot_marks",
    "calendar_events",
)  # fmt: skip


def _v5_cluster_year(conn: sqlite3.Connection) -> None:
    """Scoring tables, conference votes and the year's calendar (issue 7); proposals
    remember the vote they came from."""
    _exec_script(conn, _V5_CLUSTER_YEAR)
    for table in (*CLUSTER_YEAR_TABLES, "proposals"):  # proposals gained a column
        for statement in audit_trigger_sql(conn, table):
            conn.execute(statement)


_V6_DOSSIERS = """
-- Papers attached to a proposal or to a unit's dossier of a year. The file itself lives in
-- the content-addressed folder beside the data file (store.attachment_files), named by
-- sha256; the row says what it is and is checked against that hash on every read.
CREATE TABLE attachments (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    proposal_id INTEGER REFERENCES proposals(id) ON DELETE CASCADE,
    unit_id INTEGER REFERENCES units(id) ON DELETE CASCADE,
    year INTEGER CHECK (year IS NULL OR year BETWEEN 1945 AND 2100),
    kind TEXT NOT NULL CHECK (kind <> ''),
    title TEXT NOT NULL DEFAULT '',
    doc_number TEXT NOT NULL DEFAULT '',
    doc_date TEXT,
    file_name TEXT NOT NULL CHECK (file_name <> ''),
    ext TEXT NOT NULL DEFAULT '',
    size INTEGER NOT NULL CHECK (size >= 0),
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    note TEXT NOT NULL DEFAULT '',
    added_by TEXT NOT NULL DEFAULT '',
    added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    search TEXT NOT NULL DEFAULT '',
    CHECK ((proposal_id IS NULL) <> (unit_id IS NULL))
);
CREATE INDEX attachments_proposal ON attachments(proposal_id);
CREATE INDEX attachments_unit ON attachments(unit_id, year);
CREATE INDEX attachments_sha ON attachments(sha256);

-- Reward money paid out for a decided award (the amount owed comes from the rules).
CREATE TABLE reward_payments (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    proposal_id INTEGER NOT NULL REFERENCES proposals(id),
    paid_on TEXT NOT NULL,
    amount INTEGER NOT NULL CHECK (amount > 0),
    receiver TEXT NOT NULL DEFAULT '',
    voucher TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX reward_payments_proposal ON reward_payments(proposal_id, paid_on)
"""

DOSSIER_TABLES = ("attachments", "reward_payments")


def _v6_dossiers(conn: sqlite3.Connection) -> None:
    """Attachments of proposals and unit dossiers, and reward payments (issue 9)."""
    _exec_script(conn, _V6_DOSSIERS)
    for table in DOSSIER_TABLES:
        for statement in audit_trigger_sql(conn, table):
            conn.execute(statement)


_V7_STATISTICS_SUBJECTS = """
-- What a commended collective is, and an individual's group, as the statistics form
-- 0603.N/BNV-TĐKT counts them (domain.subjects); '' is a person in none of the groups.
ALTER TABLE units ADD COLUMN collective_type TEXT NOT NULL DEFAULT 'tap_the'
    CHECK (collective_type IN ('tap_the', 'doanh_nghiep', 'ho_gia_dinh'));
ALTER TABLE individuals ADD COLUMN person_group TEXT NOT NULL DEFAULT ''
    CHECK (person_group IN ('', 'lanh_dao_bo_tinh', 'lanh_dao_vu_so', 'lanh_dao_phong', 'doanh_nhan',
                            'truc_tiep'))
"""


def _v7_statistics_subjects(conn: sqlite3.Connection) -> None:
    """Subject type of units and group of individuals for the 0603.N statistics (issue 6)."""
    _exec_script(conn, _V7_STATISTICS_SUBJECTS)
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


_V12_LAW_FACTS = """
-- issue 22: a school counting by school year (its year 2025 is 2024–2025, point 9); the period an
-- award rewards (point 5; NULL: the award's usual span ending with its year); a person's disciplines
ALTER TABLE units ADD COLUMN school_year INTEGER NOT NULL DEFAULT 0 CHECK (school_year IN (0, 1));
ALTER TABLE awards ADD COLUMN period_from INTEGER CHECK (period_from IS NULL OR period_from BETWEEN 1945 AND 2100);
ALTER TABLE awards ADD COLUMN period_to INTEGER CHECK (period_to IS NULL OR period_to BETWEEN 1945 AND 2100);
CREATE TABLE disciplines (id INTEGER PRIMARY KEY, individual_id INTEGER NOT NULL REFERENCES individuals(id)
    ON DELETE CASCADE, form TEXT NOT NULL, decision_number TEXT NOT NULL DEFAULT '', decided_on DATE NOT NULL,
    ends_on DATE, note TEXT NOT NULL DEFAULT '', CHECK (ends_on IS NULL OR ends_on >= decided_on));
CREATE INDEX disciplines_person ON disciplines(individual_id);
"""


def _v12_disciplines(conn: sqlite3.Connection) -> None:
    """The law's facts the rules read (issue 22): see _V12_LAW_FACTS."""
    _exec_script(conn, _V12_LAW_FACTS)
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
