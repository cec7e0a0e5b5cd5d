"""What each audience of a facilitated drill may see, as plain data.

Three audiences: the projector (the room), a role terminal (one role), the facilitator
(everything). Each view is a list of ``Line``s: a text exactly as the scenario, the
facilitator or a participant wrote it (never markup; the shell lays it out and escapes
it), with its kind. Deciding what is secret happens here and only here, so one test can
check every string an audience is ever given (tests/engine/test_views.py).

The projector and the role terminals see the feed only as far as it is released
(``play.visible_feed``), the situation (meters, scenario clock) as it stood at the last
released entry, and the question at hand only once it is released. They never see
facilitator notes, discussion questions, option feedback, weights, practices, rubrics,
model answers, branches, the score or other roles' injects; after the end they see the
outcome only (the debrief stays on the facilitator's screen).
"""

from __future__ import annotations

import attrs

from . import stamps
from .model import Node, Scenario, Text
from .play import RATINGS, State, fragments, offered, released_count, waiting

PROJECTOR = "projector"
FACILITATOR = "facilitator"


@attrs.frozen
class Line:
    """One text of a view. ``kind`` says what it is (see the module's functions for the
    kinds each audience gets); ``ref`` what it belongs to (a node, role, option or task
    id); ``value`` a number where one goes with it (a meter's value, a weight, the feed
    index); ``held`` marks, for the facilitator, what the participants have not been
    given yet; ``extra`` a second short datum (a branch's condition, a rating)."""

    kind: str
    text: str
    ref: str = ""
    value: int | None = None
    held: bool = False
    extra: str = ""


@attrs.frozen
class View:
    audience: str  # projector | facilitator | the role's id
    lines: tuple[Line, ...]
    clock: int  # the scenario clock as this audience sees it (minutes since the start)
    clock_text: str  # the same as a time of day, "09:40"
    paused: bool
    remaining: int | None  # seconds left on the decision's timer; None when none runs
    ended: bool  # this audience has been shown the end

    def texts(self) -> list[str]:
        """Every string in the view (what a secrecy check reads)."""
        return [t for ln in self.lines for t in (ln.text, ln.extra) if t]

    def of(self, *kinds: str) -> list[Line]:
        return [ln for ln in self.lines if ln.kind in kinds]


def _t(text: Text | None, lang: str) -> str:
    return text.get(lang) if text is not None else ""


def time_of_day(scenario: Scenario, clock: int) -> str:
    m = scenario.clock_start + clock
    return f"{(m // 60) % 24:02d}:{m % 60:02d}"


def timer_remaining(state: State, now) -> int | None:
    """Seconds left to answer the decision at hand: ``Started.timer`` from the moment the
    decision was released, not counting time paused. None without a timer, a time, or a
    released decision waiting for answers."""
    if not state.timer or now is None or state.ended or not state.feed:
        return None
    last = len(state.feed) - 1
    if released_count(state) <= last:
        return None
    since = state.release_times[last] if last < len(state.release_times) else ""
    elapsed = stamps.seconds(since, now)
    if elapsed is None:
        return None
    elapsed -= stamps.paused_seconds(state.pauses, since, now)
    return max(0, state.timer - elapsed)


def _audience_ok(node: Node, who: str) -> bool:
    """Whether ``who`` (projector, facilitator or a role) is given this node's text."""
    if who == FACILITATOR or not node.audience:
        return True
    return who != PROJECTOR and who in node.audience


def _deadline_places(scenario: Scenario, state: State) -> dict[int, list]:
    """The deadlines that fired, by the feed entry they came with: the last entry reached
    by the scenario clock at which they fired."""
    places: dict[int, list] = {}
    by_id = {d.id: d for d in scenario.deadlines}
    for did, fired, clock in state.deadlines:
        if not fired or did not in by_id:
            continue
        i = max((k for k, t in enumerate(state.times) if t <= clock), default=0)
        places.setdefault(i, []).append(by_id[did])
    return places


