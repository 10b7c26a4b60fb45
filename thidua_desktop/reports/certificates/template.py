"""Certificate templates as data: the paper, and each line of the certificate as a box
measured in millimetres from the top-left corner of the sheet, the way a clerk measures a
pre-printed blank with a ruler (DOMAIN.md §7).

A field's text may hold placeholders, ``{name}`` or ``{NAME}`` (the same value in capitals);
the placeholders a certificate fills are listed in :data:`PLACEHOLDERS`. A field that holds a
placeholder is *variable* and is the only kind drawn in overprint mode, unless the template
says otherwise (``"overprint": false`` for the issuer line a blank already carries).

Templates shipped with the program live in ``resources/certificates/*.json``; the desk's
own copies are kept in the data file (store/certificates.py)."""

from __future__ import annotations

import json
import math
import re
import string
from dataclasses import MISSING, asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from thidua_desktop.shipped.files import resources_dir

PAPER_SIZES_MM = {"A3": (420.0, 297.0), "A4": (297.0, 210.0), "A5": (210.0, 148.0)}
STYLES = ("regular", "bold", "italic", "bold_italic")
ALIGNS = ("left", "center", "right")

#: what each placeholder holds, shown in the template editor and the README
PLACEHOLDERS = {
    "honorific": "cấp bậc của sĩ quan (Đại úy…), nếu không thì Ông / Bà (trống với tập thể)",
    "name": "họ và tên hoặc tên tập thể",
    "recipient": "“Đại úy Nguyễn Văn A”, “Bà Nguyễn Thị B”, hoặc tên tập thể",
    "position_unit": "chức vụ, đơn vị công tác",
    "achievement": "thành tích (nội dung tóm tắt của đề nghị)",
    "award": "tên hình thức khen thưởng",
    "decision_number": "số quyết định",
    "decision_date": "ngày quyết định, “ngày 15 tháng 01 năm 2026”",
    "decision_line": "“Quyết định số … ngày … tháng … năm …”",
    "register_number": "số vào sổ",
    "date_line": "“<địa danh của cơ quan>, ngày … tháng … năm …”",
    "place": "địa danh",
    "issuer": "người, cơ quan tặng",
    "signer_title": "chức vụ người ký (xuống dòng bằng \\n)",
    "signer_name": "họ tên người ký",
    "year": "năm thành tích",
}


class TemplateError(ValueError):
    """A template that cannot be used, with what to fix, in Vietnamese."""


@dataclass
class FieldSpec:
    key: str
    text: str
    x_mm: float
    y_mm: float
    width_mm: float
    height_mm: float = 0.0  # 0: one line of the font size
    size: float = 14.0
    min_size: float = 0.0  # shrink-to-fit down to this size; 0: no shrinking
    style: str = "regular"
    colour: str = "#000000"
    align: str = "center"
    wrap: bool = False  # break into lines within the box
    upper: bool = False
    overprint: bool | None = None  # None: drawn in overprint mode when it holds a placeholder

    @property
    def placeholders(self) -> list[str]:
        try:
            return [name for _lit, name, _spec, _conv in string.Formatter().parse(self.text) if name]
        except ValueError:  # unbalanced braces: validate() says so
            return []

    @property
    def variable(self) -> bool:
        return bool(self.placeholders) if self.overprint is None else self.overprint


@dataclass
class Border:
    inset_mm: float = 10.0
    gap_mm: float = 3.0  # a second, thinner line inside; 0 for one line
    width_pt: float = 3.0
    colour: str = "#b8860b"


@dataclass
class ImageSlot:
    key: str  # the desk gives the file: "emblem" (Quốc huy) or "logo"
    x_mm: float
    y_mm: float
    width_mm: float
    height_mm: float


