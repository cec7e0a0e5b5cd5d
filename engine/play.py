"""Play as a reducer: ``apply(scenario, state, event) -> state``.

A session is its event log; its state is the fold of its events. Injects are
delivered by the reducer itself as the story moves on; input comes in as events: a
decision made, a random draw (drawn from the session's seed, then recorded, so a
replay never draws again), a ruling on an answer (by a facilitator, or the player's own
rating in solo play), a note. Deadlines fire by themselves when the scenario clock passes
them. Nothing here reads a clock or a file.
"""

from __future__ import annotations

import random

import attrs

from . import expr
from .model import Edge, Effects, Node, Option, Question, Scenario, Text

MAX_STEPS = 10_000


class IllegalMove(ValueError):
    """An event that does not fit the state (the shells check input before this). Its
    ``kind`` and ``facts`` say which rule and about what, so that a shell can word it in
    the player's language (sessions/messages.py, keys ``move_*``); the message is the
    English sentence, the same as that table's (a test keeps them so)."""

    def __init__(self, message: str, kind: str = "", **facts) -> None:
        super().__init__(message)
        self.kind = kind
        self.facts = facts


class LoopError(RuntimeError):
    """The story moved MAX_STEPS times without waiting for anyone: a loop with no way out.
    ``node`` is where it was going round, for the diagnostic."""

    def __init__(self, message: str, node: str | None = None) -> None:
        super().__init__(message)
        self.node = node


# -- events ------------------------------------------------------------------------------


@attrs.frozen
class Started:
    scenario: str
    digest: str = ""
    seed: int = 0
    roles: tuple[str, ...] = ()
    lang: str = "en"
    mode: str = "solo"
    at: str = ""
    learn: bool = False  # feedback after each decision rather than only in the debrief
    timer: int = 0  # seconds per decision; 0: no timer
    # a facilitated drill (mode "facilitated"): who runs it and who takes part, as typed;
    # left out of the stored event when empty, so solo and hot-seat logs are unchanged
    facilitator: str = ""
    participants: tuple[str, ...] = ()


@attrs.frozen
class Decided:
    node: str
    role: str
    option: str
    at: str = ""
    by: str = ""
    text: str = ""  # an open answer: what the participant wrote


@attrs.frozen
class Ruled:
    """The level of the rubric an answer reached: ``by`` is "self" for a player's own
    rating in solo play, "facilitator" for a ruling."""

    node: str
    role: str
    level: str
    by: str = "self"
    at: str = ""


@attrs.frozen
class Drew:
    node: str
    value: int  # 0..99
    at: str = ""


@attrs.frozen
class Noted:
    text: str
    role: str = ""
    at: str = ""


@attrs.frozen
class Ended:
    reason: str = "abandoned"
    at: str = ""


# -- a facilitator's events (facilitated drills) ---------------------------------------
# ``by`` names who recorded the event (a facilitator's name, a terminal), as typed.


@attrs.frozen
class Paused:
    """The room's clock stops (a break, a discussion). Not a lock: the facilitator's
    actions are still accepted while paused."""

    at: str = ""
    by: str = ""


@attrs.frozen
class Resumed:
    at: str = ""
    by: str = ""


@attrs.frozen
class Released:
    """In a facilitated drill the participants see the story's feed only as far as the
    facilitator has released it: ``upto`` entries from the start. Accepted after the end
    (the ending itself is released this way)."""

    upto: int
    at: str = ""
    by: str = ""


@attrs.frozen
class AdHoc:
    """An inject written on the spot by the facilitator, to every role (``roles`` empty)
    or to some; released at once."""

    id: str
    text: str
    roles: tuple[str, ...] = ()
    at: str = ""
    by: str = ""


RATINGS = ("P", "S", "M", "U")  # HSEEP: performed without / with some / with major challenges, not performed


