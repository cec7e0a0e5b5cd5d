"""Design metrics (engine.metrics) on small scenarios whose values are known by construction,
each shown both meeting and missing its target."""

from __future__ import annotations

import pytest

from tabletop.engine.catalog import builtin_ids, load
from tabletop.engine.diagnostics import Sink
from tabletop.engine.lint import lint
from tabletop.engine.metrics import DEFAULTS, caution, design_metrics, exhaustive_sequences
from tabletop.engine.sim import random_playtest

HEAD = """\
format: 1
id: metrics-test
title: {ja: 計測, en: Metrics}
roles: [system, management, pr]
"""


def scenario(body: str, catalog, head: str = HEAD):
    sink = Sink("m.yaml")
    sc = load_scenario_text(head + body, catalog, sink)
    lint(sc, catalog, sink)
    assert not [d for d in sink.items if d.severity == "error"], [str(d) for d in sink.items]
    return sc


def load_scenario_text(text: str, catalog, sink):
    from tabletop.engine.loader import load_scenario

    return load_scenario("m.yaml", catalog, sink, text.encode())


def opt(oid: str, en: str, ja: str, w: int = 0, practice: str = "check-first", extra: str = "") -> str:
    p = f", practices: {{{practice}: {w}}}" if w else ""
    return f"      - {{id: {oid}, text: {{ja: {ja}, en: {en}}}{p}{extra}}}\n"


def decision(nid: str, options: str, nxt: str, role: str = "system") -> str:
    return (
        f"  {nid}:\n    kind: decision\n    role: {role}\n    prompt: {{ja: どうする, en: What now}}\n"
        f"    options:\n{options}    next: {nxt}\n"
    )


def ending(nid: str, outcome: str = "good") -> str:
    return f"  {nid}: {{kind: ending, outcome: {outcome}, title: {{ja: 終, en: End}}, text: {{ja: 終, en: End}}}}\n"


def three(w1: int, w2: int, w3: int, practice: str = "check-first") -> str:
    """Reboot (short, plain), isolate (long), confirm (most cautious), in that order."""
    return (
        opt("reboot", "Reboot", "再起動する", w1, practice)
        + opt(
            "isolate",
            "Isolate the affected servers and keep the disks for the investigators",
            "影響のあるサーバーを切り離し、ディスクを調査用に残す",
            w2,
            practice,
        )
        + opt("confirm", "Confirm and verify first", "まず確認してから慎重に", w3, practice)
    )


# -- dominant options ----------------------------------------------------------------------


def test_a_question_is_dominant_when_one_option_leads_all_others_by_two(mini_catalog):
    body = (
        "start: d1\nnodes:\n"
        + decision("d1", three(3, 1, 0), "d2")  # lead 2: dominant
        + decision("d2", three(2, 1, 0), "d3")  # lead 1: not
        + decision("d3", three(1, 1, -2), "par")  # tie at the top: not
        + "  par:\n    kind: decision\n    questions:\n"
        "      - role: management\n        prompt: {ja: 経営, en: Management}\n        options:\n"
        + opt("a", "Take it", "受ける", 2, "tell-the-boss").replace("      - ", "          - ")
        + opt("b", "Later", "後で", 0).replace("      - ", "          - ")
        + "      - role: pr\n        prompt: {ja: 広報, en: PR}\n        options:\n"
        + opt("c", "Say it", "言う", 1, "speak-plainly").replace("      - ", "          - ")
        + opt("d", "Stay quiet", "黙る", 0).replace("      - ", "          - ")
        + "    next: end\n"
        + ending("end")
    )
    m = design_metrics(scenario(body, mini_catalog))
    # per question: d1 and the management question of the multi-role decision
    assert m.questions == 5
    assert m.dominant == (("d1", "system"), ("par", "management"))
    assert m.dominant_share == pytest.approx(0.4)
    assert "max_dominant_share" not in {f.key for f in m.findings()}
    tight = scenario(body + "design: {max_dominant_share: 0.3}\n", mini_catalog)
    assert "max_dominant_share" in {f.key for f in design_metrics(tight).findings()}


# -- decision sequences ------------------------------------------------------------------


