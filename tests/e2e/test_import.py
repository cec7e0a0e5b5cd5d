"""`tabletop import` / `tabletop export`: IcebergTTX JSON and MSEL CSV to and from format v1."""

from __future__ import annotations

import argparse
import gc
import json
import sys

import pytest

from tabletop.engine.catalog import load
from tabletop.engine.exchange.columns import map_columns
from tabletop.engine.exchange.detect import import_text
from tabletop.engine.exchange.graph import ConvertError
from tabletop.engine.exchange.iceberg import scenario_to_iceberg
from tabletop.engine.exchange.msel import rows_to_csv, scenario_to_msel
from tabletop.engine.play import Decided, Started, apply, initial, settle, waiting
from tabletop.tui.cli.commands.convert import add_parser, run
from tabletop.tui.cli.errors import CliError
from tests.conftest import DATA, ROOT

ICEBERG = DATA / "import" / "water-utility-ransomware.json"
MSEL = DATA / "import" / "regional-hospital-msel.csv"


def cli(*argv: str) -> int:
    p = argparse.ArgumentParser(prog="tabletop")
    add_parser(p.add_subparsers(dest="command"))
    return run(p.parse_args(list(argv)))


def load_clean(path, catalog):
    sc, diags = load(str(path), catalog, deep=True)
    assert sc is not None
    assert not diags, [str(d) for d in diags]
    return sc


def play_to_end(sc, pick=0):
    """Answer every question with option number `pick` (or the last) until an ending."""
    s = apply(sc, initial(), Started(sc.id, seed=3))
    s, _ = settle(sc, s)
    for _ in range(200):
        w = waiting(sc, s)
        if w.kind == "over":
            break
        role = w.roles[0]
        opts = w.node.question(role).options
        s = apply(sc, s, Decided(w.node.id, role, opts[min(pick, len(opts) - 1)].id))
        s, _ = settle(sc, s)
    assert s.ended and sc.nodes[s.node].kind == "ending"
    return s


def counts(sc):
    return (sum(n.kind == "inject" for n in sc.nodes.values()), len(sc.decisions), len(sc.endings))


# -- IcebergTTX --------------------------------------------------------------------------


def test_iceberg_import_validates_and_plays(tmp_path, builtin_catalog):
    out = tmp_path / "water.yaml"
    assert cli("import", str(ICEBERG), "-o", str(out)) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Imported with `tabletop import` from the IcebergTTX scenario")
    assert "no option carries a" in text  # weights are 0, and the header says so
    sc = load_clean(out, builtin_catalog)
    assert sc.id == "ransomware-at-the-water-utility"
    assert sc.roles == ("system", "csirt", "management")
    assert sc.role_labels["csirt"].get("en") == "Security Operations Centre"
    # 7 injects + 1 message inject (triggers_communications), 2 decisions, one generic ending
    assert counts(sc) == (8, 2, 1)
    d = sc.nodes["inject-02-decision"]
    assert [o.id for o in d.questions[0].options] == ["opt-isolate", "opt-restore", "opt-wait"]
    assert d.questions[0].option("opt-isolate").next[0].to == "inject-03a"
    assert all(o.weight == 0 for n in sc.decisions for q in n.questions for o in q.options)
    assert "Isolate IT from OT" in d.facilitator.get("en")
    assert sc.nodes["inject-01"].audience == ("system",)
    assert "State drinking-water regulator" in sc.nodes["inject-03b-messages"].text.get("en")
    assert "IT/OT segmentation" in sc.debrief.what_happened.get("en")  # debrief_notes: the debrief's
    for pick in (0, 1, 2):
        play_to_end(sc, pick)


