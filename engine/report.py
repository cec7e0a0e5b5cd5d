"""Debriefs as text: the plain-mode report (and the basis of the other formats)."""

from __future__ import annotations

from .model import Catalog
from .scoring import Debriefing
from .text import pick, width

LABELS = {
    "debrief": {"en": "Debrief", "ja": "振り返り"},
    "ending": {"en": "Ending", "ja": "結末"},
    "abandoned": {
        "en": "The session was stopped before an ending.",
        "ja": "結末に至る前にセッションを終了しました。",
    },
    "score": {"en": "Score", "ja": "スコア"},
    "of_best": {
        "en": "{score} of a best achievable {best} ({share})",
        "ja": "{score} 点(到達可能な最高 {best} 点の {share})",
    },
    "no_best": {
        "en": "{score} (nothing in this scenario can be earned)",
        "ja": "{score} 点(このシナリオには加点がありません)",
    },
    "range": {"en": "possible range: {worst} to {best}", "ja": "取りうる範囲: {worst} 〜 {best} 点"},
    "by_function": {"en": "By CSF function", "ja": "CSF 機能別"},
    "by_role": {"en": "By role", "ja": "役割別"},
    "practices": {"en": "Good practice", "ja": "グッドプラクティス"},
    "followed": {"en": "followed", "ja": "実践"},
    "broken": {"en": "broken", "ja": "逆行"},
    "missed": {"en": "missed", "ja": "見逃し"},
    "kept": {"en": "not broken", "ja": "逸脱なし"},
    "lesson": {"en": "lesson of the case", "ja": "事例の教訓"},
    "source": {"en": "source", "ja": "出典"},
    "better": {"en": "Decisions where a better option existed", "ja": "よりよい選択肢があった判断"},
    "none_better": {
        "en": "None: every answer was the best available.",
        "ja": "ありません。すべての判断で最善の選択肢を選びました。",
    },
    "you_chose": {"en": "You chose", "ja": "選んだ選択肢"},
    "best_was": {"en": "Better", "ja": "よりよい選択肢"},
    "path": {"en": "Your path beside the best path", "ja": "たどった道筋と最善の道筋"},
    "yours": {"en": "you", "ja": "あなた"},
    "bestp": {"en": "best", "ja": "最善"},
    "real": {"en": "What the real organisation did", "ja": "実際の組織の対応"},
    "meters": {"en": "Final state", "ja": "最終状態"},
    "outcome_good": {"en": "good", "ja": "良好"},
    "outcome_mixed": {"en": "mixed", "ja": "一部課題あり"},
    "outcome_bad": {"en": "bad", "ja": "深刻"},
    "govern": {"en": "Govern", "ja": "統治"},
    "identify": {"en": "Identify", "ja": "識別"},
    "protect": {"en": "Protect", "ja": "防御"},
    "detect": {"en": "Detect", "ja": "検知"},
    "respond": {"en": "Respond", "ja": "対応"},
    "recover": {"en": "Recover", "ja": "復旧"},
    "weight": {"en": "points", "ja": "点"},
    "clock": {"en": "Scenario time elapsed", "ja": "シナリオ内の経過時間"},
}


def label(key: str, lang: str, **kw) -> str:
    return pick(LABELS, key, lang, **kw)


def role_name(catalog: Catalog, role: str, lang: str) -> str:
    r = catalog.roles.get(role)
    return r.name.get(lang) if r else role


def share_text(share: float | None) -> str:
    return "-" if share is None else f"{share:.0%}"


def bar(earned: int, best: int, width: int = 10) -> str:
    if best <= 0:
        return "." * width
    filled = max(0, min(width, round(width * earned / best)))
    return "#" * filled + "." * (width - filled)


def clock_text(minutes: int, lang: str = "en") -> str:
    """A duration on the scenario clock: 1d 2h05m / 1日2時間5分."""
    d, rest = divmod(minutes, 1440)
    h, m = divmod(rest, 60)
    if lang == "ja":
        return (f"{d}日" if d else "") + f"{h}時間{m}分"
    return (f"{d}d " if d else "") + f"{h}h{m:02d}m"


