"""What every command shares: exit codes, the error line on stderr, dates as the desk types them."""

from __future__ import annotations

import argparse
import contextlib
import sys

# 0 done; 1 done, but problems found (check, attachments check) or nothing to do;
# 2 wrong use of the command; 3 the data file cannot be used
EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, EXIT_FILE = 0, 1, 2, 3


def fail(message: str, code: int = EXIT_USAGE) -> int:
    """Say what is wrong on stderr, in Vietnamese, and give the exit code."""
    print(f"Lỗi: {message}", file=sys.stderr)
    return code


def add_wait(parser) -> None:
    """``--wait [GIÂY]`` on a command that writes into the data file."""
    parser.add_argument(
        "--wait", type=float, nargs="?", const=600.0, default=None, metavar="GIÂY",
        help="nếu tệp đang được mở để ghi ở cửa sổ khác: chờ tới khi đóng (mặc định tối đa 600 giây) thay vì dừng",
    )  # fmt: skip


def writer(args, writes: bool):
    """While a command writes into the data file it holds the file's lock, as the window does:
    a file a window holds is refused (exit 3, saying who holds it) or waited for (--wait)."""
    if not writes or getattr(args, "target", None) is None:
        return contextlib.nullcontext()
    from thidua_desktop.store.desk_lock import writing

    return writing(args.target, wait=getattr(args, "wait", None))


def parse_date(text: str):
    """A dd/mm/yyyy date typed on the command line (None when empty); ValueError says why not."""
    from thidua_desktop.domain.dates import DateError, parse_vn_date

    try:
        return parse_vn_date(text)
    except DateError as exc:
        raise ValueError(str(exc)) from None


# --- argparse's own words in Vietnamese (issue 20, point 5): "usage", "options", "show this
# help message and exit" and its errors go through gettext; these are them in Vietnamese,
# installed before any parser is built (``speak_vietnamese``).
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


def speak_vietnamese() -> None:
    """argparse looks its words up through these from now on."""
    argparse._ = _
    argparse.ngettext = _n
