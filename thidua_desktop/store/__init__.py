"""SQLite storage through sqlite-utils. All SQL of the application lives in this package.

The names below are looked up when first used (PEP 562): ``store.errors`` and
``store.location`` are read before the window's first frame, sqlite-utils (click, pluggy and
dateutil behind it, about 50 ms) only once a file is opened."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from thidua_desktop.store.db import open_database, transaction
    from thidua_desktop.store.errors import StoreError

__all__ = ["open_database", "transaction", "StoreError"]

_WHERE = {"open_database": "db", "transaction": "db", "StoreError": "errors"}


def __getattr__(name: str):
    if name in _WHERE:
        import importlib

        value = getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
