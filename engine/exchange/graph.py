"""The neutral graph every importer builds (nodes with texts, roles and target lists),
the ids it makes, and its writing as a format v1 scenario (``to_yaml``), with the source's
expected actions as objectives whose critical tasks are rated.

Pure: data in, YAML text out. Nothing here reads or writes files.
"""

from __future__ import annotations

import re

import attrs
import yaml

from ..loader import BUILTIN_ID_RE, ID_RE, is_source_id, origin_clashes
from ..model import Catalog
from .messages import wording

END_ID = "end"


class ConvertError(ValueError):
    """The input cannot be converted; the message (a messages.Say) says why, for the
    user, in the command's language (``text``); ``str()`` is the English."""

    def text(self, lang: str) -> str:
        return wording(self.args[0], lang) if self.args else ""


# -- the neutral graph -------------------------------------------------------------------


@attrs.define
class GOption:
    id: str
    text: str
    targets: list[str] = attrs.Factory(list)  # empty: the decision's own next
    feedback: str = ""
    practices: dict[str, int] = attrs.Factory(dict)


@attrs.define
class GQuestion:
    role: str
    prompt: str
    options: list[GOption] = attrs.Factory(list)


@attrs.define
class GNode:
    id: str
    kind: str  # inject | decision | ending
    text: str = ""
    title: str = ""
    audience: list[str] = attrs.Factory(list)
    facilitator: str = ""
    questions: list[GQuestion] = attrs.Factory(list)
    targets: list[str] = attrs.Factory(list)  # one: plain next; several: even chances
    outcome: str = "mixed"
    advance: int = 0
    discussion: list[str] = attrs.Factory(list)  # questions for the room (the hotwash asks them)


@attrs.define
class GTask:
    """An expected action of the source: a critical task to rate, due at ``at``.
    ``group`` gathers the tasks of one objective (the source's objective column, or the
    inject they belong to); ``title`` names that group."""

    text: str
    at: str
    group: str
    title: str


@attrs.define
class GDeadline:
    """A time on the scenario clock at which something happens whatever the players do
    (IcebergTTX's unreferenced inject with ``release_at_minutes``: a parallel timeline)."""

    id: str
    at: int  # minutes from the start
    title: str
    text: str
    facilitator: str = ""


@attrs.define
class Graph:
    id: str
    title: str
    summary: str = ""
    tags: list[str] = attrs.Factory(list)
    duration: int = 0
    clock_start: str = ""
    roles: list[str] = attrs.Factory(list)
    role_labels: dict[str, str] = attrs.Factory(dict)
    nodes: dict[str, GNode] = attrs.Factory(dict)
    start: str = ""
    header: list[str] = attrs.Factory(list)  # comment lines for the top of the file
    weighted: bool = False
    tasks: list[GTask] = attrs.Factory(list)
    report: list = attrs.Factory(
        list
    )  # messages.Say: what the import tells the user; not written to the file
    deadlines: list[GDeadline] = attrs.Factory(list)
    debrief: str = ""  # what happened: shown in the debrief
    lessons: list[str] = attrs.Factory(list)  # practice ids the debrief cites
    # the scenario's `origin`: the source's ids where Tabletop's differ (docs/format.md)
    origin_tool: str = ""
    origin_ids: dict[str, str] = attrs.Factory(dict)  # node, deadline, '<node>/<option>' → source id
    origin_teams: dict[str, str] = attrs.Factory(dict)  # role → the source's team id


# -- ids -------------------------------------------------------------------------------


def slug(value: str, fallback: str = "item", limit: int = 48) -> str:
    """A lowercase-hyphen id made from any text."""
    s = re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-")
    s = s[:limit].strip("-")
    return s or fallback


class IdMaker:
    """Unique lowercase-hyphen ids, remembering which source id got which."""

    def __init__(self, taken=()) -> None:
        self.used: set[str] = set(taken)
        self.map: dict[str, str] = {}

    def make(self, value: str, fallback: str = "node") -> str:
        base = slug(value, fallback)
        nid, n = base, 2
        while nid in self.used:
            nid, n = f"{base}-{n}", n + 1
        self.used.add(nid)
        return nid

    def source(self, key: str, fallback: str = "node") -> str:
        if key not in self.map:
            self.map[key] = self.make(key, fallback)
        return self.map[key]


