"""What each audience of a facilitated drill sees: never a secret on the projector or a
role terminal. Every built-in scenario is played several ways in facilitated mode, some
injects released and some held, and every string of every public view is compared, whole,
with the scenario's secret strings (in ja and en)."""

from __future__ import annotations

import random

import pytest

from tabletop.engine.catalog import builtin_ids, load
from tabletop.engine.model import Scenario, Text
from tabletop.engine.play import (
    AdHoc,
    Decided,
    Observed,
    Paused,
    Proposed,
    Released,
    Resumed,
    Ruled,
    Started,
    apply,
    fragments,
    initial,
    offered,
    released_count,
    settle,
    waiting,
)
from tabletop.engine.views import facilitator, projector, role, timer_remaining

BUILTIN = sorted(builtin_ids())
LANGS = ("ja", "en")


def _all(texts, lang) -> set[str]:
    return {t.get(lang) for t in texts if isinstance(t, Text) and t.get(lang)}


def _node_texts(node, lang) -> set[str]:
    return _all((node.title, node.text, node.source), lang)


def secrets_of(sc: Scenario, lang: str) -> set[str]:
    """The strings only the facilitator may see, less any the participants are given as
    well (a secret that is also some option's text is not a leak)."""
    secret, public = [], []
    for n in sc.nodes.values():
        secret += [n.facilitator, *n.discussion]
        public += [n.title, n.text, n.source]
        for q in n.questions:
            public.append(q.prompt)
            for o in q.options:
                secret += [o.feedback, o.model, *(lv.text for lv in o.rubric)]
                public += [o.text, o.argument_for, o.argument_against]
        public += [f.text for f in n.fragments]
    for d in sc.deadlines:
        secret.append(d.facilitator)
        public += [d.title, d.text, d.source]
    public += [v.label for v in sc.variables.values()]
    if sc.debrief.what_happened:
        secret.append(sc.debrief.what_happened)
    for ob in sc.objectives:  # the critical tasks the facilitator watches for and rates
        secret += [ob.title, *(t.text for t in ob.tasks)]
    return _all(secret, lang) - _all(public, lang)


def _non_node_public(sc: Scenario, lang: str) -> set[str]:
    out = []
    for n in sc.nodes.values():
        for q in n.questions:
            out.append(q.prompt)
            out += [x for o in q.options for x in (o.text, o.argument_for, o.argument_against)]
    out += [x for d in sc.deadlines for x in (d.title, d.text, d.source)]
    out += [v.label for v in sc.variables.values()]
    return _all(out, lang)


def check_views(sc: Scenario, s, lang: str, secret: set[str], other: set[str]) -> None:
    shown = released_count(s)
    seen_nodes = {sc.nodes[n] for n in s.feed[:shown]}
    allowed = set().union(*(_node_texts(n, lang) for n in seen_nodes)) | other
    held = set().union(*(_node_texts(sc.nodes[n], lang) for n in s.feed[shown:])) - allowed
    endings = (
        set()
        if s.ended and shown == len(s.feed)
        else _all([x for n in sc.endings for x in (n.text, n.title, *(f.text for f in n.fragments))], lang)
        - allowed
    )
    roles = sorted({q.role for n in sc.decisions for q in n.questions} | set(sc.roles))
    views = [(None, projector(sc, s, lang))] + [(r, role(sc, s, r, lang)) for r in roles]
    for r, v in views:
        texts = set(v.texts())
        assert not texts & secret, (r, texts & secret)
        assert not texts & held, (r, s.feed[shown:], texts & held)
        assert not texts & endings, (r, texts & endings)
        adhoc_elsewhere = {a.text for a in s.adhoc if a.roles and r not in a.roles}
        assert not texts & adhoc_elsewhere, (r, texts & adhoc_elsewhere)
        if r is not None:
            mine = set().union(
                *(_node_texts(n, lang) for n in seen_nodes if not n.audience or r in n.audience), other
            )
            theirs = set().union(
                *(_node_texts(n, lang) for n in seen_nodes if n.audience and r not in n.audience)
            )
            assert not texts & (theirs - mine), (r, texts & (theirs - mine))
            w = waiting(sc, s)
            if w.kind == "decide":
                own = {q.prompt.get(lang) for q in w.node.questions if q.role == r}
                others = {q.prompt.get(lang) for q in w.node.questions if q.role != r} - own - mine
                assert not texts & others, (r, texts & others)
    # what is released is shown: the facilitator sees every entry, the room the public ones
    f = facilitator(sc, s, lang)
    assert [ln.value for ln in f.of("inject", "situation", "ending") if not ln.held] == [
        i for i in range(shown) if sc.nodes[s.feed[i]].text is not None
    ]
    p = projector(sc, s, lang)
    if not p.ended:
        public_injects = [
            sc.nodes[n].text.get(lang)
            for n in s.feed[:shown]
            if sc.nodes[n].kind == "inject" and not sc.nodes[n].audience and sc.nodes[n].text
        ]
        assert [ln.text for ln in p.of("inject")] == [t for t in public_injects if t]


