"""A compiled simulator for random playtests: the scenario as integer tables and closures,
a playthrough as a loop over lists. It follows exactly the rules of ``engine.play`` (a
test replays its runs through the reducer and compares), about ten times faster, for
`tabletop test --random` and the statistics authors want from thousands of plays.
"""

from __future__ import annotations

import bisect
import gc
import operator
import random
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import attrs

from . import expr
from .model import Effects, Scenario
from .play import MAX_STEPS, LoopError


def _cond(tree, index: dict[str, int]) -> Callable[[list], bool]:
    """A parsed condition as a closure over the variable list (same truth as expr.truth)."""
    op = tree[0]
    if op == "or":
        a, b = _cond(tree[1], index), _cond(tree[2], index)
        return lambda v: a(v) or b(v)
    if op == "and":
        a, b = _cond(tree[1], index), _cond(tree[2], index)
        return lambda v: a(v) and b(v)
    if op == "not":
        a = _cond(tree[1], index)
        return lambda v: not a(v)
    if op == "cmp":
        cmp = expr._CMP[tree[1]]
        left, right = _val(tree[2], index), _val(tree[3], index)
        return lambda v: bool(cmp(int(left(v)), int(right(v))))
    val = _val(tree, index)
    return lambda v: bool(val(v))


def _val(tree, index):
    if tree[0] == "lit":
        x = tree[1]
        return lambda v: x
    if tree[0] == "var":
        i = index[tree[1]]
        return lambda v: v[i]
    return _cond(tree, index)


def picker(indexes: tuple[int, ...]) -> Callable[[list], tuple]:
    """A function giving the values at ``indexes`` of a variable list, as a tuple: the
    part of a situation's key that its node keeps, made for every situation an exhaustive
    search meets (operator.itemgetter, rather than a generator over the indexes)."""
    if not indexes:
        return lambda v: ()
    if len(indexes) == 1:
        (i,) = indexes
        return lambda v: (v[i],)
    return operator.itemgetter(*indexes)


@attrs.frozen
class Run:
    """One playthrough: the ending, the score and what it passed through."""

    ending: int
    score: int
    nodes: list  # node indexes, in order
    answers: list  # (node index, question index, option index, level index or -1), in order
    draws: list  # draw values, in order
    vars: list
    clock: int