@attrs.frozen
class Observed:
    """An evaluator's observation, optionally rated (``RATINGS``) against a critical task
    of an objective. Accepted after the end, so the evaluation can be finished."""

    text: str
    objective: str = ""
    task: str = ""
    rating: str = ""
    role: str = ""
    at: str = ""
    by: str = ""


@attrs.frozen
class Adjusted:
    """Points added to (or taken from) the score by the facilitator, with the reason.
    Accepted after the end (adjustments are often made in the debrief)."""

    points: int
    reason: str
    role: str = ""
    at: str = ""
    by: str = ""


@attrs.frozen
class Overridden:
    """The facilitator's ruling on where the story goes: once decision ``node`` (where the
    story waits) is complete, it goes to node ``to`` instead of the edge the graph would
    take. A later override at the same decision replaces this one."""

    node: str
    to: str
    reason: str = ""
    at: str = ""
    by: str = ""


@attrs.frozen
class Proposed:
    """A role terminal's answer, for the facilitator to confirm (a Decided) or overrule; it
    does not move the story."""

    node: str
    role: str
    option: str
    text: str = ""
    at: str = ""
    by: str = ""


@attrs.frozen
class Hotwashed:
    """The room's answer to a debrief question, as the facilitator typed it. Accepted
    after the end (the hotwash follows it)."""

    question: str
    text: str
    at: str = ""
    by: str = ""


@attrs.frozen
class Planned:
    """A row of the improvement plan; a later row with the same ``item`` replaces it.
    Accepted after the end."""

    item: str
    action: str = ""
    owner: str = ""
    due: str = ""
    at: str = ""
    by: str = ""


Event = (
    Started
    | Decided
    | Ruled
    | Drew
    | Noted
    | Ended
    | Paused
    | Resumed
    | Released
    | AdHoc
    | Observed
    | Adjusted
    | Overridden
    | Proposed
    | Hotwashed
    | Planned
)
FACILITATION_EVENTS = (
    Paused,
    Resumed,
    Released,
    AdHoc,
    Observed,
    Adjusted,
    Overridden,
    Proposed,
    Hotwashed,
    Planned,
)
EVENT_TYPES = {
    cls.__name__.lower(): cls for cls in (Started, Decided, Ruled, Drew, Noted, Ended, *FACILITATION_EVENTS)
}


# -- state -------------------------------------------------------------------------------


@attrs.frozen
class Choice:
    node: str
    role: str
    option: str
    gain: int  # score earned (0 when the question had been answered before)
    first: bool  # the first answer to this question in the session
    at: str = ""
    clock: int = 0
    level: str = ""  # the rubric level a ruling gave ("" until ruled, or no rubric)
    ruled_by: str = ""  # self | facilitator
    text: str = ""  # an open answer
    offered: tuple[str, ...] = ()  # the options on offer when it was given (gates applied)
    overridden_to: str = ""  # the node a facilitator's override sent the story to instead


@attrs.frozen
class Note:
    text: str
    role: str
    node: str | None
    at: str


@attrs.frozen
class AdHocInject:
    """An ad-hoc inject as it came: after ``position`` entries of the feed had been
    released, at scenario clock ``clock``."""

    id: str
    text: str
    roles: tuple[str, ...]
    position: int
    clock: int
    at: str
    by: str


@attrs.frozen
class Observation:
    text: str
    objective: str
    task: str
    rating: str
    role: str
    node: str | None  # where the story stood
    clock: int
    at: str
    by: str


@attrs.frozen
class Adjustment:
    points: int
    reason: str
    role: str
    node: str | None
    clock: int
    at: str
    by: str


@attrs.frozen
class Override:
    node: str
    to: str
    reason: str
    clock: int
    at: str
    by: str


@attrs.frozen
class Proposal:
    node: str
    role: str
    option: str
    text: str
    at: str
    by: str


@attrs.frozen
class HotwashAnswer:
    question: str
    text: str
    at: str
    by: str


@attrs.frozen
class PlanItem:
    item: str
    action: str
    owner: str
    due: str
    at: str
    by: str