def play(sc: Scenario, how: str, seed: int, lang: str):
    """The states of one facilitated playthrough, with releases, ad-hoc injects, proposals
    and observations along the way."""
    rng = random.Random(seed)
    s = apply(sc, apply(sc, initial(), Started(
        sc.id, seed=seed, mode="facilitated", lang=lang, timer=60, at="2026-01-01T10:00:00+0000"
    )), Paused("2026-01-01T10:00:00+0000"))  # fmt: skip
    s = apply(sc, s, Resumed("2026-01-01T10:00:10+0000"))
    roles = sorted({q.role for n in sc.decisions for q in n.questions})
    states = [s]
    for turn in range(60):
        s, _ = settle(sc, s)
        if s.ended:
            break
        # hold some of what was reached, release the rest
        if released_count(s) < len(s.feed):
            upto = rng.randint(released_count(s) + 1, len(s.feed)) if turn % 3 else len(s.feed)
            s = apply(sc, s, Released(upto, "2026-01-01T10:01:00+0000"))
        if turn % 4 == 1 and roles:
            s = apply(
                sc,
                s,
                AdHoc(
                    f"a{turn}", f"ad-hoc for {roles[turn % len(roles)]} {turn}", (roles[turn % len(roles)],)
                ),
            )
        if turn % 5 == 2:
            s = apply(sc, s, AdHoc(f"b{turn}", f"ad-hoc for all {turn}"))
        states.append(s)
        w = waiting(sc, s)
        if w.kind == "rule":
            opt = w.node.question(w.roles[0]).option(s.choices[-1].option)
            s = apply(sc, s, Ruled(w.node.id, w.roles[0], opt.rubric[0].id, "facilitator"))
            continue
        if w.kind != "decide":
            break
        r = w.roles[0]
        opts = offered(w.node.question(r), s)
        o = (
            opts[0]
            if how == "first"
            else opts[min(1, len(opts) - 1)]
            if how == "second"
            else rng.choice(opts)
        )
        if released_count(s) == len(s.feed):
            s = apply(sc, s, Proposed(w.node.id, r, o.id, "we think so"))
            states.append(s)
        if sc.objectives and turn % 3 == 0:
            ob = sc.objectives[0]
            s = apply(sc, s, Observed("seen", ob.id, ob.tasks[0].id, "S"))
        s = apply(sc, s, Decided(w.node.id, r, o.id, text="typed" if o.open else ""))
        states.append(s)
    s, _ = settle(sc, s)
    states.append(s)
    if s.ended and released_count(s) < len(s.feed):
        states.append(apply(sc, s, Released(len(s.feed))))
    return states


@pytest.fixture(scope="module")
def scenarios(builtin_catalog):
    out = {}
    for sid in BUILTIN:
        sc, diags = load(sid, builtin_catalog)
        assert sc is not None, diags
        out[sid] = sc
    return out


