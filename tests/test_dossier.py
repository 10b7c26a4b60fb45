"""Dossiers (issue 9): attachments stored by hash beside the data file and carried by
backups; the checklist of papers per award; the reward fund ledger; find by paper number.
Real files, real SQLite, the workbook read back with openpyxl."""

import hashlib
import os
import shutil
import stat
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import run_cli
from thidua_desktop.app import main
from thidua_desktop.rules import dossier_checklist as checklist
from thidua_desktop.rules import money
from thidua_desktop.rules.funds import PROVINCE_FUND, UNIT_FUND
from thidua_desktop.rules.settings import DeskSettings
from thidua_desktop.store import backup, open_database
from thidua_desktop.store.dossier import attachments, ledger
from thidua_desktop.store.dossier import files as attachment_files
from thidua_desktop.store.dossier import find_paper as paper_search
from thidua_desktop.store.dossier.attachments import AttachmentError
from thidua_desktop.store.errors import FileWriteError
from thidua_desktop.store.records import individuals as people
from thidua_desktop.store.records import proposals, units, workflow

PDF = b"%PDF-1.4\n% bien ban hop hoi dong thi dua\n" + bytes(range(256)) * 40
PNG = b"\x89PNG\r\n\x1a\n" + b"ban quet bao cao thanh tich" * 300


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def first(db, sql, *params):
    return db.conn.execute(sql, params).fetchone()


def tamper(path: Path, data: bytes) -> None:
    os.chmod(path, stat.S_IWRITE | stat.S_IREAD)  # the store keeps its files read-only
    path.write_bytes(data)


# --- attachments ------------------------------------------------------------------------------------
def test_attachments_round_trip_by_hash_and_survive_backup_and_restore(sample_path, tmp_path):
    db = open_database(sample_path, user="tester")
    pid = first(db, "SELECT id FROM proposals WHERE status = 'da_khen' LIMIT 1")[0]
    unit = first(db, "SELECT id FROM units LIMIT 1")[0]
    minutes = write(tmp_path / "Biên bản họp hội đồng.pdf", PDF)
    scan = write(tmp_path / "bao-cao.PNG", PNG)
    a1 = attachments.add_file(
        db, minutes, proposal_id=pid, kind="bien_ban_hoi_dong", doc_number="05/BB-HĐTĐKT"
    )
    a2 = attachments.add_file(db, scan, unit_id=unit, year=2024, kind="bao_cao_tong_ket")
    a3 = attachments.add_file(db, minutes, proposal_id=pid + 1, kind="bien_ban_hoi_dong")  # same file again
    folder = attachments.files_dir(db)
    assert folder == sample_path.parent / "sample-tailieu"
    stored = sorted(p for p in folder.rglob("*") if p.is_file())
    assert stored == sorted(
        [folder / sha(PDF)[:2] / f"{sha(PDF)}.pdf", folder / sha(PNG)[:2] / f"{sha(PNG)}.png"]
    )
    assert [attachments.get(db, i)["sha256"] for i in (a1, a2, a3)] == [sha(PDF), sha(PNG), sha(PDF)]
    assert attachments.read_bytes(db, a1) == PDF and attachments.read_bytes(db, a2) == PNG
    listed = attachments.listing(db, proposal_id=pid)
    assert [(a["file_name"], a["kind"], a["state"]) for a in listed] == [
        ("Biên bản họp hội đồng.pdf", "bien_ban_hoi_dong", None)
    ]
    assert "hồ sơ" in attachments.listing(db, unit_id=unit, year=2024)[0]["owner"]
    copy = attachments.open_copy(db, a1, tmp_path / "xem")
    assert copy.name.endswith("Biên bản họp hội đồng.pdf") and copy.read_bytes() == PDF

    # a copy carries its files; automatic copies share one folder of them
    manual = backup.backup_to(db, tmp_path / "usb" / "ban-sao.sqlite")
    assert attachment_files.hash_file(tmp_path / "usb" / "ban-sao-tailieu" / sha(PNG)[:2] / f"{sha(PNG)}.png") == (
        sha(PNG), len(PNG))  # fmt: skip
    db.close()
    first_copy = backup.automatic(sample_path, "mo-tep")
    backup.automatic(sample_path, "truoc-nhap")
    pool = backup.backups_dir(sample_path) / "tailieu"
    assert sorted(attachment_files.hash_file(p)[0] for p in pool.rglob("*.*")) == sorted([sha(PDF), sha(PNG)])

    # the files are lost (and one attachment removed); the restore brings back both
    db = open_database(sample_path, user="tester")
    attachments.remove(db, a3)
    db.close()
    for p in folder.rglob("*"):
        os.chmod(p, stat.S_IWRITE | stat.S_IREAD | stat.S_IEXEC)
    shutil.rmtree(folder)
    backup.restore(sample_path, first_copy)
    db = open_database(sample_path, user="tester")
    try:
        assert attachments.check_all(db) == []
        assert [attachments.read_bytes(db, i) for i in (a1, a2, a3)] == [PDF, PNG, PDF]
    finally:
        db.close()
    assert attachment_files.referenced(__import__("sqlite3").connect(manual))  # the copy names its files


