"""MSEL spreadsheets (Master Scenario Events Lists) to and from format v1.

An MSEL is a timeline: one row per event. It imports as a linear scenario, one inject per
event. Tabletop's own exports add columns (``Type``, ``Node ID``, ``Options``, ``Next``)
that say what a timeline cannot (decisions, endings, branches), so that an exported
scenario imports back with the same injects and decisions.
"""

from __future__ import annotations

import re

from ..loader import ID_RE
from ..model import Catalog, Scenario
from ..text import one_line
from .columns import find_layout
from .graph import (
    END_ID,
    ConvertError,
    GNode,
    GOption,
    GQuestion,
    Graph,
    GTask,
    IdMaker,
    finish_graph,
    japanese,
    known_practices,
    note_chances,
    scenario_id,
    slug,
    to_yaml,
    word,
)
from .limits import MAX_EVENTS
from .markup import maybe_html
from .messages import Say
from .order import (
    best_options,
    clock_times,
    edge_labels,
    export_lang,
    followed_practices,
    node_order,
    node_title,
    targets_of,
    task_node,
    text_in,
)
from .roles import EVERYONE, RoleMap
from .times import minutes

OPTION_RE = re.compile(
    r"^\s*(?P<id>[a-z0-9][a-z0-9-]*)\s*"
    r"(?:\{(?P<practices>[^}]*)\})?\s*"
    r"(?:\(->\s*(?P<next>[a-z0-9][a-z0-9, -]*)\))?\s*:\s*(?P<text>.+?)\s*\Z"
)


def _next_cell(cell: str) -> list[str]:
    """'a' or 'if x: a; otherwise: b' → the target ids."""
    out = []
    for part in re.split(r"[;\n]", cell):
        part = part.strip()
        if part:
            out.append(part.rsplit(":", 1)[-1].strip())
    return out


# Tabletop's own exports start with these rows (key, value) above the header, so that
# what a timeline has no column for comes back on import.
META_KEYS = {
    "tabletop scenario": "title",
    "tabletop id": "id",
    "tabletop summary": "summary",
    "tabletop tags": "tags",
}


def read_meta(rows: list[list[str]]) -> tuple[dict[str, str], list[list[str]]]:
    """Tabletop's metadata rows at the top of a sheet → ({title, id, summary, tags}, the
    rows after them)."""
    meta: dict[str, str] = {}
    k = 0
    while k < len(rows) and rows[k] and " ".join(rows[k][0].lower().split()) in META_KEYS:
        meta[META_KEYS[" ".join(rows[k][0].lower().split())]] = rows[k][1] if len(rows[k]) > 1 else ""
        k += 1
    return meta, rows[k:]


