"""Reading a unit's Excel list before anything is checked: the file's size and shape bounded, the
header found by its text (on any of the first rows, one or two rows deep), legacy TCVN3 and VNI
text decoded per column, section headings (I. TẬP THỂ, II. CÁ NHÂN) followed, each row collected
with its line number."""

from __future__ import annotations

import itertools
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from thidua_desktop.domain import legacy_text
from thidua_desktop.domain.text import fold, nfc

# progress(done, total) after every PROGRESS_EVERY rows; it may raise jobs.Cancelled to stop
Progress = Callable[[int, int], None]
PROGRESS_EVERY = 250

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 300 * 1024 * 1024
MAX_RATIO = 100  # unpacked / packed: above this a file is treated as a zip bomb
HEADER_SEARCH_ROWS = 30
RICH_TEXT_MAX_BYTES = 5 * 1024 * 1024  # TCVN3 cells written in runs of fonts are read up to this size

#: a header cell's words (folded, punctuation gone) -> the field it names; a cell names the
#: field of the first entry its words begin with, so longer phrases come first. "Nam" (male)
#: and "Năm" (year) fold alike: they are told apart by their marks (see ``field_of``)
HEADERS = [
    ("ho va ten ten tap the", "name"), ("ho va ten", "name"), ("ho ten", "name"), ("ten tap the", "name"),
    ("ten ca nhan", "name"), ("ten don vi ca nhan", "name"), ("ten don vi", "unit_name_only"),
    ("ngay thang nam sinh", "birth_date"), ("ngay sinh", "birth_date"), ("nam sinh", "birth_year"),
    ("gioi tinh", "sex"), ("dan toc", "ethnicity"), ("cap bac", "rank"), ("quan ham", "rank"),
    ("chuc vu va don vi", "position_unit"), ("chuc vu don vi", "position_unit"),
    ("chuc danh don vi", "position_unit"), ("chuc vu", "position"), ("chuc danh", "position"),
    ("don vi", "unit"), ("co quan", "unit"), ("noi cong tac", "unit"),
    ("hinh thuc", "award"), ("danh hieu", "award"), ("de nghi", "award"),
    ("nam thanh tich", "year"), ("nam de nghi", "year"), ("nam dat", "year"),
    ("tom tat", "summary"), ("thanh tich", "summary"), ("stt", "stt"), ("so thu tu", "stt"), ("so tt", "stt"),
    ("tt", "stt"), ("ghi chu", "note"),
]  # fmt: skip

#: what each field means, for the preview ("which column it took for what") and the choice of
#: a column's meaning there
FIELD_LABELS = {
    "name": "Họ và tên / tên tập thể", "male": "Năm sinh (Nam)", "female": "Năm sinh (Nữ)",
    "birth_year": "Năm sinh", "birth_date": "Ngày sinh", "sex": "Giới tính", "ethnicity": "Dân tộc",
    "rank": "Cấp bậc", "position": "Chức vụ", "position_unit": "Chức vụ, đơn vị", "unit": "Đơn vị",
    "award": "Hình thức đề nghị", "year": "Năm thành tích", "summary": "Tóm tắt thành tích", "stt": "Số thứ tự",
}  # fmt: skip

#: rows that close the list: the closing sentence, Nơi nhận, the signatures
_END_WORDS = ("noi nhan", "nguoi lap", "thu truong", "giam doc", "chu tich", "xac nhan", "ky ten", "ky, ghi ro",
              "ky va ghi ro", "danh sach nay co", "danh sach co", "an dinh danh sach", "tm ", "t/m", "kt ", "kt.",
              "tm.", "q. ", "pho giam doc", "truong phong", "thu ky")  # fmt: skip
_NUMBER_CELL = re.compile(r"^\(?\s*(\d{1,2}|[a-z])\s*\)?$")
_TITLE_YEAR = re.compile(r"\bnam(?: hoc)? ((?:19|20)\d\d)(?:\s*[-–/]\s*((?:19|20)\d\d))?\b")


