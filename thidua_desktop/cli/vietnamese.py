"""The command line's own words in Vietnamese (issue 20, point 5): argparse writes "usage",
"options", "show this help message and exit" and its error messages through gettext; these
are them in Vietnamese, installed before any parser is built (``install``)."""

from __future__ import annotations

import argparse

WORDS = {
    "usage: ": "cách dùng: ",
    "options": "tùy chọn",
    "positional arguments": "tham số",
    "show this help message and exit": "in hướng dẫn này rồi thoát",
    "show program's version number and exit": "in số phiên bản rồi thoát",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "unrecognized arguments: %s": "tham số không hiểu: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "lựa chọn không có: %(value)r (chọn một trong: %(choices)s)",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "invalid %(type)s value: %(value)r": "giá trị %(value)r không đúng kiểu %(type)s",
    "expected one argument": "cần một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
    "not allowed with argument %s": "không dùng cùng với %s",
    "one of the arguments %s is required": "cần một trong các tham số %s",
    "ambiguous option: %(option)s could match %(matches)s": "tùy chọn %(option)s chưa rõ: có thể là %(matches)s",
    "ignored explicit argument %r": "bỏ qua giá trị %r",
    "unexpected option string: %s": "tùy chọn không mong đợi: %s",
}
_PLURALS = {("expected %s argument", "expected %s arguments"): "cần %s giá trị"}


def _(text: str) -> str:
    return WORDS.get(text, text)


def _n(singular: str, plural: str, n: int) -> str:
    return _PLURALS.get((singular, plural), singular if n == 1 else plural)


def install() -> None:
    """argparse looks its words up through these from now on."""
    argparse._ = _
    argparse.ngettext = _n
