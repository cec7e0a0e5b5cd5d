"""Design metrics for authors: how much a scenario plays like an exercise rather than a quiz.

Five measures (docs/authoring.md says how to read them; ../shared/EXERCISE-DESIGN.md why):

- dominant questions: one option ahead of every other by 2 points or more;
- distinct decision sequences: the orders in which decision nodes are asked;
- how often seeded random play reaches each ending;
- the score of strategies that read only the option texts (longest, shortest, a fixed
  position, the most cautious wording), and how often the best option is the longest;
- closing-quiz practices: scored only in the last decision of every path they appear in.

Everything is computed on the compiled simulator (engine.sim) and is deterministic for a
seed. Targets come from the scenario's optional ``design:`` mapping, else ``DEFAULTS``.
"""

from __future__ import annotations

import random
from collections import deque

import attrs

from .analysis import TooLarge, score_bounds
from .model import Question, Scenario
from .play import LoopError
from .sim import Compiled, compiled, picker, play_fixed

# The targets of issue 14 ("Design targets"); a scenario's `design:` mapping overrides them.
DEFAULTS: dict[str, float] = {
    "max_dominant_share": 0.5,  # questions with a dominant option, at most this share
    "max_text_strategy_share": 0.5,  # a text-only strategy must stay below this share of the best
    "min_sequences": 3,  # distinct decision sequences, at least
    "min_ending_share": 0.02,  # every ending in at least this share of the random playthroughs
    "max_best_longest_share": 0.3,  # the best option also the longest, at most this share (per language)
    "max_closing_practices": 0,  # practices scored only in the last decision, at most this many
}
SHARE_KEYS = (
    "max_dominant_share",
    "max_text_strategy_share",
    "min_ending_share",
    "max_best_longest_share",
)
COUNT_KEYS = ("min_sequences", "max_closing_practices")

DOMINANT_LEAD = 2  # points ahead of every other option
RUNS = 3_000  # random playthroughs for the ending shares
# ... unless they would pass more nodes than this in all: on a graph of thousands of nodes
# a playthrough is hundreds of steps long, and 3,000 of them would take longer than the
# exhaustive search; the shares are then measured over fewer runs (at least MIN_RUNS, a
# share within about 3 points), and the report says how many. A built-in scenario's
# 3,000 runs pass about 60,000 nodes.
STEP_BUDGET = 300_000
MIN_RUNS = 300
STRATEGY_RUNS = 100  # seeded runs of a text strategy that meets chance edges
MAX_SITUATIONS = 200_000  # beyond this, decision sequences are counted over the random runs

# Words that make an option *sound* careful. A player who has learned that the keyed answer
# is the hedged one picks the option with the most of them. Stems, matched as substrings
# (English case-insensitively), so that "verify", "verified" and "verification" all count.
CAUTION = {
    "ja": (
        "確認", "慎重", "念のため", "保全", "相談", "検証", "確かめ", "見極め", "調査", "調べ",
        "保存", "記録", "控え", "待", "前に", "まず", "段階", "手順", "専門", "証拠",
    ),
    "en": (
        "confirm", "verif", "preserv", "consult", "before", "check", "careful", "caution",
        "investigat", "assess", "evidence", "until", "first", "wait", "step by step", "staged",
        "test", "record", "expert", "procedure",
    ),
}  # fmt: skip


@attrs.frozen
class Strategy:
    name: str  # longest | shortest | cautious | position N
    lang: str  # "" for positions: they do not read the text
    score: float | None  # the mean over the runs; None when it never ends (a loop)
    share: float | None  # score / best; None when the best is not positive or it never ends
    runs: int  # 1 when the strategy meets no chance edge (the score is exact)


@attrs.frozen
class DesignFinding:
    key: str  # the design: threshold it misses
    where: str
    message: str


