"""The debrief: how a session scored against the good practice of its case, and why."""

from __future__ import annotations

import attrs

from . import expr
from .analysis import Step, score_bounds
from .model import CATEGORIES, Catalog, Objective, Practice, Scenario, Task, Text
from .play import Adjustment, Choice, State


@attrs.frozen
class Bar:
    key: str
    earned: int
    best: int


@attrs.frozen
class PracticeResult:
    practice: Practice
    status: str  # followed | broken | missed | kept
    earned: int
    lesson: bool


@attrs.frozen
class Review:
    """One answer, beside the best answer the question had."""

    node: str
    role: str
    prompt: Text
    chosen: str
    chosen_text: Text
    chosen_weight: int
    feedback: Text | None
    best: tuple[str, ...]
    best_text: Text
    best_weight: int
    best_feedback: Text | None
    level: Text | None = None  # the rubric level a ruling gave
    ruled_by: str = ""  # self (the player's own rating) | facilitator
    answer: str = ""  # an open answer, as written

    @property
    def better_existed(self) -> bool:
        return self.best_weight > self.chosen_weight


@attrs.frozen
class TaskResult:
    """A critical task, performed or not, with what shows it. ``rating`` is the latest
    rating given against it (``RATINGS``; the facilitator's in a drill, the player's own
    alone), "" when none was; ``shown`` what the answers, the final state or the practices
    show without it."""

    task: Task
    performed: bool
    answers: tuple[tuple[str, str, str, int], ...] = ()  # (node, role, option, clock) that show it
    late: tuple[tuple[str, str, str, int], ...] = ()  # the same answers, given after `by`
    flags: tuple[tuple[str, object], ...] = ()  # the variables its condition reads, at the end
    practices: tuple[tuple[str, int], ...] = ()  # its practices, net weight earned
    rating: str = ""
    shown: bool = False
    rated_by: str = ""  # who gave the rating: "self" for the players' own, else the facilitator

    @property
    def unrated(self) -> bool:
        """A task that only a rating shows, still waiting for one."""
        return self.task.rated and not self.rating and not self.shown


@attrs.frozen
class ObjectiveResult:
    objective: Objective
    status: str  # met | partly | not-met | not-rated (every task waits for a rating)
    tasks: tuple[TaskResult, ...]


@attrs.frozen
class Debriefing:
    scenario: Scenario
    state: State
    score: int
    best: int
    worst: int
    ending: str | None
    outcome: str | None
    categories: tuple[Bar, ...]
    roles: tuple[Bar, ...]
    practices: tuple[PracticeResult, ...]
    reviews: tuple[Review, ...]
    taken: tuple[Choice, ...]
    best_path: tuple[Step, ...]
    meters: tuple[tuple[str, int], ...]
    objectives: tuple[ObjectiveResult, ...] = ()
    # a facilitator's score adjustments, each with its reason; counted in ``score``
    adjustments: tuple[Adjustment, ...] = ()

    @property
    def adjusted(self) -> int:
        """The points the facilitator's adjustments added (or took away)."""
        return sum(a.points for a in self.adjustments)

    @property
    def earned(self) -> int:
        """The points the answers earned: the score without the adjustments."""
        return self.score - self.adjusted

    @property
    def share(self) -> float | None:
        """The answers' points as a share of the best the answers could earn (None when
        nothing can be earned). Adjustments are left out, so that they never show as more
        than the best achievable; a report says them beside it (``adjusted``)."""
        return self.earned / self.best if self.best > 0 else None


def _practice_weights(scenario: Scenario, choice: Choice) -> tuple[tuple[str, int], ...]:
    node = scenario.nodes[choice.node]
    opt = node.question(choice.role).option(choice.option)
    if not choice.first:
        return ()  # only a question's first answer scores
    if opt.rubric:  # a ruled answer follows the practices of the level it was given
        level = opt.level(choice.level)
        return level.practices if level else ()
    return opt.practices