def _public(scenario: Scenario, state: State, who: str, lang: str, now) -> View:
    """The projector's view (who = PROJECTOR) or a role terminal's (who = the role)."""
    shown = released_count(state)
    lines: list[Line] = []
    clock = state.times[shown - 1] if shown else 0
    vars_ = state.vars
    if state.facilitated and shown < len(state.feed):
        vars_ = state.feed_vars[shown - 1] if shown else {}
    at_end = state.ended and shown == len(state.feed)
    if at_end:
        node = scenario.nodes[state.node]
        if state.abandoned:
            lines.append(Line("abandoned", ""))
        elif node.kind == "ending":
            lines.append(Line("ending-title", _t(node.title, lang), node.id))
            lines.append(Line("ending", _t(node.text, lang), node.id))
            lines += [Line("fragment", f.get(lang), node.id) for f in fragments(node, state)]
        return View(who, _drop_empty(lines), clock, time_of_day(scenario, clock), state.paused, None, True)
    lines.append(Line("clock", time_of_day(scenario, clock), value=clock))
    for v in scenario.meters:
        if v.name in vars_:
            lines.append(Line("meter", _t(v.label, lang) or v.name, v.name, int(vars_[v.name])))
    if state.paused:
        lines.append(Line("paused", ""))
    deadlines = _deadline_places(scenario, state)
    adhoc = [a for a in state.adhoc if not a.roles or who in a.roles]  # the projector: to all only
    lines += [Line("adhoc", a.text, a.id) for a in adhoc if a.position == 0]
    for i in range(shown):
        node = scenario.nodes[state.feed[i]]
        if node.kind != "ending" and _audience_ok(node, who):
            lines.append(Line("title", _t(node.title, lang), node.id, i))
            lines.append(Line("source", _t(node.source, lang), node.id, i))
            lines.append(
                Line("inject" if node.kind == "inject" else "situation", _t(node.text, lang), node.id, i)
            )
        for d in deadlines.get(i, ()):
            lines.append(Line("deadline-title", _t(d.title, lang), d.id, i))
            lines.append(Line("source", _t(d.source, lang), d.id, i))
            lines.append(Line("deadline", _t(d.text, lang), d.id, i))
        lines += [Line("adhoc", a.text, a.id, i) for a in adhoc if a.position == i + 1]
    w = waiting(scenario, state)
    remaining = None
    if w.kind in ("decide", "rule") and shown == len(state.feed):
        node = w.node
        if w.kind == "rule":
            lines.append(Line("ruling", "", w.roles[0]))
        for q in node.questions:
            if w.kind != "decide" or q.role not in w.roles or who not in (PROJECTOR, q.role):
                continue
            lines.append(Line("prompt", _t(q.prompt, lang), q.role))
            for n, o in enumerate(offered(q, state), 1):
                lines.append(Line("option", _t(o.text, lang), o.id, n))
                if node.contested:
                    lines.append(Line("argument-for", _t(o.argument_for, lang), o.id))
                    lines.append(Line("argument-against", _t(o.argument_against, lang), o.id))
        if who != PROJECTOR:
            for p in state.proposals:
                if p.role == who and p.node == node.id:
                    o = node.question(who).option(p.option)
                    lines.append(Line("proposal", _t(o.text, lang) if o else p.option, p.option))
                    lines.append(Line("proposal-text", p.text, p.option))
        remaining = timer_remaining(state, now)
    return View(who, _drop_empty(lines), clock, time_of_day(scenario, clock), state.paused, remaining, False)


def _drop_empty(lines: list[Line]) -> tuple[Line, ...]:
    """Lines without a text are left out, but for the ones whose kind is the message
    (paused, abandoned, a ruling awaited)."""
    return tuple(ln for ln in lines if ln.text or ln.kind in ("paused", "abandoned", "ruling"))