def test_iceberg_import_with_id_and_plain_play(tmp_path, builtin_catalog):
    out = tmp_path / "w.yaml"
    assert cli("import", str(ICEBERG), "-o", str(out), "--id", "my-drill") == 0
    assert load_clean(out, builtin_catalog).id == "my-drill"
    import subprocess

    env = {"TABLETOP_HOME": str(tmp_path / "home"), "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}
    code = (
        "import sys; from tabletop.tui.cli.main import main; sys.argv[0]='tabletop'; "
        f"sys.exit(main(['play', {str(out)!r}, '--plain', '--seed', '1']))"
    )
    # two answers, then the players rate the expected actions themselves: P, a skip, a
    # wrong key and U, then q stops rating and the debrief follows
    r = subprocess.run(
        [sys.executable, "-c", code], input=b"1\n1\np\n\nx\nu\nq\n", capture_output=True, cwd=ROOT,
        env=env, timeout=60,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr.decode()
    text = r.stdout.decode()
    assert "End of the exercise" in text and "rate 10 critical task(s) yourselves" in text
    assert "'x' is not P, S, M or U." in text
    assert "[+] Declare a security incident (performed, your own rating P)" in text
    assert "[?] Isolate IT from OT (not rated yet" in text
    assert "[-] Preserve evidence before restoring (not performed, your own rating U)" in text


def test_iceberg_sample_shape_from_icebergttx(builtin_catalog, tmp_path):
    """The shape of IcebergTTX's own samples: a one-option inject, options ending a branch
    (next_inject_id null), teams whose ids are not role ids."""
    doc = {
        "schema_version": "1.0",
        "title": "Quick start",
        "participant_teams": [{"id": "it_ops", "label": "IT Operations"}, {"id": "comms", "label": "Comms"}],
        "injects": [
            {
                "id": "a",
                "title": "Alert",
                "content": "Files are encrypted.",
                "target_teams": ["it_ops"],
                "options": [
                    {"id": "isolate", "label": "Isolate", "next_inject_id": "b"},
                    {"id": "stop", "label": "Stop here", "next_inject_id": None},
                ],
            },
            {
                "id": "b",
                "title": "Spread",
                "content": "More servers.",
                "options": [{"id": "go", "label": "Escalate", "next_inject_id": "c"}],
            },
            {"id": "c", "title": "Press", "content": "A reporter calls.", "target_teams": ["comms"]},
        ],
        "start_inject_id": "a",
    }
    kind, text = import_text(json.dumps(doc), builtin_catalog)
    assert kind == "iceberg"
    f = tmp_path / "q.yaml"
    f.write_text(text, encoding="utf-8")
    sc = load_clean(f, builtin_catalog)
    assert sc.roles == ("system", "pr")
    assert sc.nodes["a-decision"].questions[0].option("stop").next[0].to == "end"
    assert sc.nodes["b"].next[0].to == "c" and "one way on" in sc.nodes["b"].facilitator.get("en")
    play_to_end(sc, 0)
    play_to_end(sc, 1)


@pytest.mark.parametrize(
    "content, message",
    [
        ("{not json", "not valid JSON"),
        ('{"schema_version": "2.0", "title": "x", "injects": [], "start_inject_id": "a"}', "schema_version"),
        ('{"schema_version": "1.0", "title": "x", "start_inject_id": "a"}', "no 'injects'"),
        ('{"schema_version": "1.0", "injects": [], "start_inject_id": "a"}', "no 'title'"),
        (
            '{"schema_version": "1.0", "title": "x", "start_inject_id": "a", "injects": [{"id": "a", "title": "t"}]}',
            "no 'content'",
        ),
        (
            '{"schema_version": "1.0", "title": "x", "start_inject_id": "zz", '
            '"injects": [{"id": "a", "title": "t", "content": "c"}]}',
            "start_inject_id 'zz'",
        ),
        (
            '{"schema_version": "1.0", "title": "x", "start_inject_id": "a", "injects": [{"id": "a", "title": "t", '
            '"content": "c", "options": [{"id": "o", "label": "l", "next_inject_id": "nowhere"}]}]}',
            "'nowhere', which is not one of the injects",
        ),
        ('["a list"]', "neither an IcebergTTX scenario"),
        ("", "empty"),
        ("Time,From\n", "no message column"),
        ("Event,Time,Message\n", "no events"),
    ],
)
def test_bad_input_is_a_clear_error(tmp_path, capsys, content, message):
    f = tmp_path / "bad.json"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(CliError) as e:
        cli("import", str(f))
    assert message in str(e.value) and e.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_missing_and_binary_files(tmp_path):
    with pytest.raises(CliError, match="no such file"):
        cli("import", str(tmp_path / "nope.csv"))
    b = tmp_path / "b.csv"
    b.write_bytes(b"\x00\x01\x02")
    with pytest.raises(CliError, match="binary"):
        cli("import", str(b))


# -- MSEL --------------------------------------------------------------------------------


def test_msel_import_is_linear_and_plays(tmp_path, builtin_catalog):
    out = tmp_path / "h.yaml"
    assert cli("import", str(MSEL), "-o", str(out)) == 0
    sc = load_clean(out, builtin_catalog)
    assert sc.title.get("en") == "Regional hospital phishing drill"  # the title row above the header
    assert counts(sc) == (8, 0, 1)
    assert sc.clock_start == 8 * 60
    assert sc.nodes["event-3"].audience == ("csirt", "system")
    assert sc.nodes["event-7"].audience == ()  # "All"
    assert sc.nodes["event-2"].effects.advance == 20
    assert "Block the sender" in sc.nodes["event-2"].facilitator.get("en")
    assert sc.role_labels["management"].get("en") == "Executive"
    s = play_to_end(sc)
    assert s.feed[-1] == "end" and len(s.feed) == 9


def test_msel_header_variants():
    cols = map_columns(
        ["Serial", "Scenario Time", "Sender", "Recipient(s)", "Mode", "Inject", "Expected Response"]
    )
    assert cols == {"number": 0, "time": 1, "from": 2, "to": 3, "method": 4, "message": 5, "expected": 6}
    cols = map_columns(["MSEL #", "TIME", "FROM", "TO", "DELIVERY METHOD", "EVENT DESCRIPTION", "NOTES"])
    assert cols["number"] == 0 and cols["message"] == 5 and cols["notes"] == 6 and cols["method"] == 4


def test_msel_semicolons_and_offsets(builtin_catalog, tmp_path):
    text = "No;T+;Recipient;Description\n1;T+0:00;SOC;Alert fires\n2;T+0:30;Board;Board asks\n"
    _, y = import_text(text, builtin_catalog, "offsets")
    f = tmp_path / "o.yaml"
    f.write_text(y, encoding="utf-8")
    sc = load_clean(f, builtin_catalog)
    assert sc.nodes["event-2"].effects.advance == 30 and sc.nodes["event-2"].audience == ("management",)


# -- exports and round trips ---------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["iceberg", "msel-csv"])
@pytest.mark.parametrize("ref", ["fy2024-02", "fy2024-07"])
def test_round_trip_keeps_injects_and_decisions(tmp_path, builtin_catalog, fmt, ref):
    src, _ = load(ref, builtin_catalog)
    exported = tmp_path / ("x.json" if fmt == "iceberg" else "x.csv")
    assert cli("export", ref, "--format", fmt, "-o", str(exported), "--lang", "en") == 0
    back = tmp_path / "back.yaml"
    assert cli("import", str(exported), "-o", str(back)) == 0
    sc = load_clean(back, builtin_catalog)
    assert counts(sc) == counts(src)
    assert sum(len(n.questions) for n in sc.decisions) == sum(len(n.questions) for n in src.decisions)
    assert sc.start == src.start and set(sc.nodes) == set(src.nodes)
    assert sc.followed_practices() == src.followed_practices()  # the weights come back too
    play_to_end(sc, 0)


def test_iceberg_export_is_schema_1_0(builtin_catalog):
    src, _ = load("fy2024-02", builtin_catalog)
    doc = scenario_to_iceberg(src, builtin_catalog, "ja")
    assert doc["schema_version"] == "1.0" and doc["start_inject_id"] == src.start
    ids = {i["id"] for i in doc["injects"]}
    # every node, the deadline (released on its clock) and the branch injects after
    # decisions that go on by conditions
    assert ids == set(src.nodes) | {"ppc-preliminary", "d-hq-then", "d-containment-then", "d-lessons-then"}
    assert {t["id"] for t in doc["participant_teams"]} == set(src.roles)
    for inj in doc["injects"]:
        assert inj["title"] and inj["content"]
        for o in inj["options"]:
            assert o["next_inject_id"] is None or o["next_inject_id"] in ids
        assert inj["next_inject_id"] is None or inj["next_inject_id"] in ids
    assert doc["injects"][0]["id"] == src.start
    assert "基幹システム" in doc["title"]


def test_msel_export_rows_are_topological(builtin_catalog):
    src, _ = load("fy2024-02", builtin_catalog)
    meta_and_rows = scenario_to_msel(src, builtin_catalog, "en")
    assert meta_and_rows[1] == ["Tabletop id", src.id] and meta_and_rows[4] == []
    rows = meta_and_rows[5:]
    assert rows[0][:4] == ["Event #", "Time", "Type", "Node ID"]
    order = list(dict.fromkeys(r[3] for r in rows[1:]))
    assert order[0] == src.start and set(order) == set(src.nodes)
    pos = {n: i for i, n in enumerate(order)}
    for n in src.nodes.values():
        for e in n.next:
            assert pos[e.to] > pos[n.id]
    assert rows[1][1] == "07:50"
    assert rows_to_csv(rows).count("\n") >= len(rows)


def test_export_errors(tmp_path):
    with pytest.raises(CliError, match="unknown scenario id"):
        cli("export", "no-such-scenario", "--format", "iceberg")


def test_convert_error_is_a_value_error():
    with pytest.raises(ConvertError):
        import_text("", None)


def test_an_imported_exercise_is_evaluated_by_objectives_not_scored(tmp_path, capsys, monkeypatch):
    """Every imported option scores 0: `tabletop test` says so instead of failing on it."""
    from tabletop.tui.cli.main import main

    monkeypatch.setenv("TABLETOP_HOME", str(tmp_path / "home"))
    out = tmp_path / "w.yaml"
    assert cli("import", str(ICEBERG), "-o", str(out)) == 0
    capsys.readouterr()
    assert main(["test", str(out), "--no-metrics"]) == 0
    assert gc.get_freeze_count() == 0  # the command thaws what it froze for its own run
    text = capsys.readouterr().out
    assert "no scored options; evaluated by objectives: 4 objectives, 10 critical tasks" in text
    assert "same-score" not in text and "best score" not in text
    assert main(["test", str(out), "--no-metrics", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["exhaustive"]["evaluated_by"] == "objectives"
