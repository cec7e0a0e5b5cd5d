"""The compiled best/worst search (engine.search) against the reducer's (the reference):
the same value, the same path and the same exactness, scenario by scenario."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from tabletop.engine.analysis import SEARCH_BUDGET, optimum, optimum_by_reducer
from tabletop.engine.catalog import builtin_ids, load
from tests.conftest import FEATURES, MINI
from tests.engine.test_properties import gated_scenarios

WEIGHTS = {
    "best": lambda c: c.gain,
    "worst": lambda c: -c.gain,
    "one role": lambda c: c.gain if c.role == "management" else 0,
}


def _same(sc, weight, budget=SEARCH_BUDGET):
    by_reducer = optimum_by_reducer(sc, weight, budget)
    compiled = optimum(sc, weight, budget)
    assert compiled == by_reducer  # value, exactness and every step of the path


@pytest.mark.parametrize("sid", builtin_ids())
@pytest.mark.parametrize("which", list(WEIGHTS))
def test_the_compiled_search_finds_what_the_reducer_finds(sid, which, builtin_catalog):
    sc, _ = load(sid, builtin_catalog)
    _same(sc, WEIGHTS[which])


@pytest.mark.parametrize("path", [MINI, FEATURES])
def test_the_compiled_search_agrees_on_the_test_scenarios(path, mini_catalog):
    sc, _ = load(str(path), mini_catalog)
    for weight in WEIGHTS.values():
        _same(sc, weight)


def test_a_search_cut_short_by_its_budget_says_so_in_the_same_way(builtin_catalog):
    sc, _ = load("fy2024-06", builtin_catalog)
    cut = optimum(sc, WEIGHTS["worst"], budget=5)
    assert not cut.exact
    _same(sc, WEIGHTS["worst"], budget=5)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=gated_scenarios())
def test_the_compiled_search_agrees_with_gates_deadlines_rulings_and_turns(text, mini_catalog):
    from tabletop.engine.diagnostics import Sink
    from tabletop.engine.loader import load_scenario

    sink = Sink("gen.yaml")
    sc = load_scenario("gen.yaml", mini_catalog, sink, text.encode())
    assert not sink.has_errors
    for weight in WEIGHTS.values():
        _same(sc, weight)
