import hashlib
import os
import sqlite3
import stat
import sys
import unicodedata
from datetime import date

import pytest

from thidua_desktop.domain.models import Role, Sex
from thidua_desktop.store import audit, errors, listing, migrations, open_database
from thidua_desktop.store.db import APPLICATION_ID, transaction
from thidua_desktop.store.records import individuals, units


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- opening and migrations ---------------------------------------------------------------
def test_new_file_gets_pragmas_and_latest_schema(db, db_path):
    conn = db.conn
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST_VERSION
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    for table in ("units", "unit_names", "clusters", "memberships", "movements", "registrations",
                  "individuals", "ratings", "awards", "initiatives", "proposals", "audit_log"):  # fmt: skip
        assert table in db.table_names()


def test_empty_existing_file_is_initialised(tmp_path):
    path = tmp_path / "empty.sqlite"
    path.touch()
    database = open_database(path)
    assert migrations.user_version(database) == migrations.LATEST_VERSION
    database.close()


@pytest.mark.parametrize("start", range(1, migrations.LATEST_VERSION))
def test_migration_from_every_earlier_version_keeps_data_and_takes_a_copy(tmp_path, start):
    path = tmp_path / "old.sqlite"
    database = open_database(path, migrate=False)
    migrations.migrate(database, path, target=start)
    database.conn.execute(
        "INSERT INTO units (uid, name, search, sort_key) VALUES ('u1', 'Thanh tra tỉnh', 'thanh tra tinh', '')"
    )
    database.close()

    database = open_database(path, user="tester")
    assert migrations.user_version(database) == migrations.LATEST_VERSION
    assert database.conn.execute("SELECT name FROM units").fetchall() == [("Thanh tra tỉnh",)]
    copies = list((tmp_path / "old-saoluu").glob(f"old-truoc-nang-cap-v{start}-*.sqlite"))
    assert len(copies) == 1
    copy = sqlite3.connect(copies[0])
    assert copy.execute("PRAGMA user_version").fetchone()[0] == start
    assert copy.execute("SELECT name FROM units").fetchall() == [("Thanh tra tỉnh",)]
    copy.close()
    database.close()


def test_a_failing_migration_step_leaves_the_previous_version(tmp_path, monkeypatch):
    path = tmp_path / "fail.sqlite"
    database = open_database(path, migrate=False)
    migrations.migrate(database, path, target=1)

    def broken(conn):
        conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("step failed")

    monkeypatch.setattr(migrations, "STEPS", [migrations.STEPS[0], broken])
    with pytest.raises(RuntimeError):
        migrations.migrate(database, path, target=2)
    assert migrations.user_version(database) == 1
    assert "half_done" not in database.table_names()
    database.close()


