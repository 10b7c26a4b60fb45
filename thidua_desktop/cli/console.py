"""The console the command line writes to: never a control character (an ESC sequence in a file
name would drive the terminal), and never an encoding error. Windows writes redirected or piped
output (``check … > out.txt``, ``| findstr``, a PowerShell capture) in the ANSI code page, which
lacks letters such as ệ and ố: printing them raised UnicodeEncodeError, left an empty file and
exit 1 (issue 24, point 2). Now the text is fitted to the stream's encoding: in cp1258
(Vietnamese Windows) a letter is written as its base letter with the tone as a combining mark,
as that code page spells Vietnamese; where the code page has no such letter (cp1252, cp437) the
letter loses its marks (ệ → e), and anything else becomes "?". Exit codes are unchanged."""

from __future__ import annotations

import codecs
import contextlib
import sys
import unicodedata
from collections.abc import Iterator

from thidua_desktop.domain.text import strip_marks

_CONTROLS = dict.fromkeys([*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F, *range(0x80, 0xA0)], "?")
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng


def fit(text: str, encoding: str) -> str:
    """``text`` as ``encoding`` can hold it (see the module's docstring)."""
    try:
        text.encode(encoding)
        return text
    except (UnicodeEncodeError, LookupError):
        pass
    vietnamese = codecs.lookup(encoding).name in ("cp1258", "windows-1258")
    out = []
    for ch in text:
        try:
            ch.encode(encoding)
            out.append(ch)
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        if vietnamese:  # the vowel's shape precomposed, the tone as a combining mark: "ệ" → "ê" + U+0323
            tones = "".join(c for c in decomposed if c in _TONES)
            spelled = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES)) + tones
            try:
                spelled.encode(encoding)
                out.append(spelled)
                continue
            except UnicodeEncodeError:
                pass
        bare = strip_marks(ch)
        try:
            bare.encode(encoding)
            out.append(bare or "?")
        except UnicodeEncodeError:
            out.append("?")
    return "".join(out)


class PlainText:
    """A text stream that passes no control character but tab and newline, and only what its
    encoding can hold."""

    def __init__(self, stream) -> None:
        self._stream = stream
        self._encoding = getattr(stream, "encoding", None) or "utf-8"

    def write(self, text: str) -> int:
        return self._stream.write(fit(text.translate(_CONTROLS), self._encoding))

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


@contextlib.contextmanager
def safe_streams() -> Iterator[None]:
    """stdout and stderr as ``PlainText`` while the block runs (a command, --help), then back."""
    saved = sys.stdout, sys.stderr
    if sys.stdout is not None and not isinstance(sys.stdout, PlainText):
        sys.stdout = PlainText(sys.stdout)
    if sys.stderr is not None and not isinstance(sys.stderr, PlainText):
        sys.stderr = PlainText(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