def projector(scenario: Scenario, state: State, lang: str, now=None) -> View:
    """The room's screen. Kinds: clock, meter, paused, title, source, inject, situation
    (a decision's own text), deadline-title, deadline, adhoc (to all roles), prompt and
    option (the questions still to answer, once released), argument-for/against (a
    contested call), ruling (an answer waits for the facilitator's ruling); after the end
    only ending-title, ending and fragment, or abandoned."""
    return _public(scenario, state, PROJECTOR, lang, now)


def role(scenario: Scenario, state: State, role: str, lang: str, now=None) -> View:
    """One role's terminal: as the projector, but the injects addressed to everyone or to
    this role, the ad-hoc injects to all or to this role, only this role's question, and
    its own open proposal (proposal: the option's text; proposal-text: what it wrote)."""
    if role in (PROJECTOR, FACILITATOR):
        raise ValueError(f"'{role}' is not a role")
    return _public(scenario, state, role, lang, now)


def facilitator(scenario: Scenario, state: State, lang: str, now=None) -> View:
    """Everything: every feed entry (``held`` when not released), with its facilitator
    note and discussion questions; the question at hand with every option's weight,
    practices, feedback, arguments, rubric, model answer and branch (option-closed: one
    whose condition does not hold now); the answers given,
    the override waiting, the open proposals; observations; each objective's critical
    tasks with the ratings so far; adjustments, overrides, notes, the hotwash and the
    improvement plan; the score."""
    shown = released_count(state)
    lines: list[Line] = [Line("clock", time_of_day(scenario, state.clock), value=state.clock)]
    for v in scenario.meters:
        lines.append(Line("meter", _t(v.label, lang) or v.name, v.name, int(state.vars.get(v.name, v.start))))
    lines.append(Line("score", str(state.score), value=state.score))
    if state.paused:
        lines.append(Line("paused", ""))
    deadlines = _deadline_places(scenario, state)
    lines += [Line("adhoc", a.text, a.id, extra=",".join(a.roles)) for a in state.adhoc if a.position == 0]
    for i, nid in enumerate(state.feed):
        node = scenario.nodes[nid]
        held = i >= shown
        kind = {"inject": "inject", "decision": "situation", "ending": "ending"}[node.kind]
        lines.append(Line("title", _t(node.title, lang), nid, i, held))
        lines.append(Line("source", _t(node.source, lang), nid, i, held))
        lines.append(Line(kind, _t(node.text, lang), nid, i, held, ",".join(node.audience)))
        if node.kind == "ending" and state.ended and i == len(state.feed) - 1:
            lines += [Line("fragment", f.get(lang), nid, i, held) for f in fragments(node, state)]
        lines.append(Line("facilitator-note", _t(node.facilitator, lang), nid, i, held))
        lines += [Line("discussion", _t(d, lang), nid, i, held) for d in node.discussion]
        for d in deadlines.get(i, ()):
            lines.append(Line("deadline-title", _t(d.title, lang), d.id, i, held))
            lines.append(Line("deadline", _t(d.text, lang), d.id, i, held))
            lines.append(Line("facilitator-note", _t(d.facilitator, lang), d.id, i, held))
        lines += [
            Line("adhoc", a.text, a.id, i, extra=",".join(a.roles))
            for a in state.adhoc
            if a.position == i + 1
        ]
    w = waiting(scenario, state)
    remaining = None
    if w.kind in ("decide", "rule"):
        node = w.node
        answers = dict(state.pending)
        for q in node.questions:
            lines.append(
                Line("prompt", _t(q.prompt, lang), q.role, extra="open" if q.role in w.roles else "")
            )
            on_offer = offered(q, state)
            for n, o in enumerate(q.options, 1):
                kind = "option" if o in on_offer else "option-closed"  # its condition does not hold now
                lines.append(Line(kind, _t(o.text, lang), o.id, n, extra=q.role))
                lines += [Line("practice", pid, o.id, wt) for pid, wt in o.practices]
                lines.append(
                    Line("weight", str(o.weight), o.id, o.weight) if not o.rubric else Line("ruled", "", o.id)
                )
                lines.append(Line("feedback", _t(o.feedback, lang), o.id))
                lines.append(Line("argument-for", _t(o.argument_for, lang), o.id))
                lines.append(Line("argument-against", _t(o.argument_against, lang), o.id))
                for lv in o.rubric:
                    lines.append(Line("rubric", _t(lv.text, lang), o.id, lv.weight, extra=lv.id))
                lines.append(Line("model", _t(o.model, lang), o.id))
                for e in node.edges_after({q.role: o.id}):
                    cond = e.when or (f"{e.chance}%" if e.chance is not None else "")
                    lines.append(Line("branch", e.to, o.id, e.chance, extra=cond))
            if q.role in answers:
                o = q.option(answers[q.role])
                lines.append(Line("answer", _t(o.text, lang), q.role, extra=o.id))
        if state.override is not None:
            lines.append(Line("override-waiting", state.override.reason, state.override.to))
        if w.kind == "rule":
            lines.append(Line("ruling", "", w.roles[0]))
        for p in state.proposals:
            o = node.question(p.role).option(p.option) if node.question(p.role) else None
            lines.append(Line("proposal", _t(o.text, lang) if o else p.option, p.role, extra=p.option))
            lines.append(Line("proposal-text", p.text, p.role))
        remaining = timer_remaining(state, now)
    lines += _evaluation_lines(scenario, state, lang)
    return View(
        FACILITATOR,
        _drop_empty(lines),
        state.clock,
        time_of_day(scenario, state.clock),
        state.paused,
        remaining,
        state.ended,
    )


