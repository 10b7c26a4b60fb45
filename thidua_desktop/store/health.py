"""Integrity and foreign-key checks, and counts per table, for ``thidua-desktop check``."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from thidua_desktop.store.location import sqlite_uri
from thidua_desktop.store.migrations import LATEST_VERSION, user_version


@dataclass
class Health:
    integrity: list[str]
    foreign_key_problems: list[tuple]
    counts: dict[str, int] = field(default_factory=dict)
    schema_version: int = 0

    @property
    def ok(self) -> bool:
        return self.integrity == ["ok"] and not self.foreign_key_problems


def check(db: sqlite_utils.Database) -> Health:
    """Every check, also on a damaged file (read through a read-only connection): what
    SQLite cannot read is reported, not raised; a table that cannot be counted shows -1."""
    try:
        integrity = [r[0] for r in db.conn.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as exc:
        integrity = [str(exc)]
    try:
        fk = [tuple(r) for r in db.conn.execute("PRAGMA foreign_key_check")]
    except sqlite3.DatabaseError as exc:
        fk = []
        if integrity == ["ok"]:
            integrity = [str(exc)]
    counts: dict[str, int] = {}
    try:
        names = [n for n in db.table_names() if not n.startswith("sqlite_") and "_fts" not in n]
    except sqlite3.DatabaseError:
        names = []
    for name in names:
        try:
            counts[name] = db.conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
        except sqlite3.DatabaseError:
            counts[name] = -1
    try:
        version = user_version(db)
    except sqlite3.DatabaseError:
        version = -1
    return Health(integrity, fk, counts, version)


def check_file(path: str | os.PathLike) -> Health:
    """:func:`check` through a read-only connection of its own, for a file that
    open_database refuses (a damaged one): the file is not written to, and the -wal and
    -shm SQLite creates beside a WAL file to read it are removed again."""
    path = Path(path).absolute()
    companions = [path.with_name(path.name + s) for s in ("-wal", "-shm")]
    already = {c for c in companions if c.exists()}
    conn = sqlite3.connect(sqlite_uri(path, "ro"), uri=True)
    try:
        return check(sqlite_utils.Database(conn, execute_plugins=False))
    finally:
        conn.close()
        for companion in companions:
            if companion not in already:
                companion.unlink(missing_ok=True)


__all__ = ["Health", "check", "LATEST_VERSION"]
