"""What every long report job shares: cancellation and writing a file only when it is
complete (a temporary file beside the target, renamed at the end)."""

from __future__ import annotations

import contextlib
import errno
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from thidua_desktop.store import file_ops
from thidua_desktop.store.errors import FileWriteError


class Cancelled(Exception):
    """The user cancelled the job; nothing was written."""


def write_failure(exc: BaseException, path: Path) -> FileWriteError | None:
    """The Vietnamese error for a failed write of ``path``: an OSError, or lxml's serialiser
    (openpyxl, python-docx) reporting one as "IO_ENOSPC", "IO_EFBIG"…; None for anything else."""
    if isinstance(exc, FileWriteError):
        return exc
    if isinstance(exc, OSError):
        return FileWriteError(path, exc)
    if type(exc).__name__ == "SerialisationError" and str(exc).startswith("IO_"):
        return FileWriteError(path, OSError(getattr(errno, str(exc)[3:], errno.EIO), str(exc)))
    return None


@contextmanager
def complete_file(path: Path) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces ``path`` in one rename,
    on any error (a cancel included) it is removed and ``path`` is left as it was."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.dang-ghi")
    try:
        yield tmp
        file_ops.replace(tmp, path)  # an antivirus may hold the new file a moment
    except Exception as exc:  # a full disk, a file held open by Excel: said in Vietnamese
        failure = write_failure(exc, path)
        if failure is None:
            raise
        raise failure from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
