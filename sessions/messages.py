"""The errors of the store, the sessions and the scenario catalogue (and a scenario that
cannot be played: errors in it, a loop), worded in English and Japanese, in one table, for
both shells.

The errors carry their facts (``kind`` and fields, see store_api.py, exercise.py and
engine/catalog.py; ``StoreProblem`` and engine.play's ``IllegalMove``: a kind of this
table and its ``facts``); ``describe(error, lang)`` words them here, so that the command line
(tui/cli/messages.py) and the terminal UI (tui/app) say the same sentence, and a Japanese
user who loses the PostgreSQL server mid-drill reads Japanese. An error's own English
text (``str(error)``, for logs and tracebacks) is ``describe(error, "en")``.

Why a server could not be reached is a fact too (``cause``: refused, auth, timeout, dns,
down, lost; "" for anything else), worded here, with the driver's own words (``detail``)
kept at the end, in parentheses, as text.

This module reads attributes only: it imports none of the errors it words, so the
modules that define them can use it for their English text.
"""

from __future__ import annotations

from tabletop.engine.text import pick

MESSAGES = {
    # -- the store cannot be used ------------------------------------------------------------
    "store_url": {
        "en": "cannot use '{url}' as the session store: {reason} (give a PostgreSQL URL "
        "postgresql://USER@HOST/DB, or the path of a SQLite file)",
        "ja": "「{url}」はセッションの保存先に使えません: {reason}(PostgreSQL の URL "
        "postgresql://ユーザー@ホスト/DB か、SQLite ファイルのパスを指定してください)",
    },
    "store_unreachable": {
        "en": "cannot reach the session store at {where}: {reason}",
        "ja": "セッションの保存先 {where} に接続できません: {reason}",
    },
    "store_auth": {
        "en": "the session store at {where} refused the user name or password ({detail})",
        "ja": "セッションの保存先 {where} がユーザー名またはパスワードを受け付けません({detail})",
    },
    "store_lost": {
        "en": "lost the connection to the session store at {where} and it did not come back within "
        "{waited} s ({reason}); nothing after the last answer shown as taken was lost: {then}",
        "ja": "セッションの保存先 {where} との接続が切れ、{waited} 秒待っても戻りませんでした({reason})。"
        "受け付けたと表示された回答までは失われていません。{then}",
    },
    # what to do then: start again (the command line, or a screen that has ended) or, on a
    # screen that kept the answer or note it could not save, give it again
    "store_lost_resume": {
        "en": "start the server again, then `tabletop resume` the session",
        "ja": "サーバーを起動し直してから `tabletop resume` でセッションを再開してください",
    },
    "store_lost_again": {
        "en": "give it again once the server is back",
        "ja": "サーバーが戻ったら、もう一度入力してください",
    },
    "store_newer": {
        "en": "the session store at {where} was written by a newer Tabletop (schema {found}, this one "
        "knows up to {known}); upgrade Tabletop, or use another store",
        "ja": "セッションの保存先 {where} は新しい版の Tabletop で書かれています(スキーマ {found}、"
        "この版は {known} まで)。Tabletop を更新するか、別の保存先を使ってください",
    },
    "store_newer_file": {
        "en": "{where} was written by a newer Tabletop (schema {found}, this one knows up to {known}); "
        "upgrade Tabletop, or set TABLETOP_HOME to another folder",
        "ja": "{where} は新しい版の Tabletop で書かれています(スキーマ {found}、この版は {known} まで)。"
        "Tabletop を更新するか、TABLETOP_HOME を別のフォルダにしてください",
    },
    "store_open": {
        "en": "cannot open the session database {path}: {detail}",
        "ja": "セッションのデータベース {path} を開けません: {detail}",
    },
    "store_create": {
        "en": "cannot create the session database {path}: {detail}",
        "ja": "セッションのデータベース {path} を作れません: {detail}",
    },
    "store_save": {
        "en": "could not save to {path}: {detail}; nothing after the last answer shown as taken was lost — "
        "fix that, then `tabletop resume` the session",
        "ja": "{path} に保存できませんでした: {detail}。受け付けたと表示された回答までは失われていません。"
        "原因を取り除いてから `tabletop resume` でセッションを再開してください",
    },
    "store_refused": {
        "en": "the session store at {where} refused a change: {detail}",
        "ja": "セッションの保存先 {where} が変更を受け付けませんでした: {detail}",
    },
    "store_setup": {
        "en": "cannot set up the session store at {where}: {detail}",
        "ja": "セッションの保存先 {where} を準備できません: {detail}",
    },
    # -- sessions ----------------------------------------------------------------------------
    "bad_session_name": {
        "en": "'{name}' cannot be a session name: use up to 64 letters, digits, '.', '_' or '-'",
        "ja": "「{name}」はセッション名に使えません。英数字と「.」「_」「-」で64文字までにしてください",
    },
    "session_exists": {
        "en": "a session named '{name}' already exists; resume it or choose another name",
        "ja": "セッション「{name}」はすでにあります。再開するか、別の名前にしてください",
    },
    "session_name_taken": {
        "en": "a session named '{name}' already exists; choose another name",
        "ja": "セッション「{name}」はすでにあります。別の名前にしてください",
    },
    "session_damaged": {
        "en": "session '{name}' is damaged at event {seq}: {detail}",
        "ja": "セッション「{name}」のイベント {seq} が壊れています: {detail}",
    },
    "session_no_start": {
        "en": "session '{name}' has no start event; it cannot be resumed",
        "ja": "セッション「{name}」には開始のイベントがないため、再開できません",
    },
    "session_conflicting": {
        "en": "session '{name}' has an event that does not follow from the ones before it (event {seq}: "
        "{detail}), as when two terminals answered at once with an older Tabletop; repair it with: "
        "`tabletop sessions --repair {name}`",
        "ja": "セッション「{name}」に、それまでの経過と矛盾するイベントがあります(イベント {seq}: {detail})。"
        "古い版の Tabletop で二つの端末が同時に回答すると起きます。修復するには: "
        "`tabletop sessions --repair {name}`",
    },
    "session_rewritten": {
        "en": "session '{name}' was rewritten in another terminal; resume it again",
        "ja": "セッション「{name}」は別の端末で書き換えられました。もう一度再開してください",
    },
    "version_unreadable": {
        "en": "the version of {ref} that session '{name}' was played on cannot be read by this Tabletop: {detail}",
        "ja": "セッション「{name}」を遊んだときの {ref} の版を、この Tabletop では読めません: {detail}",
    },
    "no_session": {
        "en": "no session named '{name}'{hint} (see 'tabletop sessions')",
        "ja": "セッション「{name}」はありません{hint}(一覧は `tabletop sessions`)",
    },
    "recent_sessions": {"en": "; recent sessions: {names}", "ja": "。最近のセッション: {names}"},
    "no_sessions_yet": {
        "en": "; there are no saved sessions yet",
        "ja": "。保存済みのセッションはまだありません",
    },
    "conflict": {
        "en": "session '{name}' changed in another terminal (it has {actual} events, this one had seen {expected})",
        "ja": "セッション「{name}」は別の端末で更新されました(イベント {actual} 件、この端末が見たのは {expected} 件)",
    },
    "console_taken": {
        "en": "session '{name}' is run from another facilitator console (on {host}, process {pid}, since "
        "{since}); close it there, or join this session read-only",
        "ja": "セッション「{name}」は別のファシリテーター画面で進行中です({host} のプロセス {pid}、"
        "{since} から)。そちらを閉じるか、このセッションに閲覧専用で参加してください",
    },
    # -- exercises ---------------------------------------------------------------------------
    "bad_exercise": {
        "en": "'{name}' cannot name an exercise: use up to 48 letters, digits, '_' or '-' (no dot: the teams' "
        "sessions are named EXERCISE.TEAM)",
        "ja": "「{name}」は演習名に使えません。英数字と「_」「-」で48文字まで(ドットは不可: チームのセッション名が "
        "演習名.チーム名 になります)",
    },
    "not_a_team": {
        "en": "session '{name}' is not a team of exercise '{exercise}' (its teams: {teams})",
        "ja": "セッション「{name}」は演習「{exercise}」のチームではありません(チーム: {teams})",
    },
    "no_teams_yet": {"en": "none yet", "ja": "まだありません"},
    "cc_empty_inject": {"en": "an ad-hoc inject needs a text", "ja": "臨時インジェクトには本文が必要です"},
    # -- a move the rules refuse (engine.play.IllegalMove: kind and facts) ----------------
    # Mostly another terminal's move that came first, or a form sent empty: the screens
    # check their input, and the engine says what it still refuses.
    "move_no_edge": {
        "en": "no edge out of '{node}' applies",
        "ja": "「{node}」から進める先がありません",
    },
    "move_started": {"en": "the session has already started", "ja": "セッションはもう始まっています"},
    "move_not_started": {"en": "the session has not started", "ja": "セッションがまだ始まっていません"},
    "move_ended": {"en": "the session has ended", "ja": "セッションは終わっています"},
    "move_no_draw": {"en": "no draw is expected here", "ja": "ここで引く運の分岐はありません"},
    "move_not_at_hand": {
        "en": "'{node}' is not the decision at hand",
        "ja": "「{node}」はいま答える判断ではありません",
    },
    "move_nothing_to_answer": {
        "en": "role '{role}' has nothing to answer at '{node}'",
        "ja": "役割「{role}」が「{node}」で答えることはありません",
    },
    "move_not_an_option": {
        "en": "'{option}' is not an option of '{node}'",
        "ja": "「{option}」は「{node}」の選択肢ではありません",
    },
    "move_not_on_offer": {
        "en": "'{option}' is not on offer at '{node}' now",
        "ja": "「{option}」はいま「{node}」で選べません",
    },
    "move_no_ruling": {
        "en": "no ruling is expected for '{role}' at '{node}'",
        "ja": "「{node}」で「{role}」の回答を評価する場面ではありません",
    },
    "move_not_a_level": {
        "en": "'{level}' is not a level of the rubric of '{option}'",
        "ja": "「{level}」は「{option}」の評価基準の段階ではありません",
    },
    "move_unknown_event": {"en": "unknown event {event}", "ja": "不明なイベントです: {event}"},
    "move_not_a_role": {
        "en": "'{role}' is not a role of this scenario",
        "ja": "「{role}」はこのシナリオの役割ではありません",
    },
    "move_paused": {"en": "the session is already paused", "ja": "セッションはもう一時停止しています"},
    "move_not_paused": {"en": "the session is not paused", "ja": "セッションは一時停止していません"},
    "move_release_solo": {
        "en": "injects are released only in a facilitated session",
        "ja": "インジェクトを配信するのはファシリテーター付きのセッションだけです",
    },
    "move_release_range": {
        "en": "cannot release up to entry {upto}: {released} of {entries} are released",
        "ja": "{upto} 件目までは配信できません({entries} 件中 {released} 件を配信済み)",
    },
    "move_adhoc_id": {
        "en": "an ad-hoc inject needs an id of its own, not {id}",
        "ja": "臨時インジェクトには固有の ID が必要です({id} は使えません)",
    },
    "move_not_a_rating": {
        "en": "'{rating}' is not a rating (one of {ratings})",
        "ja": "「{rating}」は評価ではありません({ratings} のいずれか)",
    },
    "move_not_an_objective": {
        "en": "'{objective}' is not an objective of this scenario",
        "ja": "「{objective}」はこのシナリオの目標ではありません",
    },
    "move_not_a_task": {
        "en": "'{task}' is not a critical task of objective '{objective}'",
        "ja": "「{task}」は目標「{objective}」の重要タスクではありません",
    },
    "move_rating_needs_task": {
        "en": "a rating is given against a critical task: name the objective and the task",
        "ja": "評価は重要タスクに対して付けます。目標とタスクを指定してください",
    },
    "move_observation_empty": {
        "en": "an observation needs a text or a rating",
        "ja": "観察メモには本文か評価が必要です",
    },
    "move_adjustment_reason": {
        "en": "a score adjustment needs a reason",
        "ja": "得点の調整には理由が必要です",
    },
    "move_hotwash_empty": {
        "en": "a hotwash answer needs a text",
        "ja": "ホットウォッシュの回答には本文が必要です",
    },
    "move_plan_empty": {
        "en": "an improvement-plan row needs an item",
        "ja": "改善計画の行には項目が必要です",
    },
    "move_not_a_node": {
        "en": "'{node}' is not a node of this scenario",
        "ja": "「{node}」はこのシナリオのノードではありません",
    },
    "move_propose_solo": {
        "en": "answers are proposed only in a facilitated session",
        "ja": "回答の提案はファシリテーター付きのセッションだけで行えます",
    },
    "move_not_released": {
        "en": "'{node}' has not been released to the participants yet",
        "ja": "「{node}」はまだ参加者に配信されていません",
    },
    # -- the scenario catalogue --------------------------------------------------------------
    "unknown_id": {
        "en": "unknown scenario id '{ref}'{hint} (`tabletop list` shows them)",
        "ja": "シナリオ ID「{ref}」はありません{hint}(一覧は `tabletop list`)",
    },
    "did_you_mean_ids": {"en": "; did you mean {ids}?", "ja": "。{ids} のことですか?"},
    "or": {"en": " or ", "ja": " または "},
    "ambiguous_id": {
        "en": "'{ref}' matches several scenarios: {ids}",
        "ja": "「{ref}」に当てはまるシナリオが複数あります: {ids}",
    },
    "no_such_file": {"en": "no such file: {path}", "ja": "ファイルがありません: {path}"},
    "scenario_errors": {
        "en": "the scenario has errors; fix them first (`tabletop validate {ref}`):\n{detail}",
        "ja": "シナリオに誤りがあります。先に直してください(`tabletop validate {ref}`):\n{detail}",
    },
    "loop": {
        "en": "the scenario goes round for ever: {detail}. `tabletop validate` on its file shows the loop (TT032).",
        "ja": "シナリオが終わりなく同じところを回ります: {detail}。そのファイルに `tabletop validate` を実行すると"
        "ループの場所が分かります(TT032)。",
    },
}

