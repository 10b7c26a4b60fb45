"""build.spec and the program PyInstaller builds from it.

The spec is first executed with PyInstaller's build steps recorded (fast, no PyInstaller
needed): what it bundles, the icon, the Windows version resource. Then, where PyInstaller
is installed (``pip install -e ".[build]"``, as .ci/run does), the real one-folder build
is made and its program run: ``--version``, ``check`` on a sample database (resources and
fonts found inside the bundle) and the window started without a display."""

import re
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

import thidua_desktop
from thidua_desktop.store import backup

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "build.spec"
RUNTIME_FOLDERS = {p.name for p in (ROOT / "resources").iterdir() if p.is_dir() and p.name != "screenshots"}
FONTS = {p.name for p in (ROOT / "resources" / "fonts").glob("*.ttf")}


def run_spec(root: Path = ROOT) -> tuple[dict, dict]:
    """Execute ``root/build.spec`` as PyInstaller does, recording each build step's
    arguments instead of building. Returns (steps, the spec's namespace)."""
    steps: dict[str, tuple] = {}

    class Step:
        def __init__(self, *args, **kwargs):
            steps[type(self).__name__] = (args, kwargs)  # the last of each kind
            steps.setdefault(type(self).__name__ + "s", []).append((args, kwargs))

    class Analysis(Step):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.pure, self.scripts, self.binaries = [], [], []
            # what PyInstaller's own hooks add, beside the spec's datas
            self.datas = [
                ("PySide6/Qt/translations/qtbase_de.qm", "/x/qtbase_de.qm", "DATA"),
                ("PySide6\\translations\\qtbase_fr.qm", "C:\\x\\qtbase_fr.qm", "DATA"),
                ("PySide6/Qt/plugins/platforms/libqoffscreen.so", "/x/libqoffscreen.so", "BINARY"),
                *[(dest + "/f", src, "DATA") for src, dest in kwargs["datas"]],
            ]

    namespace = {
        "SPECPATH": str(root),
        "Analysis": Analysis,
        **{name: type(name, (Step,), {}) for name in ("PYZ", "EXE", "COLLECT")},
    }
    exec(
        compile((root / "build.spec").read_text(encoding="utf-8"), str(root / "build.spec"), "exec"),
        namespace,
    )
    return steps, namespace


def test_the_spec_bundles_every_resource_folder_but_the_screenshots():
    steps, _ = run_spec()
    datas = steps["Analysis"][1]["datas"]
    folders = [(src, dest) for src, dest in datas if Path(src).is_dir()]
    assert {Path(src).name for src, _dest in folders} == RUNTIME_FOLDERS
    assert {"sample", "icons", "fonts", "certificates"} <= RUNTIME_FOLDERS
    for src, dest in folders:  # where shipped/files.py looks in a frozen build
        assert dest == f"thidua_desktop/resources/{Path(src).name}"
    # the user's guide, which F1 shows, where shipped.files.guide_path looks for it
    assert [(Path(src), dest) for src, dest in datas if not Path(src).is_dir()] == [
        (ROOT / "docs" / "huong-dan-su-dung.md", "thidua_desktop/resources/help")
    ]


def test_the_spec_tolerates_folders_that_are_not_there_yet(tmp_path):
    shutil.copy(SPEC, tmp_path / "build.spec")
    (tmp_path / "thidua_desktop").mkdir()
    shutil.copy(ROOT / "thidua_desktop" / "__init__.py", tmp_path / "thidua_desktop")
    shutil.copytree(ROOT / "resources" / "sample", tmp_path / "resources" / "sample")
    (tmp_path / "resources" / "fonts").mkdir()  # being added: still empty
    steps, _ = run_spec(tmp_path)
    assert [Path(src).name for src, _ in steps["Analysis"][1]["datas"]] == ["sample"]
    assert steps["EXE"][1]["icon"] is None


def test_a_windowed_program_with_the_icon_and_our_own_translation_only():
    steps, namespace = run_spec()
    exe = steps["EXE"][1]
    assert exe["console"] is False and exe["name"] == "thidua_desktop"
    assert Path(exe["icon"]) == ROOT / "resources" / "icons" / "thidua.ico" and Path(exe["icon"]).is_file()
    kept = [dest for dest, _src, _kind in namespace["a"].datas]
    assert not [d for d in kept if d.startswith("PySide6/") and "translations" in d]  # Qt's 7 MB of others
    assert "thidua_desktop/resources/translations/qt_vi.qm" in [d.replace("\\", "/") for d in kept] or any(
        d.replace("\\", "/").startswith("thidua_desktop/resources/translations") for d in kept)  # fmt: skip
    assert "PySide6/Qt/plugins/platforms/libqoffscreen.so" in kept
    assert any(d.startswith("thidua_desktop/resources/fonts/") for d in kept)


