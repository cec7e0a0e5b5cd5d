"""Every diagnostic code has a failing example, reported at the right place."""

from __future__ import annotations

import pytest

from tabletop.engine.diagnostics import CODES
from tests.conftest import check

BASE = """\
format: 1
id: t-one
title: {ja: 題, en: Title}
roles: [system]
flags: {seen: false}
start: a
nodes:
  a:
    kind: inject
    text: {ja: あ, en: A}
    next: d
  d:
    kind: decision
    role: system
    prompt: {ja: 問, en: Q}
    options:
      - id: x
        text: {ja: エックス, en: X}
        practices: {check-first: 1}
        next: end
      - id: y
        text: {ja: ワイ, en: Y}
        next: end
  end:
    kind: ending
    outcome: good
    text: {ja: 終, en: End}
debrief:
  lessons: [check-first]
"""


def edit(old: str, new: str, base: str = BASE) -> str:
    assert old in base, old
    return base.replace(old, new, 1)


def add_nodes(text: str, nodes: str) -> str:
    """Add nodes at the end of the `nodes` mapping."""
    return text.replace("debrief:\n", nodes + "debrief:\n", 1)


MULTI = edit(
    "roles: [system]",
    "roles: [system, pr]",
    edit(
        "    role: system\n    prompt: {ja: 問, en: Q}\n    options:\n      - id: x\n        text: {ja: エックス, en: X}\n"
        "        practices: {check-first: 1}\n        next: end\n      - id: y\n        text: {ja: ワイ, en: Y}\n        next: end\n",
        "    next: end\n    questions:\n      - role: system\n        prompt: {ja: 問, en: Q}\n        options:\n"
        "          - {id: x, text: {ja: エックス, en: X}, practices: {check-first: 1}, next: end}\n"
        "          - {id: y, text: {ja: ワイ, en: Y}}\n"
        "      - role: pr\n        prompt: {ja: 広, en: P}\n        options:\n"
        "          - {id: a1, text: {ja: 一, en: One}}\n          - {id: a2, text: {ja: 二, en: Two}}\n",
    ),
)


def _options(prefix: str, n: int, indent: str = "          ") -> str:
    return "".join(f"{indent}- {{id: {prefix}{i}, text: {{ja: 選{i}, en: O{i}}}}}\n" for i in range(n))


# two roles with 91 and 92 options: 8,372 combinations of answers, over the bound of 8,192
COMBOS = MULTI.replace(
    "          - {id: a1, text: {ja: 一, en: One}}\n          - {id: a2, text: {ja: 二, en: Two}}\n",
    _options("p", 91),
).replace("          - {id: y, text: {ja: ワイ, en: Y}}\n", _options("s", 91))

# injects that lead round to each other, changing nothing, with a way out closed on entry
INJECT_LOOP = add_nodes(
    edit(
        "        text: {ja: ワイ, en: Y}\n        next: end\n",
        "        text: {ja: ワイ, en: Y}\n        next: spin\n",
    ),
    "  spin:\n    kind: inject\n    text: {ja: 回, en: Spin}\n    next: spin2\n"
    "  spin2:\n    kind: inject\n    text: {ja: 回2, en: Spin2}\n    next:\n"
    "      - {when: seen, to: end}\n      - {to: spin}\n",
)


