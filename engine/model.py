"""The scenario model: frozen value objects. They know nothing of files."""

from __future__ import annotations

import attrs

# the card's values, kept apart (see engine.values) and imported from here by the rest
from .values import LANGS, Source, Text

OUTCOMES = ("good", "mixed", "bad")
CATEGORIES = ("govern", "identify", "protect", "detect", "respond", "recover")
DIFFICULTIES = ("basic", "intermediate", "advanced")


@attrs.frozen
class Effects:
    set: tuple[tuple[str, int | bool], ...] = ()
    add: tuple[tuple[str, int], ...] = ()
    advance: int = 0  # minutes on the scenario clock

    @property
    def empty(self) -> bool:
        return not (self.set or self.add or self.advance)


NO_EFFECTS = Effects()


@attrs.frozen
class Edge:
    to: str
    when: str | None = None  # the source text
    cond: tuple | None = attrs.field(default=None, eq=False, repr=False)  # parsed
    chance: int | None = None  # percent, 1..99


@attrs.frozen
class Level:
    """One level of a rubric: what an answer at this level shows, and the practices it
    follows or breaks (its points are their sum, as for an option)."""

    id: str
    text: Text
    practices: tuple[tuple[str, int], ...] = ()

    @property
    def weight(self) -> int:
        return sum(w for _, w in self.practices)


@attrs.frozen
class Option:
    id: str
    text: Text
    practices: tuple[tuple[str, int], ...] = ()
    effects: Effects = NO_EFFECTS
    feedback: Text | None = None
    next: tuple[Edge, ...] = ()
    when: str | None = None  # offered only if this holds (the source text)
    cond: tuple | None = attrs.field(default=None, eq=False, repr=False)
    open: bool = False  # the participant types their own answer
    argument_for: Text | None = None  # a contested call: the case for this option
    argument_against: Text | None = None  # and against it
    rubric: tuple[Level, ...] = ()  # a ruling picks one level; its practices score
    model: Text | None = None  # a model answer (open answers)

    @property
    def weight(self) -> int:
        """The points of an option without a rubric (a ruled option scores its level)."""
        return sum(w for _, w in self.practices)

    @property
    def ruled(self) -> bool:
        return bool(self.rubric)

    def level(self, level_id: str) -> Level | None:
        return next((lv for lv in self.rubric if lv.id == level_id), None)

    @property
    def weights(self) -> tuple[int, ...]:
        """Every score this option can earn: one per rubric level, or its one weight."""
        return tuple(lv.weight for lv in self.rubric) if self.rubric else (self.weight,)


@attrs.frozen
class Question:
    role: str
    prompt: Text
    options: tuple[Option, ...]
    when: str | None = None  # in a multi-role decision: asked only if this holds
    cond: tuple | None = attrs.field(default=None, eq=False, repr=False)

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


@attrs.frozen
class Fragment:
    """A part of an ending's text, told only when its condition holds at the end."""

    text: Text
    when: str | None = None
    cond: tuple | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen
class Node:
    id: str
    kind: str  # inject | decision | ending
    text: Text | None = None
    title: Text | None = None
    facilitator: Text | None = None
    discussion: tuple[Text, ...] = ()
    audience: tuple[str, ...] = ()
    effects: Effects = NO_EFFECTS
    next: tuple[Edge, ...] = ()
    questions: tuple[Question, ...] = ()
    time_limit: int | None = None  # minutes
    outcome: str | None = None
    in_turn: bool = False  # multi-role: roles answer in question order, each answer applies at once
    contested: bool = False  # a contested call: a ruling settles the points
    source: Text | None = None  # an inject: who says it
    fragments: tuple[Fragment, ...] = ()  # an ending: text chosen by the final state

    def question(self, role: str) -> Question | None:
        return next((q for q in self.questions if q.role == role), None)

    def edges_after(self, answers: dict[str, str]) -> tuple[Edge, ...]:
        """The edges to follow once a decision is answered."""
        if len(self.questions) == 1:
            q = self.questions[0]
            opt = q.option(answers.get(q.role, ""))
            if opt is not None and opt.next:
                return opt.next
        return self.next


@attrs.frozen
class Deadline:
    """A time on the scenario clock: when the clock reaches ``at`` and ``unless`` does not
    hold, the consequence fires by itself (its text is delivered, its effects apply)."""

    id: str
    at: int  # minutes since the scenario began
    title: Text
    text: Text
    unless: str | None = None
    cond: tuple | None = attrs.field(default=None, eq=False, repr=False)
    effects: Effects = NO_EFFECTS
    source: Text | None = None
    facilitator: Text | None = None


