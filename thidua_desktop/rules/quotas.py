"""The provincial quota of CSTĐCS over LĐTT, when the desk turns it on (off by default:
the current law sets none; the old 15 % cap of ND 91/2017 is the preset)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from thidua_desktop.rules.settings import DeskSettings


@dataclass(frozen=True)
class Quota:
    used: int  # CSTĐCS proposed or awarded
    base: int  # LĐTT (or CSTT) of the unit that year
    allowed: int | None  # None: no quota in force

    @property
    def exceeded(self) -> bool:
        return self.allowed is not None and self.used > self.allowed

    def text(self) -> str:
        if self.allowed is None:
            return f"{self.used} CSTĐCS / {self.base} LĐTT"
        return f"{self.used} CSTĐCS / tối đa {self.allowed} ({self.base} LĐTT)"


def quota(settings: DeskSettings, used: int, base: int) -> Quota:
    if not settings.quota_enabled:
        return Quota(used, base, None)
    return Quota(used, base, math.floor(base * settings.quota_percent / 100))
