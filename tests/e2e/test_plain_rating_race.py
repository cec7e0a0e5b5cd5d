"""Plain mode: another terminal moves the session on between an answer and the player's
own rating of it. The rating is not saved, and the player is told; no traceback."""

from __future__ import annotations

import io
from types import SimpleNamespace

from tabletop.sessions.game import Overtaken
from tabletop.tui.cli import plain


def test_a_rating_overtaken_by_another_terminal_is_said_not_crashed(features, monkeypatch):
    opt = next(o for n in features.decisions for q in n.questions for o in q.options if o.rubric)
    tried = []

    def rule(*a, **kw):
        tried.append(a)
        raise Overtaken([])  # what Game.record raises when the other terminal's move counts

    game = SimpleNamespace(
        scenario=features,
        state=SimpleNamespace(choices=(SimpleNamespace(node="n", role="system"),)),
        rule=rule,
    )
    monkeypatch.setattr(plain, "_read_line", lambda out, lang, prompt: "1")
    buf = io.StringIO()
    assert plain._rate(plain.Out(buf, width=78), "en", opt, game, lambda r: r) is None
    assert tried and plain.t("moved_on", "en") in buf.getvalue()