@attrs.frozen
class State:
    scenario: str = ""
    seed: int = 0
    roles: tuple[str, ...] = ()
    lang: str = "en"
    mode: str = "solo"
    started: bool = False
    node: str | None = None
    vars: dict = attrs.field(factory=dict)
    clock: int = 0  # minutes since the scenario began
    pending: tuple[tuple[str, str], ...] = ()  # answers given so far at the current decision
    ruling: str | None = None  # the role whose answer waits for a ruling
    deadlines: tuple[tuple[str, bool, int], ...] = ()  # (id, fired, clock) of deadlines passed
    waiting: int | None = None  # index of the chance edge waiting for a draw
    draws: int = 0
    choices: tuple[Choice, ...] = ()
    answered: frozenset = frozenset()
    score: int = 0
    feed: tuple[str, ...] = ()  # nodes reached, in order
    times: tuple[int, ...] = ()  # the scenario clock when each was reached
    notes: tuple[Note, ...] = ()
    outcome: str | None = None
    ended: bool = False
    abandoned: bool = False
    # -- real time and facilitation (all empty in a solo session but the stamps) --
    started_at: str = ""
    ended_at: str = ""  # the real time of the event that ended the story
    timer: int = 0  # seconds per decision (Started.timer)
    facilitator: str = ""
    participants: tuple[str, ...] = ()
    paused: bool = False
    pauses: tuple[tuple[str, str], ...] = ()  # (paused at, resumed at: "" while paused)
    released: int = 0  # facilitated: how many feed entries the participants see (released_count)
    release_times: tuple[str, ...] = ()  # the real time each feed entry was released
    feed_vars: tuple[dict, ...] = ()  # facilitated: the variables as each feed entry was reached
    adhoc: tuple[AdHocInject, ...] = ()
    observations: tuple[Observation, ...] = ()
    adjustments: tuple[Adjustment, ...] = ()
    override: Override | None = None  # waiting to apply when the current decision is complete
    overrides: tuple[Override, ...] = ()  # every override given, in order
    proposals: tuple[Proposal, ...] = ()  # open proposals from role terminals
    hotwash: tuple[HotwashAnswer, ...] = ()
    plan: tuple[PlanItem, ...] = ()

    @property
    def facilitated(self) -> bool:
        return self.mode == FACILITATED


FACILITATED = "facilitated"
MODES = ("solo", "hotseat", FACILITATED)


def released_count(state: State) -> int:
    """How many feed entries the participants see: in a facilitated drill those the
    facilitator has released; otherwise all of them."""
    return state.released if state.facilitated else len(state.feed)


def visible_feed(state: State) -> tuple[str, ...]:
    """The feed as the participants see it (see released_count)."""
    return state.feed[: released_count(state)]


def release_time(state: State, index: int) -> str:
    """The real time feed entry ``index`` was released ("" if unknown or not released)."""
    return state.release_times[index] if 0 <= index < len(state.release_times) else ""


def initial() -> State:
    return State()


def draw(seed: int, n: int) -> int:
    """The n-th random draw of a session: 0..99, a pure function of the seed."""
    return random.Random(f"tabletop:{seed}:{n}").randrange(100)


# -- what the state waits for ------------------------------------------------------------


@attrs.frozen
class Waiting:
    """What the story waits for: ``kind`` is decide, rule, draw or over."""

    kind: str
    node: Node | None = None
    roles: tuple[str, ...] = ()  # roles still to answer, in question order


def waiting(scenario: Scenario, state: State) -> Waiting:
    if state.ended or not state.started or state.node is None:
        return Waiting("over", scenario.nodes.get(state.node) if state.node else None)
    node = scenario.nodes[state.node]
    if state.waiting is not None:
        return Waiting("draw", node)
    if state.ruling is not None:
        return Waiting("rule", node, (state.ruling,))
    if node.kind == "decision":
        return Waiting("decide", node, _to_answer(node, state))
    return Waiting("over", node)


