"""A scenario's `origin` (where an import came from, for the way back): read into the model,
and every broken or hostile value a diagnostic at its line, never a crash."""

from __future__ import annotations

import pytest

from tabletop.engine.diagnostics import Sink
from tabletop.engine.loader import load_scenario
from tabletop.engine.model import Origin
from tests.conftest import check, run_cli

BASE = """\
format: 1
id: origin-drill
title: Origin drill
roles: [system, management]
start: alarm
nodes:
  alarm:
    kind: inject
    text: An alarm.
    next: choose
  choose:
    kind: decision
    role: system
    prompt: What now?
    options:
      - {id: isolate, text: Isolate}
      - {id: wait, text: Wait}
    next: escalate
  escalate:
    kind: inject
    text: It spreads.
    facilitator: The source offers one way on ('Go on'), so there is no decision here.
    next: done
  done:
    kind: ending
    outcome: good
    title: Done
    text: Done.
deadlines:
  press: {at: 30m, title: Press, text: The press calls.}
"""

GOOD = """\
origin:
  tool: icebergttx
  ids:
    alarm: initial_alert
    choose/isolate: isolate_host
    escalate/go-on: go_on
    press: press_call
    done: "End (good)"
  teams:
    system: it_ops
    management: 経営層
"""


def _load(text: str, catalog):
    sink = Sink("o.yaml")
    sc = load_scenario("o.yaml", catalog, sink, text.encode())
    return sc, sink.items


def test_an_origin_is_read_into_the_scenario(builtin_catalog):
    sc, diags = _load(BASE + GOOD, builtin_catalog)
    assert diags == [] and check(BASE + GOOD, builtin_catalog) == []
    assert sc.origin == Origin(
        "icebergttx",
        {
            "alarm": "initial_alert",
            "choose/isolate": "isolate_host",
            "escalate/go-on": "go_on",
            "press": "press_call",
            "done": "End (good)",
        },
        {"system": "it_ops", "management": "経営層"},
    )


def test_without_an_origin_there_is_none_and_play_does_not_see_it(builtin_catalog):
    plain, _ = _load(BASE, builtin_catalog)
    with_origin, _ = _load(BASE + GOOD, builtin_catalog)
    assert plain.origin is None and with_origin.origin is not None
    # the same scenario in every other respect: nothing in play reads it
    import attrs

    assert attrs.evolve(with_origin, origin=None) == plain