# Why a URL names no store Tabletop can open (BadStoreURL.cause).
URL_REASONS = {
    "no_file": {"en": "it names no file", "ja": "ファイルを指していません"},
    "unknown_kind": {
        "en": "Tabletop does not know the kind '{scheme}'",
        "ja": "Tabletop は「{scheme}」という種類を知りません",
    },
    "empty": {"en": "it is empty", "ja": "空です"},
    "unreadable": {"en": "it cannot be read ({detail})", "ja": "読み取れません({detail})"},
}

# Why a server could not be reached, or went away (StoreUnreachable.cause, StoreLost.cause).
REASONS = {
    "refused": {
        "en": "the server refuses connections: nothing answers at that address and port ({detail})",
        "ja": "サーバーが接続を拒否しました。そのアドレスとポートで応答するものがありません({detail})",
    },
    "auth": {
        "en": "the server did not accept the login ({detail})",
        "ja": "サーバーがログインを受け付けませんでした({detail})",
    },
    "timeout": {
        "en": "the server did not answer in time ({detail})",
        "ja": "サーバーが時間内に応答しませんでした({detail})",
    },
    "dns": {
        "en": "the server's host name is not known ({detail})",
        "ja": "サーバーのホスト名が見つかりません({detail})",
    },
    "down": {
        "en": "the server accepts no connection (it is down, restarting or out of reach)",
        "ja": "サーバーが接続を受け付けません(停止中、再起動中、または到達できません)",
    },
    "lost": {
        "en": "the server closed the connection ({detail})",
        "ja": "サーバーが接続を閉じました({detail})",
    },
}