def _to_answer(node: Node, state: State) -> tuple[str, ...]:
    """The roles still to answer: questions not answered whose condition holds. In turn,
    only the next one, and never one before the last answer (its turn has passed)."""
    done = {r for r, _ in state.pending}
    qs = node.questions
    if node.in_turn and state.pending:
        last = next(i for i, q in enumerate(qs) if q.role == state.pending[-1][0])
        qs = qs[last + 1 :]
    roles = tuple(
        q.role for q in qs if q.role not in done and (q.cond is None or expr.truth(q.cond, state.vars))
    )
    return roles[:1] if node.in_turn else roles


def offered(question: Question, state: State) -> tuple[Option, ...]:
    """The options on offer now: those whose condition holds."""
    return tuple(o for o in question.options if o.cond is None or expr.truth(o.cond, state.vars))


def fragments(node: Node, state: State) -> tuple[Text, ...]:
    """The parts of an ending's text that the final state calls for, in order."""
    return tuple(f.text for f in node.fragments if f.cond is None or expr.truth(f.cond, state.vars))


# -- the reducer -------------------------------------------------------------------------


def _apply_effects(scenario: Scenario, vars_: dict, effects: Effects) -> dict:
    if not (effects.set or effects.add):
        return vars_
    out = dict(vars_)
    for name, value in effects.set:
        v = scenario.variables[name]
        out[name] = value if v.kind == "flag" else max(v.min, min(v.max, int(value)))
    for name, delta in effects.add:
        v = scenario.variables[name]
        out[name] = max(v.min, min(v.max, int(out[name]) + delta))
    return out


def _deadlines(scenario: Scenario, state: State) -> State:
    """Pass the deadlines the clock has reached: each fires (effects apply) unless its
    condition holds. Deadlines are kept in the order they fall due."""
    passed = len(state.deadlines)
    if passed == len(scenario.deadlines) or scenario.deadlines[passed].at > state.clock:
        return state
    vars_, out = state.vars, list(state.deadlines)
    for d in scenario.deadlines[passed:]:
        if d.at > state.clock:
            break
        fire = d.cond is None or not expr.truth(d.cond, vars_)
        if fire:
            vars_ = _apply_effects(scenario, vars_, d.effects)
        out.append((d.id, fire, state.clock))
    return attrs.evolve(state, vars=vars_, deadlines=tuple(out))


def _edges(scenario: Scenario, state: State) -> tuple[Edge, ...]:
    node = scenario.nodes[state.node]
    if node.kind == "decision":
        return node.edges_after(dict(state.pending))
    return node.next


def _follow(scenario: Scenario, state: State, start: int = 0, chosen: Edge | None = None) -> State:
    """Move along edges until someone must act (a decision, a draw) or the story ends."""
    for _ in range(MAX_STEPS):
        if chosen is None:
            edges = _edges(scenario, state)
            for i in range(start, len(edges)):
                e = edges[i]
                if e.cond is not None and not expr.truth(e.cond, state.vars):
                    continue
                if e.chance is not None:
                    return attrs.evolve(state, waiting=i)
                chosen = e
                break
            if chosen is None:  # cannot happen in a checked scenario: the last edge is unconditional
                raise IllegalMove(f"no edge out of '{state.node}' applies", "move_no_edge", node=state.node)
        node = scenario.nodes[chosen.to]
        chosen, start = None, 0
        state = attrs.evolve(
            state,
            node=node.id,
            pending=(),
            waiting=None,
            feed=state.feed + (node.id,),
            times=state.times + (state.clock + node.effects.advance,),
            vars=_apply_effects(scenario, state.vars, node.effects),
            clock=state.clock + node.effects.advance,
        )
        state = _deadlines(scenario, state)
        if state.facilitated:  # what the projector shows while later entries are held
            state = attrs.evolve(state, feed_vars=state.feed_vars + (state.vars,))
        if node.kind == "ending":
            return attrs.evolve(state, ended=True, outcome=node.outcome)
        if node.kind == "decision":
            return state
    raise LoopError(
        f"the story went round {MAX_STEPS} times without a decision near '{state.node}'", state.node
    )