def test_the_bundle_has_a_console_companion_beside_the_window_program():
    steps, _ = run_spec()
    exes = {kwargs["name"]: kwargs for _args, kwargs in steps["EXEs"]}
    assert exes["thidua_desktop"]["console"] is False and exes["thidua_desktop_cli"]["console"] is True
    collected = steps["COLLECT"][0]
    assert len([part for part in collected if type(part).__name__ == "EXE"]) == 2  # both in the one folder


def test_the_qt_modules_left_out_are_not_used_by_the_program():
    steps, _ = run_spec()
    excluded = set(steps["Analysis"][1]["excludes"])
    used = set()
    for source in (ROOT / "thidua_desktop").rglob("*.py"):
        used |= set(re.findall(r"\bPySide6\.(Qt\w+)", source.read_text(encoding="utf-8")))
    assert used and not {f"PySide6.{m}" for m in used} & excluded
    assert {"QtCore", "QtGui", "QtWidgets"} <= used


@pytest.mark.parametrize(
    ("text", "numbers"),
    [("0.1.0", (0, 1, 0, 0)), ("1.2.3.4", (1, 2, 3, 4)), ("0.2.0rc1", (0, 2, 0, 0)), ("2.0", (2, 0, 0, 0))],
)
def test_version_numbers_for_windows(text, numbers):
    _, namespace = run_spec()
    assert namespace["version_tuple"](text) == numbers


def test_the_windows_version_resource_comes_from_the_package(monkeypatch):
    compat = pytest.importorskip("PyInstaller.compat", reason="PyInstaller and pefile: the [build] extra")
    pytest.importorskip("pefile", reason="PyInstaller and pefile: the [build] extra")
    # versioninfo imports win32api for reading resources out of an .exe, which building
    # them does not use; off Windows PyInstaller has none, so give it a stand-in
    monkeypatch.setattr(compat, "win32api", None, raising=False)
    from PyInstaller.utils.win32 import versioninfo

    _, namespace = run_spec()
    info = namespace["windows_version_info"]()
    assert isinstance(info, versioninfo.VSVersionInfo)
    major, minor, patch, build = namespace["version_tuple"](thidua_desktop.__version__)
    assert info.ffi.fileVersionMS == (major << 16) | minor and info.ffi.fileVersionLS == (patch << 16) | build
    assert info.ffi.productVersionMS == info.ffi.fileVersionMS
    strings = {s.name: s.val for s in info.kids[0].kids[0].kids}
    assert strings["ProductVersion"] == thidua_desktop.__version__
    assert strings["ProductName"] == thidua_desktop.APP_TITLE
    assert strings["OriginalFilename"] == "thidua_desktop.exe"
    raw = info.toRaw()  # what PyInstaller writes into the .exe
    assert (
        "VS_VERSION_INFO".encode("utf-16-le") in raw and thidua_desktop.__version__.encode("utf-16-le") in raw
    )


def test_the_wheel_carries_the_same_resource_folders_as_the_build():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    included = config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert {Path(src).name for src in included if src.startswith("resources/")} == RUNTIME_FOLDERS
    for src, dest in included.items():
        if src.startswith("resources/"):
            assert dest == f"thidua_desktop/{src}"
    assert included["docs/huong-dan-su-dung.md"] == "thidua_desktop/resources/help/huong-dan-su-dung.md"


def test_the_icon_files_hold_every_size_windows_asks_for(qapp):
    from PySide6.QtGui import QImageReader

    reader = QImageReader(str(ROOT / "resources" / "icons" / "thidua.ico"))
    sizes = set()
    for _ in range(reader.imageCount()):
        image = reader.read()
        assert not image.isNull() and image.width() == image.height()
        sizes.add(image.width())
        reader.jumpToNextImage()
    assert {16, 24, 32, 48, 256} <= sizes
    png = QImageReader(str(ROOT / "resources" / "icons" / "thidua.png")).read()
    assert png.width() == 256 and png.pixelColor(128, 128).alpha() == 255


# --- the real build -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The one-folder build, made once for the tests below (about a minute)."""
    pytest.importorskip("PyInstaller", reason="pip install -e '.[build]' to test the build")
    work = tmp_path_factory.mktemp("pyinstaller")
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(work / "dist"), "--workpath", str(work / "build"), str(SPEC)],
        cwd=work, capture_output=True, text=True, timeout=1200,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-4000:]
    folder = work / "dist" / "thidua_desktop"
    program = folder / ("thidua_desktop.exe" if sys.platform == "win32" else "thidua_desktop")
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    print(f"\nbuild: {time.perf_counter() - started:.0f} s, {size / 2**20:.0f} MB in {folder}")
    return program