def test_a_changed_or_missing_file_is_reported_never_opened(sample_path, tmp_path, capsys):
    db = open_database(sample_path, user="tester")
    pid = first(db, "SELECT id FROM proposals LIMIT 1")[0]
    aid = attachments.add_file(db, write(tmp_path / "to-trinh.pdf", PDF), proposal_id=pid, kind="to_trinh")
    good_copy = backup.backup_to(db, backup.backups_dir(sample_path) / "sample-truoc.sqlite")
    path = attachments.checked_path(db, aid)
    tamper(path, PDF[:-1] + b"X")  # same size, other content
    with pytest.raises(AttachmentError, match="đã bị thay đổi sau khi đính kèm"):
        attachments.read_bytes(db, aid)
    with pytest.raises(AttachmentError, match="SHA-256 không khớp"):
        attachments.open_copy(db, aid, tmp_path / "xem")
    assert not (tmp_path / "xem").exists() or not any((tmp_path / "xem").iterdir())
    assert [p.state for p in attachments.check_all(db)] == [attachment_files.CHANGED]
    assert attachments.listing(db, proposal_id=pid)[0]["state"] is None  # the quick look sees the size only
    assert attachments.for_export(db, [pid]).problems[0].state == attachment_files.CHANGED
    db.close()
    assert main(["attachments", "check", "--db", str(sample_path)]) == 1
    assert "đã bị thay đổi sau khi đính kèm" in capsys.readouterr().out

    os.chmod(path, stat.S_IWRITE | stat.S_IREAD)
    path.unlink()
    db = open_database(sample_path, user="tester")
    with pytest.raises(AttachmentError, match="Không tìm thấy tệp “to-trinh.pdf”"):
        attachments.read_bytes(db, aid)
    assert attachments.listing(db, proposal_id=pid)[0]["state"] == attachment_files.MISSING
    db.close()
    backup.restore(sample_path, good_copy)  # the copy's own file comes back, checked
    db = open_database(sample_path, user="tester")
    assert attachments.read_bytes(db, aid) == PDF
    db.close()


def test_files_no_row_or_copy_names_are_pruned(db, db_path, tmp_path):
    unit = units.create_unit(db, "Sở Tư pháp")
    keep = attachments.add_file(db, write(tmp_path / "giu.pdf", PDF), unit_id=unit, kind="khac")
    gone = attachments.add_file(db, write(tmp_path / "bo.png", PNG), unit_id=unit, kind="khac")
    old_copy = backup.backup_to(db, backup.backups_dir(db_path) / "desk-20250101-000000-mo-tep.sqlite")
    attachments.remove(db, gone)
    assert attachments.prune(db) == []  # written a moment ago: may belong to a row about to be written
    assert attachments.prune(db, min_age_s=0) == [
        attachments.files_dir(db) / sha(PNG)[:2] / f"{sha(PNG)}.png"
    ]
    assert attachments.read_bytes(db, keep) == PDF
    backup.backup_to(db, backup.backups_dir(db_path) / "desk-20250102-000000-mo-tep.sqlite")
    pool = backup.backups_dir(db_path) / "tailieu"
    assert attachment_files.prune_pool(pool.parent, min_age_s=0) == []  # the old copy still names it
    old_copy.unlink()
    assert [p.name for p in attachment_files.prune_pool(pool.parent, min_age_s=0)] == [f"{sha(PNG)}.png"]
    assert [p.name for p in pool.rglob("*.*")] == [f"{sha(PDF)}.pdf"]


