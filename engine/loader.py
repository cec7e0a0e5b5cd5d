"""YAML → model, with a diagnostic (file:line:col, stable code) for everything wrong.

``load_scenario`` checks the structure of one file and its references to the role and
practice catalogue; ``engine.lint`` then checks the graph. Neither ever raises on bad
input: problems become diagnostics.
"""

from __future__ import annotations

import contextlib
import difflib
import gc
import math
import re

from . import expr
from .diagnostics import ERROR, WARNING, Pos, Sink
from .digest import sha256
from .model import (
    CATEGORIES,
    DIFFICULTIES,
    LANGS,
    NO_EFFECTS,
    OUTCOMES,
    Catalog,
    Deadline,
    Debrief,
    Edge,
    Effects,
    Fragment,
    Level,
    Node,
    Objective,
    Option,
    Origin,
    Practice,
    Question,
    Role,
    Scenario,
    Source,
    Task,
    Text,
    Variable,
)
from .yamlread import YList, YMap, read_yaml

FORMAT = 1
# A decision asking several roles at once is analysed answer combination by combination
# (their effects apply together): 4 roles with 4 options each make 256. The bound keeps
# the analysis, the playtests and the debrief from walking millions of combinations (8 roles
# with 3 options each make 6,561; 8 with 8, 16.7 million).
MAX_ANSWER_COMBINATIONS = 8192

ID_RE = re.compile(r"[a-z0-9][a-z0-9-]*\Z", re.ASCII)
VAR_RE = re.compile(r"[a-z_][a-z0-9_]*\Z", re.ASCII)
BUILTIN_ID_RE = re.compile(r"fy[0-9]{4}-[0-9]{2}-[a-z0-9-]+\Z", re.ASCII)
ATTACK_RE = re.compile(r"T[0-9]{4}(\.[0-9]{3})?\Z", re.ASCII)
CASE_RE = re.compile(r"fy[0-9]{4}-[0-9]{2}\Z", re.ASCII)
DURATION_RE = re.compile(r"\+?(?:([0-9]+)d)?[ \t]*(?:([0-9]+)h)?[ \t]*(?:([0-9]+)m)?\Z", re.ASCII)
CLOCK_RE = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])\Z", re.ASCII)


def is_builtin_id(scenario_id: str) -> bool:
    return bool(BUILTIN_ID_RE.match(scenario_id or ""))


def parse_duration(value) -> int | None:
    """'1h30m' → 90 (minutes); an integer is minutes. None if invalid."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if not isinstance(value, str):
        return None
    m = DURATION_RE.match(value.strip())
    if not m or not any(m.groups()):
        return None
    d, h, mi = (int(g or 0) for g in m.groups())
    return d * 1440 + h * 60 + mi


def is_source_id(value) -> bool:
    """Another tool's id as ``origin`` keeps it: a non-empty string on one line, with no
    blanks at its ends and no control or format characters (it goes back out as it is)."""
    from .text import clean

    return (
        isinstance(value, str)
        and bool(value)
        and value == value.strip()
        and "\n" not in value
        and "\t" not in value
        and clean(value) == value
    )


def origin_clashes(options: dict[str, list[str]], deadlines, ids: dict[str, str]) -> list[list[str]]:
    """The keys that ``origin.ids`` would give one id in the other tool (two injects, or two
    options of one inject), each group holding at least one key of ``ids``. ``options``: each
    node's option ids; ``deadlines``: the deadline ids (the export renames one that shares a
    node's id)."""
    final = [(nid, ("", ids.get(nid, nid))) for nid in options]
    for did in deadlines:
        final.append((did, ("", ids.get(did, did if did not in options else f"{did}-deadline"))))
    for nid, oids in options.items():
        for oid in dict.fromkeys(oids):
            key = f"{nid}/{oid}"
            final.append((key, (nid, ids.get(key, oid))))
    holders: dict[tuple[str, str], list[str]] = {}
    for key, sid in final:
        holders.setdefault(sid, []).append(key)
    return [keys for keys in holders.values() if len(keys) > 1 and any(k in ids for k in keys)]


def _suggest(word: str, choices) -> str:
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _kind(value) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "empty"
    return type(value).__name__