def clock_label(clock_start: int, minutes: int, lang: str = "en") -> str:
    """The time of day on the scenario clock, with the day once it is past the first."""
    day, rest = divmod(clock_start + minutes, 1440)
    h, m = divmod(rest, 60)
    if not day:
        return f"{h:02d}:{m:02d}"
    return f"{day + 1}日目 {h:02d}:{m:02d}" if lang == "ja" else f"day {day + 1} {h:02d}:{m:02d}"


def render_text(db: Debriefing, catalog: Catalog, lang: str) -> str:
    sc = db.scenario
    out: list[str] = []
    w = out.append
    w(f"== {label('debrief', lang)}: {sc.title.get(lang)} ==")
    w("")
    if db.ending:
        end = sc.nodes[db.ending]
        title = end.title.get(lang) if end.title else db.ending
        w(f"{label('ending', lang)}: {title} ({label('outcome_' + (db.outcome or 'mixed'), lang)})")
        w(end.text.get(lang) if end.text else "")
    else:
        w(label("abandoned", lang))
    w("")
    if db.best > 0:
        w(
            f"{label('score', lang)}: "
            + label("of_best", lang, score=db.score, best=db.best, share=share_text(db.share))
        )
    else:
        w(f"{label('score', lang)}: " + label("no_best", lang, score=db.score))
    w("  " + label("range", lang, worst=db.worst, best=db.best))
    if db.meters:
        parts = [
            f"{v.label.get(lang) if v.label else v.name} {val}"
            for v, val in ((sc.variables[n], x) for n, x in db.meters)
        ]
        w(f"  {label('meters', lang)}: " + " / ".join(parts))
    w(f"  {label('clock', lang)}: {clock_text(db.state.clock, lang)}")
    for head, bars, name in (
        ("by_function", db.categories, lambda k: label(k, lang)),
        ("by_role", db.roles, lambda k: role_name(catalog, k, lang)),
    ):
        if not bars:
            continue
        w("")
        w(label(head, lang))
        col = max(width(name(b.key)) for b in bars)
        for b in bars:
            n = name(b.key)
            w(f"  {n}{' ' * (col - width(n))}  [{bar(b.earned, b.best)}] {b.earned} / {b.best}")
    w("")
    w(label("practices", lang))
    order = {"broken": 0, "missed": 1, "followed": 2, "kept": 3}
    for pr in sorted(db.practices, key=lambda r: (order[r.status], not r.lesson)):
        p = pr.practice
        mark = {"followed": "+", "broken": "-", "missed": "?", "kept": "="}[pr.status]
        tag = f" ({label('lesson', lang)})" if pr.lesson else ""
        w(f"  [{mark}] {label(pr.status, lang)}: {p.title.get(lang)}{tag}")
        w(f"      {p.rationale.get(lang)}")
        src = ", ".join(p.sources + p.references)
        w(f"      {label(p.category, lang)}" + (f" · {label('source', lang)}: {src}" if src else ""))
    w("")
    w(label("better", lang))
    worse = [r for r in db.reviews if r.better_existed]
    if not worse:
        w("  " + label("none_better", lang))
    for i, r in enumerate(worse, 1):
        w(f"  {i}. {r.prompt.get(lang)} ({role_name(catalog, r.role, lang)})")
        w(f"     {label('you_chose', lang)}: {r.chosen_text.get(lang)} [{r.chosen_weight:+d}]")
        if r.feedback:
            w(f"       {r.feedback.get(lang)}")
        w(f"     {label('best_was', lang)}: {r.best_text.get(lang)} [{r.best_weight:+d}]")
        if r.best_feedback:
            w(f"       {r.best_feedback.get(lang)}")
    w("")
    w(label("path", lang))
    best_choices = [c for step in db.best_path for c in step.choices]
    for head, choices in (("yours", db.taken), ("bestp", best_choices)):
        w(f"  {label(head, lang)}:")
        for i, c in enumerate(choices, 1):
            q = sc.nodes[c.node].question(c.role)
            opt = q.option(c.option)
            w(f"   {i:>2}. [{role_name(catalog, c.role, lang)}] {opt.text.get(lang)} ({c.gain:+d})")
    if sc.debrief.what_happened:
        w("")
        w(label("real", lang))
        w("  " + sc.debrief.what_happened.get(lang).strip().replace("\n", "\n  "))
    return "\n".join(out) + "\n"
