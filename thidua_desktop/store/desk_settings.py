"""The desk's rule parameters and its identity (who the desk is, domain.identity), kept
in the database file so they travel with the data and its backups."""

from __future__ import annotations

import re

import sqlite_utils

from thidua_desktop.domain.identity import DeskIdentity, Signer
from thidua_desktop.rules.settings import DeskSettings
from thidua_desktop.store import rows
from thidua_desktop.store.db import transaction

KEY = "rules"
IDENTITY_KEY = "identity"


def _value(db: sqlite_utils.Database, key: str) -> str | None:
    row = db.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def _put(db: sqlite_utils.Database, key: str, value: str) -> None:
    with transaction(db):
        row = db.conn.execute("SELECT id FROM settings WHERE key = ?", (key,)).fetchone()
        if row:
            rows.update(db, "settings", row[0], {"value": value})
        else:
            rows.insert(db, "settings", {"key": key, "value": value})


def load(db: sqlite_utils.Database) -> DeskSettings:
    return DeskSettings.from_json(_value(db, KEY))


def save(db: sqlite_utils.Database, settings: DeskSettings) -> None:
    _put(db, KEY, settings.to_json())


def has_identity(db: sqlite_utils.Database) -> bool:
    """Whether the desk has said who it is (the first-start page asks when it has not)."""
    return load_identity(db).is_set


def load_identity(db: sqlite_utils.Database) -> DeskIdentity:
    """The desk's identity; a file written before identities were kept takes its cluster's
    (the secretariat of its first cluster, under the authority that set it up)."""
    saved = _value(db, IDENTITY_KEY)
    if saved is not None:
        return DeskIdentity.from_json(saved)
    return _from_cluster(db)


def save_identity(db: sqlite_utils.Database, identity: DeskIdentity) -> None:
    _put(db, IDENTITY_KEY, identity.to_json())


def _from_cluster(db: sqlite_utils.Database) -> DeskIdentity:
    row = db.conn.execute("SELECT name, authority FROM clusters ORDER BY id LIMIT 1").fetchone()
    if row is None:
        return DeskIdentity()
    name, authority = row
    found = re.search(r"\b(tỉnh|thành phố)\s+(.+)$", authority or "", re.IGNORECASE)
    number = re.search(r"(\d+)\s*$", name)
    return DeskIdentity(
        agency=name, parent_agency=authority or "", level="khoi",
        place=found.group(2).strip() if found else "",
        province=f"{found.group(1).lower()} {found.group(2).strip()}" if found else "",
        code=f"KTĐ{number.group(1)}" if number else "",
        signers={"to-trinh": Signer("", "TRƯỞNG KHỐI", "")},
    )  # fmt: skip
