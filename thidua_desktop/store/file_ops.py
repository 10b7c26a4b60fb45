"""File operations Windows may refuse for a moment: an antivirus scan, OneDrive or the search
indexer holds a file just written (ERROR_SHARING_VIOLATION 32, ERROR_LOCK_VIOLATION 33), and a
rename or delete at that instant fails although a second later it would work. These retry with
a short backoff (about 1.5 s in all) on exactly those errors; any other refusal, and the same
one after the last try, is raised as it came (issue 24, point 6). Elsewhere nothing changes: no
other system reports those codes."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
SHARING_VIOLATIONS = frozenset({32, 33})
DELAYS = (0.05, 0.1, 0.2, 0.4, 0.8)


def held_briefly(exc: BaseException) -> bool:
    """A refusal that means "another program has it open right now"."""
    return isinstance(exc, OSError) and getattr(exc, "winerror", None) in SHARING_VIOLATIONS


def retrying(action: Callable[[], T], *, delays: tuple[float, ...] = DELAYS, sleep=time.sleep) -> T:
    """``action()``, tried again after each delay while it fails with a sharing violation."""
    for delay in (*delays, None):
        try:
            return action()
        except OSError as exc:
            if delay is None or not held_briefly(exc):
                raise
            sleep(delay)
    raise AssertionError("unreachable")


def replace(source: str | os.PathLike, target: str | os.PathLike) -> None:
    """``os.replace``, retried while another program holds either file for a moment."""
    retrying(lambda: os.replace(source, target))


def unlink(path: str | os.PathLike, *, missing_ok: bool = True) -> None:
    """``Path.unlink``, retried while another program holds the file for a moment."""
    retrying(lambda: Path(path).unlink(missing_ok=missing_ok))
