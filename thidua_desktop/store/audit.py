"""Reading the audit trail that the triggers of migration 2 write."""

from __future__ import annotations

import json
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