@pytest.mark.parametrize("sid", BUILTIN)
def test_no_secret_reaches_the_projector_or_a_role_terminal(scenarios, sid):
    sc = scenarios[sid]
    for lang in LANGS:
        secret, other = secrets_of(sc, lang), _non_node_public(sc, lang)
        for how, seed in (("first", 1), ("second", 2), ("random", 3), ("random", 4)):
            states = play(sc, how, seed, lang)
            for s in states[:: max(1, len(states) // 12)] + states[-2:]:
                check_views(sc, s, lang, secret, other)


def test_the_room_sees_the_question_only_once_released_and_the_outcome_at_the_end(features):
    s = apply(features, initial(), Started(
        features.id, seed=1, mode="facilitated", timer=90, at="2026-01-01T10:00:00+0000"
    ))  # fmt: skip
    assert projector(features, s, "en").of("prompt", "inject") == []
    f = facilitator(features, s, "en")
    assert {ln.text for ln in f.of("facilitator-note")} == {"It really is down."}
    assert all(ln.held for ln in f.of("inject", "situation"))
    s = apply(features, s, Released(1, "2026-01-01T10:01:00+0000"))
    v = projector(features, s, "en")
    assert [ln.text for ln in v.of("source", "inject")] == [
        "monitoring",
        "Monitoring says all is well; users say it is down.",
    ]
    assert v.of("prompt") == [] and v.remaining is None
    s = apply(features, s, Released(2, "2026-01-01T10:02:00+0000"))
    v = projector(features, s, "en", now="2026-01-01T10:02:30+0000")
    assert [ln.text for ln in v.of("prompt", "option")] == [
        "What now?",
        "Copy the logs, then look",
        "Restart it now",
    ]
    assert v.remaining == 60 and timer_remaining(s, "2026-01-01T10:05:00+0000") == 0
    # a pause stops the timer
    s = apply(features, s, Paused("2026-01-01T10:02:40+0000"))
    assert projector(features, s, "en", now="2026-01-01T10:09:00+0000").remaining == 50
    s = apply(features, s, Resumed("2026-01-01T10:10:00+0000"))
    assert projector(features, s, "en", now="2026-01-01T10:10:10+0000").remaining == 40
    # the role with the question sees it; another role does not
    assert role(features, s, "system", "en").of("prompt")[0].text == "What now?"
    assert role(features, s, "pr", "en").of("prompt") == []
    s = apply(features, s, Proposed("first", "system", "keep", "to be safe"))
    assert [ln.text for ln in role(features, s, "system", "en").of("proposal", "proposal-text")] == [
        "Copy the logs, then look",
        "to be safe",
    ]
    assert projector(features, s, "en").of("proposal") == []
    f = facilitator(features, s, "en")
    assert [(ln.ref, ln.extra) for ln in f.of("proposal")] == [("system", "keep")]
    assert [ln.text for ln in f.of("branch")] == ["compare", "compare"]
    s = apply(features, s, Decided("first", "system", "keep"))
    s = apply(features, s, Decided("compare", "system", "compare-image"))
    s = apply(features, s, Decided("report", "management", "escalate"))
    s = apply(features, s, Decided("report", "pr", "silent"))
    assert s.ended and s.node == "good-end"
    v = projector(features, s, "en")
    assert not v.ended and "The cause was found." not in v.texts()
    s = apply(features, s, Released(len(s.feed)))
    v = projector(features, s, "en")
    assert v.ended and [ln.kind for ln in v.lines] == ["ending-title", "ending", "fragment"]
    assert v.texts()[-1] == fragments(features.nodes["good-end"], s)[0].en


def test_meters_and_clock_on_the_projector_are_those_of_the_last_released_entry(features):
    s = apply(features, initial(), Started(features.id, seed=1, mode="facilitated"))
    s = apply(features, s, Released(2))
    s = apply(features, s, Decided("first", "system", "keep"))  # 40 minutes on; compare is held
    assert projector(features, s, "en").clock_text == "09:00"
    assert facilitator(features, s, "en").clock_text == "09:40"
    s = apply(features, s, Released(3))
    assert projector(features, s, "en").clock_text == "09:40"


def test_the_facilitator_sees_the_answer_key(features):
    s = apply(features, initial(), Started(features.id, seed=1, mode="facilitated"))
    s = apply(features, s, Decided("first", "system", "restart"))  # no logs kept: compare-image is closed
    f = facilitator(features, s, "en")
    assert [ln.ref for ln in f.of("option-closed")] == ["compare-image"]
    assert [(ln.extra, ln.value) for ln in f.of("rubric") if ln.ref == "restore"] == [
        ("argued", 1),
        ("unargued", -1),
    ]
    assert "The way in may still be open." in f.texts() and f.of("score")[0].value == s.score
    assert [ln.text for ln in f.of("task")] == [t.text.en for o in features.objectives for t in o.tasks]
    s = apply(features, s, Observed("slow", "evidence", "compare", "M"))
    assert [ln.extra for ln in facilitator(features, s, "en").of("task")] == ["", "M", "", ""]
    assert all(ln.held for ln in f.of("inject", "situation"))  # nothing released yet