@dataclass
class Template:
    name: str
    title: str
    width_mm: float
    height_mm: float
    fields: list[FieldSpec]
    values: dict[str, str] = field(default_factory=dict)  # defaults: issuer, signer, place
    awards: list[str] = field(default_factory=list)  # award codes this template is for
    # who issues what it prints (rules.authorities codes); empty: any issuer of its awards
    authorities: list[str] = field(default_factory=list)
    border: Border | None = None
    images: list[ImageSlot] = field(default_factory=list)
    builtin: bool = False

    @property
    def landscape(self) -> bool:
        return self.width_mm > self.height_mm

    def field(self, key: str) -> FieldSpec:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)

    def copy(self, name: str, title: str) -> Template:
        return replace(from_dict(to_dict(self)), name=name, title=title, builtin=False)


# --- reading and writing ----------------------------------------------------------------


def _paper(data: dict) -> tuple[float, float]:
    paper = data.get("paper", {})
    if "width_mm" in paper and "height_mm" in paper:
        for key in ("width_mm", "height_mm"):
            problem = _value_problem(key, paper[key], "float")
            if problem:
                raise TemplateError(f"Khổ giấy: {problem}.")
        width, height = float(paper["width_mm"]), float(paper["height_mm"])
    else:
        size = str(paper.get("size", "A4")).upper()
        if size not in PAPER_SIZES_MM:
            raise TemplateError(
                f"Khổ giấy “{size}” không có; dùng A3, A4, A5 hoặc ghi rõ width_mm, height_mm."
            )
        width, height = PAPER_SIZES_MM[size]
        if paper.get("orientation", "landscape") == "portrait":
            width, height = height, width
    if not (50 <= width <= 1000 and 50 <= height <= 1000):
        raise TemplateError(f"Khổ giấy {width:g} × {height:g} mm không hợp lý (50–1000 mm mỗi chiều).")
    return width, height


# the JSON types each attribute takes (the dataclasses' annotations, as text), with their words
_TYPES = {"float": ((int, float), "một số"), "str": ((str,), "một chuỗi chữ"), "bool": ((bool,), "true hoặc false"),
          "bool | None": ((bool, type(None)), "true, false hoặc null")}  # fmt: skip
MAX_MM = 2000.0  # no box, size or offset of a certificate is anywhere near this
MAX_TEXT = 2000


def _value_problem(name: str, value: Any, kind: str) -> str | None:
    types, words = _TYPES[kind]
    if isinstance(value, bool) and bool not in types or not isinstance(value, types):
        return f"thuộc tính {name} phải là {words}"
    if isinstance(value, float) and not math.isfinite(value):
        return f"thuộc tính {name} phải là một số thật (không phải {value})"
    if isinstance(value, int | float) and not isinstance(value, bool) and not -MAX_MM <= value <= MAX_MM:
        return f"thuộc tính {name} = {value:g} quá lớn"
    if isinstance(value, str) and len(value) > MAX_TEXT:
        return f"thuộc tính {name} dài quá {MAX_TEXT} ký tự"
    return None


def _build(cls, data: Any, where: str):
    if not isinstance(data, dict):
        raise TemplateError(f"{where}: phải là một đối tượng JSON {{…}}.")
    known = {f.name: f for f in fields(cls)}
    unknown = sorted(str(k) for k in set(data) - set(known))
    if unknown:
        raise TemplateError(f"{where}: không hiểu thuộc tính {', '.join(unknown)[:200]}.")
    missing = [
        n for n, f in known.items() if n not in data and f.default is MISSING and f.default_factory is MISSING
    ]
    if missing:
        raise TemplateError(f"{where}: thiếu thuộc tính bắt buộc {', '.join(missing)}.")
    for name, value in data.items():
        problem = _value_problem(name, value, known[name].type)
        if problem:
            raise TemplateError(f"{where}: {problem}.")
    return cls(**data)


def _list_of(data: dict, key: str, where: str) -> list:
    value = data.get(key, [])
    if not isinstance(value, list) or len(value) > 200:
        raise TemplateError(f"{where}: “{key}” phải là một danh sách (tối đa 200 mục).")
    return value


