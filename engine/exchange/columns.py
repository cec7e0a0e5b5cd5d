"""Which column of an MSEL sheet is which field: the header row found and read (English
and Japanese names of HSEEP, CMU SEI Blueprint, OpenBAS/OpenAEV and Tabletop's own
export), a sheet without a header mapped by position, ``--map COLUMN=FIELD`` overrides,
and a summary of what was mapped, what was ignored and why, for the user.

The audience is the player-facing column ("To", "Recipient Player", "To Org"...). The
column of the controller who delivers an inject ("Assigned To", "Responsible
Controller") is never the audience: it goes to the facilitator notes, and the summary
says so.
"""

from __future__ import annotations

import re
import unicodedata

import attrs

from ..text import one_line
from .graph import ConvertError
from .messages import Say
from .times import minutes

# The fields a column can be (`--map`); the summary says what each is (messages.py 'f_<field>',
# docs/import.md has the same table).
FIELDS: dict[str, str] = {
    "number": "event number",
    "time": "when it happens (clock time, date and time, or an offset such as T+0:15)",
    "from": "who sends it (shown with the inject)",
    "to": "the players who receive it (the audience, mapped to roles)",
    "controller": "the controller who delivers it (a facilitator note, never the audience)",
    "method": "how it is delivered",
    "title": "the event's title",
    "message": "the inject's text",
    "expected": "expected player actions (critical tasks the facilitator rates)",
    "objective": "the exercise objective or capability it tests",
    "notes": "notes for the facilitator",
    "type": "Tabletop's node kind (its own exports)",
    "node": "Tabletop's node id (its own exports)",
    "options": "Tabletop's decision options (its own exports)",
    "next": "Tabletop's next node (its own exports)",
    "tasks": "Tabletop's rated critical tasks due at the node, one a line (its own exports)",
}
IGNORE = "ignore"

# Header names, normalised (_norm), best first within a field: an earlier name wins a
# field over a later one wherever the columns stand. The controller's columns come before
# the audience's so that "Assigned To" can never be read as "To".
COLUMNS: dict[str, tuple[str, ...]] = {
    "controller": (
        "assigned to", "responsible controller", "controller", "controller assigned", "delivering controller",
        "inject owner", "owner", "担当コントローラー", "担当コントローラ", "コントローラー", "コントローラ",
        "担当者", "担当",
    ),
    "number": (
        "event", "event no", "event number", "event id", "inject no", "inject number", "inject id", "msel no",
        "msel number", "msel id", "no", "number", "id", "serial", "seq", "sequence", "ref", "item",
        "番号", "項番", "連番", "通番", "付与番号",
    ),
    "time": (
        "time", "scenario time", "designated scenario time", "exercise time", "planned time", "delivery time",
        "inject time", "date time", "datetime", "timing", "t", "clock", "when", "start time",
        "relative time", "delay", "time offset", "offset", "scheduled time", "trigger time",
        "時刻", "時間", "経過時間", "日時", "予定時刻", "想定時刻", "付与時刻", "発生時刻",
    ),
    "from": (
        "from", "from org", "sender", "originator", "simulated originator", "source", "simulated sender",
        "from originator", "発信者", "送信元", "発信元", "差出人", "送信者",
    ),
    "to": (
        "to", "recipient player", "player recipient", "to org", "recipient", "recipients", "receiver",
        "player", "players", "intended player", "intended players", "audience", "target", "to recipient",
        "teams", "team", "targeted teams", "受信者", "宛先", "対象", "対象者", "受信先", "付与先",
        "プレイヤー", "対象部署",
    ),
    "method": (
        "method", "delivery method", "inject mode", "mode", "means", "delivery", "channel", "medium",
        "手段", "付与方法", "伝達手段", "方法",
    ),
    "title": (
        "title", "inject title", "event title", "subject", "event name", "inject name", "name", "summary",
        "件名", "タイトル", "表題", "見出し",
    ),
    "message": (
        "message", "description", "event description", "inject description", "event synopsis", "synopsis",
        "content", "details", "inject text", "message text", "narrative", "text", "scenario", "inject",
        "situation", "内容", "状況付与", "付与内容", "状況", "事象", "本文", "メッセージ",
    ),
    "expected": (
        "expected action", "expected actions", "expected player action", "expected player actions",
        "expected player response", "expected response", "expected", "expectations", "expectation",
        "anticipated response", "expected outcome", "expected outcomes", "desired response",
        "期待される対応", "期待される行動", "期待する対応", "想定される対応", "想定対応", "期待対応",
    ),
    "notes": (
        "notes", "note", "remarks", "comments", "controller notes", "facilitator notes", "evaluator notes",
        "備考", "メモ", "補足",
    ),
    "objective": (
        "objective", "objectives", "capability", "core capability", "exercise objective", "critical task",
        "task", "目標", "訓練目標", "目的",
    ),
    "type": ("type", "kind", "node type"),
    "node": ("node id", "node", "tabletop id"),
    "options": ("options", "choices"),
    "next": ("next", "next node", "goes to"),
    "tasks": ("rated tasks", "critical tasks to rate"),
}  # fmt: skip

