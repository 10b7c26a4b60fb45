"""A damaged data file is refused with a clear message and never written to; a restore
puts the newest copy in its place and keeps the damaged file, byte for byte, aside."""

import hashlib
import random
import shutil
from pathlib import Path

import pytest
from conftest import run_cli

from thidua_desktop.store import backup, errors, open_database
from thidua_desktop.store import db as store_db


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])


def overwrite_middle(path: Path, seed: int = 5) -> None:
    """Random bytes over two pages' worth in the middle, as a bad sector or a stray copy."""
    size = path.stat().st_size
    rng = random.Random(seed)
    with open(path, "r+b") as fh:
        fh.seek(size // 2 - 3000)
        fh.write(rng.randbytes(8192))


def beside(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name))


@pytest.fixture
def damaged_copies(sample_path, tmp_path):
    """A sample file with its automatic copy, and two damaged versions of it."""
    backup.automatic(sample_path, "mo-tep")
    out = {}
    for name, spoil in (("truncated", truncate), ("overwritten", overwrite_middle)):
        path = tmp_path / f"{name}.sqlite"
        shutil.copy(sample_path, path)
        spoil(path)
        out[name] = path
    return out


@pytest.mark.parametrize("kind", ["truncated", "overwritten"])
@pytest.mark.parametrize("verify", [None, True])
def test_a_damaged_file_is_refused_and_its_bytes_are_unchanged(damaged_copies, kind, verify):
    path = damaged_copies[kind]
    before, files = digest(path), beside(path)
    with pytest.raises(errors.DamagedError) as info:
        open_database(path, create=False, verify=verify)
    message = str(info.value)
    assert "bị hỏng" in message and "khôi phục từ bản sao lưu" in message and str(path) in message
    assert "malformed" not in message  # SQLite's English stays out of the user's message
    assert digest(path) == before and beside(path) == files  # no -wal, -shm or -journal left behind


def test_truncation_is_found_without_reading_every_page(damaged_copies):
    """A large file skips quick_check at open; a cut-off file is still refused at once."""
    path = damaged_copies["truncated"]
    before = digest(path)
    with pytest.raises(errors.DamagedError) as info:
        open_database(path, create=False, verify=False)
    assert "cắt cụt" in str(info.value)
    assert digest(path) == before


def test_a_large_file_is_checked_by_verify_file(damaged_copies, sample_path):
    path = damaged_copies["overwritten"]
    before = digest(path)
    with pytest.raises(errors.DamagedError):
        store_db.verify_file(path)
    assert digest(path) == before
    store_db.verify_file(sample_path)  # a sound file passes


def test_a_sound_file_with_wal_content_is_not_taken_for_a_truncated_one(tmp_path):
    """A crash in the middle of a checkpoint can leave a main file shorter than its header
    says while the -wal still holds the pages: that is not damage."""
    path = tmp_path / "busy.sqlite"
    db = open_database(path)
    db.conn.execute("PRAGMA wal_autocheckpoint = 0")
    for i in range(300):
        db.conn.execute("INSERT INTO clusters (uid, name) VALUES (?, ?)", (f"k{i}", "Khối " + "x" * 500))
    copy = tmp_path / "copy.sqlite"  # the files as the crash left them
    shutil.copy(path, copy)
    shutil.copy(str(path) + "-wal", str(copy) + "-wal")
    db.close()
    full_pages = path.stat().st_size // 4096
    with open(copy, "r+b") as fh:  # page 1 was already checkpointed: it counts every page
        header = bytearray(fh.read(100))
        assert full_pages * 4096 > copy.stat().st_size
        header[28:32] = full_pages.to_bytes(4, "big")
        header[92:96] = header[24:28]
        fh.seek(0)
        fh.write(header)
    reopened = open_database(copy)
    assert reopened.conn.execute("SELECT count(*) FROM clusters").fetchone()[0] == 300
    reopened.close()


def test_restore_of_a_damaged_file_keeps_it_aside_untouched(damaged_copies, sample_path):
    path = damaged_copies["overwritten"]
    # the damaged file's copies live beside it: give it the sample's copy
    copy = backup.automatic(sample_path, "mo-tep")
    own = backup.backups_dir(path) / f"overwritten-{backup.taken_at(copy)}-mo-tep.sqlite"
    own.parent.mkdir(exist_ok=True)
    shutil.copy(copy, own)
    Path(str(path) + "-wal").write_bytes(b"")  # an empty -wal beside it goes along
    before = digest(path)
    seen = []
    aside = backup.restore_damaged(
        path, backup.list_backups(path)[0], progress=lambda d, t: seen.append((d, t))
    )
    assert digest(aside) == before and aside.parent == backup.backups_dir(path)
    assert aside.name.endswith("-tep-hong.sqlite") and Path(str(aside) + "-wal").exists()
    assert aside not in backup.list_backups(path)  # never offered as a copy to restore
    assert seen and seen[-1][0] == seen[-1][1]
    restored = open_database(path, create=False)
    assert restored.conn.execute("SELECT count(*) FROM individuals").fetchone()[0] > 200
    restored.close()
    assert not list(path.parent.glob("*.part"))


