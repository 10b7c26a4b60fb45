"""The four working tabs in their order: the title and the function that builds each."""

from __future__ import annotations

from thidua_desktop.ui.tabs.movements import movements_tab
from thidua_desktop.ui.tabs.people import individuals_tab
from thidua_desktop.ui.tabs.proposals import proposals_tab
from thidua_desktop.ui.tabs.units import units_tab

TABS = (
    ("Đơn vị thành viên", units_tab),
    ("Phong trào thi đua", movements_tab),
    ("Cá nhân điển hình", individuals_tab),
    ("Đề nghị khen thưởng", proposals_tab),
)
