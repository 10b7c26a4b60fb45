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
from datetime import date
from pathlib import Path


def import_file(path: Path, unit: str, n: int = 10_000) -> Path:
    """``n`` people in the official layout (title above, "Năm sinh" over Nam / Nữ), with names
    made the way Vietnamese names are (family, middle, given from the sample's lists), a
    position each and a proposal each."""
    import json

    from openpyxl import Workbook

    from thidua_desktop.shipped.files import resource_path

    names = json.loads(resource_path("sample", "names.json").read_text(encoding="utf-8"))
    families = [f for f, _ in names["family"]]
    positions = names["positions"]["police"]
    wb = Workbook()
    ws = wb.active
    ws.append([f"DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM {date.today().year - 1}"])
    ws.append(["STT", "Họ và tên", "Năm sinh", None, "Chức vụ", "Đơn vị", "Hình thức đề nghị"])
    ws.append([None, None, "Nam", "Nữ"])
    seen: set[tuple[str, int]] = set()
    i = 0
    while len(seen) < n:
        female = i % 3 == 0
        middle = names["middle_female" if female else "middle_male"]
        given = names["given_female" if female else "given_male"]
        name = (
            f"{families[i % len(families)]} {middle[(i // 7) % len(middle)]} {given[(i // 3) % len(given)]}"
        )
        year = 1965 + (i * 7) % 35
        i += 1
        if (name, year) not in seen:
            seen.add((name, year))
            ws.append([len(seen), name, None if female else year, year if female else None,
                       positions[i % len(positions)], unit, "Giấy khen"])  # fmt: skip
    wb.save(path)
    return path


def measure_import(db_path: Path, out: Path, runs: int) -> list[tuple[str, str, str]]:
    """What the user waits for, the way the window does it: the file read and checked while
    the copy of the data file is taken alongside (backup.CopyAhead), then, on "Ghi", the
    write. Each run on a fresh copy of the province file. The checkpoint the window runs
    afterwards in a worker, and the copy itself, are shown on their own lines."""
    import os
    import shutil

    from thidua_desktop.reports.excel import importing as excel_import
    from thidua_desktop.store import backup, open_database
    from thidua_desktop.store.db import checkpoint, open_reader

    times: dict[str, list[float]] = {"preview": [], "ready": [], "write": [], "checkpoint": []}
    counts = {}
    for run in range(runs):
        target = out / f"import-{run}.sqlite"
        shutil.copy(db_path, target)
        if run == 0:
            first = open_database(target)  # migrated, if the kept file is older
            unit = first.conn.execute("SELECT name FROM units ORDER BY id LIMIT 1").fetchone()[0]
            first.close()
            xlsx = import_file(out / "import.xlsx", unit)
        start = time.perf_counter()
        ahead = backup.CopyAhead(target, "truoc-nhap")
        reader = open_reader(target)
        rows = excel_import.preview(reader, xlsx)
        reader.close()
        times["preview"].append(time.perf_counter() - start)
        ahead.wait()  # the write starts when the copy is complete: "Ghi" pressed at once
        times["ready"].append(time.perf_counter() - start)
        start = time.perf_counter()
        db = open_database(target)
        counts = excel_import.apply(db, rows)
        times["write"].append(time.perf_counter() - start)
        start = time.perf_counter()
        checkpoint(target)
        times["checkpoint"].append(time.perf_counter() - start)
        db.close()
        shutil.rmtree(backup.backups_dir(target), ignore_errors=True)
        for companion in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
            companion.unlink(missing_ok=True)
        os.sync()
    m = {k: statistics.median(v) for k, v in times.items()}
    written = f"{counts.get('new', 0):,} people + {counts.get('proposals', 0):,} proposals"
    return [
        ("import 10,000 rows: read and check (preview)", f"{m['preview']:.2f} s", ""),
        ("  preview and the copy of the data file taken alongside", f"{m['ready']:.2f} s", ""),
        (f"  write ({written})", f"{m['write']:.2f} s", ""),
        ("import 10,000 rows with preview (copy included)", f"{m['ready'] + m['write']:.2f} s", "≤ 10 s"),
        ("  afterwards, in a worker: the log back into the file", f"{m['checkpoint']:.2f} s", ""),
    ]


def main() -> int:
    from common import arguments, province_db
    from openpyxl import Workbook

    from thidua_desktop.reports.excel import registry as er

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
        from thidua_desktop.store.report_data import exports

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

    for what, value, target in measure_import(args.db, out, args.runs):
        print(f"{what:<58}  {value:>9}  {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
