"""A scenario's graph as text: Mermaid flowcharts, Graphviz DOT, and an outline (a
depth-first tree) for a tree view.

Both drawings show the same thing: injects as boxes, decisions as hexagons (labelled
with the roles that answer), endings as rounded boxes coloured by outcome; option
edges labelled with the option's number and a short text, conditional and chance edges
with their condition or percentage; the best path (``engine.analysis``) drawn thicker
and in blue. Scenario text is data: it is cleaned, shortened and escaped for the
target syntax, so no text can end a label or inject syntax. The output depends only
on the scenario, so the same scenario always gives the same text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from . import expr
from .encode import to_json
from .model import Catalog, Edge, Node, Scenario
from .text import clean, pick, width

LABELS = {
    "good": {"en": "good", "ja": "良好"},
    "mixed": {"en": "mixed", "ja": "一部課題あり"},
    "bad": {"en": "bad", "ja": "深刻"},
    "when": {"en": "if {cond}", "ja": "条件: {cond}"},
    "otherwise": {"en": "otherwise", "ja": "それ以外"},
    "see_above": {"en": "→ {id} (see above)", "ja": "→ {id}(上記参照)"},
    "contested": {"en": "contested call", "ja": "意見が分かれる判断"},
    "in_turn": {"en": "in turn", "ja": "順に回答"},
    "ruling": {"en": "ruling {lo:+d}..{hi:+d}", "ja": "裁定 {lo:+d}〜{hi:+d}"},
    "open": {"en": "open answer", "ja": "自由回答"},
    "source": {"en": "from {who}", "ja": "発信元: {who}"},
    "deadline": {"en": "deadline {at}", "ja": "期限 {at}"},
    "unless": {"en": "unless {cond}", "ja": "解除条件: {cond}"},
    "asked_if": {"en": "{role} {when}", "ja": "{role}: {when}"},
    "gated": {"en": "{role}: {n} gated", "ja": "{role}: 条件付き {n} 件"},
}

# fill, border
COLOURS = {
    "inject": ("#eef3fb", "#5b7db1"),
    "decision": ("#fdf6e3", "#9a7b2f"),
    "good": ("#d9f2d9", "#2e7d32"),
    "mixed": ("#fff3cd", "#b8860b"),
    "bad": ("#f8d7da", "#c62828"),
    "deadline": ("#fde2c8", "#b35900"),
}
BEST = "#1f5fbf"

NODE_COLS = 30  # the widest line of a node label, in terminal columns (a CJK character is 2)
EDGE_COLS = 26  # the widest option text on an edge
COND_COLS = 30  # the widest condition on an edge


@attrs.frozen
class GraphNode:
    id: str
    kind: str  # inject | decision | ending | deadline
    lines: tuple[str, ...]  # the label, line by line, plain text (not escaped)
    outcome: str | None = None
    best: bool = False


@attrs.frozen
class GraphEdge:
    src: str
    dst: str
    label: tuple[str, ...]  # lines, plain text
    best: bool = False


@attrs.frozen
class Graph:
    title: str
    nodes: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]


def short(s: str | None, cols: int) -> str:
    """One line of at most ``cols`` columns: cleaned, whitespace collapsed, cut with …"""
    s = " ".join(clean(s or "").split())
    if width(s) <= cols:
        return s
    out, used = [], 0
    for ch in s:
        w = width(ch)
        if used + w > cols - 1:
            break
        out.append(ch)
        used += w
    return "".join(out).rstrip() + "…"


def _role_names(scenario: Scenario, node: Node, lang: str, catalog: Catalog | None) -> str:
    names = [
        scenario.role_name(catalog, q.role, lang) if catalog is not None else q.role for q in node.questions
    ]
    return ", ".join(names)


def node_lines(scenario: Scenario, node: Node, lang: str, catalog: Catalog | None = None) -> tuple[str, ...]:
    """A node's label: its id (an ending's title first, the outcome after the id), then a
    short text (injects) or the roles that answer (decisions)."""
    if node.kind == "ending":
        title = short(node.title.get(lang) if node.title else "", NODE_COLS)
        outcome = pick(LABELS, node.outcome, lang) if node.outcome in LABELS else (node.outcome or "")
        tail = f"{short(node.id, 200)} · {outcome}" if outcome else short(node.id, 200)
        return (title, tail) if title else (tail,)
    head = short(node.id, 200)  # ids are never cut: they are how a node is found
    if node.kind == "decision":
        roles = short(_role_names(scenario, node, lang, catalog), NODE_COLS)
        marks = [
            pick(LABELS, k, lang)
            for k, on in (("contested", node.contested), ("in_turn", node.in_turn))
            if on
        ]
        if len(node.questions) > 1:  # one edge for all: the gates inside go on the node
            for q in node.questions:
                who = scenario.role_name(catalog, q.role, lang) if catalog is not None else q.role
                if q.when:
                    when = pick(LABELS, "when", lang, cond=q.when)
                    marks.append(short(pick(LABELS, "asked_if", lang, role=who, when=when), NODE_COLS))
                gated = sum(1 for o in q.options if o.when)
                if gated:
                    marks.append(short(pick(LABELS, "gated", lang, role=who, n=gated), NODE_COLS))
        return (head, roles, *marks)
    body = short(node.text.get(lang) if node.text else "", NODE_COLS)
    src = (short(pick(LABELS, "source", lang, who=node.source.get(lang)), NODE_COLS),) if node.source else ()
    return (head, *src, body) if body else (head, *src)


def option_notes(o, lang: str) -> tuple[str, ...]:
    """What an option's edge says besides its text: its gate, its ruling range, open answers."""
    notes = []
    if o.when:
        notes.append(short(pick(LABELS, "when", lang, cond=o.when), COND_COLS))
    if o.open:
        notes.append(pick(LABELS, "open", lang))
    if o.rubric:
        notes.append(pick(LABELS, "ruling", lang, lo=min(o.weights), hi=max(o.weights)))
    return tuple(notes)