def apply(scenario: Scenario, state: State, event) -> State:
    """The next state. Raises IllegalMove for an event that does not fit.

    Accepted after the story has ended: Noted, Observed, Adjusted, Hotwashed, Planned
    (the evaluation and the debrief go on) and Released (the ending is released too)."""
    new = _apply(scenario, state, event)
    at = getattr(event, "at", "")
    if len(new.feed) > len(state.feed) and at and not new.facilitated:
        # outside a facilitated drill an entry is released as the story reaches it
        new = attrs.evolve(
            new, release_times=new.release_times + (at,) * (len(new.feed) - len(new.release_times))
        )
    if new.ended and not state.ended:
        new = attrs.evolve(new, ended_at=at)
    if new.proposals and new.node != state.node:  # the story moved on: older proposals lapse
        new = attrs.evolve(new, proposals=tuple(p for p in new.proposals if p.node == new.node))
    return new


def _apply(scenario: Scenario, state: State, event) -> State:
    if isinstance(event, Started):
        if state.started:
            raise IllegalMove("the session has already started", "move_started")
        start = scenario.nodes[scenario.start]
        vars_ = {name: v.start for name, v in scenario.variables.items()}
        state = State(
            scenario=event.scenario,
            seed=event.seed,
            roles=tuple(event.roles),
            lang=event.lang,
            mode=event.mode,
            started=True,
            node=start.id,
            vars=_apply_effects(scenario, vars_, start.effects),
            clock=start.effects.advance,
            feed=(start.id,),
            times=(start.effects.advance,),
            started_at=event.at,
            timer=event.timer,
            facilitator=event.facilitator,
            participants=tuple(event.participants),
        )
        state = _deadlines(scenario, state)
        if state.facilitated:
            state = attrs.evolve(state, feed_vars=(state.vars,))
        if start.kind == "ending":
            return attrs.evolve(state, ended=True, outcome=start.outcome)
        if start.kind == "decision":
            return state
        return _follow(scenario, state)
    if not state.started:
        raise IllegalMove("the session has not started", "move_not_started")
    if isinstance(event, Noted):
        return attrs.evolve(state, notes=state.notes + (Note(event.text, event.role, state.node, event.at),))
    if isinstance(event, _AFTER_THE_END):
        return _facilitate(scenario, state, event)
    if state.ended:
        raise IllegalMove("the session has ended", "move_ended")
    if isinstance(event, Ended):
        return attrs.evolve(state, ended=True, abandoned=True)
    if isinstance(event, FACILITATION_EVENTS):
        return _facilitate(scenario, state, event)
    w = waiting(scenario, state)
    if isinstance(event, Drew):
        if w.kind != "draw" or event.node != state.node:
            raise IllegalMove("no draw is expected here", "move_no_draw")
        edge = _edges(scenario, state)[state.waiting]
        state = attrs.evolve(state, draws=state.draws + 1)
        if event.value < edge.chance:
            return _follow(scenario, state, chosen=edge)
        return _follow(scenario, state, start=state.waiting + 1)
    if isinstance(event, Decided):
        if w.kind != "decide" or event.node != state.node:
            raise IllegalMove(
                f"'{event.node}' is not the decision at hand", "move_not_at_hand", node=event.node
            )
        if event.role not in w.roles:
            raise IllegalMove(
                f"role '{event.role}' has nothing to answer at '{event.node}'",
                "move_nothing_to_answer",
                role=event.role,
                node=event.node,
            )
        node = w.node
        q = node.question(event.role)
        opt = q.option(event.option)
        if opt is None:
            raise IllegalMove(
                f"'{event.option}' is not an option of '{event.node}'",
                "move_not_an_option",
                option=event.option,
                node=event.node,
            )
        if opt not in offered(q, state):
            raise IllegalMove(
                f"'{event.option}' is not on offer at '{event.node}' now",
                "move_not_on_offer",
                option=event.option,
                node=event.node,
            )
        key = (node.id, event.role)
        if state.proposals:  # the role's answer is decided: its proposal here is settled
            state = attrs.evolve(
                state, proposals=tuple(p for p in state.proposals if (p.node, p.role) != key)
            )
        first = key not in state.answered
        gain = opt.weight if first and not opt.ruled else 0
        state = attrs.evolve(
            state,
            pending=state.pending + ((event.role, event.option),),
            choices=state.choices
            + (
                Choice(
                    node.id,
                    event.role,
                    event.option,
                    gain,
                    first,
                    event.at,
                    state.clock,
                    text=event.text,
                    offered=tuple(o.id for o in offered(q, state)),
                ),
            ),
            answered=state.answered | {key},
            score=state.score + gain,
        )
        if opt.ruled:  # the points wait for a ruling (or the player's own rating)
            return attrs.evolve(state, ruling=event.role)
        return _answered(scenario, state, node)
    if isinstance(event, Ruled):
        if w.kind != "rule" or event.node != state.node or event.role != state.ruling:
            raise IllegalMove(
                f"no ruling is expected for '{event.role}' at '{event.node}'",
                "move_no_ruling",
                role=event.role,
                node=event.node,
            )
        last = state.choices[-1]
        level = w.node.question(last.role).option(last.option).level(event.level)
        if level is None:
            raise IllegalMove(
                f"'{event.level}' is not a level of the rubric of '{last.option}'",
                "move_not_a_level",
                level=event.level,
                option=last.option,
            )
        gain = level.weight if last.first else 0
        state = attrs.evolve(
            state,
            ruling=None,
            choices=state.choices[:-1] + (attrs.evolve(last, gain=gain, level=level.id, ruled_by=event.by),),
            score=state.score + gain,
        )
        return _answered(scenario, state, w.node)
    raise IllegalMove(f"unknown event {event!r}", "move_unknown_event", event=repr(event))


