"""The unsafe path is hard to write: every widget of the Textual app that could render
markup gets text that is literal by construction. This reads the app's source and fails on

- a ``Static`` or ``Label`` without ``markup=False`` (a later ``update(str)`` would parse
  markup even when the first content was safe);
- a button, radio button, checkbox, tab, option, select option or table cell whose label
  is not a constant, a UI string without values (``t("key")``), or literal content built
  by ``tui/app/literal.py`` (``plain``, ``wrapped``, ``numbered``, ``cell``) or ``Content``;
- a ``csv.writer``, an openpyxl ``Workbook`` or ``json.dumps(..., ensure_ascii=False)``
  outside engine/encode.py,
  anywhere in the package.

Notifications are literal in one place (``TabletopApp.notify``), titles in the screens'
validators; tests/e2e/test_hostile.py shows both with hostile text.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

APP = ROOT / "tui" / "app"
MARKUP_WIDGETS = {"Static", "Label"}
LABELLED = {"Button", "RadioButton", "Checkbox", "Tab", "Option", "Switch"}
LITERAL_CALLS = {"plain", "wrapped", "numbered", "cell", "Content", "Text"}


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _literal(node: ast.expr) -> bool:
    """Text that cannot carry markup from data."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.JoinedStr):
        return all(isinstance(v, ast.Constant) for v in node.values)
    if isinstance(node, ast.BinOp):
        return _literal(node.left) and _literal(node.right)
    if isinstance(node, ast.Call):
        name = _name(node.func)
        if name == "t":  # a UI string: literal unless values are put into it
            return not node.keywords
        if name in LITERAL_CALLS:
            return True
        if isinstance(node.func, ast.Attribute) and _name(node.func.value) == "Content":
            return True  # Content.styled, Content.assemble, ...
    return False


def _violations(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        where = f"{path.name}:{node.lineno}"
        if name in MARKUP_WIDGETS:
            kw = {k.arg: k.value for k in node.keywords}
            if not (isinstance(kw.get("markup"), ast.Constant) and kw["markup"].value is False):
                out.append(f"{where}: {name}(...) without markup=False")
        elif name in LABELLED and node.args and not _literal(node.args[0]):
            out.append(f"{where}: {name}() label that may hold markup: {ast.unparse(node.args[0])}")
        elif name in ("add_row", "add_column"):
            for a in node.args:
                if not _literal(a):
                    out.append(f"{where}: table cell that may hold markup: {ast.unparse(a)}")
        elif name == "set_options" and node.args and isinstance(node.args[0], ast.ListComp):
            elt = node.args[0].elt
            if isinstance(elt, ast.Tuple) and not _literal(elt.elts[0]):
                out.append(f"{where}: select option label that may hold markup")
    return out


def test_every_widget_of_the_app_shows_text_literally():
    problems = [v for f in sorted(APP.rglob("*.py")) for v in _violations(f)]
    assert not problems, "\n".join(problems)


def test_the_checker_finds_unsafe_calls(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(
        "Static(name)\nStatic(plain(x))\nButton(title)\nButton(t('k', role=r))\n"
        "table.add_row(s.title)\nStatic(t('x'), markup=False)\nButton(t('ok'))\n",
        encoding="utf-8",
    )
    found = _violations(bad)
    assert len(found) == 5, found


def test_csv_and_raw_json_are_written_only_by_the_encoder():
    allowed = ROOT / "engine" / "encode.py"
    problems = []
    for folder in ("engine", "sessions", "tui"):
        for f in sorted((ROOT / folder).rglob("*.py")):
            if f == allowed:
                continue
            for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                call = ast.unparse(node.func)
                where = f"{f.relative_to(ROOT)}:{node.lineno}"
                if call in ("csv.writer", "csv.DictWriter"):
                    problems.append(f"{where}: {call} (use engine.encode.to_csv)")
                if call in ("Workbook", "openpyxl.Workbook"):  # a text starting with = is a formula there
                    problems.append(f"{where}: {call} (use engine.encode.to_xlsx)")
                if call == "json.dumps" and any(
                    k.arg == "ensure_ascii" and isinstance(k.value, ast.Constant) and k.value.value is False
                    for k in node.keywords
                ):
                    problems.append(f"{where}: json.dumps(ensure_ascii=False) (use engine.encode.to_json)")
    assert not problems, "\n".join(problems)