def test_only_scans_and_documents_are_attached(db, tmp_path):
    unit = units.create_unit(db, "Sở Tư pháp")
    with pytest.raises(AttachmentError, match="chỉ nhận bản quét và văn bản"):
        attachments.add_file(db, write(tmp_path / "cai-dat.exe", b"MZ"), unit_id=unit, kind="khac")
    assert first(db, "SELECT count(*) FROM attachments")[0] == 0
    assert not attachments.files_dir(db).exists()


def test_hand_over_exports_checked_files_and_imports_them_once(sample_path, tmp_path):
    other = tmp_path / "khoi" / "ban-khac.sqlite"
    other.parent.mkdir()
    shutil.copyfile(sample_path, other)  # the same rows and uids on another desk
    db = open_database(sample_path, user="tester")
    pid, puid = first(db, "SELECT id, uid FROM proposals LIMIT 1")
    attachments.add_file(db, write(tmp_path / "bao-cao.pdf", PDF), proposal_id=pid, kind="bao_cao_thanh_tich")
    exported = attachments.for_export(db, [pid])
    db.close()
    assert exported.problems == [] and [e.meta["proposal_uid"] for e in exported.items] == [puid]
    item = exported.items[0]
    receiving = open_database(other, user="tester")
    try:
        new_id, written = attachments.import_blob(receiving, item.read_bytes(), item.meta)
        assert written and attachments.read_bytes(receiving, new_id) == PDF
        assert attachments.get(receiving, new_id)["uid"] == item.meta["uid"]
        assert attachments.import_blob(receiving, item.read_bytes(), item.meta) == (new_id, False)
        with pytest.raises(AttachmentError, match="không khớp mã kiểm tra"):
            attachments.import_blob(receiving, PDF + b"!", {**item.meta, "uid": "khac"})
        assert first(receiving, "SELECT count(*) FROM attachments")[0] == 1
    finally:
        receiving.close()


# --- the checklist -----------------------------------------------------------------------------------
def test_checklist_flags_the_missing_papers_of_the_award():
    items = checklist.evaluate("CSTDT", "ca_nhan", "thuong_xuyen", {"bien_ban_hoi_dong", "bao_cao_thanh_tich"},
                               submitted=False)  # fmt: skip
    states = {i.requirement.kind: i.state for i in items}
    assert states["to_trinh"] == checklist.State.AT_SUBMISSION  # the submission step makes it
    assert states["bien_ban_hoi_dong"] == checklist.State.PRESENT
    assert {i.requirement.kind for i in checklist.missing(items)} == {"sang_kien", "pham_vi_anh_huong",
                                                                       "qd_danh_hieu_truoc"}  # fmt: skip
    submitted = checklist.evaluate("GK", "tap_the", "thuong_xuyen", set(), submitted=True)
    assert [i.requirement.kind for i in checklist.missing(submitted)] == [
        "to_trinh", "bien_ban_hoi_dong", "bao_cao_thanh_tich"]  # fmt: skip
    flag = checklist.evaluate("CO_TINH", "tap_the", "thuong_xuyen", {"to_trinh", "bien_ban_hoi_dong",
                              "bao_cao_thanh_tich"}, submitted=True)  # fmt: skip
    assert checklist.describe_missing(flag) == "Biên bản họp, kết quả bỏ phiếu suy tôn của khối thi đua"
    cstdcs = {i.requirement.kind: i.state for i in checklist.evaluate("CSTDCS", "ca_nhan", "thuong_xuyen", set(),
                                                                       submitted=False)}  # fmt: skip
    assert cstdcs["sang_kien"] == checklist.State.OPTIONAL  # an HTXSNV rating is another way


