"""Two plain-mode processes answer on one session at the same time.

`make test` runs a few races; `TABLETOP_RACE_TRIALS=1000 pytest tests/e2e/test_race.py -s`
runs the long one. Each trial starts a session, then two `tabletop resume NAME --plain`
processes answer as fast as they can, one always option 1, the other always option 2.
Every answer a process acknowledges ("saved as decision N") must be in the log exactly
once, as the Nth answer, with that process's option; the log must replay (no question
answered twice, nothing damaged); and every answer in the log must have been acknowledged.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

from tabletop.engine.catalog import load
from tabletop.engine.play import Decided
from tabletop.sessions.game import Game, first_conflict
from tabletop.sessions.store import Store, open_store
from tests.conftest import MINI, ROOT

TRIALS = int(os.environ.get("TABLETOP_RACE_TRIALS", "4"))
ANSWERS = 6  # answers each process types before its input ends
ACK = re.compile(r"✓ saved as decision (\d+): ")


def _resume(name: str, answer: str, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tabletop", "resume", name, "--plain"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=ROOT,
    )


def test_two_processes_racing_on_one_session(tmp_path, builtin_catalog, store_location):
    """On both stores (tests/pg.py): a SQLite file, a PostgreSQL database."""
    env = dict(os.environ, TABLETOP_HOME=str(tmp_path), LANG="C.UTF-8", PYTHONIOENCODING="utf-8")
    env["TABLETOP_STORE"] = store_location
    env.pop("TABLETOP_LANG", None)
    scenario, _ = load("fy2024-04", builtin_catalog)
    store = open_store(store_location)
    totals = {"acks": 0, "overtaken": 0, "answers": 0}
    try:
        for trial in range(TRIALS):
            name = f"race-{trial}"
            Game.new(scenario, builtin_catalog, "fy2024-04", store, name, seed=trial, lang="en")
            procs = {opt: _resume(name, opt, env) for opt in ("1", "2")}
            for opt, p in procs.items():
                p.stdin.write((opt + "\n").encode() * ANSWERS)
                p.stdin.close()
            outs = {}
            for opt, p in procs.items():
                outs[opt] = p.stdout.read().decode()
                err = p.stderr.read().decode()
                assert p.wait(timeout=120) in (0, 1), err
                assert "Traceback" not in err and "Traceback" not in outs[opt], err
            events = store.events(name)
            assert first_conflict(scenario, events) is None, f"trial {trial}: the log does not replay"
            answers = [e for e in events if isinstance(e, Decided)]
            state = Game.resume(store, name, lambda ref: (scenario, builtin_catalog)).state
            assert len(state.choices) == len(answers)
            acked: dict[int, str] = {}
            for opt, out in outs.items():
                for n in map(int, ACK.findall(out)):
                    assert n not in acked, f"trial {trial}: decision {n} acknowledged by both processes"
                    acked[n] = opt
                totals["overtaken"] += out.count("in another terminal")
            assert sorted(acked) == list(range(1, len(answers) + 1)), f"trial {trial}: {sorted(acked)}"
            for n, opt in acked.items():
                a = answers[n - 1]
                q = scenario.nodes[a.node].question(a.role)
                assert a.option == q.options[int(opt) - 1].id, (
                    f"trial {trial}: decision {n} is not what was acked"
                )
            totals["acks"] += len(acked)
            totals["answers"] += len(answers)
    finally:
        store.close()
    print(f"\nrace: {TRIALS} trials, {totals['answers']} answers saved, every one acknowledged once; "
          f"{totals['overtaken']} answers lost a race and were reported")  # fmt: skip
    assert totals["acks"] == totals["answers"]


def _until(p: subprocess.Popen, marker: str, timeout: float = 60) -> str:
    """Read the process's output until ``marker`` has appeared (the prompts are flushed)."""
    import select
    import time

    got, end = b"", time.monotonic() + timeout
    while marker.encode() not in got:
        assert time.monotonic() < end, got.decode()[-500:]
        if select.select([p.stdout], [], [], 1)[0]:
            chunk = os.read(p.stdout.fileno(), 65536)
            assert chunk, got.decode()[-500:]
            got += chunk
    return got.decode()


