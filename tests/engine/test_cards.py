"""A scenario's card: what the library and `list` show, kept as plain data in a cache."""

from __future__ import annotations

import json

import attrs
import pytest

from tabletop.engine.cards import card, card_data, from_data
from tabletop.engine.catalog import builtin_ids, load


@pytest.mark.parametrize("sid", sorted(builtin_ids())[:3])
def test_a_card_survives_its_json_and_says_what_the_scenario_says(sid, builtin_catalog):
    sc, _ = load(sid, builtin_catalog)
    c = card(sc, builtin_catalog)
    assert from_data(json.loads(json.dumps(card_data(c)))) == attrs.evolve(c, path="")  # the shelf sets it
    assert (c.decisions, c.endings, c.nodes) == (len(sc.decisions), len(sc.endings), len(sc.nodes))
    assert c.role_name(sc.roles[0], "ja") == sc.role_name(builtin_catalog, sc.roles[0], "ja")


@pytest.mark.parametrize(
    "junk",
    [None, [], {"id": "x"}, {"id": "x", "title": "not a text"}, {"title": {"en": 3}}],
)
def test_a_damaged_card_is_not_trusted(junk, builtin_catalog):
    assert from_data(junk) is None
