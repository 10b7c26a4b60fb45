"""Find by paper: a decision or submission number ("261/QĐ-UBND", "15/TTr-STP") finds
the attachments that carry it, the proposals decided or submitted under it, and the people
and units it covers (from proposals, from awards entered from paper, from initiatives
recognised by it).

Numbers are compared folded and without punctuation or spaces, so "261/QD-UBND",
"261 QĐ UBND" and "261/qđ-ubnd" all find "261/QĐ-UBND"; a number is not found inside a
longer one ("61/QĐ-UBND" does not find "261/QĐ-UBND"). The distinct numbers of a column
are narrowed in SQL by the query's digits (a number is always written with the same
digits) and folded in Python once each (one decision covers thousands of rows); the rows
are then read by those exact numbers. Lists are capped (``limit``), with the totals."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from thidua_desktop.domain.text import fold
from thidua_desktop.rules.catalogue import award_name
from thidua_desktop.store.listing import unit_name_in_year

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_DIGITS = re.compile(r"\d+")
LIMIT = 1000


def compact(text: str | None) -> str:
    """Folded, letters and digits only: "261/QĐ-UBND" -> "261qdubnd"."""
    return _NOT_ALNUM.sub("", fold(text or ""))


def number_matches(value: str | None, query: str) -> bool:
    """True when the paper number ``value`` contains ``query`` (folded, punctuation
    ignored) not as part of a longer number."""
    needle, hay = compact(query), compact(value)
    if not needle:
        return False
    start = hay.find(needle)
    while start >= 0:
        end = start + len(needle)
        before_ok = start == 0 or not (needle[0].isdigit() and hay[start - 1].isdigit())
        after_ok = end == len(hay) or not (needle[-1].isdigit() and hay[end].isdigit())
        if before_ok and after_ok:
            return True
        start = hay.find(needle, start + 1)
    return False


def _narrow(column: str, query: str) -> tuple[str, list[Any]]:
    """A SQL condition that keeps every row whose ``column`` may match: it holds the
    query's longest run of digits (or is not empty, for a query without digits)."""
    digits = max(_DIGITS.findall(query), key=len, default="")
    if digits:
        return f"instr({column}, ?) > 0", [digits]
    return f"{column} <> ''", []


def _numbers(db, table: str, column: str, query: str) -> list[str]:
    """The distinct numbers written in ``table.column`` that match: numbers repeat (one
    decision covers thousands of rows), so each is folded once."""
    where, params = _narrow(column, query)
    found = db.conn.execute(f"SELECT DISTINCT {column} FROM {table} WHERE {where}", params)
    return [value for (value,) in found if number_matches(value, query)]


def _in(values: list) -> str:
    return f"({', '.join('?' * len(values))})" if values else "(NULL)"


@dataclass
class PaperHits:
    query: str
    proposals: list[dict[str, Any]] = field(default_factory=list)  # the first ``limit``, in list order
    people: list[dict[str, Any]] = field(default_factory=list)  # individuals, then units
    attachments: list[dict[str, Any]] = field(default_factory=list)
    proposals_total: int = 0
    people_total: int = 0

    @property
    def empty(self) -> bool:
        return not (self.proposals or self.people or self.attachments)


_NOMINEE = f"coalesce(i.full_name, {unit_name_in_year('p.unit_id', 'p.year')})"
_UNIT = unit_name_in_year("coalesce(p.unit_id, i.unit_id)", "p.year")


