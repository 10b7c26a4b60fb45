"""What the four tabs share: choices from an enum, quoted names, HTML tables of the details panel,
dates from a form, the dossier module loaded when first used."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

import sqlite_utils

Db = sqlite_utils.Database


def choices(enum) -> list[tuple[str, str]]:
    return [(m.value, m.label) for m in enum]


def quoted(kind: str, name: str) -> str:
    return f"{kind} “{name}”"


def html_table(headers: list[str], body: list[list[Any]]) -> str:
    if not body:
        return "<p><i>Chưa có.</i></p>"
    head = "".join(f"<th align='left'>{escape(h)}</th>" for h in headers)
    lines = "".join(
        "<tr>" + "".join(f"<td>{escape('' if c is None else str(c))}</td>" for c in r) + "</tr>" for r in body
    )
    return f"<table cellspacing='0' cellpadding='3' border='1'><tr>{head}</tr>{lines}</table>"


def iso_dates(values: dict[str, Any], *keys: str) -> dict[str, Any]:
    for k in keys:
        if values.get(k):
            values[k] = date.fromisoformat(values[k])
    return values


def attachments_ui():
    from thidua_desktop.ui.dossier import attachments  # the dossier's papers (issue 9)

    return attachments


def clusters_window(db, parent) -> bool:
    """The clusters window (a form's "Khối thi đua…" button: the first cluster is made there)."""
    from thidua_desktop.ui.dialogs.clusters import edit_clusters

    return edit_clusters(db, parent)
