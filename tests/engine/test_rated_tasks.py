"""Critical tasks shown by a rating (`rated: true`), due at a node (`at`): the format,
the scoring (a rating outranks the answers), the facilitator's view, and the importers
that turn a source's expected actions into them."""

from __future__ import annotations

import json

import attrs

from tabletop.engine.exchange.detect import import_text
from tabletop.engine.model import Objective, Task, Text
from tabletop.engine.play import Decided, Observed, Started, apply, initial, settle
from tabletop.engine.report import render_text, report_data
from tabletop.engine.scoring import debrief, objectives
from tabletop.engine.views import facilitator
from tests.conftest import check
from tests.engine.test_features import BASE, opts

OK = BASE.format(options=opts("- {id: x, text: x}", "- {id: y, text: y}"))


def with_objectives(tasks: str) -> str:
    return OK.replace(
        "start: d\n",
        "start: d\nobjectives:\n  - id: o\n    title: o\n    tasks:\n" + tasks
        + "  - id: p\n    title: p\n    tasks:\n      - {id: t9, text: t, answers: [d/x]}\n",
    )  # fmt: skip


def codes(catalog, text):
    return [(d.code, d.line) for d in check(text, catalog)]


def test_a_rated_task_needs_nothing_else_and_at_names_a_node(mini_catalog):
    assert codes(mini_catalog, with_objectives("      - {id: t1, text: t, rated: true, at: d}\n")) == []
    # without `rated` it shows nothing: refused, with the way out named
    bare = check(with_objectives("      - {id: t1, text: t}\n"), mini_catalog)
    assert [d.code for d in bare] == ["TT056"] and "rated: true" in bare[0].message
    unknown = check(with_objectives("      - {id: t1, text: t, rated: true, at: dd}\n"), mini_catalog)
    assert [(d.code, d.line) for d in unknown] == [("TT020", 11)] and "did you mean 'd'" in unknown[0].message
    wrong = codes(mini_catalog, with_objectives("      - {id: t1, text: t, rated: yes please}\n"))
    assert wrong[0] == ("TT013", 11)


def rated(features, **task):
    task = Task(id="watch", text=Text(en="The team watches"), **task)
    return attrs.evolve(features, objectives=(Objective(id="o", title=Text(en="O"), tasks=(task,)),))


def test_a_rating_outranks_the_answers_and_a_rated_task_waits_for_one(features):
    sc = rated(features, rated=True, answers=(("first", "", "keep"),))
    start = apply(sc, initial(), Started(sc.id, seed=3))
    kept = apply(sc, settle(sc, start)[0], Decided("first", "system", "keep"))
    (r,) = objectives(sc, kept, {})[0].tasks
    assert (r.performed, r.shown, r.rating, r.unrated) == (True, True, "", False)
    unable = apply(sc, kept, Observed("missed it", "o", "watch", "U"))
    (r,) = objectives(sc, unable, {})[0].tasks
    assert (r.performed, r.shown, r.rating) == (False, True, "U")
    again = apply(sc, unable, Observed("did it after all", "o", "watch", "S"))
    assert objectives(sc, again, {})[0].status == "met"  # the latest rating counts

    only = rated(features, rated=True)
    (waiting,) = objectives(only, kept, {})
    assert (waiting.status, waiting.tasks[0].performed, waiting.tasks[0].unrated) == (
        "not-rated",
        False,
        True,
    )
    (r,) = objectives(only, apply(only, kept, Observed("", "o", "watch", "P", by="self")), {})[0].tasks
    assert (r.performed, r.unrated, r.rating) == (True, False, "P")


def test_the_debrief_says_a_rated_task_is_waiting_and_gives_the_rating(features, mini_catalog):
    sc = rated(features, rated=True)
    s = settle(sc, apply(sc, initial(), Started(sc.id, seed=3)))[0]
    text = render_text(debrief(sc, mini_catalog, s), mini_catalog, "en")
    assert "[?] The team watches (not rated yet: shown by a rating)" in text
    s = apply(sc, s, Observed("", "o", "watch", "M"))
    db = debrief(sc, mini_catalog, s)
    assert "[+] The team watches (performed, rated M)" in render_text(db, mini_catalog, "en")
    assert "評定 M" in render_text(db, mini_catalog, "ja")
    (task,) = report_data(db, mini_catalog, "en")["objectives"][0]["tasks"]
    assert (task["rated"], task["rating"], task["performed"]) == (True, "M", True)


def test_the_facilitator_sees_the_task_due_where_the_story_stands(features):
    sc = rated(features, rated=True, at="first")
    s = settle(sc, apply(sc, initial(), Started(sc.id, seed=3)))[0]
    assert s.node == "first"
    due = [ln for ln in facilitator(sc, s, "en").lines if ln.kind.startswith("task")]
    assert [(ln.kind, ln.text) for ln in due] == [("task-due", "The team watches")]
    later = settle(sc, apply(sc, s, Decided("first", "system", "keep")))[0]
    assert [ln.kind for ln in facilitator(sc, later, "en").lines if ln.kind.startswith("task")] == ["task"]


ICEBERG_JA = {
    "schema_version": "1.0",
    "title": "浄水場のランサムウェア",
    "start_inject_id": "a",
    "injects": [
        {"id": "a", "title": "画面の異常", "content": "監視画面が止まった。", "next_inject_id": "b",
         "expected_actions": ["インシデントを宣言する", "OT を IT から切り離す"]},
        {"id": "b", "title": "脅迫文", "content": "身代金の要求が届いた。",
         "expected_actions": ["法務に相談する"]},
    ],
}  # fmt: skip