def msel_to_graph(rows: list[list[str]], catalog: Catalog | None = None, sid: str | None = None,
                  title: str | None = None, overrides: list[tuple[str, str]] | None = None) -> Graph:  # fmt: skip
    """An MSEL's rows (stripped cells, blank rows dropped: sheet.py) → the neutral graph;
    ``g.report`` says which column became which field."""
    rows = [r for r in rows if any(r)]
    if not rows:
        raise ConvertError(Say("empty"))
    meta, rows = read_meta(rows)
    layout = find_layout(rows, overrides)
    cols = layout.fields
    pre = [c for r in rows[: layout.header_row or 0] for c in r if c]  # a title above the header
    body = rows[layout.first_event_row :]

    def cell(r, field) -> str:
        i = cols.get(field)
        # Blueprint keeps rich text as HTML in its cells: shown as text, never as markup
        return maybe_html(r[i]).strip() if i is not None and i < len(r) else ""

    empty = [r for r in body if not (cell(r, "message") or cell(r, "title"))]
    body = [r for r in body if cell(r, "message") or cell(r, "title")]
    if not body:
        raise ConvertError(Say("no_events"))
    if len(body) > MAX_EVENTS:
        raise ConvertError(Say("too_many_events", size=len(body), n=MAX_EVENTS))
    ja = japanese("".join(pre[:1]) + "".join(cell(r, "message") + cell(r, "title") for r in body[:50]))
    name = meta.get("title") or (pre[0] if pre else "") or title or word("msel_title", ja)
    g = Graph(id=scenario_id(sid or meta.get("id"), name), title=name)
    g.summary = meta.get("summary", "")
    g.tags = [slug(t) for t in re.split(r"[,;\s]+", meta.get("tags", "")) if slug(t, "")]
    g.report = layout.summary()
    if empty:  # a row with only a time or a kind (OpenBAS's '???' rows) is no event: say so
        shown = "; ".join(one_line(", ".join(c for c in r if c))[:60] for r in empty[:3])
        g.report.append(Say("rows_left_out", n=len(empty), rows=shown + (" ..." if len(empty) > 3 else "")))
    roles = RoleMap(catalog)
    graph_mode = "node" in cols and ("next" in cols or "type" in cols)
    ids = IdMaker({END_ID} if not graph_mode else ())
    node_of_row: list[str] = []
    for n, r in enumerate(body):
        key = cell(r, "node") if graph_mode else ""
        if graph_mode and key and not ID_RE.match(key):
            raise ConvertError(Say("bad_node_id", row=n + 1, key=key))
        if graph_mode and key:
            node_of_row.append(key)
            ids.used.add(key)
        else:
            num = cell(r, "number")
            node_of_row.append(ids.make(f"event-{num}" if num else f"event-{n + 1}", "event"))

    times = [minutes(cell(r, "time")) for r in body]
    kinds = {k for k, _ in filter(None, times)}
    base = None
    if len(kinds) == 1 and times[0] is not None:
        base = times[0][1]
        if (kinds == {"clock"} and base < 1440) or kinds == {"datetime"}:
            g.clock_start = f"{base % 1440 // 60:02d}:{base % 60:02d}"
    elif len(kinds) > 1:
        g.report.append(Say("mixed_times"))
    last = base

    def recipients(cell_text: str) -> list[str]:
        names = [x.strip() for x in re.split(r"[,;\n]", cell_text) if x.strip()]
        if any(x.lower() in EVERYONE for x in names):
            return []
        return [roles.role(x) for x in names]

    rated: set[str] = set()
    for n, r in enumerate(body):
        nid = node_of_row[n]
        kind = cell(r, "type").lower() if graph_mode else "inject"
        if kind not in ("inject", "decision", "ending"):
            kind = "inject"
        head, msg = cell(r, "title"), cell(r, "message")
        notes = []
        if cell(r, "expected") and not graph_mode:  # Tabletop's own: the best options, from the weights
            notes.append(word("expected", ja) + cell(r, "expected"))
        if cell(r, "objective"):
            notes.append(word("objective", ja) + cell(r, "objective"))
        if cell(r, "controller"):
            notes.append(word("controller", ja) + cell(r, "controller"))
        if cell(r, "notes"):
            notes.append(cell(r, "notes"))
        advance = 0
        if (
            not graph_mode
            and base is not None
            and times[n] is not None
            and last is not None
            and times[n][1] > last
        ):
            advance = times[n][1] - last
            last = times[n][1]
        if kind == "decision":
            to = recipients(cell(r, "to"))
            role = to[0] if to else (roles.order[0] if roles.order else roles.role("Executive"))
            opts, oids = [], IdMaker()
            for line in cell(r, "options").splitlines():
                if not line.strip():
                    continue
                m = OPTION_RE.match(line)
                if m:
                    practices = {}
                    for p in (m.group("practices") or "").split(","):
                        pm = re.match(r"\s*([a-z0-9][a-z0-9-]*)\s+([+-]?[0-9]+)\s*\Z", p)
                        if pm:
                            practices[pm.group(1)] = int(pm.group(2))
                    nxt = [t.strip() for t in (m.group("next") or "").split(",") if t.strip()]
                    opts.append(GOption(oids.make(m.group("id")), m.group("text"), nxt,
                                        practices=known_practices(practices, catalog)))  # fmt: skip
                else:
                    opts.append(GOption(oids.make(line, "option"), line.strip().lstrip("-*• ").strip()))
            if len(opts) < 2:
                raise ConvertError(Say("decision_options", row=n + 1, nid=nid))
            q = GQuestion(role, msg or head, opts)
            if nid in g.nodes and g.nodes[nid].kind == "decision":  # a further role of the same decision
                g.nodes[nid].questions.append(q)
                continue
            node = GNode(nid, "decision", questions=[q], facilitator="\n\n".join(notes), advance=advance)
            g.weighted = g.weighted or any(o.practices for o in opts)
        elif kind == "ending":
            outcome = "mixed"
            m = re.search(r"\b(good|mixed|bad)\b", cell(r, "method").lower() + " " + cell(r, "notes").lower())
            if m:
                outcome = m.group(1)
            node = GNode(nid, "ending", title=head, text=msg or head, outcome=outcome,
                         facilitator="\n\n".join(notes))  # fmt: skip
        else:
            sender, method = cell(r, "from"), cell(r, "method")
            via = " ".join(
                x for x in (word("from", ja) + sender if sender else "", f"({method})" if method else "") if x
            )
            text = (msg or head) if graph_mode else "\n\n".join(x for x in (head, msg) if x)
            if via and not graph_mode:
                text = f"{text}\n\n{via}"
            if not graph_mode and cell(r, "time"):
                notes.insert(0, word("event_time", ja, n=cell(r, "number") or n + 1, t=cell(r, "time")))
            node = GNode(nid, "inject", text=text, audience=recipients(cell(r, "to")),
                         facilitator="\n\n".join(notes), advance=advance)  # fmt: skip
        if nid in g.nodes:
            raise ConvertError(Say("node_twice", row=n + 1, nid=nid))
        g.nodes[nid] = node
        if cell(r, "expected") and not graph_mode:  # Tabletop's own export: best options, not tasks
            objective = cell(r, "objective")
            event = f"{cell(r, 'number') or n + 1}"
            name = objective or head or f"#{event} {cell(r, 'time')}".strip()
            g.tasks.append(GTask(cell(r, "expected"), nid, objective or f"event {event}", name))
        if graph_mode and (nid not in rated) and cell(r, "tasks"):  # Tabletop's own export
            rated.add(nid)
            g.tasks += [
                GTask(t.strip(), nid, nid, head or nid) for t in cell(r, "tasks").splitlines() if t.strip()
            ]
        if graph_mode and cell(r, "next"):
            node.targets = _next_cell(cell(r, "next"))
            if len(set(node.targets)) > 1 and word("branches", ja) not in node.facilitator:  # once a trip
                node.facilitator = "\n\n".join(
                    x for x in (node.facilitator, word("branches", ja) + cell(r, "next")) if x
                )
    order = list(g.nodes)
    if not graph_mode:
        for a, b in zip(order, order[1:], strict=False):
            g.nodes[a].targets = [b]
    for n in g.nodes.values():
        for t in n.targets + [t for q in n.questions for o in q.options for t in o.targets]:
            if t not in g.nodes and t != END_ID:
                raise ConvertError(Say("leads_nowhere", nid=n.id, target=t))
    if graph_mode and base is not None:
        _advances_from_times(g, order, {node_of_row[n]: t[1] for n, t in enumerate(times) if t}, kinds)
    g.start = order[0]
    g.roles = list(roles.order) or [roles.role("Executive")]
    g.role_labels = roles.role_labels()
    finish_graph(g)
    g.header = [
        f"Imported from an MSEL spreadsheet ({len(body)} events) with `tabletop import`.",
        "Text is in one language (plain strings), as the source is.",
    ]
    if not graph_mode:
        g.header += [
            "An MSEL is a timeline, so this is a linear scenario: one inject per event, in order,",
            "then a generic ending. Expected actions and notes are facilitator notes; the",
            "expected actions are also the critical tasks of the objectives, which the",
            "facilitator rates.",
        ]
    if not g.weighted:
        g.header.append(
            "There are no decisions, so nothing is scored."
            if not any(n.kind == "decision" for n in g.nodes.values())
            else "The source does not say which option is expected: no practice weights, every score is 0."
        )
    if g.role_labels:
        g.header.append("Recipients are mapped to Tabletop roles; role_labels keep their own names.")
    note_chances(g)
    return g


