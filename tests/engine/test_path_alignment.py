"""The debrief's "your path beside the best path" pairs answers by question, not by step."""

from __future__ import annotations

from tabletop.engine.play import Choice
from tabletop.engine.report import _aligned


def _c(node, role="system", option="x"):
    return Choice(node, role, option, 0, True, "", 0)


def test_rows_pair_the_same_question_and_leave_a_gap_where_the_paths_part():
    yours = [_c("a"), _c("b"), _c("b2"), _c("end-q")]
    best = [_c("a"), _c("c"), _c("end-q")]
    rows = _aligned(yours, best, lambda c: c.node)
    assert rows == (
        (1, "a", "a"),
        (2, "b", ""),
        (3, "b2", ""),
        ("", "", "c"),
        (4, "end-q", "end-q"),
    )


def test_the_same_node_for_two_roles_is_two_questions():
    yours = [_c("q", "pr"), _c("q", "management")]
    best = [_c("q", "management")]
    assert _aligned(yours, best, lambda c: f"{c.node}/{c.role}") == (
        (1, "q/pr", ""),
        (2, "q/management", "q/management"),
    )
