"""The scenario scaffold (engine.scaffold): valid for any roles, playable to every ending."""

from __future__ import annotations

import re

import pytest
import yaml

from tabletop.engine.catalog import load
from tabletop.engine.play import Decided, Started, apply, initial, settle, waiting
from tabletop.engine.scaffold import PRACTICES, ScaffoldError, check_id, check_roles, scaffold

ROLE_SETS = [
    ["system"],
    ["system", "management"],
    ["management", "system"],
    ["csirt", "pr", "legal", "vendor"],
    ["business", "csirt", "legal", "management", "pr", "site", "system", "vendor"],
]


def load_scaffold(tmp_path, catalog, scenario_id="my-drill", roles=("system", "management"), **kw):
    path = tmp_path / f"{scenario_id}.yaml"
    path.write_text(scaffold(scenario_id, roles, **kw), encoding="utf-8")
    return load(str(path), catalog, deep=True)


@pytest.mark.parametrize("roles", ROLE_SETS, ids=lambda r: "+".join(r))
def test_the_scaffold_loads_with_no_diagnostics(tmp_path, builtin_catalog, roles):
    scenario, diags = load_scaffold(tmp_path, builtin_catalog, roles=roles)
    assert [str(d) for d in diags] == []
    assert scenario.roles == tuple(roles)
    assert scenario.languages == ("ja", "en")
    decisions = scenario.decisions
    assert len(decisions) == 2
    assert [len(q.options) for q in scenario.nodes["first-move"].questions] == [4]  # with an open answer
    assert all(len(q.options) == 3 for q in scenario.nodes["share"].questions)
    # format 1.1, each feature once: objectives, a deadline, a source, a gate, an open answer, fragments
    assert len(scenario.objectives) == 2 and len(scenario.deadlines) == 1
    assert scenario.nodes["opening"].source is not None
    assert any(o.when for q in scenario.nodes["share"].questions for o in q.options)
    assert scenario.nodes["first-move"].questions[0].option("own-words").rubric
    assert scenario.nodes["back-in-service"].fragments
    # the first role answers the first decision; with two or more roles, all answer the second
    assert [q.role for q in scenario.nodes["first-move"].questions] == [roles[0]]
    assert [q.role for q in scenario.nodes["share"].questions] == list(roles)
    assert sorted(n.outcome for n in scenario.endings) == ["bad", "good", "mixed"]
    assert any(e.when for n in scenario.nodes.values() for e in n.next)  # a conditional edge
    assert scenario.nodes["opening"].facilitator is not None and scenario.nodes["first-move"].discussion
    assert scenario.debrief.what_happened is not None and scenario.debrief.lessons


def test_a_builtin_style_id_meets_the_builtin_standard(tmp_path, builtin_catalog):
    _, diags = load_scaffold(tmp_path, builtin_catalog, scenario_id="fy2030-01-example")
    assert [str(d) for d in diags] == []


def test_the_language_note_is_a_comment(tmp_path, builtin_catalog):
    text = scaffold("my-drill", ["system"], lang_note=True)
    assert "# Languages:" in text and "# Languages:" not in scaffold("my-drill", ["system"])
    assert yaml.safe_load(text) == yaml.safe_load(scaffold("my-drill", ["system"]))
    _, diags = load_scaffold(tmp_path, builtin_catalog, roles=["system"], lang_note=True)
    assert diags == []


def test_the_scaffold_uses_only_practices_of_the_builtin_catalogue(builtin_catalog):
    assert set(PRACTICES) <= set(builtin_catalog.practices)
    maps = re.findall(r"practices: \{(.*)\}", scaffold("x", ["system", "pr"]))
    used = set(re.findall(r"([a-z-]+): -?\d+", " ".join(maps)))
    assert used and used <= set(PRACTICES)


def test_comments_explain_the_fields():
    text = scaffold("my-drill", ["system", "pr"])
    lines = text.splitlines()
    assert sum("#" in line for line in lines) > 30
    for word in ("format", "practices", "effects", "audience", "facilitator", "discussion", "outcome"):
        # a comment on the field's line, or a comment line that names it
        assert any(word in line and "#" in line for line in lines), word
    assert text.startswith("# yaml-language-server: $schema=./tabletop-scenario.schema.json\n")


def play(scenario, first: int, share: int):
    """Play answering option number ``first`` at the first decision and ``share`` (every
    role) at the second; the final state."""
    s, _ = settle(scenario, apply(scenario, initial(), Started(scenario.id, seed=1)))
    for _ in range(50):
        if s.ended:
            return s
        w = waiting(scenario, s)
        for role in w.roles:
            q = w.node.question(role)
            pick = first if w.node.id == "first-move" else share
            s = apply(scenario, s, Decided(w.node.id, role, q.options[pick].id))
        s, _ = settle(scenario, s)
    raise AssertionError("the play did not end")


@pytest.mark.parametrize("roles", ROLE_SETS, ids=lambda r: "+".join(r))
def test_each_ending_is_reached_by_play(tmp_path, builtin_catalog, roles):
    path = tmp_path / "my-drill.yaml"
    path.write_text(scaffold("my-drill", roles), encoding="utf-8")
    scenario, _ = load(str(path), builtin_catalog)  # without the deep checks: quicker
    # options of the second decision: 0 wait-for-more-facts, 1 share-facts-now (best), 2 keep-it-in-the-team
    best = play(scenario, 0, 1)
    assert best.outcome == "good" and best.vars["attack_suspected"] and best.vars["shared"]
    assert best.score > 0 and best.feed[:3] == ("opening", "first-move", "contained")
    assert play(scenario, 1, 1).outcome == "mixed"  # no attack suspected: the service is back
    worst = play(scenario, 2, 2)
    assert worst.outcome == "bad" and worst.score < 0 and "spreading" in worst.feed
    if len(roles) <= 2:
        assert play(scenario, 1, 0).outcome == "mixed"


@pytest.mark.parametrize("bad", ["", "My-Drill", "my_drill", "-drill", "my drill", "drill.yaml", "ドリル"])
def test_a_bad_id_is_refused(bad):
    with pytest.raises(ScaffoldError, match="not a valid scenario id"):
        check_id(bad)
    with pytest.raises(ScaffoldError):
        scaffold(bad, ["system"])


def test_roles_are_checked_against_the_catalogue(builtin_catalog):
    check_roles(["system", "pr"], builtin_catalog.roles)
    with pytest.raises(ScaffoldError, match="unknown role 'sytem'; did you mean 'system'\\?"):
        check_roles(["sytem"], builtin_catalog.roles)
    with pytest.raises(ScaffoldError, match=r"unknown role 'wizard'\. The roles are: business, "):
        check_roles(["system", "wizard"], builtin_catalog.roles)
    with pytest.raises(ScaffoldError, match="given twice"):
        check_roles(["pr", "pr"], builtin_catalog.roles)
    with pytest.raises(ScaffoldError, match="at least one role"):
        check_roles([], builtin_catalog.roles)
