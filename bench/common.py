"""What the benchmark scripts share: the province-scale database, made once and kept."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

DEFAULT_DB = Path(tempfile.gettempdir()) / "thidua-province.sqlite"


def arguments(doc: str, **extra) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=doc)
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help="province sample (made if missing)")
    for name, (kind, default) in extra.items():
        parser.add_argument(f"--{name}", type=kind, default=default)
    return parser.parse_args()


def province_db(path: Path):
    """Open the province-scale sample at ``path``, generating it first if missing."""
    from thidua_desktop.store import open_database
    from thidua_desktop.store import sample as sample_data

    if not path.exists():
        print(f"making the province sample in {path} (about a minute)…", file=sys.stderr)
        db = open_database(path)
        sample_data.generate(db, "province")
        db.close()
    return open_database(path)


def print_table(rows: list[tuple[str, str, str]]) -> None:
    """One line per measurement: what, the figure, the target."""
    width = max(len(r[0]) for r in rows)
    print(f"{'what':<{width}}  {'measured':>9}  target")
    for what, value, target in rows:
        print(f"{what:<{width}}  {value:>9}  {target}")
