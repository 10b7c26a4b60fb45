"""A paper of the desk as plain blocks (paragraphs, bordered tables, the signature block)
under the administrative header, so one content is written once and rendered the same to
Excel (paper_xlsx.py) and to PDF (paper_pdf.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from thidua_desktop.reports.letterhead import Letterhead

#: styles a paragraph may have; each renderer gives them its font, size and colour
STYLES = ("body", "heading", "subheading", "note", "warning", "closing")

#: the width the blocks are laid out in: A4 less the margins of Decree 30 (30 mm left, 15 mm right)
TEXT_WIDTH_MM = 165.0


@dataclass(frozen=True)
class Text:
    text: str
    style: str = "body"


@dataclass
class Grid:
    """A bordered table. ``header`` rows may leave cells None where a span covers them;
    ``spans`` are (first column, first row, last column, last row) within the header.
    Body values stay numbers; ``kinds`` say how each column shows them: text, center,
    int, score (up to two decimals), percent (one decimal)."""

    widths: list[float]  # millimetres, summing to TEXT_WIDTH_MM
    header: list[list[str | None]]
    rows: list[list[Any]]
    kinds: list[str]
    spans: list[tuple[int, int, int, int]] = field(default_factory=list)


@dataclass(frozen=True)
class Signatures:
    left: tuple[str, str]  # title, name
    right: tuple[str, str]


Block = Text | Grid | Signatures


@dataclass
class Paper:
    letterhead: Letterhead
    title: str
    subtitle: str
    blocks: list[Block]
    draft: str = ""  # printed at the top of the paper and of every page while not final
    sheet_name: str = "Biên bản"


def kept_with(blocks: list[Block], i: int) -> list[Block]:
    """The blocks from ``i`` that must begin on one page: a heading or the closing line
    with what follows it, a line introducing a table with the table's first rows (a table
    in the chain stands for its header and first rows only)."""
    chain = [blocks[i]]
    while isinstance(chain[-1], Text) and i + 1 < len(blocks):
        if chain[-1].style in ("heading", "subheading", "closing") or isinstance(blocks[i + 1], Grid):
            i += 1
            chain.append(blocks[i])
        else:
            break
    return chain


def vn_decimal(value: float | None, places: int = 2, *, fixed: bool = False) -> str:
    """A number as Vietnamese write it: comma decimals, no trailing zeros unless ``fixed``
    ("23,75", "95", "62,5")."""
    if value is None:
        return ""
    if abs(value) < 0.5 * 10**-places:
        value = 0.0
    text = f"{value:.{places}f}"
    if not fixed and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def shown(value: Any, kind: str) -> str:
    """How a table value reads on paper."""
    if value is None:
        return ""
    if kind == "score" and isinstance(value, int | float):
        return vn_decimal(value)
    if kind == "percent" and isinstance(value, int | float):
        return vn_decimal(value, 1, fixed=True)
    return str(value)
