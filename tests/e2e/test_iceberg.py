"""IcebergTTX both ways without loss: a scenario exported, saved inside IcebergTTX (which
keeps only the fields of its own model) and imported again is the same scenario; and the
IcebergTTX features Tabletop has no field for (parallel timelines, triggered messages,
circles) import to something valid or are refused by name."""

from __future__ import annotations

import copy
import graphlib
import json

import pytest

from tabletop.engine.catalog import builtin_ids, load
from tabletop.engine.diagnostics import Sink
from tabletop.engine.exchange.detect import convert_text
from tabletop.engine.exchange.graph import ConvertError
from tabletop.engine.exchange.iceberg import scenario_to_iceberg
from tabletop.engine.exchange.order import task_node
from tabletop.engine.lint import lint
from tabletop.engine.loader import load_scenario
from tests.conftest import DATA, check

SCHEMA = json.loads((DATA / "import" / "icebergttx-schema.json").read_text(encoding="utf-8"))
WATER = DATA / "import" / "water-utility-ransomware.json"


def _model(obj: dict, name: str) -> dict:
    out = {}
    for field, default in SCHEMA["models"][name].items():
        if isinstance(default, dict) and "list_of" in default:
            assert field in obj or not default.get("required"), f"{name} needs {field}"
            out[field] = [_model(x, default["list_of"]) for x in obj.get(field) or []]
        elif isinstance(default, dict) and "model" in default:
            out[field] = _model(obj.get(field) or {}, default["model"])
        elif default == "REQUIRED":
            assert obj.get(field) is not None, f"IcebergTTX refuses a {name} without {field}"
            out[field] = obj[field]
        else:
            out[field] = obj[field] if obj.get(field) is not None else copy.deepcopy(default)
    return out


def through_icebergttx(doc: dict) -> dict:
    """What a save inside IcebergTTX leaves of a scenario: the fields of its model (the
    fixture icebergttx-schema.json says where they come from) with their defaults, every
    other field dropped; and the checks its model makes, as assertions."""
    saved = _model(json.loads(json.dumps(doc)), "scenario")
    ids = [i["id"] for i in saved["injects"]]
    assert len(ids) == len(set(ids)), "duplicate inject ids"
    assert saved["start_inject_id"] in ids
    teams = {t["id"] for t in saved["participant_teams"]}
    links = {}
    for inj in saved["injects"]:
        assert set(inj["target_teams"]) <= teams, inj["id"]
        nexts = [o["next_inject_id"] for o in inj["options"]] + [inj["next_inject_id"]]
        assert {n for n in nexts if n is not None} <= set(ids), inj["id"]
        assert all(c["direction"] in ("inbound", "outbound") for c in inj["triggers_communications"])
        links[inj["id"]] = [n for n in nexts if n is not None]
    graphlib.TopologicalSorter(links).prepare()  # IcebergTTX refuses cycles
    return saved


def structure(sc) -> dict:
    """A scenario's graph as IcebergTTX can carry it: each node reachable from the start,
    its kind and where it leads (conditions and chances aside, and loops, which
    IcebergTTX refuses)."""
    from tabletop.engine.exchange.order import node_order

    pos = {n: i for i, n in enumerate(node_order(sc))}
    out = {}
    for nid in pos:
        n = sc.nodes[nid]
        to = {e.to for e in n.next} | {e.to for q in n.questions for o in q.options for e in o.next}
        out[nid] = (n.kind, sorted(t for t in to if pos[t] > pos[nid]))
    return out


def reimport(doc: dict, catalog):
    """Save inside IcebergTTX, import, load and lint: the scenario, with no diagnostics."""
    done = convert_text(json.dumps(through_icebergttx(doc)), catalog)
    assert done.report == []  # nothing left out
    text = done.yaml
    sink = Sink("back.yaml")
    sc = load_scenario("back.yaml", catalog, sink, text.encode())
    assert sc is not None and not sink.has_errors, [str(d) for d in sink.items]
    lint(sc, catalog, sink)
    assert [str(d) for d in sink.items if d.severity == "error"] == []
    return sc


def rated(sc) -> list:
    return sorted(
        (t.text.get("en") or t.text.get("ja"), t.at) for o in sc.objectives for t in o.tasks if t.rated
    )


# -- the fixture itself -------------------------------------------------------------------