# Best and worst totals depend only on the scenario's content (and, per CSF function, on
# the catalogue's category of each practice it uses), so they are kept per content digest:
# a debrief, its exports and a change of language search once. In memory here; a shell may
# pass a ``memo`` (get/put by string key) that keeps them between runs, on disk.
_BOUNDS: dict[tuple, object] = {}
_BOUNDS_MAX = 512


def bounds_key(scenario: Scenario, key: tuple) -> str:
    """A string naming one search of one scenario's content (for a memo kept outside)."""
    from .digest import sha256

    return scenario.digest + ":" + sha256(repr(key).encode()).hexdigest()[:24]


def _bounds(scenario: Scenario, key: tuple, weight=None, memo=None):
    if not scenario.digest:
        return score_bounds(scenario, weight) if weight else score_bounds(scenario)
    k = (scenario.digest, *key)
    b = _BOUNDS.get(k)
    if b is None and memo is not None:
        b = memo.get(bounds_key(scenario, key))
    if b is None:
        b = score_bounds(scenario, weight) if weight else score_bounds(scenario)
        if memo is not None:
            memo.put(bounds_key(scenario, key), b)
    if len(_BOUNDS) >= _BOUNDS_MAX:
        _BOUNDS.clear()
    _BOUNDS[k] = b
    return b


def debrief(scenario: Scenario, catalog: Catalog, state: State, memo=None) -> Debriefing:
    """The debrief of ``state``. ``memo`` (optional) keeps the best/worst searches between
    runs: ``memo.get(key) -> Bounds | None`` and ``memo.put(key, bounds)``."""
    overall = _bounds(scenario, ("total",), memo=memo)
    firsts = [c for c in state.choices if c.first]

    def in_category(cat):
        def w(c: Choice) -> int:
            return sum(wt for pid, wt in _practice_weights(scenario, c) if _category(catalog, pid) == cat)

        return w

    def for_role(role):
        return lambda c: c.gain if c.role == role else 0

    cats = []
    for cat in CATEGORIES:
        cats_of = tuple((pid, _category(catalog, pid)) for pid in scenario.practice_ids())
        b = _bounds(scenario, ("category", cat, cats_of), in_category(cat), memo)
        earned = sum(in_category(cat)(c) for c in firsts)
        if b.best or b.worst or earned:
            cats.append(Bar(cat, earned, b.best))
    roles = []
    for role in _roles_in_order(scenario):
        b = _bounds(scenario, ("role", role), for_role(role), memo)
        earned = sum(c.gain for c in firsts if c.role == role)
        if b.best or b.worst or earned:
            roles.append(Bar(role, earned, b.best))

    net: dict[str, int] = {}
    for c in firsts:
        for pid, w in _practice_weights(scenario, c):
            net[pid] = net.get(pid, 0) + w
    positive = scenario.followed_practices()
    results = []
    for pid in scenario.practice_ids():
        p = catalog.practices.get(pid)
        if p is None:
            continue
        v = net.get(pid, 0)
        status = "followed" if v > 0 else "broken" if v < 0 else "missed" if pid in positive else "kept"
        results.append(PracticeResult(p, status, v, pid in scenario.debrief.lessons))

    reviews = []
    for c in state.choices:
        node = scenario.nodes[c.node]
        q = node.question(c.role)
        opt = q.option(c.option)
        # the better options are those the player could have chosen: gates applied
        pool = [o for o in q.options if not c.offered or o.id in c.offered]
        top = max(max(o.weights) for o in pool)
        bests = tuple(o.id for o in pool if max(o.weights) == top)
        b = q.option(bests[0])
        level = opt.level(c.level) if opt.rubric else None
        chosen = level.weight if level else (opt.weight if not opt.rubric else min(opt.weights))
        reviews.append(
            Review(
                c.node,
                c.role,
                q.prompt,
                c.option,
                opt.text,
                chosen,
                opt.feedback,
                bests,
                b.text,
                top,
                b.feedback,
                level.text if level else None,
                c.ruled_by,
                c.text,
            )
        )
    meters = tuple((v.name, state.vars.get(v.name, v.start)) for v in scenario.meters)
    return Debriefing(
        scenario=scenario,
        state=state,
        score=state.score,
        best=overall.best,
        worst=overall.worst,
        ending=state.node if state.ended and not state.abandoned else None,
        outcome=state.outcome,
        categories=tuple(cats),
        roles=tuple(roles),
        practices=tuple(results),
        reviews=tuple(reviews),
        taken=state.choices,
        best_path=overall.best_path,
        meters=meters,
        objectives=objectives(scenario, state, net),
        adjustments=state.adjustments,
    )