def scenario_id(value: str | None, title: str) -> str:
    """The id given (``--id``, or the source's own), else one made from the title. A
    title in Japanese (or any script slug() drops) keeps what it has in Latin letters and
    digits, plus a short digest of the whole title: readable where it can be, and two
    titles never share an id."""
    if not value and title and not title.isascii():
        from ..digest import sha256

        digest = sha256(title.encode("utf-8")).hexdigest()[:8]
        latin = slug(title, "", 40)
        return scenario_id(f"{latin}-{digest}" if latin else f"imported-{digest}", title)
    sid = slug(value or title, "imported-scenario", 60)
    if not ID_RE.match(sid):
        sid = "imported-" + sid
    if BUILTIN_ID_RE.match(sid):  # built-in ids are held to the built-in standard
        sid = "imported-" + sid
    return sid


# -- writing format v1 -----------------------------------------------------------------


def _duration(minutes: int) -> str:
    h, m = divmod(int(minutes), 60)
    return (f"{h}h" if h else "") + (f"{m}m" if m or not h else "")


def _edges(targets: list[str]):
    """Target list → a format v1 `next`: one id, or even chances between several."""
    seen = list(dict.fromkeys(targets))
    if len(seen) == 1:
        return seen[0]
    out = []
    n = len(seen)
    for i, t in enumerate(seen[:-1]):
        out.append({"chance": max(1, min(99, round(100 / (n - i)))), "to": t})
    out.append({"to": seen[-1]})
    return out


def graph_to_dict(g: Graph) -> dict:
    doc: dict = {"format": 1, "id": g.id, "title": g.title}
    if g.summary:
        doc["summary"] = g.summary
    if g.tags:
        doc["tags"] = g.tags
    if g.duration:
        doc["duration"] = _duration(g.duration)
    doc["roles"] = list(g.roles)
    if g.role_labels:
        doc["role_labels"] = dict(g.role_labels)
    if g.clock_start:
        doc["clock"] = {"start": g.clock_start}
    doc["start"] = g.start
    nodes: dict = {}
    for n in g.nodes.values():
        d: dict = {"kind": n.kind}
        if n.advance and n.kind != "ending":
            d["advance"] = _duration(n.advance)
        if n.kind == "inject":
            if n.audience:
                d["audience"] = list(dict.fromkeys(n.audience))
            d["text"] = n.text
        elif n.kind == "ending":
            d["outcome"] = n.outcome
            if n.title:
                d["title"] = n.title
            d["text"] = n.text
        if n.facilitator and n.kind != "decision":
            d["facilitator"] = n.facilitator
        if n.kind == "decision":
            qs = []
            for q in n.questions:
                opts = []
                for o in q.options:
                    od: dict = {"id": o.id, "text": o.text}
                    if o.practices:
                        od["practices"] = dict(o.practices)
                    if o.feedback:
                        od["feedback"] = o.feedback
                    if o.targets and len(n.questions) == 1:
                        od["next"] = _edges(o.targets)
                    opts.append(od)
                qs.append({"role": q.role, "prompt": q.prompt, "options": opts})
            if len(qs) == 1:
                d.update(role=qs[0]["role"], prompt=qs[0]["prompt"])
                if n.facilitator:
                    d["facilitator"] = n.facilitator
                d["options"] = qs[0]["options"]
            else:
                if n.facilitator:
                    d["facilitator"] = n.facilitator
                d["questions"] = qs
        if n.discussion:
            d["discussion"] = list(n.discussion)
        if n.kind != "ending" and n.targets:
            d["next"] = _edges(n.targets)
        nodes[n.id] = d
    doc["nodes"] = nodes
    if g.deadlines:
        doc["deadlines"] = {
            d.id: {
                "at": _duration(d.at),
                "title": d.title,
                "text": d.text,
                **({"facilitator": d.facilitator} if d.facilitator else {}),
            }
            for d in g.deadlines
        }
    if g.debrief or g.lessons:
        doc["debrief"] = {
            **({"what_happened": g.debrief} if g.debrief else {}),
            **({"lessons": list(g.lessons)} if g.lessons else {}),
        }
    objectives = _objectives(g)
    if objectives:
        doc["objectives"] = objectives
    if g.origin_tool and (g.origin_ids or g.origin_teams):
        doc["origin"] = {
            "tool": g.origin_tool,
            **({"ids": dict(g.origin_ids)} if g.origin_ids else {}),
            **({"teams": dict(g.origin_teams)} if g.origin_teams else {}),
        }
    return doc


