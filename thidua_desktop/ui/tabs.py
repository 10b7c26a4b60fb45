"""The four working tabs, each a ListTab over its store listing."""

from __future__ import annotations

import sqlite_utils

from thidua_desktop.store import individuals, movements, proposals, units
from thidua_desktop.ui import formats as fmt
from thidua_desktop.ui.list_tab import ListTab
from thidua_desktop.ui.table_model import ColumnView as C


def units_tab(db: sqlite_utils.Database) -> ListTab:
    return ListTab(
        db,
        units.LISTING,
        [
            C("code", "Mã", width=70),
            C("name", "Tên đơn vị", width=300),
            C("short_name", "Tên viết tắt", width=120),
            C("award_track", "Khối danh hiệu", fmt.track, width=140),
            C("cluster", "Khối thi đua", width=150),
            C("role", "Vai trò trong khối", fmt.role, width=130),
            C("status", "Tình trạng"),
        ],
        noun="đơn vị",
        placeholder="Tên hoặc mã đơn vị (gõ không dấu cũng được)",
    )


def movements_tab(db: sqlite_utils.Database) -> ListTab:
    return ListTab(
        db,
        movements.LISTING,
        [
            C("year", "Năm", align_right=True, width=60),
            C("name", "Tên phong trào", width=380),
            C("kind", "Loại", fmt.movement_kind, width=130),
            C("doc_number", "Văn bản phát động", width=170),
            C("doc_date", "Ngày ban hành", fmt.vn_date, width=110),
            C("doc_issuer", "Cơ quan phát động", width=200),
            C("period", "Thời gian", fmt.period, width=180),
            C("registrations", "Đơn vị đăng ký", align_right=True),
        ],
        noun="phong trào",
        placeholder="Tên phong trào, số văn bản, cơ quan phát động",
    )


def individuals_tab(db: sqlite_utils.Database) -> ListTab:
    return ListTab(
        db,
        individuals.LISTING,
        [
            C("full_name", "Họ và tên", width=200),
            C("sex", "Giới tính", fmt.sex, width=75),
            C("birth_year", "Năm sinh", align_right=True, width=75),
            C("rank", "Cấp bậc", width=90),
            C("position", "Chức vụ", width=190),
            C("unit", "Đơn vị", width=260),
            C("is_exemplary", "Điển hình", fmt.yes_no),
        ],
        noun="cá nhân",
        placeholder="Họ tên, chức vụ, cấp bậc (gõ không dấu cũng được)",
    )


def proposals_tab(db: sqlite_utils.Database) -> ListTab:
    return ListTab(
        db,
        proposals.LISTING,
        [
            C("year", "Năm", align_right=True, width=60),
            C("nominee", "Cá nhân / tập thể", width=220),
            C("subject", "Đối tượng", fmt.subject, width=80),
            C("unit", "Đơn vị", width=220),
            C("award_code", "Hình thức đề nghị", fmt.award, width=260),
            C("status", "Trạng thái", fmt.status, width=120),
            C("votes", "Phiếu", align_right=True, width=60),
            C("decision", "Quyết định số", width=120),
            C("decision_date", "Ngày quyết định", fmt.vn_date),
        ],
        noun="đề nghị",
        placeholder="Tên người hoặc đơn vị, hình thức, số quyết định",
    )


TABS = (
    ("Đơn vị thành viên", units_tab),
    ("Phong trào thi đua", movements_tab),
    ("Cá nhân điển hình", individuals_tab),
    ("Đề nghị khen thưởng", proposals_tab),
)
