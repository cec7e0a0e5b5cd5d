"""The layouts of real files from other tools (issue 17), reproduced by fixtures written
for these tests: the structure of each real file (its sheet, columns, cell kinds, JSON
keys and quirks) with our own text. tests/data/import/README says which real file each
follows; docs/import.md ("Checked against real files") says what those files did."""

from __future__ import annotations

import csv
import datetime as dt
import json

import pytest
import yaml
from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from tabletop.engine.exchange.times import minutes
from tests.conftest import DATA
from tests.e2e.test_iceberg import through_icebergttx
from tests.e2e.test_import import cli, load_clean, play_to_end

IMPORTS = DATA / "import"


def _rows(name: str) -> list[list[str]]:
    with open(IMPORTS / name, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def openbas_checklist(tmp_path):
    """OpenBAS's own test workbooks (xls-test-files/test_file_*.xlsx): one sheet,
    CHECKLIST, no header, column A empty, the inject type in B before the time in C,
    a score column, a '???' row with a time and no text, and blank rows below."""
    wb = Workbook()
    ws = wb.active
    ws.title = "CHECKLIST"
    for r in _rows("openbas-xls-checklist.csv"):
        ws.append([int(c) if c.isdigit() else (c or None) for c in r])
    for _ in range(40):  # the sheet's dimension reaches past the events, as OpenBAS's do
        ws.append([None] * 11)
    path = tmp_path / "checklist.xlsx"
    wb.save(path)
    return path


def blueprint_workbook(tmp_path):
    """A CMU SEI Blueprint MSEL download (MselService.DownloadXlsxAsync): 'Sheet1', the
    header on row 1 (its Standard MSEL template's data fields and the Time, Move and Group
    columns), date cells written as ISO dates (t="d"), rich text as inline strings that
    still hold the editor's HTML."""
    rows = _rows("blueprint-standard-msel.csv")
    wb = Workbook()
    wb.iso_dates = True
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(rows[0])
    for r in rows[1:]:
        out = []
        for head, c in zip(rows[0], r, strict=True):
            if head in ("Delivery Time", "Simulated Time"):
                out.append(dt.datetime.fromisoformat(c))
            elif "<" in c:
                out.append(CellRichText([TextBlock(InlineFont(b=True), c)]))
            else:
                out.append(c or None)
        ws.append(out)
    path = tmp_path / "blueprint.xlsx"
    wb.save(path)
    return path


def imported(path, tmp_path, *extra):
    out = tmp_path / (path.stem + ".yaml")
    assert cli("import", str(path), "-o", str(out), *extra) == 0
    return out


def same_scenario(a, b) -> None:
    """Two scenarios the same but for the order their nodes and objectives are listed in."""
    assert a.start == b.start and a.roles == b.roles and a.role_labels == b.role_labels
    assert a.origin == b.origin  # the source's ids and team ids, for the way back
    assert sorted(a.nodes) == sorted(b.nodes)
    for nid, n in a.nodes.items():
        m = b.nodes[nid]
        assert (n.kind, n.text, n.audience, n.next, n.facilitator) == (
            m.kind,
            m.text,
            m.audience,
            m.next,
            m.facilitator,
        )
        assert n.effects.advance == m.effects.advance, nid  # the clock moves as it did
        assert [(q.role, q.prompt, [(o.id, o.text, o.next) for o in q.options]) for q in n.questions] == [
            (q.role, q.prompt, [(o.id, o.text, o.next) for o in q.options]) for q in m.questions
        ]
    tasks = lambda sc: sorted((t.text.get("en"), t.at) for o in sc.objectives for t in o.tasks)  # noqa: E731
    assert tasks(a) == tasks(b)


# -- OpenBAS/OpenAEV timeline workbooks ---------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("J", ("offset", 0)),
        ("J-1", ("offset", -1440)),
        ("J+1", ("offset", 1440)),
        ("J 09h00", ("offset", 540)),
        ("J+1 09h00", ("offset", 1980)),
        ("J+1 H+2 M-5", ("offset", 1555)),
        ("D+2", ("offset", 2880)),
        ("26/06/2024 09h00", minutes("2024-06-26 09:00")),  # day first when the day is over 12
        ("+ 00:20:00", ("offset", 20)),  # Blueprint's Time column
        ("+ 1 02:00:00", ("offset", 1560)),
        ("- 00:15:00", ("offset", -15)),
        ("Jan", None),
        ("Day", None),
    ],
)
def test_openbas_and_blueprint_times(cell, expected):
    assert minutes(cell) == expected


