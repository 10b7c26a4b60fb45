"""The benchmark table: every figure of the speed targets on the province-scale sample
(100,000 people, 200,000 proposals), made once from the sample generator and kept.

    python bench/run.py [--db PATH]

Runs each measurement in its own process (memory is per process), the floors side by side
in the same run, and prints one table. A few minutes on 2 cores."""

from __future__ import annotations

import platform
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent


def reference_loop() -> float:
    """The machine's speed in one number, printed with the table: shared and virtual
    machines vary from day to day, and the absolute targets depend on it."""
    times = []
    for _ in range(3):
        start = time.perf_counter()
        total = 0
        for i in range(10_000_000):
            total += i
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def compiled_package() -> None:
    """Byte-compile the package first, as pip does when it installs it and PyInstaller when
    it bundles it: a source checkout run with PYTHONDONTWRITEBYTECODE (as this machine's
    environment sets) would otherwise compile every module on every start (~0.3 s) and the
    start-up figure would measure the compiler, not the program."""
    import compileall

    compileall.compile_dir(str(HERE.parent / "thidua_desktop"), quiet=1)


def cold_start(db: Path, runs: int = 7, until: str = "frame") -> tuple[float, float]:
    """The whole process a user starts (``thidua-desktop --db F``, the installed entry point)
    until the main window's first frame is painted (the program exits there when
    THIDUA_EXIT_WHEN_PAINTED is set), alternating run by run with the bare PySide6 window, so
    both meet the same moment of the machine; the medians."""
    import os
    import shutil

    compiled_package()
    entry = shutil.which("thidua-desktop") or str(Path(sys.executable).parent / "thidua-desktop")
    env = {**os.environ, "THIDUA_EXIT_WHEN_PAINTED": until,
           "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}  # fmt: skip
    ours, bare = [], []
    for _ in range(runs):
        for command, times in (([entry, "--db", str(db)], ours),
                               ([sys.executable, str(HERE / "cold_start.py"), "--bare"], bare)):  # fmt: skip
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, env=env)
            times.append(time.perf_counter() - start)
    return statistics.median(ours), statistics.median(bare)


def table_of(script: str, *args: str) -> list[tuple[str, str, str]]:
    """The rows another bench script printed: what, measured, target."""
    out = subprocess.run(
        [sys.executable, str(HERE / script), *args], check=True, capture_output=True, text=True
    )
    rows = []
    for line in out.stdout.splitlines()[1:]:
        cells = re.split(r"\s{2,}", line.strip())
        if cells and cells[0]:
            rows.append((cells[0], cells[1] if len(cells) > 1 else "", cells[2] if len(cells) > 2 else ""))
    return rows


def main() -> int:
    sys.path.insert(0, str(HERE))
    from common import arguments, print_table, province_db

    args = arguments(__doc__)
    province_db(args.db).close()
    ours, bare = cold_start(args.db)
    listed, _bare = cold_start(args.db, until="list")
    rows = [
        (
            "cold start: `thidua-desktop --db F` to the main window's first frame (tabs, menus, "
            "“Đang mở tệp dữ liệu…”)",
            f"{ours:.2f} s",
            "≤ 1.5 s",
        ),
        ("  the same, bare PySide6 window with four empty tabs (alternating)", f"{bare:.2f} s", ""),
        ("  ratio", f"{ours / bare:.1f}×", "≤ 2×"),
        ("  to the file opened and the shown tab's list painted", f"{listed:.2f} s", ""),
    ]
    rows += table_of("tabs.py", "--db", str(args.db))
    rows += table_of("rules.py", "--db", str(args.db))
    rows += table_of("excel.py", "--db", str(args.db), "--runs", "1")
    rows += table_of("import_big.py", "--db", str(args.db))
    rows += table_of("certificates.py", "--db", str(args.db))
    rows += table_of("dialogs.py", "--db", str(args.db))
    print(
        f"machine: {platform.machine()}, {platform.system()} {platform.release()}, Python {platform.python_version()}"
    )
    print(f"machine speed: a pure-Python loop of 10 million additions takes {reference_loop():.2f} s "
          "(about 0.5–0.7 s on a current desktop CPU); the absolute figures scale with it, the ratios do not")  # fmt: skip
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
