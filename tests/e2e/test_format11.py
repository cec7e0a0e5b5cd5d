"""Format 1.1 in plain mode, as a user plays it: a contested call rated against its rubric,
a deadline missed and announced, an open answer typed and self-rated, and the reports
grouped by objective."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.conftest import FEATURES, run_cli


@pytest.fixture
def home(tmp_path):
    return {"TABLETOP_HOME": str(tmp_path / "home")}


def test_contested_call_and_missed_deadline_in_plain_mode(home):
    # restart; wait (no logs to compare with: that option is gone), rated "argued";
    # management hears it later: the clock passes 10:00 and the filing deadline fires
    r = run_cli(
        "play", str(FEATURES), "--plain", "--lang", "en", "--seed", "1", "--session", "late",
        input="2\n2\n1\n2\n", env=home,
    )  # fmt: skip
    out = r.stdout.decode()
    assert r.returncode == 0, r.stderr.decode()
    assert "(from monitoring)" in out
    assert "Compare with the copied logs" not in out.split("The next step?")[1].split("Your choice")[0]
    assert "+ for: Service comes back sooner." in out and "- against: The way in may still be open." in out
    assert "1. Gave a reason and a limit (+0)" in out
    assert "!!! [10:00] Deadline missed: The filing deadline" in out  # stamped when it fell due
    assert "from the regulator" in out
    assert "PR?" not in out  # the consequence closed PR's question
    data = json.loads(run_cli("report", "late", "--format", "json", env=home).stdout)
    ruled = data["decisions"][1]
    assert (ruled["option"], ruled["level"], ruled["ruled_by"], ruled["gain"]) == (
        "wait",
        "argued",
        "self",
        0,
    )
    assert data["deadlines"] == [{"id": "file-report", "missed": True, "due": 60, "clock": 70}]
    assert [o["status"] for o in data["objectives"]] == ["not-met", "not-met"]


def test_open_answer_typed_and_self_rated_in_japanese(home):
    r = run_cli(
        "play", str(FEATURES), "--plain", "--lang", "ja", "--seed", "1", "--session", "open",
        input="1\n1\n1\n1\n分かっている事実と未確認の点を分けて、次の発表時刻を示す\n1\n", env=home,
    )  # fmt: skip
    out = r.stdout.decode()
    assert r.returncode == 0, r.stderr.decode()
    pr = out.split("広報は?")[1]
    assert "すぐ公表する" not in pr.split("あなたの回答")[0]  # held by management: gone
    assert "模範解答: 分かっていることと分からないことを分けて伝える。" in out
    assert "自己評価" in out and "ログを残したので、侵入経路が分かった。" in out
    data = json.loads(run_cli("report", "open", "--format", "json", env=home).stdout)
    last = data["decisions"][-1]
    assert last["answer"].startswith("分かっている事実") and last["ruled_by"] == "self"
    assert [o["status"] for o in data["objectives"]] == ["met", "met"]
    boss = data["objectives"][1]["tasks"][0]
    assert boss["performed"] and boss["answers"][0]["clock"] == 40 and boss["answers"][0]["in_time"]
    md = run_cli("report", "open", "--format", "md", env=home).stdout.decode()
    assert "## 演習目標" in md and "自己評価" in md
    # the typed answer is in the debrief even when it was the best one (rated at the top level)
    assert (
        "自分の言葉で書いた回答" in md
        and "分かっている事実と未確認の点を分けて" in md.split("自分の言葉で書いた回答")[1]
    )
    text = run_cli("report", "open", "--format", "text", env=home).stdout.decode()
    assert "分かっている事実と未確認の点を分けて" in text.split("自分の言葉で書いた回答")[1]
    rows = list(
        csv.DictReader(io.StringIO(run_cli("report", "open", "--format", "csv", env=home).stdout.decode()))
    )
    assert rows[0]["objectives"] == "evidence" and rows[-1]["rated_by"] == "self"


def test_chance_edges_show_their_odds_in_the_playtest(home):
    r = run_cli("test", str(FEATURES), env=home)
    assert "  chance edges: report → mixed-end 30%\n" in r.stdout.decode()
