"""Every string of the terminal UI, in Japanese and English."""

from __future__ import annotations

from tabletop.engine.text import pick

UI = {
    # library
    "app_title": {"en": "Tabletop", "ja": "Tabletop"},
    "library": {"en": "Scenario library", "ja": "シナリオ一覧"},
    "search": {"en": "Search…", "ja": "検索…"},
    "any_type": {"en": "Type", "ja": "種別"},
    "any_sector": {"en": "Sector", "ja": "分野"},
    "any_length": {"en": "Length", "ja": "所要時間"},
    "any_lang": {"en": "Language", "ja": "言語"},
    "len_short": {"en": "up to 60 min", "ja": "60分以内"},
    "len_mid": {"en": "61–90 min", "ja": "61〜90分"},
    "len_long": {"en": "over 90 min", "ja": "90分超"},
    "col_title": {"en": "Title", "ja": "タイトル"},
    "col_type": {"en": "Type", "ja": "種別"},
    "col_len": {"en": "Length", "ja": "所要"},
    "col_case": {"en": "Case", "ja": "事例"},
    "loading": {"en": "Loading scenarios…", "ja": "シナリオを読み込んでいます…"},
    "no_match": {"en": "No scenario matches these filters.", "ja": "条件に合うシナリオはありません。"},
    "count": {"en": "{n} of {total} scenarios", "ja": "{total} 件中 {n} 件"},
    "broken": {
        "en": "{n} scenario file(s) have errors and are not listed: {files}",
        "ja": "エラーのあるシナリオファイル {n} 件は表示していません: {files}",
    },
    "pv_roles": {"en": "Roles", "ja": "役割"},
    "pv_type": {"en": "Type", "ja": "種別"},
    "pv_length": {"en": "Length", "ja": "所要時間"},
    "pv_minutes": {"en": "{n} min, {d} decisions, {e} endings", "ja": "{n}分・判断 {d} 件・結末 {e} 件"},
    "pv_source": {"en": "Source case", "ja": "出典事例"},
    "pv_difficulty": {"en": "Difficulty", "ja": "難易度"},
    "pv_sector": {"en": "Sector", "ja": "分野"},
    "pv_langs": {"en": "Languages", "ja": "言語"},
    "basic": {"en": "basic", "ja": "初級"},
    "intermediate": {"en": "intermediate", "ja": "中級"},
    "advanced": {"en": "advanced", "ja": "上級"},
    "k_open": {"en": "Set up", "ja": "開く"},
    "k_search": {"en": "Search", "ja": "検索"},
    "k_sessions": {"en": "Sessions", "ja": "セッション"},
    "k_lang": {"en": "日本語", "ja": "English"},
    "k_help": {"en": "Help", "ja": "ヘルプ"},
    "k_quit": {"en": "Quit", "ja": "終了"},
    # setup
    "setup": {"en": "Set up the exercise", "ja": "演習の設定"},
    "mode": {"en": "Mode", "ja": "モード"},
    "solo": {"en": "Solo: one person plays every role", "ja": "ソロ: 1人ですべての役割を担当"},
    "hotseat": {
        "en": "Team, hot seat: pass the keyboard between roles",
        "ja": "チーム(ホットシート): 役割ごとにキーボードを交代",
    },
    "roles_pick": {"en": "Roles played (space toggles)", "ja": "担当する役割(スペースで切替)"},
    "language": {"en": "Language", "ja": "言語"},
    "feedback_mode": {"en": "Feedback", "ja": "フィードバック"},
    "exercise": {"en": "Exercise: feedback in the debrief", "ja": "演習: 振り返りでまとめて表示"},
    "learn": {"en": "Learn: feedback after each decision", "ja": "学習: 判断ごとに表示"},
    "timer": {"en": "Decision timer, minutes (empty: none)", "ja": "判断の制限時間・分(空欄: なし)"},
    "session_name": {"en": "Session name (empty: automatic)", "ja": "セッション名(空欄: 自動)"},
    "start": {"en": "Start", "ja": "開始"},
    "back": {"en": "Back", "ja": "戻る"},
    "need_role": {"en": "Choose at least one role.", "ja": "役割を1つ以上選んでください。"},
    "bad_timer": {
        "en": "The timer must be a whole number of minutes from 1 to 120.",
        "ja": "制限時間は1〜120の整数(分)で入力してください。",
    },
    # play
    "all_roles": {"en": "All", "ja": "全体"},
    "clock": {"en": "Scenario clock", "ja": "シナリオ時刻"},
    "decision_for": {"en": "Decision — {role}", "ja": "判断 — {role}"},
    "not_yours": {
        "en": "Not one of your roles: answer as you expect them to act.",
        "ja": "担当外の役割です。その役割ならどう動くかを考えて答えてください。",
    },
    "choose_hint": {
        "en": "Digits choose · Enter confirms · n note · ? help · q quit",
        "ja": "数字で選択・Enterで確定・n メモ・? ヘルプ・q 終了",
    },
    "hidden": {"en": "A message for {roles} only.", "ja": "{roles} のみへの連絡です。"},
    "ending": {"en": "Ending", "ja": "結末"},
    "session": {"en": "Session {name}", "ja": "セッション {name}"},
    "saved_resume": {
        "en": "Saved. Continue later with: tabletop resume {name}",
        "ja": "保存しました。続きは tabletop resume {name} で再開できます。",
    },
    "pass_to": {"en": "Pass the keyboard to: {role}", "ja": "キーボードを次の担当へ: {role}"},
    "pass_body": {
        "en": "Press Enter when {role} is at the keyboard: the screen then shows only what {role} knows.",
        "ja": "{role}の担当者が席に着いたら Enter を押してください。そのあと画面には{role}が知っている情報だけが表示されます。",
    },
    "feedback": {"en": "Feedback", "ja": "フィードバック"},
    "elsewhere": {
        "en": "{role} answered this in another terminal: {option}",
        "ja": "{role} が別の端末でこの判断に回答しました: {option}",
    },
    "stopped_elsewhere": {
        "en": "The session was stopped in another terminal.",
        "ja": "このセッションは別の端末で中断されました。",
    },
    "adhoc_inject": {"en": "Ad-hoc inject", "ja": "臨時インジェクト"},
    "moved_on": {
        "en": "The session moved on in another terminal; your answer was not saved.",
        "ja": "別の端末でセッションが進んだため、この回答は保存されていません。",
    },
    "debrief_wait": {"en": "The debrief is still being computed.", "ja": "振り返りを計算中です。"},
    "more_options": {"en": "(↑↓ {n} options)", "ja": "(↑↓ 選択肢 {n} 件)"},
    "no_graph_in_play": {
        "en": "The graph shows the best path: during an exercise it opens only in learn mode.",
        "ja": "グラフには最善の経路が表示されるため、演習中は学習モードでのみ開けます。",
    },
    "graph_locked": {
        "en": "The exercise '{name}' on this scenario is still open in this window, and the graph shows "
        "its best path. Finish the exercise (or quit Tabletop) to see the graph.",
        "ja": "このシナリオの演習「{name}」がこの画面でまだ終わっていません。グラフには最善の経路が"
        "表示されるため、演習を終える(または Tabletop を終了する)まで開けません。",
    },
    "rate_pending": {
        "en": "Your answer waits for its rating against the rubric:",
        "ja": "この回答は、ルーブリックに照らした評価を待っています:",
    },
    "rate_now": {"en": "Rate it now (Enter)", "ja": "いま評価する (Enter)"},
    "continue": {"en": "Enter: continue", "ja": "Enter: 続ける"},
    "timer_left": {"en": "time left {m}:{s:02d}", "ja": "残り {m}:{s:02d}"},
    "timer_up": {"en": "time is up: decide now", "ja": "制限時間を過ぎました。判断してください"},
    "timer_note": {"en": "(decision timer ran out)", "ja": "(判断の制限時間を超過)"},
    "to_debrief": {"en": "Debrief", "ja": "振り返りへ"},
    "assess_now": {
        "en": "Rate the critical tasks yourselves ({n} waiting)",
        "ja": "重要タスクを自分たちで評定する(残り {n} 件)",
    },
    "assess_title": {"en": "Critical task {k} of {n}", "ja": "重要タスク {k} / {n}"},
    "assess_due": {"en": "expected at", "ja": "期待される場面"},
    "assess_how": {
        "en": "How did your team do? No facilitator is here: your own rating goes into the debrief.",
        "ja": "チームはどうでしたか。ファシリテーターがいないので、自己評定が振り返りに入ります。",
    },
    "assess_overtaken": {
        "en": "Another terminal wrote to this session first: open it again to rate.",
        "ja": "別の端末が先にこのセッションへ書き込みました。評定するには開き直してください。",
    },
    "k_assess": {"en": "Rate tasks", "ja": "自己評定"},
    "assess_skip": {"en": "Skip: leave it unrated", "ja": "飛ばす(評定しない)"},
    "resumed": {"en": "Resumed: {n} decision(s) kept.", "ja": "再開しました。{n} 件の判断はそのままです。"},
    "as_played": {
        "en": "The scenario has changed since: this is the version the session was played on.",
        "ja": "その後シナリオが変わりました。ここに示すのは、このセッションを遊んだときの版です。",
    },
    "changed_title": {"en": "The scenario has changed", "ja": "シナリオが変更されています"},
    "changed_body": {
        "en": "The scenario of session {name} has changed since it was played. Open it as it was played "
        "(its debrief, or go on on that version), or start a new session on the new version with its "
        "answers replayed as far as they still fit. The session itself stays as it is either way.",
        "ja": "セッション「{name}」のシナリオは、遊んだ後に変更されています。遊んだときの版で開く(講評を見る、"
        "またはその版のまま続ける)か、新しい版で新しいセッションを作り、当てはまる所まで回答を再現するかを"
        "選んでください。どちらを選んでも、元のセッションはそのまま残ります。",
    },
    "changed_body_gone": {
        "en": "The scenario of session {name} has changed since it was played, and the version it was "
        "played on was not kept (the session is older than the records). You can start a new session on "
        "the new version with its answers replayed as far as they still fit; the session stays as it is.",
        "ja": "セッション「{name}」のシナリオは遊んだ後に変更されており、遊んだときの版は保存されていません"
        "(記録を残すようになる前のセッションです)。新しい版で新しいセッションを作り、当てはまる所まで回答を"
        "再現できます。元のセッションはそのまま残ります。",
    },
    "changed_played": {"en": "1 As played", "ja": "1 遊んだときの版"},
    "changed_fork": {"en": "2 Fork to new version", "ja": "2 新しい版に分岐"},
    "forked_onto_new": {
        "en": "New session {name} on the new version: {replayed} of {total} answers replayed.",
        "ja": "新しい版のセッション「{name}」を作りました。回答 {total} 件のうち {replayed} 件を再現しました。",
    },
    "k_note": {"en": "Note", "ja": "メモ"},
    "watching": {"en": "watching {path}", "ja": "{path} を監視中"},
    "reloaded": {"en": "reloaded {at}", "ja": "{at} に再読み込み"},
    "no_findings": {"en": "no findings", "ja": "指摘なし"},
    "findings": {"en": "{n} finding(s)", "ja": "指摘 {n} 件"},
    "kept_old": {
        "en": "(errors: still playing the last good version)",
        "ja": "(エラーがあるため、直前の正常な版で続けています)",
    },
    "preview": {"en": "preview, not saved", "ja": "プレビュー(保存しません)"},
    "k_confirm": {"en": "Confirm", "ja": "確定"},
    "k_order": {"en": "Feed order", "ja": "表示順"},
    "k_debrief": {"en": "Debrief", "ja": "振り返り"},
    "newest_first": {"en": "Newest injects first", "ja": "新しい情報を上に表示"},
    "oldest_first": {"en": "Newest injects last", "ja": "新しい情報を下に表示"},
    # dialogs
    "quit_q": {"en": "Quit this session?", "ja": "このセッションを終了しますか?"},
    "quit_body": {
        "en": "Everything so far is saved as session {name}; resume it with tabletop resume {name}.\n"
        "y quits, Esc keeps playing.",
        "ja": "ここまでの内容はセッション {name} に保存されています。tabletop resume {name} で再開できます。\n"
        "y で終了、Esc でプレイを続けます。",
    },
    "yes_quit": {"en": "Quit (y)", "ja": "終了する (y)"},
    "no_stay": {"en": "Keep playing (Esc)", "ja": "続ける (Esc)"},
    "note_title": {"en": "Note (saved with the session)", "ja": "メモ(セッションに保存されます)"},
    "ruling_title": {"en": "Your answer", "ja": "あなたの回答"},
    "answer_ph": {"en": "Say what you would do, then Enter", "ja": "どうするかを書いて Enter"},
    "answer_first": {"en": "Write your answer first.", "ja": "先に回答を書いてください。"},
    "rubric_head": {
        "en": "Rate your answer against the rubric (recorded as your own rating):",
        "ja": "ルーブリックに照らして自分の回答を評価してください(自己評価として記録されます):",
    },
    "model_answer": {"en": "A model answer", "ja": "模範解答"},
    "source": {"en": "from {who}", "ja": "発信元: {who}"},
    "deadline_missed": {"en": "Deadline missed: {title}", "ja": "期限切れ: {title}"},
    "contested": {
        "en": "A contested call: competent teams disagree here.",
        "ja": "意見が分かれる判断です。",
    },
    "arg_for": {"en": "for", "ja": "賛成"},
    "arg_against": {"en": "against", "ja": "反対"},
    "open_mark": {"en": "(you write your own answer)", "ja": "(自分の言葉で答えます)"},
    "note_ph": {"en": "What did you notice?", "ja": "気付いたことを入力"},
    "save": {"en": "Save", "ja": "保存"},
    "cancel": {"en": "Cancel", "ja": "キャンセル"},
    "noted": {"en": "Note saved.", "ja": "メモを保存しました。"},
    "help_title": {"en": "Help", "ja": "ヘルプ"},
    "help_body": {
        "en": (
            "Library: arrows move, Enter sets up the highlighted scenario, / searches (Esc goes back "
            "to the list), "
            "the selectors filter, g shows its graph, l switches language, s lists saved sessions.\n\n"
            "Play: the feed shows the injects, newest last (o flips the order); the tabs above it show "
            "what each role was told. PgUp and PgDn scroll the feed (or the mouse wheel over it). At a "
            "decision, a digit or the Up and Down arrows highlight an option (the highlighted one is "
            "always on screen; when there are more options than room, the list scrolls and the heading "
            "says how many there are), and Enter confirms it: nothing is answered before Enter. "
            "n takes a note at any time, q quits (the session is saved and can be resumed), "
            "Ctrl+P opens the command palette.\n\n"
            "Debrief: the score as a share of the best achievable, bars per CSF function and per role, "
            "the good practice followed, missed and broken, and what the real organisation did. "
            "m, h, j and c export Markdown, HTML, JSON and CSV; a plays again; f forks the session at a decision "
            "to try the other branch.\n\n"
            "Sessions are saved as they are played: tabletop sessions lists them, tabletop resume NAME "
            "continues one, tabletop report NAME writes its debrief."
        ),
        "ja": (
            "シナリオ一覧: 矢印キーで移動、Enter で選んだシナリオの設定へ、/ で検索(Esc で一覧に戻る)、"
            "セレクトで絞り込み、g でグラフを表示、l で言語の切替、s で保存済みセッションの一覧を表示します。\n\n"
            "プレイ: 情報(インジェクト)は新しいものが下に表示されます(o で順序を反転)。上のタブで役割ごとに"
            "伝えられた内容を確認できます。PgUp・PgDn(またはマウスホイール)で情報欄をスクロールします。"
            "判断の場面では数字か上下の矢印キーで選択肢を選び(選んだ選択肢は必ず画面に表示されます。"
            "選択肢が収まらないときは一覧がスクロールし、見出しに件数が出ます)、Enter で確定します。"
            "Enter を押すまで回答にはなりません。"
            "n でいつでもメモ、q で終了(セッションは保存され、再開できます)、Ctrl+P でコマンドパレットを開きます。\n\n"
            "振り返り: 到達可能な最高点に対する得点の割合、CSF 機能別・役割別の棒グラフ、実践・見逃し・逆行した"
            "グッドプラクティス、実際の組織の対応を表示します。m・h・j・c で Markdown・HTML・JSON・CSV に書き出し、"
            "a でもう一度プレイ、f で判断を選んでセッションを分岐し、別の選択肢を試せます。\n\n"
            "セッションはプレイ中に随時保存されます。tabletop sessions で一覧、tabletop resume 名前 で再開、"
            "tabletop report 名前 で振り返りを書き出します。"
        ),
    },
    "close": {"en": "Close", "ja": "閉じる"},
    # debrief
    "debrief": {"en": "Debrief", "ja": "振り返り"},
    "k_md": {"en": "Markdown", "ja": "Markdown"},
    "k_html": {"en": "HTML", "ja": "HTML"},
    "k_json": {"en": "JSON", "ja": "JSON"},
    "k_again": {"en": "Play again", "ja": "もう一度"},
    "k_fork": {"en": "Other branch", "ja": "別の分岐"},
    "k_library": {"en": "Library", "ja": "一覧へ"},
    "exported": {"en": "Wrote {path}", "ja": "{path} に書き出しました"},
    "export_failed": {"en": "Could not write {path}: {why}", "ja": "{path} に書き出せませんでした: {why}"},
    "fork_title": {
        "en": "Try the other branch: go back to which decision?",
        "ja": "別の分岐を試す: どの判断まで戻りますか?",
    },
    "fork_none": {"en": "This session has no decisions to go back to.", "ja": "戻れる判断がありません。"},
    "forked": {
        "en": "New session {name}: back at decision {n}.",
        "ja": "新しいセッション {name}: 判断 {n} に戻りました。",
    },
    # sessions
    "sessions": {"en": "Saved sessions", "ja": "保存済みセッション"},
    "no_sessions": {"en": "No saved sessions yet.", "ja": "保存済みのセッションはまだありません。"},
    "st_playing": {"en": "in play", "ja": "プレイ中"},
    "k_rename": {"en": "Rename", "ja": "名前変更"},
    "k_delete": {"en": "Delete", "ja": "削除"},
    "delete_q": {"en": "Delete session {name}?", "ja": "セッション {name} を削除しますか?"},
    "delete_body": {
        "en": "Its answers and notes are deleted too; this cannot be undone. y deletes, Esc keeps it.",
        "ja": "回答とメモも削除され、元に戻せません。y で削除、Esc で残します。",
    },
    "yes_delete": {"en": "Delete (y)", "ja": "削除する (y)"},
    "deleted": {"en": "Deleted session {name}.", "ja": "セッション {name} を削除しました。"},
    "rename_q": {"en": "New name for session {name}", "ja": "セッション {name} の新しい名前"},
    "renamed": {"en": "Renamed {old} to {new}.", "ja": "{old} を {new} に変更しました。"},
    "st_ended": {"en": "ended", "ja": "終了"},
    "st_abandoned": {"en": "stopped", "ja": "中断"},
    "col_name": {"en": "Name", "ja": "名前"},
    "col_state": {"en": "State", "ja": "状態"},
    "col_dec": {"en": "Decisions", "ja": "判断"},
    "col_score": {"en": "Score", "ja": "得点"},
    "col_updated": {"en": "Updated", "ja": "更新"},
    "k_resume": {"en": "Resume", "ja": "再開"},
    "error": {"en": "Error", "ja": "エラー"},
    "cmd_note": {"en": "Take a note", "ja": "メモを取る"},
    "cmd_graph": {"en": "Show the scenario's graph", "ja": "シナリオのグラフを表示する"},
    "k_graph": {"en": "Graph", "ja": "グラフ"},
    "graph_title": {"en": "Scenario graph", "ja": "シナリオのグラフ"},
    "graph_legend": {
        "en": "◆ decision  ▪ inject  ■ ending   → where an option or condition leads   ★ the best path",
        "ja": "◆ 判断  ▪ インジェクト  ■ 結末   → 選択肢・条件の行き先   ★ 最善の道筋",
    },
    "cmd_help": {"en": "Help", "ja": "ヘルプ"},
    # Textual's own commands in the palette (app._TEXTUAL_COMMANDS), the palette's key
    "k_palette": {"en": "palette", "ja": "コマンド"},
    "k_palette_tip": {"en": "Open the command palette", "ja": "コマンドパレットを開く"},
    "palette_search": {"en": "Search for commands…", "ja": "コマンドを検索…"},
    "cmd_theme": {"en": "Theme", "ja": "テーマ"},
    "cmd_theme_help": {"en": "Change the current theme", "ja": "画面の配色を変える"},
    "cmd_quit": {"en": "Quit", "ja": "終了"},
    "cmd_quit_help": {
        "en": "Quit (in a game, after asking: the session is saved)",
        "ja": "終了する(プレイ中は確認のうえ。セッションは保存されます)",
    },
    "cmd_keys": {"en": "Keys", "ja": "キー一覧"},
    "cmd_keys_hide": {"en": "Hide the keys panel", "ja": "キーの一覧を閉じる"},
    "cmd_keys_show": {
        "en": "Show the keys of this screen and the focused widget",
        "ja": "この画面と選択中の部品で使えるキーを表示する",
    },
    "cmd_minimize": {"en": "Minimize", "ja": "元の大きさに戻す"},
    "cmd_minimize_help": {"en": "Restore the maximized widget", "ja": "最大化した部品を元の大きさに戻す"},
    "cmd_maximize": {"en": "Maximize", "ja": "最大化"},
    "cmd_maximize_help": {"en": "Maximize the focused widget", "ja": "選択中の部品を画面いっぱいに広げる"},
    "cmd_screenshot": {"en": "Screenshot", "ja": "スクリーンショット"},
    "cmd_screenshot_help": {
        "en": "Save an SVG picture of the screen",
        "ja": "画面をSVG画像として保存する",
    },
    "cmd_bell": {"en": "Bell", "ja": "ベル"},
    "cmd_bell_help": {"en": "Ring the bell", "ja": "ベルを鳴らす"},
    "cmd_lang": {"en": "Switch language", "ja": "言語を切り替える"},
    "cmd_order": {"en": "Flip the feed order", "ja": "表示順を反転する"},
    "cmd_library": {"en": "Back to the library", "ja": "シナリオ一覧に戻る"},
    "cmd_sessions": {"en": "Saved sessions", "ja": "保存済みセッション"},
    # facilitated drills: the facilitator console, the projector, the role terminals, replay
    "fc_console_title": {"en": "Facilitator console", "ja": "ファシリテーター画面"},
    "fc_projector_title": {"en": "Projector", "ja": "プロジェクター"},
    "fc_role_title": {"en": "Role: {role}", "ja": "役割: {role}"},
    "fc_scenario_clock": {"en": "Scenario {at}", "ja": "シナリオ {at}"},
    "fc_real_clock": {"en": "Now {at}", "ja": "現在 {at}"},
    "fc_paused": {"en": "PAUSED", "ja": "一時停止中"},
    "fc_paused_long": {"en": "The exercise is paused.", "ja": "演習は一時停止中です。"},
    "fc_timer": {"en": "Time left {m}:{s:02d}", "ja": "残り {m}:{s:02d}"},
    "fc_time_up": {"en": "TIME IS UP", "ja": "時間切れ"},
    "fc_ended": {"en": "ended", "ja": "終了"},
    "fc_abandoned": {"en": "The exercise was stopped.", "ja": "演習は中止されました。"},
    "fc_ruling_waits": {
        "en": "The answer waits for the facilitator's ruling.",
        "ja": "回答はファシリテーターの判定待ちです。",
    },
    "fc_closed": {"en": "not on offer now", "ja": "現在は選べない"},
    "fc_adhoc": {"en": "Ad-hoc inject", "ja": "臨時インジェクト"},
    "fc_for": {"en": "For", "ja": "賛成"},
    "fc_against": {"en": "Against", "ja": "反対"},
    "fc_note": {"en": "Facilitator note", "ja": "ファシリテーター向けメモ"},
    "fc_discussion": {"en": "Discussion", "ja": "討議の問い"},
    "fc_feedback": {"en": "Feedback", "ja": "フィードバック"},
    "fc_model": {"en": "Model answer", "ja": "模範解答"},
    "fc_weight": {"en": "Points", "ja": "配点"},
    "fc_ruled": {"en": "Ruled against the rubric", "ja": "ルーブリックで判定"},
    "fc_rubric": {"en": "Rubric", "ja": "ルーブリック"},
    "fc_practice": {"en": "Practice", "ja": "プラクティス"},
    "fc_answer": {"en": "Answer", "ja": "回答"},
    "fc_proposal": {"en": "Proposal", "ja": "提案"},
    "fc_rationale": {"en": "Rationale", "ja": "理由"},
    "fc_observation": {"en": "Observation", "ja": "観察"},
    "fc_adjustment": {"en": "Adjustment", "ja": "得点調整"},
    "fc_override": {"en": "Branch overridden", "ja": "分岐を変更"},
    "fc_override_waiting": {"en": "Branch will be overridden", "ja": "分岐を変更予定"},
    "fc_note_taken": {"en": "Note", "ja": "メモ"},
    "fc_hotwash": {"en": "Hotwash", "ja": "ホットウォッシュ"},
    "fc_branch": {"en": "Leads to", "ja": "行き先"},
    "fc_deadline": {"en": "Deadline", "ja": "期限"},
    "fc_held": {"en": "(held)", "ja": "(未配信)"},
    "fc_score": {"en": "Score {n}", "ja": "得点 {n}"},
    "fc_held_count": {"en": "{n} held", "ja": "未配信 {n}"},
    "fc_hint_end": {
        "en": "The exercise has ended: h hotwash, d debrief, q quit.",
        "ja": "演習は終了しました: h ホットウォッシュ、d 講評、q 終了。",
    },
    "fc_hint_release": {
        "en": "r releases the next entry to the room.",
        "ja": "r で次の項目を参加者に配信します。",
    },
    "fc_hint_wait": {
        "en": "Waiting for a ruling or an override.",
        "ja": "判定または分岐の変更を待っています。",
    },
    "fc_hint_answer": {
        "en": "{role}'s answer: number + Enter ({typed}); c confirms the proposal.",
        "ja": "{role}の回答: 番号 + Enter({typed})、c で提案を採用。",
    },
    "fc_hint_proposal": {"en": "{role} proposes {n} ({text}).", "ja": "{role}の提案: {n}({text})。"},
    "fc_console_taken": {
        "en": "session '{name}' is run from another facilitator console (on {host}, process {pid}, "
        "since {since}); close it there first. The room can follow with: tabletop join {name} --view projector",
        "ja": "セッション「{name}」は別のファシリテーター画面で進行中です({host}、プロセス {pid}、{since} から)。"
        "先にそちらを閉じてください。閲覧だけなら: tabletop join {name} --view projector",
    },
    "fc_lock_lost": {
        "en": "Another facilitator console has taken over this session.",
        "ja": "別のファシリテーター画面がこのセッションを引き継ぎました。",
    },
    "fc_overtaken": {
        "en": "Another terminal moved the session on first; nothing was saved. Look again.",
        "ja": "別の端末が先にセッションを進めました。保存していません。画面を確認してください。",
    },
    "fc_no_option": {"en": "There is no option {n}.", "ja": "選択肢 {n} はありません。"},
    "fc_rationale_title": {
        "en": "{option}: the reason, if given (Enter to skip)",
        "ja": "{option}: 理由(なければそのまま Enter)",
    },
    "fc_no_proposal": {
        "en": "No proposal for this question yet.",
        "ja": "この問いへの提案はまだありません。",
    },
    "fc_nothing_held": {"en": "Nothing is held: everything is released.", "ja": "未配信の項目はありません。"},
    "fc_adhoc_title": {"en": "Ad-hoc inject: its text", "ja": "臨時インジェクトの本文"},
    "fc_adhoc_to": {
        "en": "To which roles? ({roles}; empty: everyone)",
        "ja": "どの役割に送りますか?({roles}、空欄で全員)",
    },
    "fc_bad_roles": {"en": "Unknown role; the roles are: {roles}", "ja": "不明な役割です。役割: {roles}"},
    "fc_observe_title": {"en": "Observation", "ja": "観察メモ"},
    "fc_rate_title": {
        "en": "Critical task 1-{n} and rating P/S/M/U (e.g. 2P; empty: none)",
        "ja": "重要タスク 1〜{n} と評価 P/S/M/U(例 2P、空欄でなし)",
    },
    "fc_bad_rating": {
        "en": "Not a task number and rating (e.g. 2P); nothing saved.",
        "ja": "タスク番号と評価(例 2P)ではありません。保存していません。",
    },
    "fc_adjust_title": {
        "en": "Score adjustment: points and reason (e.g. +2 quick escalation)",
        "ja": "得点調整: 点数と理由(例 +2 迅速な報告)",
    },
    "fc_bad_adjust": {
        "en": "Type a signed number and a reason (e.g. -1 skipped the log); nothing saved.",
        "ja": "符号付きの数と理由を入力してください(例 -1 記録漏れ)。保存していません。",
    },
    "fc_override_title": {
        "en": "Override the branch: node id, then the reason",
        "ja": "分岐の変更: 行き先のノードID と理由",
    },
    "fc_bad_node": {
        "en": "No node '{node}' in this scenario.",
        "ja": "このシナリオにノード「{node}」はありません。",
    },
    "fc_hotwash_well": {"en": "What went well?", "ja": "うまくいったことは何ですか?"},
    "fc_hotwash_change": {"en": "What should change?", "ja": "改善すべきことは何ですか?"},
    "fc_hotwash_q": {"en": "Hotwash {i}/{n}: {q}", "ja": "ホットウォッシュ {i}/{n}: {q}"},
    "fc_hotwash_done": {
        "en": "Hotwash recorded; d shows the debrief.",
        "ja": "ホットウォッシュを記録しました。d で講評を表示します。",
    },
    "fc_not_ended": {"en": "The exercise has not ended yet.", "ja": "演習はまだ終わっていません。"},
    "fc_keys_help": {
        "en": "number+Enter record the answer · c confirm proposal · r release · space pause/resume · "
        "a ad-hoc inject · o observation · j adjust score · v override branch · h hotwash · d debrief · q quit",
        "ja": "番号+Enter 回答を記録 · c 提案を採用 · r 配信 · space 一時停止/再開 · a 臨時インジェクト · "
        "o 観察 · j 得点調整 · v 分岐の変更 · h ホットウォッシュ · d 講評 · q 終了",
    },
    "fc_role_propose": {"en": "Your answer: number + Enter ({typed})", "ja": "回答: 番号 + Enter({typed})"},
    "fc_role_wait": {"en": "Waiting for the facilitator.", "ja": "ファシリテーターを待っています。"},
    "fc_proposed": {
        "en": "Proposed: {option}. The facilitator confirms it.",
        "ja": "提案しました: {option}。ファシリテーターが確定します。",
    },
    "fk_record": {"en": "Record", "ja": "記録"},
    "fk_release": {"en": "Release", "ja": "配信"},
    "fk_pause": {"en": "Pause", "ja": "一時停止"},
    "fk_confirm": {"en": "Confirm", "ja": "提案採用"},
    "fk_adhoc": {"en": "Ad-hoc", "ja": "臨時"},
    "fk_observe": {"en": "Observe", "ja": "観察"},
    "fk_adjust": {"en": "Adjust", "ja": "調整"},
    "fk_override": {"en": "Override", "ja": "分岐変更"},
    "fk_hotwash": {"en": "Hotwash", "ja": "振り返り"},
    "fk_debrief": {"en": "Debrief", "ja": "講評"},
    "fk_keys": {"en": "Keys", "ja": "キー"},
    "fk_propose": {"en": "Propose", "ja": "提案"},
    "rp_title": {"en": "Replay", "ja": "リプレイ"},
    "rp_step": {"en": "Event {i}/{n}", "ja": "イベント {i}/{n}"},
    "rp_log": {"en": "Log", "ja": "記録"},
    "rp_no_decision": {
        "en": "No decision after this point to fork.",
        "ja": "ここから後に分岐できる判断はありません。",
    },
    "rp_forked": {"en": "Forked as session {name}", "ja": "セッション {name} として分岐しました"},
    "rp_open_q": {
        "en": "The new session stops before decision {n}. Open it now?",
        "ja": "新しいセッションは判断 {n} の直前から始まります。今開きますか?",
    },
    "rp_open": {"en": "Open it", "ja": "開く"},
    "rp_stay": {"en": "Stay here", "ja": "このまま"},
    "rp_forked_kept": {
        "en": "Session {name} is saved; open it with: tabletop resume {name}",
        "ja": "セッション {name} を保存しました。開くには: tabletop resume {name}",
    },
    "rk_step": {"en": "Next/prev inject", "ja": "次/前のインジェクト"},
    "rk_event": {"en": "Next/prev event", "ja": "次/前のイベント"},
    "rk_fork": {"en": "Fork", "ja": "分岐"},
    "ev_Started": {"en": "started", "ja": "開始"},
    "ev_Decided": {"en": "answer", "ja": "回答"},
    "ev_Ruled": {"en": "ruling", "ja": "判定"},
    "ev_Drew": {"en": "draw", "ja": "抽選"},
    "ev_Noted": {"en": "note", "ja": "メモ"},
    "ev_Ended": {"en": "ended", "ja": "終了"},
    "ev_Paused": {"en": "paused", "ja": "一時停止"},
    "ev_Resumed": {"en": "resumed", "ja": "再開"},
    "ev_Released": {"en": "released up to", "ja": "配信"},
    "ev_AdHoc": {"en": "ad-hoc inject", "ja": "臨時インジェクト"},
    "ev_Observed": {"en": "observation", "ja": "観察"},
    "ev_Adjusted": {"en": "adjustment", "ja": "得点調整"},
    "ev_Overridden": {"en": "override", "ja": "分岐の変更"},
    "ev_Proposed": {"en": "proposal", "ja": "提案"},
    "ev_Hotwashed": {"en": "hotwash", "ja": "ホットウォッシュ"},
    "ev_Planned": {"en": "plan item", "ja": "改善計画"},
    # the control cell (tabletop control)
    "cc_title": {"en": "Control cell", "ja": "統制（コントロールセル）"},
    "cc_teams": {"en": "{n} teams", "ja": "{n} チーム"},
    "cc_stalled": {
        "en": "{n} stalled (no decision for {m} min)",
        "ja": "停滞 {n}（{m} 分以上判断なし）",
    },
    "cc_stalled_mark": {"en": "STALLED", "ja": "停滞"},
    "cc_error": {"en": "unreadable", "ja": "読めません"},
    "cc_col_team": {"en": "Team", "ja": "チーム"},
    "cc_col_scenario": {"en": "Scenario", "ja": "シナリオ"},
    "cc_col_position": {"en": "Position", "ja": "現在地"},
    "cc_col_dec": {"en": "Dec", "ja": "判断"},
    "cc_col_score": {"en": "Score", "ja": "得点"},
    "cc_col_idle": {"en": "Idle", "ja": "経過"},
    "cc_col_state": {"en": "State", "ja": "状態"},
    "cc_inject_team": {"en": "Inject to team", "ja": "チームへ臨時"},
    "cc_inject_all": {"en": "Inject to all", "ja": "全チームへ臨時"},
    "cc_inject_to": {
        "en": "Ad-hoc inject to team {team}: its text",
        "ja": "チーム {team} への臨時インジェクトの本文",
    },
    "cc_inject_all_title": {
        "en": "Ad-hoc inject to all {n} playing teams: its text",
        "ja": "プレイ中の全 {n} チームへの臨時インジェクトの本文",
    },
    "cc_confirm_all": {
        "en": "Send this inject to {n} teams?",
        "ja": "この臨時インジェクトを {n} チームへ送りますか?",
    },
    "cc_send": {"en": "Send", "ja": "送る"},
    "cc_sent": {
        "en": "Ad-hoc inject sent to {n} team(s).",
        "ja": "臨時インジェクトを {n} チームへ送りました。",
    },
    "cc_sent_none": {
        "en": "No team is playing: nothing was sent.",
        "ja": "プレイ中のチームがないため、送っていません。",
    },
    "cc_no_team": {"en": "No team is selected.", "ja": "チームが選ばれていません。"},
}