BRANCHING = (
    "flags: {careful: false}\nstart: d1\nnodes:\n"
    + decision(
        "d1",
        opt("a", "Go left", "左へ", 2, extra=", next: d2")
        + opt("b", "Go right", "右へ", 1, extra=", effects: {set: {careful: true}}")
        + opt("c", "Toss a coin", "運に任せる"),
        "coin",
    )
    + "  coin:\n    kind: inject\n    text: {ja: 何か, en: Something}\n"
    "    next:\n      - {when: careful, to: d3}\n      - {chance: 50, to: d2}\n      - {to: end}\n"
    + decision("d2", three(2, 0, 1), "end")
    + decision("d3", three(0, 2, 1), "d2")
    + ending("end")
)


def test_distinct_decision_sequences_are_counted_over_every_path(mini_catalog):
    sc = scenario(BRANCHING, mini_catalog)
    # d1 d2 (a, or c and the coin), d1 d3 d2 (b), d1 (c, the coin says no)
    count, reached, nonlast = exhaustive_sequences(sc)
    assert count == 3
    m = design_metrics(sc)
    assert (m.sequences, m.sequences_source) == (3, "exhaustive")
    assert "min_sequences" not in {f.key for f in m.findings()}
    strict = scenario(BRANCHING + "design: {min_sequences: 4}\n", mini_catalog)
    assert [f.key for f in design_metrics(strict).findings()].count("min_sequences") == 1


def test_a_branch_opened_only_by_a_missed_deadline_is_a_sequence_of_its_own(mini_catalog):
    """Reported by a scenario author: the count did not follow deadlines, so a decision
    reached only after a deadline's consequence was not counted."""
    body = (
        "flags: {late: false}\n"
        "deadlines:\n  report:\n    at: 30m\n    title: {ja: 期限, en: Deadline}\n"
        "    text: {ja: 過ぎた, en: Passed}\n    effects: {set: {late: true}}\n"
        "start: d1\nnodes:\n"
        + decision(
            "d1",
            opt("fast", "Fast", "速く", 1, extra=", effects: {advance: 10m}")
            + opt("slow", "Slow", "遅く", 0, extra=", effects: {advance: 1h}")
            + opt("mid", "Middle", "中ほど", 0, extra=", effects: {advance: 20m}"),
            "check",
        )
        + "  check:\n    kind: inject\n    text: {ja: 確認, en: Check}\n"
        "    next: [{when: late, to: d-extra}, {to: d2}]\n"
        + decision("d-extra", three(0, 2, 1), "d2")
        + decision("d2", three(0, 1, 2), "end")
        + ending("end")
    )
    sc = scenario(body, mini_catalog)
    count, reached, _ = exhaustive_sequences(sc)
    assert count == 2  # d1 d2 (in time), d1 d-extra d2 (late)
    m = design_metrics(sc, runs=300)
    assert m.sequences == 2 and m.endings["end"] == 300


def test_answers_in_turn_change_the_options_of_the_next_role_in_the_count(mini_catalog):
    body = (
        "flags: {held: false, published: false}\nstart: d1\nnodes:\n"
        "  d1:\n    kind: decision\n    order: in-turn\n    questions:\n"
        "      - role: system\n        prompt: {ja: 問, en: Q}\n        options:\n"
        + opt("hold", "Hold", "止める", 1, extra=", effects: {set: {held: true}}").replace(
            "      -", "          -"
        )
        + opt("go", "Go", "進める", 0).replace("      -", "          -")
        + opt("wait", "Wait", "待つ", 0).replace("      -", "          -")
        + "      - role: pr\n        prompt: {ja: 問, en: Q}\n        options:\n"
        + opt(
            "publish", "Publish", "公表", 0, extra=', when: "held", effects: {set: {published: true}}'
        ).replace("      -", "          -")
        + opt("quiet", "Quiet", "黙る", 1).replace("      -", "          -")
        + opt("later", "Later", "後で", 0).replace("      -", "          -")
        + "    next: [{when: published, to: d-press}, {to: d2}]\n"
        + decision("d-press", three(0, 2, 1), "d2")
        + decision("d2", three(0, 1, 2), "end")
        + ending("end")
    )
    sc = scenario(body, mini_catalog)
    count, _, _ = exhaustive_sequences(sc)
    sampled = design_metrics(sc, runs=500, limit=0)
    # "publish" is offered only once the system role has held: d1 d2, and d1 d-press d2
    assert count == sampled.sequences == 2


