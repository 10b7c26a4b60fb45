"""The command line's parser: the window's own options (--db, --demo) and one sub-command per
command group, each defined and run by its module in this package."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from types import ModuleType

from thidua_desktop import APP_TITLE, __version__
from thidua_desktop.cli import console
from thidua_desktop.cli.common import EXIT_FILE, speak_vietnamese

# sub-command -> the module (in this package) that adds its parser and runs it, in the order
# --help lists them; imported only when a command or --help needs them, so the window's
# start does not pay for them (issue 25)
COMMANDS: dict[str, str] = {
    "sample": "sample",
    "check": "check",
    "desk": "desk",  # the desk's identity
    "export": "export",
    "import": "importing",
    "backup": "backup",
    "certificates": "certificates",
    "papers": "papers",  # tờ trình, quyết định, báo cáo thành tích, kịch bản
    "attachments": "attachments",
    "ledger": "ledger",
    "find-paper": "find_paper",
    "handover": "handover",
}


def command(name: str) -> ModuleType:
    import importlib

    return importlib.import_module(f"thidua_desktop.cli.{COMMANDS[name]}")


def parse(argv: list[str] | None) -> argparse.Namespace:
    """The arguments: the window's own (``--db``, ``--demo``) read without building the
    sub-commands' parsers; anything else (a command, --help, --version, a mistake) by the
    whole parser, so its answers and errors are the same as ever."""
    words = sys.argv[1:] if argv is None else list(argv)
    if not any(w.startswith("-h") or w in ("--help", "--version") or w in COMMANDS for w in words):
        window = _WindowOptions(add_help=False)
        window.add_argument("--db", type=Path)
        window.add_argument("--demo", action="store_true")
        try:
            args, rest = window.parse_known_args(words)
        except _Mistake:
            rest = words
        if not rest:
            args.command = None
            return args
    return build_parser().parse_args(words)


class _Mistake(Exception):
    pass


class _WindowOptions(argparse.ArgumentParser):
    def error(self, message):  # said by the whole parser instead, in its words
        raise _Mistake(message)


def build_parser() -> argparse.ArgumentParser:
    speak_vietnamese()  # "cách dùng", "tùy chọn", errors: argparse's own words in Vietnamese
    parser = argparse.ArgumentParser(
        prog="thidua-desktop",
        description=f"{APP_TITLE}: phần mềm công tác thi đua, khen thưởng của khối thi đua. "
        "Không có lệnh con thì mở cửa sổ chương trình.",
    )
    parser.add_argument("--version", action="version", version=f"thidua-desktop {__version__}")
    parser.add_argument("--db", type=Path, help="tệp dữ liệu (.sqlite) cần mở")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="mở một bản sao dữ liệu mẫu kèm theo chương trình (một khối thi đua hư cấu)",
    )
    sub = parser.add_subparsers(dest="command", metavar="LỆNH")
    for name in COMMANDS:
        command(name).add_parser(sub)
    _vietnamese_metavars(parser)
    return parser


#: the placeholder each option's value shows in --help, in Vietnamese ("--db TỆP_DỮ_LIỆU", not
#: "--db TARGET"): an option without its own metavar shows its destination's name in capitals
METAVARS = {
    "target": "TỆP_DỮ_LIỆU", "list_db": "TỆP_DỮ_LIỆU", "out": "TỆP_RA", "file": "TỆP", "template": "TỆP_MẪU",
    "amount": "SỐ_TIỀN", "award": "HÌNH_THỨC", "cluster": "MÃ_KHỐI", "decision": "SỐ_QUYẾT_ĐỊNH",
    "person": "MÃ_NGƯỜI", "proposal": "MÃ_ĐỀ_NGHỊ", "receiver": "NGƯỜI_NHẬN", "seed": "SỐ_KHỞI_ĐẦU",
    "signer_name": "HỌ_TÊN_NGƯỜI_KÝ", "signer_title": "CHỨC_VỤ_NGƯỜI_KÝ", "start": "SỐ_ĐẦU", "unit": "MÃ_ĐƠN_VỊ",
    "voucher": "SỐ_CHỨNG_TỪ", "year": "NĂM", "db": "TỆP_DỮ_LIỆU", "date": "NGÀY", "on": "NGÀY", "kind": "LOẠI",
    "number": "SỐ_VĂN_BẢN", "title": "TÊN", "submission": "SỐ_TỜ_TRÌNH", "signer_authority": "THẨM_QUYỀN_KÝ",
}  # fmt: skip


def _vietnamese_metavars(parser: argparse.ArgumentParser) -> None:
    for action in parser._actions:  # argparse keeps no public list of them
        if action.metavar is None and action.dest in METAVARS and action.option_strings:
            action.metavar = METAVARS[action.dest]
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                _vietnamese_metavars(child)


def run(args: argparse.Namespace) -> int:
    """Run the sub-command ``args`` names; a data file or another file that cannot be used
    (full disk, I/O error, held by Excel…) is said on stderr in Vietnamese, exit 3; no control
    character of a name reaches the console."""
    with console.safe_streams():
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    import sqlite3

    from thidua_desktop.store import StoreError
    from thidua_desktop.store.db import translate
    from thidua_desktop.store.errors import user_text

    try:
        return command(args.command).run(args)
    except StoreError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
    except sqlite3.Error as exc:
        translated = translate(exc, getattr(args, "target", None))
        if translated is exc:
            raise
        print(f"Lỗi: {translated}", file=sys.stderr)
    except OSError as exc:
        print(f"Lỗi: {user_text(exc)}. Hãy kiểm tra ổ đĩa, quyền ghi, hoặc đóng chương trình đang mở tệp, rồi làm lại.",
              file=sys.stderr)  # fmt: skip
    return EXIT_FILE
