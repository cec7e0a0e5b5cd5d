"""Scenarios ready to play, kept between runs (sessions/loaded_cache.py): the same objects
as a fresh load, never stale, never an error, and a game opened from one needs no YAML."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys

import attrs
import pytest

from tabletop.engine.catalog import builtin_ids, load_catalog
from tabletop.sessions import loaded_cache
from tabletop.tui.app import TabletopApp

EXAMPLE = "fy2024-02-ransomware-core-system"


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("TABLETOP_HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    return tmp_path / "home"


def _deep_fields(obj):
    """Every field of an attrs object, those left out of == too (paths, digests, the
    positions of keys, parsed conditions), recursively."""
    if attrs.has(type(obj)):
        return {f.name: _deep_fields(getattr(obj, f.name)) for f in attrs.fields(type(obj))}
    if isinstance(obj, dict):
        return {k: _deep_fields(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_deep_fields(v) for v in obj]
    return obj


def _entries(home):
    folder = home / "cache" / "scenarios"
    return sorted(folder.glob("*.pickle")) if folder.is_dir() else []


def test_every_built_in_scenario_comes_back_from_the_cache_as_loaded(home):
    app = TabletopApp(lang="en")
    for ref in sorted(builtin_ids()):
        fresh, err = app.load_for_play(ref)
        assert err is None, err
        again, err = TabletopApp(lang="en").load_for_play(ref)  # a new app: from the file
        assert err is None
        assert again[0] is not fresh[0]
        assert _deep_fields(again[0]) == _deep_fields(fresh[0])
        assert _deep_fields(again[1]) == _deep_fields(fresh[1])
    assert len(_entries(home)) == len(builtin_ids())


def test_a_changed_scenario_is_read_again_and_gets_an_entry_of_its_own(home, tmp_path):
    shutil.copytree(os.path.dirname(str(builtin_ids()[EXAMPLE])), tmp_path / "pack" / "scenarios")
    mine = tmp_path / "pack" / "scenarios" / f"{EXAMPLE}.yaml"
    (loaded, err) = TabletopApp(lang="en").load_for_play(str(mine))
    assert err is None and len(_entries(home)) == 1
    text = mine.read_text(encoding="utf-8")
    title = loaded[0].title.get("en")
    mine.write_text(text.replace(title, "A title of my own", 1), encoding="utf-8")
    (changed, err) = TabletopApp(lang="en").load_for_play(str(mine))
    assert err is None and changed[0].title.get("en") == "A title of my own"
    assert len(_entries(home)) == 2


@pytest.mark.parametrize(
    "spoil",
    [
        lambda p: p.write_bytes(b"not a pickle"),
        lambda p: p.write_bytes(p.read_bytes()[:100]),  # cut short
        lambda p: p.write_bytes(pickle.dumps(("another stamp", None, None))),
        lambda p: p.write_bytes(pickle.dumps((loaded_cache._stamp(), "a str", "not a catalogue"))),
        lambda p: (p.unlink(), p.mkdir()),  # not even a file
    ],
    ids=["garbage", "truncated", "stamp", "types", "folder"],
)
def test_a_spoilt_entry_is_ignored_and_the_yaml_read(home, spoil):
    first, _ = TabletopApp(lang="en").load_for_play(EXAMPLE)
    [entry] = _entries(home) or [next((home / "cache" / "scenarios").iterdir())]
    spoil(entry)
    again, err = TabletopApp(lang="en").load_for_play(EXAMPLE)
    assert err is None and again[0] == first[0]


class _Planted:
    """A pickle that runs code when it is read: here, it makes a folder."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (os.mkdir, (self.marker,))


@pytest.mark.parametrize("who", ["me", "group can write", "others can write", "another account"])
def test_an_entry_someone_else_could_have_written_is_never_unpickled(home, tmp_path, monkeypatch, who):
    """A data directory on a shared drive: a pickle another account wrote or could change
    is not read (reading a pickle runs code); the scenario is read from its YAML."""
    TabletopApp(lang="en").load_for_play(EXAMPLE)
    [entry] = _entries(home)
    assert entry.stat().st_mode & 0o777 == 0o600
    assert (home / "cache" / "scenarios").stat().st_mode & 0o077 == 0
    marker = tmp_path / "code-ran"
    entry.write_bytes(pickle.dumps((loaded_cache._stamp(), _Planted(marker), None)))
    if who == "group can write":
        entry.chmod(0o620)
    elif who == "others can write":
        entry.chmod(0o602)
    elif who == "another account":
        uid = os.getuid()
        monkeypatch.setattr(os, "getuid", lambda: uid + 1)
    loaded, err = TabletopApp(lang="en").load_for_play(EXAMPLE)
    assert err is None and loaded[0].id.startswith("fy2024-02")  # from the YAML either way
    assert marker.exists() == (who == "me")  # the file was unpickled only when it was ours


def test_a_data_directory_that_cannot_be_written_is_no_error(home):
    home.mkdir(parents=True)
    (home / "cache").write_text("a file where the folder would go")
    loaded, err = TabletopApp(lang="en").load_for_play(EXAMPLE)
    assert err is None and loaded[0].id.startswith("fy2024-02")


def test_an_app_given_its_own_catalogue_never_uses_the_cache(home):
    catalog, _ = load_catalog()
    TabletopApp(lang="en").load_for_play(EXAMPLE)
    [entry] = _entries(home)
    entry.write_bytes(b"spoilt: read it and this test fails")
    mtime = entry.stat().st_mtime_ns
    loaded, err = TabletopApp(lang="en", catalog=catalog).load_for_play(EXAMPLE)
    assert err is None and loaded[1] is catalog
    assert entry.read_bytes().startswith(b"spoilt") and entry.stat().st_mtime_ns == mtime


def test_only_the_most_recently_played_are_kept(home, monkeypatch):
    monkeypatch.setattr(loaded_cache, "KEEP", 3)
    refs = sorted(builtin_ids())[:5]
    for ref in refs:
        TabletopApp(lang="en").load_for_play(ref)
    assert len(_entries(home)) == 3


def test_a_broken_scenario_is_not_kept(home, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\ntitle: {en: Bad}\nnodes: []\n", encoding="utf-8")
    loaded, err = TabletopApp(lang="en").load_for_play(str(bad))
    assert loaded is None and err
    assert _entries(home) == []


PLAY = """
import asyncio, sys
from tabletop.tui.app import TabletopApp
async def main():
    app = TabletopApp(lang="en", scenario=sys.argv[1], seed=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        print(type(app.screen).__name__)
asyncio.run(main())
print(" ".join(sorted(m for m in ("yaml", "tabletop.engine.loader", "tabletop.engine.lint") if m in sys.modules)))
"""


def test_a_game_opened_again_reads_no_yaml(home):
    env = {**os.environ, "TABLETOP_HOME": str(home)}
    env.pop("PYTHONPATH", None)
    runs = [
        subprocess.run([sys.executable, "-c", PLAY, EXAMPLE], env=env, capture_output=True, timeout=120)
        for _ in range(2)
    ]
    for r in runs:
        assert r.returncode == 0, r.stderr.decode()
    first, second = (r.stdout.decode().split("\n") for r in runs)
    assert first[0] == second[0] == "PlayScreen"
    assert first[1] == "tabletop.engine.lint tabletop.engine.loader yaml"  # the first: read and checked
    assert second[1] == ""  # the second: from the cache
