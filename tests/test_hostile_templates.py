"""Issue 17, point 1: a Word template is untrusted. The attacks of the security review, each as
its input: a template that would run a command, hang in a loop or an exponent, load another
file, nest without end, unpack to gigabytes or hold broken XML. Each is refused with a
Vietnamese message naming what is wrong, nothing runs, nothing is written, memory stays
bounded (checked in a child process under an address-space limit)."""

from __future__ import annotations

import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from docx import Document
from jinja2 import UndefinedError
from jinja2.sandbox import SecurityError

from thidua_desktop.reports.papers import template_guard as guard
from thidua_desktop.reports.papers import word as dp
from thidua_desktop.shipped.files import resource_path
from thidua_desktop.store import open_database
from thidua_desktop.store.report_data import certificates
from thidua_desktop.store.report_data import papers as sp

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def sample(sample_path):
    db = open_database(sample_path)
    yield db
    db.close()


def _biggest(db) -> str:
    """The decision with the most recipients in the sample."""
    return max(certificates.decisions(db), key=lambda d: d[2])[0]


def _template(
    tmp_path: Path, payload: str, kind: str = "quyet-dinh", old: str = "{{ so_quyet_dinh }}"
) -> Path:
    """The shipped template with one placeholder typed over with ``payload``, as in Word."""
    document = Document(str(resource_path("papers", f"{kind}.docx")))
    for t in document.element.body.iter(f"{W}t"):
        if old in (t.text or ""):
            t.text = t.text.replace(old, payload, 1)
            break
    else:
        raise AssertionError(old)
    path = tmp_path / "mau-la.docx"
    document.save(str(path))
    return path


def _refused(path: Path, kind: str = "quyet-dinh") -> str:
    started = time.perf_counter()
    with pytest.raises(dp.PaperTemplateError) as caught:
        dp.check(kind, dp.template_for(None, kind, path))
    assert time.perf_counter() - started < 10  # refused, not run
    message = str(caught.value)
    assert "Traceback" not in message and path.name in message
    return message


