"""The four working tabs in their order: the title and where the function that builds each
lives. A tab's module is imported when the tab is first built (the window starts without
the three tabs it does not show)."""

from __future__ import annotations

import importlib

TABS = (
    ("Đơn vị thành viên", "units", "units_tab"),
    ("Phong trào thi đua", "movements", "movements_tab"),
    ("Cá nhân điển hình", "people", "individuals_tab"),
    ("Đề nghị khen thưởng", "proposals", "proposals_tab"),
)


def build(index: int, db, undo):
    """Tab ``index`` built on ``db``."""
    _title, module, function = TABS[index]
    return getattr(importlib.import_module(f"thidua_desktop.ui.tabs.{module}"), function)(db, undo)
