"""Scoring tables of a cluster's year: the criteria, each member unit's self-score and the
agreed score, and the ranking (rules/scoring.py does the arithmetic)."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from thidua_desktop.rules import scoring
from thidua_desktop.rules.scoring import Criterion, ItemKind, UnitResult
from thidua_desktop.store import rows
from thidua_desktop.store.db import transaction
from thidua_desktop.store.errors import ConstraintError
from thidua_desktop.store.records import units


def table_for(db: sqlite_utils.Database, cluster_id: int, year: int) -> dict[str, Any] | None:
    return next(
        db.query("SELECT * FROM scoring_tables WHERE cluster_id = ? AND year = ?", (cluster_id, year)), None
    )


def create_table(
    db: sqlite_utils.Database,
    cluster_id: int,
    year: int,
    items: list[tuple[str, str, ItemKind | str, str, float]] | None = None,
    *,
    title: str = "",
    tie_rule: str = "group:I,vote",
) -> int:
    """A new table; ``items`` (group, group title, kind, text, maximum) default to the
    standard 100-point table."""
    items = scoring.STANDARD_TABLE if items is None else items
    problem = scoring.check_tie_rule(tie_rule, {i[0] for i in items})
    if problem:
        raise ConstraintError(problem)
    with transaction(db):
        if table_for(db, cluster_id, year):
            raise ConstraintError(f"Khối đã có bảng điểm năm {year}; hãy sửa bảng đó.")
        table_id = rows.insert(db, "scoring_tables", {
            "cluster_id": cluster_id, "year": year, "title": title or f"Bảng chấm điểm thi đua năm {year}",
            "tie_rule": tie_rule})  # fmt: skip
        rows.insert_many(db, "criteria", [
            {"uid": rows.new_uid(), "table_id": table_id, "position": i, "group_code": g, "group_title": gt,
             "kind": ItemKind(k).value, "text": t, "max_points": float(m)}
            for i, (g, gt, k, t, m) in enumerate(items, start=1)])  # fmt: skip
    return table_id


def copy_last_year(db: sqlite_utils.Database, cluster_id: int, year: int) -> int:
    """Start ``year`` with the criteria and tie rule of the cluster's latest earlier table."""
    last = next(db.query("SELECT * FROM scoring_tables WHERE cluster_id = ? AND year < ? ORDER BY year DESC LIMIT 1",
                         (cluster_id, year)), None)  # fmt: skip
    if last is None:
        raise ConstraintError("Khối chưa có bảng điểm năm trước để sao chép; hãy tạo bảng theo mẫu.")
    items = [(c.group, c.group_title, c.kind, c.text, c.max_points) for c in criteria(db, last["id"])]
    return create_table(db, cluster_id, year, items, tie_rule=last["tie_rule"])


# the scoring tables of a year whose vote is closed (id, year)
_CLOSED_TABLES = (
    "SELECT t.id, t.year FROM scoring_tables t JOIN votes v ON v.cluster_id = t.cluster_id AND v.year = t.year "
    "WHERE v.status = 'da_khoa'"
)


def frozen(db: sqlite_utils.Database, table_id: int) -> str:
    """Why the scoring table cannot change now ("" when it can): the cluster's vote of its
    year is closed, and the table, the scores and the tie rule are part of the result adopted
    (issue 21: raising a unit's score after closing put it in and another out of the Bằng
    khen places). Reopening the vote, with its reason, reopens the table."""
    row = db.conn.execute(f"SELECT year FROM ({_CLOSED_TABLES}) WHERE id = ?", (table_id,)).fetchone()
    if row is None:
        return ""
    return (f"Kết quả bỏ phiếu năm {row[0]} của khối đã khóa: bảng điểm, điểm và quy tắc xếp hạng của năm đó giữ như "
            "lúc khóa. Muốn sửa, hãy mở lại kết quả (ghi lý do) ở trang Bỏ phiếu.")  # fmt: skip


