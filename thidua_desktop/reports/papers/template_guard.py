"""What a Word template of the desk's papers may hold, and the sandbox it is filled in.

A template comes from outside the program (a colleague's file, a copy of another desk's data
file, where a chosen template is kept) and is treated as hostile. Before it is filled, every
tag is checked against a whitelist: the paper's placeholders and their fields (never a name
or field starting with "_"), ``for`` over a list, ``if`` / ``elif`` / ``else`` with
comparisons and ``and`` / ``or`` / ``not``, the filters in ``FILTERS`` and the tests in
``TESTS``. Everything else is refused and named in Vietnamese: calling anything, arithmetic,
literal lists and dicts, ``include`` / ``import`` / ``extends``, ``macro``, ``set``, ``filter``
blocks. The file is bounded before it is unpacked, the text before it is parsed, the nesting
while it is parsed. It is then filled in Jinja's ``ImmutableSandboxedEnvironment`` with no
globals (no ``range``, ``cycler``, ``lipsum``…), so even a tag the whitelist let through
cannot reach Python's internals; loops walk only the paper's own lists, every pass counted
against a bound and a time limit, and the output is bounded as it is joined.

Issue 17, point 1: ``{{ cycler.__init__.__globals__.os.popen('id').read() }}`` ran a command;
``range(1e8)`` and ``9 ** (9 ** 9)`` hung or exhausted memory."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Iterator
from typing import Any

from jinja2 import StrictUndefined, nodes
from jinja2.defaults import DEFAULT_FILTERS, DEFAULT_TESTS
from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_FILE_BYTES = 20 * 1024 * 1024  # a .docx the desk edits: the shipped ones are ~40 KB
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_RATIO = 200  # unpacked / packed, per member: above this a member is a zip bomb
MAX_TEXT_CHARS = 5_000_000  # the XML Jinja parses (the shipped templates: ~0.1 MB)
MAX_NESTING = 12  # for and if inside each other
MAX_OUTPUT_CHARS = 400_000_000  # the filled XML of one part
SECONDS = 60.0  # filling one paper
FILTERS = ("upper", "lower", "capitalize", "title", "trim", "length", "count", "first", "last",
           "default", "d", "join", "string", "e", "escape")  # fmt: skip
TESTS = ("defined", "undefined", "none", "number", "string", "even", "odd", "eq", "ne", "lt", "le", "gt",
         "ge", "equalto", "sameas", "in")  # fmt: skip

# what a refused construct is called, for the user
_REFUSED = {
    nodes.Call: "gọi hàm",
    nodes.Add: "phép tính",
    nodes.Sub: "phép tính",
    nodes.Mul: "phép tính",
    nodes.Div: "phép tính",
    nodes.FloorDiv: "phép tính",
    nodes.Mod: "phép tính",
    nodes.Pow: "phép tính",
    nodes.Neg: "phép tính",
    nodes.Pos: "phép tính",
    nodes.Include: "lệnh include (mẫu không được nạp tệp khác)",
    nodes.Import: "lệnh import (mẫu không được nạp tệp khác)",
    nodes.FromImport: "lệnh import (mẫu không được nạp tệp khác)",
    nodes.Extends: "lệnh extends (mẫu không được nạp tệp khác)",
    nodes.Macro: "lệnh macro",
    nodes.CallBlock: "lệnh call",
    nodes.Assign: "lệnh set",
    nodes.AssignBlock: "lệnh set",
    nodes.FilterBlock: "lệnh filter",
    nodes.With: "lệnh with",
    nodes.Block: "lệnh block",
    nodes.ExprStmt: "lệnh do",
    nodes.Slice: "cắt chuỗi",
    nodes.List: "danh sách viết trong mẫu",
    nodes.Dict: "từ điển viết trong mẫu",
    nodes.Tuple: "bộ giá trị viết trong mẫu",
}
_ALLOWED = (nodes.Template, nodes.Output, nodes.TemplateData, nodes.Name, nodes.Const, nodes.Getattr,
            nodes.Getitem, nodes.For, nodes.If, nodes.CondExpr, nodes.Filter, nodes.Test, nodes.Compare,
            nodes.Operand, nodes.And, nodes.Or, nodes.Not, nodes.Concat)  # fmt: skip


class TemplateRefused(ValueError):
    """The template holds something a paper's template may not; the message says what."""


class TemplateLimit(RuntimeError):
    """Filling the template went past a bound (passes, time, size); the message says which."""


# --- before parsing ----------------------------------------------------------------------------
def check_package(data: bytes) -> None:
    """Refuse a file too big to be a template, or one that unpacks to far more than it weighs,
    before anything is unpacked."""
    if len(data) > MAX_FILE_BYTES:
        raise TemplateRefused(f"tệp nặng {len(data) // (1024 * 1024)} MB, quá {MAX_FILE_BYTES // (1024 * 1024)} MB "
                              "của một mẫu giấy tờ")  # fmt: skip
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        return  # not a zip at all: the caller says it is not a .docx
    total = 0
    for member in members:
        total += member.file_size
        packed = max(member.compress_size, 1)
        if member.file_size > 1024 * 1024 and member.file_size / packed > MAX_RATIO:
            raise TemplateRefused(f"phần “{member.filename[:60]}” nén bất thường (bung ra gấp "
                                  f"{member.file_size // packed} lần), không phải tệp Word soạn bình thường")  # fmt: skip
        if total > MAX_UNPACKED_BYTES:
            raise TemplateRefused(f"tệp bung ra quá {MAX_UNPACKED_BYTES // (1024 * 1024)} MB")