@attrs.frozen
class Metrics:
    questions: int
    dominant: tuple[tuple[str, str], ...]  # (node, role) of questions with a dominant option
    sequences: int | None  # None: unbounded (the decisions can loop)
    sequences_source: str  # exhaustive | random
    sequences_note: str  # why random, when it is
    runs: int
    seed: int
    endings: dict  # ending id -> random playthroughs that reached it
    best: int
    strategies: tuple[Strategy, ...]
    best_longest: dict  # lang -> (questions whose best option is the longest, questions with a best)
    closing: tuple[str, ...]  # practice ids scored only in the last decision
    targets: dict

    @property
    def dominant_share(self) -> float:
        return len(self.dominant) / self.questions if self.questions else 0.0

    def ending_share(self, ending: str) -> float:
        return self.endings.get(ending, 0) / self.runs if self.runs else 0.0

    def findings(self) -> list[DesignFinding]:
        """The targets missed (``tabletop test --strict`` counts them)."""
        t = self.targets
        out = []
        if self.dominant_share > t["max_dominant_share"]:
            out.append(
                DesignFinding(
                    "max_dominant_share",
                    "questions",
                    f"{len(self.dominant)} of {self.questions} questions ({self.dominant_share:.0%}) have an "
                    f"option {DOMINANT_LEAD}+ points ahead of all others (target at most "
                    f"{t['max_dominant_share']:.0%})",
                )
            )
        for s in self.strategies:
            if s.share is not None and s.share >= t["max_text_strategy_share"]:
                out.append(
                    DesignFinding(
                        "max_text_strategy_share",
                        _strategy_label(s),
                        f"always choosing the {_strategy_label(s)} option scores {s.score:g} of {self.best} "
                        f"({s.share:.0%}; target below {t['max_text_strategy_share']:.0%})",
                    )
                )
        if self.sequences is not None and self.sequences < t["min_sequences"]:
            out.append(
                DesignFinding(
                    "min_sequences",
                    "decisions",
                    f"{self.sequences} distinct decision sequence(s) ({self.sequences_source}; target at least "
                    f"{t['min_sequences']:g})",
                )
            )
        for e in self.endings:
            share = self.ending_share(e)
            if share < t["min_ending_share"]:
                out.append(
                    DesignFinding(
                        "min_ending_share",
                        e,
                        f"ending '{e}' is reached by {share:.1%} of {self.runs:,} random playthroughs "
                        f"(seed {self.seed}; target at least {t['min_ending_share']:.0%})",
                    )
                )
        for lang, (k, n) in self.best_longest.items():
            if n and k / n > t["max_best_longest_share"]:
                out.append(
                    DesignFinding(
                        "max_best_longest_share",
                        lang,
                        f"the best option is also the longest in {k} of {n} questions ({k / n:.0%}) in "
                        f"{lang} (target at most {t['max_best_longest_share']:.0%})",
                    )
                )
        if len(self.closing) > t["max_closing_practices"]:
            out.append(
                DesignFinding(
                    "max_closing_practices",
                    ", ".join(self.closing),
                    f"{len(self.closing)} practice(s) scored only in the last decision: "
                    f"{', '.join(self.closing)} (target at most {t['max_closing_practices']:g})",
                )
            )
        return out


def _strategy_label(s: Strategy) -> str:
    return f"{s.name} ({s.lang})" if s.lang else s.name


def targets(scenario: Scenario) -> dict:
    return {**DEFAULTS, **dict(scenario.design)}


# -- per question: dominance and the tells in the option texts ----------------------------


def _questions(scenario: Scenario) -> list[tuple[str, Question]]:
    # Multi-role decisions count per question: each role weighs its own options.
    return [(n.id, q) for n in scenario.decisions for q in n.questions]


def dominant(q: Question) -> bool:
    """One option leads all others by DOMINANT_LEAD points or more (points = the option's
    practice weights summed, as scoring counts them). A ruled option earns one of its
    levels: it leads only if its lowest level does, and is passed by another's highest."""
    if len(q.options) < 2:
        return False
    for o in q.options:
        others = max(max(p.weights) for p in q.options if p is not o)
        if min(o.weights) - others >= DOMINANT_LEAD:
            return True
    return False


