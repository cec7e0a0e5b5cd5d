"""sim.play_fixed answers with a fixed option per question and draws only at chance edges;
it must follow the reducer's rules as Compiled.play does."""

from __future__ import annotations

import random

import pytest

from tabletop.engine.catalog import builtin_ids, load
from tabletop.engine.play import LoopError
from tabletop.engine.sim import Compiled, play_fixed
from tests.engine.test_sim import replay


def _position(c: Compiled, sc, k: int) -> list:
    return [[min(k, len(q.options) - 1) for q in sc.nodes[nid].questions] for nid in c.node_ids]


@pytest.mark.parametrize("sid", sorted(builtin_ids()))
def test_fixed_playthroughs_match_the_reducer(sid, builtin_catalog):
    sc, _ = load(sid, builtin_catalog)
    c = Compiled(sc)
    rng = random.Random(3)
    for k in range(4):
        pick = _position(c, sc, k)
        for _ in range(5):
            run = play_fixed(c, pick, rng)
            s = replay(sc, c, run)
            assert s.ended and s.node == c.node_ids[run.ending]
            assert (s.score, s.clock) == (run.score, run.clock)
            assert [s.vars[n] for n in c.var_names] == run.vars
            # every answer is the fixed one, or another when a gate keeps the fixed one back
            for ni, qi, oi, _ in run.answers:
                gate = c.questions[ni][qi][2][pick[ni][qi]][3]
                assert oi == pick[ni][qi] or gate is not None, (c.node_ids[ni], qi, oi)


def test_a_fixed_choice_that_loops_for_ever_is_an_error(mini):
    c = Compiled(mini)
    wait = _position(c, mini, 2)  # 'wait' sends the story back to the same decision
    with pytest.raises(LoopError):
        play_fixed(c, wait, random.Random(0))
    check = play_fixed(c, _position(c, mini, 0), random.Random(0))
    assert c.node_ids[check.ending] in ("good-end", "mixed-end")
