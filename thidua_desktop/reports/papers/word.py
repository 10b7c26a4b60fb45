"""The desk's Word papers from templates it edits in Word: the tờ trình and the draft
decision with the attached list, the achievement reports, the ceremony script (.docx).

Templates are .docx files with Jinja2 placeholders, filled by docxtpl: ``{{ so_quyet_dinh }}``
in the text, ``{%tr for p in danh_sach %}`` … ``{%tr endfor %}`` around a table row,
``{%p for … %}`` around paragraphs. The ones shipped are in resources/papers (README.md
there lists the placeholders); the desk's own copy is kept in the data file. A mistyped
placeholder is named in a Vietnamese message with the valid ones, before anything is
written; a file appears only when complete."""

from __future__ import annotations

import io
import re
import stat
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import sqlite_utils
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError, nodes
from jinja2.sandbox import SecurityError
from lxml import etree

from thidua_desktop.reports.jobs import complete_file
from thidua_desktop.reports.papers import context as pc
from thidua_desktop.reports.papers import template_guard as guard
from thidua_desktop.reports.papers.issuer import OutsideRemit
from thidua_desktop.shipped.files import resource_path
from thidua_desktop.store import desk_settings
from thidua_desktop.store.errors import os_reason
from thidua_desktop.store.records import units
from thidua_desktop.store.report_data import exports, rewards
from thidua_desktop.store.report_data import papers as sp


class PaperError(ValueError):
    """Something the user can fix (a template, a number, a missing record), in Vietnamese."""


class PaperTemplateError(PaperError):
    """A template that cannot be filled: an unknown placeholder, a broken tag, not a .docx."""


@dataclass(frozen=True)
class TemplateSource:
    name: str  # what the user calls it: the file name
    data: bytes
    builtin: bool


def shipped(kind: str) -> Path:
    """The template the program ships for ``kind``."""
    if kind not in pc.KINDS:
        raise PaperError(f"Không có loại giấy tờ “{kind}”. Các loại: {', '.join(pc.KINDS)}.")
    return resource_path("papers", f"{kind}.docx")


def template_for(db: sqlite_utils.Database | None, kind: str, path: Path | None = None) -> TemplateSource:
    """The template to fill: ``path`` when given, else the desk's kept copy, else the one shipped."""
    if kind not in pc.KINDS:
        raise PaperError(f"Không có loại giấy tờ “{kind}”. Các loại: {', '.join(pc.KINDS)}.")
    if path is not None:
        return TemplateSource(path.name, _read_template_file(Path(path)), False)
    try:
        kept = sp.kept_template(db, kind) if db is not None else None
    except (ValueError, TypeError, AttributeError) as exc:  # base64 or settings damaged, or forged
        raise PaperTemplateError(
            f"Mẫu {pc.KINDS[kind].lower()} của bộ phận lưu trong tệp dữ liệu bị hỏng. Hãy chọn lại mẫu "
            "(Giấy tờ → Mẫu giấy tờ Word…) hoặc bỏ mẫu của bộ phận để dùng mẫu kèm theo chương trình."
        ) from exc
    if kept is not None:
        return TemplateSource(kept[0], kept[1], False)
    file = shipped(kind)
    return TemplateSource(file.name, file.read_bytes(), True)


