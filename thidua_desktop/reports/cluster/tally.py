"""The cluster's scoring tally and voting result as an Excel report in the house style
(issue 6, point 2): one sheet of units × groups with the self-scored and agreed totals,
the rank and how ties were broken; one sheet of the vote (votes per unit with percentages
and what they lack, the ballot count and whether it reconciles, the result). The figures
are those of ``voting.standing``, as on the screen and in the minutes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlite_utils

from thidua_desktop.reports.cluster.figures import (
    DRAFT,
    RACE_HEADS,
    group_label,
    letterhead_for,
    outcome,
    races,
    result_lines,
)  # fmt: skip
from thidua_desktop.reports.excel.house import Column, HouseWorkbook, Section
from thidua_desktop.reports.letterhead import Letterhead, of_db
from thidua_desktop.reports.papers.blocks import vn_decimal
from thidua_desktop.rules.scoring import ItemKind, describe_tie_rule
from thidua_desktop.rules.voting import Race
from thidua_desktop.store.cluster import papers as cluster_papers
from thidua_desktop.store.cluster.papers import YearPapers

SCORES_SHEET, VOTE_SHEET = "Bảng điểm", "Kết quả bỏ phiếu"


def _unit_notes(papers: YearPapers) -> dict[int, str]:
    notes: dict[int, list[str]] = {}
    for r in papers.ranked:
        if r.tie_note:
            notes.setdefault(r.unit_id, []).append(r.tie_note)
        if r.missing:
            notes.setdefault(r.unit_id, []).append(f"{r.missing} mục chưa thống nhất, tính theo điểm tự chấm")
    return {u: "; ".join(n) for u, n in notes.items()}


def _scores_sheet(book: HouseWorkbook, papers: YearPapers) -> int:
    groups = papers.groups
    columns = [Column("Hạng", 7, "int"), Column("Đơn vị", 32)]
    columns += [Column(group_label(g), 8, "center", group="Điểm theo nhóm tiêu chí") for g in groups]
    columns += [Column("Tự chấm", 9, "center", group="Tổng điểm"), Column("Thống nhất", 10, "center", group="Tổng điểm"),
                Column("Ghi chú", 34)]  # fmt: skip
    notes = _unit_notes(papers)
    rows = [[r.rank, r.name, *(round(r.by_group.get(g.code, 0.0), 2) for g in groups), round(r.self_total, 2),
             round(r.total, 2), notes.get(r.unit_id, "")] for r in papers.ranked]  # fmt: skip
    pad = [None] * (len(groups) + 2)
    legend = [[None, f"{group_label(g)} – {g.title}" if g.title else group_label(g), *pad,
               f"{'trừ ' if g.kind is ItemKind.MINUS else ''}tối đa {vn_decimal(g.max_points)} điểm"] for g in groups]  # fmt: skip
    rule = describe_tie_rule(papers.table["tie_rule"]) if papers.table else ""
    subtitle = f"{papers.cluster['name']}; bằng tổng điểm thì xếp theo: {rule}"
    if papers.vote is not None and not papers.closed:
        subtitle = f"{DRAFT}. {subtitle}"
    return book.sheet(SCORES_SHEET, f"BẢNG TỔNG HỢP ĐIỂM THI ĐUA NĂM {papers.year}", columns,
                      [Section("", rows), Section("NHÓM TIÊU CHÍ", legend)], subtitle=subtitle)  # fmt: skip


def _vote_sheet(book: HouseWorkbook, papers: YearPapers) -> int:
    t, res = papers.tally, papers.result
    assert t is not None and res is not None
    shown = races(t)
    columns = [Column("TT trên phiếu", 7, "int"), Column("Đơn vị", 32)]
    for race in shown:
        columns += [Column("Số phiếu", 8, "int", group=RACE_HEADS[race]),
                    Column("Tỷ lệ", 8, "percent", group=RACE_HEADS[race]),
                    Column("Kết quả", 17, "center", group=RACE_HEADS[race])]  # fmt: skip
    blank = [None] * (3 * len(shown))

    def unit_row(c: dict[str, Any], only: Race | None = None) -> list[Any]:
        row: list[Any] = [c["position"], c["name"]]
        for race in shown:
            if only is None or race is only:
                u = c["unit_id"]
                row += [t.count(race, u), round(t.percent(race, u) / 100, 6), outcome(t, res, race, u)]
            else:
                row += [None, None, ""]
        return row

    units = [unit_row(c) for c in papers.candidates]
    counts = [[None, text, n, *blank[1:]] for text, n in (
        ("Số phiếu phát ra", t.rules.issued), ("Số phiếu thu về", t.returned), ("Số phiếu hợp lệ", t.valid),
        ("Phiếu trắng", t.blank), ("Phiếu hỏng", t.spoiled),
        (f"Số phiếu cần để được chọn ({t.rules.describe()})", t.needed))]  # fmt: skip
    counts.append(
        [None, "Đối chiếu số phiếu", None, None, "Khớp" if t.reconciled else "Không khớp", *blank[3:]]
    )
    counts += [[None, f"Không khớp: {p}", *blank] for p in t.problems]
    by_unit = {c["unit_id"]: c for c in papers.candidates}
    result = []
    if res.leading is not None:
        result.append(unit_row(by_unit[res.leading], Race.LEADING))
    result += [unit_row(by_unit[u], Race.COMMEND) for u in res.commend]
    # the chosen units stand above in their rows; in words only what no row shows
    result += [[None, line.removeprefix("- "), *blank] for line in result_lines(papers)
               if line.startswith("- Không có") or line.removeprefix("- ") in res.notes]  # fmt: skip
    subtitle = papers.cluster["name"] + ("" if papers.closed else f". {DRAFT}")
    n = book.sheet(VOTE_SHEET, f"KẾT QUẢ BỎ PHIẾU BÌNH XÉT THI ĐUA NĂM {papers.year}", columns,
                   [Section("", units), Section("KIỂM PHIẾU", counts), Section("KẾT QUẢ", result)],
                   subtitle=subtitle)  # fmt: skip
    return n


def write_tally_xlsx(
    db: sqlite_utils.Database, cluster_id: int, year: int, out: Path, letterhead: Letterhead | None = None
) -> Path:
    """The scoring tally of the cluster's year (and the vote's result, when there is a
    vote) as an Excel file in the house style."""
    papers = cluster_papers.year_papers(db, cluster_id, year)
    book = HouseWorkbook(
        out,
        letterhead or letterhead_for(papers, kind="BTH", base=of_db(db, year=year, cluster_id=cluster_id)),
    )
    if papers.table is not None:
        _scores_sheet(book, papers)
    if papers.vote is not None:
        _vote_sheet(book, papers)
    return book.save()