def _advances_from_times(g: Graph, order: list[str], at: dict[str, int], kinds: set[str]) -> None:
    """Tabletop's own export gives each node the earliest minute it can be reached
    (order.clock_times: the earliest of the nodes before it that lead to it, plus its
    own advance): each node's advance is its time less that earliest one, so the clock
    moves again as it did before the export."""
    pos = {nid: i for i, nid in enumerate(order)}
    before: dict[str, list[str]] = {}
    for n in g.nodes.values():
        for t in set(n.targets + [t for q in n.questions for o in q.options for t in o.targets]):
            if t in pos and pos[t] > pos[n.id]:
                before.setdefault(t, []).append(n.id)
    for nid in order:
        if nid not in at:
            continue
        if nid == order[0]:  # an offset counts from the start; a clock time is the clock's start
            came = 0 if kinds == {"offset"} else at[nid]
        else:
            known = [at[u] for u in before.get(nid, []) if u in at]
            if not known:
                continue
            came = min(known)
        if at[nid] > came and g.nodes[nid].kind != "ending":
            g.nodes[nid].advance = at[nid] - came


def msel_to_yaml(
    rows, catalog: Catalog | None = None, sid: str | None = None, title: str | None = None
) -> str:
    return to_yaml(msel_to_graph(rows, catalog, sid, title))


