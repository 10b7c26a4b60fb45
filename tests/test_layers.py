"""The shape of the house (../shared/ARCHITECTURE.md), checked on the source: imports point
downward only (ui -> reports -> store -> rules -> domain; cli beside ui, never importing it),
no Qt below ui/, no SQL outside store/, message boxes and file dialogs only in ui/messages.py,
one import cycle at most (store.db <-> store.migrations), and rooms small enough to read.

``violations`` reads a package tree without importing it; the second half of this file proves
that it catches each kind of breach in a small tree written for the purpose."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "thidua_desktop"

# what each layer may import from the package (its own layer always); "" is the package's
# __init__ (name, version), which every layer may read
ALLOWED = {
    "domain": {"domain"},
    "shipped": {"shipped"},
    "rules": {"rules", "domain"},
    "store": {"store", "rules", "domain", "shipped"},
    "reports": {"reports", "store", "rules", "domain", "shipped"},
    "ui": {"ui", "reports", "store", "rules", "domain", "shipped"},
    "cli": {"cli", "reports", "store", "rules", "domain", "shipped"},
    "app": {"app", "cli", "ui", "reports", "store", "rules", "domain", "shipped"},
}
QT_LAYERS = {"ui", "app"}  # the only places PySide6 may be imported
SQL_LAYERS = {"store"}
DIALOG_MODULES = {"ui.messages"}  # QMessageBox and QFileDialog, so tests patch one module
ALLOWED_CYCLES = [{"store.db", "store.migrations"}]
MAX_LINES, MAX_MODULES = 660, 15

SQL_TEXT = re.compile(
    r"\b(SELECT\s.+\sFROM|INSERT\s+INTO|INSERT\s+OR\s+\w+\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM"
    r"|CREATE\s+(TABLE|INDEX|TRIGGER|VIEW|VIRTUAL)|DROP\s+(TABLE|INDEX)|PRAGMA\s+\w+)\b",
    re.IGNORECASE | re.DOTALL,
)
SQL_CALLS = {"execute", "executemany", "executescript", "query"}


def _module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _layer(module: str) -> str:
    first = module.split(".")[0] if module else ""
    return "app" if first in ("app", "__main__") else first


def _imports(tree: ast.AST, package: str):
    """(line, imported module under the package or a third-party name) for every import."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module
            if node.module == package or node.module.startswith(package + "."):
                for alias in node.names:  # "from thidua_desktop.store import rows" imports store.rows
                    yield node.lineno, f"{node.module}.{alias.name}"


def _inner(name: str, package: str) -> str | None:
    """The module path inside the package, or None for a third-party import."""
    if name == package:
        return ""
    if name.startswith(package + "."):
        return name[len(package) + 1 :]
    return None


def violations(root: Path) -> list[str]:
    """Every breach of the house's rules in the package at ``root``, as readable lines."""
    package = root.name
    found: list[str] = []
    modules = {_module_name(root, p): p for p in sorted(root.rglob("*.py"))}
    tops = {m.split(".")[0] for m in modules if m}
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        where = f"{path.relative_to(root.parent)}"
        layer = _layer(module)
        if module and layer not in ALLOWED:
            found.append(f"{where}: in no layer; put it in one of {', '.join(sorted(ALLOWED))}")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for line, name in _imports(tree, package):
            inner = _inner(name, package)
            if inner is None:
                if name.split(".")[0] == "PySide6" and layer not in QT_LAYERS:
                    found.append(f"{where}:{line}: imports {name}: no Qt outside ui/ and app.py")
                continue
            if inner.split(".")[0] not in tops:  # a name the package's __init__ defines (version, title)
                continue
            target = _layer(inner)
            if target not in ALLOWED.get(layer, set()):
                found.append(f"{where}:{line}: {layer} imports {package}.{inner}: "
                             f"{layer} may import only {', '.join(sorted(ALLOWED.get(layer, ())))}")  # fmt: skip
        for node in tree.body:  # module-level imports: what runs when the module is first imported
            if isinstance(node, ast.ImportFrom) and node.level == 0 and _inner(node.module or "", package):
                base = _inner(node.module, package)
                # "from store import rows" runs store.rows; "from store import StoreError" runs store
                targets = {f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names}
            elif isinstance(node, ast.Import):
                targets = {_inner(a.name, package) for a in node.names} - {None, ""}
            else:
                continue
            graph.setdefault(module, set()).update(t for t in targets if t in modules and t != module)
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("QMessageBox", "QFileDialog"):
                name = node.attr
            elif isinstance(node, ast.alias) and node.name in ("QMessageBox", "QFileDialog"):
                name = node.name
            else:
                name = None
            if name and module not in DIALOG_MODULES:
                found.append(f"{where}:{getattr(node, 'lineno', 0)}: uses {name}: message boxes and file "
                             "dialogs go through ui/messages.py")  # fmt: skip
            if layer in SQL_LAYERS:
                continue
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL_TEXT.search(node.value):
                found.append(f"{where}:{node.lineno}: SQL text outside store/: {node.value.strip()[:60]!r}")
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in SQL_CALLS and _looks_like_database(node.func.value)):  # fmt: skip
                found.append(f"{where}:{node.lineno}: runs SQL (.{node.func.attr}) outside store/")
        lines = path.read_text(encoding="utf-8").count("\n")
        if lines > MAX_LINES:
            found.append(f"{where}: {lines} lines; split it by what changes together (at most {MAX_LINES})")
    folders: dict[Path, int] = {}
    for path in modules.values():
        if path.name != "__init__.py":
            folders[path.parent] = folders.get(path.parent, 0) + 1
    for folder, count in folders.items():
        if count > MAX_MODULES:
            found.append(f"{folder.relative_to(root.parent)}/: {count} modules; group a capability in a "
                         f"sub-package (at most {MAX_MODULES})")  # fmt: skip
        if folder != root and not (folder / "__init__.py").exists():
            found.append(f"{folder.relative_to(root.parent)}/: no __init__.py saying what it holds")
    for cycle in _cycles(graph):
        if cycle not in ALLOWED_CYCLES:
            found.append("import cycle at module level: " + " <-> ".join(sorted(cycle)))
    return found


