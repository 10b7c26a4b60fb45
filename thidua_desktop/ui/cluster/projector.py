"""The view for the hall's projector: large Vietnamese text readable from the back row, dark
on white, on a screen of its own (the second one by default, the choice remembered), while
the secretary's window keeps the keyboard. Page 1 the ranking, page 2 the vote (running
tally, who passes, "thiếu N phiếu"), page 3 the result; it follows each ballot as it is
typed. ← → or Space turn pages, F11 full screen, Esc closes. The figures come from
store.voting.standing, as the minutes and exports do; the count's internal warnings stay on
the secretary's screen. The text is sized to the screen's height and width alike, so nothing
is cut at 1024×768."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QKeyEvent, QPainter
from PySide6.QtWidgets import QWidget

from thidua_desktop.domain.text import vn_decimal
from thidua_desktop.rules.voting import Race

PAGES = ("Xếp hạng chấm điểm", "Kết quả bỏ phiếu", "Kết quả bình xét")
SCREEN_KEY = "projector/screen"  # the screen last chosen for the projector, by name


def choose_screen(names: list[str], remembered: str) -> int:
    """The screen the projector opens on: the one chosen last time when it is there, else the
    second screen (the projector plugged into the laptop), else the only one."""
    if remembered in names:
        return names.index(remembered)
    return 1 if len(names) > 1 else 0


INK, MUTED, GOOD, SHORT = QColor("#111111"), QColor("#555555"), QColor("#0b6b1f"), QColor("#b00020")


class ProjectorView(QWidget):
    def __init__(self, title: str, load, parent: QWidget | None = None) -> None:
        """``load()`` returns (tally or None, ranked results, result or None, names)."""
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(title)
        self.title = title
        self.load = load
        self.page = 0
        self.data = load()
        self.setStyleSheet("background: white;")

    def refresh(self) -> None:
        self.data = self.load()
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.close()
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Space, Qt.Key.Key_PageDown):
            self.page = (self.page + 1) % len(PAGES)
            self.update()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_PageUp):
            self.page = (self.page - 1) % len(PAGES)
            self.update()
        elif key == Qt.Key.Key_F5:
            self.refresh()
        elif key == Qt.Key.Key_F11:
            self.showNormal() if self.isFullScreen() else self.showFullScreen()
        else:
            super().keyPressEvent(event)

    def lines(self) -> list[tuple[str, QColor, bool]]:
        """What the current page shows, line by line: (text, colour, bold)."""
        t, ranked, outcome, names = self.data
        out: list[tuple[str, QColor, bool]] = []
        if self.page == 0:
            if not ranked:
                return [("Chưa có bảng điểm năm này.", MUTED, False)]
            for r in ranked:
                note = f"  ({r.tie_note})" if r.tie_note else ""
                out.append((f"{r.rank}.  {r.name}  —  {vn_decimal(r.total, 2)} điểm{note}", INK, r.rank == 1))
            return out
        if t is None:
            return [("Chưa có cuộc bỏ phiếu.", MUTED, False)]
        counts = (f"Phiếu phát ra {t.rules.issued} · thu về {t.returned} · hợp lệ {t.valid} · "
                  f"trắng {t.blank} · hỏng {t.spoiled}")  # fmt: skip
        out.append((counts, MUTED, False))  # a count that does not reconcile is the secretary's to see
        if self.page == 1:
            out.append((f"Đạt khi {t.rules.describe()}: cần {t.needed} phiếu", MUTED, False))
            order = [r.unit_id for r in ranked] or list(names)
            order += [u for u in names if u not in order]
            for race, label in ((Race.LEADING, "Dẫn đầu"), (Race.COMMEND, "Bằng khen")):
                out.append((label.upper(), INK, True))
                for unit in sorted(order, key=lambda u: -t.count(race, u)):
                    votes = t.count(race, unit)
                    if not votes:  # units nobody marked stay off the screen: larger text for the rest
                        continue
                    status = "ĐẠT" if t.passes(race, unit) else f"thiếu {t.short(race, unit)} phiếu"
                    out.append((f"{names.get(unit, unit)}:  {votes} phiếu ({vn_decimal(t.percent(race, unit), 1)} %)  —  {status}",
                                GOOD if t.passes(race, unit) else INK, False))  # fmt: skip
            return out
        if outcome is None:
            return out
        leading = (
            names.get(outcome.leading, "không có đơn vị đạt") if outcome.leading else "không có đơn vị đạt"
        )
        out.append(("Đơn vị dẫn đầu (đề nghị Cờ thi đua của UBND tỉnh):", INK, True))
        out.append((leading, GOOD if outcome.leading else MUTED, bool(outcome.leading)))
        out.append(("Đề nghị Chủ tịch UBND tỉnh tặng Bằng khen:", INK, True))
        out += [(f"• {names.get(u, u)}", GOOD, False) for u in outcome.commend] or [
            ("không có đơn vị đạt", MUTED, False)
        ]
        out += [(note, MUTED, False) for note in outcome.notes]
        return out

    def text_size(self, lines: list[tuple[str, QColor, bool]], area: QRectF) -> float:
        """The largest pixel size at which the title and every line fit ``area``, in height and
        in width (text widths grow with the size: measured once at 100 px)."""
        widths = [
            QFontMetricsF(_font(100, True)).horizontalAdvance(self.heading()) * 1.25
        ]  # the title is 1.25×
        widths += [QFontMetricsF(_font(100, bold)).horizontalAdvance(text) for text, _c, bold in lines]
        by_width = area.width() * 100 / max(max(widths), 1.0)
        by_height = area.height() / (len(lines) * 1.55 + 2.6 + 1.2)
        return max(9.0, min(by_height, by_width, area.height() / 9))

    def heading(self) -> str:
        return f"{self.title} — {PAGES[self.page]}"

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        area = QRectF(self.rect()).adjusted(40, 30, -40, -30)
        lines = self.lines()
        size = self.text_size(lines, area)
        painter.setFont(_font(size * 1.25, True))
        painter.setPen(INK)
        painter.drawText(QRectF(area.x(), area.y(), area.width(), size * 1.9), Qt.AlignmentFlag.AlignCenter,
                         self.heading())  # fmt: skip
        y = area.y() + size * 2.6
        for text, colour, bold in lines:
            painter.setFont(_font(size, bold))
            painter.setPen(colour)
            painter.drawText(QRectF(area.x(), y, area.width(), size * 1.5),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)  # fmt: skip
            y += size * 1.55
        painter.setFont(_font(max(11, int(size * 0.45)), False))
        painter.setPen(MUTED)
        painter.drawText(QRectF(area.x(), area.bottom() - size, area.width(), size), Qt.AlignmentFlag.AlignRight,
                         f"Trang {self.page + 1}/{len(PAGES)} · ← → chuyển trang · F11 toàn màn hình · Esc thoát")  # fmt: skip


def _font(size: float, bold: bool) -> QFont:
    font = QFont("Liberation Serif")
    font.setPixelSize(max(1, int(size)))
    font.setBold(bold)
    return font
