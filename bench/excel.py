"""Export speed: 100,000 proposal rows to the house-style xlsx, side by side with bare
openpyxl write-only writing the same cells (values only) in the same run.

    python bench/excel.py [--db PATH] [--runs N]

openpyxl writes its XML through lxml when lxml is installed and through the standard
library (et_xmlfile) otherwise; the table says which. ``OPENPYXL_LXML=False`` measures
the standard-library writer with lxml installed."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    from common import arguments, province_db
    from openpyxl import Workbook

    from thidua_desktop.reports import excel_reports as er
    from thidua_desktop.store import open_database

    args = arguments(__doc__, runs=(int, 3))
    db = province_db(args.db)
    out = Path(tempfile.mkdtemp())
    ours, bare = [], []
    rows = 0
    for _ in range(args.runs):
        start = time.perf_counter()
        rows = er.proposal_list(db, out / "ours.xlsx", er.Options(year=2025))
        ours.append(time.perf_counter() - start)
        # the same cells, read back from our file's data source, written bare
        start = time.perf_counter()
        wb = Workbook(write_only=True)
        ws = wb.create_sheet()
        from thidua_desktop.store import exports

        for subject in ("tap_the", "ca_nhan"):
            for n, p in enumerate(exports.proposal_rows(db, subject, year=2025), start=1):
                ws.append([n, p["full_name"] or p["unit_name"], p["birth_year"], None, p["position"],
                           p["ethnicity"], p["award_code"], p["summary"], p["status"]])  # fmt: skip
        wb.save(out / "bare.xlsx")
        bare.append(time.perf_counter() - start)
    o, b = statistics.median(ours), statistics.median(bare)
    from openpyxl import LXML

    print(f"openpyxl writes XML with {'lxml' if LXML else 'the standard library (et_xmlfile)'}")
    print(f"{'what':<58}  {'measured':>9}  target")
    print(f"{f'export {rows:,} proposal rows, house style':<58}  {o:>7.2f} s")
    print(f"{'the same cells, bare openpyxl write-only (same query)':<58}  {b:>7.2f} s")
    print(f"{'ratio':<58}  {o / b:>8.2f}×  ≤ 1.3×")

    # import: 10,000 rows in the official layout, preview then write, on a copy
    import shutil

    from openpyxl import Workbook as Plain

    from thidua_desktop.reports import excel_import

    copy = out / "copy.sqlite"
    shutil.copy(args.db, copy)
    target = open_database(copy)
    unit = target.conn.execute("SELECT name FROM units ORDER BY id LIMIT 1").fetchone()[0]
    wb = Plain()
    ws = wb.active
    ws.append(["DANH SÁCH"])
    ws.append(["STT", "Họ và tên", "Năm sinh", None, "Chức vụ", "Đơn vị", "Hình thức đề nghị"])
    ws.append([None, None, "Nam", "Nữ"])
    for i in range(10_000):
        ws.append([i + 1, f"Người Thử {i}", 1970 + i % 30, None, "Chuyên viên", unit, "Giấy khen"])
    wb.save(out / "import.xlsx")
    start = time.perf_counter()
    rows_ = excel_import.preview(target, out / "import.xlsx")
    previewed = time.perf_counter() - start
    excel_import.apply(target, rows_)
    total = time.perf_counter() - start
    print(f"{'import 10,000 rows: preview':<58}  {previewed:>7.2f} s")
    print(f"{'import 10,000 rows: preview and write':<58}  {total:>7.2f} s  ≤ 10 s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
