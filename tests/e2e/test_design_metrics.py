"""`tabletop test` prints the design metrics; they inform, and with --strict they are findings."""

from __future__ import annotations

import json
import shutil

import pytest

from tabletop.engine.catalog import builtin_ids
from tests.conftest import DATA, run_cli

# Two decisions in one line, one ending. The best option is the short plain one, then the
# cautious one; the long one is never best; the practice is scored in both decisions.
DRILL = """\
format: 1
id: line-drill
title: {ja: 一本道, en: A straight line}
roles: [system]
start: d1
nodes:
  d1:
    kind: decision
    role: system
    prompt: {ja: どうする, en: What now}
    options:
      - {id: reboot, text: {ja: 再起動する, en: Reboot}, practices: {check-first: 2}}
      - {id: isolate, text: {ja: 影響のあるサーバーを切り離して調べる, en: Isolate the affected servers for the investigators}}
      - {id: confirm, text: {ja: まず確認する, en: Confirm first}, practices: {check-first: -1}}
    next: d2
  d2:
    kind: decision
    role: system
    prompt: {ja: 次は, en: Next}
    options:
      - {id: reboot, text: {ja: 再起動する, en: Reboot}, practices: {check-first: -1}}
      - {id: isolate, text: {ja: 影響のあるサーバーを切り離して調べる, en: Isolate the affected servers for the investigators}}
      - {id: confirm, text: {ja: まず確認する, en: Confirm first}, practices: {check-first: 2}}
    next: end
  end: {kind: ending, outcome: good, title: {ja: 終, en: End}, text: {ja: 終わり, en: The end}}
"""


@pytest.fixture
def drill(tmp_path):
    shutil.copy(DATA / "mini" / "practices.yaml", tmp_path / "practices.yaml")
    shutil.copytree(DATA / "mini" / "roles", tmp_path / "roles")
    return tmp_path


def test_the_metrics_inform_and_strict_makes_them_findings(drill):
    path = drill / "line-drill.yaml"
    path.write_text(DRILL, encoding="utf-8")
    r = run_cli("test", str(path), "--json")
    assert r.returncode == 0, r.stdout.decode() + r.stderr.decode()
    d = json.loads(r.stdout)["design"]
    assert d["dominant"] == {
        "questions": 2,
        "dominant": 2,
        "share": 1.0,
        "where": [{"node": "d1", "role": "system"}, {"node": "d2", "role": "system"}],
    }
    assert d["sequences"]["count"] == 1 and d["sequences"]["source"] == "exhaustive"
    assert d["endings"]["share"] == {"end": 1.0}
    assert d["best"] == 4
    shares = {(s["strategy"], s["lang"]): s["share"] for s in d["strategies"]}
    assert shares[("position 1", None)] == 0.25 and shares[("longest", "en")] == 0.0
    assert max(shares.values()) == 0.25
    assert d["best_is_longest"]["ja"] == {"questions": 0, "of": 2, "share": 0.0}
    assert d["closing_practices"] == []
    assert {m["target"] for m in d["missed"]} == {"max_dominant_share", "min_sequences"}

    strict = run_cli("test", str(path), "--strict", "--json")
    assert strict.returncode == 1
    kinds = [(f["kind"], f["where"]) for f in json.loads(strict.stdout)["findings"]]
    assert kinds == [("design", "questions"), ("design", "decisions")]
    text = run_cli("test", str(path), "--strict", "--lang", "en").stdout.decode()
    assert "2 finding(s)" in text and "design: decisions: 1 distinct decision sequence(s)" in text

    # the scenario's own targets: a single line on purpose, every question keyed
    path.write_text(DRILL + "design: {min_sequences: 1, max_dominant_share: 1}\n", encoding="utf-8")
    ok = run_cli("test", str(path), "--strict", "--json")
    assert ok.returncode == 0, ok.stdout.decode()
    assert json.loads(ok.stdout)["design"]["missed"] == []


def test_no_metrics_leaves_them_out(drill):
    path = drill / "line-drill.yaml"
    path.write_text(DRILL, encoding="utf-8")
    r = run_cli("test", str(path), "--strict", "--no-metrics", "--json")
    assert r.returncode == 0 and "design" not in json.loads(r.stdout)
    assert "design metrics" not in run_cli("test", str(path), "--no-metrics").stdout.decode()


def test_the_ending_shares_are_the_random_playtest_of_3000_runs():
    d = json.loads(run_cli("test", "fy2024-06", "--json").stdout)["design"]
    rnd = json.loads(run_cli("test", "fy2024-06", "--random", "3000", "--seed", "0", "--json").stdout)
    assert d["endings"]["share"] == {k: round(v / 3000, 4) for k, v in rnd["random"]["endings"].items()}
    assert rnd["design"]["endings"] == d["endings"]


# The FY2024 set (which misses some targets until it is reworked) and one FY2020 scenario
# (which meets them all: --strict exits 0). The other FY2020 ones are held to the targets
# in-process by tests/scenarios/test_exercises.py, without two subprocesses each.
CLI_IDS = sorted(i for i in builtin_ids() if i.startswith("fy2024-")) + sorted(
    i for i in builtin_ids() if i.startswith("fy2020-05")
)


@pytest.mark.parametrize("sid", CLI_IDS)
def test_built_in_scenarios_keep_exiting_0_without_strict(sid):
    # --strict fails on everything the plain run fails on, and on a missed design target
    # too: one run shows both (every built-in now meets its targets; tests/scenarios holds
    # them to it)
    strict = run_cli("test", sid, "--strict", "--json")
    report = json.loads(strict.stdout)
    assert report["design"]["missed"] == [] and strict.returncode == 0, strict.stdout.decode()[-2000:]