def frozen_tables(db: sqlite_utils.Database) -> tuple[set[int], set[int]]:
    """The scoring tables whose year's vote is closed, and their criteria (for a hand-over
    merge, which must not change them)."""
    tables = {tid for tid, _year in db.conn.execute(_CLOSED_TABLES)}
    criteria_ids = {
        cid for (cid, tid) in db.conn.execute("SELECT id, table_id FROM criteria") if tid in tables
    }
    return tables, criteria_ids


def frozen_in_file(year: int) -> str:
    """A hand-over row refused because it would change a closed year's table."""
    return (f"Kết quả bỏ phiếu năm {year} của khối đã khóa ở bàn này: bảng điểm, tiêu chí và điểm của năm đó giữ "
            "như lúc khóa, không nhận theo tệp. Muốn nhận, hãy mở lại kết quả (ghi lý do) rồi nhận lại tệp.")  # fmt: skip


def _refuse_if_frozen(db: sqlite_utils.Database, table_id: int) -> None:
    reason = frozen(db, table_id)
    if reason:
        raise ConstraintError(reason)


def criteria(db: sqlite_utils.Database, table_id: int) -> list[Criterion]:
    return [
        Criterion(r[0], r[1], r[2], ItemKind(r[3]), r[4], r[5])
        for r in db.conn.execute(
            "SELECT id, group_code, group_title, kind, text, max_points FROM criteria WHERE table_id = ? "
            "ORDER BY position, id",
            (table_id,),
        )
    ]


def save_criterion(
    db: sqlite_utils.Database, table_id: int, values: dict[str, Any], criterion_id: int | None = None
) -> int:
    """Add or change one criterion; a smaller maximum is refused while a score exceeds it."""
    clean = {
        "group_code": str(values["group_code"]).strip(), "group_title": str(values.get("group_title") or "").strip(),
        "kind": ItemKind(values.get("kind") or "diem").value, "text": str(values["text"]).strip(),
        "max_points": float(values["max_points"]),
    }  # fmt: skip
    with transaction(db):
        _refuse_if_frozen(db, table_id)
        if criterion_id is None:
            position = db.conn.execute("SELECT coalesce(max(position), 0) + 1 FROM criteria WHERE table_id = ?",
                                       (table_id,)).fetchone()[0]  # fmt: skip
            return rows.insert(db, "criteria", {**clean, "table_id": table_id, "position": position})
        probe = Criterion(criterion_id, clean["group_code"], clean["group_title"], ItemKind(clean["kind"]),
                          clean["text"], clean["max_points"])  # fmt: skip
        for self_score, agreed in db.conn.execute(
            "SELECT self_score, agreed_score FROM unit_scores WHERE criterion_id = ?", (criterion_id,)
        ):
            for value in (self_score, agreed):
                problem = scoring.score_problem(probe, value)
                if problem:
                    raise ConstraintError(f"Đã có đơn vị được chấm {value:g} điểm ở mục này: {problem}")
        rows.update(db, "criteria", criterion_id, clean)
        return criterion_id


def set_tie_rule(db: sqlite_utils.Database, table_id: int, rule: str) -> None:
    _refuse_if_frozen(db, table_id)
    groups = {c.group for c in criteria(db, table_id)}
    problem = scoring.check_tie_rule(rule, groups)
    if problem:
        raise ConstraintError(problem)
    rows.update(db, "scoring_tables", table_id, {"tie_rule": rule})