# (the origin block, the text on the line the diagnostic points to, its code, a part of its message)
BAD = {
    "not a mapping": ("origin: icebergttx\n", "origin:", "TT013", "origin must be a mapping"),
    "no tool": ("origin:\n  ids: {alarm: a}\n", "ids:", "TT012", "needs the field 'tool'"),  # the mapping
    "unknown tool": ("origin:\n  tool: openbas\n", "tool:", "TT013", "origin.tool must be one of icebergttx"),
    "unknown field": ("origin:\n  tool: icebergttx\n  nodes: {}\n", "nodes:", "TT011", "unknown field 'nodes'"),
    "ids a list": ("origin:\n  tool: icebergttx\n  ids: [a, b]\n", "ids:", "TT013", "origin.ids must be a mapping"),
    "unknown node": (
        "origin:\n  tool: icebergttx\n  ids:\n    alarn: a\n", "alarn:", "TT020",
        "unknown node 'alarn'; did you mean 'alarm'?",
    ),
    "unknown option": (
        "origin:\n  tool: icebergttx\n  ids:\n    choose/isolat: a\n", "choose/isolat", "TT020",
        "decision 'choose' has no option 'isolat'",
    ),
    "an ending's option": (
        "origin:\n  tool: icebergttx\n  ids:\n    done/x: y\n", "done/x", "TT013", "'done' is an ending",
    ),
    "a deadline's option": (
        "origin:\n  tool: icebergttx\n  ids:\n    press/x: y\n", "press/x", "TT013", "'press' is a deadline",
    ),
    "two single options": (
        "origin:\n  tool: icebergttx\n  ids:\n    escalate/a: x\n    escalate/b: y\n", "escalate/b", "TT023",
        "a second option of inject 'escalate'",
    ),
    "a key not an id": (
        "origin:\n  tool: icebergttx\n  ids:\n    Bad Key: x\n", "Bad Key", "TT013", "must be a node id",
    ),
    "a key a number": ("origin:\n  tool: icebergttx\n  ids:\n    1: x\n", "1: x", "TT020", "unknown node '1'"),
    "a path too deep": (
        "origin:\n  tool: icebergttx\n  ids:\n    choose/isolate/x: y\n", "choose/isolate/x", "TT013",
        "must be a node id",
    ),
    "a number": (
        "origin:\n  tool: icebergttx\n  ids:\n    alarm: 5\n", "alarm: 5", "TT013",
        "must be a non-empty string, not an integer",
    ),
    "a mapping": (
        "origin:\n  tool: icebergttx\n  ids:\n    alarm: {a: b}\n", "alarm: {", "TT013",
        "must be a non-empty string, not a mapping",
    ),
    "empty": ("origin:\n  tool: icebergttx\n  ids:\n    alarm: ''\n", "alarm: ''", "TT013", "non-empty"),
    "blank": ("origin:\n  tool: icebergttx\n  ids:\n    alarm: ' a'\n", "alarm: ' a'", "TT013", "blanks at"),
    "a bell": ("origin:\n  tool: icebergttx\n  ids:\n    alarm: \"a\\ab\"\n", "alarm: \"a", "TT013", "control"),
    "an escape sequence": (
        "origin:\n  tool: icebergttx\n  ids:\n    alarm: \"\\e[31mred\"\n", "alarm: \"", "TT013", "control",
    ),
    "a line break": (
        "origin:\n  tool: icebergttx\n  ids:\n    alarm: \"a\\nb\"\n", "alarm: \"a", "TT013", "line breaks",
    ),
    "a bidi override": (
        "origin:\n  tool: icebergttx\n  ids:\n    alarm: \"a\\u202eb\"\n", "alarm: \"a", "TT013", "control",
    ),
    "two nodes one id": (
        "origin:\n  tool: icebergttx\n  ids:\n    alarm: x\n    choose: x\n", "alarm: x", "TT023",
        "gives 'alarm' and 'choose' the same source id 'x'",
    ),
    "a node given another's id": (
        "origin:\n  tool: icebergttx\n  ids:\n    alarm: choose\n", "alarm: choose", "TT023",
        "the same source id 'choose'",
    ),
    "two options one id": (
        "origin:\n  tool: icebergttx\n  ids:\n    choose/isolate: wait\n", "choose/isolate", "TT023",
        "the same source id 'wait'",
    ),
    "a team of an unlisted role": (
        "origin:\n  tool: icebergttx\n  teams:\n    vendor: v\n", "vendor: v", "TT021",
        "origin.teams names 'vendor', which is not in the scenario's roles",
    ),
    "two roles one team": (
        "origin:\n  tool: icebergttx\n  teams:\n    system: management\n", "system: management", "TT023",
        "the same team id 'management'",
    ),
    "a team a list": (
        "origin:\n  tool: icebergttx\n  teams:\n    system: [1]\n", "system: [1]", "TT013", "not a list",
    ),
    "teams a string": ("origin:\n  tool: icebergttx\n  teams: it_ops\n", "teams:", "TT013", "must be a mapping"),
}  # fmt: skip


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_a_broken_origin_is_a_diagnostic_at_its_line(builtin_catalog, case):
    block, needle, code, message = BAD[case]
    text = BASE + block
    below = len(BASE.splitlines())
    line = below + next(i for i, ln in enumerate(block.splitlines(), 1) if needle in ln)
    sc, diags = _load(text, builtin_catalog)
    found = [d for d in diags if d.code == code and message in d.message]
    assert found, [str(d) for d in diags]
    assert found[0].line == line and found[0].col > 0 and found[0].severity == "error", str(found[0])


def test_validate_names_the_line_of_a_hostile_origin(tmp_path):
    f = tmp_path / "o.yaml"
    f.write_text(BASE + 'origin:\n  tool: icebergttx\n  ids:\n    alarm: "\\e]52;c;ZWNobw==\\a"\n', "utf-8")
    r = run_cli("validate", str(f))
    assert r.returncode == 1
    out = (r.stdout + r.stderr).decode()
    line = len(BASE.splitlines()) + 4
    assert f"o.yaml:{line}:12: TT013 error" in out and "control characters" in out
    assert "Traceback" not in out and "\x1b" not in out
