"""``thidua-desktop desk --db F [--set KEY=VALUE …]``: the desk's identity (who the desk is:
agency, parent agency, place, province, level, signers), printed as ``key: value`` lines or
set, for IT staff who prepare data files for many offices. Setting it on a file that does not
exist yet creates a new, empty data file with that identity."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from thidua_desktop.cli.common import EXIT_FILE, EXIT_OK, EXIT_USAGE, add_wait, fail, writer
from thidua_desktop.domain.identity import KEYS, REQUIRED, DeskIdentity, IdentityError


def add_parser(sub) -> None:
    p = sub.add_parser(
        "desk", help="xem hoặc đặt thông tin cơ quan (tên cơ quan, cơ quan cấp trên, địa danh, người ký)",
        description="Không có --set: in thông tin cơ quan, mỗi dòng “mục: giá trị”. Có --set: đặt từng mục; "
        "tệp chưa có thì tạo tệp dữ liệu mới. Các mục: " + ", ".join(KEYS) + ".",
    )  # fmt: skip
    p.add_argument(
        "--db", type=Path, required=True, dest="target", metavar="TỆP_DỮ_LIỆU", help="tệp dữ liệu (.sqlite)"
    )
    p.add_argument(
        "--set", action="append", default=[], metavar="MỤC=GIÁ_TRỊ", dest="values",
        help="đặt một mục, ví dụ --set agency=\"Sở Tư pháp\" --set place=\"Gia Lai\"; dùng nhiều lần được",
    )  # fmt: skip
    add_wait(p)


def _parse(values: list[str]) -> dict[str, str]:
    """{key: value} from KEY=VALUE texts; IdentityError names a malformed or unknown one."""
    out: dict[str, str] = {}
    for text in values:
        key, sep, value = text.partition("=")
        key = key.strip()
        if not sep or key not in KEYS:
            raise IdentityError(
                f"Không hiểu “{text}”: hãy ghi MỤC=GIÁ_TRỊ với MỤC là một trong: {', '.join(KEYS)}."
            )
        if key in REQUIRED and not value.strip():
            raise IdentityError(
                f"Mục “{key}” bắt buộc, không để trống. Các mục có thể đặt: {', '.join(KEYS)}."
            )
        out[key] = value
    return out


def _print(identity: DeskIdentity) -> None:
    for key, value in identity.items():
        print(f"{key}: {value}")


def run(args: argparse.Namespace) -> int:
    from thidua_desktop.store import open_database
    from thidua_desktop.store.desk_settings import load_identity, save_identity

    target: Path = args.target
    try:
        values = _parse(args.values)
    except IdentityError as exc:
        return fail(str(exc), EXIT_USAGE)
    new = not target.exists() or target.stat().st_size == 0
    if not values:
        if new:
            return fail(
                f"Chưa có tệp “{target}”. Hãy đặt thông tin cơ quan bằng --set để tạo tệp mới.", EXIT_FILE
            )
        db = open_database(target, create=False)
        try:
            _print(load_identity(db))
        finally:
            db.close()
        return EXIT_OK
    if new and target.exists():
        return fail(f"Tệp “{target}” rỗng (0 byte), không phải tệp dữ liệu; hãy chọn tên khác.", EXIT_FILE)
    with writer(args, writes=not new):
        db = open_database(target, create=new)
        try:
            try:
                identity = load_identity(db).with_values(values)
            except IdentityError as exc:
                return fail(str(exc), EXIT_USAGE)
            save_identity(db, identity)
            _print(identity)
        finally:
            db.close()
    missing = identity.problems()
    if missing:
        print("Còn thiếu: " + " ".join(missing), file=sys.stderr)
    return EXIT_OK
