"""JSON Schemas (draft 2020-12) of the YAML formats, for editors and other tools.

The schemas are built from the loader's own rules (field lists, id patterns, enums), so
they follow ``engine.loader``. A schema sees one file at a time and checks its shape: what
needs the catalogue or the graph (unknown roles, practices, variables and nodes, dead ends,
the final unconditional edge, duplicate ids inside lists) is left to `tabletop validate`.
"""

from __future__ import annotations

from .loader import (
    ATTACK_RE,
    CASE_RE,
    CLOCK_RE,
    FORMAT,
    ID_RE,
    NODE_FIELDS,
    OPTION_FIELDS,
    ORIGIN_TOOLS,
    SCENARIO_OPTIONAL,
    SCENARIO_REQUIRED,
    VAR_RE,
)
from .model import CATEGORIES, DIFFICULTIES, LANGS, OUTCOMES

DRAFT = "https://json-schema.org/draft/2020-12/schema"
BASE_ID = "urn:tabletop-ir:schema:"
KINDS = ("scenario", "practices", "role")


# What engine.loader.parse_duration accepts in a string: at least one of days, hours,
# minutes, in that order (the loader strips surrounding blanks first).
def _ecma(regex) -> str:
    """A loader pattern (anchored by re.match and ``\\Z``) as a JSON Schema pattern (ECMA
    regular expressions search, so both ends are anchored with ^ and $)."""
    return "^" + regex.pattern.removesuffix("\\Z") + "$"


DURATION_PATTERN = r"^\s*\+?(?=\d)(?:\d+d)?\s*(?:\d+h)?\s*(?:\d+m)?\s*$"
REPORT_PATTERN = r"^fy\d{4}$"
RESERVED_VARS = ("true", "false", "and", "or", "not")  # words of the condition language

ID_HINT = "lowercase letters, digits and hyphens, starting with a letter or digit"


def _ref(name: str) -> dict:
    return {"$ref": f"#/$defs/{name}"}


def _d(description: str, schema: dict) -> dict:
    """``schema`` with a description (editors show it as help)."""
    return {"description": description, **schema}


def _id(description: str) -> dict:
    return {"description": description, "type": "string", "pattern": _ecma(ID_RE)}


def _str_list(description: str, item: dict) -> dict:
    """The loader's string lists: a list of strings, or one string standing for a list of one."""
    return {
        "description": description,
        "anyOf": [item, {"type": "array", "items": item}],
    }


def _text_defs(bilingual_only: bool) -> dict:
    """`text`: {ja, en} or (authored scenarios) a plain string; `text-bilingual`: both languages."""
    lang_value = {"type": ["string", "number"]}
    langs = {
        "ja": _d("The Japanese text.", lang_value),
        "en": _d("The English text.", lang_value),
    }
    bilingual = {
        "description": "A text in Japanese and English: {ja: ..., en: ...}.",
        "type": "object",
        "properties": langs,
        "required": list(LANGS),
        "additionalProperties": False,
    }
    if bilingual_only:
        return {"text": bilingual}
    return {
        "text": {
            "description": "A text: {ja: ..., en: ...}. An authored scenario may give only one language "
            "(one key, or a plain string); a missing language is a warning (TT060), an error for "
            "built-in scenarios (ids fyYYYY-NN-slug).",
            "anyOf": [
                {"type": "string", "description": "A text in one language."},
                {
                    "type": "object",
                    "properties": langs,
                    "minProperties": 1,
                    "additionalProperties": False,
                },
            ],
        }
    }


def _source_id() -> dict:
    """Another tool's id (``origin``): a non-empty string on one line, no blanks at its ends
    (the loader also refuses control and format characters)."""
    return {"type": "string", "pattern": r"^\S(.*\S)?$"}


def _duration(description: str) -> dict:
    return {
        "description": description + " A duration such as 30m, 2h, 1h30m or 1d, or a number of minutes.",
        "anyOf": [
            {"type": "string", "pattern": DURATION_PATTERN},
            {"type": "integer", "minimum": 0},
        ],
        "examples": ["30m", "1h30m"],
    }


def _share(description: str) -> dict:
    return _d(description, {"type": "number", "minimum": 0, "maximum": 1})


def _object(description: str, properties: dict, required=(), **extra) -> dict:
    out = {"description": description, "type": "object", "properties": properties}
    if required:
        out["required"] = list(required)
    out["additionalProperties"] = False
    out.update(extra)
    return out