def settle_origin(g: Graph) -> None:
    """Keep of ``origin`` what the scenario can hold: entries for the nodes, deadlines,
    options and roles that are still there (the import may fold or drop some), whose
    source id the format accepts (one line, no control characters: the loader's rule),
    and that give no two injects (or options of one) one id; what is dropped goes out
    with Tabletop's id."""
    options = {n.id: [o.id for q in n.questions for o in q.options] for n in g.nodes.values()}
    deadlines = [d.id for d in g.deadlines]

    def there(key: str) -> bool:
        nid, slash, oid = key.partition("/")
        n = g.nodes.get(nid)
        if not slash:
            return n is not None or nid in deadlines
        if n is None:
            return False
        return oid in options[nid] if n.kind == "decision" else n.kind == "inject"

    def same(key: str, value: str) -> bool:  # the source's id is Tabletop's: nothing to keep
        nid, slash, oid = key.partition("/")
        return value == (oid if slash and g.nodes[nid].kind == "decision" else key)

    ids = {k: v for k, v in g.origin_ids.items() if there(k) and is_source_id(v) and not same(k, v)}
    while clashes := origin_clashes(options, deadlines, ids):
        for keys in clashes:
            for k in keys:
                ids.pop(k, None)
    teams = {r: t for r, t in g.origin_teams.items() if r in g.roles and r != t and is_source_id(t)}
    taken = [teams.get(r, r) for r in g.roles]
    teams = {r: t for r, t in teams.items() if taken.count(t) == 1}
    g.origin_ids, g.origin_teams = ids, teams


MAX_OBJECTIVES = 4  # docs/format.md: an exercise has 2 to 4


def _objectives(g: Graph) -> list[dict]:
    """The source's expected actions as objectives whose critical tasks are rated (by the
    facilitator in a drill, by the players alone): one objective per group (the source's
    objective, or the inject that expects them), consecutive groups merged when there are
    more than four, so that the debrief and the after-action report evaluate an imported
    scenario instead of scoring it at random."""
    groups: dict[str, list[GTask]] = {}
    for t in g.tasks:
        groups.setdefault(t.group, []).append(t)
    chunks = list(groups.values())
    if len(chunks) > MAX_OBJECTIVES:
        size, extra = divmod(len(chunks), MAX_OBJECTIVES)
        merged, i = [], 0
        for k in range(MAX_OBJECTIVES):
            n = size + (k < extra)
            merged.append([t for c in chunks[i : i + n] for t in c])
            i += n
        chunks = merged
    in_japanese = japanese(g.title + "".join(t.text for t in g.tasks))
    out = []
    for k, tasks in enumerate(chunks, 1):
        titles = list(dict.fromkeys(t.title for t in tasks))
        named = titles[0] if len(titles) == 1 else f"{titles[0]} … {titles[-1]}"
        title = f"期待される対応: {named}" if in_japanese else f"Expected actions: {named}"
        out.append(
            {
                "id": f"expected-{k}",
                "title": title,
                "tasks": [
                    {"id": f"action-{j}", "text": t.text, "rated": True, "at": t.at}
                    for j, t in enumerate(tasks, 1)
                ],
            }
        )
    return out


def japanese(text: str) -> bool:
    """Kana or kanji anywhere: the generated words then are Japanese too."""
    return any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in text)


class _Dumper(yaml.SafeDumper):
    """Readable YAML: texts with line breaks as literal blocks, short lists in flow style."""


def _str_rep(dumper, value: str):
    if "\n" in value:
        value = "\n".join(line.rstrip() for line in value.splitlines())
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