def test_a_save_inside_icebergttx_drops_what_its_model_does_not_know():
    doc = {
        "schema_version": "1.0",
        "title": "t",
        "x_tabletop": {"id": "x"},
        "start_inject_id": "a",
        "injects": [{"id": "a", "title": "A", "content": "c", "x_tabletop": {"kind": "decision"},
                     "options": [{"id": "o", "label": "l", "practices": {"p": 1}}]}],
    }  # fmt: skip
    saved = through_icebergttx(doc)
    assert "x_tabletop" not in saved and "x_tabletop" not in saved["injects"][0]
    assert saved["injects"][0]["options"] == [{"id": "o", "label": "l", "next_inject_id": None}]
    assert saved["injects"][0]["release_at_minutes"] is None and saved["metadata"]["author"] is None
    with pytest.raises(graphlib.CycleError):
        through_icebergttx({**doc, "injects": [{**doc["injects"][0], "next_inject_id": "a"}]})


# -- Tabletop → IcebergTTX → Tabletop -------------------------------------------------------


@pytest.mark.parametrize("ref", sorted(builtin_ids()))
def test_a_built_in_scenario_survives_a_save_inside_icebergttx(builtin_catalog, ref):
    src, _ = load(ref, builtin_catalog)
    doc = scenario_to_iceberg(src, builtin_catalog, "en")
    back = reimport(doc, builtin_catalog)
    assert back.start == src.start
    expected = structure(src)
    if "end" in back.nodes and "end" not in src.nodes:
        # a node whose only way on was a loop (IcebergTTX refuses loops) ends there
        loose = {nid for nid, (kind, to) in expected.items() if kind != "ending" and not to}
        assert loose and {n for n, (_, to) in structure(back).items() if "end" in to} == loose
        expected |= {nid: (expected[nid][0], ["end"]) for nid in loose} | {"end": ("ending", [])}
    assert structure(back) == expected
    assert sorted(n.outcome for n in back.endings if n.id in src.nodes) == sorted(
        n.outcome for n in src.endings
    )
    assert [(d.id, d.at) for d in back.deadlines] == [(d.id, d.at) for d in src.deadlines]
    assert set(back.roles) <= set(src.roles)
    # every critical task comes back, rated by the facilitator where it falls due
    assert rated(back) == sorted(
        (t.text.get("en"), task_node(src, t)) for o in src.objectives for t in o.tasks
    )
    # the lessons come back by name in the debrief (the practice weights did not survive)
    for pid in src.debrief.lessons:
        assert builtin_catalog.practices[pid].title.get("en") in back.debrief.what_happened.get("en")


def test_without_a_save_the_extra_field_brings_back_weights_and_questions(builtin_catalog):
    src, _ = load("fy2024-02", builtin_catalog)
    done = convert_text(json.dumps(scenario_to_iceberg(src, builtin_catalog, "en")), builtin_catalog)
    text = done.yaml
    assert [str(d) for d in check(text, builtin_catalog) if d.severity == "error"] == []
    assert done.report == []  # the branch injects fold back into their decisions; nothing is left over
    assert "practices:" in text and "questions:" in text


def test_a_decision_is_one_inject_with_its_options(builtin_catalog):
    src, _ = load("fy2024-02", builtin_catalog)
    doc = through_icebergttx(scenario_to_iceberg(src, builtin_catalog, "en"))
    # one inject a node and a deadline, and one where a decision goes on by conditions
    branching = {n.id + "-then" for n in src.decisions if len({e.to for e in n.next}) > 1}
    assert {i["id"] for i in doc["injects"]} == set(src.nodes) | {d.id for d in src.deadlines} | branching
    assert len(src.nodes) == 39 and len(reimport(doc, builtin_catalog).nodes) == 39
    d = next(i for i in doc["injects"] if i["id"] == src.decisions[0].id)
    assert d["title"].startswith("Decision: ") and d["options"]
    assert d["content"] == src.decisions[0].questions[0].prompt.get("en")
    ends = [i for i in doc["injects"] if i["title"].startswith("Ending (")]
    assert len(ends) == 4 and all(not i["options"] and i["next_inject_id"] is None for i in ends)


# -- IcebergTTX → Tabletop → IcebergTTX: a native file's rated tasks and shape ---------------


def test_an_imported_icebergttx_file_comes_back_with_its_tasks_and_debrief(builtin_catalog, tmp_path):
    first = convert_text(WATER.read_text(encoding="utf-8"), builtin_catalog).yaml
    f = tmp_path / "w.yaml"
    f.write_text(first, encoding="utf-8")
    sc, diags = load(str(f), builtin_catalog, deep=True)
    assert not diags, [str(d) for d in diags]
    assert len(rated(sc)) == 10
    assert "IT/OT segmentation" in (sc.debrief.what_happened.get("en") or "")
    back = reimport(scenario_to_iceberg(sc, builtin_catalog, "en"), builtin_catalog)
    assert rated(back) == rated(sc)
    assert structure(back) == structure(sc)
    assert back.debrief.what_happened == sc.debrief.what_happened


