"""The JSON Schemas (engine.schema): valid draft 2020-12, accepted by every built-in file,
and refusing what the loader refuses."""

from __future__ import annotations

import copy
import json

import pytest
import yaml
from jsonschema import Draft202012Validator

from tabletop.engine.loader import (
    NODE_FIELDS,
    OPTION_FIELDS,
    SCENARIO_OPTIONAL,
    SCENARIO_REQUIRED,
    parse_duration,
)
from tabletop.engine.scaffold import scaffold
from tabletop.engine.schema import (
    DURATION_PATTERN,
    KINDS,
    practices_schema,
    role_schema,
    scenario_schema,
    schema_for,
)
from tests.conftest import ROOT, check

SCENARIOS = sorted((ROOT / "scenarios").glob("fy*.yaml"))
ROLES = sorted((ROOT / "roles").glob("*.yaml"))


@pytest.fixture(scope="module")
def validator():
    return Draft202012Validator(scenario_schema())


def errors(validator, doc) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(doc)]


@pytest.mark.parametrize("kind", KINDS)
def test_each_schema_is_valid_draft_2020_12_with_an_id_and_a_title(kind):
    s = schema_for(kind)
    Draft202012Validator.check_schema(s)
    assert s["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert s["$id"].startswith("urn:tabletop-ir:schema:") and s["title"] and s["description"]
    json.dumps(s)  # plain JSON data
    assert schema_for(kind) == s  # a pure function: the same every time


def _properties(node, path=""):
    """Every (path, property schema) under a `properties` keyword."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                for name, sub in value.items():
                    yield f"{path}/{name}", sub
            yield from _properties(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _properties(value, f"{path}/{i}")


@pytest.mark.parametrize("kind", KINDS)
def test_every_property_has_a_description(kind):
    props = list(_properties(schema_for(kind)))
    assert len(props) > 5
    # `false` (a field not allowed here) and the conditional refinements in if/then need none
    missing = [
        p
        for p, sub in props
        if sub is not False and "/if/" not in p and "/then/" not in p and "description" not in sub
    ]
    assert not missing, missing


def test_the_schema_follows_the_loaders_field_lists():
    s = scenario_schema()
    assert set(s["properties"]) == set(SCENARIO_REQUIRED) | set(SCENARIO_OPTIONAL)
    assert set(s["required"]) == {"format", *SCENARIO_REQUIRED}
    assert s["additionalProperties"] is False
    for kind, (req, opt) in NODE_FIELDS.items():
        node = s["$defs"][kind]
        assert set(node["properties"]) == set(req) | set(opt), kind
        assert set(node["required"]) == set(req)
        assert node["additionalProperties"] is False
    option = s["$defs"]["option"]
    assert set(option["properties"]) == set(OPTION_FIELDS[0]) | set(OPTION_FIELDS[1])
    assert s["$defs"]["node"]["properties"]["kind"]["enum"] == list(NODE_FIELDS)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_every_builtin_scenario_validates(validator, path):
    assert errors(validator, yaml.safe_load(path.read_text(encoding="utf-8"))) == []


def test_there_are_builtin_files_to_check():
    assert len(SCENARIOS) >= 9 and len(ROLES) >= 8


@pytest.mark.parametrize("path", ROLES, ids=lambda p: p.stem)
def test_every_role_file_validates(path):
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert errors(Draft202012Validator(role_schema()), doc) == []


def test_the_practice_catalogue_validates():
    doc = yaml.safe_load((ROOT / "scenarios" / "practices.yaml").read_text(encoding="utf-8"))
    assert errors(Draft202012Validator(practices_schema()), doc) == []


def test_role_and_practice_texts_need_both_languages():
    v = Draft202012Validator(role_schema())
    assert errors(v, {"format": 1, "id": "ops", "name": {"ja": "運用", "en": "Operations"}}) == []
    assert errors(v, {"format": 1, "id": "ops", "name": {"en": "Operations"}})
    assert errors(v, {"format": 1, "id": "ops", "name": "Operations"})
    assert errors(v, {"format": 1, "id": "Ops", "name": {"ja": "運用", "en": "Operations"}})
    assert errors(v, {"format": 1, "id": "ops", "name": {"ja": "運用", "en": "Ops"}, "team": "x"})
    p = Draft202012Validator(practices_schema())
    item = {
        "id": "x",
        "title": {"ja": "a", "en": "a"},
        "rationale": {"ja": "b", "en": "b"},
        "category": "respond",
    }
    assert errors(p, {"format": 1, "practices": [item]}) == []
    assert errors(p, {"format": 1, "practices": [{**item, "category": "react"}]})
    assert errors(p, {"format": 1, "practices": [{**item, "sources": ["fy2024-2"]}]})


# -- the schema refuses what the loader refuses -------------------------------------------


@pytest.fixture(scope="module")
def base():
    """A valid scenario with every kind of node (the scaffold)."""
    return yaml.safe_load(scaffold("base", ["system", "management"]))


def _set(doc, path, value):
    *head, last = path
    target = doc
    for key in head:
        target = target[key]
    if value is DELETE:
        del target[last]
    else:
        target[last] = value


DELETE = object()
OPT = ("nodes", "first-move", "options", 0)
Q = ("nodes", "share", "questions", 0)
BAD = {
    "unknown top-level field": [(("author",), "me")],
    "unknown node field": [(("nodes", "opening", "txt"), "hi")],
    "unknown option field": [((*OPT, "score"), 2)],
    "scenario id with capitals": [(("id",), "My_Outage")],
    "node id with a space": [(("nodes", "bad id"), {"kind": "ending", "outcome": "good", "text": "x"})],
    "inject without text": [(("nodes", "opening", "text"), DELETE)],
    "option without text": [((*OPT, "text"), DELETE)],
    "ending without outcome": [(("nodes", "long-outage", "outcome"), DELETE)],
    "missing format": [(("format",), DELETE)],
    "format 2": [(("format",), 2)],
    "unknown kind": [(("nodes", "opening", "kind"), "event")],
    "text in an unknown language": [(("nodes", "opening", "text"), {"fr": "bonjour"})],
    "text as a list": [(("title",), ["a", "b"])],
    "bad duration": [(("duration",), "90 minutes")],
    "negative advance": [(("nodes", "contained", "advance"), -5)],
    "clock without a colon": [(("clock", "start"), "0900")],
    "clock hour 24": [(("clock", "start"), "24:00")],
    "unknown outcome": [(("nodes", "long-outage", "outcome"), "terrible")],
    "unknown difficulty": [(("difficulty",), "hard")],
    "bad attack id": [(("attack",), ["T14860"])],
    "bad source report": [(("source",), {"report": "2024", "case": 2})],
    "source case 0": [(("source",), {"report": "fy2024", "case": 0})],
    "flag that is not a boolean": [(("flags", "shared"), "no")],
    "flag named like a keyword": [(("flags", "and"), False)],
    "meter without a label": [(("meters", "service", "label"), DELETE)],
    "practice weight 11": [((*OPT, "practices", "isolate-affected-systems"), 11)],
    "effects add a boolean": [((*OPT, "effects", "add", "service"), True)],
    "unknown effect": [((*OPT, "effects", "reset"), ["service"])],
    "edge without to": [(("nodes", "first-move", "next", 1), {"when": "shared"})],
    "edge chance 100": [(("nodes", "first-move", "next", 0), {"chance": 100, "to": "contained"})],
    "one option": [(("nodes", "first-move", "options"), "FIRST")],
    "option next in a multi-role decision": [((*Q, "options", 0, "next"), "day-after")],
    "multi-role decision without next": [(("nodes", "share", "next"), DELETE)],
    "questions and role together": [(("nodes", "share", "role"), "system")],
    "single decision without role": [(("nodes", "first-move", "role"), DELETE)],
    "no next anywhere": [(("nodes", "first-move", "next"), DELETE)],
    "empty nodes": [(("nodes",), {})],
    "unknown design target": [(("design",), {"max_dominant": 0.5})],
    "design share above 1": [(("design",), {"min_ending_share": 2})],
    "design count that is a share": [(("design",), {"min_sequences": 2.5})],
    "origin without its tool": [(("origin",), {"ids": {"opening": "opening_1"}})],
    "origin id on two lines": [(("origin",), {"tool": "icebergttx", "ids": {"opening": "a\nb"}})],
    "origin team id a number": [(("origin",), {"tool": "icebergttx", "teams": {"system": 5}})],
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_an_invalid_document_is_rejected_by_the_schema_and_the_loader(validator, base, builtin_catalog, case):
    doc = copy.deepcopy(base)
    assert errors(validator, doc) == []
    for path, value in BAD[case]:
        if value == "FIRST":
            value = doc["nodes"]["first-move"]["options"][:1]
        _set(doc, path, value)
    assert errors(validator, doc), f"the schema accepted: {case}"
    diags = check(yaml.safe_dump(doc, allow_unicode=True), builtin_catalog)
    assert any(d.severity == "error" for d in diags), f"the loader accepted: {case}"


GOOD = {
    "a one-language title as a plain string": [(("title",), "A small outage")],
    "text with only English": [(("nodes", "opening", "text"), {"en": "Hello"})],
    "a duration in minutes": [(("duration",), 90)],
    "durations with days and hours": [(("nodes", "day-after", "advance"), "1d 2h30m")],
    "tags as one string": [(("tags",), "example")],
    "a chance edge": [(("nodes", "first-move", "next", 0), {"chance": 30, "to": "contained"})],
    "a sub-technique": [(("attack",), ["T1566.001", "T1486"])],
    "a counter": [(("counters",), {"delay": {"start": 0, "min": 0, "max": 5}})],
    "role labels": [(("role_labels",), {"system": {"ja": "情報システム課", "en": "IT section"}})],
    "a source": [(("source",), {"report": "fy2024", "case": 2})],
    "an origin": [
        (
            ("origin",),
            {
                "tool": "icebergttx",
                "ids": {"opening": "opening_1", "first-move/own-words": "own_words"},
                "teams": {},
            },
        )
    ],
    "design targets": [
        (
            ("design",),
            {
                "max_dominant_share": 0.4,
                "min_sequences": 4,
                "min_ending_share": 0,
                "max_closing_practices": 1,
            },
        )
    ],
}


@pytest.mark.parametrize("case", GOOD, ids=list(GOOD))
def test_valid_variants_are_accepted_by_the_schema(validator, base, case):
    doc = copy.deepcopy(base)
    for path, value in GOOD[case]:
        _set(doc, path, value)
    assert errors(validator, doc) == []


@pytest.mark.parametrize(
    "value",
    ["30m", "2h", "1h30m", "1d", "1d2h", "+15m", " 45m ", "0m", "90", "", "m", "1h30", "30s", "2h1d", "1.5h"],
)
def test_the_duration_pattern_agrees_with_the_loader(value):
    import re

    assert bool(re.search(DURATION_PATTERN, value)) == (parse_duration(value) is not None)


def test_the_scaffold_validates_against_the_schema(validator):
    for roles in (["system"], ["system", "management"], ["csirt", "pr", "legal", "vendor"]):
        assert errors(validator, yaml.safe_load(scaffold("my-drill", roles))) == []
