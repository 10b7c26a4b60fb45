"""Regression guard for the PySide6 6.12.0 defect on CPython 3.11: every C++ call into a
Python model's data() returning None, into a void virtual such as fetchMore(), and every
Signal.emit() lost one reference to None or True, until the interpreter died with
"Fatal Python error: none_dealloc". pyproject.toml keeps PySide6 below 6.12; this test
proves the installed build is sound."""

import subprocess
import sys
from pathlib import Path

import PySide6

PROBE = Path(__file__).with_name("pyside_refcount_probe.py")
CALLS = 100_000
# The count of None moves by a few as objects come and go; the defect loses one per call.
NOISE = 100


def test_no_lost_references_to_none_or_true_over_100000_cpp_calls():
    result = subprocess.run(
        [sys.executable, str(PROBE), str(CALLS)], capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, (
        f"PySide6 {PySide6.__version__} crashed the interpreter "
        f"(exit {result.returncode}):\n{result.stderr[-2000:]}"
    )
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines())
    assert int(lines["calls"]) >= CALLS - 3  # the probe really made the calls
    assert int(lines["emitted"]) == CALLS // 3  # and every emit reached its slot
    none_before, none_after = map(int, lines["none"].split())
    true_before, true_after = map(int, lines["true"].split())
    assert none_after >= none_before - NOISE, (
        f"PySide6 {PySide6.__version__} lost {none_before - none_after} references to None"
    )
    assert true_after >= true_before - NOISE, (
        f"PySide6 {PySide6.__version__} lost {true_before - true_after} references to True"
    )