def say(key: str, lang: str, /, **facts) -> str:
    """The message ``key`` of this table in ``lang`` (else English), with its facts."""
    return pick(MESSAGES, key, lang, **facts)


def reason(cause: str, detail: str, lang: str) -> str:
    """Why a server could not be reached, in ``lang``: the cause worded, the driver's own
    words (``detail``) after it, in parentheses (none when there are no words); an unknown
    cause is the detail alone."""
    if cause not in REASONS:
        return detail
    worded = pick(REASONS, cause, lang, detail=detail)
    return worded if detail else worded.replace(" ()", "").replace("()", "")


def url_reason(cause: str, detail: str, scheme: str, lang: str) -> str:
    """Why a URL names no store, in ``lang``."""
    if cause in URL_REASONS:
        return pick(URL_REASONS, cause, lang, detail=detail, scheme=scheme)
    return detail


def describe(error: BaseException, lang: str, again: bool = False) -> str | None:
    """``error`` worded in ``lang``, when its ``kind`` is one of this table's; else None
    (the caller words it, or shows ``str(error)``). ``again``: said on a screen that kept
    what could not be saved, so that it can be given again (a lost server's advice)."""
    kind = getattr(error, "kind", None)
    e = error
    if kind == "store_url":
        return say(kind, lang, url=e.url, reason=url_reason(e.cause, e.reason, e.scheme, lang))
    if kind == "store_unreachable":
        if e.cause == "auth":  # the sentence says the cause; the server's words follow
            return say("store_auth", lang, where=e.where, detail=e.reason)
        return say(kind, lang, where=e.where, reason=reason(e.cause, e.reason, lang))
    if kind == "store_lost":
        then = say("store_lost_again" if again else "store_lost_resume", lang)
        why = reason(e.cause, e.reason, lang)
        return say(kind, lang, where=e.where, waited=f"{e.waited:.0f}", reason=why, then=then)
    if kind == "store_newer":
        return say(kind, lang, where=e.where, found=e.found, known=e.known)
    if kind == "no_session":
        names = ", ".join(e.known)
        hint = say("recent_sessions", lang, names=names) if e.known else say("no_sessions_yet", lang)
        return say(kind, lang, name=e.name, hint=hint)
    if kind == "conflict":
        return say(kind, lang, name=e.name, expected=e.expected, actual=e.actual)
    if kind == "console_taken":
        h = e.holder
        return say(kind, lang, name=h.session, host=h.host, pid=h.pid, since=h.since)
    if kind == "bad_exercise":
        return say(kind, lang, name=e.name)
    if kind == "not_a_team":
        teams = ", ".join(e.teams) or say("no_teams_yet", lang)
        return say(kind, lang, name=e.name, exercise=e.exercise, teams=teams)
    if kind in MESSAGES and isinstance(getattr(e, "facts", None), dict):  # StoreProblem, IllegalMove
        return say(kind, lang, **e.facts)
    if kind == "unknown_id":
        hint = say("did_you_mean_ids", lang, ids=say("or", lang).join(e.near)) if e.near else ""
        return say(kind, lang, ref=e.ref, hint=hint)
    if kind == "ambiguous_id":
        return say(kind, lang, ref=e.ref, ids=", ".join(e.near))
    if kind == "no_such_file":
        return say(kind, lang, path=e.ref)
    return None


def words(error: BaseException, lang: str, again: bool = False) -> str:
    """``error`` in ``lang`` as a person should read it: worded here when it carries its
    facts, else its own sentence (``again``: see describe)."""
    worded = describe(error, lang, again)
    return str(error) if worded is None else worded
