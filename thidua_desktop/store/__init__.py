"""SQLite storage through sqlite-utils. All SQL of the application lives in this package."""

from thidua_desktop.store.db import open_database, transaction
from thidua_desktop.store.errors import StoreError

__all__ = ["open_database", "transaction", "StoreError"]