def test_the_units_shared_papers_count_for_its_people_not_its_own_report(db, tmp_path):
    unit = units.create_unit(db, "Sở Tư pháp")
    person = people.create_individual(db, "Nguyễn Thị Lan", "nu", unit_id=unit)
    pid = proposals.create_proposal(db, "CSTDT", 2025, individual_id=person)
    minutes = write(tmp_path / "bien-ban.pdf", PDF)
    attachments.add_file(db, minutes, unit_id=unit, year=2025, kind="bien_ban_hoi_dong")
    attachments.add_file(db, write(tmp_path / "bc.pdf", PNG + b".pdf"), unit_id=unit, year=2025,
                         kind="bao_cao_thanh_tich")  # fmt: skip
    missing = {i.requirement.kind for i in attachments.missing_papers(db, pid)}
    assert "bien_ban_hoi_dong" not in missing  # the council's minutes of the unit cover its nominees
    assert "bao_cao_thanh_tich" in missing  # the unit's own report is not the person's
    attachments.add_file(db, write(tmp_path / "sk.pdf", PDF + b"sk"), proposal_id=pid, kind="sang_kien")
    assert "sang_kien" not in {i.requirement.kind for i in attachments.missing_papers(db, pid)}
    collective = proposals.create_proposal(db, "TTLDXS", 2025, unit_id=unit)
    assert attachments.missing_papers(db, collective) == []  # its own dossier counts whole


# --- the fund ledger ---------------------------------------------------------------------------------
def _desk(db):
    """One unit, two people, five decided awards of 2024 decided in January 2025."""
    s = DeskSettings()
    unit = units.create_unit(db, "Sở Tư pháp")
    lan = people.create_individual(db, "Nguyễn Thị Lan", "nu", unit_id=unit)
    hung = people.create_individual(db, "Trần Văn Hùng", "nam", unit_id=unit)
    made = {}
    for key, code, who in (("lan_ldtt", "LDTT", {"individual_id": lan}), ("lan_cstdcs", "CSTDCS", {"individual_id": lan}),
                           ("hung_bk", "BK_TINH", {"individual_id": hung}), ("unit_bk", "BK_TINH", {"unit_id": unit}),
                           ("unit_ttldxs", "TTLDXS", {"unit_id": unit})):  # fmt: skip
        pid = proposals.create_proposal(db, code, 2024, **who)
        db.conn.execute("UPDATE proposals SET status = 'da_trinh' WHERE id = ?", (pid,))
        number = "12/QĐ-STP" if code in ("LDTT", "CSTDCS") else "261/QĐ-UBND"
        workflow.decide(db, pid, approved=True, number=number, on=date(2025, 1, 20), issuer="x")
        made[key] = pid
    return s, unit, made


def test_ledger_totals_match_the_rules_and_payments_reduce_the_balance(db):
    s, unit, made = _desk(db)
    found = ledger.lines(db, 2025, settings=s)
    by_id = {line.proposal_id: line for line in found}
    on = date(2025, 1, 20)
    # the rules' own amounts: one person's titles of one period through money.payments
    lan = {p.award_code: p.amount for p in money.payments(["LDTT", "CSTDCS"], "ca_nhan", on, s)}
    assert by_id[made["lan_ldtt"]].amount == lan["LDTT"] == 0  # only the highest title is paid
    assert "danh hiệu cao nhất" in by_id[made["lan_ldtt"]].note
    assert by_id[made["lan_cstdcs"]].amount == lan["CSTDCS"] == 2_340_000
    assert by_id[made["hung_bk"]].amount == money.reward("BK_TINH", "ca_nhan", on, s) == 3_510_000
    assert by_id[made["unit_bk"]].amount == money.reward("BK_TINH", "tap_the", on, s) == 7_020_000
    assert by_id[made["unit_ttldxs"]].amount == money.reward("TTLDXS", "tap_the", on, s) == 3_510_000
    total = ledger.total(found)
    assert total.amount == sum(lan.values()) + 3_510_000 + 7_020_000 + 3_510_000 == 16_380_000
    sources = ledger.by_source(found)
    assert sources[UNIT_FUND].amount == 2_340_000 and sources[PROVINCE_FUND].amount == 14_040_000
    assert ledger.by_unit(found)["Sở Tư pháp"].amount == total.amount
    assert ledger.year_totals(db)[2025].amount == total.amount and ledger.years(db) == [2025]

    ledger.record_payment(db, made["unit_bk"], paid_on=date(2025, 3, 2), amount=5_000_000, receiver="Kế toán STP",
                          voucher="PC-015")  # fmt: skip
    with pytest.raises(Exception, match="vượt số còn phải chi"):
        ledger.record_payment(db, made["unit_bk"], paid_on=date(2025, 3, 3), amount=2_020_001)
    line = {x.proposal_id: x for x in ledger.lines(db, 2025, settings=s)}[made["unit_bk"]]
    assert (line.paid, line.balance) == (5_000_000, 2_020_000)
    assert ledger.total(ledger.lines(db, 2025, settings=s)).balance == 16_380_000 - 5_000_000
    paid = ledger.pay_outstanding(db, list(made.values()), paid_on=date(2025, 3, 9), voucher="PC-016")
    assert paid == 16_380_000 - 5_000_000
    after = ledger.total(ledger.lines(db, 2025, settings=s))
    assert (after.paid, after.balance) == (16_380_000, 0)