class ImportFileError(Exception):
    """The file cannot be read at all; the message says what to do. Nothing was written."""


@dataclass(slots=True)  # 200,000 rows of a province's list: no dict per row
class ImportRow:
    line: int
    values: dict[str, Any]
    action: str = "new"  # new, update, error
    reason: str = ""
    person_id: int | None = None
    unit_id: int | None = None
    award_code: str | None = None
    changes: dict[str, Any] = field(default_factory=dict)
    converted: str | None = None  # the legacy encoding its text was converted from
    subject: str = "ca_nhan"  # or tap_the: a proposal for the unit ``unit_id``
    section: str | None = None  # the list's heading it stands under: ca_nhan, tap_the or None
    proposal_id: int | None = None  # a collective's proposal the row updates
    new_unit: str = ""  # the unit it names that the data file lacks: created on writing, unless mapped


@dataclass
class Layout:
    """How the list is laid out: the line its data starts after, the column of each field,
    each used column's header text as typed, and the year its title names ("NĂM 2026")."""

    header_end: int = 0
    columns: dict[str, int] = field(default_factory=dict)
    headers: dict[int, str] = field(default_factory=dict)
    title_year: int | None = None
    title_text: str = ""  # the title line the year was read from


class PreviewRows(list):
    """The previewed rows, and ``notices``: what the user should know about the whole file;
    ``layout``: the columns taken for what; ``year`` and ``year_source``: the year of
    achievement the rows without their own take, and where it came from; ``new_units``: the
    unit names the data file lacks, with the number of rows naming each."""

    notices: list[str]
    layout: Layout
    year: int | None
    year_source: str
    new_units: dict[str, int]


# --- opening the file -------------------------------------------------------------------------------
def check_file(path: Path) -> None:
    """Refuse, with a message, what openpyxl must not be given."""
    if not path.exists():
        raise ImportFileError(f"Không tìm thấy tệp “{path}”.")
    size = path.stat().st_size
    if size == 0:
        raise ImportFileError(f"Tệp “{path.name}” rỗng (0 byte). Hãy xin đơn vị gửi lại tệp.")
    if size > MAX_FILE_BYTES:
        raise ImportFileError(
            f"Tệp “{path.name}” quá lớn ({size // 1_048_576} MB); hãy tách thành nhiều tệp nhỏ hơn."
        )
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            f"Tệp “{path.name}” có đặt mật khẩu hoặc là định dạng Excel cũ (.xls). Hãy mở bằng Excel, bỏ mật khẩu "
            "(hoặc Lưu thành .xlsx) rồi nhập lại."
        )
    if not zipfile.is_zipfile(path):
        raise ImportFileError(
            f"Tệp “{path.name}” không phải bảng tính Excel (.xlsx). Hãy lưu lại dưới dạng .xlsx."
        )
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        if "xl/workbook.xml" not in names:
            raise ImportFileError(f"Tệp “{path.name}” không phải bảng tính Excel (.xlsx).")
        if "xl/vbaProject.bin" in names or _macro_enabled(z):
            raise ImportFileError(
                f"Tệp “{path.name}” là bảng tính có macro (.xlsm), kể cả khi đổi đuôi thành .xlsx; chương trình không "
                "nhận tệp có macro. Hãy mở bằng Excel, Lưu thành “Excel Workbook (*.xlsx)” rồi nhập tệp mới."
            )
        unpacked = sum(i.file_size for i in z.infolist())
        if unpacked > MAX_UNPACKED_BYTES or unpacked > MAX_RATIO * max(size, 1) + 10_000_000:
            raise ImportFileError(
                f"Tệp “{path.name}” khi giải nén lớn bất thường ({unpacked // 1_048_576} MB): có thể là tệp độc hại. "
                "Không nhập tệp này."
            )