def _edge_note(edges: Sequence[Edge], i: int, lang: str) -> str:
    e = edges[i]
    if e.chance is not None:
        note = f"{e.chance}%"
        if e.when:
            note = pick(LABELS, "when", lang, cond=e.when) + f", {note}"
        return short(note, COND_COLS)
    if e.when:
        return short(pick(LABELS, "when", lang, cond=e.when), COND_COLS)
    if len(edges) > 1:
        return pick(LABELS, "otherwise", lang)
    return ""


def _out_edges(node: Node):
    """Every drawn edge out of a node: (option number or 0, option id or None, edge list, index).

    A one-question decision has an edge per option and target (the option's own
    ``next``, else the decision's); other nodes have the edges of their ``next``."""
    if node.kind == "decision" and len(node.questions) == 1:
        for k, o in enumerate(node.questions[0].options, 1):
            edges = o.next or node.next
            for i in range(len(edges)):
                yield k, o, edges, i
    else:
        for i in range(len(node.next)):
            yield 0, None, node.next, i


# -- the best path -----------------------------------------------------------------------


def best_route(scenario: Scenario, path=None) -> tuple[frozenset[str], frozenset[tuple]]:
    """The nodes the best path passes and the edges it takes, as (node, option id or
    None, edge index). ``path`` is a tuple of analysis Steps (default: the best path of
    ``analysis.score_bounds``). The route is replayed exactly, conditions and draws
    included, so of two edges to the same node the one really taken is marked."""
    from .play import _apply_effects

    if path is None:
        from .analysis import score_bounds

        path = score_bounds(scenario).best_path
    if scenario.start not in scenario.nodes:
        return frozenset(), frozenset()
    nodes: set[str] = {scenario.start}
    taken: set[tuple] = set()

    def go(src, opt, edges, vars_, first=0, forced=None):
        for _ in range(10_000):
            idx = forced
            if idx is None:
                for i in range(first, len(edges)):
                    e = edges[i]
                    if e.cond is not None and not expr.truth(e.cond, vars_):
                        continue
                    if e.chance is not None:
                        return ("draw", src, opt, edges, i, vars_)
                    idx = i
                    break
                if idx is None:
                    return ("stuck",)
            taken.add((src, opt, idx))
            node = scenario.nodes.get(edges[idx].to)
            if node is None:
                return ("stuck",)
            nodes.add(node.id)
            vars_ = _apply_effects(scenario, vars_, node.effects)
            if node.kind != "inject":
                return ("at", node.id, vars_)
            src, opt, edges, first, forced = node.id, None, node.next, 0, None
        return ("stuck",)

    start = scenario.nodes[scenario.start]
    vars_ = _apply_effects(scenario, {n: v.start for n, v in scenario.variables.items()}, start.effects)
    state = go(start.id, None, start.next, vars_) if start.kind == "inject" else ("at", start.id, vars_)
    for step in path:
        if step.draw is not None and state[0] == "draw":
            _, src, opt, edges, i, vars_ = state
            state = (
                go(src, opt, edges, vars_, forced=i) if step.draw[1] else go(src, opt, edges, vars_, i + 1)
            )
        elif step.choices and state[0] == "at":
            node = scenario.nodes[state[1]]
            vars_ = state[2]
            answers = {c.role: c.option for c in step.choices}
            for q in node.questions:
                o = q.option(answers.get(q.role, ""))
                if o is not None:
                    vars_ = _apply_effects(scenario, vars_, o.effects)
            if len(node.questions) == 1:
                o = node.questions[0].option(answers.get(node.questions[0].role, ""))
                opt, edges = (o.id, o.next or node.next) if o is not None else (None, node.next)
            else:
                opt, edges = None, node.next
            state = go(node.id, opt, edges, vars_)
        else:
            break
    return frozenset(nodes), frozenset(taken)