def test_a_single_line_of_decisions_is_one_sequence(mini_catalog):
    body = (
        "start: d1\nnodes:\n" + decision("d1", three(0, 2, 1), "d2") + decision("d2", three(0, 1, 2), "end")
    )
    m = design_metrics(scenario(body + ending("end"), mini_catalog))
    assert m.sequences == 1
    assert "min_sequences" in {f.key for f in m.findings()}


def test_too_many_situations_fall_back_to_the_random_playthroughs(mini_catalog):
    sc = scenario(BRANCHING, mini_catalog)
    m = design_metrics(sc, limit=2)
    assert m.sequences_source == "random" and m.sequences == 3 and "situations" in m.sequences_note


def test_a_loop_makes_the_sequences_unbounded_and_is_no_finding(mini):
    m = design_metrics(mini)
    assert m.sequences is None and m.sequences_source == "exhaustive" and "loop" in m.sequences_note
    assert "min_sequences" not in {f.key for f in m.findings()}
    # the strategy that always waits never ends; it is reported as such, not scored
    (pos3,) = [s for s in m.strategies if s.name == "position 3"]
    assert pos3.score is None and pos3.share is None


def _by_subset_construction(sc, monkeypatch):
    """exhaustive_sequences as it was before loops were looked for among the situations:
    the subset construction finds the loop, and the decisions reached and not last."""
    from tabletop.engine import topology

    with monkeypatch.context() as m:
        m.setattr(topology, "cyclic_nodes", lambda scenario: frozenset())
        return exhaustive_sequences(sc)


@pytest.mark.parametrize("which", ["mini", "fy2020-07", "fy2024-02"])
def test_a_loop_through_a_decision_found_among_the_situations_tells_what_the_subset_construction_tells(
    which, mini, builtin_catalog, monkeypatch
):
    sc = mini if which == "mini" else load(which, builtin_catalog)[0]
    assert exhaustive_sequences(sc) == _by_subset_construction(sc, monkeypatch)


def test_a_loop_through_a_decision_makes_the_count_unbounded_without_the_subset_construction(
    mini_catalog, monkeypatch
):
    body = (
        "start: d1\nnodes:\n"
        + decision(
            "d1",
            opt("go", "Go", "進む", 1) + opt("stay", "Stay", "留まる", 0, extra=", next: d1"),
            "d2",
        )
        + decision("d2", three(0, 1, 2), "end")
        + ending("end")
    )
    sc = scenario(body, mini_catalog)
    count, reached, nonlast = exhaustive_sequences(sc)
    d1, d2 = (list(sc.nodes).index(n) for n in ("d1", "d2"))
    assert count is None and reached == {d1, d2} and nonlast == {d1}  # d1 can repeat, d2 comes last
    assert (count, reached, nonlast) == _by_subset_construction(sc, monkeypatch)


@pytest.mark.parametrize("sid", sorted(builtin_ids()))
def test_random_play_never_finds_more_sequences_than_the_exhaustive_count(sid, builtin_catalog):
    sc, _ = load(sid, builtin_catalog)
    exact = design_metrics(sc, runs=500)
    sampled = design_metrics(sc, runs=500, limit=0)
    assert sampled.sequences_source == "random" and exact.sequences_source == "exhaustive"
    assert 1 <= sampled.sequences <= exact.sequences
    assert sampled.closing == exact.closing or set(sampled.closing) >= set(exact.closing)


# -- endings -------------------------------------------------------------------------------


def test_ending_shares_are_those_of_the_seeded_random_playtest(mini_catalog):
    body = (
        "start: d1\nnodes:\n"
        + decision("d1", three(0, 2, 1), "coin")
        + "  coin:\n    kind: inject\n    text: {ja: 賭け, en: A gamble}\n"
        "    next:\n      - {chance: 1, to: rare}\n      - {to: common}\n"
        + ending("rare")
        + ending("common", "bad")
    )
    sc = scenario(body, mini_catalog)
    m = design_metrics(sc, seed=4)
    assert m.endings == random_playtest(sc, 3000, seed=4).endings
    assert m.ending_share("rare") == pytest.approx(0.01, abs=0.006)
    missed = [f for f in m.findings() if f.key == "min_ending_share"]
    assert [f.where for f in missed] == ["rare"]
    lenient = design_metrics(scenario(body + "design: {min_ending_share: 0.001}\n", mini_catalog), seed=4)
    assert "min_ending_share" not in {f.key for f in lenient.findings()}