def tr(key: str, lang: str, **kw) -> str:
    """A UI string; the values put into it (role and session names, paths, errors) are
    cleaned of escapes and controls. The result is plain text, never markup: widgets show
    it with markup off (tests/tui/test_literal.py checks every widget call)."""
    from tabletop.engine.text import clean

    return pick(UI, key, lang, **{k: clean(v) if isinstance(v, str) else v for k, v in kw.items()})


# The incident types and sectors of the built-in scenarios (`type:` and `sector:` are ids,
# for filtering): shown by these names in the library; an id not here is shown as it is.
KINDS = {
    # incident types
    "abuse": {"en": "abuse", "ja": "不正利用"},
    "data-breach": {"en": "data breach", "ja": "情報漏えい"},
    "ddos": {"en": "DDoS", "ja": "DDoS攻撃"},
    "fraud": {"en": "fraud", "ja": "詐欺"},
    "impersonation": {"en": "impersonation", "ja": "なりすまし"},
    "it-failure": {"en": "IT failure", "ja": "IT障害"},
    "malware": {"en": "malware", "ja": "マルウェア"},
    "ransomware": {"en": "ransomware", "ja": "ランサムウェア"},
    "system-failure": {"en": "system failure", "ja": "システム障害"},
    # sectors (Japan's critical infrastructure sectors, and card payments)
    "airport": {"en": "airports", "ja": "空港"},
    "aviation": {"en": "aviation", "ja": "航空"},
    "chemical": {"en": "chemicals", "ja": "化学"},
    "credit-card": {"en": "credit cards", "ja": "クレジット"},
    "electricity": {"en": "electricity", "ja": "電力"},
    "energy": {"en": "energy", "ja": "エネルギー"},
    "finance": {"en": "finance", "ja": "金融"},
    "gas": {"en": "gas", "ja": "ガス"},
    "government": {"en": "government services", "ja": "政府・行政サービス"},
    "logistics": {"en": "logistics", "ja": "物流"},
    "medical": {"en": "healthcare", "ja": "医療"},
    "petroleum": {"en": "petroleum", "ja": "石油"},
    "port": {"en": "ports", "ja": "港湾"},
    "railway": {"en": "railways", "ja": "鉄道"},
    "telecom": {"en": "telecommunications", "ja": "情報通信"},
    "water": {"en": "water", "ja": "水道"},
}


def kind(x: str, lang: str) -> str:
    """The name of an incident type or a sector id in ``lang`` (the id when not known)."""
    names = KINDS.get(x)
    return names[lang] if names else x