def pick_sheet(sheets, wanted: str | None, overrides) -> tuple[str, list[list[str]]]:
    """The sheet of a workbook to import: the one named ``wanted``, else the first that
    holds an MSEL (a header naming a message or title column, or a timeline)."""
    names, reasons = [], []
    for name, rows in sheets:
        names.append(name)
        if wanted is not None:
            if name == wanted:
                return name, rows
            continue
        try:
            find_layout(read_meta(rows)[1], overrides)
        except ConvertError as e:
            reasons.append(Say("sheet_reason", name=name, reason=e.args[0]))
            continue
        return name, rows
    if wanted is not None:
        raise ConvertError(Say("no_such_sheet", name=wanted, names=", ".join(map(repr, names))))
    if not names:
        raise ConvertError(Say("no_sheets"))
    raise ConvertError(Say("no_sheet_msel", reasons=reasons))


# -- format v1 → MSEL -------------------------------------------------------------------


def scenario_to_msel(sc: Scenario, catalog: Catalog, lang: str | None = None) -> list[list[str]]:
    """The scenario's title, id, summary and tags (META_KEYS), then a header and one row
    per inject, decision (one per role asked) and ending, in topological order."""
    lang = export_lang(sc, lang)
    order = node_order(sc)
    times = clock_times(sc, order)
    head = ["Event #", "Time", "Type", "Node ID", "From", "To", "Method", "Title", "Message", "Options",
            "Next", "Expected Action", "Notes", "Rated Tasks"]  # fmt: skip
    # the critical tasks the facilitator rates, on the row of the node where they fall due
    due: dict[str, list[str]] = {}
    for o in sc.objectives:
        for t in o.tasks:
            due.setdefault(task_node(sc, t), []).append(" ".join(text_in(t.text, lang).split()))
    # what a timeline has no column for, in rows that read_meta() takes back
    rows = [
        ["Tabletop scenario", text_in(sc.title, lang)],
        ["Tabletop id", sc.id],
        ["Tabletop summary", text_in(sc.summary, lang)],
        ["Tabletop tags", ", ".join(sc.tags)],
        [],
        head,
    ]

    def role(r: str) -> str:
        name = sc.role_name(catalog, r, lang)
        official = catalog.roles[r].name.get(lang) if r in catalog.roles else r
        return name if name == official else f"{name} ({r})"

    for i, nid in enumerate(order, 1):
        n = sc.nodes[nid]
        minute = times.get(nid)
        if minute is None:
            when = ""
        elif sc.clock_start:
            day, at = divmod(sc.clock_start + minute, 1440)
            h, m = divmod(at, 60)
            # past midnight the day goes with it, so that the import reads the clock moving on
            when = f"Day {day + 1} {h:02d}:{m:02d}" if day else f"{h:02d}:{m:02d}"
        else:
            when = f"T+{minute // 60}:{minute % 60:02d}"
        notes = text_in(n.facilitator, lang)
        nxt = "; ".join(edge_labels(n.next))
        tasks = "\n".join(due.pop(nid, []))  # on the node's first row only
        if n.kind == "decision":
            for q in n.questions:
                lines = []
                for o in q.options:
                    pr = ", ".join(f"{p} {w:+d}" for p, w in followed_practices(o))
                    tg = ", ".join(targets_of(o.next)) if len(n.questions) == 1 and o.next else ""
                    lines.append(o.id + (f" {{{pr}}}" if pr else "") + (f" (-> {tg})" if tg else "")
                                 + ": " + " ".join(text_in(o.text, lang).split()))  # fmt: skip
                best = "; ".join(text_in(o.text, lang) for o in best_options(q))
                rows.append([str(i), when, "decision", nid, "Facilitator", role(q.role), "Discussion",
                             node_title(n, sc, catalog, lang), text_in(q.prompt, lang), "\n".join(lines), nxt,
                             best, notes, tasks])  # fmt: skip
                tasks = ""
        elif n.kind == "ending":
            rows.append([str(i), when, "ending", nid, "Facilitator", "All", f"Debrief ({n.outcome})",
                         text_in(n.title, lang), text_in(n.text, lang), "", "", "", notes, tasks])  # fmt: skip
        else:
            to = "; ".join(role(r) for r in n.audience) or "All"
            rows.append([str(i), when, "inject", nid, "Facilitator", to, "Briefing",
                         node_title(n, sc, catalog, lang), text_in(n.text, lang), "", nxt, "", notes, tasks])  # fmt: skip
    return rows


def rows_to_csv(rows: list[list[str]]) -> str:
    from ..encode import to_csv

    return to_csv(rows)