# -- IcebergTTX features Tabletop has no field for -------------------------------------------


def _native(*injects, **extra) -> dict:
    return {
        "schema_version": "1.0",
        "title": "Parallel",
        "participant_teams": [{"id": "it_ops", "label": "IT Operations"}],
        "start_inject_id": "detect",
        "injects": list(injects),
        **extra,
    }


DETECT = {"id": "detect", "title": "Anomaly", "content": "Odd traffic.", "target_teams": ["it_ops"]}


def _imported(doc, catalog):
    done = convert_text(json.dumps(doc), catalog)
    sink = Sink("p.yaml")
    sc = load_scenario("p.yaml", catalog, sink, done.yaml.encode())
    assert sc is not None and not sink.has_errors, [str(d) for d in sink.items]
    lint(sc, catalog, sink)
    assert [str(d) for d in sink.items if d.severity == "error"] == []
    return sc, done


def test_a_timed_inject_nothing_leads_to_is_a_deadline(builtin_catalog):
    """IcebergTTX's parallel timeline: 'at T+40, the press calls', whatever the team did."""
    press = {"id": "press_call", "title": "The press calls", "content": "A reporter asks about the outage.",
             "release_at_minutes": 40}  # fmt: skip
    sc, done = _imported(_native(DETECT, press), builtin_catalog)
    assert [(d.id, d.at, d.title.get("en"), d.text.get("en")) for d in sc.deadlines] == [
        ("press-call", 40, "The press calls", "A reporter asks about the outage.")
    ]
    assert "press-call" not in sc.nodes and done.report == []
    # and it goes back out as one: an unreferenced inject with its release time
    again = through_icebergttx(scenario_to_iceberg(sc, builtin_catalog, "en"))
    out = next(i for i in again["injects"] if i["id"] == "press_call")  # the source's id (origin)
    assert out["release_at_minutes"] == 40 and out["next_inject_id"] is None


def test_what_only_a_parallel_timeline_reaches_is_named_not_left_unreachable(builtin_catalog):
    press = {"id": "press", "title": "Press", "content": "A reporter calls.", "release_at_minutes": 40,
             "next_inject_id": "story"}  # fmt: skip
    story = {"id": "story", "title": "Story", "content": "The story runs."}
    orphan = {"id": "memo", "title": "Memo", "content": "An opening memo, released by hand."}
    sc, done = _imported(_native(DETECT, press, story, orphan), builtin_catalog)
    assert [d.id for d in sc.deadlines] == ["press"]
    assert set(sc.nodes) == {"detect", "end"}
    assert [str(x) for x in done.report] == [
        "not imported, since nothing leads to them from the start inject: story, memo"
    ]


def test_a_next_inject_id_circle_is_refused_by_name(builtin_catalog):
    a = {**DETECT, "next_inject_id": "b"}
    b = {"id": "b", "title": "B", "content": "b", "options": [
        {"id": "x", "label": "X", "next_inject_id": "c"}, {"id": "y", "label": "Y", "next_inject_id": None}]}  # fmt: skip
    c = {"id": "c", "title": "C", "content": "c", "next_inject_id": "detect"}
    with pytest.raises(ConvertError, match=r"round in a circle \((detect|b|c) -> .* -> \1\)"):
        convert_text(json.dumps(_native(a, b, c)), builtin_catalog)
    with pytest.raises(ConvertError, match=r"\(b -> b\)"):
        convert_text(
            json.dumps(_native({**DETECT, "next_inject_id": "b"}, {**b, "next_inject_id": "b"})),
            builtin_catalog,
        )


def test_triggered_messages_keep_their_direction_and_delay(builtin_catalog):
    inj = {**DETECT, "triggers_communications": [
        {"external_entity": "NCSC", "direction": "inbound", "subject": "Advisory", "body": "A campaign.",
         "delay_after_release_seconds": 120},
        {"external_entity": "Insurer", "direction": "outbound", "subject": "Notice", "body": "We report.",
         "delay_after_release_seconds": 0}]}  # fmt: skip
    sc, _ = _imported(_native(inj), builtin_catalog)
    m = sc.nodes["detect-messages"]
    assert m.text.get("en") == (
        "Message from NCSC (2 min after the inject): Advisory\nA campaign.\n\nMessage to Insurer: Notice\nWe report."
    )
    assert m.effects.advance == 2 and sc.nodes["detect"].next[0].to == "detect-messages"


