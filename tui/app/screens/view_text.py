"""A view of a facilitated drill (engine.views) laid out as literal text: shared by the
console, the projector, the role terminals and the replay. The view decides what an
audience may see; this only words and wraps it, so it cannot leak what it is not given."""

from __future__ import annotations

from textual.content import Content

from ..literal import wrapped

# kinds shown as a heading (bold), as a quiet label (dim), or as body text
_BOLD = {"title", "deadline-title", "prompt", "ending-title", "objective", "task-due"}
_DIM = {"source"}


def real_clock() -> str:
    """The time of day on the facilitator's machine (a function, for the snapshot tests)."""
    import time

    return time.strftime("%H:%M:%S")


def status_line(view, t, now: str | None = None) -> str:
    """The clocks and meters on one line: scenario clock, real clock (``now``, else the
    time of day here), paused, timer."""
    parts = [t("fc_scenario_clock", at=view.clock_text), t("fc_real_clock", at=now or real_clock())]
    parts += [f"{ln.text} {ln.value}" for ln in view.of("meter")]
    if view.paused:
        parts.append(t("fc_paused"))
    if view.remaining is not None and view.remaining <= 0:
        parts.append(t("fc_time_up"))  # the room sees it is time to answer
    elif view.remaining is not None:
        parts.append(t("fc_timer", m=view.remaining // 60, s=view.remaining % 60))
    if view.ended:
        parts.append(t("fc_ended"))
    return " · ".join(parts)


def _label(ln, t) -> str:
    """The words before a line's text, by its kind (in the app's language)."""
    k = ln.kind
    if k == "option":
        return f"{ln.value}. "
    if k == "option-closed":
        return f"({ln.value}. " + t("fc_closed") + ") "
    keys = {
        "adhoc": "fc_adhoc",
        "argument-for": "fc_for",
        "argument-against": "fc_against",
        "facilitator-note": "fc_note",
        "discussion": "fc_discussion",
        "feedback": "fc_feedback",
        "model": "fc_model",
        "weight": "fc_weight",
        "answer": "fc_answer",
        "proposal": "fc_proposal",
        "proposal-text": "fc_rationale",
        "observation": "fc_observation",
        "adjustment": "fc_adjustment",
        "override": "fc_override",
        "override-waiting": "fc_override_waiting",
        "note": "fc_note_taken",
        "hotwash": "fc_hotwash",
        "branch": "fc_branch",
        "deadline": "fc_deadline",
        "ruled": "fc_ruled",
        "rubric": "fc_rubric",
        "practice": "fc_practice",
    }
    return t(keys[k]) + ": " if k in keys else ""


def _message(ln, t) -> str:
    """The lines whose kind is the message (they carry no text)."""
    return {
        "paused": t("fc_paused_long"),
        "abandoned": t("fc_abandoned"),
        "ruling": t("fc_ruling_waits"),
        "ruled": "",
    }.get(ln.kind, "")


def render(lines, t, cols: int, skip: tuple[str, ...] = (), when=None) -> Content:
    """``lines`` (engine.views.Line) as literal content wrapped to ``cols``: headings in
    bold, and a blank line before each new entry of the feed. ``when(minutes)`` words a
    scenario time (an observation's stamp)."""
    out: list[Content] = []
    for ln in lines:
        if ln.kind in skip:
            continue
        if ln.kind in ("title", "deadline-title", "ending-title", "prompt", "objective") and out:
            out.append(Content(""))
        text = ln.text or _message(ln, t)
        if ln.kind in ("task", "task-due"):  # numbered as the rating wants them ("2P")
            due = "▶ " if ln.kind == "task-due" else ""  # due at this entry: watch it now
            text = f"{ln.value}. {due}{ln.text} [{ln.extra or '-'}]"
        elif ln.kind == "observation":
            stamp = f"{when(ln.value)} " if when and ln.value is not None else ""
            text = stamp + ln.text + (f" ({ln.ref} {ln.extra})" if ln.extra else "")
        elif ln.kind == "adjustment":
            text = f"{ln.value:+d} {ln.text}"
        elif ln.kind == "override":
            text = f"{ln.ref} → {ln.extra}: {ln.text}"
        elif ln.kind == "branch":
            text = f"→ {ln.text}" + (f" ({ln.extra})" if ln.extra else "")
        elif ln.kind == "proposal" and ln.ref and ln.extra:
            text = f"{ln.ref}: {ln.text}"
        if not text and ln.kind not in ("ruled",):
            continue
        label = _label(ln, t)
        if ln.held:
            label = t("fc_held") + " " + label
        style = "bold" if ln.kind in _BOLD else "dim" if ln.kind in _DIM or ln.held else ""
        body = wrapped(label + (text or ""), cols, bold_prefix=len(label) if label and not style else 0)
        out.append(Content.styled(str(body), style) if style else body)
    return Content("\n").join(out)


def collapse(view, scenario, state) -> list:
    """The facilitator's view cut to fit 80×24 (the console, the replay): of the entries
    before the last released one only the titles of the last three; of the held entries
    after the next one, the titles; the current entry, the next held one (dimmed, to read
    ahead), the question and the evaluation whole. Clocks, meters and the score are left
    to the status line. The body scrolls for the rest."""
    from tabletop.engine.play import released_count

    shown = released_count(state)
    out = []
    for ln in view.lines:
        if ln.kind in ("clock", "meter", "score", "paused"):
            continue
        entry = (
            ln.value is not None and ln.kind not in ("option", "option-closed") and ln.ref in scenario.nodes
        )
        if entry and (ln.value < shown - 4 or (ln.kind != "title" and not shown - 1 <= ln.value <= shown)):
            continue
        out.append(ln)
    return out
