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


# -- the exact futures (engine.search._Futures) ---------------------------------------------
#
# The search tries the relaxed bound alone first and searches again with the exact future
# of every situation when that takes long (long chains of decisions). With no first try at
# all, every search below takes the second way: it must find what the reducer finds.

# Phases as in benchmarks/generate.py: a decision that can wait and come back (a loop), a
# flag, a meter, a check with a condition and a chance edge, an early end through the meter.
LOOPED = (
    """\
format: 1
id: looped
title: Looped
summary: Phases with a loop, a flag, a meter and chance
type: outage
sector: energy
roles: [system, management]
duration: 90m
flags: {f0: false, f1: false, f2: false}
meters:
  service: {start: 60, min: 0, max: 100, label: Service}
start: p0-news
nodes:
"""
    + "".join(
        f"""\
  p{i}-news: {{kind: inject, advance: 5m, text: News, next: p{i}-ask}}
  p{i}-ask:
    kind: decision
    role: {"system" if i % 2 else "management"}
    prompt: Question
    options:
      - {{id: act, text: Act, practices: {{engage-external-ir-expertise: 2}}, effects: {{set: {{f{i}: true}}}}}}
      - {{id: cut, text: Cut, practices: {{engage-external-ir-expertise: -2}}, effects: {{add: {{service: -10}}}}}}
      - {{id: wait, text: Wait, practices: {{engage-external-ir-expertise: -1}}, next: p{i}-news}}
    next: p{i}-check
  p{i}-check:
    kind: inject
    text: Check
    next:
      - {{when: "f{i} and service >= 50", to: p{i}-good}}
      - {{chance: 40, to: p{i}-hit}}
      - {{to: p{i}-bridge}}
  p{i}-good: {{kind: inject, text: Better, effects: {{add: {{service: 10}}}}, next: p{i}-bridge}}
  p{i}-hit: {{kind: inject, text: Hit, effects: {{add: {{service: -20}}}}, next: p{i}-bridge}}
  p{i}-bridge:
    kind: inject
    text: Bridge
    next:
      - {{when: "service < 30", to: bad-end}}
      - {{to: {f"p{i + 1}-news" if i < 2 else "good-end"}}}
"""
        for i in range(3)
    )
    + """\
  good-end: {kind: ending, outcome: good, text: Good}
  bad-end: {kind: ending, outcome: bad, text: Bad}
"""
)


@pytest.fixture
def futures_at_once(monkeypatch):
    """Every search goes straight to the exact futures."""
    from tabletop.engine import search

    monkeypatch.setattr(search, "FIRST_TRY", 0)
    monkeypatch.setattr(search, "FIRST_TRY_PER_NODE", 0)


def _loaded(text: str, catalog):
    from tabletop.engine.diagnostics import Sink
    from tabletop.engine.loader import load_scenario

    sink = Sink("gen.yaml")
    sc = load_scenario("gen.yaml", catalog, sink, text.encode())
    assert not sink.has_errors, sink
    return sc


def test_the_search_by_exact_futures_finds_what_the_reducer_finds_on_a_looped_chain(
    futures_at_once, builtin_catalog
):
    sc = _loaded(LOOPED, builtin_catalog)
    for weight in WEIGHTS.values():
        _same(sc, weight)
    assert optimum(sc, WEIGHTS["worst"]).exact


@pytest.mark.parametrize("path", [MINI, FEATURES])
def test_the_search_by_exact_futures_agrees_on_the_test_scenarios(path, futures_at_once, mini_catalog):
    sc, _ = load(str(path), mini_catalog)
    for weight in WEIGHTS.values():
        _same(sc, weight)


@pytest.mark.parametrize("sid", ["fy2020-07", "fy2024-02"])
def test_the_search_by_exact_futures_agrees_on_built_ins(sid, futures_at_once, builtin_catalog):
    # two built-ins on which the relaxed bound alone expands the most
    sc, _ = load(sid, builtin_catalog)
    for weight in WEIGHTS.values():
        _same(sc, weight)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=gated_scenarios())
def test_the_search_by_exact_futures_agrees_with_gates_deadlines_rulings_and_turns(
    text, futures_at_once, mini_catalog
):
    sc = _loaded(text, mini_catalog)
    for weight in WEIGHTS.values():
        _same(sc, weight)


def test_the_search_by_exact_futures_falls_back_when_they_are_too_many(futures_at_once, builtin_catalog):
    # fewer situations allowed than there are ahead: the plain search, cut short the same way
    sc, _ = load("fy2024-06", builtin_catalog)
    assert not optimum(sc, WEIGHTS["best"], budget=50).exact
    _same(sc, WEIGHTS["best"], budget=50)


def test_searches_of_one_scenario_share_its_tables_and_never_another_ones(mini_catalog, builtin_catalog):
    # analysis keeps the weight-free tables of the last scenario searched: alternating
    # between two scenarios must give each its own answers
    a, _ = load(str(MINI), mini_catalog)
    b = _loaded(LOOPED, builtin_catalog)
    expected = {id(sc): optimum_by_reducer(sc, WEIGHTS["worst"]) for sc in (a, b)}
    for sc in (a, b, a, b):
        assert optimum(sc, WEIGHTS["worst"]) == expected[id(sc)]
