"""Speed of the rules on the province-scale sample: eligibility of one proposal, and
suggesting nominees for an award and a year.

    python bench/rules.py [--db PATH]   (PATH made with the sample generator if missing)"""

from __future__ import annotations

import statistics
import sys
import time


def main() -> int:
    from common import arguments, print_table, province_db

    from thidua_desktop.store import desk_settings
    from thidua_desktop.store.records import nominees

    args = arguments(__doc__)
    db = province_db(args.db)
    settings = desk_settings.load(db)
    ids = [r[0] for r in db.conn.execute("SELECT id FROM proposals ORDER BY id LIMIT 200")]
    times = []
    for pid in ids:
        start = time.perf_counter()
        nominees.findings_for_proposal(db, pid, settings)
        times.append((time.perf_counter() - start) * 1000)
    rows = [("eligibility of one proposal (median of 200)", f"{statistics.median(times):.1f} ms", "≤ 20 ms")]
    for award in ("CSTDT", "BK_TINH", "CSTT", "LDTT", "CSTDCS"):
        took = []
        for _ in range(3):
            start = time.perf_counter()
            found = nominees.suggest(db, award, 2025, settings)
            took.append(time.perf_counter() - start)
        rows.append((f"suggest nominees, {award} 2025 ({len(found):,} found), median of 3",
                     f"{statistics.median(took):.2f} s", "≤ 2 s"))  # fmt: skip
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
