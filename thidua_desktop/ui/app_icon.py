"""The program's icon for its windows, from resources/icons (see icon_art.py)."""

from __future__ import annotations

import logging
from functools import cache

from PySide6.QtGui import QIcon

from thidua_desktop.shipped.files import resources_dir

log = logging.getLogger(__name__)


@cache
def app_icon() -> QIcon:
    """Every size of the .ico (sharp in the title bar and the task bar), or the .png; an
    empty icon, never an error, when the files are missing."""
    icon = QIcon()
    try:
        folder = resources_dir() / "icons"
    except FileNotFoundError:
        return icon
    for name in ("thidua.ico", "thidua.png"):
        if (folder / name).is_file():
            icon.addFile(str(folder / name))
    if icon.isNull():
        log.warning("No program icon in %s", folder)
    return icon