def find_paper(db: sqlite_utils.Database, text: str, *, limit: int = LIMIT) -> PaperHits:
    """What the paper numbered ``text`` covers. Lists hold at most ``limit`` rows each;
    ``proposals_total`` and ``people_total`` say how many there are in all."""
    hits = PaperHits(text)
    if not compact(text):
        return hits
    decided = _numbers(db, "proposals", "decision_number", text)
    submitted = _numbers(db, "proposals", "submission_number", text)
    awarded = _numbers(db, "awards", "decision_number", text)
    recognised = _numbers(db, "initiatives", "decision_number", text)
    # the matching proposals as a set of ids: the decision numbers through their index, the
    # submission numbers (no index, rarely set) by one scan; never an OR, which defeats both
    matched_sql = f"SELECT id FROM proposals WHERE decision_number IN {_in(decided)}"
    if submitted:
        matched_sql += f" UNION SELECT id FROM proposals WHERE submission_number IN {_in(submitted)}"
    numbers = [*decided, *submitted] if submitted else decided
    by_number = f"p.id IN ({matched_sql})"

    # proposals decided or submitted under the number: ids in list order, details for the shown
    hits.proposals_total = db.conn.execute(f"SELECT count(*) FROM ({matched_sql})", numbers).fetchone()[0]
    # dense (a province's decision of thousands): walk the sort index, the first rows come at
    # once; sparse: find the few by id and sort them
    walk = "INDEXED BY proposals_sort " if hits.proposals_total > 20 * limit else ""
    order = f"SELECT p.id FROM proposals p {walk}WHERE {by_number} ORDER BY p.sort_key, p.id LIMIT ?"
    ids = [r[0] for r in db.conn.execute(order, [*numbers, limit])]
    shown = ids
    if shown:
        details = {
            r["id"]: r
            for r in db.query(
                "SELECT p.id, p.subject, p.individual_id, p.unit_id, p.year, p.award_code, p.awarded_code, p.status, "
                "p.decision_number, p.decision_date, p.submission_number, p.submission_date, "
                f"{_NOMINEE} AS nominee, {_UNIT} AS unit_name "
                f"FROM proposals p LEFT JOIN individuals i ON i.id = p.individual_id WHERE p.id IN {_in(shown)}",
                shown,
            )
        }
        for pid in shown:
            r = details[pid]
            matched = (
                f"quyết định {r['decision_number']}"
                if r["decision_number"] in decided
                else f"tờ trình {r['submission_number']}"
            )
            hits.proposals.append({**r, "matched": matched})

    # the people and units covered: by those proposals, by awards entered from paper (or
    # written by a decision), by initiatives the number recognised
    covered_people = (
        f"SELECT p.individual_id FROM proposals p WHERE {by_number} AND p.individual_id IS NOT NULL "
        f"UNION SELECT individual_id FROM awards WHERE decision_number IN {_in(awarded)} AND individual_id IS NOT NULL "
        f"UNION SELECT individual_id FROM initiatives WHERE decision_number IN {_in(recognised)}"
    )
    covered_units = (
        f"SELECT p.unit_id FROM proposals p WHERE {by_number} AND p.unit_id IS NOT NULL "
        f"UNION SELECT unit_id FROM awards WHERE decision_number IN {_in(awarded)} AND unit_id IS NOT NULL"
    )
    people_params = [*numbers, *awarded, *recognised]
    unit_params = [*numbers, *awarded]
    hits.people_total = (
        db.conn.execute(f"SELECT count(*) FROM ({covered_people})", people_params).fetchone()[0]
        + db.conn.execute(f"SELECT count(*) FROM ({covered_units})", unit_params).fetchone()[0]
    )
    people: dict[tuple[str, int], dict[str, Any]] = {}
    for r in db.query(
        "SELECT i.id, i.full_name AS name, u.name AS unit_name FROM individuals i LEFT JOIN units u ON u.id = i.unit_id "
        f"WHERE i.id IN ({covered_people}) ORDER BY i.sort_key, i.id LIMIT ?",
        [*people_params, limit],
    ):
        people[("ca_nhan", r["id"])] = {"kind": "ca_nhan", "id": r["id"], "name": r["name"],
                                        "unit": r["unit_name"] or "", "via": [], "proposal_id": None}  # fmt: skip
    for r in db.query(
        f"SELECT u.id, u.name FROM units u WHERE u.id IN ({covered_units}) ORDER BY u.sort_key, u.id LIMIT ?",
        [*unit_params, max(0, limit - len(people))],
    ):
        people[("tap_the", r["id"])] = {"kind": "tap_the", "id": r["id"], "name": r["name"], "unit": r["name"],
                                        "via": [], "proposal_id": None}  # fmt: skip

    def note(kind: str, row_id: int, via: str, proposal_id: int | None = None) -> None:
        entry = people.get((kind, row_id))
        if entry is not None:
            if via not in entry["via"]:
                entry["via"].append(via)
            entry["proposal_id"] = entry["proposal_id"] or proposal_id

    person_ids = [k[1] for k in people if k[0] == "ca_nhan"]
    unit_ids = [k[1] for k in people if k[0] == "tap_the"]
    if people:
        for r in db.query(
            "SELECT p.id, p.subject, p.individual_id, p.unit_id, p.year, p.award_code, p.awarded_code, "
            "p.decision_number, p.submission_number FROM proposals p "
            f"WHERE (p.individual_id IN {_in(person_ids)} OR p.unit_id IN {_in(unit_ids)}) AND {by_number} "
            "ORDER BY p.id",
            [*person_ids, *unit_ids, *numbers],
        ):
            what = f"{award_name(r['awarded_code'] or r['award_code'])} năm {r['year']}"
            kind, row_id = (
                ("ca_nhan", r["individual_id"]) if r["subject"] == "ca_nhan" else ("tap_the", r["unit_id"])
            )
            if r["decision_number"] in decided:
                note(kind, row_id, f"quyết định {r['decision_number']}: {what}", r["id"])
            if r["submission_number"] in submitted:
                note(kind, row_id, f"tờ trình {r['submission_number']}: {what}", r["id"])
        for r in db.query(
            "SELECT individual_id, unit_id, year, award_code, decision_number, proposal_id FROM awards "
            f"WHERE (individual_id IN {_in(person_ids)} OR unit_id IN {_in(unit_ids)}) "
            f"AND decision_number IN {_in(awarded)} ORDER BY year, id",
            [*person_ids, *unit_ids, *awarded],
        ):
            kind, row_id = (
                ("ca_nhan", r["individual_id"]) if r["individual_id"] else ("tap_the", r["unit_id"])
            )
            note(kind, row_id, f"quyết định {r['decision_number']}: {award_name(r['award_code'])} năm {r['year']}",
                 r["proposal_id"])  # fmt: skip
        for r in db.query(
            f"SELECT individual_id, title, decision_number FROM initiatives WHERE individual_id IN {_in(person_ids)} "
            f"AND decision_number IN {_in(recognised)} ORDER BY year, id",
            [*person_ids, *recognised],
        ):
            note("ca_nhan", r["individual_id"], f"công nhận sáng kiến {r['decision_number']}: {r['title']}")
    hits.people = list(people.values())

    # attachments carrying the number (or naming it in their title or file name)
    from thidua_desktop.store.dossier import attachments  # the owner's words, read the same way as the lists

    found_ids: list[int] = []
    for column in ("doc_number", "title", "file_name"):
        values = _numbers(db, "attachments", column, text)
        if values:
            for (row_id,) in db.conn.execute(
                f"SELECT id FROM attachments WHERE {column} IN {_in(values)} ORDER BY id", values
            ):
                if row_id not in found_ids:
                    found_ids.append(row_id)
    if found_ids:
        hits.attachments = attachments.listing(db, ids=found_ids[:limit])
    return hits
