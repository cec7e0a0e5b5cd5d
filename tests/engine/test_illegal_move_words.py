"""A move the rules refuse (engine.play.IllegalMove) carries its kind and facts, and the
shells word it in the player's language (sessions/messages.py, keys move_*): every raise
in the engine has a kind of that table, its facts are the table's placeholders, and its
English sentence is the table's."""

from __future__ import annotations

import ast
import inspect
import string

import pytest

from tabletop.engine import play
from tabletop.engine.play import AdHoc, Observed, Paused, Released, Started, apply, fold
from tabletop.sessions.messages import MESSAGES, describe, words


def _raises():
    """Each ``raise IllegalMove(message, kind, **facts)`` of engine/play.py, as (line,
    message node, kind, {fact: expression})."""
    tree = ast.parse(inspect.getsource(play))
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            call = node.exc
            if getattr(call.func, "id", None) != "IllegalMove":
                continue
            kind = call.args[1].value if len(call.args) > 1 else None
            facts = {k.arg: ast.unparse(k.value) for k in call.keywords}
            yield node.lineno, call.args[0], kind, facts


def _template(message, facts: dict) -> str:
    """The engine's message with each value it formats named by the fact that carries it
    (a ``!r`` value by its ``repr(...)`` fact): what the table's English must be."""
    if isinstance(message, ast.Constant):
        return message.value
    by_expr = {expr: name for name, expr in facts.items()}
    out = []
    for part in message.values:
        if isinstance(part, ast.Constant):
            out.append(part.value)
            continue
        expr = ast.unparse(part.value)
        if part.conversion == ord("r"):
            expr = f"repr({expr})"
        assert expr in by_expr, f"{expr} is formatted into the message but is not a fact"
        out.append("{" + by_expr[expr] + "}")
    return "".join(out)


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


RAISES = list(_raises())


def test_every_refusal_in_the_engine_is_found():
    assert len(RAISES) == inspect.getsource(play).count("raise IllegalMove(")


@pytest.mark.parametrize(("line", "message", "kind", "facts"), RAISES, ids=[f"line {r[0]}" for r in RAISES])
def test_each_refusal_has_its_words_in_both_languages(line, message, kind, facts):
    assert kind in MESSAGES, f"line {line}: IllegalMove without a kind of sessions/messages.py"
    en, ja = MESSAGES[kind]["en"], MESSAGES[kind]["ja"]
    assert _template(message, facts) == en
    assert _fields(en) == _fields(ja) == set(facts)
    assert ja != en


def test_a_refused_move_is_worded_in_the_players_language(features):
    s = fold(features, [Started(features.id, seed=1, mode="facilitated", at="t0"), Paused("t1")])
    with pytest.raises(play.IllegalMove) as paused:
        apply(features, s, Paused("t2"))
    assert describe(paused.value, "en") == str(paused.value) == "the session is already paused"
    assert words(paused.value, "ja") == "セッションはもう一時停止しています"
    with pytest.raises(play.IllegalMove) as past:
        apply(features, s, Released(9))
    assert describe(past.value, "en") == str(past.value)
    assert words(past.value, "ja") == f"9 件目までは配信できません({len(s.feed)} 件中 0 件を配信済み)"
    with pytest.raises(play.IllegalMove) as empty:
        apply(features, s, Observed(text=" "))
    assert words(empty.value, "ja") == "観察メモには本文か評価が必要です"
    with pytest.raises(play.IllegalMove) as adhoc:
        apply(features, s, AdHoc("x1", "  "))
    assert describe(adhoc.value, "en") == str(adhoc.value)
    assert words(adhoc.value, "ja") == "臨時インジェクトには本文が必要です"
