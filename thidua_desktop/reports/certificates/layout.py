"""Where every line of one certificate goes: the template's boxes filled with a recipient's
values, shrunk to fit and wrapped, measured with the font's own metrics. The PDF writer and
the on-screen preview both draw from this, so what the desk sees is what is printed.

Positions are millimetres from the top-left corner of the sheet; a line's ``baseline_mm``
is the distance from the top edge to its baseline."""

from __future__ import annotations

import string
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth

from thidua_desktop.domain import recipients
from thidua_desktop.domain.text import nfc
from thidua_desktop.reports.certificates.template import FieldSpec, Template
from thidua_desktop.reports.fonts import FontSet
from thidua_desktop.rules.catalogue import award_name

MM = 72.0 / 25.4  # points per millimetre
LEADING = 1.2  # line height, as a share of the font size
SHRINK_STEP = 0.5  # points


class Mode(StrEnum):
    FULL = "full"  # the whole design: border, fixed lines, emblem
    OVERPRINT = "overprint"  # only the variable fields, on a pre-printed blank


@dataclass
class Calibration:
    """Printer offset and per-field nudges for one template, in mm (right and down are
    positive). They move what is printed on a blank: overprint mode and the calibration
    page, not the full design."""

    offset_x_mm: float = 0.0
    offset_y_mm: float = 0.0
    nudges: dict[str, tuple[float, float]] = field(default_factory=dict)

    def shift(self, key: str) -> tuple[float, float]:
        dx, dy = self.nudges.get(key, (0.0, 0.0))
        return self.offset_x_mm + dx, self.offset_y_mm + dy

    def to_dict(self) -> dict[str, Any]:
        return {"offset_x_mm": self.offset_x_mm, "offset_y_mm": self.offset_y_mm,
                "nudges": {k: list(v) for k, v in self.nudges.items() if v != (0.0, 0.0)}}  # fmt: skip

    @classmethod
    def from_dict(cls, data: dict | None) -> Calibration:
        data = data or {}
        return cls(
            float(data.get("offset_x_mm", 0)), float(data.get("offset_y_mm", 0)),
            {k: (float(v[0]), float(v[1])) for k, v in data.get("nudges", {}).items()},
        )  # fmt: skip


@dataclass
class PlacedField:
    key: str
    style: str
    size: float
    colour: str
    align: str
    lines: list[str]
    anchor_x_mm: float  # left edge, centre or right edge of the box, by ``align``
    starts_mm: list[float]  # where each line begins, its width measured with the font
    baselines_mm: list[float]
    box_mm: tuple[float, float, float, float]  # x, y, width, height after calibration
    fits: bool
    missing_glyphs: list[str]

    @property
    def text(self) -> str:
        return " ".join(self.lines)


@dataclass
class Page:
    template: Template
    mode: Mode
    fields: list[PlacedField]
    values: dict[str, str]

    def field(self, key: str) -> PlacedField | None:
        return next((f for f in self.fields if f.key == key), None)

    @property
    def overflowing(self) -> list[PlacedField]:
        return [f for f in self.fields if not f.fits]


# --- values of one recipient -------------------------------------------------------------


def long_date(on: date | None) -> str:
    """ "ngày 05 tháng 01 năm 2026" (Decree 30/2020: days below 10 and months 1–2 padded)."""
    if on is None:
        return "ngày     tháng     năm"
    month = f"{on.month:02d}" if on.month <= 2 else str(on.month)
    return f"ngày {on.day:02d} tháng {month} năm {on.year}"


