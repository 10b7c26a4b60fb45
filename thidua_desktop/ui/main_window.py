"""The main window: four tabs over one desk database, the File menu, remembered state."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QTabWidget, QVBoxLayout, QWidget

from thidua_desktop import APP_TITLE
from thidua_desktop.store.errors import DamagedError, StoreError, user_text
from thidua_desktop.store.location import locate
from thidua_desktop.ui import messages
from thidua_desktop.ui.app_icon import app_icon
from thidua_desktop.ui.file_lock import DeskLock
from thidua_desktop.ui.settings import Settings
from thidua_desktop.ui.tabs import registry
from thidua_desktop.ui.tabs.registry import TABS
from thidua_desktop.ui.undo import TabStacks
from thidua_desktop.ui.worker import run_task

if TYPE_CHECKING:  # the store (sqlite-utils and the rest, ~80 ms) is imported after the first frame
    import sqlite_utils

    from thidua_desktop.ui.tabs.records import RecordTab


class MainWindow(QMainWindow):
    """Built with its file (``db``), or without one (None) so that app.run_gui paints the
    first frame before the store is imported and the file opened; ``attach`` then gives it."""

    def __init__(
        self, db: sqlite_utils.Database | None, settings: Settings, parent: QWidget | None = None, *,
        lock: DeskLock | None = None, read_only: bool = False,
    ):  # fmt: skip
        super().__init__(parent)
        self.settings = settings
        self.db = None
        self._detached = False  # the file let go of during a restore or after damage (detach/reopen)
        self.lock = None  # held while this window has the file open for writing
        self.read_only = read_only
        self.setObjectName("MainWindow")
        self.setWindowIcon(app_icon())
        self.resize(1200, 720)

        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        # The four lists are built when first shown (each ~25 ms with its first page and
        # filters: most of a cold start's own work); a page holds the place of each.
        self._list_tabs: list[RecordTab | None] = [None] * len(TABS)
        self._saved_filters_apply = True  # the filters saved last time, for the file opened first
        self._list_pages: list[QWidget] = []
        for title, _module, _function in TABS:
            page = QWidget()
            QVBoxLayout(page).setContentsMargins(0, 0, 0, 0)
            self.tabs.addTab(page, title)
            self._list_pages.append(page)
        self.tabs.currentChanged.connect(lambda i: self._list_tab(i) if i < len(TABS) else None)
        # the cluster's year is built when first shown: it is not needed to start working
        self._cluster_tab = None
        self.cluster_page = QWidget()
        QVBoxLayout(self.cluster_page).setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(self.cluster_page, "Năm thi đua của khối")
        # the year's figures may have changed in the other tabs (members, roles, proposals);
        # the refresh comes first, so the count below is the new one
        self.tabs.currentChanged.connect(
            lambda i: self.cluster_tab.refresh() if self.tabs.widget(i) is self.cluster_page else None
        )
        self.tabs.currentChanged.connect(lambda _i: self._show_count())
        self.undo_group = TabStacks(self.tabs)  # each tab its own undo stack
        # what is due soon in the clusters' calendars, above the tabs when there is any
        self.due_banner = QLabel(self)
        self.due_banner.setWordWrap(True)
        self.due_banner.setStyleSheet(
            "background: #fff3c4; color: #5a3d00; padding: 6px; border-bottom: 1px solid #e0c060;"
        )
        self.due_banner.linkActivated.connect(self._banner_link)
        self.due_banner.hide()
        central = QWidget(self)
        central_box = QVBoxLayout(central)
        central_box.setContentsMargins(0, 0, 0, 0)
        central_box.setSpacing(0)
        central_box.addWidget(self.due_banner)
        central_box.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.count_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.count_label)
        self._build_menus()
        self._restore_state()
        if db is not None:
            self.attach(db, lock=lock, read_only=read_only)
        else:
            self.menuBar().setEnabled(False)
            self.tabs.setEnabled(False)
            self.statusBar().showMessage("Đang mở tệp dữ liệu…")

    def attach(
        self, db: sqlite_utils.Database, *, lock: DeskLock | None = None, read_only: bool = False
    ) -> None:
        """The window's first file; the shown tab's list is built as soon as the event loop runs."""
        self.db, self.lock, self.read_only = db, lock, read_only
        self.menuBar().setEnabled(True)
        self.tabs.setEnabled(True)
        self.statusBar().clearMessage()
        self._database_changed(banner=False)
        QTimer.singleShot(0, self._build_shown_tab)
        QTimer.singleShot(0, self.show_due_soon)  # the calendars' banner (~45 ms) after the list

    # --- menus ---------------------------------------------------------------------
    def _build_menus(self) -> None:
        menu = self.menuBar().addMenu("&Tệp")
        self.action_new = self._action(menu, "Tạo tệp dữ liệu &mới…", self.new_database)
        self.action_open = self._action(
            menu, "&Mở tệp dữ liệu…", self.choose_database, QKeySequence.StandardKey.Open
        )
        self.recent_menu = QMenu("Tệp &gần đây", self)
        menu.addMenu(self.recent_menu)
        menu.addSeparator()
        self.action_backup = self._action(
            menu, "&Sao lưu ngay…", self._later("dialogs.restore", "backup_now")
        )
        self._action(menu, "&Khôi phục từ bản sao lưu…", self.restore_backup)
        menu.addSeparator()
        excel = menu.addMenu("&Xuất Excel")
        export = "transfer.excel_export"  # imported when first used
        self._action(excel, "&Danh sách đang hiển thị…", self._later(export, "export_current_list"),
                     QKeySequence("Ctrl+E"))  # fmt: skip
        self._action(excel, "Danh sách đề nghị &khen thưởng…", self._later(export, "export_proposal_list"))
        self._action(
            excel, "&Quá trình khen thưởng của dòng đang chọn…", self._later(export, "export_award_history")
        )
        self._action(excel, "&Tiền thưởng theo quyết định…", self._later(export, "export_reward_money"))
        self._action(excel, "Biểu thống kê &0603.N…", self._later(export, "export_statistics_0603"))
        self._action(menu, "In &bằng khen, giấy khen theo quyết định…", self.print_certificates,
                     QKeySequence("Ctrl+P"))  # fmt: skip
        papers = menu.addMenu("G&iấy tờ")  # Word papers: tờ trình, quyết định, báo cáo thành tích, kịch bản
        for text, function in (
            ("&Tờ trình đề nghị khen thưởng…", "write_submission"),
            ("Dự thảo &quyết định khen thưởng…", "write_decision"),
            ("&Báo cáo thành tích của dòng đang chọn…", "write_achievement_report"),
            ("&Kịch bản công bố quyết định…", "write_ceremony"),
            (None, None),
            ("&Mẫu giấy tờ Word…", "manage_templates"),
        ):
            if text is None:
                papers.addSeparator()
            else:
                self._action(papers, text, self._later("dialogs.papers", function))
        self._action(menu, "&Nhập danh sách từ Excel…", self._later("transfer.excel_import", "import_list"))
        self._action(
            menu, "Lấy tệp &mẫu danh sách gửi đơn vị…", self._later("transfer.excel_import", "save_template")
        )
        handover = menu.addMenu("&Bàn giao khối thi đua")  # hand-over files between desks
        for text, function in (
            ("&Xuất tệp bàn giao năm của khối…", "export_handover"),
            ("&Nhận tệp bàn giao…", "import_handover"),
            ("Xuất tệp đăng ký, tự chấm điểm của &đơn vị…", "export_unit_file"),
            ("Nhận tệp đăng ký, tự chấm điểm của đơn &vị…", "import_unit_file"),
        ):
            self._action(handover, text, self._later("transfer.handover", function))
        menu.addSeparator()
        self._action(menu, "&Thoát", self.close, QKeySequence.StandardKey.Quit)

        edit = self.menuBar().addMenu("&Sửa")
        self.action_undo = self.undo_group.createUndoAction(self, "Hoàn tác")
        self.action_undo.triggered.connect(lambda: self._undo_said("Đã hoàn tác", 0))
        self.action_undo.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        self.action_redo = self.undo_group.createRedoAction(self, "Làm lại")
        self.action_redo.triggered.connect(lambda: self._undo_said("Đã làm lại", -1))
        # Ctrl+Y as office users expect, plus the platform's own (Ctrl+Shift+Z on Linux),
        # once each: a key sequence listed twice is ambiguous and would do nothing.
        redo_keys = [QKeySequence("Ctrl+Y")]
        redo_keys += [
            k for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo) if k not in redo_keys
        ]
        self.action_redo.setShortcuts(redo_keys)
        edit.addAction(self.action_undo)
        edit.addAction(self.action_redo)
        edit.addSeparator()
        self._action(edit, "&Thêm mới…", lambda: self.current_tab().new_record(), QKeySequence("Ctrl+N"))
        self._action(edit, "&Sửa dòng đang chọn…", lambda: self.current_tab().edit_selected())
        self._action(edit, "&Xóa dòng đang chọn", lambda: self.current_tab().delete_selected())
        edit.addSeparator()
        self._action(edit, "&Tìm", self.focus_search, QKeySequence.StandardKey.Find)

        tools = self.menuBar().addMenu("&Công cụ")
        self.action_identity = self._action(tools, "Thông tin &cơ quan…", self.edit_identity)
        self._action(tools, "&Khối thi đua và thành viên…", self.edit_clusters)
        tools.addSeparator()
        self._action(tools, "&Gợi ý cá nhân đủ điều kiện đề nghị…", self.suggest_nominees)
        self._action(tools, "&Thiết lập quy định…", self.edit_settings)
        self._action(tools, "&Mẫu bằng, phông chữ và căn chỉnh máy in…", self.edit_certificate_templates)
        # find by paper number, fund ledger, file check
        self.action_find_paper = self._action(tools, "Tìm theo &số văn bản…", self._later("dossier.find_paper", "show"),
                                              QKeySequence("Ctrl+Shift+F"))  # fmt: skip
        self._action(tools, "Sổ &quỹ khen thưởng…", self._later("dossier.ledger", "open_ledger"))
        self._action(tools, "&Kiểm tra tệp đính kèm…", self._later("dossier.file_check", "check_attachments"))

        help_menu = self.menuBar().addMenu("&Trợ giúp")
        self.action_guide = self._action(help_menu, "&Hướng dẫn sử dụng", self._later("dialogs.guide", "show_guide"),
                                         QKeySequence("F1"))  # fmt: skip
        self._action(help_menu, "&Giới thiệu chương trình", self._later("dialogs.guide", "show_about"))

    @property
    def undo_stack(self) -> QUndoStack:
        """The stack Ctrl+Z acts on: the shown tab's."""
        return self.undo_group.of(self.tabs.currentWidget())

    def _undo_said(self, what: str, offset: int) -> None:
        """The status bar says what was undone or redone (the rows it changed are selected)."""
        command = self.undo_stack.command(self.undo_stack.index() + offset)
        if command is not None:
            self.statusBar().showMessage(f"{what}: {command.text()}.", 10000)

    def _later(self, module: str, function: str):
        """A menu slot that imports ``thidua_desktop.ui.<module>`` when first used, so the
        dialogs behind the menus cost nothing at start-up."""

        def run(_checked: bool = False) -> None:
            import importlib

            getattr(importlib.import_module(f"thidua_desktop.ui.{module}"), function)(self)

        return run

    def print_certificates(self) -> None:
        if self.read_only:
            messages.error(self, "Tệp đang được mở ở máy khác, cửa sổ này chỉ xem: in bằng cần ghi số vào sổ "
                                 "và nhật ký in. Hãy in từ cửa sổ đang giữ tệp.")  # fmt: skip
            return
        from thidua_desktop.ui.certificates.printing import open_for_decision

        open_for_decision(self)

    def edit_certificate_templates(self) -> None:
        from thidua_desktop.ui.certificates.templates import TemplatesDialog

        TemplatesDialog(self).exec()

    def _action(self, where, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        where.addAction(action)
        return action

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent_files()
        for i, path in enumerate(recent, start=1):
            action = self.recent_menu.addAction(f"&{i} {path}")
            action.triggered.connect(lambda _=False, p=path: self.open_path(p))
        self.recent_menu.setEnabled(bool(recent))

    # --- database ---------------------------------------------------------------------
    @property
    def db_path(self) -> Path | None:
        from thidua_desktop.store.db import database_path

        return database_path(self.db) if self.db is not None else None

    def open_path(self, path: Path) -> bool:
        """Open another desk file in this window; on failure say why and keep the current."""
        from thidua_desktop.ui.dialogs.opening import Declined, open_desk

        try:
            opened = open_desk(self, Path(path), create=False)
        except Declined:
            return False
        if opened is None:
            if not Path(path).exists():
                self.settings.remove_recent(Path(path))
                self._fill_recent_menu()
            return False
        db, lock, read_only = opened.db, opened.lock, opened.read_only
        old, self.db, self._detached = self.db, db, False
        if self.lock is not None:
            self.lock.release()
        self.lock, self.read_only = lock, read_only
        self.undo_group.clear()  # the edits belong to the other file
        self._saved_filters_apply = False  # they name the first file's units and years
        for tab in self.all_tabs:
            tab.shutdown()
            tab.set_database(db)
        old.close()
        self._database_changed()
        return True

    def choose_database(self) -> None:
        start = str(self.db_path.parent) if self.db_path else ""
        path = messages.open_file(self, "Mở tệp dữ liệu thi đua – khen thưởng", start)
        if path:
            self.open_path(path)

    def new_database(self) -> None:
        from thidua_desktop.store import open_database

        start = str(self.db_path.parent / "du-lieu-moi.sqlite") if self.db_path else ""
        path = messages.save_file(self, "Tạo tệp dữ liệu mới", start)
        if not path:
            return
        if path.exists() and path.stat().st_size > 0:
            messages.error(self, f"Tệp “{path}” đã có. Hãy dùng “Mở tệp dữ liệu” để mở, hoặc đặt tên khác.")
            return
        try:
            open_database(path).close()
        except StoreError as exc:
            messages.error(self, str(exc), "Không tạo được tệp dữ liệu")
            return
        if self.open_path(path):
            self.first_start()

    def first_start(self) -> None:
        """A new file: offer the sample so the tabs show something real; a desk that starts
        its own is asked who it is (the first-start page) before the empty lists."""
        from thidua_desktop.store import desk_settings, rows

        if self.read_only:
            return
        if rows.is_empty(self.db) and not desk_settings.has_identity(self.db):
            from thidua_desktop.store import sample as sample_data  # only on an empty desk

            if messages.ask(
                self,
                f"Tệp dữ liệu còn trống. Nạp dữ liệu mẫu của {sample_data.describe()} để làm quen với chương "
                "trình?\n\nChọn “Không” để bắt đầu với cơ quan của mình: chương trình hỏi thông tin cơ quan trước.",
                "Dữ liệu mẫu",
            ):
                sample_data.generate(self.db, "cluster")
                for tab in self.built_list_tabs:
                    tab.fill_filters()
                return
        if not desk_settings.has_identity(self.db):
            self.edit_identity(first_start=True)

    def edit_identity(self, _checked: bool = False, *, first_start: bool = False) -> None:
        from thidua_desktop.store import desk_settings, lookups
        from thidua_desktop.ui.dialogs.identity import edit_identity

        if self.read_only:
            messages.error(
                self, "Tệp đang được mở ở máy khác, cửa sổ này chỉ xem: không sửa được thông tin cơ quan."
            )
            return
        if edit_identity(self.db, self, first_start=first_start):
            self.statusBar().showMessage(
                "Đã lưu thông tin cơ quan; giấy tờ và danh sách từ nay in theo thông tin này.", 8000
            )
            self._show_identity()
            identity = desk_settings.load_identity(self.db)
            if first_start and identity.level == "khoi" and not lookups.clusters(self.db):
                self.edit_clusters()

    def edit_clusters(self, _checked: bool = False) -> None:
        from thidua_desktop.ui.dialogs.clusters import edit_clusters

        if edit_clusters(self.db, self):
            for tab in self.built_list_tabs:
                tab.fill_filters()
                tab.refresh()

    def _show_identity(self) -> None:
        """The file and the desk's name in the title bar, so a clerk with two files open
        sees whose is whose."""
        from thidua_desktop.store import desk_settings

        path = self.db_path
        if path:
            agency = desk_settings.load_identity(self.db).full_name
            suffix = " (chỉ xem)" if self.read_only else ""
            self.setWindowTitle(" – ".join(t for t in (f"{path.name}{suffix}", agency, APP_TITLE) if t))

    def restore_backup(self) -> None:
        from thidua_desktop.ui.dialogs.restore import restore_into

        restore_into(self)

    def detach(self) -> None:
        """Stop using the file (a restore replaces it, or it is damaged): the tabs let go, the
        connection is closed, and no tab is built on it until ``reopen``."""
        for tab in self.all_tabs:
            tab.shutdown()
        self.db.close()
        self._detached = True

    def reopen(self, path: Path) -> None:
        """Open ``path`` again after its content was replaced (a restore); if it will not open,
        say why and let the user pick another file, or the window closes."""
        from thidua_desktop.store import open_database

        try:
            db = open_database(path, create=False)
        except StoreError as exc:
            messages.error(self, str(exc), "Không mở được tệp dữ liệu")
            chosen = messages.open_file(self, "Chọn tệp dữ liệu khác", str(path.parent))
            if not (chosen and self.open_path(chosen)):
                self.close()
            return
        self.db = db
        self._detached = False
        QTimer.singleShot(0, self._build_shown_tab)
        self.undo_group.clear()
        for tab in self.all_tabs:
            tab.set_database(self.db)
        self._database_changed()

    def _daily_backup(self) -> None:
        """The copy taken when a file is opened (at most one a day), off the UI thread.
        A file too large for open_database's page check is checked here first, so a
        damaged file is found, and never copied over the good copies."""
        from thidua_desktop.store import backup
        from thidua_desktop.store import db as store_db

        path = self.db_path
        if path is None:
            return
        keep = self.settings.int("backup/keep", backup.KEEP_DEFAULT)
        large = path.stat().st_size > store_db.QUICK_CHECK_MAX_BYTES

        def work():
            if large:
                store_db.verify_file(path)
            return backup.daily(path, keep=keep)

        def failed(exc: Exception) -> None:  # no room or no rights: say so, keep working
            if isinstance(exc, DamagedError):
                if self.db_path == path:
                    self.file_damaged(exc)
                return
            self.statusBar().showMessage(f"Không tạo được bản sao lưu tự động: {user_text(exc)}", 15000)

        run_task(work, lambda _p: None, failed)

    def file_damaged(self, problem: DamagedError) -> None:
        """Damage found after the file was opened: stop using it, offer the newest copy;
        without one, the user picks another file or the window closes. Nothing more is
        written to the damaged file."""
        from thidua_desktop.ui.dialogs.damaged_file import offer_restore

        path = self.db_path
        self.detach()
        if self.read_only:  # another window holds the file: it may restore it, not this one
            messages.error(self, str(problem), "Tệp dữ liệu bị hỏng")
        elif offer_restore(self, path, problem):
            self.reopen(path)
            return
        chosen = messages.open_file(self, "Chọn tệp dữ liệu khác", str(path.parent))
        if not (chosen and self.open_path(chosen)):
            self.close()

    def _journal_notice(self, path: Path) -> None:
        """Once per file: why a file on a network share or removable drive is opened
        without WAL."""
        from thidua_desktop.store.db import journal_mode

        if self.read_only or journal_mode(self.db) == "wal":
            return
        shown = self.settings.q.value("notices/journal", []) or []
        shown = [shown] if isinstance(shown, str) else list(shown)
        if str(path) in shown:
            return
        text = locate(path).notice(path)
        if text:
            messages.info(self, text, "Tệp ở ổ mạng hoặc ổ rời")
            self.settings.q.setValue("notices/journal", [*shown, str(path)])

    def _database_changed(self, *, banner: bool = True) -> None:
        path = self.db_path
        if path:
            self._daily_backup()
            self._journal_notice(path)
            self.settings.add_recent(path)
            self.settings.set_last_database(path)
            self._show_identity()
        self._fill_recent_menu()
        self._show_count()
        if banner:
            self.show_due_soon()

    def show_due_soon(self) -> None:
        """The banner of what the clusters' calendars say is due within two weeks."""
        from datetime import date

        from thidua_desktop.store.cluster import calendar

        if self.db is None or self._detached or getattr(self, "_closed", False):
            return  # no file, or a restore's: the banner is said when it is reopened
        try:
            due = calendar.due_soon(self.db, date.today())
        except StoreError:
            due = []
        self._due_ids = ",".join(str(e["id"]) for e in due)
        if not due or self._due_ids == self.settings.q.value("banner/dismissed", ""):
            self.due_banner.hide()  # nothing due, or what the user hid: it shows again when something else falls due
            return
        shown = "; ".join(calendar.describe_due(e, date.today()) for e in due[:3])
        more = f" và {len(due) - 3} việc khác" if len(due) > 3 else ""
        self.due_banner.setText(f"<b>Sắp đến hạn:</b> {shown}{more}. <a href='lich'>Xem lịch năm</a> · "
                                "<a href='an'>Ẩn thông báo</a>")  # fmt: skip
        self.due_banner.show()

    def _banner_link(self, link: str) -> None:
        if link == "an":
            self.settings.q.setValue("banner/dismissed", self._due_ids)
            self.due_banner.hide()
        else:
            self.show_cluster_year(page=2)

    # --- rules -------------------------------------------------------------------------------
    def suggest_nominees(self) -> None:
        from thidua_desktop.ui.dialogs.suggest import SuggestDialog

        proposals_tab = self.list_tabs[3]
        dialog = SuggestDialog(self.db, self.undo_group.of(self._list_pages[3]), proposals_tab.refresh, self)
        messages.run_dialog(dialog)

    def edit_settings(self) -> None:
        from thidua_desktop.ui.dialogs.desk_settings import SettingsDialog

        if messages.run_dialog(SettingsDialog(self.db, self)):
            self.statusBar().showMessage("Đã lưu thiết lập quy định.", 5000)
            self.current_tab().refresh()

    # --- misc ---------------------------------------------------------------------------
    @property
    def cluster_tab(self):
        """The cluster's year tab, built on first use."""
        if self._cluster_tab is None:
            from thidua_desktop.ui.cluster.tab import ClusterYearTab

            self._cluster_tab = ClusterYearTab(self.db, self.undo_group.of(self.cluster_page))
            self.cluster_page.layout().addWidget(self._cluster_tab)
        return self._cluster_tab

    def show_cluster_year(self, page: int | None = None):
        tab = self.cluster_tab
        self.tabs.setCurrentWidget(self.cluster_page)
        if page is not None:
            tab.pages.setCurrentIndex(page)
        return tab

    @property
    def list_tabs(self) -> list[RecordTab]:
        """The four lists (units, movements, people, proposals), built now if not yet."""
        return [self._list_tab(i) for i in range(len(TABS))]

    @property
    def built_list_tabs(self) -> list[RecordTab]:
        return [t for t in self._list_tabs if t is not None]

    def _list_tab(self, index: int) -> RecordTab:
        tab = self._list_tabs[index]
        if tab is None:
            tab = self._list_tabs[index] = registry.build(
                index, self.db, self.undo_group.of(self._list_pages[index])
            )
            tab.count_changed.connect(self._show_count)
            self._restore_tab_state(index, tab)
            self._list_pages[index].layout().addWidget(tab)
        return tab

    def show_list_tab(self, index: int) -> RecordTab:
        self.tabs.setCurrentIndex(index)
        return self._list_tab(index)

    @property
    def all_tabs(self) -> list:
        """The tabs built so far (one not built yet reads the file in use when it is)."""
        return [*self.built_list_tabs, *([self._cluster_tab] if self._cluster_tab is not None else [])]

    def current_tab(self):
        """The tab shown: one of the four lists, or the cluster's year."""
        widget = self.tabs.currentWidget()
        if widget is self.cluster_page:
            return self.cluster_tab
        return self._list_tab(self._list_pages.index(widget))

    def focus_search(self) -> None:
        self.current_tab().focus_search()

    def _show_count(self, _text: str | None = None) -> None:
        # a permanent label: messages such as "Đã xuất…" are not overwritten by the count
        widget = self.tabs.currentWidget()
        if widget in self._list_pages and self._list_tabs[self._list_pages.index(widget)] is None:
            return  # not built yet (the first frame): it says its count when it is
        self.count_label.setText(self.current_tab().count_label.text())

    def _restore_state(self) -> None:
        geometry = self.settings.bytes("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.bytes("window/state")
        if state is not None:
            self.restoreState(state)
        index = self.settings.int("window/tab", 0)
        if 0 <= index < self.tabs.count():
            self.tabs.blockSignals(True)  # the tab's list is built just after the first frame
            self.tabs.setCurrentIndex(index)
            self.tabs.blockSignals(False)
        # the window's first frame comes before the shown tab's list (its module, its first
        # page: half of a start's own time): attach builds it as soon as the event loop runs

    def _build_shown_tab(self) -> None:
        if (
            not getattr(self, "_closed", False)
            and self.db is not None
            and not self._detached  # a restore or a damaged file: no tab on it
            and self.tabs.currentWidget() is not None
        ):
            self.current_tab()
            self._show_count()

    def _restore_tab_state(self, i: int, tab: RecordTab) -> None:
        header_state = self.settings.bytes(f"tabs/{i}/header")
        if header_state is not None:
            tab.view.horizontalHeader().restoreState(header_state)
            tab.columns_fitted = True  # the widths the user left: keep them
        splitter_state = self.settings.bytes(f"tabs/{i}/splitter")
        if splitter_state is not None:
            tab.splitter.restoreState(splitter_state)
            tab.splitter_sized = True
        saved = self.settings.q.value(f"tabs/{i}/filters", "") if self._saved_filters_apply else ""
        if saved:
            try:
                tab.fill_filters(json.loads(saved))
            except (ValueError, TypeError):
                pass  # filters saved by another version: keep the defaults

    def save_state(self) -> None:
        self.settings.set_bytes("window/geometry", self.saveGeometry())
        self.settings.set_bytes("window/state", self.saveState())
        self.settings.set_int("window/tab", self.tabs.currentIndex())
        for i, tab in enumerate(self._list_tabs):
            if tab is None:  # never shown: its saved state stays as it was, unless for another file
                if not self._saved_filters_apply:
                    self.settings.q.remove(f"tabs/{i}/filters")
                continue
            self.settings.set_bytes(f"tabs/{i}/header", tab.view.horizontalHeader().saveState())
            self.settings.set_bytes(f"tabs/{i}/splitter", tab.splitter.saveState())
            self.settings.q.setValue(f"tabs/{i}/filters", json.dumps(tab.filter_values()))
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closed = True  # a tab not built yet is not built on a closed file
        self.save_state()
        for tab in self.all_tabs:
            tab.shutdown()
        if self.db is not None:
            self.db.close()
        if self.lock is not None:
            self.lock.release()
        super().closeEvent(event)
