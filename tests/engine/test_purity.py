"""The engine never imports Textual or the shells."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

BLOCKER = r"""
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('textual', 'rich', 'tui'):
            raise ImportError(f'the engine imported {name}')
        return None
sys.meta_path.insert(0, Block())
import pkgutil, importlib, engine
for m in pkgutil.iter_modules(engine.__path__):
    importlib.import_module('engine.' + m.name)
print('engine imported', len(list(pkgutil.iter_modules(engine.__path__))), 'modules')
"""


def test_engine_imports_with_textual_blocked():
    r = subprocess.run([sys.executable, "-c", BLOCKER], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert "engine imported" in r.stdout


def test_import_linter_contract_is_kept():
    exe = ROOT / ".venv" / "bin" / "lint-imports"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "importlinter.cli"]
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "1 kept, 0 broken" in r.stdout
