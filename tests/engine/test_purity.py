"""The engine never imports the sessions layer, the shells, Textual or Rich; the layers
import only downwards, with no import circles anywhere."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import ROOT

BLOCKER = r"""
import sys
BLOCKED = ('textual', 'rich', 'sqlite3', 'platformdirs', 'tabletop.tui', 'tabletop.sessions')
class Block:
    def find_spec(self, name, path=None, target=None):
        if any(name == b or name.startswith(b + '.') for b in BLOCKED):
            raise ImportError(f'the engine imported {name}')
        return None
sys.meta_path.insert(0, Block())
import pkgutil, importlib
import tabletop.engine as engine
for m in pkgutil.iter_modules(engine.__path__):
    importlib.import_module('tabletop.engine.' + m.name)
print('engine imported', len(list(pkgutil.iter_modules(engine.__path__))), 'modules')
"""


def test_engine_imports_with_the_shells_and_textual_blocked():
    r = subprocess.run([sys.executable, "-c", BLOCKER], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert "engine imported" in r.stdout


def test_import_linter_contracts_are_kept():
    exe = ROOT / ".venv" / "bin" / "lint-imports"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "importlinter.cli"]
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stdout + r.stderr
    kept = re.search(r"Contracts: (\d+) kept, (\d+) broken", r.stdout)
    assert kept and int(kept.group(1)) >= 5 and kept.group(2) == "0", r.stdout


def test_no_import_cycles_between_modules():
    """Every import statement counts, those inside functions too: a lazy import that closes
    a circle is still a circle for a reader."""
    import grimp
    import networkx as nx

    graph = grimp.build_graph("tabletop.engine", "tabletop.sessions", "tabletop.tui")
    assert len(graph.modules) > 50
    g = nx.DiGraph()
    for m in graph.modules:
        for imported in graph.find_modules_directly_imported_by(m):
            # a package importing its own submodules (re-exports in __init__) is not a circle
            if not imported.startswith(m + "."):
                g.add_edge(m, imported)
    cycles = [c for c in nx.simple_cycles(g) if len(c) > 1]
    assert not cycles, "import circles: " + "; ".join(" → ".join(c) for c in cycles[:10])