def test_openbas_checklist_workbook(tmp_path, builtin_catalog, capsys):
    out = imported(openbas_checklist(tmp_path), tmp_path)
    err = capsys.readouterr().err
    assert "no header row: columns mapped by position" in err
    assert "A 'column A' ignored: empty" in err
    assert "B 'column B' -> method" in err and "C 'column C' -> time" in err
    assert "D 'column D' -> to" in err and "F 'column F' -> message" in err
    assert "J 'column J' ignored: numbers only" in err
    assert "1 row without a message or a title left out: ???, J+2 09h00" in err
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    events = [n for n in doc["nodes"] if n.startswith("event-")]
    assert len(events) == 4
    first, second = doc["nodes"]["event-1"], doc["nodes"]["event-2"]
    assert "Strange invoice" in first["text"] and "(Send a mail)" in first["text"]
    assert second["advance"] == "33h"  # J-1 to J 09h00
    assert 'was money lost?"' in doc["nodes"]["event-4"]["text"]
    sc = load_clean(out, builtin_catalog)
    assert sorted(t.text.get("en") for o in sc.objectives for t in o.tasks)[0] == (
        "Block the sender and search the mailboxes"
    )
    play_to_end(sc)
    # the round trip: the export, imported again, is the same scenario
    back = tmp_path / "back.xlsx"
    assert cli("export", str(out), "--format", "msel-xlsx", "-o", str(back)) == 0
    again = imported(back, tmp_path)
    same_scenario(sc, load_clean(again, builtin_catalog))


def test_openbas_checklist_map_overrides_the_positions(tmp_path, builtin_catalog, capsys):
    out = imported(openbas_checklist(tmp_path), tmp_path, "--map", "G=ignore", "--map", "I=notes")
    err = capsys.readouterr().err
    assert "G 'column G' ignored: --map said to ignore it" in err and "I 'column I' -> notes" in err
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert "Security receives the report" in doc["nodes"]["event-1"]["facilitator"]
    assert "registered last week" not in doc["nodes"]["event-1"]["facilitator"]


# -- CMU SEI Blueprint ---------------------------------------------------------------------


def test_blueprint_download_workbook(tmp_path, builtin_catalog, capsys):
    out = imported(blueprint_workbook(tmp_path), tmp_path)
    err = capsys.readouterr().err
    assert "A 'Time' -> time" in err
    assert "E 'Delivery Time' ignored: a second time column: 'Time' is read" in err
    assert "F 'Simulated Time' ignored: the time in the story" in err
    assert "M 'Details' ignored: a second message column: 'Description' is read" in err
    assert "'Assigned To' -> controller" in err
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    first = doc["nodes"]["event-bp-001"]
    # the editor's HTML is text: tags gone, the entity read
    assert "confirm her password & her payroll number." in first["text"]
    assert "<" not in first["text"] and "&amp;" not in first["text"]
    assert "From: Finance" in first["text"]
    assert doc["nodes"]["event-bp-002"]["advance"] == "20m"
    assert doc["nodes"]["event-bp-003"]["advance"] == "25h40m"
    assert (
        "A reporter asks whether customer data was taken.\nShe has a screenshot."
        in (doc["nodes"]["event-bp-003"]["text"])
    )
    sc = load_clean(out, builtin_catalog)
    play_to_end(sc)
    back = tmp_path / "back.csv"
    assert cli("export", str(out), "--format", "msel-csv", "-o", str(back)) == 0
    same_scenario(sc, load_clean(imported(back, tmp_path), builtin_catalog))


# -- IcebergTTX's samples ------------------------------------------------------------------


def test_icebergttx_sample_layout(tmp_path, builtin_catalog):
    out = imported(IMPORTS / "icebergttx-sample-layout.json", tmp_path)
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    # a team whose id is a role's keeps its own name ('Legal', not the role's label)
    assert doc["role_labels"]["legal"] == "Legal"
    sc = load_clean(out, builtin_catalog)
    play_to_end(sc)
    play_to_end(sc, pick=1)
    # exported, with x_tabletop or saved through IcebergTTX's model, and imported again
    exported = tmp_path / "out.json"
    assert cli("export", str(out), "--format", "iceberg", "-o", str(exported)) == 0
    again = imported(exported, tmp_path)
    same_scenario(sc, load_clean(again, builtin_catalog))
    saved = tmp_path / "saved.json"
    saved.write_text(json.dumps(through_icebergttx(json.loads(exported.read_text()))), encoding="utf-8")
    same_scenario(sc, load_clean(imported(saved, tmp_path), builtin_catalog))