def from_dict(data: dict[str, Any], *, builtin: bool = False) -> Template:
    """A template from its JSON data, every attribute checked for its type and bounds: a
    wrong one is a TemplateError in Vietnamese, never an exception that stops other templates."""
    if not isinstance(data, dict):
        raise TemplateError("Mẫu bằng phải là một đối tượng JSON {…}.")
    name = data.get("name", "")
    if not isinstance(name, str) or not name.strip() or len(name) > 200:
        raise TemplateError("Mẫu bằng chưa có tên (name), hoặc tên không phải chuỗi chữ ngắn.")
    name = name.strip()
    where = f"Mẫu “{name}”"
    title = data.get("title", name)
    values, awards = data.get("values", {}), data.get("awards", [])
    authorities = data.get("authorities", [])
    if not isinstance(title, str) or len(title) > MAX_TEXT:
        raise TemplateError(f"{where}: tên mẫu (title) phải là chuỗi chữ.")
    if not isinstance(values, dict) or not all(isinstance(k, str) and isinstance(v, str | int | float)
                                               and len(str(v)) <= MAX_TEXT for k, v in values.items()):  # fmt: skip
        raise TemplateError(f"{where}: giá trị mặc định (values) phải là các cặp tên – chuỗi chữ.")
    if not isinstance(awards, list) or not all(isinstance(a, str) for a in awards):
        raise TemplateError(f'{where}: danh sách hình thức (awards) phải là các mã chữ, ví dụ "BK_TINH".')
    if not isinstance(authorities, list) or not all(isinstance(a, str) and len(a) < 40 for a in authorities):
        raise TemplateError(
            f'{where}: cấp quyết định (authorities) phải là các mã chữ, ví dụ "chu_tich_tinh".'
        )
    if not isinstance(data.get("paper", {}), dict):
        raise TemplateError(f"{where}: khổ giấy (paper) phải là một đối tượng JSON {{…}}.")
    width, height = _paper(data)
    specs = [
        _build(FieldSpec, f, f"{where}, dòng {i + 1}") for i, f in enumerate(_list_of(data, "fields", where))
    ]
    border = _build(Border, data["border"], f"{where}, khung viền") if data.get("border") else None
    images = [_build(ImageSlot, i, f"{where}, hình") for i in _list_of(data, "images", where)]
    template = Template(
        name=name, title=title, width_mm=width, height_mm=height, fields=specs,
        values={k: str(v) for k, v in values.items()}, awards=list(awards), authorities=list(authorities),
        border=border, images=images, builtin=builtin,
    )  # fmt: skip
    validate(template)
    return template


def to_dict(template: Template) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": template.name,
        "title": template.title,
        "paper": {"width_mm": template.width_mm, "height_mm": template.height_mm},
        "values": dict(template.values),
        "awards": list(template.awards),
        "authorities": list(template.authorities),
        "fields": [asdict(f) for f in template.fields],
        "images": [asdict(i) for i in template.images],
    }
    if template.border:
        data["border"] = asdict(template.border)
    return data


def dumps(template: Template) -> str:
    return json.dumps(to_dict(template), ensure_ascii=False, indent=1)


def loads(text: str, *, builtin: bool = False) -> Template:
    if len(text) > 1_000_000:
        raise TemplateError("Mẫu bằng quá lớn (hơn 1 MB); một mẫu bằng chỉ vài KB.")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TemplateError(
            f"Mẫu bằng không đọc được (JSON sai ở dòng {exc.lineno}, cột {exc.colno})."
        ) from exc
    except (ValueError, RecursionError) as exc:
        raise TemplateError("Mẫu bằng không đọc được (JSON lồng nhau quá sâu hoặc số quá lớn).") from exc
    if not isinstance(data, dict):
        raise TemplateError("Mẫu bằng phải là một đối tượng JSON.")
    return from_dict(data, builtin=builtin)