def test_long_playthroughs_are_measured_over_fewer_runs_within_the_step_budget(mini_catalog, monkeypatch):
    import tabletop.engine.metrics as metrics

    body = (
        "start: d1\nnodes:\n"
        + decision("d1", three(0, 2, 1), "coin")
        + "  coin:\n    kind: inject\n    text: {ja: 賭け, en: A gamble}\n"
        "    next:\n      - {chance: 50, to: rare}\n      - {to: common}\n"
        + ending("rare")
        + ending("common", "bad")
    )
    sc = scenario(body, mini_catalog)
    assert design_metrics(sc, seed=4).runs == 3000  # three nodes a play: well within the budget
    monkeypatch.setattr(metrics, "STEP_BUDGET", 1500)  # 500 plays of three nodes
    m = design_metrics(sc, seed=4)
    assert m.runs == 500 and sum(m.endings.values()) == 500
    assert m.endings == random_playtest(sc, 500, seed=4).endings  # the first 500 of the same draws
    monkeypatch.setattr(metrics, "STEP_BUDGET", 10)
    assert design_metrics(sc, seed=4).runs == metrics.MIN_RUNS


# -- text-only strategies --------------------------------------------------------------------


def test_the_caution_lexicon_counts_hedging_words_in_both_languages():
    assert caution("Confirm and verify first", "en") == 3
    assert caution("Reboot", "en") == 0
    assert caution("まず確認してから慎重に", "ja") == 3
    assert caution("再起動する", "ja") == 0


def test_text_strategies_score_as_constructed(mini_catalog):
    # In both decisions the long option is best (+2), the short one breaks the practice (-1)
    # and the cautious one scores 0; the best total is 4.
    body = (
        "start: d1\nnodes:\n" + decision("d1", three(-1, 2, 0), "d2") + decision("d2", three(-1, 2, 0), "end")
    )
    m = design_metrics(scenario(body + ending("end"), mini_catalog))
    got = {(s.name, s.lang): (s.score, s.share, s.runs) for s in m.strategies}
    assert m.best == 4
    for lang in ("ja", "en"):
        assert got[("longest", lang)] == (4, 1.0, 1)
        assert got[("shortest", lang)] == (-2, -0.5, 1)
        assert got[("cautious", lang)] == (0, 0.0, 1)
        assert m.best_longest[lang] == (2, 2)
    assert got[("position 1", "")] == (-2, -0.5, 1)
    assert got[("position 2", "")] == (4, 1.0, 1)
    assert got[("position 3", "")] == (0, 0.0, 1)
    keys = [(f.key, f.where) for f in m.findings()]
    assert ("max_text_strategy_share", "longest (en)") in keys
    assert ("max_text_strategy_share", "position 2") in keys
    assert ("max_text_strategy_share", "cautious (ja)") not in keys
    assert ("max_best_longest_share", "ja") in keys and ("max_best_longest_share", "en") in keys


def test_a_hidden_best_answer_passes_the_text_targets(mini_catalog):
    # The best option is the short plain one in one decision and the cautious one in the
    # other, and each breaks the practice where it is not best: no text strategy reaches
    # half of the best (4), and the longest is never best.
    body = (
        "start: d1\nnodes:\n" + decision("d1", three(2, 0, -1), "d2") + decision("d2", three(-1, 0, 2), "end")
    )
    m = design_metrics(scenario(body + ending("end"), mini_catalog))
    assert m.best == 4
    assert max(s.share for s in m.strategies) == pytest.approx(0.25)
    assert m.best_longest == {"ja": (0, 2), "en": (0, 2)}
    keys = {f.key for f in m.findings()}
    assert not keys & {"max_text_strategy_share", "max_best_longest_share"}


