"""The cluster's papers as entries of the report registry (excel_reports.REPORTS), for the
command line: which cluster and vote ``--year`` and ``--cluster`` mean, and the minutes
written as Excel or PDF by the output file's suffix."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlite_utils

from thidua_desktop.reports.cluster.minutes import write_minutes_pdf, write_minutes_xlsx
from thidua_desktop.reports.cluster.tally import write_tally_xlsx
from thidua_desktop.store.cluster import papers as cluster_papers


def _cluster_of(db: sqlite_utils.Database, opts: Any, need_vote: bool) -> dict[str, Any]:
    if opts.year is None:
        raise ValueError("Cần ghi năm (--year).")
    found = cluster_papers.clusters_of_year(db, opts.year)
    if need_vote:
        found = [c for c in found if c["vote_id"] is not None]
    wanted = getattr(opts, "cluster_id", None)
    if wanted is not None:
        found = [c for c in found if c["id"] == wanted]
    what = "cuộc bỏ phiếu" if need_vote else "bảng điểm hoặc cuộc bỏ phiếu"
    if not found:
        if wanted is not None:
            raise ValueError(f"Khối (mã {wanted}) không có {what} năm {opts.year}.")
        raise ValueError(f"Không khối nào có {what} năm {opts.year}.")
    if len(found) > 1:
        listed = "; ".join(f"{c['id']}: {c['name']}" for c in found)
        raise ValueError(f"Năm {opts.year} có nhiều khối có {what}; chọn một bằng --cluster ({listed}).")
    return found[0]


def tally_report(db: sqlite_utils.Database, out: Path, opts: Any, progress=None, cancelled=None) -> int:
    """Bảng tổng hợp điểm thi đua và kết quả bỏ phiếu: the number of units."""
    cluster = _cluster_of(db, opts, need_vote=False)
    write_tally_xlsx(db, cluster["id"], opts.year, Path(out), getattr(opts, "letterhead", None))
    return len(cluster_papers.year_papers(db, cluster["id"], opts.year).names)


def minutes_report(db: sqlite_utils.Database, out: Path, opts: Any, progress=None, cancelled=None) -> int:
    """Biên bản bình xét: .pdf gives the PDF, anything else the Excel sheet; the number of
    units on the ballot."""
    cluster = _cluster_of(db, opts, need_vote=True)
    out = Path(out)
    write = write_minutes_pdf if out.suffix.lower() == ".pdf" else write_minutes_xlsx
    write(db, cluster["vote_id"], out)
    return len(cluster_papers.minutes(db, cluster["vote_id"]).candidates)
