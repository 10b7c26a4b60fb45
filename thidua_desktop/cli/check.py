"""``thidua-desktop check --db F``: the file's integrity and foreign keys, the count of every table,
and whether this copy of the program has the files it ships (fonts, templates, icon, sample):
what IT staff (and the build test) run on a file or a new install."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from thidua_desktop.cli.common import EXIT_OK, EXIT_PROBLEM
from thidua_desktop.domain.text import vn_number


def add_parser(sub) -> None:
    p = sub.add_parser("check", help="kiểm tra tính toàn vẹn và đếm bản ghi mỗi bảng")
    p.add_argument("--db", type=Path, required=True, dest="target", metavar="TỆP_DỮ_LIỆU")


def run(args: argparse.Namespace) -> int:
    from thidua_desktop.store import health, open_database
    from thidua_desktop.store.errors import DamagedError

    try:
        db = open_database(args.target, create=False)
    except DamagedError as exc:  # say what is damaged, reading only
        print(f"Lỗi: {exc}", file=sys.stderr)
        result = health.check_file(args.target)
    else:
        try:
            result = health.check(db)
        finally:
            db.close()
    print(f"Tệp: {args.target}")
    print(f"Phiên bản cấu trúc dữ liệu: {result.schema_version}")
    print(
        "Toàn vẹn (integrity_check): "
        + ("tốt" if result.integrity == ["ok"] else "; ".join(result.integrity))
    )
    print(
        "Khóa ngoại (foreign_key_check): "
        + ("tốt" if not result.foreign_key_problems else f"{len(result.foreign_key_problems)} lỗi")
    )
    for problem in result.foreign_key_problems[:20]:
        print(f"  bảng {problem[0]}, dòng {problem[1]} trỏ tới {problem[2]} không tồn tại")
    print("Số bản ghi:")
    for table, n in result.counts.items():
        print(f"  {table:<15} {vn_number(n):>9}")
    lines, shipped_ok = describe()  # the program's own files: fonts, templates, icon
    print("\n".join(lines))
    return EXIT_OK if result.ok and shipped_ok else EXIT_PROBLEM


def describe() -> tuple[list[str], bool]:
    """What the program ships in resources/ and whether it can use it: lines for the user,
    and True when everything the program needs was found."""
    from thidua_desktop.shipped.files import resources_dir

    try:
        root = resources_dir()
    except FileNotFoundError as exc:
        return [f"Tài nguyên: {exc}"], False
    lines = [f"Thư mục tài nguyên: {root}"]
    ok = True
    fonts = sorted((root / "fonts").glob("*.ttf")) if (root / "fonts").is_dir() else []
    if fonts:
        lines.append(f"  Phông chữ ({len(fonts)} tệp): " + ", ".join(p.name for p in fonts))
        lines.append("  " + _font_check())
    else:
        lines.append("  Phông chữ: không có thư mục fonts (không in được giấy khen)")
        ok = False
    templates = sorted((root / "certificates").glob("*.json")) if (root / "certificates").is_dir() else []
    lines.append(f"  Mẫu giấy khen, bằng khen: {len(templates)} tệp" + (": " if templates else "")
                 + ", ".join(p.name for p in templates))  # fmt: skip
    papers = sorted((root / "papers").glob("*.docx")) if (root / "papers").is_dir() else []
    lines.append(
        f"  Mẫu giấy tờ Word: {len(papers)} tệp"
        + (": " if papers else "")
        + ", ".join(p.name for p in papers)
    )
    icons = [p.name for p in (root / "icons").glob("thidua.*")] if (root / "icons").is_dir() else []
    lines.append("  Biểu tượng: " + (", ".join(sorted(icons)) if icons else "không có"))
    try:
        from thidua_desktop.shipped.files import guide_path

        lines.append(f"  Hướng dẫn sử dụng (phím F1): {guide_path()}")
        has_guide = True
    except FileNotFoundError:
        lines.append("  Hướng dẫn sử dụng: không có (phím F1 sẽ báo lỗi)")
        has_guide = False
    sample = root / "sample"
    has_sample = sample.is_dir() and any(sample.glob("*.json"))
    lines.append("  Dữ liệu mẫu: " + ("có" if has_sample else "không có"))
    return lines, ok and bool(icons) and has_sample and has_guide


def _font_check() -> str:
    """The bundled family loaded the way certificates load it, Vietnamese letters included."""
    try:
        from thidua_desktop.reports import fonts as certificate_fonts
    except ImportError as exc:  # reportlab missing from this copy of the program
        return f"Không nạp được thư viện vẽ PDF: {exc}"
    try:
        fonts = certificate_fonts.bundled()
    except ValueError as exc:  # FontError: says what is wrong in Vietnamese
        return f"Phông kèm theo không dùng được: {exc}"
    return f"Phông in giấy khen: {fonts.family}, {len(fonts.files)} kiểu, đủ chữ tiếng Việt"
