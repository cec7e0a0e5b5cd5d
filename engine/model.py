"""The scenario model: frozen value objects. They know nothing of files."""

from __future__ import annotations

import attrs

LANGS = ("ja", "en")
OUTCOMES = ("good", "mixed", "bad")
CATEGORIES = ("govern", "identify", "protect", "detect", "respond", "recover")
DIFFICULTIES = ("basic", "intermediate", "advanced")


@attrs.frozen
class Text:
    """A text in Japanese and English. ``any`` holds a one-language plain string."""

    ja: str | None = None
    en: str | None = None
    any: str | None = None

    def get(self, lang: str) -> str:
        value = getattr(self, lang, None) if lang in LANGS else None
        return value or self.any or self.en or self.ja or ""

    def has(self, lang: str) -> bool:
        return bool(self.any or getattr(self, lang, None))


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
class Option:
    id: str
    text: Text
    practices: tuple[tuple[str, int], ...] = ()
    effects: Effects = NO_EFFECTS
    feedback: Text | None = None
    next: tuple[Edge, ...] = ()

    @property
    def weight(self) -> int:
        return sum(w for _, w in self.practices)


@attrs.frozen
class Question:
    role: str
    prompt: Text
    options: tuple[Option, ...]

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


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
class Variable:
    name: str
    kind: str  # flag | counter | meter
    start: int | bool
    min: int = 0
    max: int = 1
    label: Text | None = None


@attrs.frozen
class Source:
    report: str
    case: int

    @property
    def case_id(self) -> str:
        return f"{self.report}-{self.case:02d}"


@attrs.frozen
class Debrief:
    what_happened: Text | None = None
    lessons: tuple[str, ...] = ()


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

    def followed_practices(self) -> set[str]:
        """Practices that some option follows (a positive weight): what a player can earn."""
        return {
            pid
            for n in self.decisions
            for q in n.questions
            for o in q.options
            for pid, w in o.practices
            if w > 0
        }

    def practice_ids(self) -> list[str]:
        seen: dict[str, None] = {}
        for n in self.decisions:
            for q in n.questions:
                for o in q.options:
                    for pid, _ in o.practices:
                        seen.setdefault(pid)
        for pid in self.debrief.lessons:
            seen.setdefault(pid)
        return list(seen)


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
