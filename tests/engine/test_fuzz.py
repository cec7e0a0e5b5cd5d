"""Bad input never raises: whatever the file holds, loading and checking it gives
diagnostics (or a scenario), never an exception."""

from __future__ import annotations

import os

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import MINI, ROOT, check
from tests.engine.test_diagnostics import BASE

KEYS = st.sampled_from(
    ["format", "id", "title", "start", "nodes", "kind", "text", "next", "options", "role", "prompt", "when", "to",
     "practices", "effects", "set", "add", "questions", "outcome", "ja", "en", "flags", "meters", "debrief", "lessons",
     "a", "d", "end", "x", "y", "check-first", "seen", "roles", "system", "advance", "chance"]
)  # fmt: skip
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 200), st.floats(allow_nan=True), st.text(max_size=20), KEYS,
    st.sampled_from(["1", "+30m", "seen and", "not seen", "seen or (x < 3)", "good", "inject", "decision", "ending"]),
)  # fmt: skip
DATA = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=6)),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(DATA)
def test_any_yaml_document_gives_diagnostics_not_exceptions(mini_catalog, data):
    text = yaml.safe_dump(data, allow_unicode=True)
    for d in check(text, mini_catalog):
        assert d.code.startswith("TT") and d.message


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_mutated_scenarios_give_diagnostics_not_exceptions(mini_catalog, data):
    source = data.draw(st.sampled_from([BASE, MINI.read_text(encoding="utf-8")]))
    lines = source.splitlines(keepends=True)
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(lines) - 1))
        op = data.draw(st.sampled_from(["drop", "dup", "indent", "dedent", "chars"]))
        if op == "drop":
            del lines[i]
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "indent":
            lines[i] = "  " + lines[i]
        elif op == "dedent":
            lines[i] = lines[i][2:]
        else:
            junk = data.draw(st.text(alphabet=":{}[]-&*!|>'\"#%@`,? \t\x00\x1b", max_size=3))
            j = data.draw(st.integers(0, max(0, len(lines[i]) - 1)))
            lines[i] = lines[i][:j] + junk + lines[i][j:]
        if not lines:
            break
    for d in check("".join(lines), mini_catalog):
        assert d.code.startswith("TT") and d.message


# Mutated built-in scenarios: real files of real size, each mutation small enough that
# most of the file still loads, so that the checks behind the reader (references, graph
# lint, the state-level checks that play the scenario) meet the damage too. A longer run:
# TABLETOP_FUZZ_EXAMPLES=2000 pytest tests/engine/test_fuzz.py
BUILTINS = sorted((ROOT / "scenarios").glob("fy*.yaml"))
FUZZ_EXAMPLES = int(os.environ.get("TABLETOP_FUZZ_EXAMPLES", "30"))
VALUES = st.sampled_from(
    ["", "0", "-1", "99999999999999999999", "1.5", "true", "null", "[]", "{}", "[a, b]", "'\x1b]0;PWNED\x07'",
     '"[@click=app.quit]x[/]"', "=1+1", "*missing", "&a x", "!!python/object:os.system", "end", "start",
     "'not seen and'", "'x > \u0661'", "'\u202eevil'", "{ja: x}", "+5m", "99h", "good", "decision"]
)  # fmt: skip


@settings(
    max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.data())
def test_mutated_builtin_scenarios_give_diagnostics_not_exceptions(builtin_catalog, data):
    source = data.draw(st.sampled_from(BUILTINS)).read_text(encoding="utf-8")
    lines = source.splitlines(keepends=True)
    for _ in range(data.draw(st.integers(1, 6))):
        i = data.draw(st.integers(0, len(lines) - 1))
        op = data.draw(st.sampled_from(["value", "value", "drop", "dup", "swap", "chars"]))
        line = lines[i]
        if op == "value" and ":" in line:
            key = line.split(":", 1)[0]
            lines[i] = f"{key}: {data.draw(VALUES)}\n"
        elif op == "drop":
            del lines[i]
        elif op == "dup":
            lines.insert(i, line)
        elif op == "swap":
            j = data.draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        else:
            junk = data.draw(st.text(alphabet=":{}[]-&*!|>'\"#%@`,? \t\x1b\u202e", max_size=3))
            j = data.draw(st.integers(0, max(0, len(line) - 1)))
            lines[i] = line[:j] + junk + line[j:]
        if not lines:
            break
    for d in check("".join(lines), builtin_catalog, "fuzzed.yaml"):
        assert d.code.startswith("TT") and d.message
        assert "\x1b" not in str(d) and "\u202e" not in str(d)