def _looks_like_database(node: ast.AST) -> bool:
    """``db.execute``, ``self.db.conn.execute``, ``conn.query``: a database, not e.g. a regex."""
    text = ast.unparse(node)
    return bool(re.search(r"(^|\.)(db|conn|connection|database|cursor|con)$", text))


def _cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(component)

    for v in list(graph):
        if v not in index:
            visit(v)
    return out


def test_the_package_keeps_the_house_rules():
    assert violations(PACKAGE) == []


def test_every_sub_package_says_in_its_first_line_what_it_holds():
    for init in PACKAGE.rglob("__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and len(doc.splitlines()[0]) > 20, f"{init}: say in one line what the package holds"


# --- the checker catches what it is for ---------------------------------------------------------
def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "thidua_desktop"
    base = {"__init__.py": '"""x"""\n'}
    for folder in ("domain", "rules", "store", "reports", "ui", "cli", "shipped"):
        base[f"{folder}/__init__.py"] = '"""A layer of the test tree, with nothing in it but this line."""\n'
    for name, text in {**base, **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_a_clean_tree_has_no_violations(tmp_path):
    root = _tree(tmp_path, {
        "store/db.py": "from thidua_desktop.rules import catalogue\n\ndef n(db):\n    return db.execute('SELECT 1 FROM x')\n",
        "rules/catalogue.py": "from thidua_desktop.domain import text\n",
        "domain/text.py": "import re\n",
        "reports/excel.py": "from thidua_desktop.store import db\nfrom thidua_desktop import __version__\n",
        "ui/tab.py": "from PySide6.QtWidgets import QWidget\nfrom thidua_desktop.reports import excel\n",
        "ui/messages.py": "from PySide6.QtWidgets import QMessageBox\n",
        "cli/export.py": "from thidua_desktop.reports import excel\n",
        "app.py": "from thidua_desktop.cli import export\nfrom thidua_desktop.ui import tab\n",
    })  # fmt: skip
    assert violations(root) == []


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"store/units.py": "from PySide6.QtCore import QObject\n"}, "no Qt outside ui/"),
        (
            {"reports/x.py": "def f():\n    import PySide6.QtGui\n"},
            "no Qt outside ui/",
        ),  # inside a function too
        ({"reports/x.py": "from thidua_desktop.ui import tab\n"}, "reports imports thidua_desktop.ui.tab"),
        ({"store/x.py": "from thidua_desktop import reports\n"}, "store imports thidua_desktop.reports"),
        (
            {"rules/x.py": "from thidua_desktop.store.db import transaction\n"},
            "rules imports thidua_desktop.store.db",
        ),
        (
            {"domain/x.py": "from thidua_desktop.rules import catalogue\n"},
            "domain imports thidua_desktop.rules",
        ),
        (
            {"cli/x.py": "from thidua_desktop.ui.messages import ask\n"},
            "cli imports thidua_desktop.ui.messages",
        ),
        ({"reports/x.py": "Q = 'SELECT name FROM units WHERE id = ?'\n"}, "SQL text outside store/"),
        ({"ui/x.py": "def f(db):\n    db.conn.execute(q)\n"}, "runs SQL (.execute) outside store/"),
        ({"ui/x.py": "from PySide6.QtWidgets import QFileDialog\n"}, "uses QFileDialog"),
        (
            {
                "store/a.py": "from thidua_desktop.store import b\n",
                "store/b.py": "from thidua_desktop.store import a\n",
            },
            "import cycle at module level: store.a <-> store.b",
        ),
        ({"ui/big.py": "x = 1\n" * (MAX_LINES + 1)}, f"{MAX_LINES + 1} lines"),
        ({f"ui/m{i}.py": "" for i in range(MAX_MODULES + 1)}, f"{MAX_MODULES + 1} modules"),
        ({"ui/tabs/units.py": ""}, "no __init__.py"),
        ({"utils.py": ""}, "utils.py: in no layer"),
    ],
)
def test_each_kind_of_breach_is_caught(tmp_path, files, expected):
    found = violations(_tree(tmp_path, files))
    assert any(expected in line for line in found), found