# -- the graph, independent of syntax ----------------------------------------------------


def build(scenario: Scenario, lang: str, catalog: Catalog | None = None, path=None) -> Graph:
    """The nodes and edges to draw, labelled in ``lang``, with the best path marked."""
    best_nodes, best_edges = best_route(scenario, path)
    nodes = tuple(
        GraphNode(
            n.id,
            n.kind,
            node_lines(scenario, n, lang, catalog),
            n.outcome if n.kind == "ending" else None,
            n.id in best_nodes,
        )
        for n in scenario.nodes.values()
    ) + tuple(
        # deadlines stand apart: they fire on the clock, wherever the story is
        GraphNode(
            f"deadline:{d.id}",
            "deadline",
            (
                short(pick(LABELS, "deadline", lang, at=_duration(d.at)), NODE_COLS),
                short(d.title.get(lang), NODE_COLS),
                *((short(pick(LABELS, "unless", lang, cond=d.unless), NODE_COLS),) if d.unless else ()),
            ),
        )
        for d in scenario.deadlines
    )
    edges = []
    for n in scenario.nodes.values():
        for k, o, lst, i in _out_edges(n):
            label = []
            if o is not None:
                label.append(short(f"{k}. {o.text.get(lang) or o.id}", EDGE_COLS))
                label.extend(option_notes(o, lang))
            note = _edge_note(lst, i, lang)
            if note:
                label.append(note)
            key = (n.id, o.id if o is not None else None, i)
            edges.append(GraphEdge(n.id, lst[i].to, tuple(label), key in best_edges))
    return Graph(short(scenario.title.get(lang), 60), nodes, tuple(edges))


def _duration(minutes: int) -> str:
    d, rest = divmod(minutes, 1440)
    h, m = divmod(rest, 60)
    return "".join(f"{v}{u}" for v, u in ((d, "d"), (h, "h"), (m, "m")) if v) or "0m"


# -- Mermaid -----------------------------------------------------------------------------

# Inside a quoted Mermaid label, "#code;" is an entity: every character that could end
# the label, start an entity, a comment or markup is written as one.
_MERMAID_ESCAPE = {c: f"#{ord(c)};" for c in '"#&<>`|%\\{}[]()'}


def mermaid_text(s: str) -> str:
    return "".join(_MERMAID_ESCAPE.get(c, c) for c in s)


def _mermaid_label(lines: Sequence[str]) -> str:
    return '"' + "<br/>".join(mermaid_text(line) for line in lines) + '"'


_MERMAID_SHAPES = {
    "inject": ("[", "]"),
    "decision": ("{{", "}}"),
    "ending": ("([", "])"),
    "deadline": (">", "]"),
}


def to_mermaid(scenario: Scenario, lang: str, catalog: Catalog | None = None, path=None) -> str:
    """The scenario as a Mermaid flowchart."""
    g = build(scenario, lang, catalog, path)
    ids = {n.id: f"n{i}" for i, n in enumerate(g.nodes)}
    # the title in the front matter, as a JSON string (a YAML double-quoted scalar)
    out = ["---", f"title: {to_json(g.title)}", "---", "flowchart TD"]
    for n in g.nodes:
        a, b = _MERMAID_SHAPES.get(n.kind, ("[", "]"))
        out.append(f"    {ids[n.id]}{a}{_mermaid_label(n.lines)}{b}")
    best_links = []
    count = 0
    for e in g.edges:
        if e.src not in ids or e.dst not in ids:
            continue
        arrow = "==>" if e.best else "-->"
        text = f"|{_mermaid_label(e.label)}|" if e.label else ""
        out.append(f"    {ids[e.src]} {arrow}{text} {ids[e.dst]}")
        if e.best:
            best_links.append(str(count))
        count += 1
    for cls in ("inject", "decision", "good", "mixed", "bad", "deadline"):
        fill, stroke = COLOURS[cls]
        out.append(f"    classDef {cls} fill:{fill},stroke:{stroke},color:#222")
    out.append(f"    classDef best stroke:{BEST},stroke-width:4px")
    groups: dict[str, list[str]] = {}
    for n in g.nodes:
        cls = n.outcome if n.kind == "ending" and n.outcome in COLOURS else n.kind
        if cls in COLOURS:
            groups.setdefault(cls, []).append(ids[n.id])
    for cls, members in groups.items():
        out.append(f"    class {','.join(members)} {cls}")
    best = [ids[n.id] for n in g.nodes if n.best]
    if best:
        out.append(f"    class {','.join(best)} best")
    if best_links:
        out.append(f"    linkStyle {','.join(best_links)} stroke:{BEST},stroke-width:3px")
    return "\n".join(out) + "\n"


