"""What the facilitator console needs beyond the Game's actions, as plain functions the
screens call: the question the room answers now, the numbered critical tasks, the
debrief questions of the hotwash, and the console's short typed inputs ("2P", "+3 good
call") parsed. Kept out of the widgets so that they can be tested without a terminal."""

from __future__ import annotations

import re

from tabletop.engine.model import Scenario
from tabletop.engine.play import RATINGS, State, offered, released_count, waiting


def question_at_hand(scenario: Scenario, state: State):
    """``(node, question, options on offer)`` of the first role still to answer the
    decision the room has been shown, or None (nothing to answer, or not yet released)."""
    w = waiting(scenario, state)
    if w.kind != "decide" or not w.roles or released_count(state) < len(state.feed):
        return None
    q = w.node.question(w.roles[0])
    return w.node, q, offered(q, state)


def tasks(scenario: Scenario) -> list[tuple[str, str, object]]:
    """Every critical task, numbered from 1 in the order the console lists them:
    ``(objective id, task id, task)``."""
    return [(ob.id, t.id, t) for ob in scenario.objectives for t in ob.tasks]


def parse_rating(text: str, scenario: Scenario) -> tuple[str, str, str] | None:
    """``"2P"`` (task 2 performed), ``"2"`` (task 2, no rating), ``""`` (no task):
    ``(objective, task, rating)``; None when the text is not one of these."""
    text = text.strip().upper()
    if not text:
        return "", "", ""
    m = re.fullmatch(r"(\d+)\s*([" + "".join(RATINGS) + r"]?)", text)
    listed = tasks(scenario)
    if not m or not 1 <= int(m.group(1)) <= len(listed):
        return None
    ob, task, _ = listed[int(m.group(1)) - 1]
    return ob, task, m.group(2)


def parse_adjustment(text: str) -> tuple[int, str] | None:
    """``"+3 quick escalation"`` or ``"-2 forgot the regulator"``: (points, reason); None
    without a signed number or a reason (an adjustment must say why)."""
    m = re.fullmatch(r"\s*([+-]?\d+)\s+(.+)", text or "", flags=re.S)
    if not m or not m.group(2).strip():
        return None
    return int(m.group(1)), m.group(2).strip()


def parse_roles(text: str, roles: tuple[str, ...]) -> tuple[str, ...] | None:
    """Role ids separated by commas or spaces; empty means every role. None when one is
    not a role of the session."""
    picked = tuple(dict.fromkeys(r for r in re.split(r"[,\s]+", text.strip()) if r))
    if any(r not in roles for r in picked):
        return None
    return picked


def hotwash_questions(scenario: Scenario, state: State, lang: str) -> list[str]:
    """The debrief questions put to the room at the end: the discussion questions of every
    entry the story went through, in the order they were met, each once. (The scenario's
    lessons are the debrief's own; these are what the author wrote to be discussed.) Empty
    when the scenario has none: the console then asks its two standard questions."""
    out: list[str] = []
    for nid in state.feed:
        for d in scenario.nodes[nid].discussion:
            q = d.get(lang)
            if q and q not in out:
                out.append(q)
    return out
