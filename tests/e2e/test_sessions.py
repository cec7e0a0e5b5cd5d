"""Saved sessions from the command line: naming, listing, resuming after kill -9, reports."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from tabletop.engine.analysis import reach
from tabletop.engine.catalog import load, load_catalog
from tests.conftest import MINI, ROOT, run_cli

EXAMPLE = "fy2024-02"


@pytest.fixture
def home(tmp_path):
    return {"TABLETOP_HOME": str(tmp_path / "home")}


@pytest.fixture(scope="module")
def good_path():
    """What a player types, answer by answer, in a play that reaches the good ending of
    fy2024-02: the option id, then for an open answer the text and for a ruled option the
    rubric level (the player's own rating)."""
    catalog, _ = load_catalog()
    sc, _ = load(EXAMPLE, catalog)
    good = next(e.id for e in sc.endings if e.outcome == "good")
    steps = reach(sc, good)
    typed = []
    for c in (c for s in steps for c in s.choices):
        opt = sc.nodes[c.node].question(c.role).option(c.option)
        typed.append(
            "\n".join(
                [c.option, *(["what we would do"] if opt.open else []), *([c.level] if c.level else [])]
            )
        )
    return typed, good


def options(answers):
    return [a.split("\n")[0] for a in answers]


def _read_until(proc, marker: bytes, timeout: float = 30) -> bytes:
    buf = b""
    end = time.monotonic() + timeout
    os.set_blocking(proc.stdout.fileno(), False)
    while time.monotonic() < end:
        chunk = proc.stdout.read()
        if chunk:
            buf += chunk
            if buf.count(marker) >= 1:
                return buf
        time.sleep(0.05)
    raise AssertionError(f"no {marker!r} within {timeout}s; got {buf[-400:]!r}")


def test_a_session_killed_after_two_decisions_resumes_with_both_and_plays_to_the_end(home, good_path):
    answers, good = good_path
    env = {**os.environ, **home, "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tabletop",
            "play",
            EXAMPLE,
            "--plain",
            "--seed",
            "0",
            "--lang",
            "en",
            "--session",
            "drill",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=env,
    )
    _read_until(proc, b"Your choice")
    proc.stdin.write(f"{answers[0]}\n".encode())
    proc.stdin.flush()
    _read_until(proc, b"Your choice")
    proc.stdin.write(f"{answers[1]}\n".encode())
    proc.stdin.flush()
    _read_until(proc, b"Your choice")  # the third decision is on the screen: two are taken
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    assert proc.returncode == -signal.SIGKILL

    listed = json.loads(run_cli("sessions", "--json", env=home).stdout)
    assert [(s["name"], s["decisions"], s["status"]) for s in listed] == [("drill", 2, "playing")]

    r = run_cli("resume", "drill", "--plain", input="\n".join(answers[2:]) + "\n", env=home)
    text = r.stdout.decode()
    assert r.returncode == 0, r.stderr.decode()
    assert "Resuming session drill: 2 decision(s) kept." in text
    report = json.loads(run_cli("report", "drill", "--format", "json", env=home).stdout)
    assert [d["option"] for d in report["decisions"]] == options(answers)
    assert report["ending"] == good
    for d in report["decisions"]:
        assert set(d) >= {"node", "role", "option", "at"} and d["at"]


def test_reports_in_every_format(home, good_path, tmp_path):
    answers, _ = good_path
    r = run_cli(
        "play",
        EXAMPLE,
        "--plain",
        "--seed",
        "0",
        "--lang",
        "ja",
        "--session",
        "rep",
        input="\n".join(answers) + "\n",
        env=home,
    )
    assert r.returncode == 0, r.stderr.decode()
    md = run_cli("report", "rep", "--format", "md", env=home).stdout.decode()
    assert md.startswith("# 振り返り") and "## 実際の組織の対応" in md and "| # |" in md
    out = tmp_path / "r.html"
    r = run_cli("report", "rep", "--format", "html", "--lang", "en", "-o", str(out), env=home)
    assert r.returncode == 0 and f"wrote {out}" in r.stderr.decode()
    html = out.read_text(encoding="utf-8")
    assert (
        html.startswith("<!doctype html>")
        and '<html lang="en">' in html
        and "What the real organisation did" in html
    )
    data = json.loads(run_cli("report", "rep", "--format", "json", env=home).stdout)
    assert data["lang"] == "ja" and data["score"] == sum(d["gain"] for d in data["decisions"]) > 0
    assert {p["status"] for p in data["practices"]} <= {"followed", "broken", "missed", "kept"}
    import csv
    import io

    rows = list(
        csv.DictReader(io.StringIO(run_cli("report", "rep", "--format", "csv", env=home).stdout.decode()))
    )
    assert [r["option"] for r in rows] == options(answers)
    assert sum(int(r["points"]) for r in rows) == data["score"]
    listed = run_cli("sessions", env=home).stdout.decode()
    assert "rep" in listed and "ended" in listed


def test_unknown_sessions_and_bad_names_are_clear_errors(home):
    r = run_cli("resume", "ghost", "--plain", env=home)
    assert r.returncode == 2 and "no session named 'ghost'" in r.stderr.decode()
    r = run_cli("report", "ghost", env=home)
    assert r.returncode == 2 and "Traceback" not in r.stderr.decode()
    r = run_cli("play", str(MINI), "--plain", "--session", "a/b", input="1\n", env=home)
    assert r.returncode == 2 and "cannot be a session name" in r.stderr.decode()
    r = run_cli("play", str(MINI), "--plain", "--session", "twice", input="1\n" * 20, env=home)
    r = run_cli("play", str(MINI), "--plain", "--session", "twice", input="1\n" * 20, env=home)
    assert r.returncode == 2 and "already exists" in r.stderr.decode()


def test_a_note_is_saved_and_reported(home):
    r = run_cli(
        "play",
        str(MINI),
        "--plain",
        "--seed",
        "1",
        "--session",
        "noted",
        input="n the [bold]alarm[/] <script>x</script>\n1\n" + "1\n" * 20,
        env=home,
    )
    assert r.returncode == 0, r.stderr.decode()
    data = json.loads(run_cli("report", "noted", "--format", "json", env=home).stdout)
    assert data["notes"][0]["text"] == "the [bold]alarm[/] <script>x</script>"
    html = run_cli("report", "noted", "--format", "html", env=home).stdout.decode()
    assert "<script>x" not in html and "&lt;script&gt;x" in html
    md = run_cli("report", "noted", "--format", "md", env=home).stdout.decode()
    assert r"\[bold]alarm\[/] \<script>x\</script>" in md


def test_an_unreadable_database_is_a_clear_error(tmp_path):
    home = tmp_path / "h"
    home.mkdir()
    (home / "sessions.db").write_bytes(b"garbage" * 1000)
    r = run_cli("sessions", env={"TABLETOP_HOME": str(home)})
    assert r.returncode == 2 and "cannot open the session database" in r.stderr.decode()


@pytest.fixture
def reworked(tmp_path, home):
    """A session played on a scenario file that its author then reworked (an option renamed)."""
    import shutil

    pack = tmp_path / "pack"
    shutil.copytree(MINI.parent, pack)
    f = pack / "mini.yaml"
    r = run_cli("play", str(f), "--plain", "--session", "old", "--seed", "4", "--lang", "en",
                input="1\n1\n1\n", env=home)  # fmt: skip
    assert b"Debrief" in r.stdout or b"debrief" in r.stdout.lower(), r.stdout.decode()[-400:]
    f.write_text(
        f.read_text(encoding="utf-8").replace("id: escalate", "id: brief-the-board"), encoding="utf-8"
    )
    return f


@pytest.mark.parametrize(
    ("lang", "said"),
    [("en", "has changed since it was played"), ("ja", "遊んだ後に変更されています")],
)
def test_resume_of_a_reworked_scenario_says_so_and_offers_both_ways(reworked, home, lang, said):
    r = run_cli("resume", "old", "--plain", "--lang", lang, env={**home, "TABLETOP_LANG": lang})
    err = r.stderr.decode()
    assert r.returncode == 2 and said in err and "Traceback" not in err
    assert "tabletop resume old --as-played" in err and "tabletop resume old --fork" in err


def test_as_played_and_fork_from_the_command_line(reworked, home):
    r = run_cli("resume", "old", "--plain", "--as-played", "--lang", "en", env=home)
    out = r.stdout.decode()
    assert r.returncode == 0 and "version it was played on" in out and "Debrief" in out, out[-600:]
    report = run_cli("report", "old", "--format", "json", env=home)
    assert report.returncode == 0 and "version it was played on" in report.stderr.decode()
    assert json.loads(report.stdout)["ending"]
    r = run_cli("resume", "old", "--plain", "--fork", "--lang", "en", input="", env=home)
    assert "new session 'old-new' on the new version: 1 of 3 answers replayed" in r.stderr.decode()
    listed = run_cli("sessions", "--json", env=home)
    names = {s["name"] for s in json.loads(listed.stdout)}
    assert {"old", "old-new"} <= names
