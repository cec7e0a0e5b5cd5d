"""What the library costs to fill once the summary cache holds its cards: the cards are
made without the scenario model, the loader or YAML, and the built-in folders are found
without importlib.resources' readers. `make bench`'s "library filled" figure rests on
this (each of those is milliseconds between the first frame and the filled list)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tabletop.engine.catalog import builtin_files

FILL = """
import sys
from tabletop.tui.app import TabletopApp
from tabletop.tui.app.screens.library import _cards

found = _cards(TabletopApp(lang="en"), cached_only=True)
assert found is not None, "a card was not in the cache"
cards, broken = found
print(len(cards), len(broken))
print(" ".join(sorted(m for m in WATCHED if m in sys.modules)))
"""
WATCHED = (
    "tabletop.engine.model",
    "tabletop.engine.loader",
    "yaml",
    "importlib.readers",
    "zipfile",
    "cattrs",
)


def test_the_library_fills_from_the_cache_without_the_model_or_yaml(tmp_path):
    env = {**os.environ, "TABLETOP_HOME": str(tmp_path)}
    env.pop("PYTHONPATH", None)
    listed = subprocess.run(
        [sys.executable, "-m", "tabletop", "list"], env=env, capture_output=True, timeout=120
    )
    assert listed.returncode == 0, listed.stderr.decode()  # the cards are in the cache now
    r = subprocess.run(
        [sys.executable, "-c", f"WATCHED = {WATCHED!r}\n" + FILL], env=env, capture_output=True, timeout=120
    )
    assert r.returncode == 0, r.stderr.decode()
    counts, imported = (r.stdout.decode().split("\n") + [""])[:2]
    assert counts == f"{len(builtin_files())} 0"
    assert imported == ""  # none of WATCHED was imported


def test_without_a_cache_the_cards_are_loaded_and_then_the_model_is_imported(tmp_path):
    """The other side: the test above would pass if the library read nothing at all."""
    env = {**os.environ, "TABLETOP_HOME": str(tmp_path)}
    env.pop("PYTHONPATH", None)
    code = (
        "import sys\nfrom tabletop.tui.app import TabletopApp\n"
        "from tabletop.tui.app.screens.library import _cards\n"
        "app = TabletopApp(lang='en')\n"
        "assert _cards(app, cached_only=True) is None\n"
        "cards, broken = _cards(app)\n"
        "print(len(cards), 'tabletop.engine.model' in sys.modules)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, timeout=120)
    assert r.returncode == 0, r.stderr.decode()
    assert r.stdout.decode().split() == [str(len(builtin_files())), "True"]


def test_the_app_runs_with_its_start_up_objects_frozen_and_a_short_switch_interval(monkeypatch, tmp_path):
    """run_app freezes what exists before the app runs and lets Textual's output thread
    in every millisecond; both are undone when the app ends, for a caller that goes on."""
    import gc

    from tabletop.tui.app import TabletopApp
    from tabletop.tui.cli.launch import run_app

    monkeypatch.setenv("TABLETOP_HOME", str(tmp_path))
    seen = {}

    def run(self):
        seen["frozen"] = gc.get_freeze_count()
        seen["switch"] = sys.getswitchinterval()

    monkeypatch.setattr(TabletopApp, "run", run)
    switch = sys.getswitchinterval()
    assert run_app(lang="en") == 0
    assert seen["frozen"] > 10_000 and seen["switch"] <= 0.001
    assert gc.get_freeze_count() == 0 and sys.getswitchinterval() == switch


def test_the_default_store_opens_when_first_needed_and_a_named_one_before_the_screen(monkeypatch, tmp_path):
    """The default SQLite file is not opened for the library's first frame; a store named
    by --store or TABLETOP_STORE is, so that a wrong one is a sentence and exit 2 at once."""
    from tabletop.tui.app import TabletopApp
    from tabletop.tui.cli.errors import CliError
    from tabletop.tui.cli.launch import run_app

    monkeypatch.setenv("TABLETOP_HOME", str(tmp_path))
    monkeypatch.delenv("TABLETOP_STORE", raising=False)
    opened = []
    monkeypatch.setattr(TabletopApp, "run", lambda self: opened.append(self._store))
    assert run_app(lang="en") == 0 and opened == [None]
    assert not (tmp_path / "sessions.db").exists()
    monkeypatch.setenv("TABLETOP_STORE", "mysql://somewhere/db")
    with pytest.raises(CliError, match="mysql"):
        run_app(lang="en")
    assert opened == [None]  # the app did not run


async def test_a_session_database_that_cannot_be_read_is_said_in_the_library(monkeypatch, tmp_path):
    from tabletop.tui.app import TabletopApp
    from tabletop.tui.app.screens.library import LibraryScreen

    monkeypatch.setenv("TABLETOP_HOME", str(tmp_path))
    monkeypatch.delenv("TABLETOP_STORE", raising=False)
    (tmp_path / "sessions.db").write_bytes(b"not a database, not at all" * 10)
    app = TabletopApp(lang="ja")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)  # still there, and it says why
        said = [n.message for n in app._notifications]
        assert any("セッションのデータベース" in m and "sessions.db" in m for m in said), said
    assert app.return_code in (None, 0)


def test_digests_are_sha256_and_a_game_loads_neither_openssl_nor_the_html_entities(tmp_path):
    """engine.digest is Python's own SHA-256 and BLAKE2b (hashlib would load OpenSSL's
    libcrypto, half a megabyte of a playthrough's memory), and the debrief's module leaves
    the html module (its entity table) to the HTML export: `make bench`'s playthrough
    memory rests on both."""
    import hashlib

    from tabletop.engine.digest import cache_key, sha256

    for data in (b"", "訓練".encode(), bytes(range(256)) * 300):
        assert sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()
        key = cache_key()
        key.update(data)
        assert key.hexdigest() == hashlib.blake2b(data, digest_size=32).hexdigest()
    code = (
        "import sys\n"
        "import tabletop.tui.app.screens.play, tabletop.sessions.game, tabletop.engine.report\n"
        "from tabletop.sessions.game import Game\n"
        "from tabletop.engine.catalog import source_digest, builtin_ids\n"
        "f = builtin_ids()['fy2024-02-ransomware-core-system']\n"
        "source_digest(f, f.read_bytes())\n"
        "print(' '.join(m for m in ('_hashlib', 'hmac', 'secrets', 'html.entities') if m in sys.modules))\n"
    )
    env = {**os.environ, "TABLETOP_HOME": str(tmp_path)}
    r = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, timeout=120)
    assert r.returncode == 0, r.stderr.decode()
    assert r.stdout.decode().strip() == ""
