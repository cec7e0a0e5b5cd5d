"""`tabletop import` of OpenAEV (formerly OpenBAS) scenario and simulation exports: the
JSON alone or the ZIP archive OpenAEV writes, a timeline made linear in the order the
injects fall due, expectations as rated critical tasks, lessons questions for the hotwash.

The fixture follows the key layout of OpenAEV's export (scenario_information,
scenario_teams, scenario_objectives, scenario_injects with inject_content.expectations,
inject_depends_on in both its older form (an id) and its newer one (a list of
relationships with a condition), scenario_lessons_questions); its content is our own."""

from __future__ import annotations

import copy
import io
import json
import zipfile

import pytest

from tabletop.engine.exchange.detect import convert_text, import_bytes
from tabletop.engine.exchange.graph import ConvertError
from tabletop.engine.exchange.openaev import html_text
from tabletop.engine.play import Started, apply, initial, settle, waiting
from tabletop.sessions.console import hotwash_questions
from tests.conftest import DATA
from tests.e2e.test_import import cli, load_clean

FIXTURE = DATA / "import" / "openaev-hospital-scenario.json"


@pytest.fixture(scope="module")
def doc():
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def scenario(tmp_path, builtin_catalog, data: bytes | None = None):
    src = tmp_path / "export.json"
    src.write_bytes(data if data is not None else FIXTURE.read_bytes())
    out = tmp_path / "s.yaml"
    assert cli("import", str(src), "-o", str(out)) == 0
    return load_clean(out, builtin_catalog), out.read_text(encoding="utf-8")


def test_an_export_imports_in_the_order_injects_fall_due_and_plays(tmp_path, builtin_catalog, capsys):
    sc, text = scenario(tmp_path, builtin_catalog)
    assert "read the OpenAEV scenario export: 5 injects, 3 teams, 7 expectations" in capsys.readouterr().err
    assert sc.title.get("en") == "Ransomware at a regional hospital"
    assert "Night shift, imaging offline" in sc.summary.get("en")
    # inj-3 (listed after inj-4) falls due first: 0, +20, +10 and then +30 minutes, and the
    # briefing 6 h after the start whatever came before
    order = ["imaging-workstations-freeze", "encrypted-shares", "crisis-cell-convenes", "a-reporter-calls",
             "morning-briefing", "end"]  # fmt: skip
    s = settle(sc, apply(sc, initial(), Started(sc.id, seed=1)))[0]
    assert s.ended and list(s.feed) == order and waiting(sc, s).kind == "over"
    assert [sc.nodes[n].effects.advance for n in order[:5]] == [0, 20, 10, 30, 300]
    assert s.clock == 360
    assert sc.role_labels["system"].get("en") == "IT on-call"
    assert sc.nodes["encrypted-shares"].audience == ("system", "management")
    assert sc.nodes["morning-briefing"].audience == ()  # all teams
    body = sc.nodes["imaging-workstations-freeze"].text.get("en")
    assert "Subject: Ticket 4471" in body and "- Radiology\n- Emergency" in body and "<p>" not in body
    assert "Call back within the hour" in sc.nodes["a-reporter-calls"].text.get("en")
    # the content given as a JSON string (as some exports do) is read the same way
    assert "README_RESTORE.txt" in sc.nodes["encrypted-shares"].text.get("en")
    notes = sc.nodes["imaging-workstations-freeze"].facilitator.get("en")
    assert "Contain before it spreads: Isolate the affected segment" in notes
    assert "waited on" in sc.nodes["a-reporter-calls"].facilitator.get("en")


def test_expectations_are_rated_tasks_and_lessons_questions_the_hotwash(tmp_path, builtin_catalog):
    sc, _ = scenario(tmp_path, builtin_catalog)
    tasks = [(t.text.get("en"), t.at) for ob in sc.objectives for t in ob.tasks]
    assert len(tasks) == 7 and all(t.rated for ob in sc.objectives for t in ob.tasks)
    assert tasks[0] == (
        "Open a major incident: The on-call engineer declares a major incident and wakes the manager.",
        "imaging-workstations-freeze",
    )
    assert ("Start paper downtime procedures", "crisis-cell-convenes") in tasks
    assert len(sc.objectives) == 4 and sc.evaluated_by_objectives
    s = settle(sc, apply(sc, initial(), Started(sc.id, seed=1)))[0]
    assert hotwash_questions(sc, s, "en") == [
        "How long did it take to know the scale of the attack?",  # in their order, not the file's
        "Which decision would you make differently, and why?",
    ]


def test_the_zip_archive_openaev_writes_imports_the_same(tmp_path, builtin_catalog, doc):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("Ransomware at a regional hospital.json", json.dumps(doc))
        z.writestr("documents/floor-plan.pdf", b"%PDF-1.4 not read")
    _, from_json = scenario(tmp_path, builtin_catalog)
    (tmp_path / "zip").mkdir()
    _, from_zip = scenario(tmp_path / "zip", builtin_catalog, buf.getvalue())
    assert from_zip == from_json


def test_a_simulation_export_imports_too(builtin_catalog, doc):
    sim = {k.replace("scenario_", "exercise_", 1): v for k, v in doc.items()}
    sim["exercise_information"] = {
        k.replace("scenario_", "exercise_", 1): v for k, v in doc["scenario_information"].items()
    }
    done = convert_text(json.dumps(sim), builtin_catalog)
    assert done.kind == "openaev" and "title: Ransomware at a regional hospital" in done.yaml
    assert "OpenAEV exercise export" in done.yaml


def zipped(*members: tuple[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, text in members:
            z.writestr(name, text)
    return buf.getvalue()


def circle(doc):
    d = copy.deepcopy(doc)
    d["scenario_injects"][0]["inject_depends_on"] = "inj-3"  # 1 → 3 → 2 → 1
    return json.dumps(d)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (lambda d: circle(d).encode(), "depend on each other in a circle: "),
        (lambda d: json.dumps({**d, "scenario_injects": []}).encode(), "has no injects"),
        (
            lambda d: json.dumps({**d, "scenario_injects": [d["scenario_injects"][0]] * 2}).encode(),
            "an inject_id of its own",
        ),
        (lambda d: zipped(("a.json", "{}"), ("b.json", "{}")), "several JSON files"),
        (lambda d: zipped(("a.json", "[1, 2")), "is not readable JSON"),
        (lambda d: json.dumps({"name": "x"}).encode(), "an OpenAEV export (scenario_information"),
    ],
)
def test_broken_exports_are_refused_with_the_reason(builtin_catalog, doc, data, message):
    with pytest.raises(ConvertError) as e:
        import_bytes(data(doc), builtin_catalog)
    assert message in str(e.value)


def test_the_circle_is_named(builtin_catalog, doc):
    with pytest.raises(
        ConvertError, match="Imaging workstations freeze → Crisis cell convenes → Encrypted shares"
    ):
        import_bytes(circle(doc).encode(), builtin_catalog)


def test_html_is_text_and_scripts_are_dropped():
    assert (
        html_text("<p>a &amp; b</p><script>alert(1)</script><ul><li>x</li><li>y</li></ul>")
        == "a & b\n\n- x\n- y"
    )  # a paragraph, then the list
    assert html_text("plain\x1b[31m text") == "plain\x1b[31m text"  # cleaned on writing, not here