def _list_rep(dumper, value: list):
    flow = all(isinstance(v, str) and "\n" not in v and len(v) < 40 for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


_Dumper.add_representer(str, _str_rep)
_Dumper.add_representer(list, _list_rep)


def _cleaned(value):
    """Imported text as a scenario keeps it: without escape sequences, controls or bidi
    characters (YAML would keep those raw inside values, where an editor shows them)."""
    from ..text import clean

    if isinstance(value, dict):
        return {k: _cleaned(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_cleaned(v) for v in value]
    return clean(value) if isinstance(value, str) else value


def to_yaml(g: Graph) -> str:
    from ..text import one_line

    # one comment line each: a title from the imported file must not end the comment
    # (a newline in it would start YAML keys of its own)
    header = "".join(f"# {one_line(line)}\n" if line else "#\n" for line in g.header)
    body = yaml.dump(
        _cleaned(graph_to_dict(g)), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100
    )
    return header + body


def finish_graph(g: Graph) -> Graph:
    """Give every path an end: a generic ending where the source stops, and decisions
    whose options all lead somewhere."""
    needs_end = False
    for n in g.nodes.values():
        if n.kind == "inject" and not n.targets:
            n.targets = [END_ID]
            needs_end = True
        if n.kind == "decision" and not n.targets:
            for q in n.questions:
                for o in q.options:
                    if not o.targets:
                        o.targets = [END_ID]
                        needs_end = True
            if len(n.questions) > 1:
                n.targets = [END_ID]
                needs_end = True
    if needs_end and END_ID not in g.nodes:
        ja = japanese(g.title + "".join(n.text for n in list(g.nodes.values())[:50]))
        g.nodes[END_ID] = GNode(
            END_ID,
            "ending",
            title=word("end_title", ja),
            text=word("end_text", ja),
            facilitator=word("end_note", ja),
        )
    return g


# The words an importer writes itself, in the language of the source's text (japanese()).
WORDS: dict[str, tuple[str, str]] = {
    "end_title": ("End of the exercise", "訓練の終わり"),
    "end_text": (
        "The scenario ends here. Time for the debrief.",
        "シナリオはここで終わりです。振り返りに移りましょう。",
    ),
    "end_note": (
        "A generic ending added by the import: the source scenario stops here without saying how it "
        "turned out, so the outcome is 'mixed'.",
        "インポートが加えた汎用の終わりです。元のシナリオはここで終わり、結果を示していないため outcome は 'mixed' です。",
    ),
    "what_now": ("{title}: what do you do?", "{title}: どう対応しますか?"),
    "message_from": ("Message from {who}", "{who}からのメッセージ"),
    "message_to": ("Message to {who}", "{who}へのメッセージ"),
    "outsider": ("an outside party", "外部の関係者"),
    "expected": ("Expected action: ", "期待される対応: "),
    "objective": ("Objective: ", "目標: "),
    "controller": ("Controller: ", "担当コントローラー: "),
    "from": ("From: ", "発信者: "),
    "event_time": ("MSEL event {n}, time {t}", "MSEL のイベント {n}、時刻 {t}"),
    "branches": ("Branches: ", "分岐: "),
    "after": (" ({n} min after the inject)", "(付与の{n}分後)"),
    "after_s": (" ({n} s after the inject)", "(付与の{n}秒後)"),
    "release_at": (
        "IcebergTTX releases this inject {n} minutes after the start at the earliest.",
        "IcebergTTX はこの付与を、早くても開始の{n}分後に出します。",
    ),
    "msel_title": ("Imported MSEL exercise", "インポートした MSEL 訓練"),
    "expected_list": ("Expected actions:", "期待される対応:"),
    "passes_if": (
        "In Tabletop it passes quietly if: {cond}",
        "Tabletop では次の場合、何も起こさずに過ぎます: {cond}",
    ),
    "teams_receiving": ("Teams receiving this inject: {teams}", "この付与を受け取るチーム: {teams}"),
    "one_way": (
        "The source offers one way on ('{label}'), so there is no decision here.",
        "元のシナリオの選択肢は一つ(「{label}」)だけなので、ここに判断はありません。",
    ),
    "expected_choice": (
        "The expected choice (one of the source's expected actions).",
        "期待される選択です(元のシナリオの期待される対応の一つ)。",
    ),
    "aev_objectives": ("The exercise's objectives (OpenAEV):", "演習の目標(OpenAEV):"),
    "aev_expected": ("Expected of the players:", "プレイヤーに期待されること:"),
    "aev_after": ("Falls due {m} min after '{parent}'.", "「{parent}」の {m} 分後。"),
    "aev_conditions": ("In OpenAEV it also waited on: {c}", "OpenAEV では次の条件も待っていました: {c}"),
    "aev_subject": ("Subject: ", "件名: "),
}


def word(key: str, ja: bool, **kw) -> str:
    return WORDS[key][1 if ja else 0].format(**kw)


def bullet_lines(items) -> str:
    return "\n".join(f"- {x}" for x in items if str(x).strip())


def note_chances(g: Graph) -> None:
    branching = [n for n in g.nodes.values() if len(set(n.targets)) > 1]
    branching += [
        n for n in g.nodes.values() for q in n.questions for o in q.options if len(set(o.targets)) > 1
    ]
    if branching:
        g.header += [
            "Branches that depended on flags, counters or meters (not exported) now go by even",
            "chances; the facilitator notes say what the conditions were.",
        ]


def known_practices(raw, catalog: Catalog | None) -> dict[str, int]:
    """Practice weights carried by the source (Tabletop's own exports): kept when known."""
    if not isinstance(raw, dict):
        return {}
    out = {}
    for pid, w in raw.items():
        ok = isinstance(w, int) and not isinstance(w, bool) and -10 <= w <= 10 and w
        if ok and (catalog is None or pid in catalog.practices):
            out[str(pid)] = w
    return out
