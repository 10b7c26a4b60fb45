"""What the papers of a cluster's year print (the minutes of the vote, the scoring tally),
read together in one snapshot. The figures come from ``voting.standing`` only, so the
screen, the minutes and every export show the same counts and the same tie resolution."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from thidua_desktop.rules.scoring import Criterion, ItemKind, UnitResult
from thidua_desktop.rules.voting import Result, Tally
from thidua_desktop.store import rows
from thidua_desktop.store.cluster import scoring, voting
from thidua_desktop.store.errors import ConstraintError
from thidua_desktop.store.listing import unit_name_in_year


@dataclass(frozen=True)
class Group:
    """One group of the scoring table, in the table's order."""

    code: str
    title: str
    kind: ItemKind
    max_points: float  # the most a unit can score in it (for minus items: the most taken off)


@dataclass
class YearPapers:
    cluster: dict[str, Any]  # id, name, authority
    year: int
    table: dict[str, Any] | None  # the scoring table, if the year has one
    groups: list[Group]
    ranked: list[UnitResult]  # scoring rank (with the vote's leading votes as tie breaker)
    vote: dict[str, Any] | None = None
    tally: Tally | None = None
    result: Result | None = None
    names: dict[int, str] = field(default_factory=dict)  # unit id → name that year
    candidates: list[dict[str, Any]] = field(default_factory=list)  # position, unit, present …
    history: list[dict[str, Any]] = field(default_factory=list)  # reopenings: at, user, reason
    next_roles: dict[str, str | None] = field(default_factory=dict)  # head, deputy, host → name

    @property
    def closed(self) -> bool:
        return self.vote is not None and self.vote["status"] == "da_khoa"


@contextmanager
def _snapshot(db: sqlite_utils.Database) -> Iterator[None]:
    """One read transaction: every figure from the same state of the file, even while the
    window writes through another connection."""
    conn = db.conn
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")


def groups_of(criteria: list[Criterion]) -> list[Group]:
    out: dict[str, Group] = {}
    for c in criteria:
        g = out.get(c.group)
        top = (g.max_points if g else 0.0) + c.max_points
        out[c.group] = Group(c.group, (g.title if g else "") or c.group_title, g.kind if g else c.kind, top)
    return list(out.values())


def _cluster(db: sqlite_utils.Database, cluster_id: int) -> dict[str, Any]:
    cluster = rows.get(db, "clusters", cluster_id)
    if cluster is None:
        raise ConstraintError(f"Không tìm thấy khối thi đua (mã {cluster_id}).")
    return cluster


def _unit_name(db: sqlite_utils.Database, unit_id: int | None, year: int) -> str | None:
    if unit_id is None:
        return None
    row = db.conn.execute(
        f"SELECT coalesce({unit_name_in_year('u.id', '?')}, u.name) FROM units u WHERE u.id = ?",
        (year, unit_id),
    ).fetchone()
    return row[0] if row else None


def _fill(db: sqlite_utils.Database, papers: YearPapers, vote: dict[str, Any] | None) -> YearPapers:
    table = papers.table
    if table is not None:
        papers.groups = groups_of(scoring.criteria(db, table["id"]))
    if vote is None:
        papers.ranked = scoring.ranking(db, table["id"]) if table else []
        papers.names = {r.unit_id: r.name for r in papers.ranked}
        return papers
    papers.vote = vote
    papers.tally, papers.ranked, papers.result, papers.names = voting.standing(db, vote["id"])
    papers.candidates = voting.candidates(db, vote["id"])
    papers.history = voting.reopen_history(db, vote["id"])
    papers.next_roles = {
        role: papers.names.get(vote[f"next_{role}_unit_id"])
        or _unit_name(db, vote[f"next_{role}_unit_id"], papers.year)
        for role in ("head", "deputy", "host")
    }
    return papers


def year_papers(db: sqlite_utils.Database, cluster_id: int, year: int) -> YearPapers:
    """The cluster's scoring and, when there is one, its vote of ``year``."""
    with _snapshot(db):
        cluster = _cluster(db, cluster_id)
        table = scoring.table_for(db, cluster_id, year)
        vote = voting.vote_for(db, cluster_id, year)
        if table is None and vote is None:
            raise ConstraintError(f"{cluster['name']} chưa có bảng điểm và chưa bỏ phiếu năm {year}.")
        return _fill(db, YearPapers(cluster, year, table, [], []), vote)


def minutes(db: sqlite_utils.Database, vote_id: int) -> YearPapers:
    """Everything the minutes of one vote print."""
    with _snapshot(db):
        vote = rows.get(db, "votes", vote_id)
        if vote is None:
            raise ConstraintError(f"Không tìm thấy cuộc bỏ phiếu (mã {vote_id}).")
        table = scoring.table_for(db, vote["cluster_id"], vote["year"])
        papers = YearPapers(_cluster(db, vote["cluster_id"]), vote["year"], table, [], [])
        return _fill(db, papers, vote)


def clusters_of_year(db: sqlite_utils.Database, year: int) -> list[dict[str, Any]]:
    """Clusters with a scoring table or a vote in ``year``: id, name, vote_id (or None)."""
    return list(db.query(
        "SELECT c.id, c.name, (SELECT v.id FROM votes v WHERE v.cluster_id = c.id AND v.year = :year) AS vote_id "
        "FROM clusters c WHERE EXISTS (SELECT 1 FROM scoring_tables t WHERE t.cluster_id = c.id AND t.year = :year) "
        "OR EXISTS (SELECT 1 FROM votes v WHERE v.cluster_id = c.id AND v.year = :year) ORDER BY c.id",
        {"year": year}))  # fmt: skip
