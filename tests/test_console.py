"""Issue 24, point 2: on Windows, output redirected to a file or a pipe is written in the ANSI code
page (cp1258 on Vietnamese Windows, cp1252, cp437 in old consoles), which lacks most Vietnamese
letters: every command raised UnicodeEncodeError, left an empty file and exit 1. Simulated with
PYTHONIOENCODING and output to a file, for every command group and each code page."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from thidua_desktop.cli.console import fit

ROOT = Path(__file__).resolve().parents[1]
CODE_PAGES = ("cp1258", "cp1252", "cp437")


def _commands(sample: Path, tmp: Path) -> dict[str, list[str]]:
    return {
        "help": ["--help"],
        "sample": ["sample", "--db", str(tmp / "moi.sqlite")],
        "check": ["check", "--db", str(sample)],
        "export": ["export", "--list"],
        "import": ["import", "--template", str(tmp / "mau.xlsx")],
        "backup": ["backup", "--db", str(sample), str(tmp / "sao.sqlite")],
        "certificates": ["certificates", "--db", str(sample), "--list-templates"],
        "papers": ["papers", "--list", "--db", str(sample)],
        "attachments": ["attachments", "list", "--db", str(sample)],
        "ledger": ["ledger", "--db", str(sample)],
        "find-paper": ["find-paper", "--db", str(sample), "QĐ-UBND"],
        "handover": ["handover", "export", "--db", str(sample), "--year", "2024", "-o", str(tmp / "bg.zip")],
        "an error": ["check", "--db", str(tmp / "không có.sqlite")],
    }


@pytest.mark.parametrize("code_page", CODE_PAGES)
def test_every_command_writes_to_a_redirect_in_the_ansi_code_page(sample_path, tmp_path, code_page):
    env = {**os.environ, "PYTHONIOENCODING": code_page}
    for name, args in _commands(sample_path, tmp_path).items():
        out, err = tmp_path / f"{name}.out", tmp_path / f"{name}.err"
        with out.open("wb") as stdout, err.open("wb") as stderr:  # redirected, as `> out.txt` does
            code = subprocess.run([sys.executable, "-m", "thidua_desktop", *args], stdout=stdout, stderr=stderr,
                                  env=env, cwd=ROOT, timeout=180).returncode  # fmt: skip
        said = (out.read_bytes() + err.read_bytes()).decode(code_page)  # readable in that code page
        assert "UnicodeEncodeError" not in said and "Traceback" not in said, (name, said[-800:])
        expected = (
            3 if name == "an error" else (1 if name == "find-paper" and "Không tìm thấy" in said else 0)
        )
        assert code == expected or (name == "find-paper" and code in (0, 1)), (name, code, said[-800:])
        assert said.strip(), name
        if code_page == "cp1258":  # Vietnamese Windows: the letters survive, spelled the code page's way
            text = unicodedata.normalize("NFC", said)
            assert any(unicodedata.normalize("NFD", ch) != ch or ch in "đĐ" for ch in text), (
                name,
                text[:300],
            )


def test_fitting_text_to_a_code_page():
    assert fit("Đã ghi tệp", "utf-8") == "Đã ghi tệp"
    assert unicodedata.normalize(
        "NFC", fit("Đã ghi tệp ữ ằ", "cp1258").encode("cp1258").decode("cp1258")
    ) == ("Đã ghi tệp ữ ằ")
    assert fit("Đã ghi tệp", "cp1252") == "Dã ghi tep"  # what the code page has, it keeps
    assert fit("Tổng: 5 ✓", "cp437") == "Tong: 5 ?"


def test_the_command_lines_help_and_errors_have_no_english(capsys):
    """Issue 20, point 5: --help of the program and of every command (and their own
    sub-commands), and argparse's errors, in Vietnamese."""
    import argparse

    import pytest

    from thidua_desktop.cli import parser as cli

    english = (
        "usage",
        "options",
        "positional arguments",
        "show this help",
        "error:",
        "required",
        "arguments",
    )

    def helps(words: list[str]) -> str:
        with pytest.raises(SystemExit):
            cli.build_parser().parse_args([*words, "--help"])
        return capsys.readouterr().out

    texts = [helps([])]
    for name in cli.COMMANDS:
        texts.append(helps([name]))
        sub = cli.build_parser()._subparsers._group_actions[0].choices[name]
        nested = [a for a in sub._actions if isinstance(a, argparse._SubParsersAction)]
        for action in nested:
            texts += [helps([name, inner]) for inner in action.choices]
    with pytest.raises(SystemExit):
        cli.build_parser().parse_args(["sample"])
    texts.append(capsys.readouterr().err)
    with pytest.raises(SystemExit):
        cli.build_parser().parse_args(["sample", "--db", "x", "--scale", "thanh-pho"])
    texts.append(capsys.readouterr().err)
    assert "cách dùng" in texts[0] and "lỗi: thiếu tham số bắt buộc: --db" in texts[-2]
    assert "lựa chọn không có" in texts[-1]
    import re

    for text in texts:
        lowered = text.lower()
        assert not [w for w in english if w in lowered], text
        # an option's value named in Vietnamese ("--db TỆP_DỮ_LIỆU"), not argparse's "--db TARGET"
        placeholders = set(re.findall(r"--[a-z-]+ ([A-Z][A-Z_]+)\b", text))
        assert not placeholders, placeholders


def test_the_window_options_are_read_without_the_commands(capsys):
    """Issue 25: ``--db F`` and ``--demo`` are read without importing the sub-commands' modules;
    a command, --help or a mistake goes to the whole parser, with its usual Vietnamese answer."""
    from thidua_desktop.cli import parser as cli

    code = (
        "import sys; from thidua_desktop.cli import parser\n"
        "a = parser.parse(['--db', 'x.sqlite', '--demo'])\n"
        "print(a.db, a.demo, a.command, 'thidua_desktop.cli.export' in sys.modules, 'sqlite_utils' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["x.sqlite", "True", "None", "False", "False"]
    with pytest.raises(SystemExit):
        cli.parse(["--db", "x.sqlite", "exprt"])  # a misspelt command: the whole parser's error
    assert "lựa chọn không có" in capsys.readouterr().err
    for words in (["--dbb", "x.sqlite"], ["--db"], ["--demo", "--db", "a", "b"]):
        with pytest.raises(SystemExit):
            cli.parse(words)
        said = capsys.readouterr().err
        with pytest.raises(SystemExit):
            cli.build_parser().parse_args(words)
        assert said == capsys.readouterr().err and "lỗi:" in said
    assert cli.parse(["check", "--db", "x.sqlite"]).command == "check"