def _answered(scenario: Scenario, state: State, node: Node) -> State:
    """An answer is complete (ruled, if it needed a ruling): apply its effects now if the
    roles answer in turn; once no one is left to answer, apply the rest and move on."""
    answers = dict(state.pending)
    if node.in_turn:
        eff = node.question(state.pending[-1][0]).option(state.pending[-1][1]).effects
        state = attrs.evolve(
            state, vars=_apply_effects(scenario, state.vars, eff), clock=state.clock + eff.advance
        )
        state = _deadlines(scenario, state)
    if _to_answer(node, state):
        return state
    if not node.in_turn:
        # everyone has answered: apply the answers' effects in question order, then move on
        vars_, clock = state.vars, state.clock
        for q in node.questions:
            if q.role in answers:
                eff = q.option(answers[q.role]).effects
                vars_ = _apply_effects(scenario, vars_, eff)
                clock += eff.advance
        state = _deadlines(scenario, attrs.evolve(state, vars=vars_, clock=clock))
    ov = state.override
    if ov is not None and ov.node == node.id:
        # the facilitator's ruling replaces the graph's edge; the answers given at this
        # visit of the decision (the last len(pending) choices) say where it sent the story
        n = len(state.pending)
        marked = tuple(attrs.evolve(c, overridden_to=ov.to) for c in state.choices[len(state.choices) - n :])
        state = attrs.evolve(state, override=None, choices=state.choices[: len(state.choices) - n] + marked)
        return _follow(scenario, state, chosen=Edge(ov.to))
    return _follow(scenario, state)


_AFTER_THE_END = (Observed, Adjusted, Hotwashed, Planned, Released)


def _known_roles(scenario: Scenario, state: State) -> set[str]:
    return set(state.roles) | set(scenario.roles) | {q.role for n in scenario.decisions for q in n.questions}


def _check_role(scenario: Scenario, state: State, role: str) -> None:
    if role and role not in _known_roles(scenario, state):
        raise IllegalMove(f"'{role}' is not a role of this scenario", "move_not_a_role", role=role)


