"""Scenario packs: scenarios installed by another Python package through the
`tabletop.scenarios` entry point appear in the CLI and the library."""

from __future__ import annotations

import json

import pytest

from tests.conftest import MINI, run_cli


@pytest.fixture
def site(tmp_path):
    """A folder on sys.path holding an installed pack (package + dist-info with the entry point)."""
    site = tmp_path / "site"
    pkg = site / "acme_drills"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("", encoding="utf-8")
    (pkg / "mini-outage.yaml").write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    (pkg / "practices.yaml").write_text(
        (MINI.parent / "practices.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    info = site / "acme_drills-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: acme-drills\nVersion: 1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text("[tabletop.scenarios]\nacme = acme_drills\n", encoding="utf-8")
    return site


def test_a_pack_appears_in_list_show_and_play(site):
    env = {"PYTHONPATH": str(site)}
    rows = json.loads(run_cli("list", "--json", env=env).stdout)
    pack = [r for r in rows if r["id"] == "mini-outage"]
    assert pack and pack[0]["origin"].endswith("mini-outage.yaml")
    assert any(r["origin"] == "built-in" for r in rows)
    r = run_cli("show", "mini-outage", env=env)
    assert r.returncode == 0 and "A small outage" in r.stdout.decode()
    r = run_cli("play", "mini-outage", "--plain", "--seed", "1", "--lang", "en", input="1\n" * 20, env=env)
    assert r.returncode == 0, r.stderr.decode()
    assert "Debrief" in r.stdout.decode()


def test_a_broken_pack_is_reported_and_the_rest_still_listed(tmp_path):
    site = tmp_path / "site"
    info = site / "broken-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: broken\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(
        "[tabletop.scenarios]\nbroken = no_such_module\n", encoding="utf-8"
    )
    r = run_cli("list", env={"PYTHONPATH": str(site)})
    assert r.returncode == 0
    assert "scenario pack 'broken'" in r.stderr.decode() and "fy2024-02" in r.stdout.decode()


async def test_the_library_lists_a_pack(site, tmp_path, monkeypatch):
    from tabletop.sessions.store import Store
    from tabletop.tui.app import TabletopApp

    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setenv("TABLETOP_HOME", str(tmp_path / "home"))
    store = Store(tmp_path / "home" / "s.db")
    app = TabletopApp(lang="en", store=store)
    async with app.run_test(size=(100, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "mini-outage" in {s.id for s in app.screen.shown}
    store.close()


def test_list_summaries_are_cached_by_digest_and_never_stale(site, tmp_path):
    home = tmp_path / "home"
    env = {"PYTHONPATH": str(site), "TABLETOP_HOME": str(home)}
    first = json.loads(run_cli("list", "--json", env=env).stdout)
    cache = home / "cache" / "summaries.json"
    entries = json.loads(cache.read_text(encoding="utf-8"))["entries"]
    assert len(entries) == len(first)  # one summary per scenario file
    # a cached run gives the same rows
    assert json.loads(run_cli("list", "--json", env=env).stdout) == first
    # the pack's file changes: its row changes at once (a new digest, a new entry)
    f = site / "acme_drills" / "mini-outage.yaml"
    f.write_text(
        f.read_text(encoding="utf-8").replace("A small outage", "A changed outage"), encoding="utf-8"
    )
    rows = json.loads(run_cli("list", "--json", env=env).stdout)
    assert [r["title"]["en"] for r in rows if r["id"] == "mini-outage"] == ["A changed outage"]
    # so does a change to the practices beside it, which the summary was checked against
    p = site / "acme_drills" / "practices.yaml"
    p.write_text(
        p.read_text(encoding="utf-8").replace("id: check-first", "id: check-later"), encoding="utf-8"
    )
    r = run_cli("list", "--json", env=env)
    assert "mini-outage" not in [x["id"] for x in json.loads(r.stdout)]
    assert "check-first" in r.stderr.decode()
    # a corrupt cache is ignored and rewritten
    cache.write_text("{not json", encoding="utf-8")
    assert json.loads(run_cli("list", "--json", env=env).stdout)[0] == first[0]
    assert json.loads(cache.read_text(encoding="utf-8"))["format"] == 1


def test_two_installations_sharing_a_data_directory_keep_each_others_cards(tmp_path, monkeypatch):
    """A release and a checkout (different code, so different digests) used in turn: each
    finds its own cards still there, instead of loading every file again."""
    from tabletop.sessions import cards

    monkeypatch.setenv("TABLETOP_HOME", str(tmp_path / "home"))
    loads = []

    def run(install: str, files: list[str]) -> None:
        shelf = cards.Shelf()
        monkeypatch.setattr(shelf, "_key", lambda f: f"{install}:{f}")
        for f in files:
            if shelf.cache.get(shelf._key(f)) is None:
                loads.append((install, f))
                shelf.cache.put(shelf._key(f), {"file": f})
        shelf.cache.save()

    files = [f"s{i}.yaml" for i in range(30)]
    run("release", files)
    run("checkout", files)
    assert len(loads) == 60  # each loads every file once
    run("release", files)
    run("checkout", files)
    assert len(loads) == 60  # ... and only once
    # bounded: past KEEP, the oldest unused go
    monkeypatch.setattr(cards, "KEEP", 40)
    run("third", files[:5])
    kept = json.loads((tmp_path / "home" / "cache" / "summaries.json").read_text(encoding="utf-8"))["entries"]
    assert len(kept) == 40 and all(f"third:{f}" in kept for f in files[:5])


def test_an_unwritable_cache_is_not_an_error(tmp_path):
    home = tmp_path / "home"
    (home / "cache").mkdir(parents=True)
    (home / "cache" / "summaries.json").mkdir()  # a folder where the file should be: cannot be written
    r = run_cli("list", "--json", env={"TABLETOP_HOME": str(home)})
    assert r.returncode == 0 and json.loads(r.stdout), r.stderr.decode()
