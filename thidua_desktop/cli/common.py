"""What every command shares: exit codes, the error line on stderr, dates as the desk types them."""

from __future__ import annotations

import sys

# 0 done; 1 done, but problems found (check, attachments check) or nothing to do;
# 2 wrong use of the command; 3 the data file cannot be used
EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, EXIT_FILE = 0, 1, 2, 3


def fail(message: str, code: int = EXIT_USAGE) -> int:
    """Say what is wrong on stderr, in Vietnamese, and give the exit code."""
    print(f"Lỗi: {message}", file=sys.stderr)
    return code


def parse_date(text: str):
    """A dd/mm/yyyy date typed on the command line (None when empty); ValueError says why not."""
    from thidua_desktop.domain.dates import DateError, parse_vn_date

    try:
        return parse_vn_date(text)
    except DateError as exc:
        raise ValueError(str(exc)) from None