class Reader:
    """Reads typed fields out of YMaps, reporting problems at their positions."""

    def __init__(self, sink: Sink, strict_lang: bool = False) -> None:
        self.sink = sink
        self.strict_lang = strict_lang
        self.langs: tuple[str, ...] = LANGS

    # -- positions -------------------------------------------------------------------------
    @staticmethod
    def vpos(m, key) -> Pos:
        if isinstance(m, YMap):
            return m.value_pos(key)
        if isinstance(m, YList):
            return m.item_pos(key)
        return Pos()

    @staticmethod
    def kpos(m, key) -> Pos:
        return m.key_pos(key) if isinstance(m, YMap) else Pos()

    def bad(self, m, key, message: str) -> None:
        self.sink.error("TT013", self.vpos(m, key), message)

    # -- structure -------------------------------------------------------------------------
    def mapping(self, value, pos: Pos, what: str) -> bool:
        if isinstance(value, dict):
            return True
        self.sink.error("TT013", pos, f"{what} must be a mapping, not {_kind(value)}")
        return False

    def fields(self, m: YMap, what: str, required: tuple[str, ...], optional: tuple[str, ...]) -> None:
        allowed = set(required) | set(optional)
        for key in m:
            if key not in allowed:
                self.sink.error(
                    "TT011",
                    self.kpos(m, key),
                    f"unknown field '{key}' in {what}{_suggest(key, sorted(allowed))}",
                )
        for key in required:
            if key not in m:
                self.sink.error("TT012", m.pos, f"{what} needs the field '{key}'")

    # -- scalars ---------------------------------------------------------------------------
    def string(self, m, key, what: str, pattern: re.Pattern | None = None, hint: str = "") -> str | None:
        value = m.get(key) if isinstance(m, dict) else None
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.bad(m, key, f"{what} must be a non-empty string, not {_kind(value)}")
            return None
        if pattern is not None and not pattern.match(value):
            self.bad(m, key, f"{what} {value!r} is not valid{': ' + hint if hint else ''}")
            return None
        return value

    def integer(self, m, key, what: str, lo: int | None = None, hi: int | None = None) -> int | None:
        value = m.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.bad(m, key, f"{what} must be an integer, not {_kind(value)}")
            return None
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            self.bad(m, key, f"{what} must be between {lo} and {hi}, not {value}")
            return None
        return value

    def choice(self, m, key, what: str, choices: tuple[str, ...]) -> str | None:
        value = m.get(key)
        if value is None:
            return None
        if value not in choices:
            self.bad(
                m, key, f"{what} must be one of {', '.join(choices)}, not {value!r}{_suggest(value, choices)}"
            )
            return None
        return value

    def duration(self, m, key, what: str) -> int | None:
        value = m.get(key)
        if value is None:
            return None
        minutes = parse_duration(value)
        if minutes is None:
            self.bad(m, key, f"{what} must be a duration such as 30m, 2h or 1h30m, not {value!r}")
        return minutes

    def str_list(
        self, m, key, what: str, pattern: re.Pattern | None = None, hint: str = ""
    ) -> tuple[str, ...]:
        value = m.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value_list, container = [value], None
        elif isinstance(value, list):
            value_list, container = value, value
        else:
            self.bad(m, key, f"{what} must be a list of strings, not {_kind(value)}")
            return ()
        out = []
        for i, item in enumerate(value_list):
            pos = container.item_pos(i) if isinstance(container, YList) else self.vpos(m, key)
            if not isinstance(item, str):
                self.sink.error("TT013", pos, f"{what} must hold strings, not {_kind(item)}")
            elif pattern is not None and not pattern.match(item):
                self.sink.error("TT013", pos, f"{item!r} in {what} is not valid{': ' + hint if hint else ''}")
            else:
                out.append(item)
        return tuple(out)

    # -- text ------------------------------------------------------------------------------
    def text(self, m, key, what: str, required: bool = False) -> Text | None:
        value = m.get(key) if isinstance(m, dict) else None
        pos = self.vpos(m, key)
        if value is None:
            if required and isinstance(m, dict) and key in m:
                self.sink.error("TT012", pos, f"{what} is empty")
            return None
        return self.text_value(value, pos, what)

    def text_value(self, value, pos: Pos, what: str) -> Text | None:
        if isinstance(value, str):
            if self.strict_lang:
                self.sink.error(
                    "TT060", pos, f"{what} must be given in Japanese and English: {{ja: ..., en: ...}}"
                )
            return Text(any=value)
        if not isinstance(value, dict):
            self.sink.error(
                "TT013", pos, f"{what} must be a text ({{ja: ..., en: ...}} or a string), not {_kind(value)}"
            )
            return None
        for k in value:
            if k not in LANGS:
                self.sink.error(
                    "TT011",
                    value.key_pos(k),
                    f"unknown language '{k}' in {what}; use ja and en{_suggest(k, LANGS)}",
                )
        parts = {}
        for lang in LANGS:
            v = value.get(lang)
            if v is None:
                continue
            if not isinstance(v, str | int | float) or isinstance(v, bool):
                self.sink.error(
                    "TT013", value.value_pos(lang), f"{what} ({lang}) must be a string, not {_kind(v)}"
                )
                continue
            parts[lang] = str(v)
        if not parts:
            self.sink.error("TT012", pos, f"{what} has no text in ja or en")
            return None
        for lang in self.langs:
            if lang not in parts:
                sev = ERROR if self.strict_lang else WARNING
                self.sink.add(
                    "TT060",
                    pos,
                    f"{what} has no {('Japanese', 'English')[LANGS.index(lang)]} ({lang}) text",
                    sev,
                )
        return Text(**parts)


# ---------------------------------------------------------------------------------------
# scenarios

SCENARIO_REQUIRED = ("id", "title", "start", "nodes")  # a missing format is TT014
SCENARIO_OPTIONAL = (
    "format", "source", "summary", "type", "sector", "tags", "attack", "difficulty", "duration", "roles",
    "clock", "flags", "counters", "meters", "debrief", "role_labels", "design", "deadlines", "objectives",
    "origin",
)  # fmt: skip
ORIGIN_TOOLS = ("icebergttx",)  # the formats whose exporter reads `origin` on the way back
NODE_FIELDS = {
    "inject": (
        ("kind", "text", "next"),
        ("advance", "audience", "facilitator", "effects", "discussion", "source"),
    ),
    "decision": (
        ("kind",),
        (
            "role",
            "prompt",
            "options",
            "questions",
            "next",
            "facilitator",
            "discussion",
            "time_limit",
            "advance",
            "order",
            "contested",
        ),
    ),
    "ending": (
        ("kind", "outcome", "text"),
        ("title", "facilitator", "advance", "effects", "discussion", "fragments"),
    ),
}
OPTION_FIELDS = (
    ("id", "text"),
    ("practices", "effects", "feedback", "next", "when", "open", "for", "against", "rubric", "model"),
)
ORDERS = ("together", "in-turn")