# (code, file content, line of the diagnostic or None when it has no position, a word in the message)
CASES = [
    ("TT001", "format: 1\nid: [unclosed\n", 3, "flow sequence"),
    ("TT002", b"format: 1\nid: caf\xe9\n", 2, "UTF-8"),
    ("TT002", b"\x7fELF\x02\x01\x01\x00\x00\x00", 1, "binary"),
    ("TT003", "a: " + "[" * 200 + "]" * 200 + "\n", 1, "nesting"),
    (
        "TT003",
        "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n" for p, c in zip("abcdef", "bcdefg", strict=True)
        ),
        6,
        "alias",
    ),
    ("TT003", b"text: " + b"x" * (3 * 1024 * 1024), None, "MiB"),
    ("TT004", "format: 1\nid: !!python/object/apply:os.system [ls]\n", 2, "not allowed"),
    (
        "TT005",
        edit("  a:\n    kind: inject\n", "  a:\n    kind: inject\n    kind: inject\n"),
        10,
        "duplicate key 'kind'",
    ),
    ("TT010", "- just\n- a list\n", 1, "must be a mapping"),
    ("TT010", "", None, "empty"),
    (
        "TT011",
        edit("    text: {ja: あ, en: A}\n", "    text: {ja: あ, en: A}\n    txet: {ja: い, en: B}\n"),
        11,
        "did you mean 'text'",
    ),
    ("TT012", edit("    outcome: good\n", ""), 25, "outcome"),
    ("TT013", edit("    outcome: good\n", "    outcome: great\n"), 26, "good, mixed, bad"),
    (
        "TT013",
        edit("        practices: {check-first: 1}\n", "        practices: {check-first: lots}\n"),
        19,
        "integer",
    ),
    ("TT014", edit("format: 1\n", "format: 7\n"), 1, "format 7"),
    (
        "TT020",
        edit("        next: end\n      - id: y", "        next: ned\n      - id: y"),
        20,
        "did you mean 'end'",
    ),
    ("TT021", edit("roles: [system]\n", "roles: [system, wizard]\n"), 4, "unknown role 'wizard'"),
    ("TT021", edit("    role: system\n", "    role: pr\n"), 14, "not in the scenario's roles"),
    (
        "TT021",
        edit("roles: [system]\n", "roles: [system]\nrole_labels: {sytem: {ja: 運用, en: Ops}}\n"),
        5,
        "did you mean 'system'",
    ),
    (
        "TT022",
        edit("        practices: {check-first: 1}\n", "        practices: {check-frist: 1}\n"),
        19,
        "did you mean 'check-first'",
    ),
    ("TT023", edit("      - id: y\n", "      - id: x\n"), 21, "used twice"),
    (
        "TT024",
        edit(
            "        next: end\n      - id: y",
            "        effects: {set: {sen: true}}\n        next: end\n      - id: y",
        ),
        20,
        "did you mean 'seen'",
    ),
    (
        "TT030",
        add_nodes(BASE, "  orphan:\n    kind: ending\n    outcome: bad\n    text: {ja: 孤, en: Orphan}\n"),
        28,
        "cannot be reached",
    ),
    (
        "TT030",
        add_nodes(
            edit("    next: d\n", "    next:\n      - {when: seen, to: hidden}\n      - {to: d}\n"),
            "  hidden:\n    kind: inject\n    text: {ja: 隠, en: Hidden}\n    next: d\n",
        ),
        None,
        "no play reaches it",
    ),
    (
        "TT031",
        add_nodes(
            edit(
                "        next: end\n      - id: y\n        text: {ja: ワイ, en: Y}\n        next: end\n",
                "        next: end\n      - id: y\n        text: {ja: ワイ, en: Y}\n        next: into\n",
            ),
            "  into:\n    kind: inject\n    text: {ja: 入, en: In}\n    next: loop\n"
            "  loop:\n    kind: inject\n    text: {ja: 環, en: Loop}\n    next: into2\n"
            "  into2:\n    kind: inject\n    text: {ja: 環2, en: Loop2}\n    next: loop\n",
        ),
        28,
        "dead end",
    ),
    (
        "TT032",
        add_nodes(
            edit(
                "        next: end\n      - id: y\n        text: {ja: ワイ, en: Y}\n        next: end\n",
                "        next: end\n      - id: y\n        text: {ja: ワイ, en: Y}\n        next: loop\n",
            ),
            "  loop:\n    kind: inject\n    text: {ja: 環, en: Loop}\n    next: loop2\n"
            "  loop2:\n    kind: inject\n    text: {ja: 環2, en: Loop2}\n    next: loop\n",
        ),
        28,
        "no way out",
    ),
    (
        "TT032",
        edit("    next: d\n", "    next:\n      - {when: seen, to: end}\n      - {to: d}\n")
        .replace("        next: end\n      - id: y", "        next: a\n      - id: y")
        .replace(
            "        text: {ja: ワイ, en: Y}\n        next: end",
            "        text: {ja: ワイ, en: Y}\n        next: a",
        ),
        14,
        "stuck",
    ),
    ("TT033", edit("    next: d\n", "    next:\n      - {when: seen, to: d}\n"), 12, "final edge"),
    (
        "TT040",
        edit("    next: d\n", '    next:\n      - {when: "seen and and seen", to: d}\n      - {to: d}\n'),
        12,
        "expected a value",
    ),
    (
        "TT041",
        edit("    next: d\n", '    next:\n      - {when: "seen or sean", to: d}\n      - {to: d}\n'),
        12,
        "'sean'",
    ),
    (
        "TT050",
        edit("      - id: y\n        text: {ja: ワイ, en: Y}\n        next: end\n", ""),
        17,
        "at least 2",
    ),
    ("TT051", MULTI, 19, "put `next` on the decision"),
    ("TT052", COMBOS, 15, "8,372 combinations of answers"),
    ("TT032", INJECT_LOOP, 28, "no decision, effect or chance"),
    (
        "TT053",
        edit(
            "        next: end\n      - id: y\n",
            "        when: seen\n        next: end\n      - id: y\n        when: not seen\n",
        ),
        17,
        "always on offer",
    ),
    ("TT054", edit("      - id: y\n", "      - id: y\n        open: true\n"), 21, "needs a rubric"),
    (
        "TT055",
        edit(
            "start: a\n", "start: a\ndeadlines:\n  due: {at: 1h, title: T, text: T, effects: {advance: 1h}}\n"
        ),
        8,
        "moves the clock",
    ),
    (
        "TT056",
        edit(
            "start: a\n",
            "start: a\nobjectives:\n  - {id: o, title: O, tasks: [{id: t, text: T, answers: [d/z]}]}\n",
        ),
        8,
        "2 to 4",
    ),
    (
        "TT060",
        edit("id: t-one\n", "id: fy2030-01-made-up\n").replace(
            "    text: {ja: あ, en: A}\n", "    text: {ja: あ}\n"
        ),
        10,
        "English",
    ),
    (
        "TT060",
        edit("id: t-one\n", "id: fy2030-01-made-up\n").replace(
            "    text: {ja: 終, en: End}\n", "    text: The end\n"
        ),
        27,
        "Japanese and English",
    ),
    (
        "TT070",
        edit("  lessons: [check-first]\n", "  lessons: [check-first, tell-the-boss]\n"),
        29,
        "tell-the-boss",
    ),
]