# Columns that tools put in an MSEL and a scenario has no place for: why each is left out.
KNOWN_IGNORED: dict[str, str] = {  # header → the key of the reason in messages.py
    "status": "i_status",
    "move": "i_move",
    "group": "i_group",
    "inject type": "i_kind",
    "event type": "i_kind",
    "simulated time": "i_simulated",
    "created": "i_bookkeeping",
    "modified": "i_bookkeeping",
    "状態": "i_status",
    "ステータス": "i_status",
}


def _norm(h: str) -> str:
    """A header cell compared as: NFKC (full-width letters as ASCII), lowercase, '#' as
    'no', punctuation and spaces as single spaces; kana and kanji kept."""
    h = unicodedata.normalize("NFKC", h).replace("#", " no ").lower()
    h = re.sub(r"\bnum\b|\bnbr\b", "no", h)
    return re.sub(r"[^0-9a-z\u3040-\u30ff\u4e00-\u9fff]+", " ", h).strip()


def _loose(h: str, name: str) -> bool:
    """'Expected Player Action(s)', 'Inject # / ID', 'Time (T+)', '期待される対応(プレイヤー)'."""
    if len(name) <= 2 or len(h.split()) > 5:
        return False
    return h.startswith(name + " ") or h.endswith(" " + name)


def exact_field(normed: str) -> str | None:
    """The field a normalised header names exactly, if any."""
    return next((f for f, names in COLUMNS.items() if normed in names), None)


def map_columns(header: list[str]) -> dict[str, int]:
    """Header cells → {field: column index}. Exact names win over looser matches, and
    within each, the field's earlier names over its later ones."""
    normed = [_norm(h) if len(h) <= 80 else "" for h in header]
    out: dict[str, int] = {}
    # a column named exactly for a field is that field's, even when another column took
    # the field: 'Delivery Time' beside 'Time' is a second time, not a loose 'delivery' method
    named = {i for i, h in enumerate(normed) if exact_field(h)}
    for exact in (True, False):
        for field, names in COLUMNS.items():
            if field in out:
                continue
            for name in names:
                hit = next(
                    (
                        i
                        for i, h in enumerate(normed)
                        if h
                        and i not in out.values()
                        and (h == name if exact else i not in named and _loose(h, name))
                    ),
                    None,
                )
                if hit is not None:
                    out[field] = hit
                    break
    return out


