"""A session outlives an edit of its scenario: the version it began on is kept, so that it
can be shown as it was played or forked onto the new version (issue 16)."""

from __future__ import annotations

import gzip
import json

import attrs
import pytest

from tabletop.engine.catalog import builtin_dir, builtin_ids, load
from tabletop.engine.diagnostics import Sink
from tabletop.engine.loader import load_scenario
from tabletop.engine.model import Catalog, Text
from tabletop.sessions.game import Game, ScenarioChanged
from tabletop.sessions.versions import archived, from_blob, from_json, load_version, to_blob
from tests.conftest import MINI
from tests.pg import execute_raw


def _read(path, catalog):
    sink = Sink(str(path))
    sc = load_scenario(str(path), catalog, sink, path.read_bytes())
    assert sc is not None and not sink.has_errors, [str(d) for d in sink.items]
    return sc


def _play_first_options(g):
    while g.waiting.kind == "decide":
        w = g.waiting
        q = w.node.question(w.roles[0])
        g.decide(w.node.id, q.role, q.options[0].id)


@pytest.fixture
def edited(tmp_path, store, mini_catalog):
    """A session played to its end on a scenario file, and then the file reworked: an option
    renamed, a score changed, and the practice it cites retitled in the catalogue."""
    f = tmp_path / "mini.yaml"
    f.write_bytes(MINI.read_bytes())
    old = _read(f, mini_catalog)
    g = Game.new(old, mini_catalog, str(f), store, "before", seed=4, lang="en")
    _play_first_options(g)
    assert g.state.ended
    f.write_text(
        MINI.read_text(encoding="utf-8")
        .replace("id: escalate", "id: brief-the-board")
        .replace("check-first: 2}", "check-first: 3}"),
        encoding="utf-8",
    )
    p = mini_catalog.practices["check-first"]
    catalog = Catalog(
        mini_catalog.roles,
        {**mini_catalog.practices, "check-first": attrs.evolve(p, title=Text(en="Renamed"))},
    )
    new = _read(f, catalog)
    return g, (lambda ref: (new, catalog)), new


def test_resuming_a_changed_scenario_asks_instead_of_guessing(store, edited):
    g, load_new, _ = edited
    with pytest.raises(ScenarioChanged) as e:
        Game.resume(store, "before", load_new)
    assert e.value.kept and e.value.name == "before"


def test_as_played_shows_the_debrief_it_had(store, edited, mini_catalog):
    g, load_new, _ = edited
    then = g.debrief()
    again = Game.resume(store, "before", load_new, as_played=True)
    assert again.warning == "as_played" and again.scenario.digest == g.scenario.digest
    assert again.state == g.state
    now = again.debrief()
    assert (now.score, now.best, now.ending) == (then.score, then.best, then.ending)
    # the practice as the session knew it, not as the catalogue has it now
    assert again.catalog.practices["check-first"].title == mini_catalog.practices["check-first"].title


def test_a_fork_replays_the_answers_that_still_fit_and_keeps_the_old_session(store, edited):
    g, load_new, new = edited
    before = store.events("before")
    fork, replayed, total = Game.fork_onto_current(store, "before", load_new)
    assert total == len(g.state.choices) and 0 < replayed < total  # 'escalate' is gone
    assert fork.scenario.digest == new.digest and fork.started.seed == g.started.seed
    assert [c.option for c in fork.state.choices] == [c.option for c in g.state.choices][:replayed]
    assert not fork.state.ended and fork.waiting.kind == "decide"
    assert store.events("before") == before
    assert Game.resume(store, fork.name, load_new).state == fork.state  # the fork is a plain session


def test_a_session_without_a_kept_version_can_only_be_forked(store, edited):
    g, load_new, _ = edited
    execute_raw(store, "DELETE FROM versions")
    with pytest.raises(ScenarioChanged) as e:
        Game.resume(store, "before", load_new, as_played=True)
    assert not e.value.kept
    assert Game.fork_onto_current(store, "before", load_new)[1] > 0


def test_a_damaged_record_is_no_record(store, edited):
    g, load_new, _ = edited
    execute_raw(store, "UPDATE versions SET body = %s", (b"\x78\x9cnot zlib",))
    with pytest.raises(ScenarioChanged) as e:
        Game.resume(store, "before", load_new)
    assert not e.value.kept
    v = from_blob(to_blob(attrs.evolve(archived_any(), source=b"format: 1\n")))
    assert v is None  # its digest no longer matches its bytes


def archived_any():
    f = next(iter(sorted((builtin_dir() / "archive").iterdir(), key=lambda f: f.name)))
    return from_json(gzip.decompress(f.read_bytes()))


def test_every_archived_builtin_version_loads_as_it_was(builtin_catalog):
    files = sorted((builtin_dir() / "archive").iterdir(), key=lambda f: f.name)
    assert len(files) >= 9
    ids = builtin_ids()
    for f in files:
        doc = json.loads(gzip.decompress(f.read_bytes()))
        v = archived(f.name.split(".")[0])
        assert v is not None and v.digest == doc["digest"] == f.name.split(".")[0], f.name
        assert v.scenario_id in ids
        sc, _, diags = load_version(v, builtin_catalog)
        assert sc is not None, (f.name, [str(d) for d in diags][:3])
        assert sc.digest == v.digest and set(sc.practice_ids()) <= set(v.practices)


def test_a_session_older_than_the_records_finds_its_builtin_version_in_the_archive(store, builtin_catalog):
    v = archived_any()
    old, cat, _ = load_version(v, builtin_catalog)
    g = Game.new(old, cat, v.scenario_id, store, "older", seed=2, lang="ja")
    _play_first_options(g)
    execute_raw(store, "DELETE FROM versions")  # as a database from before the records
    current, _ = load(v.scenario_id, builtin_catalog)
    reworked = attrs.evolve(current, digest="0" * 16)  # whatever the release holds now
    again = Game.resume(store, "older", lambda ref: (reworked, builtin_catalog), as_played=True)
    assert again.scenario.digest == v.digest and again.state == g.state


def test_repair_judges_a_log_against_the_version_it_was_played_on(store, edited):
    from tabletop.sessions.game import repair

    g, load_new, _ = edited
    before = store.events("before")
    assert repair(store, "before", load_new) is None  # nothing wrong with it, as played
    assert store.events("before") == before
    execute_raw(store, "DELETE FROM versions")
    with pytest.raises(ScenarioChanged):
        repair(store, "before", load_new)
    assert store.events("before") == before
