"""Grab the main window's tabs, dialogs and the projector view on the sample data to PNG (for the README and for a
person to look at): python tests/ui/make_screenshots.py OUTDIR"""

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from thidua_desktop.store import open_database  # noqa: E402
from thidua_desktop.store import sample as sample_data  # noqa: E402
from thidua_desktop.ui.main_window import MainWindow  # noqa: E402
from thidua_desktop.ui.settings import Settings  # noqa: E402


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "mau-khoi-thi-dua-3.sqlite"
        db = open_database(path)
        sample_data.generate(db, "cluster")
        settings = Settings(QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat))
        window = MainWindow(db, settings)
        window.resize(1280, 640)
        window.show()
        window.resize(1400, 760)
        picks = {
            1: "SELECT id FROM movements WHERE doc_number = 'Chỉ thị số 24/CT-UBND'",
            2: "SELECT individual_id FROM initiatives ORDER BY id LIMIT 1 OFFSET 3",
        }
        for i in range(len(window.list_tabs)):
            window.tabs.setCurrentIndex(i)
            tab = window.list_tabs[i]
            if i in picks:
                tab.select_id(db.conn.execute(picks[i]).fetchone()[0])
            tab.flush_details()
            app.processEvents()
            window.grab().save(str(out / f"tab{i + 1}.png"))
        people = window.list_tabs[2]
        form = people._form("Sửa cá nhân", people.selected_id(), *people.spec.load(db, people.selected_id()))
        form.inputs["birth_date"].setText("31/02/1990")
        form.show()
        app.processEvents()
        form.grab().save(str(out / "form.png"))
        form.close()
        proposals_tab = window.list_tabs[3]
        window.tabs.setCurrentIndex(3)
        form = proposals_tab._form("Sửa đề nghị", proposals_tab.selected_id(),
                                   *proposals_tab.spec.load(db, proposals_tab.selected_id()))  # fmt: skip
        form.show()
        app.processEvents()
        form.grab().save(str(out / "proposal-form.png"))
        form.close()
        from thidua_desktop.ui.dialogs.desk_settings import SettingsDialog
        from thidua_desktop.ui.dialogs.suggest import SuggestDialog

        dialog = SettingsDialog(db, window)
        dialog.show()
        app.processEvents()
        dialog.grab().save(str(out / "settings.png"))
        dialog.close()
        dialog = SuggestDialog(db, window.undo_stack, proposals_tab.refresh, window)
        dialog.award.setCurrentIndex(dialog.award.findData("LDTT"))
        dialog.year.setValue(2025)
        searched = []
        dialog.searched.connect(lambda: searched.append(True))
        dialog.show()
        dialog.find()  # in a worker
        while not searched:
            app.processEvents()
        app.processEvents()
        dialog.grab().save(str(out / "suggest.png"))
        dialog.close()
        # the cluster's year: the sample's scored and voted 2024
        cluster = window.show_cluster_year()
        cluster.year.setValue(2024)
        for page, name in ((0, "khoi-bang-diem.png"), (1, "khoi-bo-phieu.png")):
            cluster.pages.setCurrentIndex(page)
            app.processEvents()
            window.grab().save(str(out / name))
        cluster.show_projector()
        view = cluster.projector
        view.showNormal()
        view.resize(1280, 720)
        for page, name in enumerate(("chieu-xep-hang.png", "chieu-phieu-bau.png", "chieu-ket-qua.png")):
            view.page = page
            app.processEvents()
            view.grab().save(str(out / name))
        view.close()
        window.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots"))