def test_restore_of_a_damaged_file_from_a_damaged_copy_changes_nothing(damaged_copies, tmp_path):
    path = damaged_copies["truncated"]
    bad_copy = backup.backups_dir(path) / "truncated-20250101-080000-mo-tep.sqlite"
    bad_copy.parent.mkdir(exist_ok=True)
    shutil.copy(damaged_copies["overwritten"], bad_copy)
    before = digest(path)
    with pytest.raises(ValueError, match="bị hỏng"):
        backup.restore_damaged(path, bad_copy)
    assert digest(path) == before and beside(path) == ["truncated.sqlite"]


def test_backups_are_listed_by_when_they_were_taken(tmp_path):
    db_path = tmp_path / "desk.sqlite"
    folder = backup.backups_dir(db_path)
    folder.mkdir()
    names = [
        "desk-truoc-nang-cap-v3-20240105-090000.sqlite",
        "desk-20250102-101010-mo-tep.sqlite",
        "desk-20240301-101010-truoc-nhap.sqlite",
        "desk-20250102-111111-tep-hong.sqlite",
    ]
    for name in names:
        (folder / name).write_bytes(b"")
    assert [p.name for p in backup.list_backups(db_path)] == [names[1], names[2], names[0]]


def test_restore_reports_progress_over_both_steps(db, db_path):
    db.conn.execute("INSERT INTO clusters (uid, name) VALUES ('a', 'Khối 3')")
    copy = backup.automatic(db_path, "mo-tep")
    db.close()
    seen = []
    backup.restore(db_path, copy, progress=lambda done, total: seen.append((done, total)))
    totals = {t for _d, t in seen}
    assert len(totals) == 1 and seen[-1][0] == totals.pop()
    assert [d for d, _t in seen] == sorted(d for d, _t in seen)


@pytest.mark.parametrize("kind", ["truncated", "overwritten"])
def test_check_reports_what_is_damaged_without_writing(damaged_copies, kind):
    path = damaged_copies[kind]
    before, files = digest(path), beside(path)
    result = run_cli("check", "--db", str(path))
    assert result.returncode == 1
    assert "bị hỏng" in result.stderr and "Toàn vẹn (integrity_check): tốt" not in result.stdout
    assert "Toàn vẹn (integrity_check):" in result.stdout
    assert digest(path) == before and beside(path) == files


@pytest.mark.parametrize("held", ["the damaged file", "the restored copy"])
def test_a_restore_stopped_by_a_held_file_leaves_the_damaged_file_where_it_was(damaged_copies, sample_path,
                                                                               monkeypatch, held):  # fmt: skip
    """Issue 24, point 6: antivirus holding the damaged file, or the copy that is to take its
    place, stopped the restore with a full-size .part left and the damaged file moved while the
    message said it was unchanged; now it is back where it was, and no .part is left."""
    from thidua_desktop.store import file_ops

    path = damaged_copies["overwritten"]
    copy = backup.automatic(sample_path, "mo-tep")
    own = backup.backups_dir(path) / f"overwritten-{backup.taken_at(copy)}-mo-tep.sqlite"
    own.parent.mkdir(exist_ok=True)
    shutil.copy(copy, own)
    before = digest(path)
    real = file_ops.replace

    def sharing_violation(source, target):
        blocked = (
            Path(source) == path if held == "the damaged file" else str(source).endswith(".khoi-phuc.part")
        )
        if blocked:
            error = PermissionError(13, "The process cannot access the file", str(source))
            error.winerror = 32
            raise error
        real(source, target)

    monkeypatch.setattr(file_ops, "replace", sharing_violation)
    with pytest.raises(OSError):
        backup.restore_damaged(path, own)
    assert path.exists() and digest(path) == before  # what the message says is true
    assert not list(path.parent.glob("*.part"))
    assert not [p for p in backup.backups_dir(path).iterdir() if p.name.endswith("-tep-hong.sqlite")]