def objectives(scenario: Scenario, state: State, net: dict[str, int]) -> tuple[ObjectiveResult, ...]:
    """Each objective met (every task performed), partly, or not met, with the evidence.
    A task is performed when one of its answers was given (first answers, by its time if
    it has one; an open answer or contested call only once ruled at a level that earns
    points), or its condition holds at the end; with neither, when its practices were
    followed on balance. A rating (an observation rated against the task) outranks all of
    that, being the room's judgement: P, S and M are performed, U is not."""
    out = []
    for ob in scenario.objectives:
        results = []
        for task in ob.tasks:
            given, late = [], []
            for c in state.choices:
                if not c.first:
                    continue
                for node, role, option in task.answers:
                    if c.node == node and (not role or c.role == role) and c.option == option:
                        if not _rated_well(scenario, c):
                            continue  # a ruled answer shows the task only if its rating earned points
                        rec = (c.node, c.role, c.option, c.clock)
                        (late if task.by is not None and c.clock > task.by else given).append(rec)
            flags: tuple = ()
            holds = False
            if task.cond is not None:
                names = dict.fromkeys(name for name, _ in expr.names(task.cond))
                flags = tuple((n, state.vars.get(n)) for n in names)
                holds = bool(expr.truth(task.cond, state.vars))
            earned = tuple((pid, net.get(pid, 0)) for pid in task.practices)
            if task.answers or task.cond is not None:
                shown = bool(given) or holds
            else:
                shown = bool(task.practices) and sum(v for _, v in earned) > 0
            ratings = [
                o for o in state.observations if (o.objective, o.task) == (ob.id, task.id) and o.rating
            ]
            rating = ratings[-1].rating if ratings else ""
            by = ratings[-1].by if ratings else ""
            performed = rating != "U" if rating else shown
            results.append(
                TaskResult(task, performed, tuple(given), tuple(late), flags, earned, rating, shown, by)
            )
        done = sum(r.performed for r in results)
        if all(r.unrated for r in results):
            status = "not-rated"
        else:
            status = "met" if done == len(results) else "partly" if done else "not-met"
        out.append(ObjectiveResult(ob, status, tuple(results)))
    return tuple(out)


def awaiting_rating(scenario: Scenario, state: State) -> list[tuple[Objective, Task]]:
    """The tasks that only a rating shows and that have none yet, in the objectives'
    order: what players alone rate themselves at the end (a facilitator rates them during
    the drill)."""
    rated = {(o.objective, o.task) for o in state.observations if o.rating}
    return [
        (ob, task)
        for ob in scenario.objectives
        for task in ob.tasks
        if task.rated and (ob.id, task.id) not in rated
    ]


def _rated_well(scenario: Scenario, choice) -> bool:
    """An answer without a rubric counts as given; a ruled one only at a level worth more
    than nothing (a weak open answer does not perform the task it names)."""
    opt = scenario.nodes[choice.node].question(choice.role).option(choice.option)
    if not opt.rubric:
        return True
    level = opt.level(choice.level) if choice.level else None
    return level is not None and level.weight > 0


def _category(catalog: Catalog, pid: str) -> str | None:
    p = catalog.practices.get(pid)
    return p.category if p else None


def _roles_in_order(scenario: Scenario) -> list[str]:
    seen: dict[str, None] = {}
    for r in scenario.roles:
        seen.setdefault(r)
    for n in scenario.decisions:
        for q in n.questions:
            seen.setdefault(q.role)
    return list(seen)
