"""A writer killed with SIGKILL at random moments loses nothing it reported committed and
never leaves a damaged or inconsistent file."""

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from thidua_desktop.store import open_database
from thidua_desktop.store.records import units

KILLS = 50
WRITER = Path(__file__).with_name("crash_writer.py")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_fifty_kills_lose_nothing_committed(db_path):
    db = open_database(db_path)
    units.create_unit(db, "Công an tỉnh")
    db.close()
    rng = random.Random(2026)
    committed: set[int] = set()
    for _ in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, str(WRITER), str(db_path)], stdout=subprocess.PIPE, text=True
        )
        time.sleep(0.35 + rng.random() * 0.4)  # start-up, then some writes, then a random moment
        os.kill(child.pid, signal.SIGKILL)
        out, _ = child.communicate()
        reported = {int(line) for line in out.split() if line.strip().isdigit()}
        committed |= reported
        check = open_database(db_path)
        try:
            assert check.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert check.conn.execute("PRAGMA foreign_key_check").fetchall() == []
            present = {r[0] for r in check.conn.execute("SELECT id FROM proposals")}
            assert committed <= present, f"lost {sorted(committed - present)[:5]}"
            # no person without the proposal of the same transaction
            orphans = check.conn.execute(
                "SELECT count(*) FROM individuals WHERE id NOT IN (SELECT individual_id FROM proposals)"
            ).fetchone()[0]
            assert orphans == 0
        finally:
            check.close()
    assert len(committed) > KILLS  # the writer really wrote between kills
