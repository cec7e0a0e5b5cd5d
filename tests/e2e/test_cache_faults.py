"""The caches in the data directory are never trusted and never an error (sessions/cache.py,
sessions/cards.py, engine.catalog.source_digest): whatever they hold, and whatever cannot
be read beside a scenario, a command shows what it would show with no cache at all."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tabletop.engine import codec
from tabletop.sessions.store_api import StoreProblem, decode_events, info_from_row
from tests.conftest import ROOT, run_cli

SCENARIO = ROOT / "scenarios" / "fy2020-01-nas-failover-outage.yaml"
DEEP = "[" * 100_000 + "]" * 100_000  # valid JSON, nested past the recursion limit


@pytest.fixture
def home(tmp_path):
    """The environment of a command with its own data directory."""
    return {"TABLETOP_HOME": str(tmp_path / "home")}


def _cache(home):
    return Path(home["TABLETOP_HOME"]) / "cache"


def test_a_card_with_items_of_the_wrong_type_is_read_again(home):
    clean = run_cli("list", "--json", env=home)
    assert clean.returncode == 0
    doc = json.loads((_cache(home) / "summaries.json").read_text(encoding="utf-8"))
    for entry in doc["entries"].values():
        entry["languages"] = [1]  # the right field type, the wrong item type
        entry["title"] = {"en": 5}
    (_cache(home) / "summaries.json").write_text(json.dumps(doc), encoding="utf-8")
    for args in (("list",), ("list", "--json")):
        r = run_cli(*args, env=home)
        assert r.returncode == 0 and b"internal error" not in r.stderr, r.stderr
    assert r.stdout == clean.stdout  # every card was read again from its file


def test_list_from_the_cache_checks_each_card_without_attrs_or_yaml(home):
    """The check that refuses a damaged card is plain Python: `list` from the cache imports
    neither attrs, the cards module nor yaml (they cost it half its time)."""
    import subprocess
    import sys

    from tabletop.engine.cards import card, card_data
    from tabletop.engine.catalog import load, load_catalog
    from tabletop.sessions.cards import _looks_like_a_card

    catalog, _ = load_catalog()
    data = card_data(card(load(str(SCENARIO), catalog)[0], catalog))
    assert _looks_like_a_card(json.loads(json.dumps(data)))  # what card_data writes passes
    for field, bad in (("languages", [1]), ("title", {"en": 5}), ("duration", True), ("source", {"case": 1})):
        assert not _looks_like_a_card({**data, field: bad}), field
    assert not _looks_like_a_card({**data, "extra": 1})
    code = (
        "import runpy, sys\n"
        "sys.argv = ['tabletop', 'list']\n"
        "try:\n    runpy.run_module('tabletop', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print('IMPORTED', [m for m in ('attr', 'yaml', 'tabletop.engine.cards') if m in sys.modules], file=sys.stderr)\n"
    )
    env = {**os.environ, **home, "LANG": "C.UTF-8"}
    runs = [
        subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, cwd=ROOT) for _ in "12"
    ]
    assert all(r.returncode == 0 and b"fy2020-01" in r.stdout for r in runs), runs[-1].stderr
    assert b"IMPORTED []" in runs[1].stderr, runs[1].stderr  # the second: every card cached


def test_a_cache_nested_too_deep_is_ignored(home):
    _cache(home).mkdir(parents=True)
    for name in ("summaries", "validate", "bounds"):
        (_cache(home) / f"{name}.json").write_text(DEEP, encoding="utf-8")
    r = run_cli("list", env=home)
    assert r.returncode == 0 and b"fy2020-01" in r.stdout, r.stderr
    r = run_cli("validate", str(SCENARIO), env=home)
    assert r.returncode == 0 and b"1 file checked: 0 errors" in r.stderr, r.stdout + r.stderr


@pytest.mark.skipif(not os.path.exists("/proc/self/mem"), reason="needs Linux's /proc")
def test_a_role_file_beside_a_pack_that_cannot_be_read_is_skipped_as_without_a_cache(home, tmp_path):
    """`overlay` skips a role file it cannot read; the cache key must not stop at it."""
    pack = tmp_path / "pack"
    (pack / "scenarios").mkdir(parents=True)
    (pack / "roles").mkdir()
    shutil.copy(SCENARIO, pack / "scenarios" / "s.yaml")
    # unreadable even for root (a mode-000 file is not): reading it fails with EIO
    (pack / "roles" / "bad.yaml").symlink_to("/proc/self/mem")
    r = run_cli("validate", str(pack / "scenarios"), env=home)
    assert r.returncode == 0 and b"1 file checked: 0 errors" in r.stderr, r.stdout + r.stderr
    r = run_cli("play", str(pack / "scenarios" / "s.yaml"), "--plain", input="q\n", env=home)
    assert b"internal error" not in r.stderr and b"Traceback" not in r.stderr, r.stderr
    assert r.returncode == 1 and b"Your choice" in r.stdout  # started; quit at the first question


def test_a_damaged_event_or_title_in_a_store_is_a_message_not_a_traceback():
    for body in (DEEP, "[]", "1", "null", '{"type": 5}', "not json"):
        with pytest.raises(StoreProblem) as e:
            decode_events("s", [(1, body)])
        assert e.value.kind == "session_damaged"
    with pytest.raises(codec.BadEvent, match="nested too deep"):
        codec.loads(DEEP)
    for title in (DEEP, "[1]", "3", "not json", None):
        row = ("s", "fy2020-01", "fy2020-01", title, "t", "t", "playing", 0, None, None, None, None)
        assert info_from_row(row).title == {}


def test_every_cache_key_follows_the_engine_code_and_the_yaml_reader(tmp_path, monkeypatch):
    """An upgrade of PyYAML may read a file differently: the code digest (in every cache's
    key) changes with it, as with any change to the engine's own files."""
    import importlib.util
    import types

    from tabletop.engine import catalog

    monkeypatch.setattr(catalog, "_code_digest", None)
    monkeypatch.setattr(catalog, "_base_digest", None)
    before = catalog.code_digest(), catalog.source_digest(SCENARIO, SCENARIO.read_bytes())
    real = importlib.util.find_spec
    other = tmp_path / "__init__.py"
    other.write_text("__version__ = '99.0'\n", encoding="utf-8")

    def find_spec(name, *a):
        return types.SimpleNamespace(origin=str(other)) if name == "yaml" else real(name, *a)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    monkeypatch.setattr(catalog, "_code_digest", None)
    monkeypatch.setattr(catalog, "_base_digest", None)
    after = catalog.code_digest(), catalog.source_digest(SCENARIO, SCENARIO.read_bytes())
    assert after[0] != before[0] and after[1] != before[1]
