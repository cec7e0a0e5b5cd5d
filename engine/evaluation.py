"""The evaluation of a facilitated drill, as data for the after-action report: per
objective and critical task the automatic evidence (the answers that show it, as in the
debrief) beside the facilitator's observations and ratings; the adjustments, overrides,
ad-hoc injects, hotwash and improvement plan; the playing time without the pauses; and the
timeline of what was delivered (the MSEL as played). Pure: nothing is rendered here.

For a solo or hot-seat session it is the same structure with the facilitated parts empty;
the debrief (engine.scoring) is unchanged."""

from __future__ import annotations

import attrs

from . import stamps
from .model import Catalog, Objective, Scenario, Task
from .play import (
    AdHocInject,
    Adjustment,
    HotwashAnswer,
    Observation,
    Override,
    PlanItem,
    State,
    apply,
    initial,
    release_time,
    released_count,
)
from .scoring import Debriefing, TaskResult, debrief


@attrs.frozen
class TaskEvaluation:
    task: Task
    automatic: TaskResult  # what the answers and the final state show (engine.scoring)
    observations: tuple[Observation, ...]  # the facilitator's, against this task, in order
    rating: str  # the latest rating given (RATINGS), "" when none was

    @property
    def ratings(self) -> tuple[str, ...]:
        return tuple(o.rating for o in self.observations if o.rating)


@attrs.frozen
class ObjectiveEvaluation:
    objective: Objective
    status: str  # as engine.scoring's: the answers and state, outranked by ratings
    tasks: tuple[TaskEvaluation, ...]
    observations: tuple[Observation, ...]  # against the objective without naming a task


@attrs.frozen
class Moment:
    """One line of the timeline: ``kind`` is inject, decision, ending, deadline, adhoc,
    answer, observation, adjustment, override or pause; ``ref`` the node, deadline,
    ad-hoc or option id; ``clock`` the scenario clock; ``at`` the real time (of the
    release, for the feed); ``roles`` whom it was for or who answered; ``index`` its place
    in the state's list of that kind (feed entry, choice, observation, ...)."""

    kind: str
    ref: str
    clock: int
    at: str
    roles: tuple[str, ...] = ()
    index: int = 0
    held: bool = False  # a feed entry never released


@attrs.frozen
class Evaluation:
    facilitated: bool
    facilitator: str
    participants: tuple[str, ...]
    roles: tuple[str, ...]
    started_at: str
    ended_at: str
    duration: int | None  # seconds from the start to the end (or ``now``); None if unknown
    paused: int  # seconds of it spent paused
    pauses: tuple[tuple[str, str], ...]
    objectives: tuple[ObjectiveEvaluation, ...]
    observations: tuple[Observation, ...]  # every observation, in order
    adjustments: tuple[Adjustment, ...]
    overrides: tuple[Override, ...]
    adhoc: tuple[AdHocInject, ...]
    hotwash: tuple[HotwashAnswer, ...]
    plan: tuple[PlanItem, ...]
    timeline: tuple[Moment, ...]
    debriefing: Debriefing

    @property
    def playing(self) -> int | None:
        """Seconds of play: the duration less the pauses."""
        return None if self.duration is None else max(0, self.duration - self.paused)

    @property
    def adjusted(self) -> int:
        return sum(a.points for a in self.adjustments)


def evaluate(scenario: Scenario, catalog: Catalog, events, now=None, memo=None) -> Evaluation:
    """The evaluation of a session's log. ``now`` (a stamp or datetime) ends the duration
    of a session still running; ``memo`` is passed to the debrief (engine.scoring.debrief).
    Raises IllegalMove for a log that does not replay."""
    state, moments = timeline(scenario, events)
    db = debrief(scenario, catalog, state, memo)
    objectives = []
    for ob, auto in zip(scenario.objectives, db.objectives, strict=True):
        tasks = []
        for task, result in zip(ob.tasks, auto.tasks, strict=True):
            obs = tuple(o for o in state.observations if (o.objective, o.task) == (ob.id, task.id))
            tasks.append(TaskEvaluation(task, result, obs, result.rating))
        loose = tuple(o for o in state.observations if o.objective == ob.id and not o.task)
        objectives.append(ObjectiveEvaluation(ob, auto.status, tuple(tasks), loose))
    end = state.ended_at or now
    duration = stamps.seconds(state.started_at, end)
    paused = stamps.paused_seconds(state.pauses, state.started_at, end) if duration is not None else 0
    return Evaluation(
        facilitated=state.facilitated,
        facilitator=state.facilitator,
        participants=state.participants,
        roles=state.roles,
        started_at=state.started_at,
        ended_at=state.ended_at,
        duration=duration,
        paused=paused,
        pauses=state.pauses,
        objectives=tuple(objectives),
        observations=state.observations,
        adjustments=state.adjustments,
        overrides=state.overrides,
        adhoc=state.adhoc,
        hotwash=state.hotwash,
        plan=state.plan,
        timeline=moments,
        debriefing=db,
    )


def timeline(scenario: Scenario, events) -> tuple[State, tuple[Moment, ...]]:
    """The final state of a log, and what happened in the order it happened: the feed
    (each entry with its release time), deadlines that fired, ad-hoc injects, answers,
    overrides, observations, adjustments and pauses."""
    out: list[Moment] = []
    before = initial()
    for e in events:
        state = apply(scenario, before, e)
        # an answer comes before the story it moves on (the feed and deadlines that follow)
        for i in range(len(before.choices), len(state.choices)):
            c = state.choices[i]
            out.append(Moment("answer", c.option, c.clock, c.at, (c.role,), i))
        for i in range(len(before.feed), len(state.feed)):
            node = scenario.nodes[state.feed[i]]
            out.append(Moment(node.kind, node.id, state.times[i], "", node.audience, i))
        for i in range(len(before.deadlines), len(state.deadlines)):
            did, fired, clock = state.deadlines[i]
            if fired:
                out.append(Moment("deadline", did, clock, getattr(e, "at", ""), (), i))
        for kind, field in (("adhoc", "adhoc"), ("override", "overrides"), ("observation", "observations")):
            new, old = getattr(state, field), getattr(before, field)
            for i in range(len(old), len(new)):
                x = new[i]
                ref = x.id if kind == "adhoc" else x.to if kind == "override" else (x.task or x.objective)
                roles = x.roles if kind == "adhoc" else (x.role,) if kind == "observation" and x.role else ()
                out.append(Moment(kind, ref, x.clock, x.at, roles, i))
        for i in range(len(before.adjustments), len(state.adjustments)):
            a = state.adjustments[i]
            out.append(Moment("adjustment", a.role, a.clock, a.at, (a.role,) if a.role else (), i))
        if len(state.pauses) > len(before.pauses):
            out.append(Moment("pause", "", state.clock, state.pauses[-1][0], (), len(state.pauses) - 1))
        before = state
    # the release times are known only at the end (an entry is released after it is reached)
    shown = released_count(before)
    out = [
        attrs.evolve(m, at=release_time(before, m.index), held=m.index >= shown)
        if m.kind in ("inject", "decision", "ending")
        else m
        for m in out
    ]
    return before, tuple(out)
