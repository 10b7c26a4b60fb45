"""``thidua-desktop sample --db NEW [--scale cluster|province]``: the bundled sample data (a
cluster's secretariat, or a province of 100,000 people) written into a new file."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from thidua_desktop.cli.common import EXIT_OK, EXIT_USAGE
from thidua_desktop.domain.text import vn_number


def add_parser(sub) -> None:
    p = sub.add_parser("sample", help="ghi dữ liệu mẫu vào một tệp mới")
    p.add_argument(
        "--db", type=Path, required=True, dest="target", metavar="TỆP_DỮ_LIỆU", help="tệp dữ liệu mới"
    )
    p.add_argument(
        "--scale",
        choices=["cluster", "province"],
        default="cluster",
        help="cluster: một khối thi đua (mặc định); province: cấp tỉnh, 100.000 người",
    )
    p.add_argument("--seed", type=int, default=3, help="hạt giống ngẫu nhiên (mặc định 3)")


def run(args: argparse.Namespace) -> int:
    from thidua_desktop.store import sample

    target: Path = args.target
    if target.exists() and target.stat().st_size > 0:
        print(f"Lỗi: tệp “{target}” đã có; dữ liệu mẫu chỉ ghi vào tệp mới. Hãy chọn tên khác.",
              file=sys.stderr)  # fmt: skip
        return EXIT_USAGE
    started = time.perf_counter()
    counts = sample.write_new(target, args.scale, seed=args.seed)  # named only when complete
    print(f"Đã ghi dữ liệu mẫu ({args.scale}) vào {target} trong {time.perf_counter() - started:.1f} giây:")
    for table, n in counts.items():
        print(f"  {table:<15} {vn_number(n):>9}")
    return EXIT_OK
