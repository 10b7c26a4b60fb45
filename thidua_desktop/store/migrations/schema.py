"""The SQL of the migration steps (store.migrations): the tables each step creates, as
plain text, so the steps themselves stay short. Never edit a released step's text: add a step."""

V1_TABLES = """
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

V2_AUDIT = """
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

V4_CERTIFICATE_PRINTS = """
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

V5_CLUSTER_YEAR = """
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

V6_DOSSIERS = """
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

V7_STATISTICS_SUBJECTS = """
-- What a commended collective is, and an individual's group, as the statistics form
-- 0603.N/BNV-TĐKT counts them (domain.subjects); '' is a person in none of the groups.
ALTER TABLE units ADD COLUMN collective_type TEXT NOT NULL DEFAULT 'tap_the'
    CHECK (collective_type IN ('tap_the', 'doanh_nghiep', 'ho_gia_dinh'));
ALTER TABLE individuals ADD COLUMN person_group TEXT NOT NULL DEFAULT ''
    CHECK (person_group IN ('', 'lanh_dao_bo_tinh', 'lanh_dao_vu_so', 'lanh_dao_phong', 'doanh_nhan',
                            'truc_tiep'))
"""

V12_LAW_FACTS = """
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