def test_newer_file_is_refused_and_untouched(tmp_path):
    path = tmp_path / "newer.sqlite"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {migrations.LATEST_VERSION + 5}")
    conn.execute("CREATE TABLE units (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(errors.NewerVersionError) as info:
        open_database(path)
    assert str(path) in str(info.value) and "cập nhật phần mềm" in str(info.value)
    assert digest(path) == before
    assert not (tmp_path / "newer.sqlite-wal").exists()


def test_file_that_is_not_sqlite_is_refused_and_untouched(tmp_path):
    path = tmp_path / "danh-sach.sqlite"
    path.write_bytes(b"PK\x03\x04 this is really a spreadsheet" * 100)
    before = digest(path)
    with pytest.raises(errors.NotADatabaseError) as info:
        open_database(path)
    assert "không phải là cơ sở dữ liệu SQLite" in str(info.value)
    assert digest(path) == before


def test_another_programs_database_is_refused_and_untouched(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.execute("INSERT INTO invoices (total) VALUES (12.5)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(errors.ForeignDatabaseError) as info:
        open_database(path)
    assert "chương trình khác" in str(info.value)
    assert digest(path) == before


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root ignores file modes")
def test_read_only_file_is_refused_and_untouched(tmp_path):
    path = tmp_path / "ro.sqlite"
    open_database(path).close()
    path.chmod(stat.S_IRUSR)
    before = digest(path)
    with pytest.raises(errors.ReadOnlyError):
        open_database(path)
    assert digest(path) == before


def test_read_only_file_is_refused_even_for_root(tmp_path, monkeypatch):
    """As root the mode bits do not stop us, so the check itself is exercised by making
    the file system answer 'not writable' for that file."""
    path = tmp_path / "ro.sqlite"
    open_database(path).close()
    before = digest(path)
    real_open = os.open
    monkeypatch.setattr(  # the file system refuses to open it for writing, as a read-only file would
        os, "open", lambda p, flags, *a, **kw: (_ for _ in ()).throw(PermissionError(13, "denied", str(p)))
        if (str(p) == str(path) and flags & (os.O_RDWR | os.O_WRONLY)) else real_open(p, flags, *a, **kw)
    )  # fmt: skip
    with pytest.raises(errors.ReadOnlyError) as info:
        open_database(path)
    assert str(path) in str(info.value) and "quyền ghi" in str(info.value)
    assert digest(path) == before


def test_locked_file_is_refused_and_untouched(tmp_path):
    path = tmp_path / "locked.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE t (x)")
    conn.execute("INSERT INTO t VALUES (1)")
    conn.execute("PRAGMA locking_mode = EXCLUSIVE")
    conn.execute("BEGIN EXCLUSIVE")
    conn.execute("INSERT INTO t VALUES (2)")
    before = digest(path)
    try:
        with pytest.raises(errors.LockedError) as info:
            open_database(path, busy_timeout_ms=200)
        assert "đang bị một chương trình khác khóa" in str(info.value)
        assert digest(path) == before
    finally:
        conn.execute("ROLLBACK")
        conn.close()


def test_missing_file_without_create(tmp_path):
    with pytest.raises(errors.MissingFileError):
        open_database(tmp_path / "none.sqlite", create=False)
    assert not (tmp_path / "none.sqlite").exists()


# --- records ------------------------------------------------------------------------------
def test_text_is_stored_nfc_and_search_is_folded(db):
    unit = units.create_unit(db, "Sở Tư pháp tỉnh")
    name = unicodedata.normalize("NFD", "Đào  Thị Thắng")
    pid = individuals.create_individual(db, name, Sex.FEMALE, unit_id=unit, birth_year=1985)
    stored, search = db.conn.execute(
        "SELECT full_name, search FROM individuals WHERE id = ?", (pid,)
    ).fetchone()
    assert stored == "Đào Thị Thắng" and unicodedata.is_normalized("NFC", stored)
    assert search.startswith("dao thi thang")
    assert listing.count(db, individuals.LISTING, search="thang") == 1
    assert listing.count(db, individuals.LISTING, search="DAO thắng") == 1
    assert listing.count(db, individuals.LISTING, search="thanh") == 0


def test_listing_sorts_people_the_vietnamese_way_in_sql(db):
    for name in ["Phạm Thị Đào", "Lê Văn Bình", "Nguyễn Văn An", "Hoàng Văn Dũng", "Trần Thị Ánh"]:
        individuals.create_individual(db, name, Sex.MALE)
    page = listing.fetch(db, individuals.LISTING, sort="full_name")
    assert [r[0] for r in page] == [
        "Nguyễn Văn An",
        "Trần Thị Ánh",
        "Lê Văn Bình",
        "Hoàng Văn Dũng",
        "Phạm Thị Đào",
    ]
    page = listing.fetch(db, individuals.LISTING, sort="full_name", descending=True, limit=2)
    assert [r[0] for r in page] == ["Phạm Thị Đào", "Hoàng Văn Dũng"]
    assert [r[0] for r in listing.fetch(db, individuals.LISTING, offset=4)] == ["Phạm Thị Đào"]


def test_audit_rows_on_insert_update_delete(db):
    pid = individuals.create_individual(db, "Lê Văn Bình", Sex.MALE, birth_year=1979)
    individuals.update_individual(db, pid, position="Chánh Thanh tra")
    individuals.delete_individual(db, pid)
    trail = list(reversed(audit.entries(db, "individuals", pid)))
    assert [e["action"] for e in trail] == ["insert", "update", "delete"]
    assert all(e["user"] == "tester" for e in trail)
    assert trail[0]["new"]["full_name"] == "Lê Văn Bình" and trail[0]["old"] is None
    assert trail[1]["old"]["position"] == "" and trail[1]["new"]["position"] == "Chánh Thanh tra"
    assert trail[2]["old"]["position"] == "Chánh Thanh tra" and trail[2]["new"] is None


def test_audit_cannot_be_bypassed_by_raw_sql(db):
    db.conn.execute("INSERT INTO clusters (uid, name) VALUES ('x', 'Khối thi đua số 9')")
    assert audit.entries(db, "clusters")[0]["new"]["name"] == "Khối thi đua số 9"


def test_foreign_keys_are_enforced(db):
    with pytest.raises(errors.ConstraintError):
        individuals.create_individual(db, "Võ Thị Hoa", Sex.FEMALE, unit_id=999)
    assert db.conn.execute("SELECT count(*) FROM individuals").fetchone()[0] == 0
    with pytest.raises(sqlite3.IntegrityError):
        db.conn.execute("INSERT INTO memberships (cluster_id, unit_id, year) VALUES (5, 6, 2024)")


def test_delete_explains_what_blocks_it(db):
    unit = units.create_unit(db, "Thanh tra tỉnh")
    individuals.create_individual(db, "Võ Thị Hoa", Sex.FEMALE, unit_id=unit)
    individuals.create_individual(db, "Võ Văn Hòa", Sex.MALE, unit_id=unit)
    with pytest.raises(errors.ConstraintError) as info:
        from thidua_desktop.store import rows

        rows.delete(db, "units", unit, label="đơn vị “Thanh tra tỉnh”")
    assert "2 cá nhân" in str(info.value) and "Thanh tra tỉnh" in str(info.value)
    assert db.conn.execute("SELECT count(*) FROM units").fetchone()[0] == 1


def test_transaction_is_all_or_nothing(db):
    with pytest.raises(errors.ConstraintError):
        with transaction(db):
            units.create_unit(db, "Công an tỉnh")
            individuals.create_individual(db, "Nguyễn Văn An", Sex.MALE, unit_id=12345)
    assert db.conn.execute("SELECT count(*) FROM units").fetchone()[0] == 0


def test_rename_keeps_the_past_name_for_past_years(db):
    cluster = units.create_cluster(db, "Khối thi đua số 3")
    unit = units.create_unit(db, "Cục Thi hành án dân sự tỉnh")
    units.set_membership(db, cluster, unit, 2024, Role.MEMBER)
    units.rename_unit(db, unit, "Thi hành án dân sự tỉnh Đắk Lắk", date(2025, 3, 1))
    units.set_membership(db, cluster, unit, 2025, Role.HEAD)
    assert units.name_in_year(db, unit, 2024) == "Cục Thi hành án dân sự tỉnh"
    assert units.name_in_year(db, unit, 2025) == "Thi hành án dân sự tỉnh Đắk Lắk"
    assert units.members(db, cluster, 2024)[0]["name"] == "Cục Thi hành án dân sự tỉnh"
    assert units.members(db, cluster, 2025)[0] == {
        "id": unit, "name": "Thi hành án dân sự tỉnh Đắk Lắk", "role": "truong", "award_track": "dan_su",
    }  # fmt: skip


def test_merged_unit_keeps_its_past_and_takes_no_later_membership(db):
    cluster = units.create_cluster(db, "Khối thi đua số 3")
    a = units.create_unit(db, "Sở Tư pháp tỉnh")
    b = units.create_unit(db, "Sở Nội vụ")
    units.set_membership(db, cluster, a, 2024)
    units.merge_units(db, a, b, date(2025, 7, 1))
    assert units.name_in_year(db, a, 2024) == "Sở Tư pháp tỉnh"
    with pytest.raises(errors.ConstraintError):
        units.set_membership(db, cluster, a, 2026)


def test_one_head_per_cluster_and_year_a_new_head_takes_over(db):
    cluster = units.create_cluster(db, "Khối thi đua số 3")
    a = units.create_unit(db, "Công an tỉnh")
    b = units.create_unit(db, "Bộ Chỉ huy Quân sự tỉnh")
    units.set_membership(db, cluster, a, 2024, Role.HEAD)
    units.set_membership(db, cluster, b, 2024, Role.HEAD)
    roles = {m["name"]: m["role"] for m in units.members(db, cluster, 2024)}
    assert roles == {"Bộ Chỉ huy Quân sự tỉnh": "truong", "Công an tỉnh": "thanh_vien"}
    with pytest.raises(sqlite3.IntegrityError):  # the schema itself keeps it at one
        db.conn.execute("UPDATE memberships SET role = 'truong' WHERE unit_id = ?", (a,))


def test_a_unit_is_in_one_cluster_a_year_choosing_another_moves_it(db):
    k3 = units.create_cluster(db, "Khối thi đua số 3")
    k4 = units.create_cluster(db, "Khối thi đua số 4")
    a = units.create_unit(db, "Công an tỉnh")
    units.set_membership(db, k3, a, 2025)
    units.set_membership(db, k4, a, 2025)
    assert units.members(db, k3, 2025) == [] and units.members(db, k4, 2025)[0]["id"] == a


def test_duplicate_registration_message_is_a_sentence(db):
    from thidua_desktop.store.records import movements

    unit = units.create_unit(db, "Thanh tra tỉnh")
    mid = movements.create_movement(db, "Phong trào 2025", 2025)
    movements.register_unit(db, mid, unit)
    with pytest.raises(errors.ConstraintError) as info:
        movements.register_unit(db, mid, unit)
    assert str(info.value) == "Đơn vị này đã đăng ký thi đua trong phong trào này; hãy sửa bản đăng ký đã có."


def test_award_must_fit_the_nominee(db):
    from thidua_desktop.store.records import proposals

    unit = units.create_unit(db, "Thanh tra tỉnh")
    with pytest.raises(errors.ConstraintError):
        proposals.create_proposal(db, "CSTDCS", 2025, unit_id=unit)
    pid = proposals.create_proposal(db, "CO_TINH", 2025, unit_id=unit)
    with pytest.raises(errors.ConstraintError):
        proposals.update_proposal(db, pid, award_code="LDTT")
    assert db.conn.execute("SELECT award_code FROM proposals WHERE id = ?", (pid,)).fetchone()[0] == "CO_TINH"


def test_position_of_a_row_in_a_sorted_filtered_list(db):
    names = ["Phạm Thị Đào", "Lê Văn Bình", "Nguyễn Văn An", "Hoàng Văn Dũng", "Trần Thị Ánh"]
    ids = {n: individuals.create_individual(db, n, Sex.MALE if "Văn" in n else Sex.FEMALE) for n in names}
    assert listing.position(db, individuals.LISTING, ids["Lê Văn Bình"]) == 2
    assert listing.position(db, individuals.LISTING, ids["Lê Văn Bình"], descending=True) == 2
    assert listing.position(db, individuals.LISTING, ids["Phạm Thị Đào"], descending=True) == 0
    assert listing.position(db, individuals.LISTING, ids["Phạm Thị Đào"], filters={"sex": "nu"}) == 1
    assert listing.position(db, individuals.LISTING, ids["Lê Văn Bình"], filters={"sex": "nu"}) is None


# --- found in review ---------------------------------------------------------------------
def test_refusing_another_programs_wal_database_leaves_no_files_beside_it(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    before = sorted(p.name for p in tmp_path.iterdir())
    digest_before = digest(path)
    with pytest.raises(errors.ForeignDatabaseError):
        open_database(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert digest(path) == digest_before


def test_new_file_in_a_folder_that_does_not_exist_yet(tmp_path):
    path = tmp_path / "thi-dua" / "2026" / "desk.sqlite"
    open_database(path).close()
    assert path.exists()


def test_two_windows_migrating_the_same_file_do_not_collide(tmp_path, monkeypatch):
    path = tmp_path / "shared.sqlite"
    first = open_database(path, migrate=False)
    migrations.migrate(first, path, target=1)
    second = open_database(path, migrate=False)
    real_backup = migrations.backup.backup_to

    def backup_while_the_other_migrates(db, dest, **kw):
        result = real_backup(db, dest, **kw)
        if db is first:  # the other window upgrades the file meanwhile
            migrations.migrate(second, path)
        return result

    monkeypatch.setattr(migrations.backup, "backup_to", backup_while_the_other_migrates)
    migrations.migrate(first, path)
    assert migrations.user_version(first) == migrations.LATEST_VERSION
    first.close()
    second.close()


def test_merge_refuses_cycles_early_dates_and_renaming_a_merged_unit(db):
    a = units.create_unit(db, "Sở Tư pháp tỉnh", founded_on=date(2020, 1, 1))
    b = units.create_unit(db, "Sở Nội vụ")
    with pytest.raises(errors.ConstraintError):
        units.merge_units(db, a, b, date(2020, 1, 1))  # on the day its name started
    units.merge_units(db, a, b, date(2025, 7, 1))
    with pytest.raises(errors.ConstraintError):
        units.merge_units(db, b, a, date(2026, 1, 1))  # into a unit merged away
    with pytest.raises(errors.ConstraintError):
        units.rename_unit(db, a, "Sở Tư pháp mới", date(2026, 1, 1))
    assert db.conn.execute("SELECT merged_into_id FROM units WHERE id = ?", (b,)).fetchone()[0] is None


def test_a_year_before_the_first_name_shows_the_first_name(db):
    unit = units.create_unit(db, "Chi cục A", founded_on=date(2010, 1, 1))
    units.rename_unit(db, unit, "Chi cục B", date(2015, 1, 1))
    assert units.name_in_year(db, unit, 2009) == "Chi cục A"
    assert units.name_in_year(db, unit, 2014) == "Chi cục A"
    assert units.name_in_year(db, unit, 2016) == "Chi cục B"


def test_proposals_follow_a_renamed_person_in_search_and_sort(db):
    from thidua_desktop.store.records import proposals

    pid = individuals.create_individual(db, "Nguyễn Văn An", Sex.MALE)
    proposals.create_proposal(db, "BK_TINH", 2025, individual_id=pid)
    individuals.update_individual(db, pid, full_name="Trần Thị Bình")
    assert listing.count(db, proposals.LISTING, search="binh") == 1
    assert listing.count(db, proposals.LISTING, search="nguyen van an") == 0


@pytest.mark.parametrize("name", ["individuals", "proposals", "units", "movements"])
def test_count_agrees_with_the_rows_listed(sample_path, name):
    """The count through the cheaper FROM clause is the number of rows the full one lists,
    for every filter a tab offers and for short and long search words."""
    from thidua_desktop.store.records import movements, proposals

    mod = {"individuals": individuals, "proposals": proposals, "units": units, "movements": movements}[name]
    lst = mod.LISTING
    sample_db = open_database(sample_path)
    cases = [({}, ""), ({}, "ng"), ({}, "nguyen"), ({}, "xyz")]
    samples = {"year": 2024, "status": "da_khen", "award_code": "LDTT", "subject": "ca_nhan", "sex": "nu",
               "exemplary": 1, "unit_id": 1, "cluster_id": 1}  # fmt: skip
    cases += [({f: samples[f]}, "") for f in lst.filters if f in samples]
    cases += [({f: samples[f]}, "an") for f in lst.filters if f in samples]
    for filters, search in cases:
        listed = listing.fetch(sample_db, lst, search=search, filters=filters, limit=1_000_000)
        assert listing.count(sample_db, lst, search=search, filters=filters) == len(listed), (filters, search)


def test_take_many_and_restore_many_put_back_the_same_rows(sample_path):
    """Many rows taken at once, their cascaded rows with them, refused whole when one is
    still referenced, and put back with the same ids, uids and children."""
    from thidua_desktop.store import rows
    from thidua_desktop.store.dossier import attachments
    from thidua_desktop.store.errors import ConstraintError
    from thidua_desktop.store.records import proposals

    db = open_database(sample_path, user="tester")
    people = [r[0] for r in db.conn.execute("SELECT id FROM individuals ORDER BY id LIMIT 1200")]
    ids = [proposals.create_proposal(db, "GK_SO", y, individual_id=p) for y in (2026, 2027) for p in people]
    assert len(ids) > 500  # more than one chunk
    attachments.add_bytes(
        db, b"%PDF-1.4 to trinh", "to-trinh.pdf", proposal_id=ids[550], kind="to_trinh", title="Tờ trình"
    )
    before = {
        r["id"]: r for r in db.query(f"SELECT * FROM proposals WHERE id IN ({','.join(map(str, ids))})")
    }
    audit_before = db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    snapshots = rows.take_many(db, "proposals", ids)
    assert [s.row["id"] for s in snapshots] == ids
    assert (
        db.conn.execute(f"SELECT count(*) FROM proposals WHERE id IN ({','.join(map(str, ids))})").fetchone()[
            0
        ]
        == 0
    )
    audited = db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    assert audited == audit_before + len(ids) + 1  # every row deleted is audited, the attachment too
    rows.restore_many(db, snapshots)
    after = {r["id"]: r for r in db.query(f"SELECT * FROM proposals WHERE id IN ({','.join(map(str, ids))})")}
    assert after == before
    assert db.conn.execute("SELECT title FROM attachments WHERE proposal_id = ?", (ids[550],)).fetchall() == [
        ("Tờ trình",)
    ]  # the cascaded attachment came back with it
    # one of them still referenced by a step of the workflow: nothing is taken
    db.conn.execute(
        "INSERT INTO proposal_steps (proposal_id, from_status, to_status) VALUES (?, 'du_thao', 'da_binh_xet')",
        (ids[3],),
    )
    with pytest.raises(ConstraintError, match="bước xử lý đề nghị"):
        rows.take_many(db, "proposals", ids)
    assert db.conn.execute(
        f"SELECT count(*) FROM proposals WHERE id IN ({','.join(map(str, ids))})"
    ).fetchone()[0] == len(ids)
    db.close()


def test_years_of_proposals_are_every_distinct_year_newest_first(sample_path, db):
    from thidua_desktop.store import lookups

    assert lookups.years(db, "proposals") == []  # an empty desk
    sample = open_database(sample_path)
    distinct = sorted(
        (r[0] for r in sample.conn.execute("SELECT DISTINCT year FROM proposals")), reverse=True
    )
    assert len(distinct) > 1 and lookups.years(sample, "proposals") == distinct
    sample.close()