def _evaluation_lines(scenario: Scenario, state: State, lang: str) -> list[Line]:
    lines = []
    # a task that falls due where the story stands (or at the entry last given to the
    # room) is the one to watch now
    # (a timeline without decisions has run to its end at once: the released entry counts)
    here = set() if state.ended else {state.node}
    shown = released_count(state)
    if 0 < shown <= len(state.feed):
        here.add(state.feed[shown - 1])
    number = 0  # the console's number for a task (sessions.console.tasks), as in "2P"
    for ob in scenario.objectives:
        lines.append(Line("objective", _t(ob.title, lang), ob.id))
        for task in ob.tasks:
            number += 1
            ratings = [o.rating for o in state.observations if (o.objective, o.task) == (ob.id, task.id)]
            rated = "".join(r for r in ratings if r in RATINGS)
            kind = "task-due" if task.at and task.at in here else "task"
            lines.append(Line(kind, _t(task.text, lang), f"{ob.id}/{task.id}", number, extra=rated))
    for o in state.observations:
        ref = f"{o.objective}/{o.task}" if o.task else o.objective
        lines.append(Line("observation", o.text, ref, o.clock, extra=o.rating))
    lines += [Line("adjustment", a.reason, a.role, a.points) for a in state.adjustments]
    lines += [Line("override", o.reason, o.node, extra=o.to) for o in state.overrides]
    lines += [Line("note", n.text, n.role) for n in state.notes]
    lines += [Line("hotwash", h.text, extra=h.question) for h in state.hotwash]
    for p in state.plan:
        lines.append(Line("plan-item", p.item, p.item))
        lines.append(Line("plan-action", p.action, p.item))
        lines.append(Line("plan-owner", p.owner, p.item))
        lines.append(Line("plan-due", p.due, p.item))
    return lines


def due_at(scenario: Scenario, task, lang: str) -> str:
    """Where a critical task falls due (its ``at``), as the players saw it: the node's
    title, else the first line of its text or question; "" when it names no node."""
    node = scenario.nodes.get(task.at) if task.at else None
    if node is None:
        return ""
    first = node.title or node.text or (node.questions[0].prompt if node.questions else None)
    return _t(first, lang).strip().split("\n")[0] if first else node.id
