"""The benchmark measures what its table says: each script run on a copy of the cluster sample
(small, so quick), its rows read back and checked against the data. Timings are not checked
here (they belong to bench/run.py and the README), only that the work timed was the work named."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from thidua_desktop.store import desk_settings, open_database
from thidua_desktop.store.records import nominees

BENCH = Path(__file__).parent.parent / "bench"


def run_bench(script: str, *args: str) -> dict[str, str]:
    """The rows a bench script printed, as {what: measured}."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, str(BENCH / script), *args], capture_output=True, text=True, env=env, timeout=600
    )
    assert out.returncode == 0, out.stderr[-2000:]
    rows = {}
    for line in out.stdout.splitlines():
        cells = re.split(r"\s{2,}", line.strip())
        if len(cells) >= 2 and cells[0] != "what":
            rows[cells[0]] = cells[1]
    return rows


def find(rows: dict[str, str], pattern: str) -> tuple[re.Match, str]:
    """The row whose label matches ``pattern``, and its figure."""
    for what, value in rows.items():
        match = re.search(pattern, what)
        if match:
            return match, value
    raise AssertionError(f"no row like {pattern!r} in {list(rows)}")


def number(text: str) -> int:
    return int(text.replace(",", ""))


@pytest.fixture
def bench_db(sample_path, tmp_path):
    copy = tmp_path / "bench.sqlite"
    shutil.copy(sample_path, copy)
    return copy


def counts(path: Path) -> dict[str, int]:
    db = open_database(path)
    try:
        return {
            t: db.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("individuals", "proposals")
        }
    finally:
        db.close()


def test_rules_bench_suggests_what_the_rules_suggest(bench_db):
    rows = run_bench("rules.py", "--db", str(bench_db))
    db = open_database(bench_db)
    settings = desk_settings.load(db)
    for award in ("CSTT", "LDTT", "CSTDCS"):
        match, value = find(rows, rf"suggest nominees, {award} 2025 \(([\d,]+) found\)")
        assert number(match.group(1)) == len(nominees.suggest(db, award, 2025, settings)), award
        assert value.endswith(" s")
    _match, value = find(rows, r"eligibility of one proposal")
    assert value.endswith(" ms")
    db.close()


def test_excel_bench_exports_the_year_and_imports_ten_thousand_rows_on_a_copy(bench_db):
    before = counts(bench_db)
    rows = run_bench("excel.py", "--db", str(bench_db), "--runs", "1")
    db = open_database(bench_db)
    year_rows = db.conn.execute("SELECT count(*) FROM proposals WHERE year = 2025").fetchone()[0]
    db.close()
    match, _value = find(rows, r"export ([\d,]+) proposal rows, house style")
    assert number(match.group(1)) == year_rows  # the year's proposals, each a row
    _match, ratio = find(rows, r"^ratio$")
    assert ratio.endswith("×")
    match, _value = find(rows, r"write \(([\d,]+) people \+ ([\d,]+) proposals\)")
    assert number(match.group(2)) == 10_000  # one proposal per row of the file: every row written
    assert 9_900 <= number(match.group(1)) <= 10_000  # the others matched people of the sample
    _match, total = find(rows, r"import 10,000 rows with preview \(copy included\)")
    assert total.endswith(" s")
    assert counts(bench_db) == before  # the bench imported into a copy


def test_bench_import_file_is_the_official_layout_with_real_names(tmp_path):
    sys.path.insert(0, str(BENCH))
    try:
        import excel as bench_excel
    finally:
        sys.path.remove(str(BENCH))
    from openpyxl import load_workbook

    path = bench_excel.import_file(tmp_path / "ds.xlsx", "Công an tỉnh", n=300)
    ws = load_workbook(path).active
    assert [c.value for c in ws[2]][:3] == ["STT", "Họ và tên", "Năm sinh"] and ws["C3"].value == "Nam"
    people = [r for r in ws.iter_rows(min_row=4, values_only=True)]
    assert len(people) == 300 and len({(r[1], r[2] or r[3]) for r in people}) == 300
    assert all(len(r[1].split()) >= 3 and (r[2] is None) != (r[3] is None) for r in people)


def test_certificates_bench_draws_the_records_it_names(bench_db):
    rows = run_bench("certificates.py", "--db", str(bench_db), "--runs", "1", "--count", "40")
    db = open_database(bench_db)
    approved = db.conn.execute(
        "SELECT count(*) FROM proposals WHERE status IN ('da_khen', 'da_cap_bang')"
    ).fetchone()[0]
    db.close()
    match, _value = find(rows, r"([\d,]+) certificates into one PDF")
    assert number(match.group(1)) == min(40, approved) > 0
    match, _value = find(rows, r"preflight of the ([\d,]+)")
    assert number(match.group(1)) == min(40, approved)


def test_cold_start_loads_neither_openpyxl_nor_reportlab(bench_db):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    ours = subprocess.run(
        [sys.executable, str(BENCH / "cold_start.py"), str(bench_db)], capture_output=True, text=True, env=env
    )
    assert ours.returncode == 0 and "False False" in ours.stderr  # what run.py times is the start alone
    bare = subprocess.run(
        [sys.executable, str(BENCH / "cold_start.py"), "--bare"], env=env, capture_output=True
    )
    assert bare.returncode == 0


def test_tabs_bench_measures_every_tab_and_the_suggest_dialog(bench_db):
    rows = run_bench("tabs.py", "--db", str(bench_db))
    for title in ("Đơn vị thành viên", "Phong trào thi đua", "Cá nhân điển hình", "Đề nghị khen thưởng"):
        _match, value = find(rows, rf"open tab “{title}”")
        assert value.endswith(" ms")
    match, _value = find(rows, r"suggest LĐTT 2025 in the dialog, Tìm to ([\d,]+) rows painted")
    db = open_database(bench_db)
    assert number(match.group(1)) == len(nominees.suggest(db, "LDTT", 2025, desk_settings.load(db)))
    db.close()
    _match, memory = find(rows, r"resident memory")
    assert memory.endswith(" MB")