def test_native_ids_and_teams_and_a_release_time_on_the_path(builtin_catalog):
    later = {"id": "escalate", "title": "Worse", "content": "It spreads.", "release_at_minutes": 30}
    sc, _ = _imported(_native({**DETECT, "next_inject_id": "escalate"}, later), builtin_catalog)
    assert sc.roles == ("system",) and sc.role_labels["system"].get("en") == "IT Operations"
    assert "30 minutes after the start" in sc.nodes["escalate"].facilitator.get("en")
    assert sc.deadlines == ()
    again = through_icebergttx(scenario_to_iceberg(sc, builtin_catalog, "en"))
    assert [i["release_at_minutes"] for i in again["injects"]] == [None, 30]


def test_an_icebergttx_file_keeps_its_messages_through_tabletop(builtin_catalog, tmp_path):
    """IcebergTTX → Tabletop → IcebergTTX: the triggered communications go back on their
    inject, with their direction and delay, instead of becoming an inject of their own."""
    src = json.loads(WATER.read_text(encoding="utf-8"))
    extra = {"external_entity": "Insurer", "direction": "outbound", "subject": "Notice", "body": "Claim.",
             "delay_after_release_seconds": 90}  # fmt: skip
    src["injects"][3]["triggers_communications"].append(extra)
    f = tmp_path / "w.yaml"
    f.write_text(convert_text(json.dumps(src), builtin_catalog).yaml, encoding="utf-8")
    sc, diags = load(str(f), builtin_catalog, deep=True)
    assert not diags, [str(d) for d in diags]
    out = through_icebergttx(scenario_to_iceberg(sc, builtin_catalog, "en"))
    by_id = {i["id"]: i for i in out["injects"]}
    assert "inject-03b-messages" not in by_id and "inject_03b-messages" not in by_id
    assert by_id["inject_03b"]["triggers_communications"] == src["injects"][3]["triggers_communications"]
    assert by_id["inject_03b"]["next_inject_id"] == "inject_04"
    back = reimport(out, builtin_catalog)
    assert structure(back) == structure(sc)
    assert back.nodes["inject-03b-messages"].text == sc.nodes["inject-03b-messages"].text


def test_an_icebergttx_file_keeps_its_options_on_the_inject(builtin_catalog, tmp_path):
    """The inject then '<inject>-decision' the import makes of IcebergTTX's inject with
    options goes back out as that one inject, its expected actions and options on it."""
    src = json.loads(WATER.read_text(encoding="utf-8"))
    f = tmp_path / "w.yaml"
    f.write_text(convert_text(json.dumps(src), builtin_catalog).yaml, encoding="utf-8")
    sc, _ = load(str(f), builtin_catalog, deep=True)
    out = through_icebergttx(scenario_to_iceberg(sc, builtin_catalog, "en"))
    by_id = {i["id"]: i for i in out["injects"]}
    assert "inject-02-decision" not in by_id and "inject_02-decision" not in by_id
    two, orig = by_id["inject_02"], src["injects"][1]
    assert (two["title"], two["content"]) == (orig["title"], orig["content"])
    assert two["expected_actions"] == orig["expected_actions"]
    assert [(o["id"], o["label"]) for o in two["options"]] == [(o["id"], o["label"]) for o in orig["options"]]
    assert [o["next_inject_id"] for o in two["options"]] == ["inject_03a", "inject_03b", "inject_03b"]
    back = reimport(out, builtin_catalog)
    assert structure(back) == structure(sc) and rated(back) == rated(sc)


def test_an_icebergttx_file_through_tabletop_is_the_same_file(builtin_catalog, tmp_path):
    """IcebergTTX → Tabletop → IcebergTTX: the same injects, ids, links, texts, expected
    actions, messages, teams and debrief (the scenario's origin keeps the source's ids)."""
    src = through_icebergttx(json.loads(WATER.read_text(encoding="utf-8")))
    f = tmp_path / "w.yaml"
    f.write_text(convert_text(json.dumps(src), builtin_catalog).yaml, encoding="utf-8")
    sc, _ = load(str(f), builtin_catalog, deep=True)
    out = through_icebergttx(scenario_to_iceberg(sc, builtin_catalog, "en"))

    def key(inj):
        return (
            inj["id"], inj["title"], inj["content"], inj["next_inject_id"],
            [(o["id"], o["label"], o["next_inject_id"]) for o in inj["options"]],
            inj["expected_actions"], inj["triggers_communications"], inj["target_teams"],
        )  # fmt: skip

    assert [key(i) for i in out["injects"]] == [key(i) for i in src["injects"]]
    assert out["debrief_notes"] == src["debrief_notes"] and out["start_inject_id"] == "inject_01"
    assert out["participant_teams"] == src["participant_teams"]


