"""Typed settings over QSettings: recent files, last database, window state."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 8


class Settings:
    def __init__(self, qsettings: QSettings | None = None):
        self.q = qsettings or QSettings()

    # recent files, newest first
    def recent_files(self) -> list[Path]:
        value = self.q.value("files/recent", [])
        if isinstance(value, str):  # QSettings gives a str for a one-item list
            value = [value]
        return [Path(p) for p in (value or [])]

    def add_recent(self, path: Path) -> None:
        paths = [p for p in self.recent_files() if p != path]
        self.q.setValue("files/recent", [str(p) for p in [path, *paths][:MAX_RECENT]])

    def remove_recent(self, path: Path) -> None:
        self.q.setValue("files/recent", [str(p) for p in self.recent_files() if p != path])

    def last_database(self) -> Path | None:
        value = self.q.value("files/last", "")
        return Path(value) if value else None

    def set_last_database(self, path: Path) -> None:
        self.q.setValue("files/last", str(path))

    def bytes(self, key: str) -> QByteArray | None:
        value = self.q.value(key)
        return value if isinstance(value, QByteArray) else None

    def set_bytes(self, key: str, value: QByteArray) -> None:
        self.q.setValue(key, value)

    def int(self, key: str, default: int = 0) -> int:
        try:
            return int(self.q.value(key, default))
        except (TypeError, ValueError):
            return default

    def set_int(self, key: str, value: int) -> None:
        self.q.setValue(key, int(value))

    def sync(self) -> None:
        self.q.sync()