def test_the_terminal_that_answers_second_is_told_and_nothing_is_doubled(tmp_path):
    """The issue's reproduction: A answers 1, B resumes and answers 2, A answers again."""
    env = dict(os.environ, TABLETOP_HOME=str(tmp_path), LANG="C.UTF-8", PYTHONIOENCODING="utf-8")
    env.pop("TABLETOP_LANG", None)
    cmd = [sys.executable, "-m", "tabletop"]
    # the small test scenario: its answers do not change with the built-in content
    a = subprocess.Popen(
        [*cmd, "play", str(MINI), "--plain", "--session", "X", "--seed", "1"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd=ROOT,
    )  # fmt: skip
    _until(a, "Your choice")
    a.stdin.write(b"1\n")
    a.stdin.flush()
    _until(a, "Your choice")
    b = subprocess.run(
        [*cmd, "resume", "X", "--plain"], input=b"2\n", capture_output=True, env=env, cwd=ROOT, timeout=60
    )
    assert "✓ saved as decision 2" in b.stdout.decode()
    a.stdin.write(b"1\n")
    a.stdin.flush()
    out = _until(a, "Your choice")
    assert "answered this in another terminal" in out and "saved as decision 2" not in out
    a.stdin.close()
    a.wait(timeout=60)
    r = subprocess.run([*cmd, "report", "X", "--format", "json"], capture_output=True, env=env, cwd=ROOT)
    assert r.returncode == 0, r.stderr.decode()

    assert len(json.loads(r.stdout)["decisions"]) == 2


def test_sessions_repair_rename_and_delete_from_the_command_line(tmp_path, builtin_catalog):
    from tests.conftest import run_cli

    home = {"TABLETOP_HOME": str(tmp_path)}
    scenario, _ = load("fy2024-04", builtin_catalog)
    store = Store(tmp_path / "sessions.db")
    g = Game.new(scenario, builtin_catalog, "fy2024-04", store, "hurt", seed=1)
    w = g.waiting
    q = w.node.question(w.roles[0])
    g.decide(w.node.id, q.role, q.options[0].id)
    n = len(store.events("hurt"))
    # what a second terminal could write with the old store: the same question answered again
    store.append("hurt", [Decided(w.node.id, q.role, q.options[1].id)], expect=n)
    store.close()
    r = run_cli("report", "hurt", "--format", "json", env=home)
    assert r.returncode == 2 and b"sessions --repair hurt" in r.stderr
    r = run_cli("sessions", "--repair", "hurt", env=home)  # not a terminal, no --yes: nothing done
    assert r.returncode == 2 and b"--yes" in r.stderr
    r = run_cli("sessions", "--repair", "hurt", "--yes", env=home)
    assert r.returncode == 0 and b"kept %d events, dropped 1" % n in r.stdout, r.stderr
    r = run_cli("report", "hurt", "--format", "json", env=home)
    assert r.returncode == 0 and len(json.loads(r.stdout)["decisions"]) == 1
    r = run_cli("sessions", "--repair", "hurt", env={**home, "LANG": "ja_JP.UTF-8"})
    assert r.returncode == 0 and "修復は不要です" in r.stdout.decode()
    assert run_cli("sessions", "--rename", "hurt", "healed", env=home).returncode == 0
    listed = run_cli("sessions", env={**home, "LANG": "ja_JP.UTF-8"}).stdout.decode()
    assert "healed" in listed and "判断" in listed and "プレイ中" in listed
    assert not {"decisions", "score", "in play"} & set(listed.replace("  ", " ").split(" "))
    assert run_cli("resume", "healed", "--plain", input="q\n", env=home).returncode == 1
    assert run_cli("sessions", "--delete", "healed", "--yes", env=home).returncode == 0
    assert b"no session named 'healed'" in run_cli("report", "healed", env=home).stderr


def test_sessions_and_report_only_read(tmp_path, builtin_catalog):
    """`sessions` and `report` open the database read-only: they work while the data folder
    cannot be written (here: another process holds the write lock; as root a chmod would not
    stop a write, so the lock stands in for a read-only folder), and where it has none."""
    import sqlite3

    from tests.conftest import run_cli

    home = {"TABLETOP_HOME": str(tmp_path)}
    scenario, _ = load("fy2024-04", builtin_catalog)
    store = Store(tmp_path / "sessions.db")
    g = Game.new(scenario, builtin_catalog, "fy2024-04", store, "kept", seed=1)
    w = g.waiting
    g.decide(w.node.id, w.roles[0], w.node.question(w.roles[0]).options[0].id)
    store.close()
    writer = sqlite3.connect(tmp_path / "sessions.db", isolation_level=None)
    writer.execute("BEGIN EXCLUSIVE")
    try:
        r = run_cli("sessions", env=home)
        assert r.returncode == 0 and b"kept" in r.stdout, r.stderr
        r = run_cli("report", "kept", "--format", "json", env=home)
        assert r.returncode == 0 and len(json.loads(r.stdout)["decisions"]) == 1, r.stderr
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    empty = {"TABLETOP_HOME": str(tmp_path / "never-created")}
    assert run_cli("sessions", env=empty).returncode == 0
    assert not (tmp_path / "never-created").exists()  # reading creates nothing


def test_plain_mode_keeps_the_timer_and_learn_mode_on_resume(tmp_path):
    from tests.conftest import run_cli

    home = {"TABLETOP_HOME": str(tmp_path)}
    r = run_cli(
        "play", "fy2024-04", "--plain", "--timer", "2", "--learn", "--session", "t", input="", env=home
    )
    assert b"Decision timer: 2 min per decision" in r.stdout
    r = run_cli("resume", "t", "--plain", input="1\n", env=home)  # neither option given again
    out = r.stdout.decode()
    assert "Decision timer: 2 min per decision" in out and "Feedback:" in out and "saved as decision 1" in out
    r = run_cli("play", "fy2024-04", "--plain", "--timer", "0", env=home)
    assert r.returncode == 2 and b"whole number of minutes from 1 to 120" in r.stderr


def test_plain_mode_prints_the_report_command_whole(tmp_path):
    from tests.conftest import run_cli

    name = "a-rather-long-session-name-for-the-wrap-test-" + "x" * 18
    r = run_cli(
        "play",
        "fy2024-04",
        "--plain",
        "--session",
        name,
        input="1\n" * 40,
        env={"TABLETOP_HOME": str(tmp_path)},
    )
    assert r.returncode == 0, r.stderr
    assert f"  tabletop report {name} --format md|html|json|csv\n" in r.stdout.decode()


def test_terminals_and_readers_racing_on_a_new_database_all_open_it(tmp_path):
    """`tabletop sessions` (or the sessions view, or a browser's poll) may open sessions.db
    between the moment a first game creates the file and the moment its tables are
    committed: that is "no sessions yet", not "cannot open the session database". And
    terminals creating it together each wait their turn."""
    import sqlite3
    import threading

    import pytest

    from tabletop.sessions.store_api import StoreProblem

    path = tmp_path / "sessions.db"
    creating = sqlite3.connect(path, isolation_level=None)  # what the writer does first
    creating.execute("PRAGMA journal_mode = WAL")
    assert Store(path, readonly=True).list() == []
    creating.execute("BEGIN IMMEDIATE")  # its tables, not yet committed
    creating.execute("CREATE TABLE sessions (name TEXT PRIMARY KEY)")
    assert Store(path, readonly=True).list() == []
    creating.execute("ROLLBACK")
    creating.close()

    # three terminals starting a first game at once, and a reader: none fails (SQLite does
    # not wait on its busy timeout to switch a new file to WAL: they got "database is locked")
    failed = []

    def create(path):
        try:
            Store(path).close()
        except StoreProblem as e:
            failed.append(str(e))

    for trial in range(40):
        path = tmp_path / f"race{trial}" / "sessions.db"
        makers = [threading.Thread(target=create, args=(path,)) for _ in range(3)]
        for m in makers:
            m.start()
        while any(m.is_alive() for m in makers):
            if path.exists():
                Store(path, readonly=True).close()
        for m in makers:
            m.join()
        assert Store(path, readonly=True).list() == []
    assert failed == []

    # a SQLite file that holds something else is still not taken for an empty store
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE notes (x)")
    with pytest.raises(StoreProblem, match="no such table: sessions"):
        Store(other, readonly=True)
