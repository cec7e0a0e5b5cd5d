"""Hostile content through every command and every document format.

A scenario, its practices and its roles whose every text holds markup, terminal escapes
(OSC title and clipboard, CSI, RIS, 8-bit C1), controls, bidi and invisible characters,
spreadsheet formulas, HTML, a 20,000-character word and Japanese/English mixes
(tests/hostile.py). Each command must finish within 10 s, never show a traceback or an
internal error, write no forbidden byte to a terminal or a text document, show markup
literally, and write no spreadsheet formula.
"""

from __future__ import annotations

import json
import os
import time

import pytest

from tests.conftest import run_cli
from tests.hostile import MARKUP, formula_cells, leaks, write_hostile_pack

LIMIT = 10.0  # seconds, any command


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    path = write_hostile_pack(base)
    home = base / "home"
    return path, {"TABLETOP_HOME": str(home)}, base


def _run(pack, *args, input=None, lang="en"):
    path, env, _ = pack
    t = time.perf_counter()
    r = run_cli(*args, input=input, env={**env, "TABLETOP_LANG": lang}, timeout=60)
    took = time.perf_counter() - t
    err = r.stderr.decode("utf-8", "replace")
    assert took < LIMIT, f"{args} took {took:.1f}s"
    assert "Traceback" not in err and "internal error" not in err and r.returncode != 70, (args, err[-2000:])
    return r


def _strings(value) -> str:
    if isinstance(value, dict):
        return "".join(_strings(v) for v in value.values())
    if isinstance(value, list):
        return "".join(_strings(v) for v in value)
    return value if isinstance(value, str) else ""


def _clean(r, what):
    found = leaks(r.stdout) + leaks(r.stderr)
    assert not found, f"{what}: {found} reached the output"


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_reading_commands_show_hostile_text_literally(pack, lang):
    path, _, _ = pack
    for args in (
        ("validate", str(path), str(path.parent / "practices.yaml"), "--strict"),
        ("show", str(path), "--lang", lang),
        ("show", str(path), "--json"),
        ("graph", str(path), "--format", "mermaid", "--lang", lang),
        ("graph", str(path), "--format", "dot", "--lang", lang),
        ("test", str(path)),
        ("test", str(path), "--json", "--random", "200"),
        ("export", str(path), "--format", "iceberg", "--lang", lang),
    ):
        r = _run(pack, *args, lang=lang)
        assert r.returncode in (0, 1), (args, r.stderr[-1000:])
        _clean(r, args)
    data = json.loads(_run(pack, "show", str(path), "--json").stdout)
    assert "\x1b]0;PWNED-TITLE\x07" in _strings(data)  # JSON keeps the data (as \u escapes)


def test_play_to_the_end_with_hostile_notes_then_every_report_format(pack, tmp_path):
    path, env, _ = pack
    answers = "n [@click=app.quit]N[/] \x1b]0;PWNED-NOTE\x07 \u202eevil =cmd\n" + "1\n" * 30
    r = _run(
        pack, "play", str(path), "--plain", "--learn", "--seed", "1", "--session", "hostile", input=answers
    )
    assert r.returncode == 0, r.stderr[-2000:]
    _clean(r, "play --plain")
    assert MARKUP.encode() in r.stdout
    for fmt in ("md", "html", "text", "json", "csv"):
        for lang in ("en", "ja"):
            r = _run(pack, "report", "hostile", "--format", fmt, "--lang", lang)
            assert r.returncode == 0, (fmt, r.stderr[-1000:])
            _clean(r, f"report --format {fmt}")
            text = r.stdout.decode("utf-8")
            if fmt == "csv":
                assert not formula_cells(text), formula_cells(text)
            if fmt == "html":
                assert "<script>" not in text and "&lt;script&gt;" in text
            if fmt == "json":
                json.loads(text)
    out = tmp_path / "r.html"
    r = _run(pack, "report", "hostile", "--format", "html", "-o", str(out))
    assert not leaks(out.read_bytes())
    r = _run(pack, "sessions", "--json")
    _clean(r, "sessions --json")


def test_msel_export_has_no_formula_cells_and_imports_back(pack, tmp_path):
    path, _, _ = pack
    csv_file = tmp_path / "msel.csv"
    r = _run(pack, "export", str(path), "--format", "msel-csv", "-o", str(csv_file))
    assert r.returncode == 0, r.stderr
    text = csv_file.read_text(encoding="utf-8")
    assert not formula_cells(text), formula_cells(text)
    assert not leaks(text.replace("\r\n", "\n").encode())
    back = tmp_path / "back.yaml"
    r = _run(pack, "import", str(csv_file), "-o", str(back))
    assert r.returncode == 0, r.stderr[-1000:]
    # the title's apostrophe-neutralised formula came back as it was written
    r = _run(pack, "validate", str(back))
    assert r.returncode in (0, 1), r.stderr[-1000:]
    _clean(r, "validate of the re-import")