def test_ledger_exported_to_excel_reads_back_with_the_same_totals(db, db_path, tmp_path):
    s, unit, made = _desk(db)
    ledger.record_payment(db, made["hung_bk"], paid_on=date(2025, 2, 1), amount=3_510_000, voucher="PC-001",
                          receiver="Trần Văn Hùng")  # fmt: skip
    db.close()
    out = tmp_path / "so-quy.xlsx"
    result = run_cli("export", "so-quy-khen-thuong", "--db", str(db_path), "--year", "2025", "-o", str(out))
    assert result.returncode == 0, result.stderr
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Sổ quỹ", "Tổng hợp", "Chi trả"]
    rows = list(book["Sổ quỹ"].iter_rows(values_only=True))
    assert any(r[0] == "SỔ QUỸ KHEN THƯỞNG NĂM 2025" for r in rows)
    total = next(r for r in rows if r[1] == "Tổng cộng")
    assert total[5:8] == (16_380_000, 3_510_000, 12_870_000)
    decision = next(r for r in rows if r[1] == "Cộng quyết định 261/QĐ-UBND")
    assert decision[5] == 3_510_000 + 7_020_000 + 3_510_000
    hung = next(r for r in rows if r[1] == "Trần Văn Hùng")
    assert hung[3:9] == ("Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", PROVINCE_FUND, 3_510_000, 3_510_000, 0,
                         "PC-001 ngày 01/02/2025: 3.510.000 đ")  # fmt: skip
    summary = [r[1:] for r in book["Tổng hợp"].iter_rows(values_only=True)]
    assert (PROVINCE_FUND, 3, 14_040_000, 3_510_000, 10_530_000) in summary
    assert ("Tổng cộng", 5, 16_380_000, 3_510_000, 12_870_000) in summary
    payments = [r for r in book["Chi trả"].iter_rows(values_only=True) if r[0] == 1]
    assert payments[0][2:7] == ("PC-001", "Trần Văn Hùng", "Trần Văn Hùng", "261/QĐ-UBND", 3_510_000)


