"""The wheel, tested as users get it: built from the checkout, installed with its
dependencies into a throwaway venv, and run from a folder outside the checkout that has
its own `engine/` and `tui/` folders (which must not be picked up).

It fails if a module, a scenario, a role or the stylesheet is missing from the wheel, or
if the wheel installs anything at the top level of site-packages but `tabletop`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

# one worker builds the wheel once for the whole module (pytest-xdist runs with --dist loadgroup)
pytestmark = pytest.mark.xdist_group("wheel")

PIP = ["-m", "pip", "--disable-pip-version-check", "--no-input", "-q"]

# a headless start of the TUI: the library with its stylesheet, filled with the scenarios
TUI_START = r"""
import asyncio, sys
from tabletop.tui.app import TabletopApp
from tabletop.tui.app.screens import LibraryScreen
from textual.widgets import DataTable

async def main():
    app = TabletopApp(lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            table = app.screen.query(DataTable)
            if table and table.first().row_count:
                break
        assert isinstance(app.screen, LibraryScreen), app.screen
        print("rows", app.screen.query_one(DataTable).row_count)
        print("css", sum(1 for path, _ in app.stylesheet.source.items() if str(path[0]).endswith("app.tcss")))

asyncio.run(main())
"""


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(wheel path, venv python, environment, a working folder with decoy packages)."""
    base = tmp_path_factory.mktemp("wheel")
    # build from a clean copy: setuptools reuses ./build, where stale files would hide a
    # missing one
    src = base / "src"
    shutil.copytree(
        ROOT,
        src,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis"
        ),
    )
    dist = base / "dist"
    r = subprocess.run(
        [sys.executable, *PIP, "wheel", "--no-deps", "-w", str(dist), str(src)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    (wheel,) = dist.glob("tabletop_ir-*.whl")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    py = venv / "bin" / "python"
    r = subprocess.run([str(py), *PIP, "install", str(wheel)], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    work = base / "elsewhere"
    for decoy in ("engine", "tui", "scenarios", "roles"):
        (work / decoy).mkdir(parents=True)
        (work / decoy / "__init__.py").write_text(f"raise ImportError('the decoy {decoy} was imported')\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "TABLETOP"))}
    env.update(TABLETOP_HOME=str(base / "home"), LANG="C.UTF-8", PYTHONIOENCODING="utf-8")
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return wheel, py, env, work


def _run(installed, *args, input=None, timeout=120):
    _, py, env, work = installed
    exe = Path(py).parent / "tabletop"
    return subprocess.run(
        [str(exe), *args], input=input, capture_output=True, text=True, env=env, cwd=work, timeout=timeout
    )


def test_the_wheel_holds_every_module_scenario_archive_role_and_stylesheet_under_tabletop_only(installed):
    wheel = installed[0]
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"tabletop"}, tops
    expected = set()
    for folder, pkg in (
        ("engine", "engine"),
        ("sessions", "sessions"),
        ("tui", "tui"),
        ("scenarios", "scenarios"),
        ("roles", "roles"),
    ):
        for f in (ROOT / folder).rglob("*"):
            if f.name.endswith((".py", ".yaml", ".tcss", ".json.gz")) and "__pycache__" not in f.parts:
                expected.add(f"tabletop/{pkg}/{f.relative_to(ROOT / folder).as_posix()}")
    expected.add("tabletop/__main__.py")
    missing = sorted(expected - set(names))
    assert not missing, f"missing from the wheel: {missing}"
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names), names


def test_the_installed_commands_work_from_a_folder_with_its_own_engine_and_tui(installed):
    wheel, py, env, work = installed
    r = _run(installed, "--version")
    assert r.returncode == 0 and r.stdout.startswith("tabletop 0."), r.stdout + r.stderr

    r = _run(installed, "list", "--json")
    assert r.returncode == 0, r.stderr
    ids = {row["id"] for row in json.loads(r.stdout)}
    builtin = {f.stem for f in (ROOT / "scenarios").glob("fy*.yaml")}
    assert ids == builtin and len(ids) >= 9

    r = _run(installed, "practices", "--json")
    assert r.returncode == 0, r.stderr
    shipped = yaml.safe_load((ROOT / "scenarios" / "practices.yaml").read_text(encoding="utf-8"))
    assert [p["id"] for p in json.loads(r.stdout)] == [p["id"] for p in shipped["practices"]]

    r = _run(
        installed,
        "play",
        "fy2024-02",
        "--plain",
        "--seed",
        "1",
        "--lang",
        "en",
        "--session",
        "wheel",
        input="1\n" * 60,
    )
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr
    assert "=== Ending:" in r.stdout

    r = _run(installed, "report", "wheel", "--format", "md")
    assert r.returncode == 0 and r.stdout.startswith("# "), r.stderr

    r = subprocess.run(
        [str(py), "-m", "tabletop", "sessions", "--json"], capture_output=True, text=True, env=env, cwd=work
    )
    assert r.returncode == 0 and json.loads(r.stdout)[0]["name"] == "wheel", r.stderr


def test_the_authoring_commands_work_from_the_wheel(installed):
    _, py, env, work = installed
    for args in (
        ("show", "fy2024-04", "--lang", "ja"),
        ("new", "my-drill", "-o", "my-drill.yaml"),
        ("validate", "my-drill.yaml", "--strict"),
        ("test", "my-drill.yaml"),
        ("graph", "fy2024-02", "--format", "dot"),
        ("schema",),
        ("export", "fy2024-02", "--format", "msel-csv", "-o", "drill.csv"),
        ("import", "drill.csv", "-o", "back.yaml"),
    ):
        r = _run(installed, *args)
        assert r.returncode == 0, (args, r.stdout[-1000:], r.stderr[-2000:])
    assert (work / "back.yaml").read_text(encoding="utf-8").startswith("#")


def test_no_generic_top_level_package_is_installed(installed):
    _, py, env, work = installed
    neutral = work.parent
    for name in ("engine", "tui", "scenarios", "roles", "sessions"):
        r = subprocess.run(
            [str(py), "-c", f"import {name}"], capture_output=True, text=True, env=env, cwd=neutral
        )
        assert r.returncode != 0 and "ModuleNotFoundError" in r.stderr, (name, r.stderr)


def test_the_tui_starts_headless_with_its_stylesheet_and_fills_the_library(installed):
    _, py, env, work = installed
    r = subprocess.run(
        [str(py), "-c", TUI_START], capture_output=True, text=True, env=env, cwd=work, timeout=120
    )
    assert r.returncode == 0, r.stdout + r.stderr
    rows = int(r.stdout.split("rows ")[1].split()[0])
    css = int(r.stdout.split("css ")[1].split()[0])
    assert rows >= 9, r.stdout
    assert css == 1, r.stdout