def _schema(kind: str, title: str, description: str, body: dict, defs: dict) -> dict:
    out = {
        "$schema": DRAFT,
        "$id": f"{BASE_ID}{kind}:{FORMAT}",
        "title": title,
        "description": description,
        **body,
        "$defs": defs,
    }
    _describe_refs(out, defs)
    return out


def _describe_refs(node, defs: dict) -> None:
    """Give a bare ``$ref`` the description of what it points to, so that every property
    carries its own help (some editors do not follow a reference for it)."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and "description" not in node:
            target = defs.get(ref.rsplit("/", 1)[-1], {})
            if "description" in target:
                node["description"] = target["description"]
        for value in node.values():
            _describe_refs(value, defs)
    elif isinstance(node, list):
        for value in node:
            _describe_refs(value, defs)


def _format() -> dict:
    return {
        "description": f"The format version; this version of tabletop reads format {FORMAT}.",
        "const": FORMAT,
    }


# ---------------------------------------------------------------------------------------
# scenarios


def _scenario_defs() -> dict:
    var_name = {
        "type": "string",
        "pattern": _ecma(VAR_RE),
        "not": {"enum": list(RESERVED_VARS)},
    }
    defs = _text_defs(bilingual_only=False)
    defs["duration"] = _duration("A span of scenario time.")
    defs["node-id"] = _id(f"A node id: {ID_HINT}.")
    defs["role-id"] = _id("A role id, defined in roles/ (such as system, management, pr).")
    defs["discussion"] = {
        "description": "Questions for the group to talk over after this point.",
        "type": "array",
        "items": _ref("text"),
    }
    defs["facilitator"] = {
        "description": "Notes for the facilitator, never shown to the players.",
        **_ref("text"),
    }
    defs["effects"] = _object(
        "What changes: `set` gives flags, counters or meters a value, `add` changes counters or "
        "meters (kept within [min, max]), `advance` moves the clock.",
        {
            "set": {
                "description": "Variable → new value: true/false for a flag, an integer for a counter or meter.",
                "type": "object",
                "propertyNames": var_name,
                "additionalProperties": {"type": ["boolean", "integer"]},
            },
            "add": {
                "description": "Counter or meter → the amount to add (negative to take away).",
                "type": "object",
                "propertyNames": var_name,
                "additionalProperties": {"type": "integer"},
            },
            "advance": _duration("How far the scenario clock moves on."),
        },
    )
    defs["edge"] = _object(
        "One way onward. Edges are tried in order and the first that applies is taken; the last "
        "edge must have neither `when` nor `chance`, so the story always goes on.",
        {
            "to": {"description": "The node this edge leads to.", **_ref("node-id")},
            "when": {
                "description": "A condition on flags, counters and meters, such as "
                '"attack_suspected and service < 50" (== != < <= > >=, and, or, not, parentheses).',
                "type": ["string", "boolean", "integer"],
            },
            "chance": {
                "description": "Taken this many percent of the time (seeded and recorded).",
                "type": "integer",
                "minimum": 1,
                "maximum": 99,
            },
        },
        required=("to",),
    )
    defs["next"] = {
        "description": "Where the story goes next: a node id, or a list of edges tried in order.",
        "anyOf": [
            _ref("node-id"),
            {"type": "array", "minItems": 1, "items": _ref("edge")},
        ],
    }
    defs["condition"] = {
        "description": "A condition on flags, counters and meters, such as "
        '"logs_kept and not rebuilt" (== != < <= > >=, and, or, not, parentheses).',
        "type": ["string", "boolean", "integer"],
    }
    defs["practice-weights"] = {
        "description": "Good practice followed (positive weight) or broken (negative weight): "
        "practice id → an integer from -10 to 10. Practices are defined in practices.yaml.",
        "type": "object",
        "propertyNames": {"pattern": ID_RE.pattern},
        "additionalProperties": {"type": "integer", "minimum": -10, "maximum": 10},
    }
    defs["level"] = _object(
        "One level of a rubric: what an answer at this level shows. Its points are the sum of "
        "its practice weights.",
        {
            "id": _id(f"The level's id, unique in its rubric: {ID_HINT}."),
            "text": {"description": "What an answer at this level says or does.", **_ref("text")},
            "practices": _ref("practice-weights"),
        },
        required=("id", "text"),
    )
    option_req, option_opt = OPTION_FIELDS
    option_props = {
        "id": _id(f"The option's id, unique within its question: {ID_HINT}."),
        "text": {"description": "What the option says.", **_ref("text")},
        "practices": {
            "description": "Good practice this option follows (positive weight) or breaks (negative "
            "weight): practice id → an integer from -10 to 10. Practices are defined in practices.yaml.",
            "type": "object",
            "propertyNames": {"pattern": _ecma(ID_RE)},
            "additionalProperties": {"type": "integer", "minimum": -10, "maximum": 10},
        },
        "effects": {"description": "Applied when the decision has been answered.", **_ref("effects")},
        "feedback": {
            "description": "Why this option is good or bad: in the debrief, or at once in learn mode.",
            **_ref("text"),
        },
        "next": {
            "description": "Where this option leads (else the decision's own next). Not allowed in a "
            "decision that asks several roles.",
            **_ref("next"),
        },
        "when": {
            "description": "The option is on offer only when this holds (at least one option of a "
            "question has no `when`).",
            **_ref("condition"),
        },
        "open": {
            "description": "An open answer: the participant types what they would do; a ruling on the "
            "`rubric` scores it.",
            "type": "boolean",
        },
        "for": {"description": "A contested call: the case for this option.", **_ref("text")},
        "against": {"description": "A contested call: the case against this option.", **_ref("text")},
        "rubric": {
            "description": "Levels a ruling chooses from (the facilitator, or the solo player rating "
            "their own answer); the option then scores its level, not `practices`.",
            "type": "array",
            "minItems": 2,
            "items": _ref("level"),
        },
        "model": {"description": "A model answer, shown with the rubric.", **_ref("text")},
    }
    assert set(option_props) == set(option_req) | set(option_opt)
    defs["option"] = _object("One answer to a decision.", option_props, required=option_req)
    defs["options"] = {
        "description": "The answers to choose from: at least two (built-in scenarios have at least three).",
        "type": "array",
        "minItems": 2,
        "items": _ref("option"),
    }
    defs["prompt"] = {"description": "The question put to the role.", **_ref("text")}
    defs["question"] = _object(
        "One role's question in a decision that asks several roles.",
        {
            "role": {"description": "The role that answers.", **_ref("role-id")},
            "prompt": _ref("prompt"),
            "options": _ref("options"),
            "when": {"description": "The question is asked only when this holds.", **_ref("condition")},
        },
        required=("role", "prompt", "options"),
    )
    defs["fragment"] = _object(
        "A part of an ending's text, told when its condition holds at the end.",
        {"when": _ref("condition"), "text": _ref("text")},
        required=("text",),
    )

    common = {
        "kind": None,  # filled per kind
        "text": {"description": "What happens, as the players read it.", **_ref("text")},
        "title": {"description": "The ending's title.", **_ref("text")},
        "next": _ref("next"),
        "advance": {
            "description": "The clock moves on this much when the story arrives here.",
            **_ref("duration"),
        },
        "audience": _str_list(
            "Who receives this inject (absent: everyone): role ids from the scenario's roles.",
            _ref("role-id"),
        ),
        "facilitator": _ref("facilitator"),
        "effects": {"description": "Applied when the story arrives here.", **_ref("effects")},
        "discussion": _ref("discussion"),
        "role": {"description": "The role that answers (a decision that asks one role).", **_ref("role-id")},
        "prompt": _ref("prompt"),
        "options": _ref("options"),
        "questions": {
            "description": "For a decision that asks several roles at once: one question per role. Each "
            "answers its own; the story moves on when all have answered. Use it instead of "
            "role/prompt/options.",
            "type": "array",
            "minItems": 1,
            "items": _ref("question"),
        },
        "time_limit": {
            "description": "Optional time pressure, shown by the terminal UI.",
            **_ref("duration"),
        },
        "outcome": {"description": "How it went: good, mixed or bad.", "enum": list(OUTCOMES)},
        "order": {
            "description": "Several roles: `together` (default; answers apply when all are in) or "
            "`in-turn` (in question order, each answer applies at once, so it can change what the "
            "next role is offered).",
            "enum": ["together", "in-turn"],
        },
        "contested": {
            "description": "A contested call: two or more options with `for`, `against` and a `rubric`; "
            "a ruling settles the points.",
            "type": "boolean",
        },
        "source": {
            "description": "Who says it (the vendor, monitoring, the press, a regulator, a rumour).",
            **_ref("text"),
        },
        "fragments": {
            "description": "Parts of the ending's text chosen by the final state, told after `text`.",
            "type": "array",
            "items": _ref("fragment"),
        },
    }
    kind_help = {
        "inject": "Something happens: the players read it, then the story moves on.",
        "decision": "A role (or several, with `questions`) chooses among options.",
        "ending": "The story ends here.",
    }
    for kind, (req, opt) in NODE_FIELDS.items():
        props = {}
        for f in (*req, *opt):
            props[f] = (
                {"description": f"The node's kind: {kind}.", "const": kind} if f == "kind" else common[f]
            )
        node = _object(kind_help[kind], props, required=req)
        if kind == "decision":
            # one role (role, prompt, options) or several (questions), not both
            node["if"] = {"required": ["questions"]}
            node["then"] = {"properties": {"role": False, "prompt": False, "options": False}}
            node["else"] = {"required": ["role", "prompt", "options"]}
            node["allOf"] = [
                {  # several roles: options do not name next, the decision must
                    "if": {"required": ["questions"], "properties": {"questions": {"minItems": 2}}},
                    "then": {
                        "required": ["next"],
                        "properties": {
                            "questions": {
                                "items": {
                                    "properties": {"options": {"items": {"properties": {"next": False}}}}
                                }
                            }
                        },
                    },
                },
                {  # no default next: every option must say where it leads
                    "if": {"not": {"required": ["next"]}},
                    "then": {
                        "properties": {
                            "options": {"items": {"required": ["next"]}},
                            "questions": {
                                "items": {"properties": {"options": {"items": {"required": ["next"]}}}}
                            },
                        }
                    },
                },
            ]
        defs[kind] = node
    defs["node"] = {
        "description": "A node of the graph: an inject, a decision or an ending (see `kind`).",
        "type": "object",
        "required": ["kind"],
        "properties": {
            "kind": {
                "description": "inject (something happens), decision (a role chooses) or ending.",
                "enum": list(NODE_FIELDS),
            }
        },
        "allOf": [
            {"if": {"properties": {"kind": {"const": kind}}}, "then": _ref(kind)} for kind in NODE_FIELDS
        ],
    }
    defs["variable-name"] = {
        "description": "A variable name: lowercase letters, digits and _ (not a word of the condition "
        "language). Flags, counters and meters share one namespace.",
        **var_name,
    }
    bounds = {
        "min": _d("The lowest value (default 0).", {"type": "integer"}),
        "max": _d("The highest value (default 10 for a counter, 100 for a meter).", {"type": "integer"}),
    }
    defs["counter"] = _object(
        "A hidden integer, kept within [min, max].",
        {
            "start": _d("The value at the start.", {"type": "integer"}),
            **bounds,
            "label": {"description": "A name for the counter (optional).", **_ref("text")},
        },
        required=("start",),
    )
    defs["meter"] = _object(
        "An integer the players see move, kept within [min, max].",
        {
            "start": _d("The value at the start.", {"type": "integer"}),
            **bounds,
            "label": {"description": "The name the players see.", **_ref("text")},
        },
        required=("start", "label"),
    )
    return defs


def _scenario_properties() -> dict:
    props = {
        "format": _format(),
        "id": _id(
            f"The scenario's id: {ID_HINT}. Built-in scenarios use fyYYYY-NN-slug (the case id, "
            "then a slug) and are held to the built-in standard."
        ),
        "title": {"description": "The scenario's title; its languages are the scenario's.", **_ref("text")},
        "source": _object(
            "The published case the scenario comes from (built-in scenarios).",
            {
                "report": _d(
                    "The report's fiscal year, written fyYYYY.", {"type": "string", "pattern": REPORT_PATTERN}
                ),
                "case": _d(
                    "The case number in the report.", {"type": "integer", "minimum": 1, "maximum": 99}
                ),
            },
            required=("report", "case"),
        ),
        "summary": {
            "description": "What the players read before they start; no spoilers.",
            **_ref("text"),
        },
        "type": _id("The incident type, for filtering (such as ransomware, ddos)."),
        "sector": _id("The sector, for filtering (such as energy, logistics)."),
        "tags": _str_list("Free tags, for filtering.", {"type": "string"}),
        "attack": _str_list(
            "MITRE ATT&CK technique ids, such as T1486 or T1566.001.",
            {"type": "string", "pattern": _ecma(ATTACK_RE)},
        ),
        "difficulty": {"description": "basic, intermediate or advanced.", "enum": list(DIFFICULTIES)},
        "duration": _duration("The expected play time."),
        "roles": _str_list("The roles that act; each is defined in roles/.", _ref("role-id")),
        "role_labels": {
            "description": "This scenario's name for a catalogue role (the vendor is an equipment maker, "
            "a provider...): role id → text. Only roles listed in `roles`.",
            "type": "object",
            "propertyNames": {"pattern": _ecma(ID_RE)},
            "additionalProperties": _ref("text"),
        },
        "clock": _object(
            "The scenario clock.",
            {
                "start": _d(
                    'The wall-clock time when the scenario begins, "HH:MM" (quote it in YAML).',
                    {"type": "string", "pattern": _ecma(CLOCK_RE), "examples": ["08:30"]},
                )
            },
            required=("start",),
        ),
        "flags": {
            "description": "Hidden booleans: name → start value (true or false).",
            "type": "object",
            "propertyNames": _ref("variable-name"),
            "additionalProperties": {"type": "boolean"},
        },
        "counters": {
            "description": "Hidden integers: name → {start, min, max}.",
            "type": "object",
            "propertyNames": _ref("variable-name"),
            "additionalProperties": _ref("counter"),
        },
        "meters": {
            "description": "Integers the players see move: name → {start, min, max, label}.",
            "type": "object",
            "propertyNames": _ref("variable-name"),
            "additionalProperties": _ref("meter"),
        },
        "start": {"description": "The first node.", **_ref("node-id")},
        "nodes": {
            "description": "The graph: node id → node.",
            "type": "object",
            "minProperties": 1,
            "propertyNames": _ref("node-id"),
            "additionalProperties": _ref("node"),
        },
        "debrief": _object(
            "What the debrief tells after play.",
            {
                "what_happened": {"description": "What the real organisation did.", **_ref("text")},
                "lessons": _str_list(
                    "The lessons of the case: practice ids (each should be followed by some option).",
                    {"type": "string", "pattern": _ecma(ID_RE)},
                ),
            },
        ),
        "design": _object(
            "Targets of the design metrics that `tabletop test` prints (and `--strict` enforces); "
            "absent keys keep the defaults.",
            {
                "max_dominant_share": _share(
                    "Questions in which one option leads all others by 2 points or more: at most this share "
                    "(default 0.5)."
                ),
                "max_text_strategy_share": _share(
                    "A strategy that reads only the option texts (longest, shortest, a fixed position, the most "
                    "cautious wording) must score below this share of the best score (default 0.5)."
                ),
                "min_sequences": _d(
                    "Distinct orders in which decisions are asked: at least this many (default 3).",
                    {"type": "integer", "minimum": 0},
                ),
                "min_ending_share": _share(
                    "Every ending reached by at least this share of 3,000 seeded random playthroughs "
                    "(fewer on a graph whose playthroughs are thousands of nodes long) (default 0.02)."
                ),
                "max_best_longest_share": _share(
                    "Questions whose best option is also the longest, in each language: at most this share "
                    "(default 0.3)."
                ),
                "max_closing_practices": _d(
                    "Practices scored only in the last decision of every path: at most this many (default 0).",
                    {"type": "integer", "minimum": 0},
                ),
            },
        ),
        "deadlines": {
            "description": "Times on the scenario clock: when the clock reaches one and `unless` does "
            "not hold, its consequence fires by itself. deadline id → deadline.",
            "type": "object",
            "propertyNames": {"pattern": ID_RE.pattern},
            "additionalProperties": _object(
                "A deadline and its consequence.",
                {
                    "at": _duration("When it falls due, counted from the start of the scenario."),
                    "unless": {"description": "Met if this holds when the time comes.", **_ref("condition")},
                    "title": _ref("text"),
                    "text": {"description": "What happens when it is missed.", **_ref("text")},
                    "effects": {
                        "description": "Applied when it is missed (no `advance`).",
                        **_ref("effects"),
                    },
                    "source": {"description": "Who says it.", **_ref("text")},
                    "facilitator": _ref("facilitator"),
                },
                required=("at", "title", "text"),
            ),
        },
        "objectives": {
            "description": "The exercise objectives (2 to 4), each with observable critical tasks.",
            "type": "array",
            "items": _object(
                "An objective.",
                {
                    "id": _id("The objective's id."),
                    "title": _ref("text"),
                    "tasks": {
                        "description": "The critical tasks that show the objective met.",
                        "type": "array",
                        "minItems": 1,
                        "items": _object(
                            "A critical task: an observable action, and what shows it.",
                            {
                                "id": _id("The task's id."),
                                "text": _ref("text"),
                                "practices": _str_list(
                                    "Practices that evaluate it.",
                                    {"type": "string", "pattern": ID_RE.pattern},
                                ),
                                "answers": _str_list(
                                    "Answers that show it: node/option (node/role/option with several roles).",
                                    {"type": "string"},
                                ),
                                "when": {
                                    "description": "A condition on the final state that shows it.",
                                    **_ref("condition"),
                                },
                                "by": _duration(
                                    "The answers count only when given by this time on the clock."
                                ),
                            },
                            required=("id", "text"),
                        ),
                    },
                },
                required=("id", "title", "tasks"),
            ),
        },
        "origin": _object(
            "Where an imported scenario came from, for the way back: the source's own ids where "
            "Tabletop's spelling differs (`tabletop import` writes it; the exporter for `tool` gives "
            "them back). Nothing in play reads it.",
            {
                "tool": {"description": "The format it was imported from.", "enum": list(ORIGIN_TOOLS)},
                "ids": {
                    "description": "Tabletop id → the source's id: a node or deadline by its id, an option "
                    "as <node>/<option> (for an inject: the single option the source had on it).",
                    "type": "object",
                    "propertyNames": {"pattern": r"^[a-z0-9][a-z0-9-]*(/[^/]+)?$"},
                    "additionalProperties": _source_id(),
                },
                "teams": {
                    "description": "Role id → the source's team id (roles listed in `roles`).",
                    "type": "object",
                    "propertyNames": {"pattern": _ecma(ID_RE)},
                    "additionalProperties": _source_id(),
                },
            },
            required=("tool",),
        ),
    }
    assert set(props) == set(SCENARIO_REQUIRED) | set(SCENARIO_OPTIONAL)
    return props


def scenario_schema() -> dict:
    """The JSON Schema of a scenario file (format v1)."""
    props = _scenario_properties()
    order = ("format", *SCENARIO_REQUIRED, *(f for f in SCENARIO_OPTIONAL if f != "format"))
    return _schema(
        "scenario",
        f"Tabletop scenario (format {FORMAT})",
        "A tabletop incident-response exercise: a graph of injects, decisions and endings. "
        "`tabletop validate` checks what a schema cannot (references, the graph, the catalogue).",
        {
            "type": "object",
            "required": ["format", *SCENARIO_REQUIRED],
            "properties": {k: props[k] for k in order},
            "additionalProperties": False,
        },
        _scenario_defs(),
    )


# ---------------------------------------------------------------------------------------
# roles and the practice catalogue (always in both languages)


def role_schema() -> dict:
    """The JSON Schema of a role file (roles/*.yaml)."""
    return _schema(
        "role",
        f"Tabletop role (format {FORMAT})",
        "A role that players take in scenarios.",
        {
            "type": "object",
            "required": ["format", "id", "name"],
            "properties": {
                "format": _format(),
                "id": _id(f"The role's id, used in scenarios: {ID_HINT}."),
                "name": {"description": "The role's name.", **_ref("text")},
                "responsibilities": {"description": "What the role is responsible for.", **_ref("text")},
            },
            "additionalProperties": False,
        },
        _text_defs(bilingual_only=True),
    )


def practices_schema() -> dict:
    """The JSON Schema of the good-practice catalogue (practices.yaml)."""
    defs = _text_defs(bilingual_only=True)
    defs["practice"] = _object(
        "One good practice: options follow or break it, and debriefs cite it.",
        {
            "id": _id(f"The practice's id, used in scenarios: {ID_HINT}."),
            "title": {"description": "The practice in a few words.", **_ref("text")},
            "rationale": {"description": "Why it matters.", **_ref("text")},
            "category": {"description": "The NIST CSF 2.0 function.", "enum": list(CATEGORIES)},
            "sources": _str_list(
                "The cases it comes from, such as fy2024-02.",
                {"type": "string", "pattern": _ecma(CASE_RE)},
            ),
            "references": _str_list("Public guidance, such as NIST SP 800-61r3.", {"type": "string"}),
        },
        required=("id", "title", "rationale", "category"),
    )
    return _schema(
        "practices",
        f"Tabletop good-practice catalogue (format {FORMAT})",
        "The good practices that scenario options follow or break.",
        {
            "type": "object",
            "required": ["format", "practices"],
            "properties": {
                "format": _format(),
                "practices": {"description": "The practices.", "type": "array", "items": _ref("practice")},
            },
            "additionalProperties": False,
        },
        defs,
    )


def schema_for(kind: str) -> dict:
    """The schema of ``kind``: scenario, practices or role."""
    return {"scenario": scenario_schema, "practices": practices_schema, "role": role_schema}[kind]()