def test_an_expected_action_that_is_an_option_marks_it_instead_of_being_rated(builtin_catalog):
    inj = {**DETECT, "expected_actions": ["Isolate the hosts", "Call the CISO"], "options": [
        {"id": "iso", "label": "Isolate the hosts"}, {"id": "wait", "label": "Wait"}]}  # fmt: skip
    sc, _ = _imported(_native(inj), builtin_catalog)
    q = sc.nodes["detect-decision"].questions[0]
    assert "expected choice" in q.option("iso").feedback.get("en") and q.option("wait").feedback is None
    assert rated(sc) == [("Call the CISO", "detect-decision")]


@pytest.mark.parametrize(
    "change, message",
    [
        (
            {"release_at_minutes": -5},
            "release_at_minutes of inject 'detect' must be a whole number of minutes",
        ),
        ({"release_at_minutes": "soon"}, "release_at_minutes of inject 'detect' must be a whole number"),
        ({"next_inject_id": "detect"}, "round in a circle (detect -> detect)"),
        ({"options": 1}, "options of 'detect' must be a list"),
    ],
)
def test_bad_icebergttx_fields_are_clear_errors_from_the_command(tmp_path, capsys, change, message):
    from tabletop.tui.cli.errors import CliError
    from tests.e2e.test_import import cli

    f = tmp_path / "bad.json"
    f.write_text(json.dumps(_native({**DETECT, **change})), encoding="utf-8")
    with pytest.raises(CliError) as e:
        cli("import", str(f))
    assert message in str(e.value) and e.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("junk", [1, "x", [1], [{"options": 2}], [{"options": [None]}]])
def test_a_broken_extra_field_is_ignored_for_the_injects_own_fields(builtin_catalog, junk):
    src, _ = load("fy2024-02", builtin_catalog)
    doc = scenario_to_iceberg(src, builtin_catalog, "en")
    for inj in doc["injects"]:
        inj["x_tabletop"]["questions"] = junk
    sc, _ = _imported(doc, builtin_catalog)
    assert structure(sc) == structure(src)


BRANCHING = """\
format: 1
id: branching-drill
title: Branching drill
roles: [system]
flags: {warned: false}
start: alarm
nodes:
  alarm:
    kind: inject
    text: An alarm sounds.
    next: choose
  choose:
    kind: decision
    role: system
    prompt: What now?
    options:
      - id: warn
        text: Warn everyone
        effects: {set: {warned: true}}
        next: [{when: warned, to: calm}, {to: panic}]
      - id: hide
        text: Say nothing
        next: panic
  calm:
    kind: ending
    outcome: good
    title: Calm
    text: All is calm.
  panic:
    kind: ending
    outcome: bad
    title: Panic
    text: Panic spreads.
"""


def test_an_option_going_on_by_conditions_survives_as_a_branch_inject(builtin_catalog):
    sink = Sink("b.yaml")
    src = load_scenario("b.yaml", builtin_catalog, sink, BRANCHING.encode())
    assert src is not None and not sink.has_errors, [str(d) for d in sink.items]
    doc = through_icebergttx(scenario_to_iceberg(src, builtin_catalog, "en"))
    branch = next(i for i in doc["injects"] if i["id"] == "choose-then-warn")
    assert [o["next_inject_id"] for o in branch["options"]] == ["calm", "panic"]
    back = reimport(doc, builtin_catalog)
    assert set(back.nodes) == set(src.nodes) and structure(back) == structure(src)
    warn = back.nodes["choose"].questions[0].option("warn")
    assert sorted(e.to for e in warn.next) == ["calm", "panic"]


def test_a_release_time_note_is_in_the_language_of_the_text_and_goes_back_out(builtin_catalog):
    first = {"id": "a", "title": "異常検知", "content": "通信が増えた。", "next_inject_id": "b"}
    later = {"id": "b", "title": "拡大", "content": "被害が広がった。", "release_at_minutes": 45}
    sc, _ = _imported({**_native(first, later), "start_inject_id": "a", "title": "訓練"}, builtin_catalog)
    note = sc.nodes["b"].facilitator.get("ja")
    assert "開始の45分後" in note and "IcebergTTX releases" not in note
    again = through_icebergttx(scenario_to_iceberg(sc, builtin_catalog, "ja"))
    assert [i["release_at_minutes"] for i in again["injects"]] == [None, 45]
