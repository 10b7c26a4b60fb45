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


# --- automatic copies -------------------------------------------------------------------------
KEEP_DEFAULT = 10
_STAMP = "%Y%m%d-%H%M%S"


def automatic(db_path: str | os.PathLike, reason: str, *, keep: int = KEEP_DEFAULT) -> Path:
    """A copy into the backup folder beside the file (``reason``: "mo-tep", "truoc-nhap",
    …), then the oldest automatic copies beyond ``keep`` are removed."""
    from datetime import datetime

    source = Path(db_path).absolute()
    dest = backups_dir(source) / f"{source.stem}-{datetime.now().strftime(_STAMP)}-{reason}.sqlite"
    backup_file(source, dest)
    rotate(source, keep=keep)
    return dest


def daily(db_path: str | os.PathLike, *, keep: int = KEEP_DEFAULT) -> Path | None:
    """The copy taken when a file is opened: at most one a day."""
    from datetime import date

    source = Path(db_path).absolute()
    today = date.today().strftime("%Y%m%d")
    if any(p.name.startswith(f"{source.stem}-{today}-") for p in list_backups(source)):
        return None
    return automatic(source, "mo-tep", keep=keep)


def list_backups(db_path: str | os.PathLike) -> list[Path]:
    """The copies of this file in its backup folder, newest first."""
    source = Path(db_path).absolute()
    folder = backups_dir(source)
    if not folder.is_dir():
        return []
    return sorted(
        (p for p in folder.glob(f"{source.stem}-*.sqlite") if p.is_file()), key=lambda p: p.name, reverse=True
    )


def rotate(db_path: str | os.PathLike, *, keep: int = KEEP_DEFAULT) -> list[Path]:
    """Remove the oldest automatic copies beyond ``keep`` (copies made by hand, and those
    taken before a migration or a restore, stay)."""
    automatic_copies = [p for p in list_backups(db_path) if p.stem.endswith(("-mo-tep", "-truoc-nhap"))]
    removed = automatic_copies[keep:]
    for p in removed:
        p.unlink(missing_ok=True)
    return removed


def summary(backup_path: str | os.PathLike) -> dict[str, int]:
    """Rows per main table of a copy, read-only, so the user sees what a restore brings back."""
    conn = sqlite3.connect(f"{Path(backup_path).absolute().as_uri()}?mode=ro", uri=True)
    try:
        out = {}
        for table in ("units", "individuals", "proposals", "awards", "movements"):
            try:
                out[table] = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            except sqlite3.DatabaseError:
                out[table] = -1
        return out
    finally:
        conn.close()


def restore(db_path: str | os.PathLike, backup_path: str | os.PathLike) -> Path:
    """Replace the file's content with a copy, keeping the current content first as a
    copy of its own; returns that safety copy. The caller has closed its connections."""
    from datetime import datetime

    target = Path(db_path).absolute()
    source = Path(backup_path).absolute()
    damaged = ValueError(f"Bản sao “{source.name}” bị hỏng, không dùng để khôi phục được. Hãy chọn bản khác.")
    check = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)
    try:
        if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise damaged
    except sqlite3.DatabaseError as exc:
        raise damaged from exc
    finally:
        check.close()
    safety = backups_dir(target) / f"{target.stem}-{datetime.now().strftime(_STAMP)}-truoc-khoi-phuc.sqlite"
    backup_file(target, safety)
    src = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)
    dest = sqlite3.connect(target)
    try:
        src.backup(dest)  # page by page under SQLite's own locks, WAL included
    finally:
        dest.close()
        src.close()
    return safety