_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def validate(template: Template) -> None:
    keys = set()
    for f in template.fields:
        where = f"Mẫu “{template.name}”, dòng “{f.key}”"
        if not f.key or f.key in keys:
            raise TemplateError(f"{where}: mỗi dòng cần một khóa (key) riêng.")
        keys.add(f.key)
        if f.style not in STYLES:
            raise TemplateError(f"{where}: kiểu chữ “{f.style}” không có; dùng {', '.join(STYLES)}.")
        if f.align not in ALIGNS:
            raise TemplateError(f"{where}: căn lề “{f.align}” không có; dùng {', '.join(ALIGNS)}.")
        if not _COLOUR.match(f.colour):
            raise TemplateError(f"{where}: màu “{f.colour}” phải viết dạng #RRGGBB.")
        if not (2 <= f.size <= 200) or f.min_size < 0 or f.min_size > f.size:
            raise TemplateError(f"{where}: cỡ chữ {f.size:g} (nhỏ nhất {f.min_size:g}) không hợp lý.")
        if f.width_mm <= 0 or f.height_mm < 0:
            raise TemplateError(f"{where}: khung chữ phải có chiều rộng dương.")
        if not (0 <= f.x_mm and f.x_mm + f.width_mm <= template.width_mm + 0.01):
            raise TemplateError(f"{where}: khung chữ ra ngoài khổ giấy theo chiều ngang.")
        if not (0 <= f.y_mm <= template.height_mm):
            raise TemplateError(f"{where}: khung chữ ra ngoài khổ giấy theo chiều dọc.")
        if f.height_mm > template.height_mm:
            raise TemplateError(f"{where}: khung chữ cao hơn khổ giấy.")
        try:
            parsed = list(string.Formatter().parse(f.text))
        except ValueError as exc:
            raise TemplateError(f"{where}: dấu ngoặc {{ }} không khớp trong “{f.text[:80]}”.") from exc
        for _literal, placeholder, spec, conversion in parsed:
            if placeholder is not None and (not placeholder or spec or conversion):
                raise TemplateError(
                    f"{where}: chỗ điền phải có dạng {{ten}}, không kèm định dạng hay số thứ tự "
                    f"(“{{{placeholder}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}}”)."
                )
        unknown = [p for p in f.placeholders if p.lower() not in PLACEHOLDERS]
        if unknown:
            raise TemplateError(
                f"{where}: chỗ điền {{{unknown[0]}}} không có. Các chỗ điền dùng được: "
                + ", ".join("{" + p + "}" for p in PLACEHOLDERS)
            )

    if template.border is not None:
        b = template.border
        if not _COLOUR.match(b.colour) or not (0 <= b.inset_mm < min(template.width_mm, template.height_mm) / 2
                                               and 0 <= b.gap_mm <= 50 and 0 <= b.width_pt <= 50):  # fmt: skip
            raise TemplateError(
                f"Mẫu “{template.name}”, khung viền: lề, khoảng cách, độ dày hoặc màu không hợp lý."
            )
    for slot in template.images:
        if not (0 <= slot.x_mm and slot.x_mm + slot.width_mm <= template.width_mm + 0.01 and 0 <= slot.y_mm
                and slot.y_mm + slot.height_mm <= template.height_mm + 0.01 and slot.width_mm > 0
                and slot.height_mm > 0):  # fmt: skip
            raise TemplateError(f"Mẫu “{template.name}”, hình “{slot.key}”: khung hình ra ngoài khổ giấy.")


# --- shipped templates --------------------------------------------------------------------


def builtin_dir() -> Path:
    return resources_dir() / "certificates"


def builtin_templates() -> list[Template]:
    folder = builtin_dir()
    return [loads(p.read_text(encoding="utf-8"), builtin=True) for p in sorted(folder.glob("*.json"))]
