"""Automatic copies, rotation and restore, on real files."""

import os
import time

import pytest

from thidua_desktop.domain.models import Sex
from thidua_desktop.store import backup, open_database
from thidua_desktop.store.records import individuals


def test_daily_copy_is_taken_once_a_day(db, db_path):
    individuals.create_individual(db, "Nguyễn Văn An", Sex.MALE)
    first = backup.daily(db_path)
    assert first is not None and first.exists() and first.parent == db_path.parent / "desk-saoluu"
    assert backup.daily(db_path) is None
    assert backup.summary(first)["individuals"] == 1


def test_rotation_keeps_the_newest_automatic_copies_only(db, db_path):
    made = []
    for _ in range(5):
        made.append(backup.automatic(db_path, "truoc-nhap", keep=3))
        time.sleep(1.05)  # copies are named by the second
    manual = backup.backup_to(db, backup.backups_dir(db_path) / "desk-tay.sqlite")
    left = backup.list_backups(db_path)
    assert [p for p in made if p.exists()] == made[2:]
    assert manual in left and len(left) == 4


def test_restore_brings_the_copy_back_and_keeps_the_current_content(db, db_path):
    individuals.create_individual(db, "Nguyễn Văn An", Sex.MALE)
    copy = backup.automatic(db_path, "mo-tep")
    individuals.create_individual(db, "Lê Thị Bình", Sex.FEMALE)
    db.close()
    safety = backup.restore(db_path, copy)
    assert backup.summary(safety)["individuals"] == 2
    restored = open_database(db_path)
    assert [r[0] for r in restored.conn.execute("SELECT full_name FROM individuals")] == ["Nguyễn Văn An"]
    assert restored.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    restored.close()


def test_a_damaged_copy_is_not_restored(db, db_path, tmp_path):
    individuals.create_individual(db, "Nguyễn Văn An", Sex.MALE)
    copy = backup.automatic(db_path, "mo-tep")
    with open(copy, "r+b") as fh:  # overwrite pages in the middle of the copy
        fh.seek(4096)
        fh.write(os.urandom(8192))
    db.close()
    with pytest.raises(ValueError) as info:
        backup.restore(db_path, copy)
    assert "bị hỏng" in str(info.value)
    reopened = open_database(db_path)
    assert reopened.conn.execute("SELECT count(*) FROM individuals").fetchone()[0] == 1
    reopened.close()


def test_copies_of_the_same_second_are_all_kept_newest_first(sample_path, monkeypatch):
    """A second copy in the same second gets a number instead of replacing the first (the
    copy before an import, taken just after the daily one, overwrote it)."""
    from datetime import datetime as real

    from thidua_desktop.store import backup

    class Frozen(real):
        @classmethod
        def now(cls, tz=None):
            return real(2026, 12, 1, 10, 15, 0)

    monkeypatch.setattr(backup, "datetime", Frozen)
    first = backup.automatic(sample_path, "mo-tep")
    second = backup.automatic(sample_path, "truoc-nhap")
    third = backup.CopyAhead(sample_path, "truoc-nhap").keep()
    assert len({first, second, third}) == 3 and all(p.exists() for p in (first, second, third))
    assert second.name.endswith("-101500-truoc-nhap.sqlite") and third.name.endswith(
        "-101500-2-truoc-nhap.sqlite"
    )
    assert backup.list_backups(sample_path) == [third, second, first]