def test_imported_expected_actions_become_rated_tasks_in_the_texts_language(mini_catalog):
    _, text = import_text(json.dumps(ICEBERG_JA, ensure_ascii=False), mini_catalog)
    assert [d.code for d in check(text, mini_catalog)] == []
    sc, _ = _load(text, mini_catalog)
    assert [o.title.get("ja") for o in sc.objectives] == [
        "期待される対応: 画面の異常",
        "期待される対応: 脅迫文",
    ]
    tasks = [(t.text.get("ja"), t.rated, t.at) for o in sc.objectives for t in o.tasks]
    assert tasks == [
        ("インシデントを宣言する", True, "a"),
        ("OT を IT から切り離す", True, "a"),
        ("法務に相談する", True, "b"),
    ]


def test_more_than_four_groups_merge_into_four_objectives_in_order(mini_catalog):
    rows = ["Inject #,Time,To,Message,Expected Action"] + [
        f"{i},{8 + i:02d}:00,IT,Event {i},Do thing {i}" for i in range(1, 11)
    ]
    _, text = import_text("\n".join(rows), mini_catalog)
    assert [d.code for d in check(text, mini_catalog)] == []
    sc, _ = _load(text, mini_catalog)
    sizes = [len(o.tasks) for o in sc.objectives]
    assert sizes == [3, 3, 2, 2]
    assert [t.text.get("en") for o in sc.objectives for t in o.tasks] == [
        f"Do thing {i}" for i in range(1, 11)
    ]
    assert sc.objectives[0].title.get("en") == "Expected actions: #1 09:00 … #3 11:00"
    assert [t.at for o in sc.objectives for t in o.tasks] == [f"event-{i}" for i in range(1, 11)]


def test_an_msel_objective_column_names_the_objectives(mini_catalog):
    rows = [
        "Inject #,Time,To,Message,Expected Action,Objective",
        "1,09:00,IT,Alarm,Open a ticket,Detect early",
        "2,09:30,IT,Spread,Isolate the host,Contain",
        "3,10:00,IT,Calm,Check the logs,Detect early",
    ]
    sc, _ = _load(import_text("\n".join(rows), mini_catalog)[1], mini_catalog)
    assert [(o.title.get("en"), len(o.tasks)) for o in sc.objectives] == [
        ("Expected actions: Detect early", 2),
        ("Expected actions: Contain", 1),
    ]


def _load(text, catalog):
    from tabletop.engine.diagnostics import Sink
    from tabletop.engine.loader import load_scenario

    sink = Sink("s.yaml")
    return load_scenario("s.yaml", catalog, sink, text.encode()), sink


def test_the_msel_as_delivered_puts_a_due_task_and_its_rating_on_its_row(features, mini_catalog):
    from tabletop.engine.aar import msel_rows
    from tabletop.engine.evaluation import evaluate
    from tabletop.engine.play import Released

    sc = rated(features, rated=True, at="alarm")
    at = "2026-01-01T10:00:00+0000"
    events = [
        Started(sc.id, seed=3, mode="facilitated", at=at),
        Released(2, at=at),
        Decided("first", "system", "keep", at=at),
        # rated later, while the story stands at another decision: the row is still the alarm's
        Observed("watched the alarm", "o", "watch", "S", at=at),
    ]
    rows = {r[0]: r for r in msel_rows(evaluate(sc, mini_catalog, events), mini_catalog, "en")[1:]}
    alarm = rows[1]
    assert alarm[1] == "inject" and alarm[7] == "The team watches"
    assert (alarm[9], alarm[10]) == ("S", "watched the alarm")
    assert all("watched the alarm" not in r[10] for n, r in rows.items() if n != 1)


def test_an_unscored_exercise_debriefs_by_its_objectives_without_a_best_path(builtin_catalog):
    from tests.conftest import DATA

    _, text = import_text((DATA / "import" / "water-utility-ransomware.json").read_text(), builtin_catalog)
    sc, _ = _load(text, builtin_catalog)
    assert sc.evaluated_by_objectives
    s = settle(sc, apply(sc, initial(), Started(sc.id, seed=3)))[0]
    s = settle(sc, apply(sc, s, Decided("inject-02-decision", "system", "opt-wait")))[0]
    s = settle(sc, apply(sc, s, Decided("inject-04-decision", "management", "opt-pay")))[0]
    assert s.ended
    out = render_text(debrief(sc, builtin_catalog, s), builtin_catalog, "en")
    assert "Score: none: no option in this exercise scores; the objectives below say how" in out
    assert "Your path\n  [IT Operations] Wait for the vendor" in out
    for scored in ("best path", "a better option existed", "possible range"):
        assert scored not in out


def test_in_a_timeline_that_has_run_to_its_end_the_released_entry_says_what_is_due(mini_catalog):
    """An MSEL has no decisions: the story is over at once and the facilitator releases
    the entries one by one; the task due at the entry just released is the one to watch."""
    from tabletop.engine.play import Released

    rows = ["Inject #,Time,To,Message,Expected Action"] + [
        f"{i},{8 + i:02d}:00,IT,Event {i},Do thing {i}" for i in range(1, 4)
    ]
    sc, _ = _load(import_text("\n".join(rows), mini_catalog)[1], mini_catalog)
    s = settle(sc, apply(sc, initial(), Started(sc.id, seed=1, mode="facilitated")))[0]
    assert s.ended

    def due(st):
        return [ln.text for ln in facilitator(sc, st, "en").lines if ln.kind == "task-due"]

    assert due(s) == []  # nothing released yet
    assert due(apply(sc, s, Released(2))) == ["Do thing 2"]
