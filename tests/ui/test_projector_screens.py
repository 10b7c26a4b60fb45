"""The projector with two screens (issue 21, point 4), in a child process: Qt's offscreen
platform is given two virtual screens, a laptop and a 1024×768 projector."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCREENS = {
    "synchronousWindowSystemEvents": True,
    "windowFrameMargins": False,
    "screens": [
        {"name": "Laptop", "x": 0, "y": 0, "width": 1366, "height": 768, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1},
        {"name": "Projector", "x": 1366, "y": 0, "width": 1024, "height": 768, "logicalDpi": 96, "logicalBaseDpi": 96,
         "dpr": 1},
    ],
}  # fmt: skip


@pytest.mark.parametrize("width, height", [(1024, 768), (1920, 1080)])
def test_the_projector_takes_the_second_screen_and_follows_the_typing(sample_path, tmp_path, width, height):
    config = tmp_path / "screens.json"
    screens = json.loads(json.dumps(SCREENS))
    screens["screens"][1].update(width=width, height=height)
    config.write_text(json.dumps(screens), encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    run = subprocess.run([sys.executable, str(Path(__file__).with_name("projector_two_screens.py")), str(sample_path),
                          str(tmp_path)], capture_output=True, text=True, encoding="utf-8", env=env, timeout=120)  # fmt: skip
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen["screen"] == "Projector" and seen["full"] and seen["geometry"] == [1366, 0, width, height]
    assert seen["choices"] == 2 and seen["chosen"] == "Projector" and seen["remembered"] == "Projector"
    assert seen["focus_in_typing"]  # the secretary goes on typing
    assert "thu về 0" in seen["before"] and "thu về 1" in seen["after"]  # the hall sees the ballot at once
    assert "⚠" not in seen["after"]  # the count's warnings are not shown to the hall
    for widest_fits, title_fits, height_fits, size in seen["fits"]:
        assert widest_fits and title_fits and height_fits and size >= 12, seen["fits"]