def test_a_strategy_that_meets_chance_is_the_mean_of_seeded_runs(mini_catalog):
    body = (
        "start: d1\nnodes:\n"
        + decision("d1", three(0, 2, 1), "coin")
        + "  coin:\n    kind: inject\n    text: {ja: 賭け, en: A gamble}\n"
        "    next:\n      - {chance: 50, to: d2}\n      - {to: end}\n"
        + decision("d2", three(0, 2, 1), "end")
        + ending("end")
    )
    m = design_metrics(scenario(body, mini_catalog), strategy_runs=400)
    (pos2,) = [s for s in m.strategies if s.name == "position 2"]
    (pos1,) = [s for s in m.strategies if s.name == "position 1"]
    assert pos2.runs == 400 and pos2.score == pytest.approx(3.0, abs=0.3)  # 2 + half of 2
    assert (pos1.score, pos1.runs) == (0, 400)  # the coin is met whatever the answers
    again = design_metrics(scenario(body, mini_catalog), strategy_runs=400)
    assert again.strategies == m.strategies  # seeded


# -- closing-quiz practices -------------------------------------------------------------------


def test_practices_scored_only_in_the_last_decision_are_a_closing_quiz(mini_catalog):
    body = (
        "start: d1\nnodes:\n"
        + decision("d1", three(0, 2, 1), "d2")  # check-first, early
        + decision("d2", three(0, 2, 1, "tell-the-boss"), "end")  # tell-the-boss, only at the end
        + ending("end")
    )
    m = design_metrics(scenario(body, mini_catalog))
    assert m.closing == ("tell-the-boss",)
    assert [f.key for f in m.findings()].count("max_closing_practices") == 1
    allowed = design_metrics(scenario(body + "design: {max_closing_practices: 1}\n", mini_catalog))
    assert "max_closing_practices" not in {f.key for f in allowed.findings()}


def test_a_practice_last_on_one_path_but_earlier_on_another_is_no_closing_quiz(mini_catalog):
    body = (
        "start: d1\nnodes:\n"
        + decision(
            "d1",
            opt("a", "Ask the boss", "上に聞く", 2, "tell-the-boss", ", next: d2")
            + opt("b", "Go on", "進む", 1, "speak-plainly", ", next: d3")
            + opt("c", "Stop", "止める", -1, "speak-plainly", ", next: d3"),
            "d2",
        )
        + decision("d2", three(0, 2, 1), "end")
        + decision("d3", three(0, 2, 1, "tell-the-boss"), "end")
        + ending("end")
    )
    m = design_metrics(scenario(body, mini_catalog))
    # tell-the-boss is scored at d1, which d2 follows (and at d3, last); speak-plainly at d1;
    # check-first only at d2 and d3, each the last decision of its path
    assert m.closing == ("check-first",)


def test_the_defaults_are_the_design_targets_of_issue_14(mini):
    assert DEFAULTS == {
        "max_dominant_share": 0.5,
        "max_text_strategy_share": 0.5,
        "min_sequences": 3,
        "min_ending_share": 0.02,
        "max_best_longest_share": 0.3,
        "max_closing_practices": 0,
    }
    assert design_metrics(mini).targets == DEFAULTS


def test_design_targets_are_read_and_checked_by_the_loader(mini_catalog):
    from tests.conftest import check

    body = "start: d1\nnodes:\n" + decision("d1", three(0, 2, 1), "end") + ending("end")
    sc = scenario(body + "design: {max_dominant_share: 0.75, min_sequences: 1}\n", mini_catalog)
    assert sc.design == {"max_dominant_share": 0.75, "min_sequences": 1}
    assert design_metrics(sc).targets == {**DEFAULTS, "max_dominant_share": 0.75, "min_sequences": 1}
    bad = HEAD + body + "design:\n  max_dominant_shares: 0.5\n  min_ending_share: 5\n  min_sequences: true\n"
    diags = [(d.code, d.line, d.message) for d in check(bad, mini_catalog)]
    line = bad.count("\n", 0, bad.index("max_dominant_shares")) + 1
    assert ("TT011", line) in {(c, ln) for c, ln, _ in diags}
    assert any("did you mean 'max_dominant_share'" in m for _, _, m in diags)
    assert ("TT013", line + 1) in {(c, ln) for c, ln, _ in diags}
    assert ("TT013", line + 2) in {(c, ln) for c, ln, _ in diags}
