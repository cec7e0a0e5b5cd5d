"""Real MSEL spreadsheets (issue 17): the layouts of HSEEP, CMU SEI Blueprint, OpenBAS/OpenAEV
and Japanese MSELs, .xlsx workbooks, encodings, --map, the column summary, the bounds of
every import, and MSEL export as CSV and .xlsx. The fixtures are small files written in
those tools' documented layouts (docs/authoring.md says which follows which)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
import yaml
from openpyxl import Workbook, load_workbook

from tabletop.engine.catalog import load
from tabletop.engine.exchange.columns import find_layout, map_columns
from tabletop.engine.exchange.detect import convert_text, import_bytes, import_text
from tabletop.engine.exchange.graph import ConvertError
from tabletop.engine.exchange.limits import MAX_CELL, MAX_EVENTS
from tabletop.engine.exchange.times import minutes
from tabletop.engine.play import Started, apply, initial, settle
from tabletop.tui.cli.errors import CliError
from tests.conftest import DATA, ROOT
from tests.e2e.test_import import cli, load_clean, play_to_end

IMPORTS = DATA / "import"


def imported(path, tmp_path, *extra):
    out = tmp_path / (path.stem + ".yaml")
    assert cli("import", str(path), "-o", str(out), *extra) == 0
    return out


def doc_of(out):
    return yaml.safe_load(out.read_text(encoding="utf-8"))


def facilitator_notes(doc) -> str:
    return "\n".join(n.get("facilitator", "") for n in doc["nodes"].values())


# -- the layouts of the tools ------------------------------------------------------------


def test_hseep_msel_template(tmp_path, builtin_catalog, capsys):
    out = imported(IMPORTS / "hseep-msel.csv", tmp_path)
    err = capsys.readouterr().err
    assert "'Player Recipient' -> to" in err
    assert "'Responsible Controller' -> controller" in err and "it is not the audience" in err
    assert "'Core Capability' ignored: a second objective column: 'Objective' is read" in err
    doc = doc_of(out)
    assert doc["title"] == "Riverside Water Authority cyber exercise - Master Scenario Events List"
    assert doc["clock"] == {"start": "09:00"}
    # the quoted cells with doubled quotes stay whole
    assert 'operators see "stale data" warnings' in doc["nodes"]["event-1"]["text"]
    notes = facilitator_notes(doc)
    assert "Controller: Controller 1 (J. Diaz)" in notes
    # the controller is never in the audience: no role is labelled with a controller's name
    assert not any("Controller" in label for label in doc.get("role_labels", {}).values())
    sc = load_clean(out, builtin_catalog)
    assert [len(o.tasks) for o in sc.objectives] and all(t.rated for o in sc.objectives for t in o.tasks)
    play_to_end(sc)


def test_blueprint_assigned_to_is_the_controller_not_the_audience(tmp_path, builtin_catalog, capsys):
    out = imported(IMPORTS / "blueprint-msel.csv", tmp_path)
    err = capsys.readouterr().err
    assert "'To Org' -> to" in err and "'Assigned To' -> controller" in err
    assert "'Status' ignored: the inject's delivery status" in err
    doc = doc_of(out)
    labels = " ".join(doc.get("role_labels", {}).values())
    assert "Exercise Control Cell" not in labels and "Trusted Agent" not in labels
    assert doc["nodes"]["event-1"]["audience"] == ["csirt"]  # To Org: Security Operations
    assert "Controller: Trusted Agent (Finance)" in doc["nodes"]["event-3"]["facilitator"]
    assert doc["clock"] == {"start": "13:00"} and doc["nodes"]["event-2"]["advance"] == "15m"
    play_to_end(load_clean(out, builtin_catalog))


def test_openbas_timeline_without_header_is_mapped_by_position(tmp_path, builtin_catalog, capsys):
    out = imported(IMPORTS / "openbas-timeline.csv", tmp_path)
    err = capsys.readouterr().err
    assert "no header row: columns mapped by position" in err
    assert "B 'column B' -> title" in err and "C 'column C' -> message" in err and "D 'column D' -> to" in err
    doc = doc_of(out)
    injects = [n for n in doc["nodes"].values() if n["kind"] == "inject"]
    assert len(injects) == 4  # the first row is an event, not a header
    assert injects[0]["text"].startswith("Unusual outbound traffic")
    assert doc["nodes"]["event-4"]["advance"] == "45m"
    play_to_end(load_clean(out, builtin_catalog))


def test_japanese_msel_in_cp932(tmp_path, builtin_catalog, capsys):
    out = imported(IMPORTS / "japanese-msel-cp932.csv", tmp_path)
    err = capsys.readouterr().err
    assert "read as CSV in CP932/Shift-JIS" in err
    assert "'受信者' -> to" in err and "'担当' -> controller" in err and "'状況付与' -> message" in err
    doc = doc_of(out)
    assert doc["title"] == "配水センター サイバー演習 MSEL"
    assert doc["id"] != "imported-scenario" and doc["id"].startswith("msel-")
    text = "".join(
        line for line in out.read_text(encoding="utf-8").splitlines(True) if not line.startswith("#")
    )
    # the words the import writes are Japanese too
    assert "発信者: 監視員 (電話)" in text and "期待される対応: " in text and "訓練の終わり" in text
    assert "From:" not in text and "Expected action" not in text and "End of the exercise" not in text
    assert doc["nodes"]["event-2"]["audience"] == ["csirt"]  # 情報セキュリティ担当
    play_to_end(load_clean(out, builtin_catalog))


@pytest.mark.parametrize("bom", [b"\xff\xfe", b""])
def test_utf16_with_and_without_byte_order_mark(bom, tmp_path, builtin_catalog):
    data = (IMPORTS / "japanese-msel-utf16.txt").read_bytes()
    assert data.startswith(b"\xff\xfe")
    f = tmp_path / "utf16.csv"
    f.write_bytes(bom + data[2:])
    done = import_bytes(f.read_bytes(), builtin_catalog, name="utf16")
    assert str(done.report[0]) == "read as CSV in UTF-16 LE"
    assert "SNS で当社の情報漏えいを疑う投稿が拡散している。" in done.yaml
    assert "+15分" in done.yaml and "advance: 15m" in done.yaml


def test_utf16_be_and_utf8_bom(builtin_catalog):
    text = "Time,To,Message\n09:00,IT,Le serveur est arrêté\n"
    for data, name in (
        (b"\xfe\xff" + text.encode("utf-16-be"), "UTF-16 BE"),
        (text.encode("utf-16-be"), "UTF-16 BE"),
        (b"\xef\xbb\xbf" + text.encode(), "UTF-8 with a byte-order mark"),
    ):
        done = import_bytes(data, builtin_catalog)
        assert str(done.report[0]) == f"read as CSV in {name}" and "Le serveur est arrêté" in done.yaml


def test_japanese_titles_get_readable_unique_ids(builtin_catalog):
    a = yaml.safe_load(convert_text("内容,時刻\n停電が起きた,9:00\n", builtin_catalog, name="停電訓練").yaml)
    b = yaml.safe_load(convert_text("内容,時刻\n停電が起きた,9:00\n", builtin_catalog, name="断水訓練").yaml)
    c = yaml.safe_load(
        convert_text("内容,時刻\n停電が起きた,9:00\n", builtin_catalog, name="2024年 停電訓練").yaml
    )
    assert a["id"] != b["id"] and a["id"].startswith("imported-") and a["id"] != "imported-scenario"
    assert c["id"].startswith("2024-")


def test_an_iceberg_import_says_how_it_read_the_file(builtin_catalog):
    data = (IMPORTS / "water-utility-ransomware.json").read_text(encoding="utf-8").encode("utf-16")
    assert [str(x) for x in import_bytes(data, builtin_catalog).report] == [
        "read as IcebergTTX JSON in UTF-16 LE"
    ]


def test_iceberg_boilerplate_follows_the_language_of_the_source(builtin_catalog):
    doc = json.loads((IMPORTS / "water-utility-ransomware.json").read_text(encoding="utf-8"))
    for inj in doc["injects"]:
        inj["title"], inj["content"] = "浄水場の異常", "監視画面が止まった。"
    doc["title"] = "水道のランサムウェア"
    text = convert_text(json.dumps(doc, ensure_ascii=False), builtin_catalog).yaml
    assert "浄水場の異常: どう対応しますか?" in text and "what do you do?" not in text
    assert "からのメッセージ" in text and "Message from" not in text and "訓練の終わり" in text


# -- .xlsx workbooks ----------------------------------------------------------------------


def workbook(tmp_path, name="msel.xlsx") -> bytes:
    """A workbook as a planner leaves one: an instructions sheet first, then the MSEL with
    real date and time cells, then a second MSEL sheet."""
    wb = Workbook()
    info = wb.active
    info.title = "Instructions"
    info.append(["Fill in one row per inject. Keep the header row."])
    ws = wb.create_sheet("MSEL")
    with open(IMPORTS / "blueprint-msel.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    ws.append(rows[0])
    for r in rows[1:]:
        r = list(r)
        r[2] = dt.datetime.fromisoformat(r[2])  # a date cell, as Excel stores it
        ws.append(r)
    ws.append(["2", "3", dt.datetime(2025, 3, 4, 14, 30), "Formula", None, "Media", "Communications"])
    ws["E6"] = '=HYPERLINK("http://evil.example","click")'  # a formula: never imported as text
    day2 = wb.create_sheet("Day 2")
    day2.append(["Time", "To", "Message"])
    day2.append([dt.time(8, 0), "IT", "The second day starts with the backups restored."])
    path = tmp_path / name
    wb.save(path)
    return path


def test_xlsx_first_sheet_holding_an_msel(tmp_path, builtin_catalog, capsys):
    out = imported(workbook(tmp_path), tmp_path)
    err = capsys.readouterr().err
    assert "read sheet 'MSEL' of the workbook" in err and "'Assigned To' -> controller" in err
    doc = doc_of(out)
    assert doc["clock"] == {"start": "13:00"} and doc["nodes"]["event-2"]["advance"] == "15m"
    text = out.read_text(encoding="utf-8")
    assert "HYPERLINK" not in text and "evil.example" not in text
    play_to_end(load_clean(out, builtin_catalog))


def test_xlsx_sheet_by_name_and_missing_sheet(tmp_path, builtin_catalog):
    path = workbook(tmp_path)
    doc = doc_of(imported(path, tmp_path, "--sheet", "Day 2"))
    assert doc["clock"] == {"start": "08:00"} and len(doc["nodes"]) == 2
    with pytest.raises(CliError, match=r"no sheet 'Day 3' \(sheets: 'Instructions', 'MSEL', 'Day 2'\)"):
        cli("import", str(path), "--sheet", "Day 3")
    with pytest.raises(CliError, match="--sheet is for .xlsx workbooks"):
        cli("import", str(IMPORTS / "hseep-msel.csv"), "--sheet", "MSEL")


def test_xlsx_without_an_msel(tmp_path):
    wb = Workbook()
    wb.active.append(["Budget", 1200])
    wb.active.append(["Travel", 300])
    path = tmp_path / "budget.xlsx"
    wb.save(path)
    with pytest.raises(CliError, match="no sheet of the workbook holds an MSEL: 'Sheet': not an MSEL"):
        cli("import", str(path))


def test_xlsx_bombs_are_refused(tmp_path):
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z, z.open("xl/worksheets/sheet1.xml", "w") as f:
        for _ in range(130):
            f.write(bytes(2**20))  # 130 MiB of zeros: a few hundred KiB packed
    with pytest.raises(ConvertError, match="the workbook unpacks to 130 MiB; the bound is 128 MiB"):
        import_bytes(buf.getvalue())
    wb = Workbook()
    wb.active.append(["Time", "Message"])
    wb.active["A200000"] = "09:00"  # a sheet reaching far down, blank between
    path = tmp_path / "tall.xlsx"
    wb.save(path)
    with pytest.raises(ConvertError, match="more than 100,000 rows"):
        import_bytes(path.read_bytes())


def test_a_damaged_workbook_is_a_sentence_not_a_crash(tmp_path):
    import zipfile

    good = io.BytesIO()
    wb = Workbook()
    wb.active.append(["Time", "Message"])
    wb.active.append(["09:00", "The server is down"])
    wb.save(good)
    damaged = io.BytesIO()
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(damaged, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]  # cut in the middle of the XML
            dst.writestr(item, data)
    with pytest.raises(ConvertError, match="cannot be read"):
        import_bytes(damaged.getvalue())


def test_hostile_header_names_reach_the_summary_as_plain_text():
    layout = find_layout([["Time", "Message", "\x1b]0;PWNED\x07\x1b[31mColour\u202e"], ["09:00", "x", "y"]])
    text = "\n".join(map(str, layout.summary()))
    assert "Colour" in text and not any(ch in text for ch in "\x1b\x07\u202e")


# -- --map ---------------------------------------------------------------------------------


def test_map_overrides_and_its_errors(tmp_path, builtin_catalog, capsys):
    out = imported(IMPORTS / "blueprint-msel.csv", tmp_path, "--map", "Assigned To=to", "--map", "K=notes")
    err = capsys.readouterr().err
    assert "'Assigned To' -> to" in err and "'To Org' ignored: --map gave to to another column" in err
    assert "'Status' -> notes" in err
    assert "Exercise Control Cell" in " ".join(doc_of(out)["role_labels"].values())
    with pytest.raises(CliError, match="'audience' is not a field; the fields are number, time"):
        cli("import", str(IMPORTS / "blueprint-msel.csv"), "--map", "To Org=audience")
    with pytest.raises(CliError, match="no column 'Recipient'"):
        cli("import", str(IMPORTS / "blueprint-msel.csv"), "--map", "Recipient=to")
    with pytest.raises(CliError, match="write it as COLUMN=FIELD"):
        cli("import", str(IMPORTS / "blueprint-msel.csv"), "--map", "to")


def test_map_reads_a_sheet_no_rule_recognises(builtin_catalog):
    text = "When,Who,What happens\n09:00,IT,The server is down\n09:30,Executives,The press calls\n"
    with pytest.raises(ConvertError, match="not an MSEL"):
        import_text(text, builtin_catalog)
    done = convert_text(text, builtin_catalog, overrides=[("What happens", "message"), ("Who", "to")])
    doc = yaml.safe_load(done.yaml)
    assert (
        doc["nodes"]["event-2"]["audience"] == ["management"] and doc["nodes"]["event-2"]["advance"] == "30m"
    )


def test_player_columns_win_over_controller_columns_in_any_order():
    cols = map_columns(["Assigned To", "Description", "Recipient Player", "To Org"])
    assert cols["to"] == 2 and cols["controller"] == 0
    cols = map_columns(["時刻", "担当", "宛先", "内容", "期待される対応(プレイヤー)"])
    assert cols == {"controller": 1, "time": 0, "to": 2, "message": 3, "expected": 4}
    # an OpenBAS/OpenAEV timeline sheet with its header
    cols = map_columns(["Title", "Description", "Relative time", "Teams", "Expected"])
    assert cols == {"title": 0, "message": 1, "time": 2, "to": 3, "expected": 4}
    cols = map_columns(["経過時間", "送信元", "対象", "状況付与", "期待される行動", "備考", "目標"])
    assert cols == {"time": 0, "from": 1, "to": 2, "message": 3, "expected": 4, "notes": 5, "objective": 6}


# -- refusals with a reason ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, message",
    [
        (
            "Time,To,Message\n09:00,IT,Café déjà down\n".encode("cp1252"),
            "not in a supported encoding (tried UTF-8",
        ),
        (b"\xd0\xcf\x11\xe0" + bytes(600), "old Excel (.xls)"),
        (b"%PDF-1.7\n" + bytes(100), "a PDF document"),
        (b"Time,Message\n\x00\x01\x02\x03\x00\x00\x00", "binary"),
        (b"PK\x03\x04" + bytes(100), "not an .xlsx workbook that can be read"),
        (b"one\ntwo\nthree\n", "not an MSEL: the file has one column"),
        (("[" * 100_000 + "]" * 100_000).encode(), "nests more than 64 levels deep"),
        (b"Time,Message\n09:00," + b"x" * (MAX_CELL + 1) + b"\n", f"a cell of {MAX_CELL + 1:,} characters"),
    ],
    ids=["cp1252", "xls", "pdf", "binary", "zip", "one-column", "deep-json", "huge-cell"],
)
def test_refused_with_a_reason(data, message):
    with pytest.raises(
        ConvertError, match=message.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")
    ):
        import_bytes(data)


def test_readme_and_deep_json_are_exit_2_not_a_crash(tmp_path):
    with pytest.raises(CliError) as e:
        cli("import", str(ROOT / "README.md"))
    assert "not an MSEL" in str(e.value) and e.value.code == 2
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(CliError) as e:
        cli("import", str(deep))
    assert "nests more than 64 levels deep" in str(e.value) and e.value.code == 2


def test_iceberg_injects_are_bounded_and_map_is_for_msels(builtin_catalog):
    doc = json.loads((IMPORTS / "water-utility-ransomware.json").read_text(encoding="utf-8"))
    doc["injects"] = [dict(doc["injects"][0], id=f"i{k}") for k in range(MAX_EVENTS + 1)]
    with pytest.raises(ConvertError, match=f"{MAX_EVENTS + 1:,} injects; Tabletop imports at most"):
        import_text(json.dumps(doc), builtin_catalog)
    with pytest.raises(ConvertError, match="--map is for MSEL spreadsheets"):
        convert_text(
            (IMPORTS / "water-utility-ransomware.json").read_text(), builtin_catalog, overrides=[("a", "to")]
        )


def test_a_quote_past_4_kb_is_read_as_excel_writes_it(builtin_catalog):
    rows = ["Time,To,Message"] + [
        f"09:{i % 60:02d},IT,Plain event {i} with enough words to fill" for i in range(100)
    ]
    rows.append('10:00,IT,"The caller says ""the plant is down"", then hangs up"')
    text = "\n".join(rows) + "\n"
    assert text.index('""') > 4096
    doc = yaml.safe_load(convert_text(text, builtin_catalog).yaml)
    assert doc["nodes"]["event-101"]["text"] == 'The caller says "the plant is down", then hangs up'


def test_events_bound_and_the_longest_chain_plays(builtin_catalog):
    def chain(n):
        return "Event #,Time,To,Message\n" + "".join(
            f"{i},T+{i // 60}:{i % 60:02d},IT,Step {i}\n" for i in range(n)
        )

    for n in (MAX_EVENTS + 1, 26_000):  # 26,000: the chain of issue 17, refused at once
        with pytest.raises(ConvertError, match=f"Tabletop imports at most {MAX_EVENTS:,}"):
            import_text(chain(n), builtin_catalog)
    # the longest MSEL imported plays to its end without the engine's LoopError
    from tabletop.engine.diagnostics import Sink
    from tabletop.engine.loader import load_scenario

    sink = Sink("chain.yaml")
    text = convert_text(chain(MAX_EVENTS), builtin_catalog).yaml
    sc = load_scenario("chain.yaml", builtin_catalog, sink, text.encode())
    assert sc is not None and not [d for d in sink.items if d.severity == "error"]
    s, _ = settle(sc, apply(sc, initial(), Started(sc.id, seed=1)))
    assert s.ended and len(s.feed) == MAX_EVENTS + 1


# -- times -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("09:15", ("clock", 555)),
        ("9:15 PM", ("clock", 1275)),
        ("9時15分", ("clock", 555)),
        ("Day 2 08:00", ("clock", 1920)),
        ("T+0:15", ("offset", 15)),
        ("+2h", ("offset", 120)),
        ("15 min", ("offset", 15)),
        ("+15分", ("offset", 15)),
        ("30分後", ("offset", 30)),
        ("2025-03-04 13:15", ("datetime", dt.date(2025, 3, 4).toordinal() * 1440 + 795)),
        ("3/4/2025 1:15 PM", ("datetime", dt.date(2025, 3, 4).toordinal() * 1440 + 795)),
        ("Phishing report", None),
        ("12", None),
    ],
)
def test_times(cell, expected):
    assert minutes(cell) == expected


@pytest.mark.parametrize(
    "name", ["LICENSE", "Makefile", "docs/format.md", "docs/schema.md", "docs/authoring.md"]
)
def test_text_files_are_not_msels(name, builtin_catalog):
    with pytest.raises(ConvertError, match="not an MSEL"):
        import_bytes((ROOT / name).read_bytes(), builtin_catalog)


def test_a_message_column_alone_is_a_header_but_a_loose_match_alone_is_not():
    assert find_layout([["Message", "Colour"], ["The server is down", "red"]]).fields == {"message": 0}
    with pytest.raises(ConvertError, match="not an MSEL"):
        find_layout([["Text is data: nothing from a file", "runs"], ["Another line", "of prose"]])


def test_layout_summary_names_every_column():
    layout = find_layout([["Time", "Message", "Colour", ""], ["09:00", "x", "red", "y"]])
    lines = [str(x) for x in layout.summary()]
    assert lines[0] == "columns (header on row 1):"
    assert "  C 'Colour' ignored: not a known MSEL column" in lines[3]
    assert lines[4] == "  D '(no name)' ignored: no header"
    assert "no recipient column: every inject goes to all the players" in lines


# -- export --------------------------------------------------------------------------------------


HOSTILE_TITLE = '=HYPERLINK("http://evil.example","x")'


def hostile_scenario(tmp_path, builtin_catalog):
    """A scenario whose texts start like formulas, with a renamed role (role_labels)."""
    src = (ROOT / "scenarios" / "fy2020-01-nas-failover-outage.yaml").read_text(encoding="utf-8")
    doc = yaml.safe_load(src)
    doc["id"] = "my-nas-drill"
    doc["title"] = {"en": HOSTILE_TITLE, "ja": "NAS 訓練"}
    doc["summary"] = {"en": "+1 summary line", "ja": "概要"}
    for n in doc["nodes"].values():
        if n.get("kind") == "inject":
            n["text"] = {"en": "@SUM(A1:A9) the logs", "ja": "ログ"}
            break
    path = tmp_path / "my-nas-drill.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    load_clean(path, builtin_catalog)
    assert doc.get("role_labels")
    return path, doc


def test_msel_csv_export_has_a_bom_and_no_formula(tmp_path, builtin_catalog):
    path, _ = hostile_scenario(tmp_path, builtin_catalog)
    out = tmp_path / "out.csv"
    assert cli("export", str(path), "--format", "msel-csv", "--lang", "en", "-o", str(out)) == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    cells = [c for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for c in row]
    assert "'" + HOSTILE_TITLE in cells and "'+1 summary line" in cells
    assert any(c.startswith("'@SUM(A1:A9)") for c in cells)
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]


def test_msel_xlsx_export_has_no_formula_cell(tmp_path, builtin_catalog):
    path, _ = hostile_scenario(tmp_path, builtin_catalog)
    out = tmp_path / "out.xlsx"
    assert cli("export", str(path), "--format", "msel-xlsx", "--lang", "en", "-o", str(out)) == 0
    ws = load_workbook(out).active
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c for c in cells if c.data_type == "f"]
    assert ws["B1"].value == "'" + HOSTILE_TITLE
    assert any(str(c.value).startswith("'@SUM(A1:A9)") for c in cells)


@pytest.mark.parametrize("fmt", ["msel-csv", "msel-xlsx"])
def test_msel_round_trip_keeps_title_id_summary_tags_and_labels(fmt, tmp_path, builtin_catalog):
    path, src = hostile_scenario(tmp_path, builtin_catalog)
    ext = "xlsx" if fmt == "msel-xlsx" else "csv"
    current = path
    docs = []
    for k in range(2):  # twice: nothing may grow on each pass
        sheet = tmp_path / f"pass{k}.{ext}"
        assert cli("export", str(current), "--format", fmt, "--lang", "en", "-o", str(sheet)) == 0
        current = imported(sheet, tmp_path)
        docs.append(doc_of(current))
    for doc in docs:
        assert doc["id"] == "my-nas-drill" and doc["title"] == HOSTILE_TITLE
        assert doc["summary"] == "+1 summary line" and doc["tags"] == src["tags"]
        assert all("(" not in label for label in doc.get("role_labels", {}).values())
    assert docs[0]["role_labels"] == docs[1]["role_labels"]
    assert docs[0]["nodes"] == docs[1]["nodes"]
    sc, _ = load(str(current), builtin_catalog, deep=True)
    assert sc is not None


@pytest.mark.parametrize("fmt", ["msel-csv", "msel-xlsx"])
def test_msel_round_trip_keeps_the_clock_and_the_rated_tasks(fmt, tmp_path, builtin_catalog):
    """Each node's advance comes back from the Time column (days past midnight included),
    and the rated critical tasks from the Rated Tasks column."""
    from tabletop.tui.cli.loading import load_or_fail

    src = load_or_fail("fy2024-02", builtin_catalog)
    sheet = tmp_path / ("x.xlsx" if fmt == "msel-xlsx" else "x.csv")
    assert cli("export", "fy2024-02", "--format", fmt, "--lang", "en", "-o", str(sheet)) == 0
    back = load_clean(imported(sheet, tmp_path), builtin_catalog)
    assert back.clock_start == src.clock_start
    assert {n: x.effects.advance for n, x in back.nodes.items()} == {
        n: x.effects.advance for n, x in src.nodes.items()
    }
    assert any(x.effects.advance >= 1440 for x in src.nodes.values())  # a day or more: past midnight
    tasks = lambda sc: sorted((t.text.get("en"), t.at) for o in sc.objectives for t in o.tasks)  # noqa: E731
    from tabletop.engine.exchange.order import task_node

    assert tasks(back) == sorted(
        (t.text.get("en"), task_node(src, t)) for o in src.objectives for t in o.tasks
    )
