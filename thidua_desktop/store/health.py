"""Integrity and foreign-key checks, and counts per table, for ``thidua-desktop check``."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlite_utils

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
    integrity = [r[0] for r in db.conn.execute("PRAGMA integrity_check")]
    fk = [tuple(r) for r in db.conn.execute("PRAGMA foreign_key_check")]
    counts = {
        name: db.conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
        for name in db.table_names()
        if not name.startswith("sqlite_") and "_fts" not in name
    }
    return Health(integrity, fk, counts, user_version(db))


__all__ = ["Health", "check", "LATEST_VERSION"]