class Compiled:
    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.var_names = list(scenario.variables)
        index = {n: i for i, n in enumerate(self.var_names)}
        vs = [scenario.variables[n] for n in self.var_names]
        self.start_vars = [v.start for v in vs]
        self.bounds = [(v.kind == "flag", v.min, v.max) for v in vs]
        self.node_ids = list(scenario.nodes)
        nidx = {n: i for i, n in enumerate(self.node_ids)}
        self.node_index = nidx

        def effects(e: Effects):
            # (sets, adds, advance): a set as (index, the value it leaves, bounds applied),
            # an add as (index, delta, min, max); _apply then reads nothing else
            sets = []
            for n, val in e.set:
                flag, lo, hi = self.bounds[index[n]]
                sets.append((index[n], val if flag else max(lo, min(hi, int(val)))))
            adds = tuple((index[n], d, *self.bounds[index[n]][1:]) for n, d in e.add)
            return tuple(sets), adds, e.advance

        def edges(es):
            return tuple(
                (_cond(e.cond, index) if e.cond is not None else None, e.chance, nidx[e.to]) for e in es
            )

        def gate(cond):
            return _cond(cond, index) if cond is not None else None

        self.kind: list[int] = []  # 0 inject, 1 decision, 2 ending
        self.effects: list = []
        self.next: list = []
        # per node: [(role, gate, [(weight, effects, next or None, gate, level weights or None)])]
        self.questions: list = []
        self.in_turn: list[bool] = []
        for nid in self.node_ids:
            n = scenario.nodes[nid]
            self.kind.append({"inject": 0, "decision": 1, "ending": 2}[n.kind])
            self.effects.append(effects(n.effects))
            self.next.append(edges(n.next))
            self.in_turn.append(n.in_turn)
            qs = []
            for q in n.questions:
                opts = [
                    (
                        o.weight,
                        effects(o.effects),
                        edges(o.next) if o.next else None,
                        gate(o.cond),
                        tuple(lv.weight for lv in o.rubric) if o.rubric else None,
                    )
                    for o in q.options
                ]
                qs.append((q.role, gate(q.cond), opts))
            self.questions.append(qs)
        # deadlines in the order they fall due: (time, unless, effects)
        self.deadlines = [(d.at, gate(d.cond), effects(d.effects)) for d in scenario.deadlines]
        self.due_at = [at for at, _, _ in self.deadlines]
        self.start = nidx[scenario.start]
        self.cyclic = None

    def _apply(self, v: list, eff) -> int:
        """Apply effects to ``v`` (the rule of engine.play._apply_effects); returns the
        minutes they advance the clock."""
        sets, adds, advance = eff
        for i, val in sets:
            v[i] = val
        for i, d, lo, hi in adds:
            v[i] = max(lo, min(hi, v[i] + d))  # a flag's True + d is an int, as int(True) + d
        return advance

    def _passed(self, v: list, clock: int, due: int) -> int:
        """Pass the deadlines from index ``due`` that the clock has reached (the rule of
        engine.play._deadlines); returns the index of the next one."""
        dl = self.deadlines
        while due < len(dl) and dl[due][0] <= clock:
            _, unless, eff = dl[due]
            if unless is None or not unless(v):
                self._apply(v, eff)
            due += 1
        return due

    def _moved(self, v: list, before: int, now: int) -> None:
        """The clock went from ``before`` to ``now``: pass the deadlines in between (those
        at or before ``before`` were passed when the clock got there)."""
        if now > before and self.deadlines:
            self._passed(v, now, bisect.bisect_right(self.due_at, before))

    def play(self, rng: random.Random) -> Run:
        """One playthrough, every answer and draw from ``rng``."""
        return self.run(rng)

    def run(self, rng: random.Random, choose=None, max_steps: int = MAX_STEPS * 50) -> Run:
        """One playthrough by the reducer's rules: gates, answers in turn, deadlines, chance.
        ``choose(node, q, on_offer, option)``, if given, picks each answer as (option index,
        rubric level index or -1); otherwise both are drawn from ``rng`` (in that order, so
        that a seed gives the same playthroughs as it always has). Past ``max_steps`` nodes
        without an ending it is a LoopError."""
        kind, questions, nxt, effects = self.kind, self.questions, self.next, self.effects
        v = list(self.start_vars)
        node = self.start
        clock = self._apply(v, effects[node])
        due = self._passed(v, clock, 0)
        nodes = [node]
        answers: list = []
        draws: list = []
        answered: set = set()
        score = 0
        randrange = rng.randrange
        due_at, last_due = [at for at, _, _ in self.deadlines], len(self.deadlines)
        steps = 0
        while True:
            k = kind[node]
            if k == 2:
                return Run(node, score, nodes, answers, draws, v, clock)
            if k == 1:
                qs = questions[node]
                in_turn = self.in_turn[node]
                chosen = []
                for qi, (_, qgate, opts) in enumerate(qs):
                    if qgate is not None and not qgate(v):
                        continue
                    on_offer = [i for i, o in enumerate(opts) if o[3] is None or o[3](v)]
                    if choose is None:
                        oi = on_offer[randrange(len(on_offer))]
                        opt = opts[oi]
                        li = randrange(len(opt[4])) if opt[4] else -1
                    else:
                        oi, li = choose(node, qi, on_offer, opts)
                        opt = opts[oi]
                    key = (node, qi)
                    if key not in answered:  # a question scores at its first answer only
                        answered.add(key)
                        score += opt[4][li] if opt[4] else opt[0]
                    answers.append((node, qi, oi, li))
                    if in_turn:
                        clock += self._apply(v, opt[1])
                        due = self._passed(v, clock, due)
                    else:
                        chosen.append(opt)
                for opt in chosen:
                    clock += self._apply(v, opt[1])
                if not in_turn:
                    due = self._passed(v, clock, due)
                edges = chosen[0][2] if len(qs) == 1 and chosen and chosen[0][2] else nxt[node]
            else:
                edges = nxt[node]
            target = -1
            for cond, chance, to in edges:
                if cond is not None and not cond(v):
                    continue
                if chance is not None:
                    d = randrange(100)
                    draws.append(d)
                    if d >= chance:
                        continue
                target = to
                break
            if target < 0:
                raise LoopError(f"no edge out of '{self.node_ids[node]}' applies", self.node_ids[node])
            node = target
            eff = effects[node]  # as self._apply and self._passed, without a call for nothing
            if eff[0] or eff[1]:
                self._apply(v, eff)
            clock += eff[2]
            if due < last_due and due_at[due] <= clock:
                due = self._passed(v, clock, due)
            nodes.append(node)
            steps += 1
            if steps > max_steps:
                raise LoopError(
                    f"a playthrough went round without ending near '{self.node_ids[node]}'",
                    self.node_ids[node],
                )


