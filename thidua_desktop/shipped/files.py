"""Find files shipped in ``resources/`` the same way from a source checkout, an
installed wheel and the PyInstaller build. ``sys._MEIPASS`` is read here only."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent  # thidua_desktop/


@cache
def resources_dir() -> Path:
    candidates = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:  # PyInstaller one-folder build
        candidates.append(Path(frozen_root) / "thidua_desktop" / "resources")
        candidates.append(Path(frozen_root) / "resources")
    candidates.append(_PACKAGE_DIR / "resources")  # installed wheel (force-included)
    candidates.append(_PACKAGE_DIR.parent / "resources")  # source checkout / editable
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        "Không tìm thấy thư mục tài nguyên (resources) của chương trình; "
        "hãy cài đặt lại thidua_desktop. Đã tìm ở: " + ", ".join(map(str, candidates))
    )


GUIDE = "huong-dan-su-dung.md"


def guide_path() -> Path:
    """The user's guide, docs/huong-dan-su-dung.md, which the window shows as its help (one
    text for both): under resources/help/ in a wheel and in the frozen build (pyproject.toml
    and build.spec put it there), in docs/ beside resources/ in a source checkout."""
    root = resources_dir()
    candidates = [root / "help" / GUIDE, root.parent / "docs" / GUIDE]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(
        f"Thiếu tệp hướng dẫn sử dụng {GUIDE} (đã tìm ở: {', '.join(map(str, candidates))}); "
        "hãy cài đặt lại chương trình."
    )


def resource_path(*parts: str) -> Path:
    """Path of a shipped resource, e.g. ``resource_path("sample", "cluster3.json")``."""
    path = resources_dir().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"Thiếu tệp tài nguyên: {path}")
    return path
