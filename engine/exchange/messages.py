"""What an import says to the user, in English and Japanese: the summary of how a file
was read and every reason it cannot be. The importers return ``Say`` values (a key and
its facts); the command words them in its language (``Say.text``), and ``str()`` is the
English, for logs and tests. The words written into a scenario are graph.WORDS."""

from __future__ import annotations

from ..text import pick

MESSAGES: dict[str, dict[str, str]] = {
    # -- reading the bytes (decode, sheet, detect) ----------------------------------------
    "file_is": {"en": "the file is {what}", "ja": "このファイルは{what}です"},
    "not_xls": {
        "en": "an old Excel (.xls) or other OLE file: save it as .xlsx or CSV",
        "ja": "古い Excel(.xls)などの OLE ファイル。.xlsx か CSV で保存し直してください",
    },
    "not_pdf": {"en": "a PDF document, not a spreadsheet", "ja": "PDF 文書(表計算ファイルではありません)"},
    "not_gzip": {"en": "a gzip archive: unpack it first", "ja": "gzip 圧縮ファイル。先に展開してください"},
    "not_png": {"en": "a PNG image", "ja": "PNG 画像"},
    "not_jpeg": {"en": "a JPEG image", "ja": "JPEG 画像"},
    "not_gif": {"en": "a GIF image", "ja": "GIF 画像"},
    "not_elf": {"en": "a program, not a spreadsheet", "ja": "プログラム(表計算ファイルではありません)"},
    "bad_bom": {
        "en": "the file starts as {name} but byte {at} is not {name}",
        "ja": "ファイルは {name} として始まりますが、{at} バイト目が {name} ではありません",
    },
    "binary": {
        "en": "the file is binary (it holds NUL bytes and is not UTF-16 text)",
        "ja": "バイナリファイルです(NUL バイトを含み、UTF-16 のテキストでもありません)",
    },
    "no_encoding": {
        "en": "the file is not in a supported encoding (tried UTF-8 (with or without a byte-order mark), "
        "UTF-16 (LE or BE) and CP932/Shift-JIS){western}",
        "ja": "対応する文字コードではありません(UTF-8(BOM の有無を問わず)、UTF-16(LE・BE)、CP932/Shift-JIS "
        "を試しました){western}",
    },
    "western": {
        "en": "; it reads only as a Western code page such as Windows-1252, which Tabletop does not "
        "guess: save it as UTF-8 (Excel: CSV UTF-8)",
        "ja": "。Windows-1252 などの欧文コードページとしてしか読めませんが、Tabletop は推測しません。"
        "UTF-8 で保存してください(Excel では「CSV UTF-8」)",
    },
    "too_many_rows": {
        "en": "{where} has more than {n:,} rows (blank ones included); that is not an MSEL",
        "ja": "{where}の行数が {n:,} を超えています(空行を含む)。MSEL ではありません",
    },
    "too_many_columns": {
        "en": "{where}, row {row}, has more than {n} columns; that is not an MSEL",
        "ja": "{where}の {row} 行目の列数が {n} を超えています。MSEL ではありません",
    },
    "cell_too_long": {
        "en": "{where}, row {row}, has a cell of {size:,} characters; the bound is {n:,}",
        "ja": "{where}の {row} 行目に {size:,} 文字のセルがあります。上限は {n:,} 文字です",
    },
    "too_many_events_sheet": {
        "en": "{where} has more than {n:,} events; Tabletop imports at most {n:,} (a linear scenario that "
        "long cannot be played: the engine stops a run of 10,000 steps without a decision). Split the MSEL "
        "into several exercises",
        "ja": "{where}のイベントが {n:,} 件を超えています。Tabletop が取り込めるのは {n:,} 件までです(それほど長い"
        "一本道のシナリオは再生できません。エンジンは判断のないまま 10,000 手進むと止まります)。MSEL を複数の訓練に"
        "分けてください",
    },
    "the_csv": {"en": "the CSV file", "ja": "CSV ファイル"},
    "sheet_named": {"en": "sheet {name!r}", "ja": "シート {name!r} "},
    "csv_empty": {"en": "the CSV file is empty", "ja": "CSV ファイルが空です"},
    "csv_unreadable": {
        "en": "the CSV file cannot be read: {reason}",
        "ja": "CSV ファイルを読めません: {reason}",
    },
    "zip_not_xlsx": {
        "en": "the file is a ZIP archive but not an .xlsx workbook that can be read ({reason})",
        "ja": "ZIP アーカイブですが、読める .xlsx ブックではありません({reason})",
    },
    "unpacks_too_big": {
        "en": "the workbook unpacks to {size:,} MiB; the bound is {n} MiB",
        "ja": "ブックを展開すると {size:,} MiB になります。上限は {n} MiB です",
    },
    "sheet_unreadable": {
        "en": "sheet {name!r} cannot be read: {reason}",
        "ja": "シート {name!r} を読めません: {reason}",
    },
    "not_json": {
        "en": "the file looks like JSON but is not valid JSON: {reason} (line {line})",
        "ja": "JSON のようですが、正しい JSON ではありません: {reason}({line} 行目)",
    },
    "too_deep": {
        "en": "the JSON nests more than {n} levels deep; an IcebergTTX scenario nests four",
        "ja": "JSON の入れ子が {n} 段を超えています。IcebergTTX のシナリオは 4 段です",
    },
    "export_too_deep": {
        "en": "the export's JSON nests more than {n} levels deep",
        "ja": "エクスポートの JSON の入れ子が {n} 段を超えています",
    },
    "neither_json": {
        "en": "the JSON is neither an IcebergTTX scenario (an object with schema_version, injects, "
        "start_inject_id), an OpenAEV export (scenario_information, scenario_injects) nor a Blueprint MSEL "
        "(DataFields, ScenarioEvents)",
        "ja": "この JSON は IcebergTTX のシナリオ(schema_version、injects、start_inject_id を持つオブジェクト)でも、"
        "OpenAEV のエクスポート(scenario_information、scenario_injects)でも、Blueprint の MSEL(DataFields、"
        "ScenarioEvents)でもありません",
    },
    "too_many_injects": {
        "en": "the scenario has {size:,} injects; Tabletop imports at most {n:,}",
        "ja": "シナリオに付与が {size:,} 件あります。Tabletop が取り込めるのは {n:,} 件までです",
    },
    "empty": {"en": "the file is empty", "ja": "ファイルが空です"},
    "map_not_for": {
        "en": "--map is for MSEL spreadsheets, not {what}",
        "ja": "--map は MSEL の表計算ファイル用です({what}には使えません)",
    },
    "sheet_map_not_for_aev": {
        "en": "--sheet and --map are for MSEL spreadsheets, not an OpenAEV export",
        "ja": "--sheet と --map は MSEL の表計算ファイル用です(OpenAEV のエクスポートには使えません)",
    },
    "workbook_too_big": {
        "en": "the workbook is over {n} MiB; that is too big to import",
        "ja": "ブックが {n} MiB を超えています。大きすぎて取り込めません",
    },
    "file_too_big": {
        "en": "the file is over {n} MiB; that is too big to import",
        "ja": "ファイルが {n} MiB を超えています。大きすぎて取り込めません",
    },
    "sheet_for_xlsx": {
        "en": "--sheet is for .xlsx workbooks; this file is text (CSV or JSON)",
        "ja": "--sheet は .xlsx ブック用です。このファイルはテキスト(CSV か JSON)です",
    },
    "read_as": {"en": "read as {what} in {encoding}", "ja": "{what} として {encoding} で読みました"},
    "read_sheet": {"en": "read sheet {name!r} of the workbook", "ja": "ブックのシート {name!r} を読みました"},
    # -- the columns of an MSEL (columns.py) -------------------------------------------------
    "columns_by_position": {
        "en": "columns (no header row: columns mapped by position):",
        "ja": "列(見出し行なし: 位置で対応付けました):",
    },
    "columns_header_on": {"en": "columns (header on row {row}):", "ja": "列(見出しは {row} 行目):"},
    "column_label": {"en": "  {letter} {name}", "ja": "  {letter} {name}"},
    "column_is": {"en": "{label} -> {field}: {what}", "ja": "{label} -> {field}: {what}"},
    "column_ignored": {"en": "{label} ignored: {why}", "ja": "{label} は使いません: {why}"},
    "no_name": {"en": "'(no name)'", "ja": "(名前なし)"},
    "column_n": {"en": "'column {letter}'", "ja": "「{letter} 列」"},
    "f_number": {"en": "event number", "ja": "イベント番号"},
    "f_time": {
        "en": "when it happens (clock time, date and time, or an offset such as T+0:15)",
        "ja": "いつ起きるか(時刻、日時、または T+0:15 のような開始からの経過)",
    },
    "f_from": {"en": "who sends it (shown with the inject)", "ja": "発信者(付与とともに表示)"},
    "f_to": {
        "en": "the players who receive it (the audience, mapped to roles)",
        "ja": "受け取るプレイヤー(対象者。役割に対応付けます)",
    },
    "f_controller": {
        "en": "the controller who delivers it (a facilitator note, never the audience)",
        "ja": "付与するコントローラー(ファシリテーター向けメモ。対象者にはしません)",
    },
    "f_method": {"en": "how it is delivered", "ja": "付与の方法"},
    "f_title": {"en": "the event's title", "ja": "イベントの件名"},
    "f_message": {"en": "the inject's text", "ja": "付与の本文"},
    "f_expected": {
        "en": "expected player actions (critical tasks the facilitator rates)",
        "ja": "期待されるプレイヤーの対応(ファシリテーターが評価する重要タスク)",
    },
    "f_objective": {"en": "the exercise objective or capability it tests", "ja": "試す訓練目標・能力"},
    "f_notes": {"en": "notes for the facilitator", "ja": "ファシリテーター向けのメモ"},
    "f_type": {
        "en": "Tabletop's node kind (its own exports)",
        "ja": "Tabletop のノードの種類(自身のエクスポート)",
    },
    "f_node": {
        "en": "Tabletop's node id (its own exports)",
        "ja": "Tabletop のノード ID(自身のエクスポート)",
    },
    "f_options": {
        "en": "Tabletop's decision options (its own exports)",
        "ja": "Tabletop の判断の選択肢(自身のエクスポート)",
    },
    "f_next": {
        "en": "Tabletop's next node (its own exports)",
        "ja": "Tabletop の次のノード(自身のエクスポート)",
    },
    "f_tasks": {
        "en": "Tabletop's rated critical tasks due at the node, one a line (its own exports)",
        "ja": "そのノードで評価する Tabletop の重要タスク、1 行に 1 つ(自身のエクスポート)",
    },
    "i_status": {"en": "the inject's delivery status in the planning tool", "ja": "計画ツールでの付与の状態"},
    "i_move": {
        "en": "the planning tool's move (phase); the time column orders the events",
        "ja": "計画ツールのムーブ(段階)。イベントの順は時刻の列で決まります",
    },
    "i_group": {"en": "the planning tool's grouping", "ja": "計画ツールのグループ分け"},
    "i_kind": {"en": "the planning tool's kind of inject", "ja": "計画ツールでの付与の種類"},
    "i_simulated": {
        "en": "the time in the story, not when the inject is delivered",
        "ja": "物語の中の時刻で、付与する時刻ではありません",
    },
    "i_bookkeeping": {"en": "the planning tool's bookkeeping", "ja": "計画ツールの管理用の情報"},
    "i_empty": {"en": "empty", "ja": "空です"},
    "i_beyond": {
        "en": "beyond the columns a sheet without a header is read by",
        "ja": "見出しのないシートで読む列の範囲外です",
    },
    "i_no_header": {"en": "no header", "ja": "見出しがありません"},
    "i_second": {
        "en": "a second {field} column: {taken!r} is read (--map '{name}={field}' reads this one)",
        "ja": "2 つ目の {field} の列です。{taken!r} を読みます(こちらを読むには --map '{name}={field}')",
    },
    "i_unknown": {
        "en": "not a known MSEL column (use --map '{name}=FIELD' to read it)",
        "ja": "MSEL の列として知られていません(読むには --map '{name}=FIELD')",
    },
    "i_numbers": {
        "en": "numbers only (a score or a count): not text of an event",
        "ja": "数字だけです(点数や件数)。イベントの文章ではありません",
    },
    "i_map_moved": {
        "en": "--map gave {field} to another column",
        "ja": "--map が {field} を別の列にしました",
    },
    "i_map_ignore": {"en": "--map said to ignore it", "ja": "--map で使わないと指定されました"},
    "no_recipient": {
        "en": "no recipient column: every inject goes to all the players",
        "ja": "受信者の列がありません。すべての付与が全プレイヤーに届きます",
    },
    "controller_note": {
        "en": "{name!r} names the controller who delivers each inject: it is not the audience (it goes to the "
        "facilitator notes)",
        "ja": "{name!r} は各付与を届けるコントローラーです。対象者ではありません(ファシリテーター向けメモに入れます)",
    },
    "map_syntax": {
        "en": "--map {item!r}: write it as COLUMN=FIELD, e.g. --map 'Assigned To=ignore'",
        "ja": "--map {item!r}: COLUMN=FIELD の形で書いてください(例: --map 'Assigned To=ignore')",
    },
    "map_no_field": {
        "en": "--map {item!r}: {field!r} is not a field; the fields are {fields} (or ignore)",
        "ja": "--map {item!r}: {field!r} はフィールドではありません。フィールドは {fields}(または ignore)です",
    },
    "map_no_column": {
        "en": "--map: no column {name!r} (columns: {columns})",
        "ja": "--map: 列 {name!r} はありません(列: {columns})",
    },
    "one_column": {
        "en": "not an MSEL: the file has one column. An MSEL is a table with a column for each of time, "
        "recipient and message, saved as .xlsx or CSV",
        "ja": "MSEL ではありません: 列が 1 つしかありません。MSEL は時刻・受信者・内容などの列を持つ表で、.xlsx か CSV "
        "で保存されたものです",
    },
    "no_message_column": {
        "en": "not an MSEL: no column is the message or the title (use --map COLUMN=message)",
        "ja": "MSEL ではありません: 内容または件名の列がありません(--map COLUMN=message で指定できます)",
    },
    "no_timeline": {
        "en": "not an MSEL: no message column. No header row names a message or title column (such as "
        "'Message', 'Description', 'Inject', '内容'), and no column holds times as a timeline without a "
        "header does (first row: {seen})",
        "ja": "MSEL ではありません: 内容の列がありません。内容や件名の列(「Message」「Description」「Inject」「内容」"
        "など)を名付ける見出し行がなく、見出しのないタイムラインのように時刻を持つ列もありません(1 行目: {seen})",
    },
    # -- an MSEL's events (msel.py) ---------------------------------------------------------
    "no_events": {
        "en": "the sheet has a header but no events (rows with a message or a title)",
        "ja": "見出しはありますが、イベント(内容か件名のある行)がありません",
    },
    "too_many_events": {
        "en": "the sheet has {size:,} events; Tabletop imports at most {n:,}",
        "ja": "イベントが {size:,} 件あります。Tabletop が取り込めるのは {n:,} 件までです",
    },
    "rows_left_out": {
        "en": "{n} row{n_s} without a message or a title left out: {rows}",
        "ja": "内容も件名もない {n} 行を取り込みませんでした: {rows}",
    },
    "mixed_times": {
        "en": "times of different kinds (clock times and offsets): the clock does not advance",
        "ja": "時刻の書き方が混在しています(時刻と経過時間)。時計は進めません",
    },
    "bad_node_id": {
        "en": "row {row}: node id {key!r} is not valid (lowercase letters, digits, hyphens)",
        "ja": "{row} 行目: ノード ID {key!r} が正しくありません(英小文字・数字・ハイフン)",
    },
    "decision_options": {
        "en": "row {row}: decision '{nid}' needs at least two lines in its Options cell",
        "ja": "{row} 行目: 判断 '{nid}' の Options のセルには 2 行以上が必要です",
    },
    "node_twice": {
        "en": "row {row}: node id '{nid}' is used twice",
        "ja": "{row} 行目: ノード ID '{nid}' が 2 回使われています",
    },
    "leads_nowhere": {
        "en": "'{nid}' leads to '{target}', which is not a node id in the sheet",
        "ja": "'{nid}' の次の '{target}' は、シートにあるノード ID ではありません",
    },
    "no_such_sheet": {
        "en": "the workbook has no sheet {name!r} (sheets: {names})",
        "ja": "ブックにシート {name!r} はありません(シート: {names})",
    },
    "no_sheets": {"en": "the workbook has no sheets", "ja": "ブックにシートがありません"},
    "no_sheet_msel": {
        "en": "no sheet of the workbook holds an MSEL: {reasons}",
        "ja": "MSEL を含むシートがありません: {reasons}",
    },
    "sheet_reason": {"en": "{name!r}: {reason}", "ja": "{name!r}: {reason}"},
    # -- OpenAEV exports (openaev.py) ------------------------------------------------------
    "aev_members": {
        "en": "the archive holds {size:,} files; an OpenAEV export holds a few",
        "ja": "アーカイブに {size:,} 個のファイルがあります。OpenAEV のエクスポートに入っているのは数個です",
    },
    "aev_several_json": {
        "en": "the archive holds several JSON files ({names}); an OpenAEV export holds one",
        "ja": "アーカイブに JSON ファイルが複数あります({names})。OpenAEV のエクスポートには 1 つだけです",
    },
    "aev_member_too_big": {
        "en": "{name} in the archive is over {n} MiB; that is too big to import",
        "ja": "アーカイブ内の {name} が {n} MiB を超えています。大きすぎて取り込めません",
    },
    "aev_member_lied": {
        "en": "{name} in the archive is too big to import",
        "ja": "アーカイブ内の {name} は大きすぎて取り込めません",
    },
    "aev_member_unreadable": {
        "en": "{name} in the archive is not readable JSON: {reason}",
        "ja": "アーカイブ内の {name} は読める JSON ではありません: {reason}",
    },
    "aev_must_be_list": {"en": "{key} must be a list", "ja": "{key} はリストでなければなりません"},
    "aev_not_export": {
        "en": "the JSON is not an OpenAEV export (scenario_injects or exercise_injects)",
        "ja": "この JSON は OpenAEV のエクスポート(scenario_injects か exercise_injects)ではありません",
    },
    "aev_no_injects": {
        "en": "the OpenAEV export has no injects ({key} is empty)",
        "ja": "OpenAEV のエクスポートに付与がありません({key} が空です)",
    },
    "aev_ids": {
        "en": "every inject of an OpenAEV export needs an inject_id of its own",
        "ja": "OpenAEV のエクスポートの付与には、それぞれ固有の inject_id が必要です",
    },
    "aev_circle": {
        "en": "the injects depend on each other in a circle: {names}",
        "ja": "付与が循環して互いに依存しています: {names}",
    },
    "aev_read": {
        "en": "read the OpenAEV {what} export: {injects} inject{injects_s}, {teams} team{teams_s}, {tasks} "
        "expectation{tasks_s} (critical tasks), {questions} lessons question{questions_s}",
        "ja": "OpenAEV の{what}のエクスポートを読みました: 付与 {injects} 件、チーム {teams} 件、期待(重要タスク)"
        "{tasks} 件、振り返りの質問 {questions} 件",
    },
    "aev_scenario": {"en": "scenario", "ja": "シナリオ"},
    "aev_exercise": {"en": "exercise", "ja": "演習"},
    # -- IcebergTTX scenarios (iceberg.py) ----------------------------------------------------
    "it_must_string": {"en": "{what} must be a string", "ja": "{what} は文字列でなければなりません"},
    "it_empty": {"en": "{what} is empty", "ja": "{what} が空です"},
    "it_must_list": {"en": "{what} must be a list", "ja": "{what} はリストでなければなりません"},
    "it_minutes": {
        "en": "{what} must be a whole number of minutes, 0 or more",
        "ja": "{what} は 0 以上の整数(分)でなければなりません",
    },
    "it_circle": {
        "en": "the injects lead round in a circle ({names}); IcebergTTX refuses such a scenario too: end one of "
        "them with next_inject_id null",
        "ja": "付与が循環しています({names})。IcebergTTX もこのようなシナリオは受け付けません。どれか一つの "
        "next_inject_id を null にして終わらせてください",
    },
    "it_object": {
        "en": "an IcebergTTX scenario must be a JSON object",
        "ja": "IcebergTTX のシナリオは JSON のオブジェクトでなければなりません",
    },
    "it_version": {
        "en": "unsupported IcebergTTX schema_version {version!r}: only {ok!r} can be imported",
        "ja": "IcebergTTX の schema_version {version!r} には対応していません。取り込めるのは {ok!r} だけです",
    },
    "it_no_field": {
        "en": "the IcebergTTX scenario has no '{key}' field",
        "ja": "IcebergTTX のシナリオに '{key}' がありません",
    },
    "it_no_injects": {
        "en": "the IcebergTTX scenario has no injects",
        "ja": "IcebergTTX のシナリオに付与がありません",
    },
    "it_meta": {"en": "metadata must be an object", "ja": "metadata はオブジェクトでなければなりません"},
    "it_team_object": {
        "en": "participant team {n} must be an object",
        "ja": "参加チーム {n} はオブジェクトでなければなりません",
    },
    "it_inject_object": {
        "en": "inject {n} must be an object",
        "ja": "付与 {n} はオブジェクトでなければなりません",
    },
    "it_inject_twice": {
        "en": "inject id '{iid}' is used twice",
        "ja": "付与の id '{iid}' が 2 回使われています",
    },
    "it_inject_no_field": {
        "en": "inject '{iid}' has no '{key}' field",
        "ja": "付与 '{iid}' に '{key}' がありません",
    },
    "it_start": {
        "en": "start_inject_id '{start}' is not one of the injects",
        "ja": "start_inject_id '{start}' はどの付与でもありません",
    },
    "it_leads": {
        "en": "{where} leads to '{ref}', which is not one of the injects",
        "ja": "{where}の行き先 '{ref}' はどの付与でもありません",
    },
    "it_option_object": {
        "en": "option {n} of inject '{iid}' must be an object",
        "ja": "付与 '{iid}' の選択肢 {n} はオブジェクトでなければなりません",
    },
    "it_comm_object": {
        "en": "a communication of inject '{iid}' must be an object",
        "ja": "付与 '{iid}' の連絡はオブジェクトでなければなりません",
    },
    "it_not_imported": {
        "en": "not imported, since nothing leads to them from the start inject: {ids}",
        "ja": "最初の付与からたどり着けないため取り込みませんでした: {ids}",
    },
    "w_team_id": {"en": "the id of participant team {n}", "ja": "参加チーム {n} の id"},
    "w_team_label": {"en": "the label of team '{tid}'", "ja": "チーム '{tid}' の label"},
    "w_inject_id": {"en": "the id of inject {n}", "ja": "付与 {n} の id"},
    "w_next_of": {"en": "next_inject_id of {where}", "ja": "{where}の next_inject_id"},
    "w_target_team": {"en": "a target team", "ja": "対象チーム"},
    "w_the_of_inject": {"en": "the {field} of inject '{iid}'", "ja": "付与 '{iid}' の {field}"},
    "w_of": {"en": "{field} of '{iid}'", "ja": "'{iid}' の {field}"},
    "w_of_inject": {"en": "{field} of inject '{iid}'", "ja": "付与 '{iid}' の {field}"},
    "w_expected_of": {"en": "an expected action of '{iid}'", "ja": "'{iid}' の期待される対応"},
    "w_option_id": {"en": "the id of option {n} of inject '{iid}'", "ja": "付与 '{iid}' の選択肢 {n} の id"},
    "w_option_label": {
        "en": "the label of option '{oid}' of inject '{iid}'",
        "ja": "付与 '{iid}' の選択肢 '{oid}' の label",
    },
    "w_an_option": {"en": "an option of inject '{iid}'", "ja": "付与 '{iid}' の選択肢"},
    "w_prompt": {"en": "a prompt of '{iid}'", "ja": "'{iid}' の問い"},
    "w_inject": {"en": "inject '{iid}'", "ja": "付与 '{iid}' "},
    "w_option_of": {"en": "option '{oid}' of inject '{iid}'", "ja": "付与 '{iid}' の選択肢 '{oid}' "},
    "w_option_label_any": {"en": "an option label", "ja": "選択肢の label"},
    # -- Blueprint MSELs as JSON (blueprint.py) -----------------------------------------------
    "bp_read": {
        "en": "read the CMU SEI Blueprint MSEL: {events} event{events_s}, {fields} data field{fields_s}, as the "
        "sheet Blueprint downloads for it",
        "ja": "CMU SEI Blueprint の MSEL を読みました: イベント {events} 件、データ項目 {fields} 件(Blueprint が"
        "ダウンロードさせるシートとして)",
    },
    "bp_where": {"en": "the Blueprint MSEL", "ja": "Blueprint の MSEL "},
    "bp_no_events": {
        "en": "the Blueprint MSEL has no scenario events (ScenarioEvents is empty)",
        "ja": "Blueprint の MSEL にシナリオイベントがありません(ScenarioEvents が空です)",
    },
    # -- the command ------------------------------------------------------------------------
    "kind_csv": {"en": "CSV", "ja": "CSV"},
    "kind_iceberg": {"en": "IcebergTTX JSON", "ja": "IcebergTTX の JSON"},
    "kind_openaev": {"en": "OpenAEV JSON", "ja": "OpenAEV の JSON"},
    "kind_blueprint": {"en": "Blueprint JSON", "ja": "Blueprint の JSON"},
}


class Say:
    """A message for the user: its key in MESSAGES and its facts, worded on demand in
    either language (a fact may itself be a Say)."""

    __slots__ = ("key", "facts")

    def __init__(self, key: str, /, **facts) -> None:
        if key not in MESSAGES:
            raise KeyError(key)
        self.key = key
        self.facts = facts

    def text(self, lang: str) -> str:
        facts = {k: wording(v, lang) for k, v in self.facts.items()}
        # English plurals: '{n} row{n_s}' (Japanese has no plural)
        facts |= {f"{k}_s": "" if v == 1 else "s" for k, v in self.facts.items() if isinstance(v, int)}
        return pick(MESSAGES, self.key, lang, **facts)

    def __str__(self) -> str:
        return self.text("en")

    def __repr__(self) -> str:
        return f"Say({self.key!r})"


def wording(value, lang: str):
    """A Say in ``lang``; a list of them joined by '; ' (600 characters at most);
    anything else (a name, a number, a source's text) as it is."""
    if isinstance(value, list):
        return "; ".join(str(wording(v, lang)) for v in value)[:600]
    return value.text(lang) if isinstance(value, Say) else value