def caution(text: str, lang: str) -> int:
    """How careful an option sounds: occurrences of the lexicon's stems."""
    t = text.lower() if lang == "en" else text
    # str.count counts a stem's occurrences without overlap, as re.findall would
    return sum(t.count(stem) for stem in CAUTION.get(lang, CAUTION["en"]))


def _first_max(values: list) -> int:
    # Ties go to the earliest option: the strategy must choose, and position is the one
    # thing a text-only player sees besides the words.
    return max(range(len(values)), key=lambda i: (values[i], -i))


def longest(q: Question, lang: str) -> int:
    return _first_max([len(o.text.get(lang)) for o in q.options])


def shortest(q: Question, lang: str) -> int:
    return _first_max([-len(o.text.get(lang)) for o in q.options])


def most_cautious(q: Question, lang: str) -> int:
    return _first_max([caution(o.text.get(lang), lang) for o in q.options])


def best_is_longest(scenario: Scenario, lang: str) -> tuple[int, int]:
    """(questions whose longest option has the top score, questions where scores differ)."""
    k = n = 0
    for _, q in _questions(scenario):
        w = [max(o.weights) for o in q.options]  # a ruled option at its best level
        if len(set(w)) == 1:
            continue  # no best option to give away
        n += 1
        k += w[longest(q, lang)] == max(w)
    return k, n


# -- strategies that read only the texts ------------------------------------------------


def _table(c: Compiled, scenario: Scenario, rule) -> list:
    return [[rule(q) for q in scenario.nodes[nid].questions] for nid in c.node_ids]


def _run_strategy(c: Compiled, pick: list, seed: int, runs: int) -> tuple[float | None, int]:
    rng = random.Random(seed)
    try:
        first = play_fixed(c, pick, rng)
        if not first.draws:
            return float(first.score), 1  # no chance edge met: the score is exact
        total = first.score + sum(play_fixed(c, pick, rng).score for _ in range(runs - 1))
    except LoopError:
        return None, 1  # the strategy goes round a loop for ever
    return total / runs, runs


def strategies(
    scenario: Scenario, best: int, seed: int = 0, runs: int = STRATEGY_RUNS, c: Compiled | None = None
) -> list[Strategy]:
    c = c or compiled(scenario)
    rules: list[tuple[str, str, object]] = []
    for lang in scenario.languages:
        rules += [
            ("longest", lang, lambda q, lang=lang: longest(q, lang)),
            ("shortest", lang, lambda q, lang=lang: shortest(q, lang)),
            ("cautious", lang, lambda q, lang=lang: most_cautious(q, lang)),
        ]
    widest = max((len(q.options) for _, q in _questions(scenario)), default=0)
    for k in range(widest):
        # fewer options than the position: the last one
        rules.append((f"position {k + 1}", "", lambda q, k=k: min(k, len(q.options) - 1)))
    out = []
    for name, lang, rule in rules:
        score, n = _run_strategy(c, _table(c, scenario, rule), seed, runs)
        share = score / best if score is not None and best > 0 else None
        out.append(Strategy(name, lang, score, share, n))
    return out


# -- decision sequences ------------------------------------------------------------------


def _live(c: Compiled, scenario: Scenario) -> list[tuple[int, ...]]:
    """Per node, the variables read by conditions at or after it that can change which
    decision comes next, and written before it (engine.liveness): two situations at the
    same node that agree on them ask the same decisions in the same order, whatever else
    differs. Conditions that only choose between endings (or injects leading to endings)
    cannot change a decision sequence; gates choose the options on offer, and so their
    effects and edges; a deadline not yet passed fires or not on what it reads."""
    from .liveness import key_variables, scenario_tables, spread

    succ, conds, writes, dl_reads, dl_writes = scenario_tables(scenario, c.node_ids, c.var_names)
    asks = spread(succ, [1 if k == 1 else 0 for k in c.kind])  # a decision is, or can come, here or later
    reads = []
    for here in conds:
        r = 0
        for bits, edges in here:
            if edges is None or any(asks[c.node_index[e.to]] for e in edges):
                r |= bits
        reads.append(r)
    return key_variables(succ, reads, writes, dl_reads, dl_writes)