def test_a_template_that_would_run_a_command_is_refused_and_nothing_runs(tmp_path, sample):
    marker = tmp_path / "da-chay"
    payload = f"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}"
    message = _refused(_template(tmp_path, payload))
    assert "gọi hàm" in message and "thuộc tính ẩn “.__init__”" in message and "an toàn" in message
    assert not marker.exists()

    # from the command line, as the review ran it
    result = subprocess.run(
        [sys.executable, "-m", "thidua_desktop", "papers", "mau", "to-trinh", "--check",
         str(_template(tmp_path, payload, "to-trinh", "{{ so_to_trinh }}"))],
        capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert result.returncode != 0 and "gọi hàm" in result.stderr and "Traceback" not in result.stderr
    assert not marker.exists()

    # a template kept in a data file that came from elsewhere is checked again when it is used
    number = _biggest(sample)
    sp.keep_template(sample, "quyet-dinh", Path("mau-la.docx"), _template(tmp_path, payload).read_bytes())
    out = tmp_path / "qd.docx"
    with pytest.raises(dp.PaperTemplateError, match="gọi hàm"):
        dp.write(sample, "quyet-dinh", out, number=number)
    assert not marker.exists() and not out.exists()


@pytest.mark.parametrize(
    ("payload", "named"),
    [
        ("{% for i in range(100000000) %}x{% endfor %}", "gọi hàm"),
        ("{{ 9 ** (9 ** 9) }}", "phép tính"),
        ("{{ so_quyet_dinh * 100000000 }}", "phép tính"),
        ("{% include 'C:/Windows/win.ini' %}", "lệnh include"),
        ("{% import 'x.html' as x %}", "lệnh import"),
        ("{% set x = so_quyet_dinh %}", "lệnh set"),
        ("{% macro m() %}{% endmacro %}", "lệnh macro"),
        ("{{ ''.__class__.__mro__ }}", "thuộc tính ẩn"),
        ("{{ so_quyet_dinh['__class__'] }}", "chỉ số"),
        ("{{ so_quyet_dinh|center(999999999) }}", "bộ lọc “|center”"),
        ("{{ so_quyet_dinh|format(1) }}", "bộ lọc “|format”"),
        ("{{ [1] * 10 }}", "danh sách viết trong mẫu"),
        ("{{ lipsum() }}", "gọi hàm"),
    ],
)
def test_every_construct_outside_the_whitelist_is_refused_by_name(tmp_path, payload, named):
    message = _refused(_template(tmp_path, payload))
    assert named in message, message


def test_nesting_without_end_is_refused_not_a_traceback(tmp_path):
    deep = "{{ " + "(" * 3000 + "so_quyet_dinh" + ")" * 3000 + " }}"
    message = _refused(_template(tmp_path, deep))
    assert "lồng nhau quá sâu" in message or "lồng nhau quá 12 tầng" in message or "viết sai" in message
    ifs = "".join("{% if so_quyet_dinh %}" for _ in range(20)) + "x" + "{% endif %}" * 20
    assert "lồng nhau quá 12 tầng" in _refused(_template(tmp_path, ifs))


def test_loops_inside_loops_stop_at_a_bound_proportional_to_the_paper(tmp_path, sample):
    number = _biggest(sample)
    cube = ("{% for a in danh_sach %}{% for b in danh_sach %}{% for c in danh_sach %}{% for d in danh_sach %}"
            "{{ d.ten_day_du }}{% endfor %}{% endfor %}{% endfor %}{% endfor %}")  # fmt: skip
    out = tmp_path / "qd.docx"
    started = time.perf_counter()
    with pytest.raises(dp.PaperTemplateError, match="lặp lại quá nhiều lần"):
        dp.write(sample, "quyet-dinh", out, number=number, template=_template(tmp_path, cube))
    assert time.perf_counter() - started < 20 and not out.exists()
    # the same list walked twice is an ordinary template and fills
    twice = "{% for a in danh_sach %}{{ a.ten_day_du }}{% endfor %}{% for b in danh_sach %}{{ b.stt }}{% endfor %}"
    dp.write(sample, "quyet-dinh", out, number=number, template=_template(tmp_path, twice))
    assert out.exists()


def test_the_sandbox_holds_even_without_the_whitelist():
    env = guard.PaperEnvironment()
    with pytest.raises(UndefinedError):  # no globals at all
        env.from_string("{{ cycler }}").render()
    with pytest.raises((UndefinedError, SecurityError)):
        env.from_string("{{ cycler.__init__.__globals__ }}").render()
    with pytest.raises(UndefinedError):
        env.from_string("{{ range(10) }}").render()
    with pytest.raises(SecurityError):
        env.from_string("{{ x.__class__.__mro__[1].__subclasses__() }}").render(x="")
    with pytest.raises(SecurityError):  # immutable: a template cannot change the paper's lists
        env.from_string("{{ rows.append(1) }}").render(rows=[])
    with pytest.raises(guard.TemplateLimit):
        env.from_string(
            "{% for a in r %}{% for b in r %}{% for c in r %}.{% endfor %}{% endfor %}{% endfor %}"
        ).render(guard.guarded_context({"r": list(range(100))}))


def _docx_with(tmp_path: Path, name: str, member: str, data: bytes | None = None, *, zeros: int = 0) -> Path:
    """The shipped template with one member replaced (by ``data``, or by ``zeros`` bytes of zeros)."""
    source = zipfile.ZipFile(resource_path("papers", "to-trinh.docx"))
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            if info.filename != member:
                out.writestr(info, source.read(info))
        with out.open(member, "w") as target:
            if data is not None:
                target.write(data)
            chunk = b"\0" * (1024 * 1024)
            for _ in range(zeros // len(chunk)):
                target.write(chunk)
    return path


def test_a_zip_bomb_and_a_device_are_refused_before_they_are_read(tmp_path):
    bomb = _docx_with(tmp_path, "bom.docx", "word/document.xml", zeros=64 * 1024 * 1024)
    assert bomb.stat().st_size < 1024 * 1024
    assert "nén bất thường" in _refused(bomb, "to-trinh")
    big = tmp_path / "to.docx"
    big.write_bytes(b"PK" + b"\0" * (guard.MAX_FILE_BYTES + 10))
    with pytest.raises(dp.PaperTemplateError, match="quá 20 MB"):
        dp.template_for(None, "to-trinh", big)
    if Path("/dev/zero").exists():
        with pytest.raises(dp.PaperTemplateError, match="không phải một tệp Word"):
            dp.template_for(None, "to-trinh", Path("/dev/zero"))
    with pytest.raises(dp.PaperTemplateError, match="không phải một tệp Word"):
        dp.template_for(None, "to-trinh", tmp_path)  # a folder


LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10))
          + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
          b"<w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>")  # fmt: skip


@pytest.mark.parametrize(
    "content",
    [b"<w:document><w:body><w:p>", LAUGHS, b"\xff\xfe not xml at all"],
    ids=["cut-off", "billion-laughs", "garbage"],
)
def test_broken_or_entity_laden_xml_is_a_message(tmp_path, content):
    path = _docx_with(tmp_path, "hong.docx", "word/document.xml", content)
    message = _refused(path, "to-trinh")
    assert "hỏng" in message or "không phải tệp Word" in message


def test_memory_stays_bounded_on_the_bomb_in_a_child_process(tmp_path):
    bomb = _docx_with(tmp_path, "bom.docx", "word/document.xml", zeros=256 * 1024 * 1024)

    def limit() -> None:  # 1 GiB of address space: the bomb unpacked would need far more
        resource.setrlimit(resource.RLIMIT_AS, (1024**3, 1024**3))

    result = subprocess.run(
        [sys.executable, "-m", "thidua_desktop", "papers", "mau", "to-trinh", "--check", str(bomb)],
        capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=120, preexec_fn=limit,
    )  # fmt: skip
    assert result.returncode != 0
    assert "nén bất thường" in result.stderr and "MemoryError" not in result.stderr, result.stderr


def test_a_damaged_kept_template_is_a_message(sample):
    data = sp.load_settings(sample)
    data["templates"]["to-trinh"] = {"name": "x.docx", "docx": "không phải base64 !!"}
    sp.save_settings(sample, data)
    with pytest.raises(dp.PaperTemplateError, match="tệp dữ liệu"):
        dp.template_for(sample, "to-trinh")


def test_the_shipped_templates_still_fill_in_the_sandbox(sample, tmp_path):
    number = _biggest(sample)
    out = tmp_path / "qd.docx"
    dp.write(sample, "quyet-dinh", out, number=number)
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert number in text and "{{" not in text