class ScenarioReader(Reader):
    def __init__(self, sink: Sink, catalog: Catalog | None, strict_lang: bool) -> None:
        super().__init__(sink, strict_lang)
        self.catalog = catalog
        self.where: dict = {}
        self.var_refs: list[tuple[str, Pos, str, object]] = []  # (name, pos, set|add, value) from effects
        self.role_refs: list[tuple[str, Pos]] = []
        self.node_refs: list[tuple[str, Pos, str]] = []
        self.practice_refs: list[tuple[str, Pos]] = []
        self.conditions: list[tuple[Edge, Pos]] = []
        self.answer_refs: list[tuple[tuple[str, str, str], Pos]] = []

    def scenario(self, doc: YMap, path: str, digest: str) -> Scenario | None:
        fmt = doc.get("format")
        if "format" in doc and fmt != FORMAT:
            self.sink.error(
                "TT014",
                doc.value_pos("format"),
                f"format {fmt!r} is not supported; this version of tabletop reads format {FORMAT}",
            )
            return None
        if "format" not in doc:
            self.sink.error(
                "TT014", doc.pos, f"the file does not say its format; add 'format: {FORMAT}' at the top"
            )
        sid = self.string(doc, "id", "id", ID_RE, "use lowercase letters, digits and hyphens") or ""
        if is_builtin_id(sid):
            self.strict_lang = True
        self.fields(doc, "a scenario", SCENARIO_REQUIRED, SCENARIO_OPTIONAL)
        # which languages this scenario is written in: those of its title
        title_raw = doc.get("title")
        if isinstance(title_raw, dict) and not self.strict_lang:
            self.langs = tuple(lang for lang in LANGS if lang in title_raw) or LANGS
        elif isinstance(title_raw, str) and not self.strict_lang:
            self.langs = ()
        title = self.text(doc, "title", "the title", required=True)

        source = None
        if "source" in doc and self.mapping(doc["source"], doc.value_pos("source"), "source"):
            src = doc["source"]
            self.fields(src, "source", ("report", "case"), ())
            report = self.string(
                src, "report", "source.report", re.compile(r"fy[0-9]{4}\Z", re.ASCII), "write it as fyYYYY"
            )
            case = self.integer(src, "case", "source.case", 1, 99)
            if report and case:
                source = Source(report, case)

        variables = self.variables(doc)
        roles = self.str_list(doc, "roles", "roles", ID_RE)
        self._role_positions(doc)
        role_labels: dict[str, Text] = {}
        if "role_labels" in doc and self.mapping(
            doc["role_labels"], doc.value_pos("role_labels"), "role_labels"
        ):
            rl = doc["role_labels"]
            for rid in self.role_keys(rl, "role_labels", roles):
                t = self.text(rl, rid, f"the label of role '{rid}'")
                if t is not None:
                    role_labels[rid] = t
        clock = 0
        if "clock" in doc and self.mapping(doc["clock"], doc.value_pos("clock"), "clock"):
            c = doc["clock"]
            self.fields(c, "clock", ("start",), ())
            s = c.get("start")
            m = CLOCK_RE.match(str(s)) if isinstance(s, str) else None
            if s is not None and not m:
                self.bad(c, "start", f'clock.start must be a time of day such as "08:30", not {s!r}')
            elif m:
                clock = int(m.group(1)) * 60 + int(m.group(2))

        start = self.string(doc, "start", "start", ID_RE) or ""
        if start:
            self.node_refs.append((start, doc.value_pos("start"), "start"))
        nodes: dict[str, Node] = {}
        raw_nodes = doc.get("nodes")
        if raw_nodes is not None and self.mapping(raw_nodes, doc.value_pos("nodes"), "nodes"):
            for nid, raw in raw_nodes.items():
                kp = raw_nodes.key_pos(nid)
                self.where[("node", nid)] = kp
                if not ID_RE.match(nid):
                    self.sink.error(
                        "TT013",
                        kp,
                        f"node id {nid!r} is not valid: use lowercase letters, digits and hyphens",
                    )
                node = self.node(nid, raw, raw_nodes.value_pos(nid), set(roles))
                if node is not None:
                    nodes[nid] = node
            if not raw_nodes:
                self.sink.error("TT012", doc.value_pos("nodes"), "the scenario has no nodes")

        debrief = Debrief()
        if "debrief" in doc and self.mapping(doc["debrief"], doc.value_pos("debrief"), "debrief"):
            d = doc["debrief"]
            self.fields(d, "debrief", (), ("what_happened", "lessons"))
            lessons = self.str_list(d, "lessons", "debrief.lessons", ID_RE)
            lp = d.get("lessons")
            self.where[("lessons",)] = d.value_pos("lessons")
            for i, pid in enumerate(lessons):
                self.practice_refs.append(
                    (pid, lp.item_pos(i) if isinstance(lp, YList) else d.value_pos("lessons"))
                )
            debrief = Debrief(self.text(d, "what_happened", "debrief.what_happened"), lessons)

        design = self.design(doc)
        deadlines = self.deadlines(doc)
        objectives = self.objectives(doc)
        if self.sink.has_errors and (title is None or not sid):
            return None
        self.check_refs(nodes, roles, variables)
        self.check_answers(nodes)
        origin = self.origin(doc, nodes, deadlines, roles)
        return Scenario(
            id=sid,
            title=title or Text(any=sid),
            start=start,
            nodes=nodes,
            source=source,
            summary=self.text(doc, "summary", "the summary"),
            type=self.string(doc, "type", "type", ID_RE) or "",
            sector=self.string(doc, "sector", "sector", ID_RE) or "",
            tags=self.str_list(doc, "tags", "tags"),
            attack=self.str_list(doc, "attack", "attack", ATTACK_RE, "use MITRE ATT&CK ids such as T1486"),
            difficulty=self.choice(doc, "difficulty", "difficulty", DIFFICULTIES) or "",
            duration=self.duration(doc, "duration", "duration") or 0,
            roles=roles,
            role_labels=role_labels,
            clock_start=clock,
            variables=variables,
            debrief=debrief,
            design=design,
            deadlines=deadlines,
            objectives=objectives,
            origin=origin,
            path=path,
            digest=digest,
            where=self.where,
        )

    def design(self, doc) -> dict[str, float]:
        """The optional targets of the design metrics (engine.metrics): shares from 0 to 1,
        counts as whole numbers."""
        from .metrics import COUNT_KEYS, SHARE_KEYS

        out: dict[str, float] = {}
        if "design" not in doc or not self.mapping(doc["design"], doc.value_pos("design"), "design"):
            return out
        d = doc["design"]
        self.fields(d, "design", (), SHARE_KEYS + COUNT_KEYS)
        for key in SHARE_KEYS:
            value = d.get(key)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
                self.bad(d, key, f"design.{key} must be a share from 0 to 1 (such as 0.5), not {value!r}")
                continue
            out[key] = float(value)
        for key in COUNT_KEYS:
            value = self.integer(d, key, f"design.{key}", 0, 1_000_000)
            if value is not None:
                out[key] = value
        return out

    def _role_positions(self, doc) -> None:
        raw = doc.get("roles")
        if isinstance(raw, YList):
            seen: dict[str, Pos] = {}
            for i, r in enumerate(raw):
                if isinstance(r, str):
                    if r in seen:
                        self.sink.error("TT023", raw.item_pos(i), f"role '{r}' is listed twice")
                    seen[r] = raw.item_pos(i)
                    self.role_refs.append((r, raw.item_pos(i)))

    def variables(self, doc) -> dict[str, Variable]:
        out: dict[str, Variable] = {}

        def declare(name, pos, var):
            if not VAR_RE.match(str(name)):
                self.sink.error(
                    "TT013", pos, f"variable name {name!r} is not valid: use lowercase letters, digits and _"
                )
                return
            if name in out or name in ("true", "false", "and", "or", "not"):
                self.sink.error(
                    "TT023",
                    pos,
                    f"variable '{name}' is declared twice (flags, counters and meters share names)",
                )
                return
            out[name] = var
            self.where[("var", name)] = pos

        flags = doc.get("flags")
        if flags is not None and self.mapping(flags, doc.value_pos("flags"), "flags"):
            for name, v in flags.items():
                if not isinstance(v, bool):
                    self.bad(flags, name, f"flag '{name}' must start as true or false, not {_kind(v)}")
                    continue
                declare(name, flags.key_pos(name), Variable(name, "flag", v, 0, 1))
        for section, kind in (("counters", "counter"), ("meters", "meter")):
            sec = doc.get(section)
            if sec is None or not self.mapping(sec, doc.value_pos(section), section):
                continue
            for name, spec in sec.items():
                if not self.mapping(spec, sec.value_pos(name), f"{kind} '{name}'"):
                    continue
                req = ("start", "label") if kind == "meter" else ("start",)
                self.fields(
                    spec, f"{kind} '{name}'", req, ("min", "max") + (() if kind == "meter" else ("label",))
                )
                lo = self.integer(spec, "min", f"{kind} '{name}' min")
                hi = self.integer(spec, "max", f"{kind} '{name}' max")
                lo = 0 if lo is None else lo
                hi = (100 if kind == "meter" else 10) if hi is None else hi
                start = self.integer(spec, "start", f"{kind} '{name}' start")
                if lo >= hi:
                    self.sink.error(
                        "TT013", spec.pos, f"{kind} '{name}': min ({lo}) must be below max ({hi})"
                    )
                    continue
                if start is not None and not lo <= start <= hi:
                    self.bad(spec, "start", f"{kind} '{name}' starts at {start}, outside [{lo}, {hi}]")
                    continue
                label = self.text(spec, "label", f"the label of {kind} '{name}'")
                declare(name, sec.key_pos(name), Variable(name, kind, start or 0, lo, hi, label))
        return out

    def edges(self, owner, key, what: str) -> tuple[Edge, ...]:
        raw = owner.get(key)
        pos = self.vpos(owner, key)
        if raw is None:
            return ()
        if isinstance(raw, str):
            self.node_refs.append((raw, pos, what))
            return (Edge(raw),)
        if not isinstance(raw, list):
            self.bad(
                owner,
                key,
                f"{what} must be a node id or a list of edges ({{when: ..., to: ...}}), not {_kind(raw)}",
            )
            return ()
        out = []
        for i, e in enumerate(raw):
            ep = raw.item_pos(i)
            if not self.mapping(e, ep, f"edge {i + 1} of {what}"):
                continue
            self.fields(e, f"an edge of {what}", ("to",), ("when", "chance"))
            to = self.string(e, "to", "edge target", ID_RE)
            if to is None:
                continue
            self.node_refs.append((to, e.value_pos("to"), what))
            when = e.get("when")
            cond = None
            if when is not None:
                if not isinstance(when, str):
                    when = str(when).lower() if isinstance(when, bool) else str(when)
                try:
                    cond = expr.parse(when)
                except expr.ConditionError as ce:
                    wp = e.value_pos("when")
                    self.sink.error("TT040", Pos(wp.line, wp.col + ce.offset), f"in condition {when!r}: {ce}")
                    when = None
            chance = self.integer(e, "chance", "chance (a percentage)", 1, 99)
            edge = Edge(to, when, cond, chance)
            if cond is not None:
                self.conditions.append((edge, e.value_pos("when")))
            out.append(edge)
        if not out and not self.sink.has_errors:
            self.bad(owner, key, f"{what} has no edges")
        if out and (out[-1].when is not None or out[-1].chance is not None):
            self.sink.error(
                "TT033",
                pos,
                f"{what}: the last edge has a condition; add a final edge without `when` so the story always goes on",
            )
        return tuple(out)

    def condition(self, owner, key, what: str) -> tuple[str | None, tuple | None]:
        """A condition field: its text and parse (both None when absent or wrong)."""
        when = owner.get(key) if isinstance(owner, dict) else None
        if when is None:
            return None, None
        if not isinstance(when, str):
            when = str(when).lower() if isinstance(when, bool) else str(when)
        wp = owner.value_pos(key)
        try:
            cond = expr.parse(when)
        except expr.ConditionError as ce:
            self.sink.error("TT040", Pos(wp.line, wp.col + ce.offset), f"in {what} {when!r}: {ce}")
            return None, None
        self.conditions.append((Edge("", when, cond), wp))
        return when, cond

    def practices(self, owner, key="practices") -> tuple[tuple[str, int], ...]:
        practices = []
        pr = owner.get(key)
        if pr is not None and self.mapping(pr, owner.value_pos(key), "practices"):
            for pid, w in pr.items():
                if isinstance(w, bool) or not isinstance(w, int) or not -10 <= w <= 10:
                    self.bad(
                        pr,
                        pid,
                        f"the weight of practice '{pid}' must be an integer from -10 to 10, not {w!r}",
                    )
                    continue
                self.practice_refs.append((pid, pr.key_pos(pid)))
                practices.append((pid, w))
        return tuple(practices)

    def rubric(self, o, oid: str) -> tuple[Level, ...]:
        raw = o.get("rubric")
        if raw is None:
            return ()
        if not isinstance(raw, list) or len(raw) < 2:
            self.sink.error(
                "TT054",
                o.value_pos("rubric"),
                f"the rubric of option '{oid}' must be a list of at least 2 levels",
            )
            return ()
        out, seen = [], set()
        for i, lv in enumerate(raw):
            if not self.mapping(lv, raw.item_pos(i), f"level {i + 1} of the rubric of '{oid}'"):
                continue
            self.fields(lv, f"level {i + 1} of the rubric of '{oid}'", ("id", "text"), ("practices",))
            lid = self.string(lv, "id", "level id", ID_RE, "use lowercase letters, digits and hyphens")
            if lid is None:
                continue
            if lid in seen:
                self.sink.error(
                    "TT023", lv.value_pos("id"), f"level '{lid}' is used twice in the rubric of '{oid}'"
                )
                continue
            seen.add(lid)
            text = self.text(lv, "text", f"the text of level '{lid}'", required=True) or Text(any=lid)
            out.append(Level(lid, text, self.practices(lv)))
        return tuple(out)

    def effects(self, owner, key, what: str) -> Effects:
        raw = owner.get(key)
        if raw is None or not self.mapping(raw, self.vpos(owner, key), what):
            return NO_EFFECTS
        self.fields(raw, what, (), ("set", "add", "advance"))
        sets, adds = [], []
        for section, target in (("set", sets), ("add", adds)):
            sec = raw.get(section)
            if sec is None or not self.mapping(sec, raw.value_pos(section), f"{what}.{section}"):
                continue
            for name, v in sec.items():
                if section == "add" and (isinstance(v, bool) or not isinstance(v, int)):
                    self.bad(sec, name, f"add: {name} must be an integer change, not {_kind(v)}")
                    continue
                if section == "set" and not isinstance(v, int):
                    self.bad(sec, name, f"set: {name} must be true, false or an integer, not {_kind(v)}")
                    continue
                self.var_refs.append((name, sec.key_pos(name), section, v))
                target.append((name, v))
        advance = self.duration(raw, "advance", f"{what}.advance") or 0
        return Effects(tuple(sets), tuple(adds), advance)

    def options(self, raw, pos: Pos, where: str, multi: bool) -> tuple[Option, ...]:
        if raw is None:
            self.sink.error("TT012", pos, f"{where} needs options")
            return ()
        if not isinstance(raw, list):
            self.sink.error("TT013", pos, f"the options of {where} must be a list, not {_kind(raw)}")
            return ()
        out: list[Option] = []
        seen: dict[str, Pos] = {}
        for i, o in enumerate(raw):
            op = raw.item_pos(i)
            if not self.mapping(o, op, f"option {i + 1} of {where}"):
                continue
            self.fields(o, f"option {i + 1} of {where}", *OPTION_FIELDS)
            oid = self.string(o, "id", "option id", ID_RE, "use lowercase letters, digits and hyphens")
            if oid is None:
                continue
            if oid in seen:
                self.sink.error(
                    "TT023",
                    o.value_pos("id"),
                    f"option id '{oid}' is used twice in {where} (first at line {seen[oid].line})",
                )
                continue
            seen[oid] = o.value_pos("id")
            self.where[("option", where, oid)] = op
            practices = self.practices(o)
            rubric = self.rubric(o, oid)
            is_open = o.get("open", False)
            if not isinstance(is_open, bool):
                self.bad(o, "open", f"open must be true or false, not {_kind(is_open)}")
                is_open = False
            if rubric and "practices" in o:
                self.sink.error(
                    "TT054",
                    o.key_pos("practices"),
                    f"option '{oid}' has a rubric: its levels carry the practices, not the option",
                )
                practices = ()
            if is_open and not rubric and "rubric" not in o:
                self.sink.error("TT054", op, f"option '{oid}' is an open answer, so it needs a rubric")
            if "model" in o and not rubric:
                self.sink.error(
                    "TT054", o.key_pos("model"), f"option '{oid}': a model answer goes with a rubric"
                )
            when, cond = self.condition(o, "when", f"the condition of option '{oid}'")
            nxt = self.edges(o, "next", f"option '{oid}' of {where}")
            if multi and nxt:
                self.sink.error(
                    "TT051",
                    o.key_pos("next"),
                    f"option '{oid}': in a decision asking several roles, put `next` on the decision",
                )
                nxt = ()
            out.append(
                Option(
                    id=oid,
                    text=self.text(o, "text", f"the text of option '{oid}'", required=True) or Text(any=oid),
                    practices=tuple(practices),
                    effects=self.effects(o, "effects", f"the effects of option '{oid}'"),
                    feedback=self.text(o, "feedback", f"the feedback of option '{oid}'"),
                    next=nxt,
                    when=when,
                    cond=cond,
                    open=is_open,
                    argument_for=self.text(o, "for", f"the case for option '{oid}'"),
                    argument_against=self.text(o, "against", f"the case against option '{oid}'"),
                    rubric=rubric,
                    model=self.text(o, "model", f"the model answer of option '{oid}'"),
                )
            )
        if out and all(opt.when is not None for opt in out):
            self.sink.error(
                "TT053",
                pos,
                f"every option of {where} has a `when`; leave at least one always on offer",
            )
        if len(raw) < 2:
            self.sink.error(
                "TT050",
                pos,
                f"{where} offers {len(raw)} option{'s' if len(raw) != 1 else ''}; a decision needs at least 2",
            )
        return tuple(out)

    def question(self, q, pos: Pos, where: str, multi: bool, roles: set[str]) -> Question | None:
        role = self.string(q, "role", "role", ID_RE)
        if role is not None:
            self.role_refs.append((role, q.value_pos("role")))
            if roles and role not in roles:
                self.sink.error(
                    "TT021",
                    q.value_pos("role"),
                    f"role '{role}' is not in the scenario's roles ({', '.join(sorted(roles))})",
                )
        elif "role" not in q:
            self.sink.error("TT012", pos, f"{where} needs a 'role' (who answers)")
        prompt = self.text(q, "prompt", f"the prompt of {where}", required=True)
        if prompt is None and "prompt" not in q:
            self.sink.error("TT012", pos, f"{where} needs a 'prompt'")
        opts = self.options(q.get("options"), q.value_pos("options") if "options" in q else pos, where, multi)
        when, cond = self.condition(q, "when", f"the condition of {where}") if multi else (None, None)
        if role is None or prompt is None:
            return None
        return Question(role, prompt, opts, when, cond)

    def node(self, nid: str, raw, pos: Pos, roles: set[str]) -> Node | None:
        if not self.mapping(raw, pos, f"node '{nid}'"):
            return None
        kind = raw.get("kind")
        if not isinstance(kind, str) or kind not in NODE_FIELDS:  # a mapping here cannot be looked up
            if "kind" not in raw:
                self.sink.error("TT012", raw.pos, f"node '{nid}' needs a 'kind': inject, decision or ending")
            else:
                self.bad(
                    raw,
                    "kind",
                    f"node '{nid}': kind must be inject, decision or ending, not {kind!r}{_suggest(kind, NODE_FIELDS)}",
                )
            return None
        req, opt = NODE_FIELDS[kind]
        self.fields(raw, f"{kind} '{nid}'", req, opt)
        where = f"decision '{nid}'"
        questions: tuple[Question, ...] = ()
        nxt = self.edges(raw, "next", f"the next of '{nid}'")
        if kind == "decision":
            if "questions" in raw:
                for key in ("role", "prompt", "options"):
                    if key in raw:
                        self.sink.error(
                            "TT011",
                            raw.key_pos(key),
                            f"decision '{nid}' has 'questions'; '{key}' belongs inside each question",
                        )
                qs = raw["questions"]
                if not isinstance(qs, list) or not qs:
                    self.bad(raw, "questions", f"questions of '{nid}' must be a non-empty list")
                else:
                    multi = len(qs) > 1
                    if multi and not nxt:
                        self.sink.error(
                            "TT012",
                            raw.pos,
                            f"decision '{nid}' asks several roles, so it needs its own 'next'",
                        )
                    out, seen = [], set()
                    for i, q in enumerate(qs):
                        qp = qs.item_pos(i)
                        if not self.mapping(q, qp, f"question {i + 1} of '{nid}'"):
                            continue
                        self.fields(
                            q, f"question {i + 1} of '{nid}'", ("role", "prompt", "options"), ("when",)
                        )
                        qq = self.question(q, qp, f"{where} ({q.get('role', i + 1)})", multi, roles)
                        if qq is not None:
                            if qq.role in seen:
                                self.sink.error(
                                    "TT023",
                                    q.value_pos("role"),
                                    f"role '{qq.role}' is asked twice in '{nid}'",
                                )
                                continue
                            seen.add(qq.role)
                            out.append(qq)
                    questions = tuple(out)
                    combos = math.prod(len(q.options) for q in questions)
                    if combos > MAX_ANSWER_COMBINATIONS:
                        self.sink.error(
                            "TT052",
                            raw.key_pos("questions"),
                            f"decision '{nid}' allows {combos:,} combinations of answers "
                            f"({' × '.join(str(len(q.options)) for q in questions)}); the limit is "
                            f"{MAX_ANSWER_COMBINATIONS:,}: split it into decisions that follow each other",
                        )
                    if len(questions) == 1 and questions[0].when is not None:
                        self.sink.error(
                            "TT053",
                            qs.item_pos(0),
                            f"the one question of '{nid}' has a `when`; put the condition on the edge into it",
                        )
                    if questions and all(qq.when is not None for qq in questions):
                        self.sink.error(
                            "TT053",
                            raw.value_pos("questions"),
                            f"every question of '{nid}' has a `when`; leave at least one always asked",
                        )
            else:
                q = self.question(raw, raw.pos, where, False, roles)
                questions = (q,) if q else ()
                if q and not nxt:
                    for o in q.options:
                        if not o.next:
                            self.sink.error(
                                "TT012",
                                self.where.get(("option", where, o.id), raw.pos),
                                f"option '{o.id}' of '{nid}' has no 'next', and the decision has no default 'next'",
                            )
        audience = self.str_list(raw, "audience", "audience", ID_RE)
        aud_raw = raw.get("audience")
        for i, r in enumerate(audience):
            rp = aud_raw.item_pos(i) if isinstance(aud_raw, YList) else raw.value_pos("audience")
            self.role_refs.append((r, rp))
            if roles and r not in roles:
                self.sink.error("TT021", rp, f"audience role '{r}' is not in the scenario's roles")
        discussion = ()
        if "discussion" in raw:
            d = raw["discussion"]
            if not isinstance(d, list):
                self.bad(raw, "discussion", "discussion must be a list of questions")
            else:
                discussion = tuple(
                    t
                    for i, item in enumerate(d)
                    if (t := self.text_value(item, d.item_pos(i), f"a discussion question of '{nid}'"))
                )
        order = self.choice(raw, "order", "order", ORDERS) if kind == "decision" else None
        if order == "in-turn" and len(questions) < 2:
            self.sink.error(
                "TT013", raw.value_pos("order"), f"decision '{nid}' asks one role; `order` is for several"
            )
        contested = raw.get("contested", False) if kind == "decision" else False
        if not isinstance(contested, bool):
            self.bad(raw, "contested", f"contested must be true or false, not {_kind(contested)}")
            contested = False
        if contested:
            argued = [o for q in questions for o in q.options if o.argument_for and o.argument_against]
            if len(argued) < 2 or not all(o.ruled for o in argued):
                self.sink.error(
                    "TT054",
                    raw.key_pos("contested"),
                    f"contested call '{nid}' needs at least 2 options with `for`, `against` and a `rubric`",
                )
        fragments = self.fragments(raw, nid) if kind == "ending" else ()
        return Node(
            id=nid,
            kind=kind,
            text=self.text(raw, "text", f"the text of '{nid}'", required=True),
            title=self.text(raw, "title", f"the title of '{nid}'"),
            facilitator=self.text(raw, "facilitator", f"the facilitator note of '{nid}'"),
            discussion=discussion,
            audience=audience,
            effects=_merge_advance(
                self.effects(raw, "effects", f"the effects of '{nid}'"),
                self.duration(raw, "advance", "advance"),
            ),
            next=nxt,
            questions=questions,
            time_limit=self.duration(raw, "time_limit", "time_limit"),
            outcome=self.choice(raw, "outcome", "outcome", OUTCOMES),
            in_turn=order == "in-turn",
            contested=contested,
            source=self.text(raw, "source", f"the source of '{nid}'"),
            fragments=fragments,
        )

    def fragments(self, raw, nid: str) -> tuple[Fragment, ...]:
        fr = raw.get("fragments")
        if fr is None:
            return ()
        if not isinstance(fr, list):
            self.bad(raw, "fragments", f"the fragments of '{nid}' must be a list of {{when, text}}")
            return ()
        out = []
        for i, f in enumerate(fr):
            if not self.mapping(f, fr.item_pos(i), f"fragment {i + 1} of '{nid}'"):
                continue
            self.fields(f, f"fragment {i + 1} of '{nid}'", ("text",), ("when",))
            when, cond = self.condition(f, "when", f"the condition of fragment {i + 1} of '{nid}'")
            text = self.text(f, "text", f"fragment {i + 1} of '{nid}'", required=True)
            if text is not None:
                out.append(Fragment(text, when, cond))
        return tuple(out)

    def deadlines(self, doc) -> tuple[Deadline, ...]:
        raw = doc.get("deadlines")
        if raw is None or not self.mapping(raw, doc.value_pos("deadlines"), "deadlines"):
            return ()
        out = []
        for did, d in raw.items():
            kp = raw.key_pos(did)
            if not ID_RE.match(str(did)):
                self.sink.error(
                    "TT013",
                    kp,
                    f"deadline id {did!r} is not valid: use lowercase letters, digits and hyphens",
                )
                continue
            if not self.mapping(d, raw.value_pos(did), f"deadline '{did}'"):
                continue
            self.fields(
                d,
                f"deadline '{did}'",
                ("at", "title", "text"),
                ("unless", "effects", "source", "facilitator"),
            )
            at = self.duration(d, "at", f"the time of deadline '{did}'")
            effects = self.effects(d, "effects", f"the effects of deadline '{did}'")
            if effects.advance:
                self.sink.error(
                    "TT055",
                    d.value_pos("effects"),
                    f"deadline '{did}' moves the clock; a consequence changes the world, the answers move time",
                )
                effects = Effects(effects.set, effects.add, 0)
            unless, cond = self.condition(d, "unless", f"the condition of deadline '{did}'")
            title = self.text(d, "title", f"the title of deadline '{did}'", required=True)
            text = self.text(d, "text", f"the text of deadline '{did}'", required=True)
            if at is None or title is None or text is None:
                continue
            self.where[("deadline", did)] = kp
            out.append(
                Deadline(
                    did,
                    at,
                    title,
                    text,
                    unless,
                    cond,
                    effects,
                    self.text(d, "source", f"the source of deadline '{did}'"),
                    self.text(d, "facilitator", f"the facilitator note of deadline '{did}'"),
                )
            )
        # the order they fall due; equal times keep the file's order
        return tuple(sorted(out, key=lambda d: d.at))

    def role_keys(self, m: YMap, what: str, roles) -> list[str]:
        """The keys of ``m`` that are roles of the scenario; TT021 for each other one."""
        for rid in m:
            if rid not in roles:
                self.sink.error(
                    "TT021",
                    m.key_pos(rid),
                    f"{what} names '{rid}', which is not in the scenario's roles{_suggest(rid, roles)}",
                )
        return [rid for rid in m if rid in roles]

    def source_id(self, m: YMap, key, what: str) -> str | None:
        """A source's own id (``origin``): see ``is_source_id``."""
        value = m.get(key)
        if not isinstance(value, str) or not value.strip():
            self.bad(m, key, f"{what} must be a non-empty string, not {_kind(value)}")
            return None
        if not is_source_id(value):
            self.bad(m, key, f"{what} {value!r} has control characters, line breaks or blanks at its ends")
            return None
        return value

    def origin(
        self, doc, nodes: dict[str, Node], deadlines: tuple[Deadline, ...], roles: tuple[str, ...]
    ) -> Origin | None:
        """Where an imported scenario came from (docs/format.md, 'origin'): the source's ids
        of nodes, deadlines, options and roles, for the exporter to give back."""
        raw = doc.get("origin")
        if raw is None or not self.mapping(raw, doc.value_pos("origin"), "origin"):
            return None
        self.fields(raw, "origin", ("tool",), ("ids", "teams"))
        tool = self.choice(raw, "tool", "origin.tool", ORIGIN_TOOLS)
        ids = self._origin_ids(raw, nodes, deadlines)
        teams: dict[str, str] = {}
        rt = raw.get("teams")
        if rt is not None and self.mapping(rt, raw.value_pos("teams"), "origin.teams"):
            taken: dict[str, str] = {}  # a team id → the role that has it
            for rid in self.role_keys(rt, "origin.teams", roles):
                team = self.source_id(rt, rid, f"the source's team id of role '{rid}'")
                if team is not None:
                    teams[rid] = team
            for rid in dict.fromkeys(roles):
                team = teams.get(rid, rid)
                if team in taken and (rid in teams or taken[team] in teams):
                    self.sink.error(
                        "TT023",
                        rt.value_pos(rid if rid in teams else taken[team]),
                        f"origin.teams gives roles '{taken[team]}' and '{rid}' the same team id '{team}'",
                    )
                taken.setdefault(team, rid)
        if tool is None:
            return None
        return Origin(tool, ids, teams)

    def _origin_ids(
        self, raw: YMap, nodes: dict[str, Node], deadlines: tuple[Deadline, ...]
    ) -> dict[str, str]:
        ri = raw.get("ids")
        out: dict[str, str] = {}
        if ri is None or not self.mapping(ri, raw.value_pos("ids"), "origin.ids"):
            return out
        dl = {d.id for d in deadlines}
        single: set[str] = set()  # injects whose single option is named already
        for key in ri:
            kp = ri.key_pos(key)
            nid, slash, oid = key.partition("/") if isinstance(key, str) else ("", "", "")
            if not ID_RE.match(nid) or (slash and not ID_RE.match(oid)):
                self.sink.error(
                    "TT013",
                    kp,
                    f"origin.ids: {key!r} must be a node id, a deadline id or <node>/<option>, in Tabletop's ids",
                )
                continue
            n = nodes.get(nid)
            if n is None and nid not in dl:
                if ("node", nid) not in self.where:  # a node with errors of its own is not unknown
                    self.sink.error(
                        "TT020", kp, f"origin.ids names unknown node '{nid}'{_suggest(nid, [*nodes, *dl])}"
                    )
                continue
            if slash and n is not None and n.kind == "decision":
                options = [o.id for q in n.questions for o in q.options]
                if oid not in options:
                    self.sink.error(
                        "TT020",
                        kp,
                        f"origin.ids: decision '{nid}' has no option '{oid}'{_suggest(oid, options)}",
                    )
                    continue
            elif slash and (n is None or n.kind != "inject"):
                self.sink.error(
                    "TT013",
                    kp,
                    f"origin.ids: '{nid}' is {'a deadline' if n is None else 'an ending'} and has no options",
                )
                continue
            elif slash:
                # an inject: the single option the source had on it, which Tabletop plays as its way on
                if nid in single:
                    self.sink.error("TT023", kp, f"origin.ids names a second option of inject '{nid}'")
                    continue
                single.add(nid)
            value = self.source_id(ri, key, f"the source's id of '{key}'")
            if value is not None:
                out[key] = value
        # two things given one id would be one inject (or option) in the other tool
        options = {n.id: [o.id for q in n.questions for o in q.options] for n in nodes.values()}
        for keys in origin_clashes(options, [d.id for d in deadlines], out):
            sid = out.get(keys[0], keys[0].rpartition("/")[2])
            self.sink.error(
                "TT023",
                ri.key_pos(next(k for k in keys if k in out)),
                f"origin.ids gives {' and '.join(repr(k) for k in keys)} the same source id {sid!r}",
            )
        return out

    def objectives(self, doc) -> tuple[Objective, ...]:
        raw = doc.get("objectives")
        if raw is None:
            return ()
        if not isinstance(raw, list):
            self.bad(doc, "objectives", "objectives must be a list of {id, title, tasks}")
            return ()
        if not 2 <= len(raw) <= 4:
            self.sink.warning(
                "TT056",
                doc.value_pos("objectives"),
                f"{len(raw)} objective{'s' if len(raw) != 1 else ''}; an exercise has 2 to 4",
            )
        out, seen = [], set()
        for i, ob in enumerate(raw):
            if not self.mapping(ob, raw.item_pos(i), f"objective {i + 1}"):
                continue
            self.fields(ob, f"objective {i + 1}", ("id", "title", "tasks"), ())
            oid = self.string(ob, "id", "objective id", ID_RE)
            title = self.text(ob, "title", f"the title of objective {i + 1}", required=True)
            if oid in seen:
                self.sink.error("TT023", ob.value_pos("id"), f"objective '{oid}' is declared twice")
            seen.add(oid)
            tasks_raw = ob.get("tasks")
            tasks = []
            if not isinstance(tasks_raw, list) or not tasks_raw:
                if "tasks" in ob:
                    self.bad(ob, "tasks", f"the tasks of objective '{oid}' must be a non-empty list")
                continue
            for j, t in enumerate(tasks_raw):
                tp = tasks_raw.item_pos(j)
                if not self.mapping(t, tp, f"task {j + 1} of objective '{oid}'"):
                    continue
                self.fields(
                    t,
                    f"task {j + 1} of objective '{oid}'",
                    ("id", "text"),
                    ("practices", "answers", "when", "by", "rated", "at"),
                )
                tid = self.string(t, "id", "task id", ID_RE) or f"task-{j + 1}"
                practices = self.str_list(t, "practices", "the practices of a task", ID_RE)
                pl = t.get("practices")
                for k, pid in enumerate(practices):
                    self.practice_refs.append((pid, pl.item_pos(k) if isinstance(pl, YList) else tp))
                answers = []
                al = t.get("answers")
                for k, a in enumerate(self.str_list(t, "answers", "the answers of a task")):
                    ap = al.item_pos(k) if isinstance(al, YList) else tp
                    parts = a.split("/")
                    if len(parts) == 2:
                        parts = [parts[0], "", parts[1]]
                    if len(parts) != 3 or not all(ID_RE.match(x) for x in (parts[0], parts[2])):
                        self.sink.error(
                            "TT056",
                            ap,
                            f"answer {a!r}: write node/option, or node/role/option in a multi-role decision",
                        )
                        continue
                    answers.append(tuple(parts))
                    self.answer_refs.append((tuple(parts), ap))
                when, cond = self.condition(t, "when", f"the condition of task '{tid}'")
                by = self.duration(t, "by", f"the time limit of task '{tid}'")
                if by is not None and not answers:
                    self.sink.error(
                        "TT056", t.value_pos("by"), f"task '{tid}': `by` times the `answers`; give some"
                    )
                rated = t.get("rated", False)
                if not isinstance(rated, bool):
                    self.bad(t, "rated", f"`rated` of task '{tid}' is true or false")
                    rated = False
                at = t.get("at")
                if at is not None:
                    if isinstance(at, str) and ID_RE.match(at):
                        self.node_refs.append((at, t.value_pos("at"), f"task '{tid}'"))
                    else:
                        self.bad(t, "at", f"`at` of task '{tid}' names the node where the task falls due")
                        at = None
                if not (answers or when or practices or rated):
                    self.sink.error(
                        "TT056",
                        tp,
                        f"task '{tid}' says nothing that shows it: give answers, a `when`, practices, "
                        "or `rated: true`",
                    )
                text = self.text(t, "text", f"the text of task '{tid}'", required=True) or Text(any=tid)
                tasks.append(Task(tid, text, practices, tuple(answers), when, cond, by, rated, at))
            if oid and title:
                out.append(Objective(oid, title, tuple(tasks)))
        return tuple(out)

    def check_refs(
        self, nodes: dict[str, Node], roles: tuple[str, ...], variables: dict[str, Variable]
    ) -> None:
        for nid, pos, what in self.node_refs:
            if nid not in nodes and ("node", nid) not in self.where:
                self.sink.error("TT020", pos, f"{what} points to unknown node '{nid}'{_suggest(nid, nodes)}")
        if self.catalog is not None:
            for rid, pos in self.role_refs:
                if rid not in self.catalog.roles:
                    self.sink.error(
                        "TT021",
                        pos,
                        f"unknown role '{rid}'{_suggest(rid, self.catalog.roles)}; roles are defined in roles/",
                    )
            for pid, pos in self.practice_refs:
                if pid not in self.catalog.practices:
                    self.sink.error(
                        "TT022",
                        pos,
                        f"unknown practice '{pid}'{_suggest(pid, self.catalog.practices)}; practices are defined in practices.yaml",
                    )
        for name, pos, section, value in self.var_refs:
            var = variables.get(name)
            if var is None:
                self.sink.error(
                    "TT024",
                    pos,
                    f"{section}: unknown variable '{name}'{_suggest(name, variables)}; declare it under flags, counters or meters",
                )
            elif var.kind == "flag" and (section == "add" or not isinstance(value, bool)):
                self.sink.error("TT013", pos, f"'{name}' is a flag: set it to true or false")
            elif var.kind != "flag" and section == "set" and isinstance(value, bool):
                self.sink.error("TT013", pos, f"'{name}' is a {var.kind}: set it to an integer")
        for edge, pos in self.conditions:
            for name, offset in expr.names(edge.cond):
                if name not in variables:
                    self.sink.error(
                        "TT041",
                        Pos(pos.line, pos.col + offset),
                        f"condition {edge.when!r} uses '{name}', which is not declared{_suggest(name, variables)}",
                    )

    def check_answers(self, nodes: dict[str, Node]) -> None:
        for (nid, role, oid), pos in self.answer_refs:
            n = nodes.get(nid)
            if n is None or n.kind != "decision":
                self.sink.error(
                    "TT056", pos, f"answer '{nid}/...': there is no decision '{nid}'{_suggest(nid, nodes)}"
                )
                continue
            q = n.question(role) if role else (n.questions[0] if len(n.questions) == 1 else None)
            if q is None:
                roles = ", ".join(x.role for x in n.questions)
                self.sink.error(
                    "TT056", pos, f"answer in '{nid}': name the role ({roles}) as {nid}/role/option"
                )
            elif q.option(oid) is None:
                self.sink.error(
                    "TT056", pos, f"'{nid}' has no option '{oid}'{_suggest(oid, [o.id for o in q.options])}"
                )


