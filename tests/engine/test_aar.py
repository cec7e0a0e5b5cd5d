"""The after-action report of a facilitated drill (engine/aar.py through engine.report):
its sections in md/html/text, the MSEL as delivered (CSV), the evaluation in JSON, the
findings derived from ratings and misses, the score line with adjustments, and that a solo
session's report is unchanged."""

from __future__ import annotations

import csv
import io
import json
import re
from contextlib import closing

import pytest

from tabletop.engine.aar import findings, msel_rows
from tabletop.engine.evaluation import evaluate
from tabletop.engine.report import render, report_data
from tabletop.sessions.game import Game
from tabletop.sessions.store import Store
from tests.conftest import FEATURES
from tests.drills import features_drill, room_clock


@pytest.fixture
def drill(features, mini_catalog, tmp_path):
    store = Store(tmp_path / "s.db")
    with room_clock():
        g = features_drill(features, mini_catalog, str(FEATURES), store)
    yield g, evaluate(features, mini_catalog, g.events)
    store.close()


def test_the_markdown_report_has_every_section_with_the_facts(drill, mini_catalog):
    g, ev = drill
    md = render(ev.debriefing, mini_catalog, "en", "md", ev)
    assert md.startswith("# After-action report: Every feature")
    heads = re.findall(r"^## (.+)$", md, flags=re.M)
    for h in ("Overview", "Objectives", "By CSF function", "Strengths", "Areas for improvement", "Timeline",
              "Score adjustments", "Lessons and their cases", "Hotwash", "Improvement plan"):  # fmt: skip
        assert h in heads, h
    assert "- Facilitator: Fac" in md and "- Participants: Aiko, Ben" in md
    # room_clock: a stamp every 150 s from 13:30 (+09:00); Game stamps an event twice
    assert "- Date: 2026-11-30" in md and "- Duration: 1h20m (0h10m paused, 1h10m of play)" in md
    # a rated task says the rating first and the answers' verdict beside it
    assert "· rating P: performed without challenges (the answers: performed)" in md
    assert "· rating M: performed with major challenges (the answers: " in md
    assert "observed at 14:02 (P): Copied the logs before anything else" in md
    assert "Score: 6 (7 from the answers, of a best achievable 7: 100%; -1 in adjustments)" in md
    assert "\\-1 System department: Needed a prompt" in md
    assert "ad-hoc inject: The press is at the door (→ Public relations)" in md
    assert "override: to report: The room agreed to move on" in md
    assert "1. **What went well?**\n   - The logs were kept\n   - Roles were clear" in md
    assert "| Logging | Keep 90 days of logs | IT | 2027-03-31 |" in md
    # an area for improvement no plan row names yet: its row waits, blank
    assert (
        "| Management is told within the hour (Tell early): rated M: performed with major challenges |   |"
        in md
    )


def test_findings_follow_the_ratings_before_the_answers(drill, mini_catalog):
    _, ev = drill
    good, bad = findings(ev, mini_catalog, "en")
    # answered in time, but rated M by the facilitator: the rating wins
    assert any(x.startswith("Management is told within the hour") for x in bad)
    assert not any(x.startswith("Management is told within the hour") for x in good)
    assert any(x.startswith("The logs are copied before any restart") and "rated P" in x for x in good)
    # unrated: the answers decide
    assert any(x.startswith("The copy is compared") and "shown by the answers" in x for x in good)


def test_japanese_report_words_the_ratings_and_sections(drill, mini_catalog):
    _, ev = drill
    md = render(ev.debriefing, mini_catalog, "ja", "md", ev)
    for text in ("# 事後評価報告書: 機能の確認", "## 概要", "## 強み", "## 改善が必要な点", "## タイムライン",
                 "## ホットウォッシュ", "## 改善計画", "P: 問題なく実施", "M: 重大な課題を残して実施",
                 "調整 -1 点"):  # fmt: skip
        assert text in md, text


def test_the_html_report_is_self_contained_and_printable(drill, mini_catalog):
    _, ev = drill
    html = render(ev.debriefing, mini_catalog, "ja", "html", ev)
    assert html.count("<svg") == 2 and "@media print" in html and "break-before:page" in html
    assert "<script" not in html.lower()
    # nothing fetched: no source, link, import or url(); the SVG namespace is only a name
    assert not re.search(r"\b(src|href)\s*=|@import|url\(|@font-face", html, flags=re.I)
    assert set(re.findall(r"https?://[^\"' )]+", html)) <= {"http://www.w3.org/2000/svg"}
    assert '<h2 class="section">タイムライン</h2>' in html