@attrs.frozen
class Task:
    """A critical task of an objective: an observable action and what shows it."""

    id: str
    text: Text
    practices: tuple[str, ...] = ()
    answers: tuple[tuple[str, str, str], ...] = ()  # (node, role or "", option): any one shows it
    when: str | None = None  # a condition on the final state that shows it
    cond: tuple | None = attrs.field(default=None, eq=False, repr=False)
    by: int | None = None  # the answer must come by this time on the scenario clock
    rated: bool = False  # shown by a rating: the facilitator's in a drill, the player's own alone
    at: str | None = None  # the node where it falls due: the console shows it there


@attrs.frozen
class Objective:
    id: str
    title: Text
    tasks: tuple[Task, ...]


@attrs.frozen
class Variable:
    name: str
    kind: str  # flag | counter | meter
    start: int | bool
    min: int = 0
    max: int = 1
    label: Text | None = None


@attrs.frozen
class Debrief:
    what_happened: Text | None = None
    lessons: tuple[str, ...] = ()


@attrs.frozen
class Origin:
    """Where an imported scenario came from, for the way back: the source's own ids where
    Tabletop's spelling differs. Nothing in play reads it; the exporter for ``tool`` does."""

    tool: str  # the format it was imported from: icebergttx
    # Tabletop id → the source's id: a node or deadline by its id, an option as
    # '<node>/<option>' (for an inject: the single option the source had on it)
    ids: dict[str, str] = attrs.field(factory=dict)
    teams: dict[str, str] = attrs.field(factory=dict)  # role id → the source's team id


@attrs.frozen
class Scenario:
    id: str
    title: Text
    start: str
    nodes: dict[str, Node]
    format: int = 1
    source: Source | None = None
    summary: Text | None = None
    type: str = ""
    sector: str = ""
    tags: tuple[str, ...] = ()
    attack: tuple[str, ...] = ()
    difficulty: str = ""
    duration: int = 0  # minutes of play
    roles: tuple[str, ...] = ()
    role_labels: dict[str, Text] = attrs.field(factory=dict)  # this scenario's name for a role
    clock_start: int = 0  # minutes after midnight
    variables: dict[str, Variable] = attrs.field(factory=dict)
    debrief: Debrief = Debrief()
    design: dict[str, float] = attrs.field(factory=dict)  # design-metric targets (engine.metrics)
    deadlines: tuple[Deadline, ...] = ()  # in the order they fall due
    objectives: tuple[Objective, ...] = ()
    origin: Origin | None = None  # where an import came from (the exporter's way back)
    path: str = attrs.field(default="", eq=False)
    digest: str = attrs.field(default="", eq=False)
    where: dict = attrs.field(factory=dict, eq=False, repr=False)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(lang for lang in LANGS if self.title.has(lang))

    def role_name(self, catalog: Catalog, role: str, lang: str) -> str:
        """The role's name in this scenario: its ``role_labels`` entry, else the catalogue's."""
        if role in self.role_labels:
            return self.role_labels[role].get(lang)
        r = catalog.roles.get(role)
        return r.name.get(lang) if r else role

    @property
    def decisions(self) -> list[Node]:
        return [n for n in self.nodes.values() if n.kind == "decision"]

    @property
    def endings(self) -> list[Node]:
        return [n for n in self.nodes.values() if n.kind == "ending"]

    @property
    def meters(self) -> list[Variable]:
        return [v for v in self.variables.values() if v.kind == "meter"]

    @property
    def evaluated_by_objectives(self) -> bool:
        """No option can earn or lose a point, but objectives are there to rate: an
        imported exercise (its expected actions become rated tasks). Its score says nothing;
        the objectives say how the team did."""
        return bool(self.objectives) and not any(
            w for n in self.decisions for q in n.questions for o in q.options for _, w in _all_practices(o)
        )

    def followed_practices(self) -> set[str]:
        """Practices that some option follows (a positive weight): what a player can earn."""
        return {
            pid
            for n in self.decisions
            for q in n.questions
            for o in q.options
            for pid, w in _all_practices(o)
            if w > 0
        }

    def practice_ids(self) -> list[str]:
        seen: dict[str, None] = {}
        for n in self.decisions:
            for q in n.questions:
                for o in q.options:
                    for pid, _ in _all_practices(o):
                        seen.setdefault(pid)
        for pid in self.debrief.lessons:
            seen.setdefault(pid)
        return list(seen)


def _all_practices(o: Option) -> tuple[tuple[str, int], ...]:
    return o.practices + tuple(p for lv in o.rubric for p in lv.practices)


@attrs.frozen
class Role:
    id: str
    name: Text
    responsibilities: Text | None = None
    path: str = attrs.field(default="", eq=False)


@attrs.frozen
class Practice:
    id: str
    title: Text
    rationale: Text
    category: str
    sources: tuple[str, ...] = ()
    references: tuple[str, ...] = ()


@attrs.frozen
class Catalog:
    """Roles and practices: what scenarios refer to."""

    roles: dict[str, Role] = attrs.field(factory=dict)
    practices: dict[str, Practice] = attrs.field(factory=dict)