def check_text(xml: str) -> None:
    if len(xml) > MAX_TEXT_CHARS:
        raise TemplateRefused(
            f"nội dung quá dài ({len(xml):,} ký tự; tối đa {MAX_TEXT_CHARS:,})".replace(",", ".")
        )


# --- after parsing -----------------------------------------------------------------------------
def refusals(tree: nodes.Template) -> list[tuple[str, int]]:
    """What the parsed template holds that a paper's template may not, each named once with
    the line of its first use, in the order met (empty: the template may be filled)."""
    found: dict[str, int] = {}
    here = [0]

    def say(text: str) -> None:
        found.setdefault(text, here[0])

    def walk(node: nodes.Node, depth: int) -> None:
        here[0] = getattr(node, "lineno", here[0]) or here[0]
        if isinstance(node, nodes.For | nodes.If):
            depth += 1
            if depth > MAX_NESTING:
                say(f"vòng lặp, điều kiện lồng nhau quá {MAX_NESTING} tầng")
                return
        if isinstance(node, nodes.For) and not isinstance(node.iter, nodes.Name | nodes.Getattr):
            say("vòng lặp for chỉ đi qua một danh sách của giấy tờ (ví dụ {%tr for p in danh_sach %})")
        if isinstance(node, nodes.For) and node.recursive:
            say("vòng lặp recursive")
        if isinstance(node, nodes.Getattr) and node.attr.startswith("_"):
            say(f"thuộc tính ẩn “.{node.attr}”")
        if isinstance(node, nodes.Getitem):
            key = node.arg.value if isinstance(node.arg, nodes.Const) else None
            if (
                not isinstance(key, str | int)
                or isinstance(key, bool)
                or (isinstance(key, str) and key.startswith("_"))
            ):
                say("chỉ số [ ] không phải tên trường hoặc số thứ tự")
        if isinstance(node, nodes.Name) and node.name.startswith("_"):
            say(f"tên ẩn “{node.name}”")
        if isinstance(node, nodes.Filter) and node.name not in FILTERS:
            say(f"bộ lọc “|{node.name}” (dùng được: {', '.join(f for f in FILTERS if len(f) > 2)})")
        if isinstance(node, nodes.Test) and node.name not in TESTS:
            say(f"phép thử “is {node.name}”")
        if isinstance(node, nodes.Const) and isinstance(node.value, str) and len(node.value) > 10_000:
            say("chuỗi viết trong mẫu quá dài")
        if not isinstance(node, _ALLOWED) and not _is_loop_target(node, parents):
            say(_REFUSED.get(type(node), f"lệnh “{type(node).__name__}”"))
        parents.append(node)
        try:
            for child in node.iter_child_nodes():
                walk(child, depth)
        finally:
            parents.pop()

    parents: list[nodes.Node] = []
    walk(tree, 0)
    return list(found.items())


def _is_loop_target(node: nodes.Node, parents: list[nodes.Node]) -> bool:
    """``for a, b in pairs``: the tuple of names a loop unpacks into (written, not read)."""
    return (
        isinstance(node, nodes.Tuple)
        and bool(parents)
        and isinstance(parents[-1], nodes.For)
        and (parents[-1].target is node)
    )


# --- filling ----------------------------------------------------------------------------------
class _Budget:
    """Passes of every loop and the time, shared by the lists of one paper's context."""

    def __init__(self, passes: int, seconds: float) -> None:
        self.left = passes
        self.deadline = time.monotonic() + seconds

    def spend(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise TemplateLimit("mẫu lặp lại quá nhiều lần so với số dòng của giấy tờ (vòng lặp lồng nhau?)")
        if self.left % 1024 == 0 and time.monotonic() > self.deadline:
            raise TemplateLimit(f"điền mẫu quá {SECONDS:.0f} giây")


class _CountedList(list):
    """A list of the paper whose every pass in a loop is counted against the budget."""

    budget: _Budget

    def __iter__(self) -> Iterator[Any]:
        for item in super().__iter__():
            self.budget.spend()
            yield item


def guarded_context(context: dict[str, Any]) -> dict[str, Any]:
    """The paper's context with its lists counted: all loops together may pass at most four
    times over every item the paper has, plus ten thousand (a template walks a list once, or
    once per award group)."""
    items = 0

    def count(value: Any) -> None:
        nonlocal items
        if isinstance(value, dict):
            for v in value.values():
                count(v)
        elif isinstance(value, list | tuple):
            items += len(value)
            for v in value:
                count(v)

    count(context)
    budget = _Budget(4 * items + 10_000, SECONDS)

    def wrap(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: wrap(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            counted = _CountedList(wrap(v) for v in value)
            counted.budget = budget
            return counted
        return value

    return wrap(context)


class PaperEnvironment(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with nothing in it but the whitelisted filters and tests:
    autoescape (“&” and “<” in a name stay text in the XML), StrictUndefined (a typo is an
    error, not a blank), no globals, output bounded as it is joined."""

    def __init__(self) -> None:
        super().__init__(undefined=StrictUndefined, autoescape=True)
        self.globals.clear()
        self.filters = {name: DEFAULT_FILTERS[name] for name in FILTERS}
        self.tests = {name: DEFAULT_TESTS[name] for name in TESTS}

    def concat(self, parts) -> str:  # type: ignore[override]  # Environment.concat is "".join
        out: list[str] = []
        size = 0
        for part in parts:
            size += len(part)
            if size > MAX_OUTPUT_CHARS:
                raise TemplateLimit("giấy tờ điền ra quá lớn")
            out.append(part)
        return "".join(out)