@pytest.mark.parametrize(
    ("code", "text", "line", "word"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_each_code_has_a_failing_example(code, text, line, word, mini_catalog):
    diags = check(text, mini_catalog)
    hits = [d for d in diags if d.code == code]
    assert hits, f"expected {code}, got {[str(d) for d in diags]}"
    d = hits[0]
    assert word in d.message, str(d)
    if line is not None:
        assert d.line == line, str(d)
    assert str(d).startswith(f"s.yaml:{d.line}:{d.col}: {code} " if d.line else f"s.yaml: {code} ")


def test_every_code_is_exercised():
    assert {c[0] for c in CASES} == set(CODES)


def test_the_base_example_is_clean(mini_catalog):
    assert check(BASE, mini_catalog) == []


def test_warnings_for_a_one_language_authored_scenario(mini_catalog):
    # an authored (non-built-in) scenario may be in one language; a text missing that language warns
    text = BASE.replace("title: {ja: 題, en: Title}", "title: {en: Title}").replace(
        "{ja: あ, en: A}", "{ja: あ}"
    )
    diags = check(text, mini_catalog)
    assert [(d.code, d.severity) for d in diags] == [("TT060", "warning")]


def test_codes_are_documented():
    from tests.conftest import ROOT

    doc = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    for code in CODES:
        assert f"`{code}`" in doc, code


@pytest.mark.parametrize("value", ["{a: 1}", "[inject]", "3", "null"])
def test_a_node_kind_that_is_not_a_word_is_a_finding_not_a_crash(value, mini_catalog):
    """Found by the fuzz test: a mapping as a node's kind raised TypeError (unhashable)."""
    diags = check(BASE.replace("    kind: inject\n", f"    kind: {value}\n", 1), mini_catalog)
    assert any("kind" in d.message and d.line == 9 for d in diags), [str(d) for d in diags]


def test_a_story_without_an_ending_names_the_loop_it_goes_round(mini_catalog):
    """An imported next_inject_id cycle: 'no ending' alone did not say where the story goes."""
    text = (
        "format: 1\nid: loop\ntitle: {ja: 環, en: Loop}\nroles: [system]\nstart: a\nnodes:\n"
        "  a:\n    kind: inject\n    text: {ja: あ, en: A}\n    next: b\n"
        "  b:\n    kind: inject\n    text: {ja: い, en: B}\n    next: c\n"
        "  c:\n    kind: inject\n    text: {ja: う, en: C}\n    next: b\n"
    )
    found = [(d.code, d.line, d.message) for d in check(text, mini_catalog)]
    assert any(c == "TT031" and "has no ending" in m for c, _, m in found)
    assert ("TT032", 11, "these nodes loop with no way out to an ending: b, c") in found