def test_hostile_text_in_every_typed_field_stays_text(features, mini_catalog, tmp_path):
    from tests.hostile import FORBIDDEN_BYTES, PAYLOADS, formula_cells

    # every payload of tests/hostile.py but the 20,000-character one, in every typed field
    payload = " " + " ".join(p for p in PAYLOADS if len(p) < 1000)
    lead = '=HYPERLINK("http://example.invalid","click") '
    with room_clock(), closing(Store(tmp_path / "s.db")) as store:
        g = features_drill(features, mini_catalog, str(FEATURES), store, text=payload, lead=lead)
    ev = evaluate(features, mini_catalog, g.events)
    for lang in ("en", "ja"):
        html = render(ev.debriefing, mini_catalog, lang, "html", ev)
        assert "<script>" not in html and "&lt;script&gt;alert(&#x27;PWNED&#x27;)" in html
        svg = "".join(re.findall(r"<svg.*?</svg>", html, flags=re.S))
        assert "<script" not in svg
        md = render(ev.debriefing, mini_catalog, lang, "md", ev)
        assert not re.search(r"(?<!\\)<script", md) and "\\<script>" in md
        # a table row keeps its four cells: the typed pipes are escaped
        row = next(x for x in md.splitlines() if x.startswith("| Logging"))
        assert len(re.findall(r"(?<!\\)\|", row)) == 5, row
        for fmt in ("md", "html", "text", "json", "csv"):
            out = render(ev.debriefing, mini_catalog, lang, fmt, ev).encode()
            for name, b in FORBIDDEN_BYTES.items():
                assert b not in out, (fmt, name)
        msel = render(ev.debriefing, mini_catalog, lang, "csv", ev)
        assert not formula_cells(msel), formula_cells(msel)
        adhoc = next(r for r in csv.reader(io.StringIO(msel.lstrip("\ufeff"))) if r[1] == "adhoc")
        assert adhoc[4].startswith("'" + lead), adhoc[4][:80]


def test_the_msel_as_delivered(drill, mini_catalog):
    g, ev = drill
    text = render(ev.debriefing, mini_catalog, "ja", "csv", ev)
    assert text.startswith("\ufeff") and "\r\n" in text
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["n", "kind", "scenario_time", "real_time", "inject", "from", "to", "expected_action",
                       "response", "rating", "observation"]  # fmt: skip
    body = {r[4]: r for r in rows[1:]}
    assert [r[1] for r in rows[1:]] == ["inject", "decision", "adhoc", "decision", "decision", "ending"]
    alarm = body["監視は正常と表示しているが、利用者は止まっていると言う。"]
    assert (alarm[2], alarm[5]) == ("09:00", "監視システム")
    first = body["どうする?"]
    assert first[6] == "システム部門" and "再起動の前にログを保全する" in first[7]
    assert first[8] == "システム部門: ログを保全してから調べる" and first[9] == "P"
    assert first[10] == "Copied the logs before anything else"
    assert re.fullmatch(r"\d\d:\d\d", first[3])
    assert body["The press is at the door"][6] == "広報"
    assert "経営層: 報告を受けて公表を止める" in body["経営は? / 広報は?"][8]


def test_json_keeps_its_keys_and_adds_the_evaluation(drill, mini_catalog):
    _, ev = drill
    data = json.loads(render(ev.debriefing, mini_catalog, "en", "json", ev))
    plain = report_data(ev.debriefing, mini_catalog, "en")
    assert {k: data[k] for k in plain} == json.loads(json.dumps(plain))
    e = data["evaluation"]
    assert e["facilitator"] == "Fac" and e["adjusted"] == -1 and e["paused"] == 600
    assert e["plan"] == [
        {"item": "Logging", "action": "Keep 90 days of logs", "owner": "IT", "due": "2027-03-31"}
    ]
    assert [t["rating"] for t in e["objectives"][0]["tasks"]] == ["P", ""]


def test_a_solo_report_is_unchanged_by_the_evaluation(features, mini_catalog):
    g = Game.new(features, mini_catalog, str(FEATURES), None, None, seed=1)
    g.decide("first", "system", "keep")
    ev = evaluate(features, mini_catalog, g.events)
    assert not ev.facilitated
    for fmt in ("md", "html", "text", "json", "csv"):
        assert render(ev.debriefing, mini_catalog, "en", fmt, ev) == render(
            g.debrief(), mini_catalog, "en", fmt
        )
    assert "of a best achievable" in render(g.debrief(), mini_catalog, "en", "md")


def test_msel_rows_leave_out_what_was_never_released(features, mini_catalog, tmp_path):
    with closing(Store(tmp_path / "s.db")) as store:
        g = Game.new(features, mini_catalog, str(FEATURES), store, "H", seed=1, mode="facilitated")
        g.release()  # the alarm only; the first decision is reached but held
    ev = evaluate(features, mini_catalog, g.events)
    assert [r[1] for r in msel_rows(ev, mini_catalog, "en")[1:]] == ["inject"]


def test_a_rating_decides_whether_a_task_was_performed_and_the_objective_follows(drill, mini_catalog):
    from tabletop.engine.aar import objectives
    from tabletop.engine.report import outline

    g, ev = drill
    auto = [
        b for b in outline(ev.debriefing, mini_catalog, "en") if b.kind == "review" or b.text == "Objectives"
    ]
    blocks = objectives(ev, [auto[0], *auto[1 : 1 + len(ev.objectives)]], "en")
    for ob, block in zip(ev.objectives, blocks[1:], strict=True):
        marks = []
        for te, (head, _) in zip(ob.tasks, block.rows, strict=True):
            performed = te.rating != "U" if te.rating else te.automatic.performed
            assert head.startswith("[+]" if performed else "[-]"), head
            marks.append(performed)
        status = "met" if all(marks) else "partly met" if any(marks) else "not met"
        assert block.text.endswith(": " + status), block.text
