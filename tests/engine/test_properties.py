"""Properties of play over every built-in scenario and the test scenario."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tabletop.engine import codec
from tabletop.engine.analysis import bounds, explore, score_bounds
from tabletop.engine.catalog import builtin_files, load
from tabletop.engine.play import Decided, Ruled, Started, apply, fold, initial, offered, settle, waiting
from tests.conftest import FEATURES, MINI

MAX_DECISIONS = 2_000


def scenarios():
    return [MINI, FEATURES, *builtin_files()]


@pytest.fixture(scope="module")
def loaded(builtin_catalog, mini_catalog):
    out = {}
    for f in scenarios():
        catalog = mini_catalog if f in (MINI, FEATURES) else builtin_catalog
        sc, diags = load(f if f not in (MINI, FEATURES) else str(f), catalog)
        assert sc is not None and not [d for d in diags if d.severity == "error"], [str(d) for d in diags]
        out[f.name] = (sc, score_bounds(sc))
    return out


def playthrough(sc, seed: int, rng):
    events = [Started(sc.id, seed=seed)]
    s = apply(sc, initial(), events[0])
    s, drawn = settle(sc, s)
    events += drawn
    i = 0
    while not s.ended and i < MAX_DECISIONS:
        w = waiting(sc, s)
        if w.kind == "rule":  # a ruling, or the solo player's own rating
            last = s.choices[-1]
            level = rng.choice(w.node.question(last.role).option(last.option).rubric)
            e = Ruled(w.node.id, last.role, level.id, by=rng.choice(["self", "facilitator"]))
        else:
            q = w.node.question(w.roles[0])
            opt = rng.choice(offered(q, s))
            text = "答え: <b>[red]x[/red]</b>" if opt.open else ""
            e = Decided(w.node.id, q.role, opt.id, text=text)
        s = apply(sc, s, e)
        s, drawn = settle(sc, s)
        events += [e, *drawn]
        i += 1
    return s, events


@pytest.mark.parametrize("name", [f.name for f in scenarios()])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**31), rng=st.randoms(use_true_random=False))
def test_random_playthroughs_end_replay_and_score_within_bounds(loaded, name, seed, rng):
    sc, b = loaded[name]
    s, events = playthrough(sc, seed, rng)
    assert s.ended and s.outcome in ("good", "mixed", "bad")
    assert sc.nodes[s.node].kind == "ending"
    assert fold(sc, events) == s
    assert fold(sc, codec.loads(codec.dumps(events))) == s  # the stored form replays too
    assert b.worst <= s.score <= b.best


@pytest.mark.parametrize("name", [f.name for f in scenarios()])
def test_the_best_path_scores_the_best(loaded, name):
    sc, b = loaded[name]
    s = apply(sc, initial(), Started(sc.id, seed=0))
    for step in b.best_path:
        if step.draw:
            from tabletop.engine.play import Drew

            s = apply(sc, s, Drew(step.draw[0], 0 if step.draw[1] else 99))
            continue
        for c in step.choices:
            s = apply(sc, s, Decided(c.node, c.role, c.option))
            if c.level:
                s = apply(sc, s, Ruled(c.node, c.role, c.level))
    assert s.ended and s.score == b.best


def test_branch_and_bound_agrees_with_the_exhaustive_search(mini, mini_catalog):
    from tabletop.engine.scoring import _category

    space = explore(mini)
    weights = [lambda c: c.gain, lambda c: -c.gain, lambda c: c.gain if c.role == "pr" else 0]
    for cat in ("detect", "govern", "respond"):
        weights.append(
            lambda c, cat=cat: sum(
                w
                for pid, w in mini.nodes[c.node].question(c.role).option(c.option).practices
                if _category(mini_catalog, pid) == cat
            )
        )
    for w in weights:
        a, b = bounds(space, w), score_bounds(mini, w)
        assert (a.best, a.worst) == (b.best, b.worst) and b.exact


# -- best and worst stay exact with gates, deadlines and rulings ---------------------------------


@st.composite
def gated_scenarios(draw):
    """A small scenario (as YAML) with options gated on flags, a multi-role decision that may be
    answered in turn, rubrics (points as a range), chance, and deadlines whose consequences set
    the flags that gates and edges read."""
    n = draw(st.integers(2, 4))
    flags = ["a", "b", "c"]
    practices = ["check-first", "tell-the-boss", "speak-plainly"]

    def cond():
        f = draw(st.sampled_from(flags))
        return f if draw(st.booleans()) else f"not {f}"

    def option(i, j, gated):
        lines = [f"      - id: o{j}", f"        text: option {j}"]
        if gated:
            lines.append(f'        when: "{cond()}"')
        if draw(st.booleans()):
            lines.append("        rubric:")
            for k in range(draw(st.integers(2, 3))):
                w = draw(st.integers(-2, 3))
                lines.append(f"          - {{id: l{k}, text: level {k}, practices: {{{practices[k]}: {w}}}}}")
        else:
            w = draw(st.integers(-2, 3))
            lines.append(f"        practices: {{{draw(st.sampled_from(practices))}: {w}}}")
        sets = {
            f: draw(st.booleans()) for f in draw(st.lists(st.sampled_from(flags), max_size=2, unique=True))
        }
        eff = []
        if sets:
            eff.append("set: {" + ", ".join(f"{k}: {str(v).lower()}" for k, v in sets.items()) + "}")
        adv = draw(st.sampled_from([0, 20, 40]))
        if adv:
            eff.append(f"advance: {adv}m")
        if eff:
            lines.append("        effects: {" + ", ".join(eff) + "}")
        return lines

    def options(i, indent=""):
        k = draw(st.integers(2, 3))
        out = []
        for j in range(k):
            out += option(i, j, gated=j > 0 and draw(st.booleans()))
        return [indent + line for line in out]

    nodes = []
    for i in range(n):
        nxt = f"d{i + 1}" if i + 1 < n else "end-good"
        edges = [f'      - {{when: "{cond()}", to: {draw(st.sampled_from([nxt, "end-bad"]))}}}']
        if draw(st.booleans()):
            edges.append(f"      - {{chance: 40, to: {draw(st.sampled_from([nxt, 'end-bad']))}}}")
        edges.append(f"      - {{to: {nxt}}}")
        if i == n - 1 and draw(st.booleans()):
            qlines = ["    kind: decision"]
            if draw(st.booleans()):
                qlines.append("    order: in-turn")
            qlines.append("    questions:")
            for qi, role in enumerate(("management", "pr")):
                qlines += [f"      - role: {role}", f"        prompt: {role}?"]
                if qi == 1 and draw(st.booleans()):
                    qlines.append(f'        when: "{cond()}"')
                qlines.append("        options:")
                qlines += options(i, "    ")
            nodes += [f"  d{i}:", *qlines, "    next:", *edges]
        else:
            nodes += [
                f"  d{i}:",
                "    kind: decision",
                "    role: system",
                "    prompt: what now?",
                "    options:",
            ]
            nodes += options(i)
            nodes += ["    next:", *edges]
    deadlines = []
    for k in range(draw(st.integers(1, 2))):
        f = draw(st.sampled_from(flags))
        deadlines += [
            f"  dl{k}:",
            f"    at: {draw(st.sampled_from([20, 40, 60, 80]))}m",
            f'    unless: "{cond()}"',
            "    title: due",
            "    text: missed",
            f"    effects: {{set: {{{f}: {str(draw(st.booleans())).lower()}}}}}",
        ]
    doc = [
        "format: 1",
        "id: gen",
        "title: generated",
        "roles: [system, management, pr]",
        "flags: {a: false, b: false, c: false}",
        "start: d0",
    ]
    if deadlines:
        doc += ["deadlines:", *deadlines]
    doc += [
        "nodes:",
        *nodes,
        "  end-good: {kind: ending, outcome: good, text: good}",
        "  end-bad: {kind: ending, outcome: bad, text: bad}",
    ]
    return "\n".join(doc) + "\n"


def every_play(sc, s, weight):
    """The best and worst totals of ``weight`` by trying every answer, level and draw (no merging)."""
    w = waiting(sc, s)
    if w.kind == "over":
        return 0, 0
    if w.kind == "draw":
        from tabletop.engine.play import Drew

        outs = [apply(sc, s, Drew(s.node, v)) for v in (0, 99)]
        moves = [(0, t) for t in outs]
    elif w.kind == "rule":
        last = s.choices[-1]
        moves = []
        for lv in w.node.question(last.role).option(last.option).rubric:
            t = apply(sc, s, Ruled(s.node, last.role, lv.id))
            moves.append((weight(t.choices[-1]) if t.choices[-1].first else 0, t))
    else:
        q = w.node.question(w.roles[0])
        moves = []
        for o in offered(q, s):
            t = apply(sc, s, Decided(s.node, q.role, o.id))
            ruled = waiting(sc, t).kind == "rule"
            moves.append((0 if ruled else weight(t.choices[-1]) if t.choices[-1].first else 0, t))
    his, los = [], []
    for gain, t in moves:
        hi, lo = every_play(sc, t, weight)
        his.append(gain + hi)
        los.append(gain + lo)
    return max(his), min(los)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=gated_scenarios())
def test_best_and_worst_stay_exact_with_gates_deadlines_and_rulings(text, mini_catalog):
    from tabletop.engine.diagnostics import Sink
    from tabletop.engine.loader import load_scenario

    sink = Sink("gen.yaml")
    sc = load_scenario("gen.yaml", mini_catalog, sink, text.encode())
    assert not sink.has_errors, [str(d) for d in sink.items]
    start = apply(sc, initial(), Started(sc.id))
    for weight in (lambda c: c.gain, lambda c: c.gain if c.role == "pr" else 0):
        hi, lo = every_play(sc, start, weight)
        b = score_bounds(sc, weight)
        assert b.exact and (b.best, b.worst) == (hi, lo)
        e = bounds(explore(sc), weight)
        assert (e.best, e.worst) == (hi, lo)