def _macro_enabled(z: zipfile.ZipFile) -> bool:
    """The package says it is a macro-enabled workbook (its content types), whatever its name."""
    try:
        info = z.getinfo("[Content_Types].xml")
    except KeyError:
        return False
    if info.file_size > 1_000_000:
        return True  # no honest workbook has content types this large
    return b"macroenabled" in z.read(info).lower()


def read_rows(
    path: str | Path, progress: Progress | None = None, columns: dict[str, int] | None = None
) -> tuple[list[ImportRow], Layout, list[str]]:
    """The data rows of the first sheet that has a recognisable header, its layout, and
    notices for the user (a legacy encoding converted). ``columns``: the meaning of each
    column as the user set it in the preview, in place of the one read from the header.
    ``progress`` hears of the sheet's lines read (its total is the sheet's last row as the
    file states it). Rows are kept as tuples, so memory grows with the list's cells only."""
    from openpyxl import load_workbook

    path = Path(path)
    check_file(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ImportFileError(
            f"Không đọc được tệp “{path.name}”: tệp bị hỏng hoặc không đúng định dạng ({exc})."
        ) from exc
    try:
        for index, ws in enumerate(wb.worksheets):
            grid = _cells(ws)
            head = list(itertools.islice(grid, HEADER_SEARCH_ROWS))
            found = _find_header_any([values for values, _ in head])
            if found is None:
                continue
            layout = found
            layout.title_year, layout.title_text = _title_year(
                [values for values, _ in head[: layout.header_end]]
            )
            if columns is not None:
                layout.columns = dict(columns)
            header_row, columns_used = layout.header_end, layout.columns
            rows: list[tuple[int, tuple, tuple]] = []
            headings: list[tuple[int, str]] = []  # (line, section) of "I. TẬP THỂ", "II. CÁ NHÂN"
            total = ws.max_row or 0
            for line, (values, caps) in enumerate(itertools.chain(head[header_row:], grid), header_row + 1):
                if progress is not None and line % PROGRESS_EVERY == 0:
                    progress(line, total if total > line else 0)  # 0: not known (a busy bar)
                section = _section_heading(values, columns_used)
                if section:
                    headings.append((line, section))
                elif _numbering_row(values):
                    continue  # "(1) (2) (3) …" under the header
                elif _end_of_list(values, columns_used):
                    break  # the closing sentence, Nơi nhận, the signatures
                elif columns_used["name"] < len(values) and values[columns_used["name"]] not in (None, ""):
                    rows.append((line, values, caps))
            columns = columns_used
            encodings = _column_encodings(rows, columns, [values for values, _ in head])
            runs = {}
            if legacy_text.TCVN3 in encodings.values() and path.stat().st_size <= RICH_TEXT_MAX_BYTES:
                runs = _font_runs(path, index, rows, encodings)
            data: list[ImportRow] = []
            for i, (line, values, caps) in enumerate(rows):
                rows[i] = None  # the raw cells go as each row is taken: memory holds one copy
                decoded, converted = _decode_row(line, values, caps, columns, encodings, runs)
                if _collect(data, line, decoded, columns) and converted:
                    data[-1].converted = converted
            for row in data:  # each row takes the last heading above it
                row.section = next((s for at, s in reversed(headings) if at < row.line), None)
            used = [
                legacy_text.LABELS[e] for e in legacy_text.ENCODINGS if any(r.converted == e for r in data)
            ]
            notices = [f"Tệp dùng bảng mã {' và '.join(used)}; đã chuyển sang Unicode."] if used else []
            return data, layout, notices
    finally:
        wb.close()
    raise ImportFileError(
        f"Không tìm thấy dòng tiêu đề (có cột “Họ và tên”) trong 30 dòng đầu của tệp “{path.name}”. Hãy dùng mẫu "
        "của chương trình (Tệp → Nhập danh sách → Lấy tệp mẫu)."
    )


# --- legacy encodings (TCVN3, VNI) --------------------------------------------------------------------
def _cells(ws) -> Any:
    """Each row's values, with the columns whose text is in a TCVN3 capitals font (".VnTimeH")."""
    for row in ws.iter_rows():
        values = tuple(c.value for c in row)
        caps = tuple(i for i, c in enumerate(row) if isinstance(values[i], str) and _capitals_font(c))
        yield values, caps


def _capitals_font(cell: Any) -> bool:
    try:
        return legacy_text.is_capitals_font(cell.font.name)
    except (AttributeError, IndexError):  # a cell without a usable style
        return False


def _find_header_any(head: list[tuple]) -> tuple[int, dict[str, int]] | None:
    """The header as typed, or else as TCVN3 / VNI text converted: "Hä vµ tªn" is "Họ và tên"."""
    found = _find_header(head)
    encoding = None if found else legacy_text.detect_many(v for row in head for v in row)
    if encoding:
        found = _find_header([tuple(legacy_text.to_unicode(v, encoding) if isinstance(v, str) else v
                                    for v in row) for row in head])  # fmt: skip
    return found


def _column_encodings(rows: list[tuple], columns: dict[str, int], head: list[tuple]) -> dict[int, str | None]:
    """The legacy encoding of each column, decided on all its cells together; a column with no
    evidence either way (numbers, ASCII, ambiguous words) takes the decision of the whole sheet."""
    sheet = legacy_text.evidence(v for row in head for v in row)
    per_column = {}
    for c in set(columns.values()):
        per_column[c] = legacy_text.evidence(values[c] for _, values, _ in rows if c < len(values))
        sheet += per_column[c]
    fallback = sheet.decide()
    return {c: ev.decide() or (None if ev.against_all() else fallback) for c, ev in per_column.items()}


def _font_runs(path: Path, index: int, rows: list[tuple], encodings: dict[int, str | None]) -> dict:
    """TCVN3 cells written in runs of several fonts, as (text, font) runs by (line, column): a
    capital with a tone was often typed by switching that one letter to the capitals font."""
    from openpyxl import load_workbook
    from openpyxl.cell.rich_text import CellRichText, TextBlock

    wanted = [c for c, e in encodings.items() if e == legacy_text.TCVN3]
    lines = {line for line, _, _ in rows}
    try:
        wb = load_workbook(path, data_only=True, rich_text=True)
    except Exception:  # the runs only refine capitals; the cells themselves were read already
        return {}
    try:
        out = {}
        for row in wb.worksheets[index].iter_rows(
            min_row=min(lines, default=1), max_row=max(lines, default=0)
        ):
            for c in wanted:
                v = row[c].value if c < len(row) else None
                if isinstance(v, CellRichText) and row[c].row in lines:
                    out[row[c].row, c] = [
                        (b.text, b.font.rFont) if isinstance(b, TextBlock) else (b, None) for b in v
                    ]
        return out
    finally:
        wb.close()


def _decode_row(line: int, values: tuple, caps: tuple, columns: dict[str, int],
                encodings: dict[int, str | None], runs: dict) -> tuple[tuple, str | None]:  # fmt: skip
    """The row with its legacy text converted, and the encoding if a used cell changed."""
    out, converted = list(values), None
    for c, encoding in encodings.items():
        v = values[c] if c < len(values) else None
        if encoding is None or not isinstance(v, str) or (v.isascii() and c not in caps):
            continue
        votes = legacy_text.Evidence().add(v).votes[encoding]
        if votes[1] > votes[0]:
            continue  # this cell reads as Unicode, typed in later
        if (line, c) in runs:
            text = legacy_text.decode_runs(runs[line, c], encoding)
        else:
            text = legacy_text.to_unicode(v, encoding, capitals=c in caps)
        if encoding == legacy_text.TCVN3 and c == columns["name"]:
            text = legacy_text.name_capitals(text)
        if text != v:
            out[c], converted = text, encoding
    return tuple(out), converted


def header_words(text: Any) -> str:
    """A header cell as compared: folded, line breaks, punctuation and numbering such as "(3)"
    gone ("Chức vụ,\nđơn vị công tác (5)" -> "chuc vu don vi cong tac")."""
    folded = fold(str(text)).replace("\n", " ")
    folded = re.sub(r"\(\s*\d{1,2}\s*\)", " ", folded)
    return " ".join(re.findall(r"[a-z0-9/]+", folded))


def field_of(text: Any) -> str | None:
    """The field a header cell names. "Nam" is male and "Năm" a year: only here do marks count."""
    if text in (None, ""):
        return None
    words = header_words(text)
    marked = " ".join(nfc(str(text)).casefold().split()).strip(" :*")
    last = marked.split()[-1] if marked else ""
    for birth in ("ngay thang nam sinh", "nam sinh", "ngay sinh"):
        if words.startswith(birth) and words != birth:
            if last == "nam":  # "Năm sinh Nam", "Ngày sinh\nNam"
                return "male"
            if last == "nữ":
                return "female"
    if marked == "nam":
        return "male"
    if marked == "nữ":
        return "female"
    if marked == "năm":
        return "year"
    for key, name in HEADERS:
        if words == key or words.startswith(key + " "):
            return name
    return None


def _fields(top: tuple, below: tuple | None) -> tuple[dict[str, int], dict[int, str]]:
    """The fields of a header one or two rows deep, and each column's header text. A cell of
    the second row is read under the group heading above it ("Năm sinh" over "Nam" and "Nữ",
    a merged cell's text carried to the columns it spans)."""
    fields: dict[str, int] = {}
    texts: dict[int, str] = {}
    carry: Any = None
    width = max(len(top), len(below or ()))
    for c in range(width):
        t = top[c] if c < len(top) else None
        b = below[c] if below is not None and c < len(below) else None
        t = None if t in (None, "") or not str(t).strip() else str(t).strip()
        b = None if b in (None, "") or not str(b).strip() else str(b).strip()
        if t is not None:
            carry = t
        elif b is None:
            carry = None
        group = t if t is not None else (carry if b is not None else None)
        name = None
        if b is not None and group is not None and field_of(f"{group} {b}") in ("male", "female"):
            text = f"{group} {b}"
        elif b is not None and (t is None or field_of(t) is None):
            text = b if field_of(b) else f"{group or ''} {b}".strip()
        else:
            text = t or b or ""
        name = field_of(text) if text else None
        if name and name not in fields:
            fields[name] = c
            texts[c] = " ".join(text.split())
        elif text:
            texts[c] = " ".join(text.split())
    if "male" in fields or "female" in fields:
        fields.pop("birth_year", None)
    return fields, texts


def _find_header(head: list[tuple]) -> Layout | None:
    """The header: the first row naming a "Họ và tên" column, with the row under it when that
    row is part of the header (a second level, not a person)."""
    for r, values in enumerate(head):
        fields, texts = _fields(values, None)
        if "name" not in fields:
            continue
        if r + 1 < len(head):
            below = head[r + 1]
            name_below = below[fields["name"]] if fields["name"] < len(below) else None
            words = [v for v in below if v not in (None, "") and str(v).strip()]
            if (words and name_below in (None, "") and not _numbering_row(below)
                    and not _section_heading(below, fields)):  # fmt: skip
                deep, deep_texts = _fields(values, below)
                if deep != fields and len(deep) >= len(fields):  # the second row says more
                    return Layout(r + 2, deep, deep_texts)
        return Layout(r + 1, fields, texts)
    return None


def _title_year(above: list[tuple]) -> tuple[int | None, str]:
    """The year a list's title names ("DANH SÁCH ĐỀ NGHỊ … NĂM 2026"; "năm học 2025–2026" is
    2026, the year it ends), never the date of the paper ("ngày 10 tháng 12 năm 2025")."""
    found: tuple[int | None, str] = (None, "")
    for values in above:
        for v in values:
            if not isinstance(v, str):
                continue
            readings = (
                [v] if v.isascii() else [v] + [legacy_text.to_unicode(v, e) for e in legacy_text.ENCODINGS]
            )
            for text in readings:  # a title typed in TCVN3 or VNI too
                folded = " ".join(fold(text).split())
                if "thang" in folded and "ngay" in folded:
                    break  # the place and date line
                m = _TITLE_YEAR.search(folded)
                if m:
                    found = (int(m.group(2) or m.group(1)), " ".join(text.split()))
                    break
    return found


def _numbering_row(values: tuple) -> bool:
    """The row of column numbers under a header: "(1) (2) (3) …", "1 2 3", "A B C"."""
    cells = [str(v).strip() for v in values if v not in (None, "") and str(v).strip()]
    if len(cells) < 3 or not all(_NUMBER_CELL.match(fold(c)) for c in cells):
        return False
    numbers = [int(re.sub(r"\D", "", c)) for c in cells if re.search(r"\d", c)]
    return len(numbers) < 3 or numbers == sorted(numbers)


def _end_of_list(values: tuple, columns: dict[str, int]) -> bool:
    """A row that closes the list: a few cells of text, no number in the STT column and no
    birth data, one of them the closing sentence, Nơi nhận or a signature's title."""
    stt = columns.get("stt")
    if stt is not None and stt < len(values) and isinstance(values[stt], int | float):
        return False
    for key in ("male", "female", "birth_year", "birth_date", "sex"):
        c = columns.get(key)
        if c is not None and c < len(values) and values[c] not in (None, ""):
            return False
    texts = [str(v) for v in values if isinstance(v, str) and v.strip()]
    if not texts or len(texts) > 3:
        return False
    return any(" ".join(fold(t).split()).startswith(_END_WORDS) for t in texts)


_SECTION_WORDS = {"tap", "the", "ca", "nhan", "de", "nghi", "khen", "thuong", "danh", "sach", "cac", "phan"}
_NUMBERING = re.compile(r"^\s*(?:[ivx]+|[a-e]|\d+)\s*[.):/-]?\s+")


def _section_of(text: str) -> str | None:
    """ "I. TẬP THỂ", "B - Cá nhân", "II. KHEN THƯỞNG TẬP THỂ" name a section; a collective's
    own name ("Tập thể Phòng Tham mưu") does not: it has words of its own."""
    folded = _NUMBERING.sub("", fold(text))
    words = re.findall(r"[a-z]+", folded)
    if not words or set(words) - _SECTION_WORDS:
        return None
    joined = " ".join(words)
    if "tap the" in joined and "ca nhan" not in joined:
        return "tap_the"
    if "ca nhan" in joined and "tap the" not in joined:
        return "ca_nhan"
    return None


def _section_heading(values: tuple, columns: dict[str, int]) -> str | None:
    """The section a heading row opens, wherever its text is (a merged cell often starts in
    the STT column); a numbered row is data, never a heading. Headings typed in TCVN3 or VNI
    are read too."""
    stt = columns.get("stt")
    if stt is not None and stt < len(values) and isinstance(values[stt], int | float):
        return None
    texts = [v for v in values if isinstance(v, str) and v.strip()]
    if not texts or len(texts) > 2:
        return None
    for text in texts:
        candidates = [text] if text.isascii() else [text] + [legacy_text.to_unicode(text, e) for e in
                                                             legacy_text.ENCODINGS]  # fmt: skip
        for candidate in candidates:
            section = _section_of(candidate)
            if section:
                return section
    return None


def _collect(data: list[ImportRow], line: int, values: tuple, columns: dict[str, int]) -> bool:
    def get(name: str) -> Any:
        c = columns.get(name)
        if c is None or c >= len(values):
            return None
        v = values[c]
        return nfc(v) if isinstance(v, str) else v

    name = get("name")
    if not name or not isinstance(name, str):
        return False  # blank rows, section headings ("I. TẬP THỂ") and totals have no name
    if fold(name).startswith(("i.", "ii.", "iii.", "tong cong", "cong")) and get("stt") in (None, ""):
        return False
    row = ImportRow(line, {k: get(k) for k in columns})
    row.values["name"] = name
    data.append(row)
    return True
