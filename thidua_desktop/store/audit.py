"""The audit trail: the triggers that write it (made by the migrations: which tables, which\ncolumns) and reading it."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import sqlite_utils


def entries(
    db: sqlite_utils.Database, table: str | None = None, row_id: int | None = None, limit: int = 500
) -> list[dict[str, Any]]:
    """Newest first: at, user, table_name, row_id, action, old, new (dicts or None)."""
    sql = "SELECT at, user, table_name, row_id, action, old_values, new_values FROM audit_log"
    where, params = [], []
    if table is not None:
        where.append("table_name = ?")
        params.append(table)
    if row_id is not None:
        where.append("row_id = ?")
        params.append(row_id)
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY id DESC LIMIT ?"
    params.append(limit)
    out = []
    for at, user, tbl, rid, action, old, new in db.conn.execute(sql, params):
        out.append(
            {
                "at": at, "user": user, "table_name": tbl, "row_id": rid, "action": action,
                "old": json.loads(old) if old else None, "new": json.loads(new) if new else None,
            }
        )  # fmt: skip
    return out


AUDITED_TABLES = (
    "clusters", "units", "unit_names", "memberships", "movements", "registrations",
    "reviews", "individuals", "ratings", "proposals", "awards", "initiatives",
    "proposal_steps", "settings",
)  # fmt: skip
# Derived columns are left out of the trail: they are recomputed from the others.
_NOT_AUDITED = {"search", "sort_key"}


def audit_trigger_sql(conn: sqlite3.Connection, table: str) -> list[str]:
    """DROP + CREATE statements of the three audit triggers of ``table``, from its
    current columns. A migration that changes a table's columns calls this again."""
    columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] not in _NOT_AUDITED]

    def row_json(alias: str) -> str:
        pairs = ", ".join(f"'{c}', {alias}.\"{c}\"" for c in columns)
        return f"json_object({pairs})"

    statements = []
    for action, when, old, new, row in (
        ("insert", "AFTER INSERT", "NULL", row_json("NEW"), "NEW.id"),
        ("update", "AFTER UPDATE", row_json("OLD"), row_json("NEW"), "NEW.id"),
        ("delete", "AFTER DELETE", row_json("OLD"), "NULL", "OLD.id"),
    ):
        name = f"audit_{table}_{action}"
        statements.append(f"DROP TRIGGER IF EXISTS {name}")
        statements.append(
            f"CREATE TRIGGER {name} {when} ON {table} BEGIN "
            "INSERT INTO audit_log (user, table_name, row_id, action, old_values, new_values) "
            f"VALUES (app_user(), '{table}', {row}, '{action}', {old}, {new}); END"
        )
    return statements