def exhaustive_sequences(
    scenario: Scenario, c: Compiled | None = None, limit: int = MAX_SITUATIONS
) -> tuple[int | None, frozenset, frozenset]:
    """Count the distinct decision sequences over every way the scenario can go.

    Situations (node and the variables conditions read) form a nondeterministic automaton
    whose letters are the decision nodes asked; a subset construction makes it
    deterministic, so that distinct paths through it are distinct sequences, and a count
    over that acyclic graph gives the number without listing them. Returns (count or
    None when a loop makes it unbounded, decision nodes reached, decision nodes after
    which another decision can still come). Raises TooLarge past ``limit`` situations."""
    from .topology import cyclic_nodes

    c = c or compiled(scenario)
    live = _live(c, scenario)
    last_due = len(c.deadlines)
    # Situations are numbered as they are met: ids[key] is the number of a situation key
    # (node, the values it keeps, next deadline, clock or -1), node_of and clock_of its
    # node and clock by number. Its variables are rebuilt from the key when it is explored:
    # those the key leaves out are not read from there on, or still have their start
    # values (engine.liveness). Keeping a whole variable list for every situation would
    # take memory as the square of the graph (a long scenario has a flag a phase).
    ids: dict = {}
    keys: list = []
    node_of: list[int] = []
    clock_of: list[int] = []
    succ: dict[int, set] = {}  # the situations right after each one explored

    kept = [picker(ix) for ix in live]
    effects, deadlines = c.effects, c.deadlines

    def arrive(node: int, v: list, clock: int, due: int) -> int:
        eff = effects[node]
        if eff[0] or eff[1]:
            v = list(v)  # (v itself may be another situation's: it is read, never changed)
            c._apply(v, eff)
        clock += eff[2]
        if due < last_due and deadlines[due][0] <= clock:
            v = list(v)
            due = c._passed(v, clock, due)
        # the clock matters only while a deadline is still to come
        k = (node, kept[node](v), due, clock if due < last_due else -1)
        i = ids.get(k)
        if i is None:
            if len(keys) >= limit:
                raise TooLarge(f"more than {limit:,} situations")
            i = ids[k] = len(keys)
            keys.append(k)
            node_of.append(node)
            clock_of.append(clock)
        return i

    def scan(edges, v: list, clock: int, due: int, out: set) -> None:
        for cond, chance, to in edges:
            if cond is not None and not cond(v):
                continue
            out.add(arrive(to, v, clock, due))
            if chance is None:
                return

    def answered(node: int, v: list, clock: int, due: int):
        """Every way the decision at ``node`` can be answered, as the simulator plays it
        (engine.sim.Compiled.play): gates, answers in turn, deadlines passed on the way."""
        qs = c.questions[node]
        in_turn = c.in_turn[node]

        def rec(qi: int, w: list, cl: int, d: int, chosen: tuple):
            if qi == len(qs):
                if not in_turn:
                    w = list(w)
                    for opt in chosen:
                        cl += c._apply(w, opt[1])
                    d = c._passed(w, cl, d)
                yield w, cl, d, chosen
                return
            _, gate, opts = qs[qi]
            if gate is not None and not gate(w if in_turn else v):
                yield from rec(qi + 1, w, cl, d, chosen)
                return
            for o in opts:
                if o[3] is not None and not o[3](w if in_turn else v):
                    continue
                if in_turn:
                    w2 = list(w)
                    cl2 = cl + c._apply(w2, o[1])
                    yield from rec(qi + 1, w2, cl2, c._passed(w2, cl2, d), (*chosen, o))
                else:
                    yield from rec(qi + 1, w, cl, d, (*chosen, o))

        yield from rec(0, list(v), clock, due, ())

    def moves(i: int) -> set:
        if i in succ:
            return succ[i]
        node, values, due = keys[i][0], keys[i][1], keys[i][2]
        clock = clock_of[i]
        v = list(c.start_vars)
        for j, x in zip(live[node], values, strict=True):
            v[j] = x
        out: set = set()
        if c.kind[node] == 0:
            scan(c.next[node], v, clock, due, out)
        elif len(c.questions[node]) == 1:  # one question (most decisions): no combinations
            _, gate, opts = c.questions[node][0]
            if gate is not None and not gate(v):
                scan(c.next[node], v, clock, due, out)
            else:
                for o in opts:
                    if o[3] is not None and not o[3](v):
                        continue
                    w = list(v)
                    cl = clock + c._apply(w, o[1])
                    scan(o[2] or c.next[node], w, cl, c._passed(w, cl, due), out)
        elif c.kind[node] == 1:
            for w, cl, d, _ in answered(node, v, clock, due):
                scan(c.next[node], w, cl, d, out)
        succ[i] = out
        return out

    def closure(start: set) -> frozenset:
        """The decisions and endings reached from ``start`` through injects and chance."""
        stops, seen, queue = set(), set(start), deque(start)
        while queue:
            i = queue.popleft()
            if c.kind[node_of[i]] == 0:
                for t in moves(i):
                    if t not in seen:
                        seen.add(t)
                        queue.append(t)
            else:
                stops.add(i)
        return frozenset(stops)

    first = arrive(c.start, list(c.start_vars), 0, 0)
    if any(c.kind[c.node_index[n]] == 1 for n in cyclic_nodes(scenario)):  # decisions can repeat
        reached, nonlast, unbounded = _sequence_facts(moves, node_of, c.kind)
        if unbounded:
            return None, reached, nonlast
    start = closure({first})
    delta: dict = {}
    queue, queued = deque([start]), {start}
    while queue:
        d = queue.popleft()
        by_node: dict = {}
        for i in d:
            if c.kind[node_of[i]] == 1:
                by_node.setdefault(node_of[i], set()).update(moves(i))
        delta[d] = {n: closure(ts) for n, ts in by_node.items()}
        for t in delta[d].values():
            if t not in queued:
                queued.add(t)
                queue.append(t)
            if len(queued) > limit:
                raise TooLarge(f"more than {limit:,} sets of situations")
    reached = frozenset(n for d in delta.values() for n in d)
    nonlast = frozenset(n for d in delta.values() for n, t in d.items() if delta[t])
    return _count(start, delta, [c.kind[n] == 2 for n in node_of]), reached, nonlast