def column_letter(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


@attrs.define
class Layout:
    """Where the events are in a sheet and which column is which field."""

    header_row: int | None  # index of the header row; None: the sheet has no header
    fields: dict[str, int]  # field → column index
    headers: list[str]  # each column's name as the summary shows it
    ignored: dict[int, Say] = attrs.Factory(dict)  # column → why it is not used
    notes: list[Say] = attrs.Factory(list)

    @property
    def first_event_row(self) -> int:
        return 0 if self.header_row is None else self.header_row + 1

    def summary(self) -> list[Say]:
        """What was mapped and ignored, one line a column, for the user (header names
        cleaned of escapes and controls: they come from the file; the command shows
        each line on one line)."""
        lines = [
            Say("columns_by_position")
            if self.header_row is None
            else Say("columns_header_on", row=self.header_row + 1)
        ]
        by_column = {i: f for f, i in self.fields.items()}
        for i, name in enumerate(self.headers):
            if self.header_row is None:  # no names: the columns are called by their letters
                shown = Say("column_n", letter=column_letter(i))
            else:
                shown = repr(one_line(name)[:40]) if one_line(name) else Say("no_name")
            label = Say("column_label", letter=column_letter(i), name=shown)
            if i in by_column:
                field = by_column[i]
                lines.append(Say("column_is", label=label, field=field, what=Say(f"f_{field}")))
            elif i in self.ignored:
                lines.append(Say("column_ignored", label=label, why=self.ignored[i]))
        return lines + list(self.notes)


def parse_overrides(items: list[str] | None) -> list[tuple[str, str]]:
    """``--map`` arguments ('COLUMN=FIELD') → (column, field) pairs, checked."""
    out = []
    for item in items or []:
        column, sep, field = item.rpartition("=")
        field = field.strip().lower()
        if not sep or not column.strip():
            raise ConvertError(Say("map_syntax", item=item))
        if field not in FIELDS and field != IGNORE:
            raise ConvertError(Say("map_no_field", item=item, field=field, fields=", ".join(FIELDS)))
        out.append((column.strip(), field))
    return out


def _column_of(name: str, headers: list[str], header_row: int | None) -> int:
    """A --map COLUMN: a header's name, a column letter (A, B... AA) or a number from 1."""
    if header_row is not None:
        for i, h in enumerate(headers):
            if _norm(h) == _norm(name) or h.strip() == name:
                return i
    if re.fullmatch(r"[0-9]+", name) and 1 <= int(name) <= len(headers):
        return int(name) - 1
    if re.fullmatch(r"[A-Za-z]{1,3}", name):
        for i in range(len(headers)):
            if column_letter(i) == name.upper():
                return i
    columns = ", ".join(f"{column_letter(i)} {h!r}" for i, h in enumerate(headers))[:300]
    raise ConvertError(Say("map_no_column", name=name, columns=columns))


def _apply(layout: Layout, overrides: list[tuple[str, str]]) -> None:
    for name, field in overrides:
        i = _column_of(name, layout.headers, layout.header_row)
        for f, j in list(layout.fields.items()):
            if j == i or f == field:
                del layout.fields[f]
                if j != i:
                    layout.ignored[j] = Say("i_map_moved", field=field)
        layout.ignored.pop(i, None)
        if field == IGNORE:
            layout.ignored[i] = Say("i_map_ignore")
        else:
            layout.fields[field] = i


def _time_like(cell: str) -> bool:
    return minutes(cell) is not None


def _has_words(cell: str) -> bool:
    return bool(re.search(r"[^\W\d_]{2}", cell)) and not _time_like(cell)


def _header_like(row: list[str], fields: dict[str, int]) -> bool:
    """A header names two columns or more, at least half of them known, each a name and
    not a sentence: a line of prose or code that happens to hold 'Text' or 'Scenario' is
    no header."""
    named = [c for c in row if c]
    known = len(fields) + sum(1 for c in named if _norm(c) in KNOWN_IGNORED)
    short = all(len(c) <= 60 and len(c.split()) <= 6 for c in named)
    return len(named) >= 2 and known * 2 >= len(named) and short


def _table_below(rows: list[list[str]]) -> bool:
    """Below a header, events fill more than one cell: a header over lines of one cell
    each is a line of a text file that happens to hold a comma."""
    sample = rows[:50]
    return not sample or sum(1 for r in sample if sum(1 for c in r if c) >= 2) * 2 >= len(sample)


def _width(rows: list[list[str]]) -> int:
    return max((max((i + 1 for i, c in enumerate(r) if c), default=0) for r in rows), default=0)


def find_layout(rows: list[list[str]], overrides: list[tuple[str, str]] | None = None) -> Layout:
    """The layout of a sheet (rows of stripped cells, blank rows removed), or
    ConvertError saying why the sheet is not an MSEL."""
    overrides = overrides or []
    width = _width(rows)
    if width < 2:
        raise ConvertError(Say("one_column"))
    layout = None
    for i, r in enumerate(rows[:10]):
        fields = map_columns(r)
        overridden = overrides and any(_norm(c) in {_norm(x) for x in r} for c, _ in overrides)
        # a header names the message or the title, exactly or beside another field (a loose
        # match alone is not enough: a line of prose starting "Text ..." is no header)
        texts = [i for f, i in fields.items() if f in ("message", "title")]
        exact = any(_norm(r[i]) in COLUMNS[f] for f, i in fields.items() if f in ("message", "title"))
        header = (
            texts and (exact or len(fields) >= 2) and _header_like(r, fields) and _table_below(rows[i + 1 :])
        )
        if header or overridden:
            headers = [r[j] if j < len(r) else "" for j in range(width)]
            layout = Layout(i, fields, headers)
            break
    if layout is None:
        layout = _positional(rows, width, bool(overrides))
    _apply(layout, overrides)
    if "message" not in layout.fields and "title" not in layout.fields:
        raise ConvertError(Say("no_message_column"))
    for j, h in enumerate(layout.headers):
        if j in layout.fields.values() or j in layout.ignored:
            continue
        if not any(j < len(r) and r[j] for r in rows):
            layout.ignored[j] = Say("i_empty")
        elif layout.header_row is None:
            layout.ignored[j] = Say("i_beyond")
        elif not h.strip():
            layout.ignored[j] = Say("i_no_header")
        elif _norm(h) in KNOWN_IGNORED:
            layout.ignored[j] = Say(KNOWN_IGNORED[_norm(h)])
        elif (f := exact_field(_norm(h))) in layout.fields:
            taken = one_line(layout.headers[layout.fields[f]])[:40]
            layout.ignored[j] = Say("i_second", field=f, taken=taken, name=one_line(h)[:40])
        else:
            layout.ignored[j] = Say("i_unknown", name=one_line(h)[:40])
    if "to" not in layout.fields:
        layout.notes.append(Say("no_recipient"))
    if "controller" in layout.fields:
        layout.notes.append(
            Say("controller_note", name=one_line(layout.headers[layout.fields["controller"]]))
        )
    return layout


# A sheet without a header: the time, then the text columns in this order.
POSITIONS = ("title", "message", "to", "expected", "notes")
# ... and when a text column stands before the time, it is the kind of inject (OpenBAS's
# import mapper keys on such a column, "Send a mail"), and the columns after the time are
# those of OpenBAS's own test workbooks: teams, subject, message, description, expectation
BEFORE_TIME = ("method",)
AFTER_KIND = ("to", "title", "message", "notes", "expected")


def _numbers_only(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    return bool(filled) and all(re.fullmatch(r"[-+]?[0-9]+(?:[.,][0-9]+)?%?", c) for c in filled)


def _positional(rows: list[list[str]], width: int, overridden: bool) -> Layout:
    """A timeline sheet whose first row is already an event (OpenBAS/OpenAEV timelines):
    recognised by a column that holds a time in most rows (the first such, wherever it
    stands) and words in another."""
    sample = rows[:20]

    def column(j: int) -> list[str]:
        return [r[j] if j < len(r) else "" for r in sample]

    timed_at = [
        j for j in range(width) if sum(1 for c in column(j) if _time_like(c)) >= max(1, len(sample) * 0.8)
    ]
    tcol = timed_at[0] if timed_at else None
    texts = [
        j
        for j in range(width)
        if j != tcol and any(_has_words(c) for c in column(j)) and not _numbers_only(column(j))
    ]
    headers = [f"column {column_letter(j)}" for j in range(width)]
    if not overridden and (tcol is None or not texts):
        seen = ", ".join(c for c in (rows[0] if rows else []) if c)[:200]
        raise ConvertError(Say("no_timeline", seen=seen))
    fields = {"time": tcol} if tcol is not None else {}
    before = [j for j in texts if tcol is not None and j < tcol]
    after = [j for j in texts if tcol is None or j > tcol]
    if before:
        fields.update(zip(BEFORE_TIME, before, strict=False))
        fields.update(zip(AFTER_KIND, after, strict=False))
    else:
        names = POSITIONS if len(after) > 1 else ("message",)
        fields.update(zip(names, after, strict=False))
    layout = Layout(None, fields, headers)
    for j in range(width):
        if j not in fields.values() and _numbers_only(column(j)):
            layout.ignored[j] = Say("i_numbers")
    return layout
