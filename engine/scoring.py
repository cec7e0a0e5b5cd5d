"""The debrief: how a session scored against the good practice of its case, and why."""

from __future__ import annotations

import attrs

from .analysis import Step, score_bounds
from .model import CATEGORIES, Catalog, Practice, Scenario, Text
from .play import Choice, State


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

    @property
    def better_existed(self) -> bool:
        return self.best_weight > self.chosen_weight


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

    @property
    def share(self) -> float | None:
        """Score as a share of the best achievable (None when nothing can be earned)."""
        return self.score / self.best if self.best > 0 else None


def _practice_weights(scenario: Scenario, choice: Choice) -> tuple[tuple[str, int], ...]:
    node = scenario.nodes[choice.node]
    opt = node.question(choice.role).option(choice.option)
    if opt.rubric:  # a ruled answer follows the practices of the level it was given
        level = opt.level(choice.level)
        return level.practices if level else ()
    return opt.practices


def debrief(scenario: Scenario, catalog: Catalog, state: State) -> Debriefing:
    overall = score_bounds(scenario)
    firsts = [c for c in state.choices if c.first]

    def in_category(cat):
        def w(c: Choice) -> int:
            return sum(wt for pid, wt in _practice_weights(scenario, c) if _category(catalog, pid) == cat)

        return w

    def for_role(role):
        return lambda c: c.gain if c.role == role else 0

    cats = []
    for cat in CATEGORIES:
        b = score_bounds(scenario, in_category(cat))
        earned = sum(in_category(cat)(c) for c in firsts)
        if b.best or b.worst or earned:
            cats.append(Bar(cat, earned, b.best))
    roles = []
    for role in _roles_in_order(scenario):
        b = score_bounds(scenario, for_role(role))
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
        top = max(o.weight for o in q.options)
        bests = tuple(o.id for o in q.options if o.weight == top)
        b = q.option(bests[0])
        reviews.append(
            Review(
                c.node,
                c.role,
                q.prompt,
                c.option,
                opt.text,
                opt.weight,
                opt.feedback,
                bests,
                b.text,
                top,
                b.feedback,
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
    )


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
