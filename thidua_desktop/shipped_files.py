"""What the program ships in resources/ and whether it can use it: the lines
``thidua-desktop check`` prints, so IT staff (and the build test) see that a copy of the
program, the Windows build included, has its fonts, templates and icon."""

from __future__ import annotations


def describe() -> tuple[list[str], bool]:
    """Lines for the user, and True when everything the program needs was found."""
    from thidua_desktop.resource_files import resources_dir

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
    sample = root / "sample"
    has_sample = sample.is_dir() and any(sample.glob("*.json"))
    lines.append("  Dữ liệu mẫu: " + ("có" if has_sample else "không có"))
    return lines, ok and bool(icons) and has_sample


def _font_check() -> str:
    """The bundled family loaded the way certificates load it, Vietnamese letters included."""
    try:
        from thidua_desktop.reports import certificate_fonts
    except ImportError as exc:  # reportlab missing from this copy of the program
        return f"Không nạp được thư viện vẽ PDF: {exc}"
    try:
        fonts = certificate_fonts.bundled()
    except ValueError as exc:  # FontError: says what is wrong in Vietnamese
        return f"Phông kèm theo không dùng được: {exc}"
    return f"Phông in giấy khen: {fonts.family}, {len(fonts.files)} kiểu, đủ chữ tiếng Việt"
