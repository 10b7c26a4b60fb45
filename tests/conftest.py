import os
import sys
from pathlib import Path

import pytest

# Widgets render without a screen; set before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from thidua_desktop.store import open_database  # noqa: E402


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "desk.sqlite"


@pytest.fixture
def db(db_path):
    database = open_database(db_path, user="tester")
    yield database
    database.close()


@pytest.fixture
def sample_path(tmp_path: Path) -> Path:
    """A fresh cluster-scale sample database file."""
    from thidua_desktop.store import sample as sample_data

    path = tmp_path / "sample.sqlite"
    database = open_database(path, user="tester")
    sample_data.generate(database, "cluster")
    database.close()
    return path


def run_cli(*args: str):
    """Run the command line in a child process, as a user would."""
    import subprocess

    return subprocess.run(
        [sys.executable, "-m", "thidua_desktop", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