def _merge_advance(effects: Effects, advance: int | None) -> Effects:
    if not advance:
        return effects
    return Effects(effects.set, effects.add, effects.advance + advance)


@contextlib.contextmanager
def gc_paused():
    """No garbage collection while a file is read: a load allocates hundreds of thousands
    of small objects and frees few, so the collector's passes find nothing and, on a
    10,000-node file, take half the time. It runs again (and catches up) afterwards."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def load_scenario(
    path: str, catalog: Catalog | None, sink: Sink, data: bytes | None = None
) -> Scenario | None:
    """Load and check one scenario file. Diagnostics go to ``sink``; None if unusable."""
    with gc_paused():
        return _load_scenario(path, catalog, sink, data)


def _load_scenario(path: str, catalog: Catalog | None, sink: Sink, data: bytes | None) -> Scenario | None:
    if data is None:
        try:
            with open(path, "rb") as f:
                data = f.read(8 * 1024 * 1024)
        except OSError as e:
            sink.error("TT002", None, f"cannot read the file: {e.strerror or e}")
            return None
    doc = read_yaml(path, sink, data)
    if doc is None:
        if not sink.items:
            sink.error(
                "TT010", None, "the file is empty; a scenario is a mapping that starts with 'format: 1'"
            )
        return None
    if not isinstance(doc, YMap):
        sink.error(
            "TT010", getattr(doc, "pos", Pos(1, 1)), f"a scenario file must be a mapping, not {_kind(doc)}"
        )
        return None
    digest = sha256(data).hexdigest()[:16]
    return ScenarioReader(sink, catalog, strict_lang=False).scenario(doc, path, digest)


# ---------------------------------------------------------------------------------------
# roles and practices


def load_role(path: str, sink: Sink, data: bytes | None = None) -> Role | None:
    if data is None and sink.items:
        return None
    doc = read_yaml(path, sink, data)
    if doc is None or not isinstance(doc, YMap):
        if not sink.has_errors:
            sink.error(
                "TT010", None, "a role file must be a mapping with format, id, name and responsibilities"
            )
        return None
    r = Reader(sink, strict_lang=True)
    r.fields(doc, "a role", ("format", "id", "name"), ("responsibilities",))
    if doc.get("format") != FORMAT:
        sink.error("TT014", doc.value_pos("format"), f"roles use format {FORMAT}")
    rid = r.string(doc, "id", "id", ID_RE)
    name = r.text(doc, "name", "the role's name", required=True)
    if rid is None or name is None:
        return None
    return Role(rid, name, r.text(doc, "responsibilities", "responsibilities"), path)


def load_practices(path: str, sink: Sink, data: bytes | None = None) -> dict[str, Practice]:
    doc = read_yaml(path, sink, data)
    if doc is None or not isinstance(doc, YMap):
        if not sink.has_errors:
            sink.error("TT010", None, "practices.yaml must be a mapping with format and practices")
        return {}
    r = Reader(sink, strict_lang=True)
    r.fields(doc, "the practice catalogue", ("format", "practices"), ())
    if doc.get("format") != FORMAT:
        sink.error("TT014", doc.value_pos("format"), f"the catalogue uses format {FORMAT}")
    items = doc.get("practices")
    out: dict[str, Practice] = {}
    if not isinstance(items, list):
        if items is not None:
            r.bad(doc, "practices", "practices must be a list")
        return out
    for i, p in enumerate(items):
        pp = items.item_pos(i)
        if not r.mapping(p, pp, f"practice {i + 1}"):
            continue
        r.fields(p, f"practice {i + 1}", ("id", "title", "rationale", "category"), ("sources", "references"))
        pid = r.string(p, "id", "id", ID_RE)
        if pid is None:
            continue
        if pid in out:
            sink.error("TT023", p.value_pos("id"), f"practice '{pid}' is defined twice")
            continue
        title = r.text(p, "title", f"the title of '{pid}'", required=True)
        rationale = r.text(p, "rationale", f"the rationale of '{pid}'", required=True)
        category = r.choice(p, "category", "category", CATEGORIES)
        if title is None or rationale is None or category is None:
            continue
        out[pid] = Practice(
            pid,
            title,
            rationale,
            category,
            r.str_list(p, "sources", "sources", CASE_RE, "case ids look like fy2024-02"),
            r.str_list(p, "references", "references"),
        )
    return out