def _as_date(value) -> date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def values_for(
    record: dict[str, Any],
    template: Template,
    overrides: dict[str, str] | None = None,
    defaults: dict[str, str] | None = None,
) -> dict[str, str]:
    """The placeholders of one certificate from a proposal row (store/certificates.py):
    ``defaults`` (the issuer, place and signer the desk's identity gives the record), then
    what the template fixes, then this batch's ``overrides``."""
    person = record.get("subject") == "ca_nhan"
    name = nfc((record.get("full_name") if person else record.get("unit_name")) or "").strip()
    honorific = recipients.title(record.get("sex"), nfc(record.get("rank") or "")) if person else ""
    position_unit = (
        recipients.post(nfc(record.get("position") or ""), nfc(record.get("unit_name") or ""))
        if person
        else ""
    )
    summary = nfc(record.get("summary") or "").strip()
    year = record.get("year")
    achievement = summary[:1].upper() + summary[1:] if summary else (
        f"Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm {year}" if year else "")  # fmt: skip
    decided = _as_date(record.get("decision_date"))
    number = nfc(record.get("decision_number") or "").strip()
    values = {
        "issuer": "", "place": "", "signer_title": "", "signer_name": "",
        **{k: nfc(v.replace("\n", "\\n")) for k, v in (defaults or {}).items()},  # a line break kept as \n
        **{k: nfc(v) for k, v in template.values.items() if v},
    }  # fmt: skip
    values.update(
        honorific=honorific, name=name, recipient=f"{honorific} {name}".strip(), position_unit=position_unit,
        achievement=achievement, award=award_name(record.get("awarded_code") or record.get("award_code") or ""),
        decision_number=number, decision_date=long_date(decided) if decided else "",
        decision_line=f"Quyết định số {number} {long_date(decided)}" if number else "",
        register_number=nfc(str(record.get("register_number") or "")).strip(), year=str(year or ""),
    )  # fmt: skip
    values.update({k: nfc(v.replace("\n", "\\n")) for k, v in (overrides or {}).items() if v is not None})
    values["date_line"] = (
        f"{values['place']}, {long_date(decided)}" if values["place"] else long_date(decided)
    )
    values["signer_title"] = values["signer_title"].replace("\\n", "\n")
    return values


class _Values(dict):
    def __missing__(self, key: str) -> str:
        if key.isupper() and key.lower() in self:
            return self[key.lower()].upper()
        return ""


_FORMATTER = string.Formatter()


def fill(text: str, values: dict[str, str]) -> str:
    return _FORMATTER.vformat(text, (), _Values(values))


# --- fitting ---------------------------------------------------------------------------


_WORD_WIDTHS: dict[str, dict[str, float]] = {}


class _Measure:
    """Widths at size 1 of the words of one text in one face: reportlab's TrueType widths
    are sums of advance widths, so a line's width at any size is arithmetic on these,
    and shrinking and wrapping measure each word once."""

    def __init__(self, face: str) -> None:
        self.face = face
        # shared by every certificate of a batch: names, units and achievements repeat words
        self.widths = _WORD_WIDTHS.setdefault(face, {})
        if len(self.widths) > 100_000:
            self.widths.clear()
        self.space = self.word(" ")

    def word(self, word: str) -> float:
        width = self.widths.get(word)
        if width is None:
            width = self.widths[word] = stringWidth(word, self.face, 1.0)
        return width

    def line(self, line: str) -> float:
        words = line.split(" ")
        return sum(self.word(w) for w in words) + self.space * (len(words) - 1)


def _wrap(words: list[str], measure: _Measure, limit: float) -> list[str]:
    """Greedy lines of ``words`` no wider than ``limit`` (at size 1)."""
    lines: list[list[str]] = []
    width = 0.0
    for word in words:
        w = measure.word(word)
        if lines and width + measure.space + w <= limit:
            lines[-1].append(word)
            width += measure.space + w
        else:
            lines.append([word])
            width = w
    return [" ".join(line) for line in lines] or [""]


def _balanced(paragraph: str, measure: _Measure, limit: float) -> list[str]:
    """The greedy lines, then the narrowest width that keeps their number: two lines of
    like length instead of a long one and a stub, as a certificate is set by hand."""
    words = paragraph.split()
    lines = _wrap(words, measure, limit)
    if len(lines) < 2:
        return lines
    low, high = limit / len(lines), limit
    for _ in range(12):
        middle = (low + high) / 2
        if len(_wrap(words, measure, middle)) <= len(lines):
            high = middle
        else:
            low = middle
    return _wrap(words, measure, high)