def _facilitate(scenario: Scenario, state: State, event) -> State:
    """The facilitator's events (and a role terminal's proposal). None of them moves the
    story, except Overridden when its decision completes (in ``_answered``)."""
    if isinstance(event, Paused):
        if state.paused:
            raise IllegalMove("the session is already paused", "move_paused")
        return attrs.evolve(state, paused=True, pauses=state.pauses + ((event.at, ""),))
    if isinstance(event, Resumed):
        if not state.paused:
            raise IllegalMove("the session is not paused", "move_not_paused")
        last = state.pauses[-1]
        return attrs.evolve(state, paused=False, pauses=state.pauses[:-1] + ((last[0], event.at),))
    if isinstance(event, Released):
        if not state.facilitated:
            raise IllegalMove("injects are released only in a facilitated session", "move_release_solo")
        if not state.released < event.upto <= len(state.feed):
            raise IllegalMove(
                f"cannot release up to entry {event.upto}: {state.released} of {len(state.feed)} are released",
                "move_release_range",
                upto=event.upto,
                released=state.released,
                entries=len(state.feed),
            )
        times = state.release_times + (event.at,) * (event.upto - len(state.release_times))
        return attrs.evolve(state, released=event.upto, release_times=times)
    if isinstance(event, AdHoc):
        if not event.id or any(a.id == event.id for a in state.adhoc):
            raise IllegalMove(
                f"an ad-hoc inject needs an id of its own, not {event.id!r}",
                "move_adhoc_id",
                id=repr(event.id),
            )
        if not event.text.strip():
            raise IllegalMove("an ad-hoc inject needs a text", "cc_empty_inject")
        for r in event.roles:
            _check_role(scenario, state, r)
        inject = AdHocInject(
            event.id, event.text, tuple(event.roles), released_count(state), state.clock, event.at, event.by
        )
        return attrs.evolve(state, adhoc=state.adhoc + (inject,))
    if isinstance(event, Observed):
        if event.rating and event.rating not in RATINGS:
            raise IllegalMove(
                f"'{event.rating}' is not a rating (one of {', '.join(RATINGS)})",
                "move_not_a_rating",
                rating=event.rating,
                ratings=", ".join(RATINGS),
            )
        ob = None
        if event.objective:
            ob = next((o for o in scenario.objectives if o.id == event.objective), None)
            if ob is None:
                raise IllegalMove(
                    f"'{event.objective}' is not an objective of this scenario",
                    "move_not_an_objective",
                    objective=event.objective,
                )
        if event.task and (ob is None or not any(t.id == event.task for t in ob.tasks)):
            raise IllegalMove(
                f"'{event.task}' is not a critical task of objective '{event.objective}'",
                "move_not_a_task",
                task=event.task,
                objective=event.objective,
            )
        if event.rating and not event.task:
            raise IllegalMove(
                "a rating is given against a critical task: name the objective and the task",
                "move_rating_needs_task",
            )
        if not event.text.strip() and not event.rating:
            raise IllegalMove("an observation needs a text or a rating", "move_observation_empty")
        _check_role(scenario, state, event.role)
        obs = Observation(
            event.text, event.objective, event.task, event.rating, event.role,
            state.node, state.clock, event.at, event.by,
        )  # fmt: skip
        return attrs.evolve(state, observations=state.observations + (obs,))
    if isinstance(event, Adjusted):
        if not event.reason.strip():
            raise IllegalMove("a score adjustment needs a reason", "move_adjustment_reason")
        _check_role(scenario, state, event.role)
        adj = Adjustment(event.points, event.reason, event.role, state.node, state.clock, event.at, event.by)
        return attrs.evolve(state, adjustments=state.adjustments + (adj,), score=state.score + event.points)
    if isinstance(event, Hotwashed):
        if not event.text.strip():
            raise IllegalMove("a hotwash answer needs a text", "move_hotwash_empty")
        answer = HotwashAnswer(event.question, event.text, event.at, event.by)
        return attrs.evolve(state, hotwash=state.hotwash + (answer,))
    if isinstance(event, Planned):
        if not event.item.strip():
            raise IllegalMove("an improvement-plan row needs an item", "move_plan_empty")
        row = PlanItem(event.item, event.action, event.owner, event.due, event.at, event.by)
        rows = state.plan
        if any(r.item == event.item for r in rows):  # a later row with the same item replaces it, in place
            return attrs.evolve(state, plan=tuple(row if r.item == event.item else r for r in rows))
        return attrs.evolve(state, plan=rows + (row,))
    w = waiting(scenario, state)
    if isinstance(event, Overridden):
        if w.kind not in ("decide", "rule") or event.node != state.node:
            raise IllegalMove(
                f"'{event.node}' is not the decision at hand", "move_not_at_hand", node=event.node
            )
        if event.to not in scenario.nodes:
            raise IllegalMove(
                f"'{event.to}' is not a node of this scenario", "move_not_a_node", node=event.to
            )
        ov = Override(event.node, event.to, event.reason, state.clock, event.at, event.by)
        return attrs.evolve(state, override=ov, overrides=state.overrides + (ov,))
    if isinstance(event, Proposed):
        if not state.facilitated:
            raise IllegalMove("answers are proposed only in a facilitated session", "move_propose_solo")
        if w.kind != "decide" or event.node != state.node:
            raise IllegalMove(
                f"'{event.node}' is not the decision at hand", "move_not_at_hand", node=event.node
            )
        if released_count(state) < len(state.feed):
            raise IllegalMove(
                f"'{event.node}' has not been released to the participants yet",
                "move_not_released",
                node=event.node,
            )
        if event.role not in w.roles:
            raise IllegalMove(
                f"role '{event.role}' has nothing to answer at '{event.node}'",
                "move_nothing_to_answer",
                role=event.role,
                node=event.node,
            )
        q = w.node.question(event.role)
        opt = q.option(event.option)
        if opt is None or opt not in offered(q, state):
            raise IllegalMove(
                f"'{event.option}' is not on offer at '{event.node}' now",
                "move_not_on_offer",
                option=event.option,
                node=event.node,
            )
        prop = Proposal(event.node, event.role, event.option, event.text, event.at, event.by)
        kept = tuple(p for p in state.proposals if (p.node, p.role) != (event.node, event.role))
        return attrs.evolve(state, proposals=kept + (prop,))
    raise IllegalMove(f"unknown event {event!r}", "move_unknown_event", event=repr(event))


