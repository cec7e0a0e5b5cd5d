"""Every message the command line shows a person, in English and Japanese, in one table.

The language is the command's --lang, else TABLETOP_LANG, else the locale (``lang.py``);
``use`` sets it once the arguments are read. Errors raised below the shell (an unknown
scenario id, a missing session) carry their facts, and ``describe`` words them here, so
that a Japanese user never reads an English sentence from the engine or the store.
"""

from __future__ import annotations

from tabletop.engine.text import pick
from tabletop.sessions.messages import MESSAGES as SHARED
from tabletop.sessions.messages import describe as shared_words

from .lang import default_lang

MESSAGES = {
    # -- shared by every command ----------------------------------------------------------
    "error": {"en": "tabletop: {message}", "ja": "tabletop: {message}"},
    "interrupted": {"en": "tabletop: interrupted", "ja": "tabletop: 中断しました"},
    "wrote": {"en": "wrote {path}", "ja": "{path} に書き出しました"},
    "cannot_write": {"en": "cannot write {path}: {reason}", "ja": "{path} に書き込めません: {reason}"},
    "no_such_path": {
        "en": "no such file or folder: {path}",
        "ja": "ファイルまたはフォルダがありません: {path}",
    },
    "no_yaml": {"en": "no .yaml files found in {paths}", "ja": "{paths} に .yaml ファイルがありません"},
    "checked": {
        "en": "{n} file{n_s} checked: {errors} error{e_s}, {warnings} warning{w_s}",
        "ja": "{n} 件のファイルを検査しました: エラー {errors} 件、警告 {warnings} 件",
    },
    "cc_sent": {
        "en": "ad-hoc inject written to {n} team(s): {teams}",
        "ja": "臨時インジェクトを {n} チームに書き込みました: {teams}",
    },
    "cc_sent_none": {
        "en": "no team of exercise '{exercise}' is playing: nothing was written",
        "ja": "演習「{exercise}」でプレイ中のチームがないため、何も書き込んでいません",
    },
    "cc_no_teams": {
        "en": "exercise '{exercise}' has no sessions yet (a team joins with `tabletop play ID --session {exercise}.TEAM`)",
        "ja": "演習「{exercise}」のセッションはまだありません(チームの参加は `tabletop play ID --session {exercise}.チーム名`)",
    },
    "cc_heading": {
        "en": "exercise {exercise}: {n} team(s), {stalled} stalled (no decision for {m} min)",
        "ja": "演習 {exercise}: {n} チーム、停滞 {stalled}({m} 分以上判断なし)",
    },
    "cc_columns": {
        "en": "team\tscenario\tposition\tdecisions\tscore\tidle\tstate",
        "ja": "チーム\tシナリオ\t現在地\t判断\t得点\t経過\t状態",
    },
    "cc_stalled_mark": {"en": "STALLED", "ja": "停滞"},
    "cc_state_playing": {"en": "playing", "ja": "プレイ中"},
    "cc_state_ended": {"en": "ended", "ja": "終了"},
    "cc_state_abandoned": {"en": "abandoned", "ja": "中断"},
    "cc_state_error": {"en": "unreadable", "ja": "読めません"},
    "catalogue_errors": {
        "en": "the built-in catalogue has errors:\n{detail}",
        "ja": "組み込みのカタログに誤りがあります:\n{detail}",
    },
    "more_findings": {"en": "\n... and {n} more", "ja": "\n…ほか {n} 件"},
    "session_scenario_gone": {
        "en": "this session's scenario cannot be found: {detail}",
        "ja": "このセッションのシナリオが見つかりません: {detail}",
    },
    "watch_needs_tui": {
        "en": "--watch needs the terminal UI: run it in a terminal, without --plain",
        "ja": "--watch は端末 UI でのみ使えます。--plain を付けずに端末で実行してください",
    },
    "watch_needs_file": {
        "en": "--watch takes a scenario file (a path), not a built-in id",
        "ja": "--watch には組み込みの ID ではなく、シナリオのファイル(パス)を指定してください",
    },
    "bad_minutes": {
        "en": "'{raw}' is not a whole number of minutes from 1 to 120",
        "ja": "「{raw}」は 1〜120 の整数(分)ではありません",
    },
    # -- import and export ----------------------------------------------------------------
    "cannot_import": {"en": "cannot import {path}: {reason}", "ja": "{path} を取り込めません: {reason}"},
    "import_too_big": {
        "en": "{path} is over {n} MiB; that is too big to import",
        "ja": "{path} は {n} MiB を超えています。大きすぎて取り込めません",
    },
    "cannot_read": {"en": "cannot read {path}: {reason}", "ja": "{path} を読めません: {reason}"},
    "imported": {
        "en": "imported the {what}; check it with: tabletop validate {path}",
        "ja": "{what}を取り込みました。確認するには: tabletop validate {path}",
    },
    "what_iceberg": {"en": "IcebergTTX scenario", "ja": "IcebergTTX のシナリオ"},
    "what_openaev": {"en": "OpenAEV export", "ja": "OpenAEV のエクスポート"},
    "what_msel": {"en": "MSEL", "ja": "MSEL"},
    "what_blueprint": {"en": "Blueprint MSEL", "ja": "Blueprint の MSEL"},
    "xlsx_not_for_terminal": {
        "en": "an .xlsx workbook is not for a terminal: write it to a file with -o FILE",
        "ja": ".xlsx ブックは端末には出せません。-o FILE でファイルに書き出してください",
    },
    # -- list and show -------------------------------------------------------------------
    "list_row": {
        "en": "{d} decisions, {e} endings, {langs}",
        "ja": "判断 {d} 件、結末 {e} 件、{langs}",
    },
    "show_ids": {
        "en": "id: {id}   source: {src}   languages: {langs}",
        "ja": "ID: {id}   出典: {src}   言語: {langs}",
    },
    "show_roles": {"en": "roles: {roles}", "ja": "役割: {roles}"},
    "show_kind": {
        "en": "type: {type}   sector: {sector}   difficulty: {difficulty}   play time: {minutes} min",
        "ja": "種別: {type}   分野: {sector}   難易度: {difficulty}   所要時間: {minutes} 分",
    },
    "show_counts": {
        "en": "{nodes} nodes, {d} decisions, {e} endings, {p} practices",
        "ja": "ノード {nodes} 件、判断 {d} 件、結末 {e} 件、プラクティス {p} 件",
    },
    "show_origin": {
        "en": "imported from {tool}: {ids} ids and {teams} team ids kept for the way back "
        "(tabletop export --format {fmt})",
        "ja": "{tool} から取り込み: 書き戻し用に ID {ids} 件とチーム ID {teams} 件を保持"
        "(tabletop export --format {fmt})",
    },
    # -- argparse, which speaks English of its own -----------------------------------------
    "usage": {"en": "usage: ", "ja": "使い方: "},
    "arg_error": {"en": "{prog}: error: {message}", "ja": "{prog}: エラー: {message}"},
    "did_you_mean": {"en": "; did you mean '{word}'?", "ja": "。「{word}」のことですか?"},
    # -- plain line mode ---------------------------------------------------------------
    "roles": {"en": "Roles", "ja": "役割"},
    "you_play": {"en": "you play", "ja": "担当"},
    "seed": {
        "en": "seed {seed} (replay with --seed {seed})",
        "ja": "シード {seed}(--seed {seed} で同じ展開を再現できます)",
    },
    "help": {
        "en": "At each decision type an option number or id, then Enter. ? shows the options again, "
        "'n TEXT' saves a note, q stops (the session is saved; resume it later).",
        "ja": "判断の場面では選択肢の番号か ID を入力して Enter を押してください。? で選択肢を再表示、"
        "「n メモ」でメモを保存、q で中断します(セッションは保存され、あとで再開できます)。",
    },
    "decide": {"en": "Decision", "ja": "判断"},
    "for_role": {"en": "for", "ja": "担当"},
    "not_yours": {
        "en": "(not one of your roles: answer as you expect them to act)",
        "ja": "(担当外の役割です。その役割ならどう動くかを考えて答えてください)",
    },
    "choose": {"en": "Your choice [1-{n}]: ", "ja": "選択 [1-{n}]: "},
    "bad": {
        "en": "'{got}' is not an option here: type a number from 1 to {n}, or an option id (? lists them, q quits).",
        "ja": "「{got}」は選択肢にありません。1〜{n} の番号か選択肢の ID を入力してください(? で一覧、q で終了)。",
    },
    "eof": {
        "en": "Input ended before the scenario did; stopped at '{node}' after {n} decision(s). "
        "Continue with: tabletop resume {name}",
        "ja": "シナリオの途中で入力が終わりました。{n} 件の判断のあと「{node}」で停止しました。"
        "続きは tabletop resume {name} で再開できます。",
    },
    "quit": {
        "en": "Stopped at '{node}' after {n} decision(s). Continue with: tabletop resume {name}",
        "ja": "{n} 件の判断のあと「{node}」で終了しました。続きは tabletop resume {name} で再開できます。",
    },
    "session": {"en": "session: {name}", "ja": "セッション: {name}"},
    "not_tty_play": {
        "en": "tabletop: not a terminal; playing in plain mode (use --plain to say so).",
        "ja": "tabletop: 端末ではないため、プレーンモードでプレイします(--plain で明示できます)。",
    },
    "not_tty_resume": {
        "en": "tabletop: not a terminal; resuming in plain mode.",
        "ja": "tabletop: 端末ではないため、プレーンモードで再開します。",
    },
    "resumed": {
        "en": "Resuming session {name}: {n} decision(s) kept.",
        "ja": "セッション {name} を再開します。{n} 件の判断はそのままです。",
    },
    "as_played": {
        "en": "note: the scenario has changed since this session was played; this is the version it was played on.",
        "ja": "注意: このセッションを遊んだ後にシナリオが変わりました。ここに示すのは、遊んだときの版です。",
    },
    "scenario_changed": {
        "en": "the scenario of session '{name}' ({ref}) has changed since it was played.{choices}",
        "ja": "セッション「{name}」のシナリオ({ref})は、遊んだ後に変更されています。{choices}",
    },
    "changed_choices": {
        "en": "\n  tabletop resume {name} --as-played   show it as it was played (its debrief, or go on as it was)"
        "\n  tabletop resume {name} --fork        a new session on the new version, with its answers "
        "replayed as far as they still fit",
        "ja": "\n  tabletop resume {name} --as-played   遊んだときの版で開く(講評を見る、またはその版のまま続ける)"
        "\n  tabletop resume {name} --fork        新しい版で新しいセッションを作り、当てはまる所まで回答を再現する",
    },
    "changed_fork_only": {
        "en": " The version it was played on was not kept (the session is older than the records); "
        "`tabletop resume {name} --fork` replays its answers on the new version as far as they fit.",
        "ja": " 遊んだときの版は保存されていません(記録を残すようになる前のセッションです)。"
        "`tabletop resume {name} --fork` で、新しい版に当てはまる所まで回答を再現できます。",
    },
    "changed_ask": {
        "en": "The scenario has changed since this session was played.\n  1  show it as it was played\n"
        "  2  fork onto the new version (a new session, its answers replayed as far as they fit)\n"
        "Choose 1 or 2 (Enter: cancel): ",
        "ja": "このセッションを遊んだ後にシナリオが変更されています。\n  1  遊んだときの版で開く\n"
        "  2  新しい版に分岐する(新しいセッションを作り、当てはまる所まで回答を再現)\n"
        "1 か 2 を選んでください(Enter で中止): ",
    },
    "forked_onto_new": {
        "en": "new session '{name}' on the new version: {replayed} of {total} answers replayed"
        "; '{old}' is kept as it was.",
        "ja": "新しい版のセッション「{name}」を作りました: 回答 {total} 件のうち {replayed} 件を再現しました"
        "。「{old}」は元のまま残っています。",
    },
    "noted": {"en": "(note saved)", "ja": "(メモを保存しました)"},
    "report_hint": {
        "en": "Saved as session {name}. Its report:",
        "ja": "セッション {name} として保存しました。報告書の出力:",
    },
    "too_many": {
        "en": "Stopped: {n} answers in a row were not options, and the input is not a terminal.",
        "ja": "終了しました: 端末以外からの入力で、選択肢にない回答が {n} 回続きました。",
    },
    "adhoc": {"en": "Ad-hoc inject", "ja": "臨時インジェクト"},
    "hidden": {"en": "[a message for {roles} only]", "ja": "[{roles} のみへの連絡]"},
    "feedback": {"en": "Feedback", "ja": "フィードバック"},
    "saved": {
        "en": "✓ saved as decision {n}: {role} — {option}",
        "ja": "✓ 判断 {n} として保存しました: {role} — {option}",
    },
    "elsewhere": {
        "en": "{role} answered this in another terminal: {option}",
        "ja": "{role} が別の端末でこの判断に回答しました: {option}",
    },
    "stopped_elsewhere": {
        "en": "The session was stopped in another terminal.",
        "ja": "このセッションは別の端末で中断されました。",
    },
    "moved_on": {
        "en": "The session moved on in another terminal; your answer was not saved.",
        "ja": "別の端末でセッションが進んだため、この回答は保存されていません。",
    },
    "timer": {
        "en": "Decision timer: {m} min per decision (an answer given later is noted).",
        "ja": "判断タイマー: 1 判断あたり {m} 分(超過した回答はメモに記録されます)。",
    },
    "timer_note": {
        "en": "time ran out before this decision ({s} s)",
        "ja": "この判断の前に制限時間を超えました({s} 秒)",
    },
    "ending": {"en": "Ending", "ja": "結末"},
    "source": {"en": "from {who}", "ja": "発信元: {who}"},
    "deadline": {"en": "Deadline missed: {title}", "ja": "期限切れ: {title}"},
    "contested": {
        "en": "A contested call: competent teams disagree here. Read the case for and against each option.",
        "ja": "意見が分かれる判断です。選択肢ごとの賛否の論点を読んでから選んでください。",
    },
    "for": {"en": "for", "ja": "賛成"},
    "against": {"en": "against", "ja": "反対"},
    "open": {"en": "(you write your own answer)", "ja": "(自分の言葉で答えます)"},
    "your_answer": {"en": "Your answer (one line): ", "ja": "あなたの回答(1行): "},
    "empty": {"en": "Write a few words, or q to stop.", "ja": "ひとことでも書いてください(q で中断)。"},
    "rubric": {
        "en": "Rate your answer against the rubric (recorded as your own rating):",
        "ja": "ルーブリックに照らして自分の回答を評価してください(自己評価として記録されます):",
    },
    "model": {"en": "A model answer", "ja": "模範解答"},
    "rate": {"en": "Your rating [1-{n}]: ", "ja": "自己評価 [1-{n}]: "},
    "assess_intro": {
        "en": "No facilitator: rate {n} critical task(s) yourselves. P performed without challenges, "
        "S with some challenges, M with major challenges, U not performed; Enter skips one, q stops.",
        "ja": "ファシリテーターがいないので、重要タスク {n} 件を自分たちで評定します。P 問題なく実施、"
        "S 一部に課題、M 重大な課題、U 実施できず。Enter で飛ばし、q で評定をやめます。",
    },
    "assess_task": {"en": "Critical task {k} of {n}", "ja": "重要タスク {k} / {n}"},
    "assess_due": {"en": "expected at", "ja": "期待される場面"},
    "assess_prompt": {
        "en": "Your rating [P/S/M/U, Enter: skip]: ",
        "ja": "自己評定 [P/S/M/U、Enter で飛ばす]: ",
    },
    "assess_bad": {
        "en": "'{got}' is not P, S, M or U.",
        "ja": "「{got}」は P・S・M・U のどれでもありません。",
    },
    "lang_missing": {
        "en": "note: this scenario has no {lang} text; showing what it has.",
        "ja": "注意: このシナリオには {lang} のテキストがありません。あるものを表示します。",
    },  # -- tabletop sessions --------------------------------------------------------------
    "none": {
        "en": "No saved sessions yet. Start one with `tabletop play ID`.",
        "ja": "保存済みのセッションはまだありません。`tabletop play ID` で始めてください。",
    },
    "playing": {"en": "in play", "ja": "プレイ中"},
    "ended": {"en": "ended", "ja": "終了"},
    "abandoned": {"en": "stopped", "ja": "中断"},
    "row": {"en": "{n:>3} decisions  score {score:>4}", "ja": "判断 {n:>3} 件  得点 {score:>4}"},
    "fork": {"en": " (fork of {parent} at decision {n})", "ja": "({parent} の判断 {n} からの分岐)"},
    "not_asked": {
        "en": "Not asked, as the input is not a terminal: add --yes to do it.",
        "ja": "入力が端末ではないため確認できません。実行するには --yes を付けてください。",
    },
    "unchanged": {"en": "nothing was changed", "ja": "何も変更していません"},
    "renamed": {"en": "renamed session {old} to {new}", "ja": "セッション {old} を {new} に変更しました"},
    "delete_q": {
        "en": "Delete session {name} ({n} decisions, {state})?",
        "ja": "セッション {name}(判断 {n} 件、{state})を削除しますか?",
    },
    "deleted": {"en": "deleted session {name}", "ja": "セッション {name} を削除しました"},
    "sound": {
        "en": "session {name} has no conflicting events: nothing to repair",
        "ja": "セッション {name} に矛盾するイベントはありません。修復は不要です",
    },
    "repair_q": {
        "en": "Session {name}: event {n} of {total} does not follow from the ones before it. "
        "Drop it and the {after} after it ({lost} answers)?",
        "ja": "セッション {name}: {total} 件中 {n} 件目のイベントがそれまでの経過と矛盾しています。"
        "これと以降の {after} 件(回答 {lost} 件)を削除しますか?",
    },
    "repaired": {
        "en": "repaired session {name}: kept {kept} events, dropped {dropped}; resume it with:\n"
        "  tabletop resume {name}",
        "ja": "セッション {name} を修復しました: {kept} 件を残し、{dropped} 件を削除しました。再開するには:\n"
        "  tabletop resume {name}",
    },
    # -- report --plan (the improvement plan of a facilitated drill) ------------------------
    "plan_help": {
        "en": "the improvement plan of a facilitated drill: alone, list its rows; with ITEM and --action, "
        "add that row or replace the row of that ITEM",
        "ja": "ファシリテーター付き演習の改善計画。単独では一覧を表示し、ITEM と --action を付けると"
        "その行を追加(同じ ITEM の行は置き換え)します",
    },
    "plan_action_help": {
        "en": "the corrective action (with --plan ITEM)",
        "ja": "是正措置(--plan ITEM と一緒に)",
    },
    "plan_owner_help": {"en": "who owns the action", "ja": "担当者"},
    "plan_due_help": {"en": "when it is due, as YYYY-MM-DD", "ja": "期限(YYYY-MM-DD 形式)"},
    "plan_needs_item": {
        "en": "--action, --owner and --due need --plan ITEM: the issue the row is about",
        "ja": "--action、--owner、--due には --plan ITEM(その行の課題)が必要です",
    },
    "plan_needs_action": {
        "en": "the plan row '{item}' needs its corrective action: --action TEXT",
        "ja": "改善計画の行「{item}」には是正措置が必要です: --action TEXT",
    },
    "plan_bad_due": {
        "en": "'{due}' is not a date: write the due date as YYYY-MM-DD (for example 2027-03-31)",
        "ja": "「{due}」は日付ではありません。期限は YYYY-MM-DD 形式で書いてください(例: 2027-03-31)",
    },
    "plan_not_facilitated": {
        "en": "session {name} is not a facilitated drill: only a drill has an improvement plan",
        "ja": "セッション {name} はファシリテーター付き演習ではありません。改善計画は演習にのみあります",
    },
    "plan_retry": {
        "en": "the session changed while the row was saved; run the command again",
        "ja": "保存中にセッションが更新されました。もう一度実行してください",
    },
    "plan_saved": {
        "en": "saved the plan row '{item}' in session {name}",
        "ja": "セッション {name} に改善計画の行「{item}」を保存しました",
    },
    "plan_empty": {
        "en": "session {name} has no improvement plan yet: add a row with --plan ITEM --action TEXT",
        "ja": "セッション {name} にはまだ改善計画がありません。--plan ITEM --action TEXT で行を追加してください",
    },
    # facilitated drills: facilitate, join, replay
    "bad_stalled": {
        "en": "'{raw}' is not a number of minutes above 0 (up to 1440)",
        "ja": "「{raw}」は 0 より大きい分数(1440 まで)ではありません",
    },
    "team_needs_inject": {
        "en": "--team chooses whom --inject writes to; give --inject TEXT with it",
        "ja": "--team は --inject の宛先です。--inject 本文 と一緒に指定してください",
    },
    "bad_port": {
        "en": "'{raw}' is not a port number (1-65535)",
        "ja": "「{raw}」はポート番号(1〜65535)ではありません",
    },
    "bad_token": {
        "en": "the token must be at least {n} printable characters, without spaces around it",
        "ja": "トークンは前後に空白のない、{n} 文字以上の表示できる文字列にしてください",
    },
    "bad_public_url": {
        "en": "--public-url must start with http:// or https:// (got {url})",
        "ja": "--public-url は http:// か https:// で始めてください(指定: {url})",
    },
    "serving": {
        "en": "Tabletop for browsers: open {url}",
        "ja": "ブラウザ版 Tabletop: {url} を開いてください",
    },
    "token_generated": {
        "en": "(a token was generated for this run; set {env} or --token to keep the same address across restarts)",
        "ja": "(この起動用にトークンを生成しました。再起動しても同じアドレスにするには {env} か --token を指定してください)",
    },
    "serve_no_tls": {
        "en": "warning: this is plain HTTP; beyond this machine, put a reverse proxy with TLS in front (docs/serve.md)",
        "ja": "警告: 暗号化されていない HTTP です。他の機械からは TLS のリバースプロキシを前に置いてください(docs/serve.md)",
    },
    "serve_stop": {"en": "Ctrl+C stops the server.", "ja": "Ctrl+C でサーバーを止めます。"},
    "port_in_use": {
        "en": "port {port} on {host} is already in use; choose another with --port",
        "ja": "{host} のポート {port} は使用中です。--port で別のポートを指定してください",
    },
    "port_denied": {
        "en": "not allowed to listen on port {port} on {host} (ports below 1024 need privileges); choose another with --port",
        "ja": "{host} のポート {port} では待ち受けできません(1024 未満は特権が必要です)。--port で別のポートを指定してください",
    },
    "cannot_listen": {
        "en": "cannot listen on {host} port {port}: {reason}",
        "ja": "{host} のポート {port} で待ち受けできません: {reason}",
    },
    "bad_seconds": {
        "en": "'{raw}' is not a number of seconds from 10 to 7200",
        "ja": "「{raw}」は 10〜7200 の秒数ではありません",
    },
    "not_facilitated": {
        "en": "session '{name}' is not a facilitated drill (start one with: tabletop facilitate ID)",
        "ja": "セッション「{name}」はファシリテーター付き演習ではありません(開始するには: tabletop facilitate ID)",
    },
    "needs_terminal": {
        "en": "`tabletop {command}` needs a terminal (it opens the terminal UI)",
        "ja": "`tabletop {command}` には端末が必要です(端末UIを開きます)",
    },
    "unknown_roles": {
        "en": "unknown role: {roles} (the roles: {known})",
        "ja": "不明な役割です: {roles}(役割: {known})",
    },
    "facilitating": {
        "en": "session {name}: the room joins with\n  tabletop join {name} --view projector\n  tabletop join {name} --role ROLE",
        "ja": "セッション {name}: 参加するには\n  tabletop join {name} --view projector\n  tabletop join {name} --role ROLE",
    },
}

_lang: str | None = None


def use(lang: str | None) -> None:
    """The language of this command's messages (None: from the environment)."""
    global _lang
    _lang = lang if lang in ("ja", "en") else None


def current() -> str:
    return _lang or default_lang()


def say(key: str, lang: str | None = None, **kw) -> str:
    """The message ``key`` in ``lang`` (default: the command's language), formatted: from
    this table, else from the one both shells share (sessions/messages.py)."""
    return pick(MESSAGES if key in MESSAGES else SHARED, key, lang or current(), **kw)


def describe(error: BaseException) -> str:
    """An error from the engine or the store, worded in the command's language. The errors
    both shells show are worded by sessions/messages.py; the command line's own here
    (a changed scenario: its choices are commands); others as they are."""
    lang = current()
    worded = shared_words(error, lang)
    if worded is not None:
        return worded
    if getattr(error, "kind", None) == "scenario_changed":
        choices = (
            say("changed_choices", name=error.name)
            if error.kept
            else say("changed_fork_only", name=error.name)
        )
        return say("scenario_changed", name=error.name, ref=error.ref, choices=choices)
    return str(error)