# The last scenario compiled and its tables: validate, test and the debrief each ask
# several analyses of one scenario, and a scenario is immutable (recognised by identity).
_last_compiled: tuple = (None, None)


def compiled(scenario: Scenario) -> Compiled:
    """``Compiled(scenario)``, made once for the last scenario asked about."""
    global _last_compiled
    held, tables = _last_compiled
    if held is not scenario:
        tables = Compiled(scenario)
        _last_compiled = (scenario, tables)
    return tables


@contextmanager
def long_lived_frozen() -> Iterator[None]:
    """Thousands of playthroughs over a scenario that does not change: the objects that
    exist already (the scenario, its tables) are left out of the garbage collector's
    passes until the end (gc.freeze), so that a pass costs what the playthroughs
    allocate, not the size of the scenario. On a 10,000-node file, whose load leaves
    300,000 objects for the collector to look over again, the playthroughs ran at half
    the speed per step they reach on a small one. When something is frozen already (a
    command that froze what it loaded), it is left as it is: gc.unfreeze would release
    that too."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@attrs.frozen
class RandomReport:
    runs: int
    seed: int
    seconds: float
    node_visits: dict  # node id -> playthroughs that passed through it
    option_picks: dict  # (node id, role, option id) -> times chosen
    endings: dict  # ending id -> playthroughs
    scores: dict  # score -> playthroughs
    best_seen: int
    worst_seen: int

    @property
    def rate(self) -> float:
        return self.runs / self.seconds if self.seconds > 0 else float("inf")


def random_playtest(scenario: Scenario, runs: int, seed: int = 0, clock=None) -> RandomReport:
    """``runs`` seeded random playthroughs with coverage. The same seed gives the same report
    (apart from the time it took)."""
    import time

    clock = clock or time.perf_counter
    c = compiled(scenario)
    rng = random.Random(seed)
    # Counts in flat lists, an option by its place among all options (first[node][q] +
    # option index): a Counter keyed by tuples cost more per step than the playthrough
    # itself on a large scenario (a new tuple hashed into a dict of 30,000 keys for
    # every answer), which made playthroughs look slower per step as the graph grew.
    first: list[list[int]] = []
    total = 0
    for qs in c.questions:
        first.append([])
        for _, _, opts in qs:
            first[-1].append(total)
            total += len(opts)
    visits = [0] * len(c.node_ids)
    picks = [0] * total
    endings: Counter = Counter()
    scores: Counter = Counter()
    with long_lived_frozen():
        t0 = clock()
        for _ in range(runs):
            r = c.play(rng)
            for n in set(r.nodes):
                visits[n] += 1
            for node, qi, oi, _ in r.answers:
                picks[first[node][qi] + oi] += 1
            endings[r.ending] += 1
            scores[r.score] += 1
        seconds = clock() - t0
    sc = scenario
    option_picks = {}
    for ni, nid in enumerate(c.node_ids):
        for qi, q in enumerate(sc.nodes[nid].questions):
            for oi, o in enumerate(q.options):
                option_picks[(nid, q.role, o.id)] = picks[first[ni][qi] + oi]
    return RandomReport(
        runs=runs,
        seed=seed,
        seconds=seconds,
        node_visits={nid: visits[i] for i, nid in enumerate(c.node_ids)},
        option_picks=option_picks,
        endings={c.node_ids[i]: endings.get(i, 0) for i in range(len(c.node_ids)) if c.kind[i] == 2},
        scores=dict(sorted(scores.items())),
        best_seen=max(scores) if scores else 0,
        worst_seen=min(scores) if scores else 0,
    )


def play_fixed(c: Compiled, pick: list, rng: random.Random, max_steps: int = MAX_STEPS) -> Run:
    """One playthrough that answers every question with a fixed option: ``pick[node][q]`` is
    the option index of question ``q`` at node index ``node`` (when that option is not on
    offer, the first one that is); only chance edges draw from ``rng``. A ruled option
    scores its lowest level: a strategy that reads only the option texts earns no credit
    for an answer it did not give. A fixed answer that sends the story back round a loop
    repeats for ever: past ``max_steps`` nodes it is a LoopError."""

    def choose(node: int, qi: int, on_offer: list, opts) -> tuple[int, int]:
        oi = pick[node][qi] if pick[node][qi] in on_offer else on_offer[0]
        levels = opts[oi][4]
        return oi, (min(range(len(levels)), key=levels.__getitem__) if levels else -1)

    return c.run(rng, choose, max_steps)