def test_hostile_import_files_get_clear_errors(pack, tmp_path):
    """An IcebergTTX file whose title holds newlines and escapes: the generated YAML keeps
    them inside values, never as keys of its own; errors quoting hostile keys stay literal."""
    doc = {
        "schema_version": "1.0",
        "title": "Drill\nid: injected-key\n# \x1b]0;PWNED\x07",
        "description": "[@click=app.quit]x[/]",
        "participant_teams": [{"id": "ops", "label": "\x1b[31mOps [b]x[/b]"}],
        "start_inject_id": "i1",
        "injects": [
            {"id": "i1", "title": "\u202eevil", "content": "=1+1", "target_teams": ["ops"],
             "sequence_order": 1, "next_inject_id": "i2"},
            {"id": "i2", "title": "two\n  injected: key", "content": "+cmd\x9b2J", "sequence_order": 2},
        ],
    }  # fmt: skip
    src = tmp_path / "evil.json"
    src.write_text(json.dumps(doc), encoding="utf-8")
    out = tmp_path / "evil.yaml"
    r = _run(pack, "import", str(src), "-o", str(out))
    _clean(r, "import")
    assert r.returncode == 0, r.stderr
    if True:
        text = out.read_text(encoding="utf-8")
        assert "\nid: injected-key" not in text
        assert not leaks(text.encode(), {"ESC": b"\x1b", "BEL": b"\x07", "RLO": "\u202e".encode()})
        r = _run(pack, "validate", str(out))
        _clean(r, "validate")
    bad_key = tmp_path / "badkey.yaml"
    bad_key.write_text(
        "format: 1\nid: k\n\"[@click=app.screenshot('x.svg','/tmp')]CLICK\\e]0;PWNED\\a[/]\": 1\n",
        encoding="utf-8",
    )
    r = _run(pack, "validate", str(bad_key))
    assert r.returncode == 1
    _clean(r, "validate bad key")
    assert b"[@click=app.screenshot" in r.stdout  # quoted literally in the diagnostic


def test_ids_and_session_names_do_not_accept_a_trailing_newline(pack, tmp_path):
    r = _run(pack, "play", "fy2024-02", "--plain", "--session", "abc\n", input="q\n")
    assert r.returncode == 2 and b"session" in r.stderr.lower()
    f = tmp_path / "nl.yaml"
    f.write_text(
        'format: 1\nid: "alarm\\n"\ntitle: t\nroles: [system]\nstart: "e\\n"\nnodes:\n'
        '  "e\\n": {kind: ending, outcome: good, text: x}\n',
        encoding="utf-8",
    )
    r = _run(pack, "validate", str(f))
    assert r.returncode == 1 and b"TT013" in r.stdout, r.stdout


def test_conditions_take_ascii_digits_only(pack, tmp_path):
    from tests.conftest import check

    doc = (
        "format: 1\nid: digits\ntitle: t\nroles: [system]\ncounters: {n: {start: 0, min: 0, max: 9}}\n"
        "start: i\nnodes:\n  i:\n    kind: inject\n    text: x\n    next:\n"
        "      - {when: 'n > \u0661', to: e}\n      - {to: e}\n  e: {kind: ending, outcome: good, text: x}\n"
    )
    from tabletop.engine.catalog import load_catalog

    catalog, _ = load_catalog()
    codes = {d.code for d in check(doc, catalog)}
    assert "TT040" in codes, codes


def test_the_hostile_run_leaves_no_crash_log(pack):
    _, env, _ = pack
    assert not os.path.exists(os.path.join(env["TABLETOP_HOME"], "crash.log"))


def test_a_facilitators_hostile_text_is_stored_and_read_back_intact(tmp_path, features, mini_catalog):
    """Everything a facilitator or a role terminal types goes through the codec and the
    store and comes back exactly as typed; the views give it back as it is, as text."""
    from tabletop.engine.views import facilitator, projector, role
    from tabletop.sessions.game import Game
    from tabletop.sessions.store import Store
    from tests.conftest import FEATURES
    from tests.hostile import hostile_facilitation

    h = hostile_facilitation()
    store = Store(tmp_path / "s.db")
    g = Game.new(
        features, mini_catalog, str(FEATURES), store, "H", seed=1, mode="facilitated",
        facilitator=h["facilitator"], participants=h["participants"],
    )  # fmt: skip
    g.release(2, by=h["by"])
    g.adhoc(h["adhoc"][0], by=h["adhoc"][1])
    g.adhoc(h["adhoc"][1], ("pr",), by=h["by"])
    g.observe(h["observe"], "evidence", "keep-logs", "M", by=h["by"])
    g.adjust(-1, h["adjust"], by=h["by"])
    g.propose("system", "keep", h["propose"], by=h["by"])
    g.override("report", h["override"], by=h["by"])
    g.decide("first", "system", "keep")
    g.abandon()
    g.hotwash(*h["hotwash"], by=h["by"])
    g.plan(*h["plan"], by=h["by"])
    back = Game.resume(Store(tmp_path / "s.db"), "H", lambda ref: (features, mini_catalog))
    assert back.events == g.events and back.state == g.state
    s = back.state
    assert (s.facilitator, s.participants) == (h["facilitator"], h["participants"])
    assert s.adhoc[0].text == h["adhoc"][0] and s.adhoc[0].by == h["adhoc"][1]
    assert s.observations[0].text == h["observe"] and s.adjustments[0].reason == h["adjust"]
    assert s.overrides[0].reason == h["override"]
    assert (s.hotwash[0].question, s.hotwash[0].text) == h["hotwash"]
    p = s.plan[0]
    assert (p.item, p.action, p.owner, p.due) == h["plan"]
    f = facilitator(features, s, "en").texts()
    for text in (h["adhoc"][0], h["observe"], h["adjust"], h["override"], h["hotwash"][1], *h["plan"]):
        assert text in f
    # the room is given the ad-hoc inject to all, literally, and not the one to pr
    s2 = g.fork(2, "H2").state  # before the end: the room sees the story, not the outcome
    assert h["adhoc"][0] in projector(features, s2, "en").texts()
    assert h["adhoc"][1] not in projector(features, s2, "en").texts()
    assert h["adhoc"][1] in role(features, s2, "pr", "en").texts()
