"""Consistent copies of a desk database through SQLite's backup API."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import sqlite_utils


def backups_dir(db_path: Path) -> Path:
    """The folder beside the data file where automatic copies go."""
    return db_path.parent / f"{db_path.stem}-saoluu"


def backup_to(
    db: sqlite_utils.Database | sqlite3.Connection,
    dest: str | os.PathLike,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> Path:
    """Write a consistent copy of the open database to ``dest``, atomically: the copy
    is made under a temporary name and renamed into place when complete."""
    conn = db.conn if isinstance(db, sqlite_utils.Database) else db
    dest = Path(dest).absolute()
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    tmp.unlink(missing_ok=True)
    target = sqlite3.connect(tmp)
    try:
        conn.backup(
            target,
            pages=1024,
            progress=(lambda status, remaining, total: progress(total - remaining, total))
            if progress
            else None,
        )
        # A copy is a single self-contained file: no -wal beside it.
        target.execute("PRAGMA journal_mode = DELETE")
    finally:
        target.close()
    os.replace(tmp, dest)
    return dest


def backup_file(
    source: str | os.PathLike,
    dest: str | os.PathLike,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> Path:
    """Copy a database file through its own read connection (safe from a worker thread
    while the window keeps writing through another)."""
    conn = sqlite3.connect(f"{Path(source).absolute().as_uri()}?mode=ro", uri=True, timeout=10)
    try:
        return backup_to(conn, dest, progress=progress)
    finally:
        conn.close()
