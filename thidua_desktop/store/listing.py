"""Paged lists for the tabs: filter, folded search, sort, offset and limit in SQL, so a
view over 100,000 rows only ever holds the page it paints."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from thidua_desktop.domain.text import fold
from thidua_desktop.store.location import sqlite_uri


@dataclass(frozen=True)
class Column:
    key: str
    sql: str  # expression selected
    sort_sql: str | None = None  # expression sorted by; None = not sortable


@dataclass(frozen=True)
class Listing:
    """One list: its FROM clause, columns, folded-search column and named filters.

    ``filters`` maps a filter name to a condition using ``:name``; only names the
    caller gives a value for are applied. An empty condition only binds the parameter
    (for filters the FROM clause itself uses, listed in ``defaults``)."""

    name: str
    from_sql: str
    columns: tuple[Column, ...]
    search_sql: str
    default_sort: str
    filters: dict[str, str] = field(default_factory=dict)
    # The trigram FTS5 table over ``search_sql`` (see migrations.FTS_TABLES), if any.
    fts_table: str = ""
    # Parameters the FROM clause uses, with their values when the caller gives none.
    defaults: dict[str, Any] = field(default_factory=dict)
    # A FROM clause that counts the same rows more cheaply (the first table alone, when the
    # joins only bring names to show and every filter and the search use the first table):
    # counting 200,000 proposals through their LEFT JOIN took 150 ms, alone 35 ms.
    count_from_sql: str = ""

    def column(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)

    @property
    def id_sql(self) -> str:
        """The row id of the listing's first table ("individuals i" -> "i.id")."""
        return self.from_sql.split()[1] + ".id"

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.columns]


# Above this many trigram matches a plain LIKE over the folded column is quicker: the
# page is found early in sort order, while an IN-list of that many row ids is not.
FTS_SELECTIVE_MAX = 5000


def _where(
    db: sqlite_utils.Database, listing: Listing, search: str, filters: dict[str, Any]
) -> tuple[str, dict[str, Any]]:
    conditions: list[str] = []
    params: dict[str, Any] = dict(listing.defaults)
    words = fold(search).split()
    long_words = [w for w in words if len(w) >= 3] if listing.fts_table else []
    if long_words:
        match = " AND ".join('"' + w.replace('"', '""') + '"' for w in long_words)
        hits = db.conn.execute(  # stops counting once past the limit
            f"SELECT count(*) FROM (SELECT 1 FROM {listing.fts_table} "
            f"WHERE {listing.fts_table} MATCH ? LIMIT {FTS_SELECTIVE_MAX + 1})",
            (match,),
        ).fetchone()[0]
        if hits <= FTS_SELECTIVE_MAX:
            params["_match"] = match
            conditions.append(
                f"{listing.id_sql} IN (SELECT rowid FROM {listing.fts_table} "
                f"WHERE {listing.fts_table} MATCH :_match)"
            )
        else:
            long_words = []
    for i, word in enumerate(w for w in words if w not in long_words):
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params[f"_w{i}"] = f"%{escaped}%"
        conditions.append(f"{listing.search_sql} LIKE :_w{i} ESCAPE '\\'")
    for name, value in filters.items():
        if value is None or value == "":
            continue
        if name not in listing.filters:
            raise KeyError(f"unknown filter {name!r} for {listing.name}")
        if listing.filters[name]:
            conditions.append(listing.filters[name])
        params[name] = value
    return (" WHERE " + " AND ".join(conditions)) if conditions else "", params


def count(
    db: sqlite_utils.Database, listing: Listing, *, search: str = "", filters: dict[str, Any] | None = None
) -> int:
    where, params = _where(db, listing, search, filters or {})
    source = listing.count_from_sql or listing.from_sql
    return db.conn.execute(f"SELECT count(*) FROM {source}{where}", params).fetchone()[0]


def fetch(
    db: sqlite_utils.Database,
    listing: Listing,
    *,
    search: str = "",
    filters: dict[str, Any] | None = None,
    sort: str | None = None,
    descending: bool = False,
    offset: int = 0,
    limit: int = 200,
) -> list[tuple]:
    """One page of rows, each a tuple in ``listing.columns`` order plus the row id last."""
    where, params = _where(db, listing, search, filters or {})
    sort_sql = listing.column(sort or listing.default_sort).sort_sql
    if sort_sql is None:
        sort_sql = listing.column(listing.default_sort).sort_sql
    direction = "DESC" if descending else "ASC"
    select = ", ".join(c.sql for c in listing.columns)
    id_sql = listing.id_sql
    sql = (
        f"SELECT {select}, {id_sql} FROM {listing.from_sql}{where} "
        f"ORDER BY {sort_sql} {direction}, {id_sql} {direction} LIMIT :_limit OFFSET :_offset"
    )
    params.update(_limit=int(limit), _offset=int(offset))
    return db.conn.execute(sql, params).fetchall()


def unit_name_in_year(unit_sql: str, year_sql: str) -> str:
    """SQL for the name a unit had at the end of a year (renames keep the past); for a
    year before its first name, that first name."""
    return (
        "coalesce("
        f"(SELECT n.name FROM unit_names n WHERE n.unit_id = {unit_sql} "
        f"AND (n.valid_from IS NULL OR n.valid_from <= ({year_sql}) || '-12-31') "
        "ORDER BY n.valid_from DESC LIMIT 1), "
        f"(SELECT n.name FROM unit_names n WHERE n.unit_id = {unit_sql} "
        "ORDER BY n.valid_from ASC LIMIT 1))"
    )


def count_in_file(
    path: str, listing: Listing, *, search: str = "", filters: dict[str, Any] | None = None
) -> int:
    """``count`` through a read-only connection of its own, for a worker thread while the
    window's connection keeps serving pages (WAL lets both read at once)."""
    conn = sqlite3.connect(sqlite_uri(Path(path), "ro"), uri=True, timeout=10)
    try:
        return count(
            sqlite_utils.Database(conn, execute_plugins=False), listing, search=search, filters=filters
        )
    finally:
        conn.close()


def position(
    db: sqlite_utils.Database,
    listing: Listing,
    row_id: int,
    *,
    search: str = "",
    filters: dict[str, Any] | None = None,
    sort: str | None = None,
    descending: bool = False,
) -> int | None:
    """How many rows come before ``row_id`` in the list as ``fetch`` orders it; None when
    the row is not in the list at all (filtered out, or gone)."""
    where, params = _where(db, listing, search, filters or {})
    params["_rid"] = row_id
    id_sql = listing.id_sql
    conjunction = " AND " if where else " WHERE "
    if not db.conn.execute(
        f"SELECT count(*) FROM {listing.from_sql}{where}{conjunction}{id_sql} = :_rid", params
    ).fetchone()[0]:
        return None
    sort_sql = (
        listing.column(sort or listing.default_sort).sort_sql or listing.column(listing.default_sort).sort_sql
    )
    before = ">" if descending else "<"
    target = f"(SELECT {sort_sql} FROM {listing.from_sql} WHERE {id_sql} = :_rid)"
    ahead = (
        f"({sort_sql} {before} {target} OR ({sort_sql} IS {target} AND {id_sql} {before} :_rid)"
        f" OR ({sort_sql} IS NULL AND {target} IS NOT NULL))"
        if not descending
        else f"({sort_sql} {before} {target} OR ({sort_sql} IS {target} AND {id_sql} {before} :_rid)"
        f" OR ({target} IS NULL AND {sort_sql} IS NOT NULL))"
    )
    return db.conn.execute(
        f"SELECT count(*) FROM {listing.from_sql}{where}{conjunction}{ahead}", params
    ).fetchone()[0]
