"""A province's whole list in one file: 200,000 people in the layout offices send (title with
the year, a one-row header "Năm sinh Nam | Năm sinh Nữ", the column-number row, the closing
lines), previewed and written into a copy of the province sample, as the window does it.

    python bench/import_big.py [--db PATH] [--rows N]

Prints the preview, the write and the process's peak memory (issue 23, point 6: preview under
30 s, write under 60 s on this machine; memory grows with the list's cells only)."""

from __future__ import annotations

import itertools
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path


def big_list(path: Path, units: list[str], n: int) -> Path:
    """``n`` different people (family, middle and given names from the sample's lists, a birth
    year each), written with openpyxl's streaming writer."""
    from openpyxl import Workbook

    from thidua_desktop.shipped.files import resource_path

    names = json.loads(resource_path("sample", "names.json").read_text(encoding="utf-8"))
    families = [f for f, _ in names["family"]]
    male = itertools.product(names["given_male"], names["middle_male"], families, range(1966, 2001))
    female = itertools.product(names["given_female"], names["middle_female"], families, range(1966, 2001))
    awards = ["Lao động tiên tiến", "CSTĐ cơ sở", "Giấy khen", "BK UBND tỉnh"]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Danh sách")
    ws.append(["ỦY BAN NHÂN DÂN TỈNH"])
    ws.append([None, None, None, None, "Ngày 10 tháng 12 năm 2026"])
    ws.append(["DANH SÁCH ĐỀ NGHỊ CÔNG NHẬN DANH HIỆU THI ĐUA NĂM 2026"])
    ws.append(["STT", "Họ và tên", "Năm sinh Nam", "Năm sinh Nữ", "Chức vụ", "Đơn vị", "Hình thức đề nghị"])
    ws.append([f"({k})" for k in range(1, 8)])
    for i in range(n):
        is_female = i % 3 == 0
        given, middle, family, year = next(female if is_female else male)
        ws.append([i + 1, f"{family} {middle} {given}", None if is_female else year, year if is_female else None,
                   "Chuyên viên", units[i % len(units)], awards[i % len(awards)]])  # fmt: skip
    ws.append([])
    ws.append([None, f"Danh sách này có {n} cá nhân./."])
    ws.append([None, "Nơi nhận:", None, None, "GIÁM ĐỐC"])
    wb.save(path)
    _state_dimension(path, f"A1:G{n + 8}")
    return path


def _state_dimension(path: Path, ref: str) -> None:
    """Write the sheet's size into it, as Excel does (openpyxl's streaming writer leaves it out,
    and a reader then scans the whole sheet once more to learn it)."""
    import zipfile

    sheet = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    xml = parts[sheet].decode("utf-8")
    at = min(
        i for i in (xml.find(t) for t in ("<sheetViews", "<sheetFormatPr", "<cols", "<sheetData")) if i >= 0
    )
    parts[sheet] = (xml[:at] + f'<dimension ref="{ref}"/>' + xml[at:]).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def main() -> int:
    sys.path.insert(0, str(Path(__file__).parent))
    from common import arguments, print_table, province_db

    from thidua_desktop.reports.excel import importing as excel_import
    from thidua_desktop.store import open_database
    from thidua_desktop.store.db import checkpoint, open_reader

    args = arguments(__doc__, rows=(int, 200_000))
    province_db(args.db).close()
    out = Path(tempfile.mkdtemp())
    target = out / "import.sqlite"
    shutil.copy(args.db, target)
    db = open_database(target)  # migrated, if the kept file is older
    units = [r[0] for r in db.conn.execute("SELECT name FROM units ORDER BY id LIMIT 40")]
    db.close()
    xlsx = big_list(out / "big.xlsx", units, args.rows)
    size = xlsx.stat().st_size
    start = time.perf_counter()
    reader = open_reader(target)
    rows = excel_import.preview(reader, xlsx)
    reader.close()
    preview = time.perf_counter() - start
    preview_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    bad = [r.reason for r in rows if r.action == "error"][:3]
    start = time.perf_counter()
    db = open_database(target)
    counts = excel_import.apply(db, rows)
    write = time.perf_counter() - start
    db.close()
    checkpoint(target)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    shutil.rmtree(out, ignore_errors=True)
    n = f"{args.rows:,}"
    print_table([
        (f"import {n} rows ({size / 1_048_576:.0f} MB .xlsx): read and check (preview)", f"{preview:.1f} s", "≤ 30 s"),
        (f"  write ({counts['new']:,} people + {counts['proposals']:,} proposals)", f"{write:.1f} s", "≤ 60 s"),
        ("  peak memory of the process: after the preview / after the write", f"{preview_peak:.0f} / {peak:.0f} MB", ""),
    ])  # fmt: skip
    if bad:
        print("errors:", *bad, sep="\n  ", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
