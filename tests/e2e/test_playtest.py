"""`tabletop test`: exhaustive and random playtests, as authors run them."""

from __future__ import annotations

import json

import pytest

from tabletop.engine.analysis import TooLarge
from tabletop.engine.catalog import builtin_ids, load
from tabletop.engine.playtest import coverage, exhaustive
from tests.conftest import MINI, run_cli


@pytest.mark.parametrize("sid", sorted(builtin_ids()))
def test_every_built_in_scenario_passes_the_exhaustive_playtest(sid, builtin_catalog):
    sc, _ = load(sid, builtin_catalog)
    ex = exhaustive(sc, builtin_catalog)
    assert [f.message for f in ex.findings if f.kind != "note"] == []
    assert ex.coverage.nodes == set(sc.nodes) and ex.coverage.endings == {e.id for e in sc.endings}
    assert ex.exact and ex.best > 0 > ex.worst


def test_the_command_reports_coverage_and_paths_and_exits_0():
    r = run_cli("test", "fy2024-02", "--json")
    assert r.returncode == 0, r.stderr.decode()
    d = json.loads(r.stdout)
    e = d["exhaustive"]
    assert e["nodes"]["reached"] == e["nodes"]["total"] and e["options"]["chosen"] == e["options"]["total"]
    assert all(v["reachable"] for v in e["endings"].values())
    assert sum(c["points"] for c in e["best"]["path"]) == e["best"]["score"]
    assert sum(c["points"] for c in e["worst"]["path"]) == e["worst"]["score"]
    text = run_cli("test", "fy2024-02").stdout.decode()
    assert "no findings" in text and "best score" in text and "endings reachable 4 of 4" in text


def test_random_playtests_are_repeatable_for_a_seed():
    runs = [
        json.loads(run_cli("test", "fy2024-02", "--random", "2000", "--seed", "3", "--json").stdout)
        for _ in "ab"
    ]
    for r in runs:
        del r["random"]["seconds"], r["random"]["per_second"]
    assert runs[0] == runs[1]
    rnd = runs[0]["random"]
    assert sum(rnd["endings"].values()) == 2000 == sum(rnd["scores"]["histogram"].values())
    other = json.loads(run_cli("test", "fy2024-02", "--random", "2000", "--seed", "4", "--json").stdout)
    assert other["random"]["endings"] != rnd["endings"]


DEAD = MINI.read_text(encoding="utf-8").replace(
    '      - {when: "retries >= 3", to: bad-end}\n',
    '      - {when: "retries >= 3", to: bad-end}\n      - {when: "retries > 3", to: bad-end}\n',
)


def test_a_dead_edge_and_an_unreachable_node_are_findings(mini_catalog, tmp_path):
    from tabletop.engine.diagnostics import Sink
    from tabletop.engine.loader import load_scenario

    assert MINI.read_text(encoding="utf-8") != DEAD
    sc = load_scenario("dead.yaml", mini_catalog, Sink("dead.yaml"), DEAD.encode())
    ex = exhaustive(sc, mini_catalog)
    assert any(
        f.kind == "condition" and "'retries > 3'" in f.message and "never true" in f.message
        for f in ex.findings
    )


def test_findings_exit_1_with_the_reason(tmp_path):
    folder = tmp_path / "s"
    folder.mkdir()
    (folder / "dead.yaml").write_text(DEAD, encoding="utf-8")
    (folder / "practices.yaml").write_text(
        (MINI.parent / "practices.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "roles").mkdir()
    for f in (MINI.parent / "roles").glob("*.yaml"):
        (tmp_path / "roles" / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    r = run_cli("test", str(folder / "dead.yaml"))
    assert r.returncode == 1
    assert "condition: gamble: condition 'retries > 3'" in r.stdout.decode()


def test_a_graph_too_large_to_enumerate_says_so(mini):
    with pytest.raises(TooLarge, match="too large to enumerate; use --random"):
        coverage(mini, limit=2)


def test_bad_arguments_and_broken_files_are_clear(tmp_path):
    r = run_cli("test", "fy2024-02", "--random", "0")
    assert r.returncode == 2 and "--random takes" in r.stderr.decode()
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\nid: x\n", encoding="utf-8")
    r = run_cli("test", str(bad))
    assert r.returncode == 2 and "TT0" in r.stderr.decode() and "Traceback" not in r.stderr.decode()
