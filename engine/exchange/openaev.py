"""OpenAEV (formerly OpenBAS) scenario and simulation exports → the neutral graph.

OpenAEV exports a scenario (or a simulation, its "exercise") as a ZIP archive holding one
JSON file and the documents the injects attach; the JSON alone imports too. Its keys carry
the prefix of what was exported, ``scenario_`` or ``exercise_``: ``*_information`` (name,
subtitle, description), ``*_teams``, ``*_objectives``, ``*_injects`` and
``*_lessons_questions``.

An OpenAEV scenario is a timeline, not a graph of decisions: each inject falls due
``inject_depends_duration`` seconds after the start, or after the inject it depends on
(``inject_depends_on``: one id in older exports, a list of parent–child relationships in
newer ones). So it imports as a linear scenario, injects in the order they fall due, with
the clock moving between them. What becomes what:

- teams → roles (by their names, as the other importers map recipients), the inject's
  teams its audience (all teams: everyone);
- an inject's title, description and message (the subject and body of its content, HTML
  reduced to text) → the inject's text;
- its expectations (what the players are expected to do: a manual check, an article read,
  a challenge solved, a document sent) → critical tasks the facilitator rates, due at that
  inject (rated: true), gathered into objectives by inject;
- the scenario's objectives → a facilitator note at the start (OpenAEV does not link them
  to the expectations, so they cannot own the tasks);
- lessons questions → discussion questions at the ending, which the hotwash puts to the
  room.

Pure: data in, the graph out. Nothing here reads or writes files.
"""

from __future__ import annotations

import io
import json
import zipfile

from ..encode import to_json
from ..model import Catalog
from .graph import (
    END_ID,
    ConvertError,
    GNode,
    Graph,
    GTask,
    IdMaker,
    bullet_lines,
    finish_graph,
    japanese,
    scenario_id,
    word,
)
from .limits import MAX_EVENTS, MAX_TEXT_BYTES
from .markup import html_text
from .messages import Say
from .roles import RoleMap

PREFIXES = ("scenario_", "exercise_")
MAX_MEMBERS = 1_000  # entries in an export archive (the JSON and its documents)


def is_openaev(data) -> bool:
    """A JSON object with the keys of an OpenAEV scenario or simulation export."""
    return isinstance(data, dict) and any(
        f"{p}injects" in data or f"{p}information" in data for p in PREFIXES
    )


def json_from_zip(data: bytes) -> dict | None:
    """The export's JSON from an OpenAEV archive, or None when the archive holds no JSON
    at its top (an .xlsx workbook, say) or cannot be opened. The member is read within MAX_TEXT_BYTES, as a
    JSON file on its own would be: a small archive cannot expand to fill the memory."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return None  # the workbook reader says what is wrong with it
    with zf:
        members = zf.infolist()
        if len(members) > MAX_MEMBERS:
            raise ConvertError(Say("aev_members", size=len(members)))
        names = {m.filename for m in members}
        if "[Content_Types].xml" in names:  # an Office file: the MSEL reader's
            return None
        found = [m for m in members if m.filename.endswith(".json") and "/" not in m.filename.strip("/")]
        if not found:
            return None
        if len(found) > 1:
            raise ConvertError(Say("aev_several_json", names=", ".join(m.filename for m in found[:5])))
        (member,) = found
        if member.file_size > MAX_TEXT_BYTES:
            raise ConvertError(Say("aev_member_too_big", name=member.filename, n=MAX_TEXT_BYTES // 2**20))
        with zf.open(member) as f:
            raw = f.read(MAX_TEXT_BYTES + 1)
    if len(raw) > MAX_TEXT_BYTES:  # the size in the directory lied
        raise ConvertError(Say("aev_member_lied", name=member.filename))
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as e:
        raise ConvertError(Say("aev_member_unreadable", name=member.filename, reason=str(e))) from None


def _text(value) -> str:
    return html_text(value) if isinstance(value, str) else ""


def _items(doc: dict, prefix: str, key: str) -> list[dict]:
    value = doc.get(prefix + key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise ConvertError(Say("aev_must_be_list", key=prefix + key))
    return [x for x in value if isinstance(x, dict)]


def _content(inj: dict) -> dict:
    """An inject's content: an object, or (in some exports) the same as a JSON string."""
    c = inj.get("inject_content")
    if isinstance(c, str) and c.strip().startswith("{"):
        try:
            c = json.loads(c)
        except json.JSONDecodeError:
            return {}
    return c if isinstance(c, dict) else {}


