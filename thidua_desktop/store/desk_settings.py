"""The desk's rule parameters, kept in the database file so they travel with the data."""

from __future__ import annotations

import sqlite_utils

from thidua_desktop.rules.settings import DeskSettings
from thidua_desktop.store import rows
from thidua_desktop.store.db import transaction

KEY = "rules"


def load(db: sqlite_utils.Database) -> DeskSettings:
    row = db.conn.execute("SELECT value FROM settings WHERE key = ?", (KEY,)).fetchone()
    return DeskSettings.from_json(row[0] if row else None)


def save(db: sqlite_utils.Database, settings: DeskSettings) -> None:
    with transaction(db):
        row = db.conn.execute("SELECT id FROM settings WHERE key = ?", (KEY,)).fetchone()
        if row:
            rows.update(db, "settings", row[0], {"value": settings.to_json()})
        else:
            rows.insert(db, "settings", {"key": KEY, "value": settings.to_json()})
