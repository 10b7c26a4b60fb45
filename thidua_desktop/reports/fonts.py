"""The serif font certificates are drawn with, embedded in every PDF.

The program ships Liberation Serif 2 (SIL OFL 1.1; metric-compatible with Times New Roman,
with every Vietnamese letter) in ``resources/fonts``. The desk may choose an installed font
instead (Times New Roman on Windows). A font file that is missing, unreadable or without the
Vietnamese letters is refused with a message saying what to do; nothing is ever drawn as
empty boxes."""

from __future__ import annotations

import hashlib
import os
import stat
import sys
import threading
import unicodedata
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, TTFontFile

from thidua_desktop.shipped.files import resources_dir

STYLES = ("regular", "bold", "italic", "bold_italic")
BUNDLED_FAMILY = "Liberation Serif"
_BUNDLED_FILES = {
    "regular": "LiberationSerif-Regular.ttf",
    "bold": "LiberationSerif-Bold.ttf",
    "italic": "LiberationSerif-Italic.ttf",
    "bold_italic": "LiberationSerif-BoldItalic.ttf",
}

#: every letter of Vietnamese that is not plain ASCII, lower and upper case (NFC)
_BASES = "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
VIETNAMESE_LETTERS = "".join(
    sorted({unicodedata.normalize("NFC", b + m) for b in _BASES for m in ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")} | set("đĐ"))
)  # fmt: skip


class FontError(ValueError):
    """A font that cannot draw Vietnamese certificates, with what to do, in Vietnamese."""


@dataclass(frozen=True)
class FontSet:
    family: str
    files: tuple[tuple[str, str], ...]  # (style, path) for the four styles

    def path(self, style: str) -> Path:
        return Path(self._paths[style])

    @cached_property
    def _paths(self) -> dict[str, str]:
        return dict(self.files)

    def face_name(self, style: str) -> str:
        """The reportlab name of one style (registered on first use)."""
        return _register(self._paths[style])

    def missing_glyphs(self, text: str, style: str = "regular") -> list[str]:
        have = _char_map(self._paths[style])
        return sorted({c for c in set(text) if not c.isspace() and ord(c) not in have})

    def ascent(self, style: str) -> float:
        """Height above the baseline, as a share of the font size."""
        return _metrics(self._paths[style])[0]

    def descent(self, style: str) -> float:
        return _metrics(self._paths[style])[1]


_lock = threading.Lock()


MAX_FONT_BYTES = 64 * 1024 * 1024  # Times New Roman is ~1 MB, the largest CJK families ~30 MB


def _size_problem(path: Path) -> str | None:
    """Why a chosen file cannot be a font before a byte of it is read: not a plain file, or
    too big (a 2 GB "font" was read whole before being refused)."""
    try:
        info = path.stat()
    except OSError:
        return None  # missing: said by the caller
    if not stat.S_ISREG(info.st_mode):
        return f"“{path}” không phải một tệp phông"
    if info.st_size > MAX_FONT_BYTES:
        return (f"tệp “{path.name}” nặng {info.st_size // (1024 * 1024)} MB, quá lớn cho một tệp phông "
                f"(tối đa {MAX_FONT_BYTES // (1024 * 1024)} MB)")  # fmt: skip
    return None


@cache
def _register(path: str) -> str:
    """Register one TTF with reportlab once per process (font parsing is the slow part)."""
    digest = hashlib.sha1(path.encode()).hexdigest()[:10]
    name = "F" + digest
    with _lock:
        if name not in pdfmetrics.getRegisteredFontNames():
            font = TTFont(name, path)
            # reportlab shares one font among files with the same PostScript name (the
            # bundled Liberation Serif and an older installed one, say); keep them apart
            taken = getattr(pdfmetrics, "_dynFaceNames", {}).get(font.face.name)
            if taken is not None and getattr(taken.face, "filename", path) != path:
                font.face.name = font.face.name + b"-" + digest[:6].encode()
            pdfmetrics.registerFont(font)
    return name


@cache
def _char_map(path: str) -> frozenset[int]:
    return frozenset(pdfmetrics.getFont(_register(path)).face.charToGlyph)


@cache
def _metrics(path: str) -> tuple[float, float]:
    face = pdfmetrics.getFont(_register(path)).face
    return face.ascent / 1000.0, -face.descent / 1000.0


def _check(family: str, files: dict[str, Path]) -> FontSet:
    for style, path in files.items():
        if not path.is_file():
            raise FontError(
                f"Không tìm thấy tệp phông “{path}” ({family}, kiểu {style}). Hãy chọn lại phông trong "
                "“Mẫu bằng và căn chỉnh máy in…”, hoặc dùng phông kèm theo chương trình (Liberation Serif)."
            )
        problem = _size_problem(path)
        if problem:
            raise FontError(f"Không dùng được phông: {problem}. Hãy chọn tệp .ttf của phông chữ.")
        try:
            _register(str(path))
        except Exception as exc:  # reportlab raises TTFError and friends, in English: not shown
            raise FontError(
                f"Tệp “{path.name}” không phải phông TrueType dùng được (hỏng, hoặc là loại phông khác như .otf "
                "dạng CFF, .ttc). Hãy chọn tệp .ttf khác."
            ) from exc
    fonts = FontSet(family, tuple((s, str(files[s])) for s in STYLES))
    for style in STYLES:
        missing = fonts.missing_glyphs(VIETNAMESE_LETTERS, style)
        if missing:
            shown = " ".join(missing[:12]) + (" …" if len(missing) > 12 else "")
            raise FontError(
                f"Phông “{family}” ({fonts.path(style).name}) thiếu {len(missing)} chữ tiếng Việt: {shown}. "
                "In bằng phông này sẽ ra ô vuông thay chữ. Hãy chọn phông có đủ tiếng Việt "
                "(Times New Roman, hoặc Liberation Serif kèm theo chương trình)."
            )
    return fonts


def bundled() -> FontSet:
    folder = resources_dir() / "fonts"
    return _check(BUNDLED_FAMILY, {s: folder / f for s, f in _BUNDLED_FILES.items()})


def read_family(path: Path) -> tuple[str, str]:
    """(family, style) from a TTF's name table."""
    problem = _size_problem(Path(path))
    if problem:
        raise FontError(f"Không dùng được phông: {problem}. Hãy chọn tệp .ttf của phông chữ.")
    try:
        info = TTFontFile(str(path), validate=0)
    except Exception as exc:  # reportlab's text is English: not shown
        raise FontError(
            f"Tệp “{path.name}” không phải phông TrueType dùng được. Hãy chọn tệp .ttf khác."
        ) from exc

    def text(value) -> str:
        return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)

    return text(info.familyName), text(info.styleName)


_STYLE_NAMES = {"regular": "regular", "normal": "regular", "roman": "regular", "bold": "bold",
                "italic": "italic", "oblique": "italic", "bold italic": "bold_italic",
                "bold oblique": "bold_italic"}  # fmt: skip


def from_file(regular: Path) -> FontSet:
    """The font family of ``regular``: its bold and italic siblings are looked for in the
    same folder by their name tables (times.ttf → timesbd.ttf, timesi.ttf, timesbi.ttf).
    A style that has no file uses the regular one."""
    regular = Path(regular)
    if not regular.is_file():
        return _check(regular.stem, {"regular": regular})  # raises with the message
    family, _style = read_family(regular)
    files = {"regular": regular}
    prefix = regular.stem[:4].lower()
    for candidate in sorted(regular.parent.iterdir()):
        if (
            candidate == regular
            or candidate.suffix.lower() != ".ttf"
            or not candidate.stem.lower().startswith(prefix)
        ):
            continue
        try:
            other_family, other_style = read_family(candidate)
        except FontError:
            continue
        style = _STYLE_NAMES.get(other_style.lower())
        if other_family == family and style and style not in files:
            files[style] = candidate
    for style in STYLES:
        files.setdefault(style, regular)
    return _check(family, files)


def system_font_dirs() -> list[Path]:
    dirs = []
    if sys.platform == "win32":
        dirs.append(Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts")
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    elif sys.platform == "darwin":
        dirs += [Path("/Library/Fonts"), Path.home() / "Library" / "Fonts"]
    else:
        dirs += [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".local/share/fonts"]
    return [d for d in dirs if d.is_dir()]


def times_new_roman() -> Path | None:
    """The installed Times New Roman, where Windows keeps it."""
    for folder in system_font_dirs():
        for name in ("times.ttf", "Times New Roman.ttf", "TimesNewRoman.ttf"):
            if (folder / name).is_file():
                return folder / name
    return None


def load(setting: str | None) -> FontSet:
    """The desk's choice: empty for the bundled font, or the path of a regular TTF."""
    return from_file(Path(setting)) if setting else bundled()
