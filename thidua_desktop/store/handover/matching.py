"""Matching an arriving row with this desk's rows: a row not written yet, values compared as the
preview compares them, this desk's units by uid, code and every name they have had."""

from __future__ import annotations

import sqlite3
from typing import Any

import sqlite_utils

from thidua_desktop.domain.text import fold


class New:
    """A row the file brings that this desk does not have yet (before it is written)."""

    __slots__ = ("label",)

    def __init__(self, label: str):
        self.label = label

    def __repr__(self) -> str:
        return f"<new {self.label}>"


def same(mine: Any, theirs: Any) -> bool:
    if isinstance(theirs, New):
        return False
    if mine in (None, "") and theirs in (None, ""):
        return True
    if isinstance(mine, list) or isinstance(theirs, list):
        if any(isinstance(part, New) for mark in theirs or [] for part in mark):
            return False
        return sorted(map(tuple, mine or [])) == sorted(map(tuple, theirs or []))
    return mine == theirs


class UnitIndex:
    """This desk's units by uid, by folded code and by every folded name they have had."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db
        self.by_code: dict[str, set[int]] = {}
        self.by_name: dict[str, set[int]] = {}
        for unit_id, code, name in db.conn.execute("SELECT id, code, name FROM units"):
            if code:
                self.by_code.setdefault(fold(code), set()).add(unit_id)
            self.by_name.setdefault(fold(name), set()).add(unit_id)
        for unit_id, name in db.conn.execute("SELECT unit_id, name FROM unit_names"):
            self.by_name.setdefault(fold(name), set()).add(unit_id)

    def match(self, theirs: dict[str, Any]) -> tuple[dict[str, Any] | None, str]:
        found = self._get("SELECT * FROM units WHERE uid = ?", theirs.get("uid"))
        if found:
            return found, "uid"
        code = fold(theirs.get("code") or "")
        if code and len(self.by_code.get(code, ())) == 1:
            return self._get("SELECT * FROM units WHERE id = ?", next(iter(self.by_code[code]))), "code"
        names = {fold(n) for n in [theirs.get("name"), *(theirs.get("names") or [])] if n}
        ids = set().union(*(self.by_name.get(n, set()) for n in names)) if names else set()
        if len(ids) == 1:
            return self._get("SELECT * FROM units WHERE id = ?", next(iter(ids))), "name"
        return None, ""

    def _get(self, sql: str, value: Any) -> dict[str, Any] | None:
        if value is None:
            return None
        try:
            return next(self.db.query(sql, (value,)), None)
        except sqlite3.Error:
            return None