def test_icebergttx_notes_are_in_the_language_of_the_text(tmp_path, builtin_catalog):
    """The words the import writes beside a Japanese inject (expected actions, the teams
    that receive it, a single way on, the expected choice) are Japanese; the one way on
    goes back out as the inject's single option, with the source's ids."""
    from tabletop.engine.exchange.detect import import_text
    from tabletop.engine.exchange.iceberg import scenario_to_iceberg

    doc = json.loads((IMPORTS / "icebergttx-sample-layout.json").read_text(encoding="utf-8"))
    ja = {
        "payroll_down": ("給与ポータル停止", "給与委託先のポータルがエラーを返します。"),
        "staff_worry": ("社員からの問い合わせ", "社員が金曜日に給与が出るか尋ねています。"),
        "deadline_near": ("給与日に間に合わない", "委託先の復旧見込みは給与日の後です。"),
    }
    for inj in doc["injects"]:
        if inj["id"] in ja:
            inj["title"], inj["content"] = ja[inj["id"]]
    doc["injects"][1]["expected_actions"].append("Post a short, honest update")  # one of its options
    path = tmp_path / "ja.yaml"
    path.write_text(import_text(json.dumps(doc), builtin_catalog)[1], encoding="utf-8")
    sc = load_clean(path, builtin_catalog)
    notes = {nid: n.facilitator.get("ja") if n.facilitator else "" for nid, n in sc.nodes.items()}
    assert notes["payroll-down-decision"].startswith("期待される対応:\n- Confirm what the outage affects")
    assert "この付与を受け取るチーム: Communications, Executive" in notes["staff-worry-decision"]
    assert "元のシナリオの選択肢は一つ(「Switch to the manual run now」)だけ" in notes["deadline-near"]
    for english in ("Expected actions:", "Teams receiving", "The source offers"):
        assert english not in "".join(
            notes[k] for k in ("payroll-down-decision", "staff-worry-decision", "deadline-near")
        )
    announce = sc.nodes["staff-worry-decision"].questions[0].options[0]
    assert announce.feedback.get("ja").startswith("期待される選択です")
    out = scenario_to_iceberg(sc, builtin_catalog)
    near = next(i for i in out["injects"] if i["id"] == "deadline_near")
    assert near["options"] == [
        {"id": "go_manual", "label": "Switch to the manual run now", "next_inject_id": "staff_worry"}
    ]


def test_blueprint_json_download(tmp_path, builtin_catalog, capsys):
    """Blueprint's 'Download JSON file' (its MselEntity serialised): read as the sheet
    Blueprint would download for it, events in DeltaSeconds and GroupOrder order."""
    out = imported(IMPORTS / "blueprint-msel-export.json", tmp_path)
    err = capsys.readouterr().err
    assert "read as Blueprint JSON in UTF-8" in err
    assert "read the CMU SEI Blueprint MSEL: 4 events, 12 data fields" in err
    assert "A 'Time' -> time" in err and "K 'To Org' -> to" in err and "'Assigned To' -> controller" in err
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert doc["title"] == "Hospital ransomware drill"
    assert doc["summary"] == "A two-day drill for the hospital's IT, communications and legal teams."
    events = [n for n in doc["nodes"] if n != "end"]
    assert events == ["event-1-1", "event-1-2", "event-1-3", "event-2-1"]  # the file lists them backwards
    assert doc["nodes"]["event-1-3"]["text"].startswith(
        "Press enquiry\n\n- A journalist calls the switchboard.\n- She asks whether patient data was taken."
    )
    assert doc["nodes"]["event-1-2"]["advance"] == "15m" and "advance" not in doc["nodes"]["event-1-3"]
    assert doc["nodes"]["event-2-1"]["advance"] == "25h45m"  # 26 hours from the start
    assert doc["nodes"]["event-2-1"]["audience"] == ["legal"]
    sc = load_clean(out, builtin_catalog)
    assert len([t for o in sc.objectives for t in o.tasks]) == 4
    play_to_end(sc)
    back = tmp_path / "back.xlsx"
    assert cli("export", str(out), "--format", "msel-xlsx", "-o", str(back)) == 0
    same_scenario(sc, load_clean(imported(back, tmp_path), builtin_catalog))
    # --map reads its columns as a sheet's
    again = imported(IMPORTS / "blueprint-msel-export.json", tmp_path, "--map", "Details=notes")
    assert "L 'Details' -> notes" in capsys.readouterr().err
    assert again.exists()


def test_blueprint_seed_data_is_refused_with_the_shapes_it_knows(tmp_path):
    """Blueprint's seed-data.json (templates, no MSEL) is not an export: named as such."""
    f = tmp_path / "seed.json"
    f.write_text(json.dumps({"Msels": [], "ScenarioEvents": [], "DataFields": []}), encoding="utf-8")
    from tabletop.tui.cli.errors import CliError

    with pytest.raises(CliError, match="no scenario events"):
        cli("import", str(f))
    f.write_text(json.dumps({"Msels": [{"Id": "x"}], "Moves": []}), encoding="utf-8")
    with pytest.raises(CliError, match="nor a Blueprint MSEL"):
        cli("import", str(f))


def test_blueprint_json_is_bounded_as_a_sheet_is(tmp_path):
    from tabletop.tui.cli.errors import CliError

    doc = json.loads((IMPORTS / "blueprint-msel-export.json").read_text(encoding="utf-8"))
    doc["ScenarioEvents"][0]["DataValues"][0]["Value"] = "x" * 100_001
    f = tmp_path / "big.json"
    f.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(CliError, match="the Blueprint MSEL, row 5, has a cell of 100,001 characters"):
        cli("import", str(f))
