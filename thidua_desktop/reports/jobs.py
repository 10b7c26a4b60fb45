"""What every long report job shares: cancellation and writing a file only when it is
complete (a temporary file beside the target, renamed at the end)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class Cancelled(Exception):
    """The user cancelled the job; nothing was written."""


@contextmanager
def complete_file(path: Path) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces ``path`` in one rename,
    on any error (a cancel included) it is removed and ``path`` is left as it was."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.dang-ghi")
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