def _sequence_facts(moves, node_of: list[int], kind: list[int]) -> tuple[frozenset, frozenset, bool]:
    """What exhaustive_sequences tells besides the count, from the situations themselves:
    the decision nodes reached, those after which another decision can still come, and
    whether a loop can repeat decisions without end (then there is no count, and no need
    for the subset construction, which on a long scenario with loops builds sets of
    situations by the hundred thousand to find that out).

    A loop of the deterministic automaton means words (decision sequences) of any length,
    and so, the situations being finitely many, a loop of situations through a decision;
    and such a loop gives words of any length, so a loop of the automaton. Situations are
    numbered from 0 (the first) as they are met; ``moves(i)``: the numbers of the
    situations right after situation ``i``, ``node_of[i]`` its node, ``kind[node]``: 0
    inject, 1 decision, 2 ending."""
    from .topology import strong_components

    succ: list[list[int]] = []
    while len(succ) < len(node_of):  # every situation reachable: moves meets new ones
        succ.append(list(moves(len(succ))))
    kinds = [kind[n] for n in node_of]
    # situations from which a decision comes next, through injects only
    pred: list[list[int]] = [[] for _ in kinds]
    for a, ts in enumerate(succ):
        for b in ts:
            pred[b].append(a)
    leads = [False] * len(kinds)
    todo = [i for i, k in enumerate(kinds) if k == 1]
    while todo:
        b = todo.pop()
        for a in pred[b]:
            if kinds[a] == 0 and not leads[a]:
                leads[a] = True
                todo.append(a)
    decisions = [i for i, k in enumerate(kinds) if k == 1]
    reached = frozenset(node_of[i] for i in decisions)
    nonlast = frozenset(node_of[i] for i in decisions if any(kinds[t] == 1 or leads[t] for t in succ[i]))
    unbounded = any(
        any(kinds[i] == 1 for i in comp) and (len(comp) > 1 or comp[0] in succ[comp[0]])
        for comp in strong_components(succ)
    )
    return reached, nonlast, unbounded