def test_ledger_and_attachment_commands(db, db_path, tmp_path, capsys):
    s, unit, made = _desk(db)
    db.close()
    scan = write(tmp_path / "QĐ 261.pdf", PDF)
    assert main(["attachments", "add", "--db", str(db_path), "--proposal", str(made["hung_bk"]), "--kind",
                 "quyet_dinh_khen_thuong", str(scan)]) == 0  # fmt: skip
    assert sha(PDF) in capsys.readouterr().out
    assert main(["attachments", "list", "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "Quyết định khen thưởng số 261/QĐ-UBND: QĐ 261.pdf" in out and "[tốt]" in out
    assert main(["attachments", "check", "--db", str(db_path)]) == 0
    assert main(["ledger", "--db", str(db_path), "--year", "2025", "--pay", str(made["unit_bk"]),
                 "--on", "02/03/2025", "--voucher", "PC-015"]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "Đã ghi chi 7.020.000 đồng" in out and "còn phải chi 9.360.000 đồng" in out
    assert main(["find-paper", "--db", str(db_path), "261 qd ubnd"]) == 0
    out = capsys.readouterr().out
    assert "Trần Văn Hùng" in out and "QĐ 261.pdf" in out and "Nguyễn Thị Lan" not in out


# --- find by paper -----------------------------------------------------------------------------------
def test_number_matching_is_folded_and_whole():
    assert paper_search.number_matches("261/QĐ-UBND", "261/QD-UBND")
    assert paper_search.number_matches("261/QĐ-UBND", "261 qđ ubnd")
    assert paper_search.number_matches("Quyết định số 261/QĐ-UBND ngày 20/01/2025", "261/qd-ubnd")
    assert not paper_search.number_matches("261/QĐ-UBND", "61/QĐ-UBND")
    assert not paper_search.number_matches("2610/QĐ-UBND", "261/QĐ-UBND")
    assert not paper_search.number_matches("261/QĐ-UBND", "")


def test_find_by_paper_finds_proposals_people_and_attachments(sample_path, tmp_path):
    db = open_database(sample_path, user="tester")
    try:
        decided = {
            r[0] for r in db.conn.execute("SELECT id FROM proposals WHERE decision_number = '261/QĐ-UBND'")
        }
        assert decided
        pid = min(decided)
        aid = attachments.add_file(db, write(tmp_path / "quyet-dinh.pdf", PDF), proposal_id=pid,
                                   kind="quyet_dinh_khen_thuong")  # fmt: skip
        assert attachments.get(db, aid)["doc_number"] == "261/QĐ-UBND"  # the proposal's own number
        unrelated = attachments.add_file(db, write(tmp_path / "khac.pdf", PNG), proposal_id=pid, kind="khac",
                                         doc_number="2610/QĐ-UBND")  # fmt: skip
        hits = paper_search.find_paper(db, "261/QD-UBND")
        assert {p["id"] for p in hits.proposals} == decided
        assert [a["id"] for a in hits.attachments] == [aid] and unrelated not in [
            a["id"] for a in hits.attachments
        ]
        covered = {(e["kind"], e["id"]) for e in hits.people}
        for p in db.conn.execute("SELECT subject, individual_id, unit_id FROM proposals WHERE id IN "
                                 f"({', '.join(map(str, decided))})"):  # fmt: skip
            assert ((p[0], p[1] or p[2])) in covered
        submission = first(
            db, "SELECT submission_number FROM proposals WHERE submission_number <> '' LIMIT 1"
        )[0]
        hits = paper_search.find_paper(db, submission.replace("Đ", "d").lower())
        assert hits.proposals and all(p["submission_number"] == submission for p in hits.proposals)
        assert paper_search.find_paper(db, "999/QĐ-XYZ").empty
    finally:
        db.close()


# --- hostile files and races (issue 17, point 3) ------------------------------------------------------
def test_prune_racing_add_keeps_the_new_files(db, db_path, tmp_path):
    """The review ran ``attachments prune`` beside ``attachments add``: the file of an
    attachment whose row was not written yet was deleted. A file younger than an hour is kept."""
    unit = units.create_unit(db, "Sở Tư pháp")
    # what add does first: the file is stored, the row comes after
    sha_new, _ = attachment_files.store_file(
        attachments.files_dir(db), write(tmp_path / "moi.pdf", PDF), "pdf"
    )
    blob = attachment_files.blob_path(attachments.files_dir(db), sha_new, "pdf")
    result = subprocess.run([sys.executable, "-m", "thidua_desktop", "attachments", "prune", "--db", str(db_path)],
                            capture_output=True, text=True, encoding="utf-8", timeout=120)  # fmt: skip
    assert result.returncode == 0 and "hơn một giờ" in result.stdout
    assert blob.exists()
    aid = attachments.add_file(
        db, write(tmp_path / "moi.pdf", PDF), unit_id=unit, kind="khac"
    )  # the row arrives
    assert attachments.read_bytes(db, aid) == PDF
    # an orphan from yesterday goes
    old = attachment_files.store_file(attachments.files_dir(db), write(tmp_path / "cu.png", PNG), "png")[0]
    old_blob = attachment_files.blob_path(attachments.files_dir(db), old, "png")
    os.utime(old_blob, (time.time() - 86_400, time.time() - 86_400))
    assert attachments.prune(db) == [old_blob] and blob.exists()


@pytest.mark.skipif(not hasattr(os, "symlink") or sys.platform == "win32", reason="POSIX links")
def test_prune_never_deletes_through_a_linked_folder(db, tmp_path):
    folder = attachments.files_dir(db)
    outside = tmp_path / "ngoai"
    (outside / "ab").mkdir(parents=True)
    victim = outside / "ab" / ("ab" + "0" * 62 + ".pdf")
    victim.write_bytes(b"not ours")
    os.utime(victim, (0, 0))
    if folder.exists():
        shutil.rmtree(folder)
    folder.symlink_to(outside, target_is_directory=True)
    with pytest.raises(attachments.AttachmentError, match="liên kết"):
        attachments.prune(db, min_age_s=0)
    assert victim.read_bytes() == b"not ours"
    # a link inside the folder, to a file or a folder elsewhere, is never followed either
    folder.unlink()
    (folder / "cd").mkdir(parents=True)
    (folder / "ab").symlink_to(outside / "ab", target_is_directory=True)
    (folder / "cd" / ("cd" + "1" * 62 + ".pdf")).symlink_to(victim)
    assert attachments.prune(db, min_age_s=0) == []
    assert victim.read_bytes() == b"not ours"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_pipe_or_a_device_is_never_read(db, db_path, tmp_path):
    unit = units.create_unit(db, "Sở Tư pháp")
    aid = attachments.add_file(db, write(tmp_path / "bb.pdf", PDF), unit_id=unit, kind="khac")
    blob = attachment_files.blob_path(attachments.files_dir(db), sha(PDF), "pdf")
    os.chmod(blob, 0o600)
    blob.unlink()
    os.mkfifo(blob)  # the stored file replaced by a pipe: reading it would wait for ever
    result = subprocess.run([sys.executable, "-m", "thidua_desktop", "attachments", "check", "--db", str(db_path)],
                            capture_output=True, text=True, encoding="utf-8", timeout=60)  # fmt: skip
    assert result.returncode == 1 and "Đã kiểm tra" in result.stdout
    with pytest.raises(attachments.AttachmentError):
        attachments.read_bytes(db, aid)
    # attaching a pipe or a device is refused before anything is read or stored
    pipe = tmp_path / "ong.pdf"
    os.mkfifo(pipe)
    before = sorted(attachments.files_dir(db).rglob("*"))
    for source in [pipe, *([Path("/dev/zero")] if Path("/dev/zero").exists() else [])]:
        with pytest.raises(attachments.AttachmentError, match="không phải một tệp tài liệu thường"):
            attachments.add_file(db, source, unit_id=unit, kind="khac")
    link = tmp_path / "lienket.pdf"
    link.symlink_to(tmp_path / "bb.pdf")
    with pytest.raises(attachments.AttachmentError, match="không phải một tệp tài liệu thường"):
        attachments.add_file(db, link, unit_id=unit, kind="khac")
    assert sorted(attachments.files_dir(db).rglob("*")) == before


def test_bytes_are_counted_while_copying_not_taken_from_stat(db, tmp_path):
    folder = attachments.files_dir(db)
    big = tmp_path / "lon.pdf"
    big.write_bytes(b"x" * 5000)
    with pytest.raises(attachment_files.TooLarge):
        attachment_files.store_file(folder, big, "pdf", limit=4096)
    assert not [p for p in folder.rglob("*") if p.is_file()]  # nothing kept, no temporary file left


KILL_AFTER_SWAP = """
import os, sqlite3, sys
from thidua_desktop.store import backup
real = sqlite3.connect

class Conn:
    def __init__(self, conn, name):
        self._c, self._name = conn, name
    def __getattr__(self, attr):
        return getattr(self._c, attr)
    def backup(self, target, **kw):
        self._c.backup(getattr(target, "_c", target), **kw)
        if os.path.basename(sys.argv[2]) in self._name:  # the copy was just written over the data file
            os._exit(9)                # killed there, as by a power cut

class Shim:
    def __getattr__(self, attr):
        return getattr(sqlite3, attr)
    def connect(self, name, *a, **k):
        return Conn(real(name, *a, **k), str(name))

backup.sqlite3 = Shim()
backup.restore(sys.argv[1], sys.argv[2])
"""


def test_a_restore_killed_after_the_data_swap_leaves_no_attachment_missing(sample_path, tmp_path):
    """Issue 17, point 7: a restore killed after the data swap left the restored data without
    its files. The files now come back first."""
    db = open_database(sample_path, user="tester")
    unit = db.conn.execute("SELECT id FROM units LIMIT 1").fetchone()[0]
    aids = [attachments.add_file(db, write(tmp_path / f"tl-{i}.pdf", PDF + bytes([i]) * 99), unit_id=unit,
                                 kind="khac") for i in range(5)]  # fmt: skip
    copy = backup.backup_to(db, backup.backups_dir(sample_path) / "mau-20250101-000000-mo-tep.sqlite")
    for aid in aids:
        attachments.remove(db, aid)
    assert len(attachments.prune(db, min_age_s=0)) == 5  # the files are gone from the data folder
    db.close()
    done = subprocess.run([sys.executable, "-c", KILL_AFTER_SWAP, str(sample_path), str(copy)],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 9, done.stderr
    db = open_database(sample_path, user="tester")
    try:
        assert sorted(a["id"] for a in attachments.listing(db, unit_id=unit)) == sorted(
            aids
        )  # the copy's data
        assert attachments.check_all(db) == []  # and every file it names
        assert attachments.read_bytes(db, aids[0]) == PDF + bytes([0]) * 99
    finally:
        db.close()


def test_a_copy_that_fails_leaves_no_part_file_and_old_leftovers_are_cleaned(db, db_path, tmp_path):
    dest = backup.backups_dir(db_path) / "x.sqlite"

    def stop(done, total):
        raise OSError(28, "No space left on device")

    with pytest.raises(FileWriteError, match="ổ đĩa đã đầy"):  # said in Vietnamese, naming the copy
        backup.backup_to(db, dest, progress=stop)
    assert not list(dest.parent.glob("*.part")) and not dest.exists()
    # what an older version or a power cut left: removed when the file is next opened
    left = [db_path.with_name(db_path.name + ".khoi-phuc.part"), dest.parent / "y.sqlite.part",
            attachments.files_dir(db) / ".dang-ghi-1234"]  # fmt: skip
    for path in left:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"half")
    fresh = dest.parent / "z.sqlite.part"
    fresh.write_bytes(b"being written right now")
    for path in left:
        os.utime(path, (time.time() - 7200, time.time() - 7200))
    assert sorted(backup.clean_leftovers(db_path)) == sorted(left)
    assert fresh.exists() and db_path.exists()


# --- files other programs hold for a moment (issue 24, point 6) ----------------------------------------
def _held(times: int, winerror: int = 32):
    """An os.replace that Windows refuses ``times`` times, as while an antivirus scans the file."""
    real = os.replace
    calls = []

    def replace(src, dst):
        calls.append(dst)
        if len(calls) <= times:
            error = PermissionError(13, "The process cannot access the file", str(dst))
            error.winerror = winerror
            raise error
        return real(src, dst)

    return replace, calls


def test_a_rename_refused_for_a_moment_is_tried_again(db, tmp_path, monkeypatch):
    from thidua_desktop.reports.jobs import complete_file

    replace, calls = _held(2)
    monkeypatch.setattr(os, "replace", replace)
    out = tmp_path / "bao-cao.xlsx"
    with complete_file(out) as tmp:
        tmp.write_bytes(b"done")
    assert out.read_bytes() == b"done" and len(calls) == 3
    # access denied for good (not a sharing violation): no retry, said in Vietnamese, nothing left
    replace, calls = _held(99, winerror=5)
    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(FileWriteError, match="không có quyền ghi"):
        with complete_file(tmp_path / "khac.xlsx") as tmp:
            tmp.write_bytes(b"x")
    assert len(calls) == 1 and not list(tmp_path.glob(".*dang-ghi"))


def test_an_attachment_opened_twice_while_the_viewer_holds_the_first_copy(db, tmp_path, monkeypatch):
    unit = units.create_unit(db, "Sở Tư pháp")
    aid = attachments.add_file(db, write(tmp_path / "bien-ban.pdf", PDF), unit_id=unit, kind="khac")
    viewer = tmp_path / "xem"
    first = attachments.open_copy(db, aid, viewer)
    real_unlink = Path.unlink

    def held(self, missing_ok=False):  # Acrobat has the first copy open: Windows refuses to delete it
        if self == first:
            error = PermissionError(13, "The process cannot access the file", str(self))
            error.winerror = 32
            raise error
        return real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", held)
    second = attachments.open_copy(db, aid, viewer)
    assert second != first and second.name == f"{aid}-bien-ban (2).pdf"
    assert second.read_bytes() == PDF and first.read_bytes() == PDF
