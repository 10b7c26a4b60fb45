"""What every command shares: exit codes, the error line on stderr, dates as the desk types them."""

from __future__ import annotations

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
