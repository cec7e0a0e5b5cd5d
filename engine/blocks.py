"""The vocabulary of a debrief document, shared by its outline (engine.report) and the
after-action report's sections (engine.aar): the blocks, the labels in both languages,
and how scenario time and scores read."""

from __future__ import annotations

import attrs

from .text import pick

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
    "of_best_adjusted": {
        "en": "{score} ({earned} from the answers, of a best achievable {best}: {share}; "
        "{adjusted:+d} in adjustments)",
        "ja": "{score} 点(回答による {earned} 点 = 到達可能な最高 {best} 点の {share}、調整 {adjusted:+d} 点)",
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
    "your_path": {"en": "Your path", "ja": "たどった道筋"},
    "by_objectives": {
        "en": "none: no option in this exercise scores; the objectives below say how the team did",
        "ja": "なし(この演習の選択肢には点がなく、下の演習目標で評価します)",
    },
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
    "notes": {"en": "Notes taken during play", "ja": "プレイ中のメモ"},
    "attack": {"en": "MITRE ATT&CK techniques in this case", "ja": "この事例の MITRE ATT&CK テクニック"},
    "step": {"en": "#", "ja": "#"},
    "objectives": {"en": "Objectives", "ja": "演習目標"},
    "met": {"en": "met", "ja": "達成"},
    "partly": {"en": "partly met", "ja": "一部達成"},
    "not-met": {"en": "not met", "ja": "未達成"},
    "not-rated": {"en": "not rated yet", "ja": "未評定"},
    "performed": {"en": "performed", "ja": "実施"},
    "not_performed": {"en": "not performed", "ja": "未実施"},
    "not_rated": {"en": "not rated yet: shown by a rating", "ja": "未評定(評定で判断する課題)"},
    "task_rated": {"en": "rated {rating}", "ja": "評定 {rating}"},
    "task_self_rated": {"en": "your own rating {rating}", "ja": "自己評定 {rating}"},
    "ev_answer": {"en": "answer at {clock}: {option}", "ja": "{clock} の回答: {option}"},
    "ev_late": {
        "en": "too late ({clock}, due by {by}): {option}",
        "ja": "期限後({clock}、期限 {by}): {option}",
    },
    "ev_state": {"en": "at the end: {flags}", "ja": "終了時: {flags}"},
    "ev_practices": {"en": "practices: {items}", "ja": "プラクティス: {items}"},
    "deadlines": {"en": "Deadlines", "ja": "期限"},
    "dl_missed": {"en": "{clock} missed: {title}", "ja": "{clock} 期限切れ: {title}"},
    "dl_met": {"en": "{clock} met: {title}", "ja": "{clock} 期限内に対応: {title}"},
    "rated_self": {"en": "your own rating", "ja": "自己評価"},
    "rated_facilitator": {"en": "facilitator's ruling", "ja": "ファシリテーターの裁定"},
    "your_answer": {"en": "your answer", "ja": "あなたの回答"},
    "own_words": {"en": "Answers in your own words", "ja": "自分の言葉で書いた回答"},
    "decision": {"en": "decision", "ja": "判断"},
    "role": {"en": "role", "ja": "役割"},
}


def label(key: str, lang: str, **kw) -> str:
    return pick(LABELS, key, lang, **kw)


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


# the ratings of a critical task (HSEEP's P, S, M, U): the after-action report's, and the
# rating dialogs' of any session (here, so that a solo game's dialog does not import
# engine.aar)
RATINGS = {
    "P": {"en": "P: performed without challenges", "ja": "P: 問題なく実施"},
    "S": {"en": "S: performed with some challenges", "ja": "S: 一部に課題を残して実施"},
    "M": {"en": "M: performed with major challenges", "ja": "M: 重大な課題を残して実施"},
    "U": {"en": "U: unable to be performed", "ja": "U: 実施できず"},
    "": {"en": "not rated", "ja": "評定なし"},
}


def rating_word(rating: str, lang: str) -> str:
    return pick(RATINGS, rating, lang)


@attrs.frozen
class Block:
    # title | heading | section (a heading that starts a page in print) | para | small |
    # bars | practice | review | path | quote | table (rows, the first a header) | chart
    # (rows: one SVG, already escaped; HTML only)
    kind: str
    text: str = ""
    rows: tuple = ()