def _read_template_file(path: Path) -> bytes:
    """A template file chosen by the user: a regular file (not a device, a pipe or a folder),
    bounded before and while it is read."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise PaperTemplateError(
                f"“{path}” không phải một tệp Word .docx. Hãy chọn tệp mẫu đã lưu từ Word."
            )
        if info.st_size > guard.MAX_FILE_BYTES:
            raise PaperTemplateError(f"Tệp mẫu “{path.name}” nặng {info.st_size // (1024 * 1024)} MB, quá "
                                     f"{guard.MAX_FILE_BYTES // (1024 * 1024)} MB của một mẫu giấy tờ. Hãy chọn đúng tệp mẫu.")  # fmt: skip
        with path.open("rb") as file:
            data = file.read(guard.MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise PaperTemplateError(f"Không đọc được tệp mẫu “{path}”: {os_reason(exc)}.") from exc
    if len(data) > guard.MAX_FILE_BYTES:  # grew while it was read
        raise PaperTemplateError(f"Tệp mẫu “{path.name}” quá lớn cho một mẫu giấy tờ. Hãy chọn đúng tệp mẫu.")
    return data


# --- filling a template ---------------------------------------------------------------------
def _environment() -> guard.PaperEnvironment:
    """Jinja's sandbox with only what a paper's template may use (see template_guard)."""
    return guard.PaperEnvironment()


def _open(source: TemplateSource) -> DocxTemplate:
    try:
        guard.check_package(source.data)
    except guard.TemplateRefused as exc:
        raise PaperTemplateError(
            f"Mẫu “{source.name}” bị từ chối: {exc}. Hãy chọn đúng tệp mẫu Word."
        ) from exc
    try:
        tpl = DocxTemplate(io.BytesIO(source.data))
        tpl.init_docx()  # reads the file: a .doc or a broken file fails here
        return tpl
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, etree.LxmlError) as exc:
        raise PaperTemplateError(
            f"Tệp mẫu “{source.name}” không phải tệp Word .docx (tệp .doc cũ: hãy mở bằng Word và “Lưu thành” "
            "dạng Word Document .docx)."
        ) from exc


def _template_xml(tpl: DocxTemplate) -> str:
    """The text Jinja sees: the body, headers and footers as docxtpl prepares them."""
    tpl.init_docx()
    parts = [tpl.patch_xml(tpl.get_xml())]
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        for _key, part in tpl.get_headers_footers(uri):
            parts.append(tpl.patch_xml(tpl.get_part_xml(part)))
    # one paragraph a line, as docxtpl renders it: a syntax error's line number finds its text
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", "\n".join(parts))


def _valid_list(names) -> str:
    return ", ".join(sorted(n for n in names if not n.startswith("_")))


def _item(expr: nodes.Node, scope: dict[str, Any], context: dict[str, Any]) -> Any:
    """An example item of the list a for-loop walks (None when unknown: any field accepted)."""
    value: Any = None
    if isinstance(expr, nodes.Name):
        value = scope[expr.name] if expr.name in scope else context.get(expr.name)
    elif isinstance(expr, nodes.Getattr) and isinstance(expr.node, nodes.Name):
        parent = scope.get(expr.node.name, context.get(expr.node.name))
        value = parent.get(expr.attr) if isinstance(parent, dict) else None
    if isinstance(value, list) and value:
        return value[0]
    return None


def _unknown_names(tree: nodes.Template, context: dict[str, Any]) -> list[tuple[str, str]]:
    """Placeholders the template uses that the paper does not fill: (written, valid ones)."""
    found: list[tuple[str, str]] = []

    def walk(node: nodes.Node, scope: dict[str, Any]) -> None:
        if isinstance(node, nodes.For):
            walk(node.iter, scope)
            inner = dict(scope, loop=None)
            item = _item(node.iter, scope, context)
            for target in (
                node.target.find_all(nodes.Name) if not isinstance(node.target, nodes.Name) else [node.target]
            ):
                inner[target.name] = item
            for child in [*node.body, *([node.test] if node.test is not None else [])]:
                walk(child, inner)
            for child in node.else_:
                walk(child, scope)
            return
        if isinstance(node, nodes.Assign | nodes.AssignBlock):
            for target in (
                node.target.find_all(nodes.Name) if not isinstance(node.target, nodes.Name) else [node.target]
            ):
                scope[target.name] = None
        if isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name) and node.node.name in scope:
            item = scope[node.node.name]
            if isinstance(item, dict) and node.attr not in item:
                found.append((f"{node.node.name}.{node.attr}", _valid_list(item)))
            return
        if isinstance(node, nodes.Name) and node.ctx == "load":
            if node.name not in scope and node.name not in context:
                found.append((node.name, _valid_list(context)))
            return
        for child in node.iter_child_nodes():
            walk(child, scope)

    walk(tree, {})
    return list(dict.fromkeys(found))


def _near(xml: str, lineno: int | None) -> str:
    if not lineno:
        return ""
    lines = xml.splitlines()[max(lineno - 2, 0) : lineno + 1]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", " ".join(lines))).strip()
    return f" (gần đoạn: “{text[:120]}”)" if text else ""


def _unknown_message(source: TemplateSource, unknown: list[tuple[str, str]]) -> str:
    written = ", ".join(f"{{{{ {name} }}}}" for name, _ in unknown)
    valid = unknown[0][1]
    what = "chỗ điền không có" if len(unknown) == 1 else "những chỗ điền không có"
    return (
        f"Mẫu “{source.name}” có {what} trong giấy tờ này: {written}. "
        f"Các chỗ điền dùng được{' ở đây' if '.' in unknown[0][0] else ''}: {valid}. "
        "Hãy sửa mẫu trong Word (gõ lại cả chỗ điền, kể cả dấu ngoặc) rồi chọn lại."
    )


_OPEN = re.compile(r"\{[{%#]|[}%#]\}")
_CLOSE = {"{{": "}}", "{%": "%}", "{#": "#}"}
_HOW = "Mỗi chỗ điền có dạng {{ ten_cho_dien }}; vòng lặp dòng bảng là {%tr for p in danh_sach %} … {%tr endfor %}."


def _paragraph_texts(tpl: DocxTemplate):
    """The text of every paragraph the user typed: body, tables, headers and footers."""
    elements = [tpl.docx.element.body]
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        elements += [parse_xml(part.blob) for _key, part in tpl.get_headers_footers(uri)]
    for element in elements:
        for p in element.iter(qn("w:p")):
            yield "".join(t.text or "" for t in p.iter(qn("w:t")))


def _broken_tag(tpl: DocxTemplate) -> tuple[str, str] | None:
    """The first tag opened and not closed in its paragraph (or closed and never opened):
    (the tag as written, the paragraph)."""
    for text in _paragraph_texts(tpl):
        opened: re.Match | None = None
        for m in _OPEN.finditer(text):
            mark = m.group()
            if mark in _CLOSE:
                if opened is not None:
                    return text[opened.start() : m.start()].strip(), text
                opened = m
            elif opened is not None and _CLOSE[opened.group()] == mark:
                opened = None
            elif opened is None and mark in ("}}", "%}"):
                start = max(text.rfind(" ", 0, max(m.start() - 1, 0)), 0)
                return text[start : m.end()].strip(), text
        if opened is not None:
            return text[opened.start() : opened.start() + 40].strip(), text
    return None


def _syntax_message(source: TemplateSource, exc: TemplateSyntaxError, xml: str) -> str:
    unknown_tag = re.search(r"unknown tag '([^']+)'", exc.message or "")
    if unknown_tag:
        what = f"lệnh “{unknown_tag.group(1)}” không có (dùng for, endfor, if, else, endif)"
    elif "unexpected end of template" in (exc.message or "").lower():
        what = "vòng lặp hoặc điều kiện mở mà chưa đóng (thiếu endfor hoặc endif)"
    else:
        what = exc.message or str(exc)
    return f"Mẫu “{source.name}” có chỗ điền viết sai{_near(xml, exc.lineno)}: {what}. {_HOW}"


def _refused_message(source: TemplateSource, refused: list[tuple[str, int]], xml: str) -> str:
    what = "; ".join(text for text, _line in refused[:4])
    return (
        f"Mẫu “{source.name}” có lệnh không được dùng trong mẫu giấy tờ{_near(xml, refused[0][1])}: {what}. "
        "Mẫu chỉ được có chỗ điền {{ ten_cho_dien }}, vòng lặp {%tr for p in danh_sach %} và điều kiện "
        "{%p if … %}; vì an toàn, chương trình không điền mẫu này. Hãy sửa mẫu trong Word rồi chọn lại."
    )


def fill(source: TemplateSource, context: dict[str, Any], out: Path | None = None) -> bytes:
    """The filled document (also written to ``out`` when given, only once complete).
    Raises PaperTemplateError with a Vietnamese message naming what is wrong. The template is
    checked every time (a kept one too: a data file may come from elsewhere) and filled in the
    sandbox of ``template_guard``."""
    try:
        return _fill(source, context, out)
    except etree.LxmlError as exc:  # malformed XML inside the .docx, before or after filling
        raise PaperTemplateError(
            f"Mẫu “{source.name}” có nội dung hỏng (XML không hợp lệ), Word không lưu ra như vậy. "
            "Hãy mở mẫu bằng Word, lưu lại rồi chọn lại."
        ) from exc


def _fill(source: TemplateSource, context: dict[str, Any], out: Path | None) -> bytes:
    tpl = _open(source)
    xml = _template_xml(tpl)
    try:
        guard.check_text(xml)
    except guard.TemplateRefused as exc:
        raise PaperTemplateError(f"Mẫu “{source.name}” bị từ chối: {exc}.") from exc
    broken = _broken_tag(tpl)
    if broken is not None:
        written, paragraph = broken
        raise PaperTemplateError(
            f"Mẫu “{source.name}” có chỗ điền chưa đóng hoặc thiếu dấu mở: “{written}” ở đoạn “{paragraph[:120]}”. "
            + _HOW
        )
    env = _environment()
    try:
        tree = env.parse(xml)
        refused = guard.refusals(tree)
        if refused:
            raise PaperTemplateError(_refused_message(source, refused, xml))
        unknown = _unknown_names(tree, context)
    except TemplateSyntaxError as exc:
        raise PaperTemplateError(_syntax_message(source, exc, xml)) from exc
    except RecursionError as exc:
        raise PaperTemplateError(
            f"Mẫu “{source.name}” có chỗ điền lồng nhau quá sâu; mẫu giấy tờ không viết như vậy. Hãy sửa mẫu rồi chọn lại."
        ) from exc
    if unknown:
        raise PaperTemplateError(_unknown_message(source, unknown))
    tpl = _open(source)  # a fresh copy: docxtpl renders each template once
    try:
        tpl.render(guard.guarded_context(context), env)
    except UndefinedError as exc:
        name = re.search(r"'([^']+)' is undefined|has no attribute '([^']+)'", str(exc))
        written = (name.group(1) or name.group(2)) if name else str(exc)
        raise PaperTemplateError(_unknown_message(source, [(written, _valid_list(context))])) from exc
    except guard.TemplateLimit as exc:
        raise PaperTemplateError(
            f"Mẫu “{source.name}” bị dừng khi điền: {exc}. Hãy kiểm tra các vòng lặp của mẫu."
        ) from exc
    except SecurityError as exc:
        raise PaperTemplateError(_refused_message(source, [("thao tác bị chặn khi điền", 0)], xml)) from exc
    except (TemplateError, TypeError, ValueError, RecursionError) as exc:
        raise PaperTemplateError(
            f"Mẫu “{source.name}” không điền được: một chỗ điền dùng sai kiểu dữ liệu hoặc sai bộ lọc. "
            "Hãy so với mẫu kèm theo chương trình (Giấy tờ → Mẫu giấy tờ Word…) rồi sửa lại."
        ) from exc
    buffer = io.BytesIO()
    tpl.save(buffer)
    data = buffer.getvalue()
    if out is not None:
        with complete_file(Path(out)) as tmp:
            tmp.write_bytes(data)
    return data


def check(kind: str, source: TemplateSource) -> None:
    """Fill ``source`` with an example of ``kind``: raises PaperTemplateError if it cannot be."""
    fill(source, pc.example_context(kind))


def use_template(db: sqlite_utils.Database, kind: str, path: Path) -> TemplateSource:
    """Check the desk's template ``path`` for ``kind`` and keep a copy in the data file;
    nothing is kept when it cannot be filled (PaperTemplateError says why)."""
    source = template_for(None, kind, Path(path))
    check(kind, source)
    sp.keep_template(db, kind, Path(path), source.data)
    return source


# --- the papers, from the data file ---------------------------------------------------------------
def desk(
    db: sqlite_utils.Database, kind: str = "", signer: dict[str, str] | None = None, year: int | None = None
) -> pc.Desk:
    """Who the desk is, from its identity in the data file; ``signer`` ({"title", "name",
    "authority"}) is the signer given for this one paper of ``kind``."""
    identity = desk_settings.load_identity(db)
    head = units.cluster_head(db, year or date.today().year) if identity.level == "khoi" else ""
    given = {kind: {k: v for k, v in signer.items() if v}} if signer and kind else {}
    return pc.Desk(identity, given, head)


def _reported(db: sqlite_utils.Database, proposal: int | None, **who: int | None) -> dict[str, Any] | None:
    """The proposal a report is for: ``proposal`` (it must be the person's or unit's), else
    the highest award of the newest year."""
    if proposal is None:
        return sp.latest_proposal(db, **who)
    found = sp.proposal(db, proposal)
    key, value = next((k, v) for k, v in who.items() if v is not None)
    if found is None or found[key] != value:
        raise PaperError(f"Đề nghị mã {proposal} không phải của {'cá nhân' if key == 'individual_id' else 'đơn vị'} "
                         f"mã {value}.")  # fmt: skip
    return found


def context_for(
    db: sqlite_utils.Database, kind: str, *, number: str | None = None, person: int | None = None,
    unit: int | None = None, signer: dict[str, str] | None = None, proposal: int | None = None,
) -> dict[str, Any]:  # fmt: skip
    """The filled placeholders of one paper. Raises PaperError when there is nothing to fill."""
    who = desk(db, kind, signer)
    if kind == "to-trinh":
        if not number:
            raise PaperError("Hãy chọn số tờ trình.")
        records = sp.submission_records(db, number)
        if not records:
            raise PaperError(f"Không có đề nghị nào đã trình theo tờ trình số “{number}”.")
        who = desk(db, kind, signer, max(r["year"] for r in records))
        return pc.submission_context(records, number, who, desk_settings.load(db))
    if kind in ("quyet-dinh", "kich-ban"):
        if not number:
            raise PaperError("Hãy chọn số quyết định.")
        records = sp.decision_records(db, number)
        if not records:
            raise PaperError(f"Quyết định số “{number}” chưa có đề nghị nào được khen thưởng.")
        try:
            if kind == "kich-ban":
                return pc.ceremony_context(records, number, who)
            settings = desk_settings.load(db)
            due = rewards.due_for(db, [r["id"] for r in records], settings)  # the ledger's figures
            return pc.decision_context(records, number, who, settings, due=due)
        except OutsideRemit as exc:
            raise PaperError(str(exc)) from exc
    if kind == "bao-cao-ca-nhan":
        found = sp.person(db, person) if person is not None else None
        if found is None:
            raise PaperError(f"Không tìm thấy cá nhân mã {person}.")
        return pc.person_report_context(
            found, _reported(db, proposal, individual_id=person), exports.award_history(db, individual_id=person),
            sp.ratings(db, individual_id=person), sp.initiatives(db, person), who,
        )  # fmt: skip
    if kind == "bao-cao-tap-the":
        found = sp.unit(db, unit) if unit is not None else None
        if found is None:
            raise PaperError(f"Không tìm thấy đơn vị mã {unit}.")
        return pc.unit_report_context(
            found, _reported(db, proposal, unit_id=unit), exports.award_history(db, unit_id=unit),
            sp.ratings(db, unit_id=unit), who,
        )  # fmt: skip
    raise PaperError(f"Không có loại giấy tờ “{kind}”. Các loại: {', '.join(pc.KINDS)}.")


def write(
    db: sqlite_utils.Database, kind: str, out: Path, *, number: str | None = None, person: int | None = None,
    unit: int | None = None, template: Path | None = None, signer: dict[str, str] | None = None,
    proposal: int | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Fill the template of ``kind`` for one submission, decision, person or unit and write
    ``out``: .docx, or for the ceremony script also .pdf. Returns the context it was filled with."""
    suffix = Path(out).suffix.lower()
    if suffix != ".docx" and not (kind == "kich-ban" and suffix == ".pdf"):
        raise PaperError("Tệp ghi ra phải có đuôi .docx" + (" hoặc .pdf." if kind == "kich-ban" else "."))
    context = context_for(db, kind, number=number, person=person, unit=unit, signer=signer, proposal=proposal)
    if suffix == ".pdf":
        from thidua_desktop.reports.papers import ceremony

        ceremony.write_pdf(Path(out), context)
    else:
        fill(template_for(db, kind, template), context, Path(out))
    return context
