"""thidua_desktop: the emulation and commendation desk (thi đua, khen thưởng)."""

__version__ = "0.1.0"
APP_NAME = "thidua_desktop"
APP_TITLE = "Thi đua – Khen thưởng"
