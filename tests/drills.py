"""A facilitated drill played through Game, for the after-action report's tests (engine,
CLI and the PDF): releases, answers, a pause, an ad-hoc inject, an observation with a
rating, an adjustment, an override, a hotwash answer and a plan row. ``text`` is put into
every free text the facilitator types (hostile payloads in tests/e2e/test_hostile.py)."""

from __future__ import annotations

import contextlib

from tabletop.sessions.game import Game


def features_drill(
    scenario, catalog, ref: str, store, name: str = "D", text: str = "", lead: str = ""
) -> Game:
    """The mini ``features`` scenario (tests/data/mini/features.yaml) played to its end;
    ``lead`` starts the ad-hoc inject's text (a formula, for the CSV tests)."""
    g = Game.new(
        scenario, catalog, ref, store, name, seed=1, mode="facilitated",
        facilitator="Fac" + text, participants=("Aiko", "Ben" + text),
    )  # fmt: skip
    g.release()
    g.release()  # the first decision
    g.pause("Fac")
    g.adhoc(lead + "The press is at the door" + text, ("pr",), "Fac")
    g.resume_play("Fac")
    g.observe("Copied the logs before anything else" + text, "evidence", "keep-logs", "P", "system", "Ev")
    g.decide("first", "system", "keep")
    g.release()
    g.override("report", "The room agreed to move on" + text)
    g.decide("compare", "system", "restore", text="Restore, but the way in may be open" + text)
    if g.waiting.kind == "rule":
        g.rule("compare", "system", "argued", by="facilitator")
    g.observe("Management was slow to answer" + text, "tell", "boss-in-time", "M", "management", "Ev")
    g.adjust(-1, "Needed a prompt" + text, "system")
    g.decide("report", "management", "escalate")
    if g.state.node == "report" and g.waiting.kind == "decide":
        g.decide("report", "pr", "own-words", text="We know X; not yet Y" + text)
    if g.state.node == "report" and g.waiting.kind == "rule":
        g.rule("report", "pr", "full", by="facilitator")
    release_all(g)  # the ending (the seed takes the good one)
    assert g.state.ended, g.waiting
    g.hotwash("What went well?" + text, "The logs were kept" + text)
    g.hotwash("What went well?" + text, "Roles were clear")
    g.plan("Logging" + text, "Keep 90 days of logs" + text, "IT" + text, "2027-03-31")
    return g


def play_out(g: Game, text: str = "", limit: int = 200) -> Game:
    """Play a facilitated drill of any scenario to its end, as a facilitator would: release
    what is held, then answer each question with its first option on offer (an open answer
    with a sentence), rule each answer at its first level, rate the first critical task of
    each objective once, and adjust the score once."""
    from tabletop.engine.play import offered

    sc = g.scenario
    rated = set()
    for _ in range(limit):
        release_all(g)
        w = g.waiting
        if w.kind == "over":
            break
        if w.kind == "decide":
            for ob in sc.objectives[: len(rated) + 1]:
                if ob.id not in rated and ob.tasks:
                    rating = "PSMU"[len(rated) % 4]
                    g.observe(f"Seen at {w.node.id}" + text, ob.id, ob.tasks[0].id, rating, w.roles[0], "Ev")
                    rated.add(ob.id)
            role = w.roles[0]
            opt = offered(w.node.question(role), g.state)[0]
            g.decide(w.node.id, role, opt.id, text=("In our own words" + text) if opt.open else "")
        elif w.kind == "rule":
            role = g.state.ruling
            opt = w.node.question(role).option(
                next(c.option for c in reversed(g.state.choices) if c.role == role)
            )
            g.rule(w.node.id, role, opt.rubric[0].id, by="facilitator")
        if len(g.state.choices) == 1 and not g.state.adjustments:
            g.pause("Fac")
            g.adhoc("A journalist calls" + text, (), "Fac")
            g.resume_play("Fac")
            g.adjust(2, "Raised the right question unprompted" + text, g.state.choices[0].role)
    release_all(g)
    g.hotwash("What would you do differently?" + text, "Call the vendor earlier" + text)
    g.plan("Escalation" + text, "Write the escalation list" + text, "CISO", "2027-03-31")
    return g


def solo_to_end(g: Game, text: str = "x") -> Game:
    """Play a solo game to its end: the first option on offer, an open answer with
    ``text``, each rating at the rubric's first level."""
    from tabletop.engine.play import offered

    while not g.state.ended:
        w = g.waiting
        if w.kind == "decide":
            q = w.node.question(w.roles[0])
            g.decide(w.node.id, q.role, offered(q, g.state)[0].id, text=text)
        else:
            last = g.state.choices[-1]
            g.rule(w.node.id, last.role, w.node.question(last.role).option(last.option).rubric[0].id)
    return g


def release_all(g: Game) -> None:
    if g.state.released < len(g.state.feed):
        g.release(len(g.state.feed))


@contextlib.contextmanager
def room_clock(start: str = "2026-11-30T13:30:00+09:00", step: int = 150):
    """Game's real-time stamps as a drill in a room would make them: ``step`` seconds
    apart from ``start`` (a test plays a drill in milliseconds; the timeline and the
    durations of its report need minutes)."""
    from datetime import datetime, timedelta

    from tabletop.sessions import game

    t = [datetime.fromisoformat(start)]

    def stamp() -> str:
        t[0] += timedelta(seconds=step)
        return t[0].strftime("%Y-%m-%dT%H:%M:%S%z")

    real = game.stamp
    game.stamp = stamp
    try:
        yield
    finally:
        game.stamp = real