def _fit(spec: FieldSpec, paragraphs: list[str], face: str) -> tuple[float, list[str], list[float], bool]:
    """The size, the lines and their widths (points) of a box's text; ``fits`` is False
    when even the smallest size overflows."""
    measure = _Measure(face)
    width_pt = spec.width_mm * MM
    smallest = spec.min_size if spec.min_size > 0 else spec.size
    size = spec.size
    while True:
        if spec.wrap:
            lines = [ln for p in paragraphs for ln in _balanced(p, measure, width_pt / size)]
        else:
            lines = paragraphs
        widths = [measure.line(ln) * size for ln in lines]
        height_ok = spec.height_mm <= 0 or len(lines) * size * LEADING <= spec.height_mm * MM + 0.01
        if spec.height_mm <= 0 and spec.wrap:
            height_ok = len(lines) <= len(paragraphs)
        if height_ok and all(w <= width_pt + 0.01 for w in widths):
            return size, lines, widths, True
        if size - SHRINK_STEP < smallest - 1e-9:
            return size, lines, widths, False
        size -= SHRINK_STEP


def place(spec: FieldSpec, text: str, fonts: FontSet, shift: tuple[float, float] = (0.0, 0.0)) -> PlacedField:
    text = unicodedata.normalize("NFC", text.upper() if spec.upper else text)
    paragraphs = [" ".join(p.split()) for p in text.split("\n")]
    face = fonts.face_name(spec.style)
    size, lines, widths, fits = _fit(spec, paragraphs, face)
    x, y = spec.x_mm + shift[0], spec.y_mm + shift[1]
    line_mm = size * LEADING / MM
    box_h = spec.height_mm if spec.height_mm > 0 else line_mm * max(1, len(paragraphs))
    block = line_mm * len(lines)
    ascent, descent = fonts.ascent(spec.style), fonts.descent(spec.style)
    first = (
        y
        + max(0.0, (box_h - block) / 2)
        + (line_mm - (ascent + descent) * size / MM) / 2
        + ascent * size / MM
    )
    anchor = {"left": x, "center": x + spec.width_mm / 2, "right": x + spec.width_mm}[spec.align]
    share = {"left": 0.0, "center": 0.5, "right": 1.0}[spec.align]
    return PlacedField(
        key=spec.key, style=spec.style, size=size, colour=spec.colour, align=spec.align, lines=lines,
        anchor_x_mm=anchor, starts_mm=[anchor - share * w / MM for w in widths],
        baselines_mm=[first + i * line_mm for i in range(len(lines))],
        box_mm=(x, y, spec.width_mm, box_h), fits=fits, missing_glyphs=fonts.missing_glyphs(text, spec.style),
    )  # fmt: skip


_PLACED: dict[tuple, PlacedField] = {}


def _place_cached(spec: FieldSpec, text: str, fonts: FontSet, shift: tuple[float, float]) -> PlacedField:
    """``place``, remembered: the fixed lines (national title, issuer, TẶNG, the signer) are
    the same on every certificate of a batch. The key holds every value of the box, so an
    edited template is laid out afresh. Placed fields are never changed after placing."""
    key = (tuple(vars(spec).values()), text, shift, fonts.files)
    found = _PLACED.get(key)
    if found is None:
        if len(_PLACED) > 4096:
            _PLACED.clear()
        found = _PLACED[key] = place(spec, text, fonts, shift)
    return found


def layout(
    template: Template,
    values: dict[str, str],
    fonts: FontSet,
    mode: Mode = Mode.FULL,
    calibration: Calibration | None = None,
) -> Page:
    calibration = calibration if calibration is not None and mode is Mode.OVERPRINT else Calibration()
    placed = []
    for spec in template.fields:
        if mode is Mode.OVERPRINT and not spec.variable:
            continue
        text = fill(spec.text, values)
        if not text.strip():
            continue
        placed.append(_place_cached(spec, text, fonts, calibration.shift(spec.key)))
    return Page(template, mode, placed, values)