# -- Graphviz DOT ------------------------------------------------------------------------


def dot_string(s: str) -> str:
    """A DOT quoted string. Backslashes are doubled (``\\n``, ``\\N``... are label
    escapes in Graphviz) and quotes escaped; line breaks never occur in ``s``."""
    s = s.replace("\\", "\\\\").replace('"', '\\"')
    s = re.sub(r"[\r\n]+", " ", s)
    return f'"{s}"'


def _dot_label(lines: Sequence[str]) -> str:
    # each line escaped on its own, then joined with the \n label escape
    return '"' + "\\n".join(dot_string(line)[1:-1] for line in lines) + '"'


_DOT_SHAPES = {
    "inject": 'shape=box, style="rounded,filled"',
    "decision": 'shape=hexagon, style="filled"',
    "ending": 'shape=box, style="rounded,filled", peripheries=2',
    "deadline": 'shape=note, style="filled"',
}


def to_dot(scenario: Scenario, lang: str, catalog: Catalog | None = None, path=None) -> str:
    """The scenario as a Graphviz digraph (``dot -Tsvg`` draws it)."""
    g = build(scenario, lang, catalog, path)
    out = [
        f"digraph {dot_string(scenario.id)} {{",
        f'    graph [label={dot_string(g.title)}, labelloc=t, fontname="sans-serif", rankdir=TB];',
        '    node [fontname="sans-serif", fontsize=10];',
        '    edge [fontname="sans-serif", fontsize=9];',
    ]
    for n in g.nodes:
        cls = n.outcome if n.kind == "ending" and n.outcome in COLOURS else n.kind
        fill, stroke = COLOURS.get(cls, ("#ffffff", "#444444"))
        attrs_ = [_DOT_SHAPES.get(n.kind, "shape=box"), f'fillcolor="{fill}"']
        if n.best:
            attrs_.append(f'color="{BEST}", penwidth=3')
        else:
            attrs_.append(f'color="{stroke}"')
        attrs_.append(f"label={_dot_label(n.lines)}")
        out.append(f"    {dot_string(n.id)} [{', '.join(attrs_)}];")
    known = {n.id for n in g.nodes}
    for e in g.edges:
        if e.src not in known or e.dst not in known:
            continue
        attrs_ = []
        if e.label:
            attrs_.append(f"label={_dot_label(e.label)}")
        if e.best:
            attrs_.append(f'color="{BEST}", fontcolor="{BEST}", penwidth=3')
        tail = f" [{', '.join(attrs_)}]" if attrs_ else ""
        out.append(f"    {dot_string(e.src)} -> {dot_string(e.dst)}{tail};")
    out.append("}")
    return "\n".join(out) + "\n"


# -- outline -----------------------------------------------------------------------------


def outline(scenario: Scenario, lang: str, catalog: Catalog | None = None) -> list[tuple[int, str, str]]:
    """The graph as a depth-first tree from the start: (depth, node id, label) rows.

    Each node is listed once, under the first node that leads to it; later references
    are rows labelled "→ id (see above)". A row's label begins with the options that
    lead to it ("[1, 3] ...") when they come from a one-question decision. Nodes that
    cannot be reached from the start follow as further roots."""
    rows: list[tuple[int, str, str]] = []
    seen: set[str] = set()

    def label(node: Node) -> str:
        lines = node_lines(scenario, node, lang, catalog)
        return " — ".join(line for line in lines if line)

    def children(node: Node) -> list[tuple[str, str]]:
        """(target, via) in drawing order, one per target."""
        order: dict[str, list[str]] = {}
        for k, o, lst, i in _out_edges(node):
            vias = order.setdefault(lst[i].to, [])
            if o is not None and str(k) not in vias:
                vias.append(str(k))
        return [(t, f"[{', '.join(v)}] " if v else "") for t, v in order.items()]

    def walk(root: str, depth0: int, prefix: str = "") -> None:
        stack = [(root, depth0, prefix)]
        while stack:
            nid, depth, via = stack.pop()
            node = scenario.nodes.get(nid)
            if node is None:
                continue
            if nid in seen:
                rows.append((depth, nid, via + pick(LABELS, "see_above", lang, id=nid)))
                continue
            seen.add(nid)
            rows.append((depth, nid, via + label(node)))
            stack.extend((t, depth + 1, v) for t, v in reversed(children(node)))

    if scenario.start in scenario.nodes:
        walk(scenario.start, 0)
    for nid in scenario.nodes:
        if nid not in seen:
            walk(nid, 0)
    return rows
