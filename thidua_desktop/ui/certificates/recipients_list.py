"""The certificates dialog's list of recipients (issue 25): a province decision of 46,773
recipients was 46,773 list items made, and relabelled on every keystroke of the signer's
name, on the window's thread. The labels are now made in one pass into Qt's own string list
model: the view lays out and paints without calling into Python, so it does not wait for
the interpreter while the batch is checked in a worker (a Python model's 120,000 calls of
``rowCount`` during the layout held the window 4 s then)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QStringListModel

from thidua_desktop.reports.certificates import batch as rc


class RecipientsModel(QStringListModel):
    """The recipients in print order: "⚠ " before one with a problem, the register number
    planned, the name, "(in lại)" for a reprint."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.records: list[dict[str, Any]] = []
        self.plan: dict[int, str] = {}
        self.bad: set[int] = set()
        self._rows: dict[int, int] | None = None
        self._names: list[str] = []  # each recipient's name and reprint mark, made once per list

    def show(self, records: list[dict[str, Any]], plan: dict[int, str], bad: set[int] = frozenset()) -> None:
        """The list (or the same people renumbered) labelled anew."""
        if records is not self.records or len(self._names) != len(records):
            self._rows = None
            self._names = [
                f"{rc.recipient_name(r)}{' (in lại)' if r['register_number'] else ''}" for r in records
            ]
        self.records, self.plan, self.bad = records, plan, set(bad)
        get, names = plan.get, self._names
        self.setStringList([
            f"{'⚠ ' if r['id'] in self.bad else ''}{get(r['id'], '')} — {name}" for r, name in zip(records, names, strict=True)
        ])  # fmt: skip

    def mark(self, bad: set[int]) -> None:
        """The recipients with a problem that stops printing: only their rows change."""
        bad = set(bad)
        changed, self.bad = bad ^ self.bad, bad
        for proposal_id in changed:
            row = self.row_of(proposal_id)
            if row is not None:
                self.setData(self.index(row), self.label(row))

    def row_of(self, proposal_id: int) -> int | None:
        if self._rows is None:
            self._rows = {r["id"]: i for i, r in enumerate(self.records)}
        return self._rows.get(proposal_id)

    def label(self, row: int) -> str:
        record = self.records[row]
        mark = "⚠ " if record["id"] in self.bad else ""
        return f"{mark}{self.plan.get(record['id'], '')} — {self._names[row]}"