def run_built(program: Path, home: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(program), *args], capture_output=True, text=True, encoding="utf-8", timeout=120, env=_env(home)
    )


def _env(home: Path) -> dict:
    """No display, and a home of its own: settings, logs and data stay in the test folder."""
    home.mkdir(exist_ok=True)
    return {
        "PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen", "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_RUNTIME_DIR": str(home), "LANG": "C.UTF-8",
    }  # fmt: skip


@pytest.mark.timeout(1500)
def test_the_built_program_prints_its_version(built, tmp_path):
    result = run_built(built, tmp_path / "home", "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"thidua-desktop {thidua_desktop.__version__}"


@pytest.mark.timeout(1500)
def test_the_console_companion_runs_the_it_checks(built, sample_path, tmp_path):
    companion = built.with_name("thidua_desktop_cli" + built.suffix)
    assert companion.is_file()
    version = run_built(companion, tmp_path / "home", "--version")
    assert (
        version.returncode == 0 and version.stdout.strip() == f"thidua-desktop {thidua_desktop.__version__}"
    )
    checked = run_built(companion, tmp_path / "home", "check", "--db", str(sample_path))
    assert checked.returncode == 0 and "Toàn vẹn (integrity_check): tốt" in checked.stdout, checked.stderr


@pytest.mark.timeout(1500)
def test_the_built_program_checks_a_database_with_its_own_resources_and_fonts(built, sample_path, tmp_path):
    result = run_built(built, tmp_path / "home", "check", "--db", str(sample_path))
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "Toàn vẹn (integrity_check): tốt" in out and re.search(r"individuals\s+320", out)
    folder = re.search(r"Thư mục tài nguyên: (.+)", out).group(1).strip()
    assert Path(folder).is_relative_to(built.parent)  # inside the bundle, not the source tree
    assert not Path(folder).is_relative_to(ROOT)
    listed = re.search(r"Phông chữ \(\d+ tệp\): (.+)", out).group(1)
    assert set(listed.split(", ")) == FONTS
    assert "đủ chữ tiếng Việt" in out  # reportlab loaded them inside the bundle
    assert "Biểu tượng: thidua.ico, thidua.png" in out
    guide = Path(re.search(r"Hướng dẫn sử dụng \(phím F1\): (.+)", out).group(1).strip())
    assert guide.is_relative_to(built.parent) and guide.read_text(encoding="utf-8").startswith(
        "# Hướng dẫn sử dụng"
    )


@pytest.mark.timeout(1500)
def test_the_built_program_opens_its_window_without_a_display(built, sample_path, tmp_path):
    data = tmp_path / "khoi3.sqlite"
    shutil.copy(sample_path, data)
    process = subprocess.Popen(
        [str(built), "--db", str(data)], env=_env(tmp_path / "home"),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 90
        # the main window takes the day's copy once it is built: the whole GUI came up
        while not backup.list_backups(data) and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        alive = process.poll() is None
    finally:
        process.terminate()
        _out, err = process.communicate(timeout=30)
    assert alive, err[-3000:]
    assert backup.list_backups(data), err[-3000:]
    assert "qt.qpa" not in err or "offscreen" not in err, err[-3000:]


@pytest.mark.timeout(1500)
def test_the_built_program_writes_the_word_papers_from_its_own_templates(built, sample_path, tmp_path):
    """docxtpl, python-docx and Jinja2 inside the bundle, with resources/papers."""
    from docx import Document

    from thidua_desktop.store import open_database
    from thidua_desktop.store.report_data import certificates

    db = open_database(sample_path, create=False)
    decision = max(certificates.decisions(db), key=lambda d: d[2])[0]
    db.close()
    out = tmp_path / "qd.docx"
    result = run_built(built, tmp_path / "home", "papers", "quyet-dinh", "--db", str(sample_path), "--decision",
                       decision, "-o", str(out))  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert any(f"Số: {decision}" in c.text for t in Document(str(out)).tables for c in t._cells)
    result = run_built(built, tmp_path / "home", "papers", "kich-ban", "--db", str(sample_path), "--decision",
                       decision, "-o", str(tmp_path / "kb.pdf"))  # fmt: skip
    assert result.returncode == 0 and (tmp_path / "kb.pdf").stat().st_size > 10_000, result.stderr
