from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tabletop.engine.catalog import load_catalog
from tabletop.engine.diagnostics import Sink
from tabletop.engine.lint import lint
from tabletop.engine.loader import load_scenario
from tabletop.engine.model import Catalog

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
MINI = DATA / "mini" / "mini.yaml"
FEATURES = DATA / "mini" / "features.yaml"  # every feature of format 1.1, small enough to enumerate


@pytest.fixture(scope="session")
def builtin_catalog() -> Catalog:
    catalog, diags = load_catalog()
    assert not [d for d in diags if d.severity == "error"], diags
    return catalog


@pytest.fixture(scope="session")
def mini_catalog() -> Catalog:
    """A small catalogue of its own, so engine tests do not depend on the built-in content."""
    catalog, diags = load_catalog(
        roles_dir=DATA / "mini" / "roles", practices_file=DATA / "mini" / "practices.yaml"
    )
    assert not diags, [str(d) for d in diags]
    return catalog


@pytest.fixture(scope="session")
def mini(mini_catalog):
    sink = Sink(str(MINI))
    scenario = load_scenario(str(MINI), mini_catalog, sink)
    lint(scenario, mini_catalog, sink)
    assert not sink.items, [str(d) for d in sink.items]
    return scenario


@pytest.fixture(scope="session")
def features(mini_catalog):
    sink = Sink(str(FEATURES))
    scenario = load_scenario(str(FEATURES), mini_catalog, sink)
    lint(scenario, mini_catalog, sink)
    assert not sink.items, [str(d) for d in sink.items]
    return scenario


def check(data: bytes | str, catalog: Catalog, path: str = "s.yaml") -> list:
    """Load and lint one scenario given as text; the diagnostics."""
    if isinstance(data, str):
        data = data.encode()
    sink = Sink(path)
    scenario = load_scenario(path, catalog, sink, data)
    if scenario is not None and not sink.has_errors:
        lint(scenario, catalog, sink)
    return sink.items


def _worker_home() -> str:
    # One data directory per xdist worker: tests that run in parallel must not share sessions.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    return str(ROOT / ".pytest_cache" / f"tabletop-home-{worker}")


@pytest.fixture(autouse=True, scope="session")
def _own_data_directory():
    """Commands run in-process keep caches in the data directory: never the user's own."""
    os.environ.setdefault("TABLETOP_HOME", _worker_home())


def run_cli(*args: str, input: str | bytes | None = None, env: dict | None = None, timeout: float = 60):
    """Run `tabletop` in a subprocess, as a user would."""
    e = dict(os.environ)
    e.setdefault("TABLETOP_HOME", _worker_home())
    e.pop("TABLETOP_LANG", None)
    e["LANG"] = "C.UTF-8"
    e["PYTHONIOENCODING"] = "utf-8"
    if env:
        e.update(env)
    if isinstance(input, str):
        input = input.encode()
    return subprocess.run(
        [sys.executable, "-m", "tabletop", *args],
        input=input,
        capture_output=True,
        env=e,
        cwd=ROOT,
        timeout=timeout,
    )


# the PostgreSQL server and the stores of both kinds (tests/pg.py)
from tests.pg import open_any, pg_server, pg_url, store_location  # noqa: E402, F401