def _parents(inj: dict) -> tuple[list[str], list[str]]:
    """The ids this inject depends on, and the conditions newer exports put on them."""
    dep = inj.get("inject_depends_on")
    if dep is None or dep == "":
        return [], []
    if isinstance(dep, str):
        return [dep], []
    parents, conditions = [], []
    if isinstance(dep, list):
        for d in dep:
            if isinstance(d, str):
                parents.append(d)
            elif isinstance(d, dict):
                rel = d.get("dependency_relationship") or {}
                parent = rel.get("inject_parent_id") if isinstance(rel, dict) else None
                if isinstance(parent, str):
                    parents.append(parent)
                cond = d.get("dependency_condition")
                if cond:
                    conditions.append(to_json(cond)[:200])
    return parents, conditions


def _seconds(inj: dict) -> int:
    v = inj.get("inject_depends_duration")
    return int(v) if isinstance(v, int | float) and not isinstance(v, bool) and v >= 0 else 0


def openaev_to_graph(doc: dict, catalog: Catalog | None = None, sid: str | None = None) -> Graph:
    if not is_openaev(doc):
        raise ConvertError(Say("aev_not_export"))
    prefix = next(p for p in PREFIXES if f"{p}injects" in doc or f"{p}information" in doc)
    info = doc.get(prefix + "information")
    info = info if isinstance(info, dict) else {}
    title = _text(info.get(f"{prefix}name")) or "Imported OpenAEV scenario"
    injects = _items(doc, prefix, "injects")
    if not injects:
        raise ConvertError(Say("aev_no_injects", key=prefix + "injects"))
    if len(injects) > MAX_EVENTS:
        raise ConvertError(Say("too_many_injects", size=len(injects), n=MAX_EVENTS))

    g = Graph(id=scenario_id(sid, title), title=title)
    g.summary = "\n\n".join(
        x for x in (_text(info.get(f"{prefix}subtitle")), _text(info.get(f"{prefix}description"))) if x
    )
    ja = japanese(title + "".join(_text(i.get("inject_title")) for i in injects[:50]))

    roles = RoleMap(catalog)
    teams: dict[str, str] = {}  # team id → role
    for t in _items(doc, prefix, "teams"):
        tid, name = t.get("team_id"), _text(t.get("team_name"))
        if isinstance(tid, str) and name:
            teams[tid] = roles.role(name)

    # when each inject falls due: after its parents (the latest of them), else the start
    by_id = {i["inject_id"]: i for i in injects if isinstance(i.get("inject_id"), str)}
    if len(by_id) != len(injects):
        raise ConvertError(Say("aev_ids"))
    due: dict[str, int] = {}  # seconds from the start
    parents = {i: [p for p in _parents(by_id[i])[0] if p in by_id] for i in by_id}
    for root in by_id:  # depth first without recursion: a chain may be thousands long
        stack, visiting = [root], {root}
        while stack and root not in due:
            x = stack[-1]
            waiting = next((p for p in parents[x] if p not in due), None)
            if waiting is None:
                due[x] = max((due[p] for p in parents[x]), default=0) + _seconds(by_id[x])
                visiting.discard(x)
                stack.pop()
            elif waiting in visiting:
                circle = stack[stack.index(waiting) :]
                names = " → ".join(_text(by_id[i].get("inject_title")) or i for i in circle)
                raise ConvertError(Say("aev_circle", names=names))
            else:
                visiting.add(waiting)
                stack.append(waiting)
    order = sorted(by_id, key=lambda i: (due[i], list(by_id).index(i)))

    ids = IdMaker({END_ID})
    last = 0
    for n, iid in enumerate(order):
        inj = by_id[iid]
        ititle = _text(inj.get("inject_title")) or f"Inject {n + 1}"
        c = _content(inj)
        parts = [ititle, _text(inj.get("inject_description"))]
        subject = _text(c.get("subject"))
        if subject and subject != ititle:
            parts.append(word("aev_subject", ja) + subject)
        parts += [_text(c.get("body")), _text(c.get("message"))]
        text = "\n\n".join(dict.fromkeys(p for p in parts if p))
        audience = []
        if not inj.get("inject_all_teams"):
            for t in inj.get("inject_teams") or []:
                if isinstance(t, str) and t in teams:
                    audience.append(teams[t])
        notes = []
        conditions = _parents(inj)[1]
        if parents[iid]:
            first = parents[iid][0]
            parent = _text(by_id[first].get("inject_title")) or first
            notes.append(word("aev_after", ja, m=round(_seconds(inj) / 60), parent=parent))
        if conditions:
            notes.append(word("aev_conditions", ja, c="; ".join(conditions)))
        expected = []
        for e in c.get("expectations") or []:
            if not isinstance(e, dict):
                continue
            name, desc = _text(e.get("expectation_name")), _text(e.get("expectation_description"))
            if name or desc:
                expected.append(f"{name}: {desc}" if name and desc and desc != name else name or desc)
        nid = ids.make(ititle, "inject")
        minutes = due[iid] // 60
        node = GNode(nid, "inject", text=text, audience=list(dict.fromkeys(audience)), advance=minutes - last)
        last = max(last, minutes)
        if expected:
            notes.append(word("aev_expected", ja) + "\n" + bullet_lines(expected))
        node.facilitator = "\n\n".join(notes)
        g.nodes[nid] = node
        g.tasks += [GTask(x, nid, iid, ititle) for x in expected]
    nodes = list(g.nodes.values())
    for a, b in zip(nodes, nodes[1:], strict=False):
        a.targets = [b.id]
    g.start = nodes[0].id
    goals = [
        ": ".join(x for x in (_text(o.get("objective_title")), _text(o.get("objective_description"))) if x)
        for o in _items(doc, prefix, "objectives")
    ]
    if any(goals):
        first = nodes[0]
        first.facilitator = "\n\n".join(
            x
            for x in (
                word("aev_objectives", ja) + "\n" + bullet_lines(goals),
                first.facilitator,
            )
            if x
        )
    g.duration = last
    g.roles = list(roles.order) or [roles.role("Executive")]
    g.role_labels = roles.role_labels()
    finish_graph(g)
    questions = sorted(
        (q for q in _items(doc, prefix, "lessons_questions") if _text(q.get("lessons_question_content"))),
        key=lambda q: (
            q.get("lessons_question_order") if isinstance(q.get("lessons_question_order"), int) else 0
        ),
    )
    for end in (n for n in g.nodes.values() if n.kind == "ending"):
        end.discussion = [_text(q["lessons_question_content"]) for q in questions]
    g.header = [
        f"Imported with `tabletop import` from the OpenAEV {prefix.rstrip('_')} export '{title}'.",
        "Text is in one language (plain strings), as the source is.",
        "OpenAEV plays a timeline, so this is a linear scenario: one inject per OpenAEV inject, in",
        "the order they fall due. The players' expectations are the critical tasks of the",
        "objectives, which the facilitator rates; lessons questions are discussed at the end.",
    ]
    if g.role_labels:
        g.header.append("Teams are mapped to Tabletop roles; role_labels keep the teams' own names.")
    g.report = [
        Say("aev_read", what=Say("aev_" + prefix.rstrip("_")), injects=len(order), teams=len(teams),
            tasks=len(g.tasks), questions=len(questions))
    ]  # fmt: skip
    return g