def set_score(
    db: sqlite_utils.Database,
    criterion_id: int,
    unit_id: int,
    **values: Any,
) -> None:
    """Change any of self_score, agreed_score, note, evidence of one unit on one criterion,
    refusing a score above the maximum or a positive minus item."""
    row = next(db.query("SELECT id, group_code, group_title, kind, text, max_points, table_id FROM criteria "
                        "WHERE id = ?", (criterion_id,)), None)  # fmt: skip
    if row is None:
        raise ConstraintError(f"Không tìm thấy tiêu chí (mã {criterion_id}).")
    _refuse_if_frozen(db, row["table_id"])
    criterion = Criterion(row["id"], row["group_code"], row["group_title"], ItemKind(row["kind"]), row["text"],
                          row["max_points"])  # fmt: skip
    for key in ("self_score", "agreed_score"):
        if key in values and values[key] is not None:
            values[key] = float(values[key])
            problem = scoring.score_problem(criterion, values[key])
            if problem:
                raise ConstraintError(f"{criterion.text}: {problem}")
    unknown = set(values) - {"self_score", "agreed_score", "note", "evidence"}
    if unknown:
        raise ValueError(f"unknown score fields {unknown}")
    with transaction(db):
        existing = db.conn.execute(
            "SELECT id FROM unit_scores WHERE criterion_id = ? AND unit_id = ?", (criterion_id, unit_id)
        ).fetchone()
        if existing:
            rows.update(db, "unit_scores", existing[0], values)
        else:
            rows.insert(db, "unit_scores", {"criterion_id": criterion_id, "unit_id": unit_id, **values})


def scores(
    db: sqlite_utils.Database, table_id: int
) -> dict[tuple[int, int], tuple[float | None, float | None]]:
    return {
        (r[0], r[1]): (r[2], r[3])
        for r in db.conn.execute(
            "SELECT s.criterion_id, s.unit_id, s.self_score, s.agreed_score FROM unit_scores s "
            "JOIN criteria c ON c.id = s.criterion_id WHERE c.table_id = ?",
            (table_id,),
        )
    }


def score_details(db: sqlite_utils.Database, table_id: int, unit_id: int) -> dict[int, dict[str, Any]]:
    """criterion id → the unit's row (self, agreed, note, evidence)."""
    return {
        r["criterion_id"]: r
        for r in db.query(
            "SELECT s.* FROM unit_scores s JOIN criteria c ON c.id = s.criterion_id WHERE c.table_id = ? "
            "AND s.unit_id = ?",
            (table_id, unit_id),
        )
    }


def ranking(
    db: sqlite_utils.Database, table_id: int, votes: dict[int, int] | None = None
) -> list[UnitResult]:
    """The member units of the table's year, ranked: totals of the agreed scores (the
    self-score where none was agreed), then the table's tie rule."""
    table = rows.get(db, "scoring_tables", table_id)
    members = {m["id"]: m["name"] for m in units.members(db, table["cluster_id"], table["year"])}
    results = scoring.totals(criteria(db, table_id), members, scores(db, table_id))
    return scoring.rank(results, table["tie_rule"], votes)


def scored_count(db: sqlite_utils.Database, criterion_id: int) -> int:
    """How many units have a score on this criterion."""
    return db.conn.execute(
        "SELECT count(*) FROM unit_scores WHERE criterion_id = ?", (criterion_id,)
    ).fetchone()[0]


def save_criteria(
    db: sqlite_utils.Database,
    table_id: int,
    items: list[tuple[int | None, dict[str, Any]]],
    removed: list[int],
) -> None:
    """The table's criteria as edited, in this order, in one transaction: ``removed`` ones
    deleted with their scores, the others added or changed (see ``save_criterion``)."""
    with transaction(db):
        _refuse_if_frozen(db, table_id)
        for criterion_id in removed:
            for (score_id,) in db.conn.execute(
                "SELECT id FROM unit_scores WHERE criterion_id = ?", (criterion_id,)
            ).fetchall():
                rows.delete(db, "unit_scores", score_id)
            rows.delete(db, "criteria", criterion_id)
        for position, (criterion_id, values) in enumerate(items, start=1):
            saved = save_criterion(db, table_id, values, criterion_id)
            rows.update(db, "criteria", saved, {"position": position})


def latest_year(db: sqlite_utils.Database) -> int | None:
    """The latest year scored or voted, else the latest year with members."""
    return db.conn.execute(
        "SELECT coalesce((SELECT max(year) FROM scoring_tables), (SELECT max(year) FROM votes), "
        "(SELECT max(year) FROM memberships))"
    ).fetchone()[0]
