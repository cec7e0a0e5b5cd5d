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
    """An event that does not fit the state (the shells check input before this)."""


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


Event = Started | Decided | Ruled | Drew | Noted | Ended
EVENT_TYPES = {cls.__name__.lower(): cls for cls in (Started, Decided, Ruled, Drew, Noted, Ended)}


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


@attrs.frozen
class Note:
    text: str
    role: str
    node: str | None
    at: str


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
                raise IllegalMove(f"no edge out of '{state.node}' applies")
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
        if node.kind == "ending":
            return attrs.evolve(state, ended=True, outcome=node.outcome)
        if node.kind == "decision":
            return state
    raise LoopError(
        f"the story went round {MAX_STEPS} times without a decision near '{state.node}'", state.node
    )


def apply(scenario: Scenario, state: State, event) -> State:
    """The next state. Raises IllegalMove for an event that does not fit."""
    if isinstance(event, Started):
        if state.started:
            raise IllegalMove("the session has already started")
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
        )
        state = _deadlines(scenario, state)
        if start.kind == "ending":
            return attrs.evolve(state, ended=True, outcome=start.outcome)
        if start.kind == "decision":
            return state
        return _follow(scenario, state)
    if not state.started:
        raise IllegalMove("the session has not started")
    if isinstance(event, Noted):
        return attrs.evolve(state, notes=state.notes + (Note(event.text, event.role, state.node, event.at),))
    if state.ended:
        raise IllegalMove("the session has ended")
    if isinstance(event, Ended):
        return attrs.evolve(state, ended=True, abandoned=True)
    w = waiting(scenario, state)
    if isinstance(event, Drew):
        if w.kind != "draw" or event.node != state.node:
            raise IllegalMove("no draw is expected here")
        edge = _edges(scenario, state)[state.waiting]
        state = attrs.evolve(state, draws=state.draws + 1)
        if event.value < edge.chance:
            return _follow(scenario, state, chosen=edge)
        return _follow(scenario, state, start=state.waiting + 1)
    if isinstance(event, Decided):
        if w.kind != "decide" or event.node != state.node:
            raise IllegalMove(f"'{event.node}' is not the decision at hand")
        if event.role not in w.roles:
            raise IllegalMove(f"role '{event.role}' has nothing to answer at '{event.node}'")
        node = w.node
        q = node.question(event.role)
        opt = q.option(event.option)
        if opt is None:
            raise IllegalMove(f"'{event.option}' is not an option of '{event.node}'")
        if opt not in offered(q, state):
            raise IllegalMove(f"'{event.option}' is not on offer at '{event.node}' now")
        key = (node.id, event.role)
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
            raise IllegalMove(f"no ruling is expected for '{event.role}' at '{event.node}'")
        last = state.choices[-1]
        level = w.node.question(last.role).option(last.option).level(event.level)
        if level is None:
            raise IllegalMove(f"'{event.level}' is not a level of the rubric of '{last.option}'")
        gain = level.weight if last.first else 0
        state = attrs.evolve(
            state,
            ruling=None,
            choices=state.choices[:-1] + (attrs.evolve(last, gain=gain, level=level.id, ruled_by=event.by),),
            score=state.score + gain,
        )
        return _answered(scenario, state, w.node)
    raise IllegalMove(f"unknown event {event!r}")


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
    return _follow(scenario, state)


def fold(scenario: Scenario, events, state: State | None = None) -> State:
    state = state or initial()
    for e in events:
        state = apply(scenario, state, e)
    return state


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
