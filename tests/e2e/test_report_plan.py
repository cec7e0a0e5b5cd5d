"""`tabletop report NAME` on a facilitated drill, as a user runs it: the after-action
report in each format, and the improvement plan listed, added to and replaced with
`--plan`, on the finished session, with clear messages for what is wrong."""

from __future__ import annotations

import os
from contextlib import closing

import pytest

from tabletop.engine.catalog import load_catalog
from tabletop.sessions.game import Game
from tabletop.sessions.store import Store
from tabletop.tui.cli.loading import session_loader
from tests.conftest import FEATURES, run_cli
from tests.drills import features_drill, room_clock


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A data directory with a finished drill D and a solo session S, made with the loader
    the command uses (so that the scenario's digest is the one it will load)."""
    monkeypatch.setenv("TABLETOP_HOME", str(tmp_path))
    cat, _ = load_catalog()
    sc, catalog = session_loader(cat)(str(FEATURES))
    with room_clock(), closing(Store(tmp_path / "sessions.db")) as store:
        features_drill(sc, catalog, str(FEATURES), store, "D")
        Game.new(sc, catalog, str(FEATURES), store, "S", seed=1).decide("first", "system", "keep")
    return {"TABLETOP_HOME": str(tmp_path)}


def test_the_plan_is_listed_added_and_replaced(home):
    r = run_cli("report", "D", "--plan", env=home)
    assert r.returncode == 0 and r.stdout.decode() == "Logging | Keep 90 days of logs | IT | 2027-03-31\n"
    r = run_cli(
        "report", "D", "--plan", "Backups", "--action", "Weekly offline copy", "--due", "2027-02-28", env=home
    )
    assert r.returncode == 0, r.stderr
    assert r.stderr.decode() == "saved the plan row 'Backups' in session D\n"
    r = run_cli("report", "D", "--plan", "Logging", "--action", "Keep a year", "--owner", "SOC", env=home)
    assert r.stdout.decode().splitlines() == [
        "Logging | Keep a year | SOC | -",
        "Backups | Weekly offline copy | - | 2027-02-28",
    ]
    md = run_cli("report", "D", "--format", "md", env=home).stdout.decode()
    assert (
        "| Logging | Keep a year | SOC |   |" in md
        and "| Backups | Weekly offline copy |   | 2027-02-28 |" in md
    )


BAD = [  # (arguments, English, Japanese)
    (
        ["--plan", "X", "--action", "Y", "--due", "2027-02-30"],
        "'2027-02-30' is not a date",
        "は日付ではありません",
    ),
    (
        ["--plan", "X", "--action", "Y", "--due", "31/03/2027"],
        "write the due date as YYYY-MM-DD",
        "YYYY-MM-DD",
    ),
    (["--plan", "X"], "needs its corrective action: --action TEXT", "是正措置が必要です"),
    (["--action", "Y"], "need --plan ITEM", "--plan ITEM"),
]


def test_bad_plan_input_gets_a_clear_message_and_changes_nothing(home):
    for i, (args, en, ja) in enumerate(BAD):
        lang, text = ("ja", ja) if i % 2 else ("en", en)  # each language, half the processes
        r = run_cli("--lang", lang, "report", "D", *args, env=home)
        assert r.returncode == 2 and text in r.stderr.decode() and b"Traceback" not in r.stderr, (
            args,
            r.stderr,
        )
    assert run_cli("report", "D", "--plan", env=home).stdout.decode().count("\n") == 1


def test_a_solo_session_has_no_plan_and_keeps_its_report(home):
    r = run_cli("report", "S", "--plan", env=home)
    assert r.returncode == 2 and "not a facilitated drill" in r.stderr.decode()
    md = run_cli("report", "S", env=home).stdout.decode()
    assert md.startswith("# Debrief: Every feature") and "Improvement plan" not in md


def test_every_format_of_the_drill(home, tmp_path):
    for fmt in ("md", "html", "json", "csv", "text"):
        out = tmp_path / f"r.{fmt}"
        r = run_cli("report", "D", "--format", fmt, "--lang", "ja", "-o", str(out), env=home)
        assert r.returncode == 0, r.stderr
        assert os.path.getsize(out) > 500
    assert (tmp_path / "r.csv").read_bytes().startswith("\ufeffn,kind,".encode())
    assert "改善計画" in (tmp_path / "r.html").read_text(encoding="utf-8")