def fold(scenario: Scenario, events, state: State | None = None) -> State:
    state = state or initial()
    for e in events:
        state = apply(scenario, state, e)
    return state


@attrs.frozen
class Step:
    """One step of a replay: an event and the state just after it."""

    index: int  # 0-based place of the event in the log
    event: object
    state: State


def replay(scenario: Scenario, events) -> list[Step]:
    """The state after each event of a log, in order (a replay steps through them; the
    states share their unchanged parts, so a few hundred cost little). Raises IllegalMove
    like ``apply``."""
    out, state = [], initial()
    for i, e in enumerate(events):
        state = apply(scenario, state, e)
        out.append(Step(i, e, state))
    return out


def settle(scenario: Scenario, state: State, at: str = "") -> tuple[State, list]:
    """Make the draws the story waits for (from the session's seed). Returns the events."""
    events = []
    while waiting(scenario, state).kind == "draw":
        e = Drew(state.node, draw(state.seed, state.draws), at)
        state = apply(scenario, state, e)
        events.append(e)
    return state, events


def step(scenario: Scenario, state: State, event, at: str = "") -> tuple[State, list]:
    """Apply one event and the draws it leads to: the new state and every event to log,
    in order. Raises IllegalMove like ``apply``."""
    state = apply(scenario, state, event)
    state, draws = settle(scenario, state, at)
    return state, [event, *draws]