def _count(start, delta: dict, ending: list[bool]) -> int | None:
    """Sequences from ``start``: one per way to stop at an ending (``ending[i]``: whether
    situation ``i`` is at one); None on a cycle."""
    count: dict = {}
    on_path = {start}
    stack = [(start, iter(delta[start].values()))]
    while stack:
        d, it = stack[-1]
        t = next(it, None)
        if t is None:
            stack.pop()
            on_path.discard(d)
            ends = any(ending[i] for i in d)
            count[d] = int(ends) + sum(count[x] for x in delta[d].values())
            continue
        if t in on_path:
            return None  # a loop: as many sequences as times round it
        if t not in count:
            on_path.add(t)
            stack.append((t, iter(delta[t].values())))
    return count[start]


# -- everything ----------------------------------------------------------------------------


def design_metrics(
    scenario: Scenario,
    seed: int = 0,
    runs: int = RUNS,
    best: int | None = None,
    strategy_runs: int = STRATEGY_RUNS,
    limit: int = MAX_SITUATIONS,
) -> Metrics:
    c = compiled(scenario)
    if best is None:
        best = score_bounds(scenario).best
    rng = random.Random(seed)
    endings = {c.node_ids[i]: 0 for i in range(len(c.node_ids)) if c.kind[i] == 2}
    seqs: set = set()
    planned, done, steps = runs, 0, 0
    while done < runs:  # the same draws as sim.random_playtest for this seed
        r = c.play(rng)
        done += 1
        steps += len(r.nodes)
        endings[c.node_ids[r.ending]] += 1
        seqs.add(tuple(n for n in r.nodes if c.kind[n] == 1))
        if done == MIN_RUNS and steps * planned > STEP_BUDGET * done:
            runs = max(MIN_RUNS, STEP_BUDGET * done // steps)
    note = ""
    try:
        count, reached, nonlast = exhaustive_sequences(scenario, c, limit)
        source = "exhaustive"
        if count is None:
            note = "unbounded: a loop can repeat decisions without end"
    except TooLarge:
        source, count = "random", len(seqs)
        note = f"more than {limit:,} situations to enumerate"
        reached = frozenset(n for s in seqs for n in s)
        nonlast = frozenset(n for s in seqs for n in s[:-1])
    # A practice is a closing quiz when no decision that scores it is ever followed by another.
    nodes_of: dict[str, set[int]] = {}
    for ni in reached:
        for q in scenario.nodes[c.node_ids[ni]].questions:
            for o in q.options:
                for pid, w in o.practices:
                    if w:
                        nodes_of.setdefault(pid, set()).add(ni)
    closing = tuple(sorted(p for p, ns in nodes_of.items() if not ns & nonlast))
    return Metrics(
        questions=len(_questions(scenario)),
        dominant=tuple((nid, q.role) for nid, q in _questions(scenario) if dominant(q)),
        sequences=count,
        sequences_source=source,
        sequences_note=note,
        runs=runs,
        seed=seed,
        endings=endings,
        best=best,
        strategies=tuple(strategies(scenario, best, seed, strategy_runs, c)),
        best_longest={lang: best_is_longest(scenario, lang) for lang in scenario.languages},
        closing=closing,
        targets=targets(scenario),
    )
