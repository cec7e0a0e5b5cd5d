"""Debriefs as documents: one outline of blocks, rendered as plain text, Markdown or HTML,
and the same facts as JSON-ready data. Scenario text is always escaped for the target
format, so that brackets, asterisks or angle brackets in it stay text."""

from __future__ import annotations

import re

from .blocks import LABELS, Block, bar, clock_label, clock_text, label, share_text  # noqa: F401 (used by the shells)
from .model import Catalog
from .play import fragments
from .scoring import Debriefing
from .text import clean, width


def _aar(ev):
    """engine.aar when there is an evaluation to report (a facilitated drill), else None:
    its sections and SVG charts are a megabyte of code that a solo debrief never runs."""
    if ev is None:
        return None
    from . import aar

    return aar


def _document(render):
    """A renderer whose document is clean: whatever a scenario, a role, a practice, a
    session name or a note holds, no escape sequence or control character reaches the
    file or the terminal it is written to (each renderer also escapes for its format)."""
    import functools

    @functools.wraps(render)
    def wrapper(*args, **kw) -> str:
        return clean(render(*args, **kw))

    return wrapper


# -- the outline -------------------------------------------------------------------------


def outline(db: Debriefing, catalog: Catalog, lang: str, ev=None) -> list[Block]:
    """The document's blocks. ``ev``, an Evaluation (engine.evaluation) of a facilitated
    drill, makes it the after-action report: an overview first, ratings and observations
    with the objectives, and the sections of engine.aar after the debrief's own."""
    sc = db.scenario
    aar = _aar(ev)
    ev = ev if aar is not None and aar.shown(ev) else None
    # no option scores (an imported exercise): no best path or better option to show, the
    # objectives say how the team did
    unscored = sc.evaluated_by_objectives and not db.adjustments
    title = aar.word("aar", lang) if ev else label("debrief", lang)
    out: list[Block] = [Block("title", f"{title}: {sc.title.get(lang)}")]
    if ev:
        out += aar.overview(ev, catalog, lang)
    if db.ending:
        end = sc.nodes[db.ending]
        title = end.title.get(lang) if end.title else db.ending
        out.append(
            Block(
                "heading",
                f"{label('ending', lang)}: {title} ({label('outcome_' + (db.outcome or 'mixed'), lang)})",
            )
        )
        if end.text:
            out.append(Block("para", end.text.get(lang)))
        for part in fragments(end, db.state):  # the team's own path, told by the final state
            out.append(Block("para", part.get(lang)))
    else:
        out.append(Block("heading", label("abandoned", lang)))
    if db.best > 0 and db.adjustments:  # the share is of the answers' points alone
        score = label(
            "of_best_adjusted",
            lang,
            score=db.score,
            earned=db.earned,
            best=db.best,
            share=share_text(db.share),
            adjusted=db.adjusted,
        )
    elif db.best > 0:
        score = label("of_best", lang, score=db.score, best=db.best, share=share_text(db.share))
    elif unscored:
        score = label("by_objectives", lang)
    else:
        score = label("no_best", lang, score=db.score)
    out.append(Block("para", f"{label('score', lang)}: {score}"))
    small = [] if unscored else [label("range", lang, worst=db.worst, best=db.best)]
    if db.meters:
        parts = [
            f"{v.label.get(lang) if v.label else v.name} {val}"
            for v, val in ((sc.variables[n], x) for n, x in db.meters)
        ]
        small.append(f"{label('meters', lang)}: " + " / ".join(parts))
    small.append(f"{label('clock', lang)}: {clock_text(db.state.clock, lang)}")
    if sc.attack:
        small.append(f"{label('attack', lang)}: {', '.join(sc.attack)}")
    out += [Block("small", t) for t in small]
    out += aar.objectives(ev, _objectives(db, catalog, lang), lang) if ev else _objectives(db, catalog, lang)
    if db.state.deadlines:
        due = {d.id: d for d in sc.deadlines}
        out.append(Block("heading", label("deadlines", lang)))
        for did, fired, _passed in db.state.deadlines:
            key = "dl_missed" if fired else "dl_met"
            # the time it fell due, not the time the clock jumped past it
            when = clock_label(sc.clock_start, due[did].at, lang)
            out.append(Block("small", label(key, lang, clock=when, title=due[did].title.get(lang))))
    for head, bars, name in (
        ("by_function", db.categories, lambda k: label(k, lang)),
        ("by_role", db.roles, lambda k: sc.role_name(catalog, k, lang)),
    ):
        if bars:
            out.append(Block("heading", label(head, lang)))
            if ev and head == "by_function":
                out.append(Block("chart", rows=(aar.svg_functions(ev, lang),)))
            out.append(Block("bars", rows=tuple((name(b.key), b.earned, b.best) for b in bars)))
    if db.practices or not unscored:
        out.append(Block("heading", label("practices", lang)))
    order = {"broken": 0, "missed": 1, "followed": 2, "kept": 3}
    for pr in sorted(db.practices, key=lambda r: (order[r.status], not r.lesson)):
        p = pr.practice
        mark = {"followed": "+", "broken": "-", "missed": "?", "kept": "="}[pr.status]
        tag = f" ({label('lesson', lang)})" if pr.lesson else ""
        src = ", ".join(p.sources + p.references)
        meta = label(p.category, lang) + (f" · {label('source', lang)}: {src}" if src else "")
        out.append(
            Block(
                "practice",
                f"{label(pr.status, lang)}: {p.title.get(lang)}{tag}",
                (mark, p.rationale.get(lang), meta),
            )
        )
    if unscored:
        out += _own_path(db, catalog, lang)
    else:
        out += _better_and_best(db, catalog, lang)
    typed = [c for c in db.taken if c.text]
    if typed:  # every open answer, the best ones too (the review above lists only the others)
        out.append(Block("heading", label("own_words", lang)))
        for c in typed:
            q = sc.nodes[c.node].question(c.role)
            opt = q.option(c.option)
            level = opt.level(c.level) if c.level else None
            rated = (
                f"{label('rated_' + (c.ruled_by or 'self'), lang)}: {level.text.get(lang)}" if level else ""
            )
            out.append(
                Block(
                    "review",
                    f"{q.prompt.get(lang)} ({sc.role_name(catalog, c.role, lang)})",
                    ((f"{label('your_answer', lang)}: {c.text}", rated),),
                )
            )
    if db.state.notes:
        out.append(Block("heading", label("notes", lang)))
        for note in db.state.notes:
            who = sc.role_name(catalog, note.role, lang) if note.role else ""
            out.append(
                Block(
                    "small", f"{note.at[11:16] if len(note.at) >= 16 else note.at} {who}: {note.text}".strip()
                )
            )
    if sc.debrief.what_happened:
        out.append(Block("heading", label("real", lang)))
        out.append(Block("quote", sc.debrief.what_happened.get(lang).strip()))
    if ev:
        out += aar.sections(ev, catalog, lang)
    return out


def _own_path(db: Debriefing, catalog: Catalog, lang: str) -> list[Block]:
    """The answers given, in order, for an exercise where no option scores."""
    sc = db.scenario
    out = [Block("heading", label("your_path", lang))]
    for c in db.taken:
        opt = sc.nodes[c.node].question(c.role).option(c.option)
        out.append(Block("small", f"[{sc.role_name(catalog, c.role, lang)}] {opt.text.get(lang)}"))
    return out


def _better_and_best(db: Debriefing, catalog: Catalog, lang: str) -> list[Block]:
    """The decisions where a better option existed, and the path beside the best path."""
    sc = db.scenario
    out: list[Block] = []
    out.append(Block("heading", label("better", lang)))
    worse = [r for r in db.reviews if r.better_existed]
    if not worse:
        out.append(Block("para", label("none_better", lang)))
    for r in worse:
        out.append(
            Block(
                "review",
                f"{r.prompt.get(lang)} ({sc.role_name(catalog, r.role, lang)})",
                (
                    (
                        f"{label('you_chose', lang)}: {r.chosen_text.get(lang)} [{r.chosen_weight:+d}]",
                        "\n".join(
                            x for x in (_ruling(r, lang), r.feedback.get(lang) if r.feedback else "") if x
                        ),
                    ),
                    (
                        f"{label('best_was', lang)}: {r.best_text.get(lang)} [{r.best_weight:+d}]",
                        r.best_feedback.get(lang) if r.best_feedback else "",
                    ),
                ),
            )
        )
    out.append(Block("heading", label("path", lang)))

    def line(c) -> str:
        opt = sc.nodes[c.node].question(c.role).option(c.option)
        level = opt.level(c.level) if c.level else None
        rated = (
            f" · {label('rated_' + (c.ruled_by or 'self'), lang)}: {level.text.get(lang)}" if level else ""
        )
        return f"[{sc.role_name(catalog, c.role, lang)}] {opt.text.get(lang)} ({c.gain:+d}){rated}"

    best_choices = [c for step in db.best_path for c in step.choices]
    out.append(
        Block(
            "path",
            rows=((label("yours", lang), label("bestp", lang)), *_aligned(db.taken, best_choices, line)),
        )
    )
    return out


def _aligned(taken, best, line) -> tuple:
    """Rows of (your decision number, your answer, the best path's answer), paired by the
    question (node and role), not by position: once the paths part, a question only one
    path met has a row of its own with the other side empty."""
    import difflib

    mine = [(c.node, c.role) for c in taken]
    theirs = [(c.node, c.role) for c in best]
    rows: list = []
    m = difflib.SequenceMatcher(None, mine, theirs, autojunk=False)
    for op, i1, i2, j1, j2 in m.get_opcodes():
        if op == "equal":
            rows += [
                (i + 1, line(taken[i]), line(best[j]))
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            ]
            continue
        rows += [(i + 1, line(taken[i]), "") for i in range(i1, i2)]
        rows += [("", "", line(best[j])) for j in range(j1, j2)]
    return tuple(rows)


def _ruling(r, lang: str) -> str:
    """How a ruled answer was scored, marked as the player's own rating or a ruling."""
    parts = []
    if r.answer:
        parts.append(f"{label('your_answer', lang)}: {r.answer}")
    if r.level is not None:
        parts.append(f"{label('rated_' + (r.ruled_by or 'self'), lang)}: {r.level.get(lang)}")
    return "\n".join(parts)


def _objectives(db: Debriefing, catalog: Catalog, lang: str) -> list[Block]:
    """The results grouped by objective: met, partly or not, each task with its evidence."""
    if not db.objectives:
        return []
    sc = db.scenario
    out = [Block("heading", label("objectives", lang))]
    for ob in db.objectives:
        rows = []
        for tr in ob.tasks:
            if tr.unrated:
                head = f"[?] {tr.task.text.get(lang)} ({label('not_rated', lang)})"
            else:
                mark = "+" if tr.performed else "-"
                verdict = label("performed" if tr.performed else "not_performed", lang)
                if tr.rating:
                    key = "task_self_rated" if tr.rated_by == "self" else "task_rated"
                    verdict += ", " + label(key, lang, rating=tr.rating)
                head = f"[{mark}] {tr.task.text.get(lang)} ({verdict})"
            evidence = []
            for node, role, option, clock in tr.answers:
                text = sc.nodes[node].question(role).option(option).text.get(lang)
                evidence.append(
                    label("ev_answer", lang, clock=clock_label(sc.clock_start, clock, lang), option=text)
                )
            for node, role, option, clock in tr.late:
                text = sc.nodes[node].question(role).option(option).text.get(lang)
                evidence.append(
                    label(
                        "ev_late",
                        lang,
                        clock=clock_label(sc.clock_start, clock, lang),
                        by=clock_label(sc.clock_start, tr.task.by or 0, lang),
                        option=text,
                    )
                )
            if tr.flags:
                flags = ", ".join(f"{n}={str(v).lower() if isinstance(v, bool) else v}" for n, v in tr.flags)
                evidence.append(label("ev_state", lang, flags=flags))
            if tr.practices:
                items = ", ".join(
                    f"{catalog.practices[pid].title.get(lang) if pid in catalog.practices else pid} {v:+d}"
                    for pid, v in tr.practices
                )
                evidence.append(label("ev_practices", lang, items=items))
            rows.append((head, "\n".join(evidence)))
        out.append(Block("review", f"{ob.objective.title.get(lang)}: {label(ob.status, lang)}", tuple(rows)))
    return out


# -- renderers ---------------------------------------------------------------------------


@_document
def render_text(db: Debriefing, catalog: Catalog, lang: str, ev=None) -> str:
    out: list[str] = []
    w = out.append
    for b in outline(db, catalog, lang, ev):
        if b.kind == "title":
            w(f"== {b.text} ==")
        elif b.kind == "table":
            for r in b.rows:
                w("  " + " | ".join(str(x).replace("\n", " / ") for x in r))
        elif b.kind in ("heading", "section"):
            w("")
            w(b.text)
        elif b.kind in ("para", "quote"):
            w("  " + b.text.replace("\n", "\n  "))
        elif b.kind == "small":
            w("  " + b.text)
        elif b.kind == "bars":
            col = max(width(name) for name, _, _ in b.rows)
            for name, earned, best in b.rows:
                w(f"  {name}{' ' * (col - width(name))}  [{bar(earned, best)}] {earned} / {best}")
        elif b.kind == "practice":
            mark, rationale, meta = b.rows
            w(f"  [{mark}] {b.text}")
            w(f"      {rationale}")
            w(f"      {meta}")
        elif b.kind == "review":
            w(f"  - {b.text}")
            for head, why in b.rows:
                w(f"     {head}")
                if why:  # several lines of evidence: each under the one before
                    w("       " + why.replace("\n", "\n       "))
        elif b.kind == "path":
            (you, best), *rows = b.rows
            for head, col in ((you, 1), (best, 2)):
                w(f"  {head}:")
                n = 0
                for r in rows:
                    if r[col]:
                        n += 1
                        w(f"   {n:>2}. {r[col]}")
    return "\n".join(out) + "\n"


# What Markdown reads as syntax anywhere in a line: emphasis, code, links and images (the
# brackets; "(" and "!" mean nothing without them), raw HTML and autolinks, table cells,
# strikethrough, and entities ("&amp;" would become "&"). Parentheses, "-5" or "+2" in the
# middle of a sentence stay as they are, so that the file reads well as text too.
# an underscore between two letters or digits (a flag name such as logs_kept) is no
# emphasis in CommonMark, and a ']' is literal once every '[' is escaped: neither needs one
_MD_INLINE = re.compile(r"([\\`*\[<|~]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z]))")
_MD_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# ... and at the start of a line only: headings, quotes, list items, thematic breaks, setext
# underlines, indented code (leading spaces are kept as a non-breaking space)
_MD_LINE_START = re.compile(r"^([#>+=-])")
_MD_ORDERED = re.compile(r"^(\d{1,9})([.)])")


def md_escape(s: str) -> str:
    """Scenario text as literal Markdown: only what Markdown would read as syntax is
    escaped, and line breaks become hard breaks."""
    lines = []
    # every line break clean() would make one (CR, CR LF, the Unicode separators) is split
    # here, so that no line it starts escapes the start-of-line escaping
    for line in clean(s).split("\n"):
        line = _MD_ENTITY.sub("&amp;", _MD_INLINE.sub(r"\\\1", line))
        stripped = line.lstrip(" \t")
        if len(stripped) != len(line):  # indentation would make a code block
            line = "\u00a0" * (len(line) - len(stripped)) + stripped
        line = _MD_ORDERED.sub(r"\1\\\2", _MD_LINE_START.sub(r"\\\1", line))
        lines.append(line)
    return "  \n".join(lines)


@_document
def render_markdown(db: Debriefing, catalog: Catalog, lang: str, ev=None) -> str:
    e = md_escape
    out: list[str] = []
    w = out.append
    for b in outline(db, catalog, lang, ev):
        if b.kind == "title":
            w(f"# {e(b.text)}\n")
        elif b.kind == "table":
            head, *rows = b.rows
            w("")
            w("| " + " | ".join(e(x) for x in head) + " |\n|" + "---|" * len(head))
            for r in rows:  # a line break inside a cell would end the row: cleaned first, so
                # that a CR or a line separator is one too, then written as " / "
                w("| " + " | ".join(e(clean(str(x))).replace("  \n", " / ") or " " for x in r) + " |")
            w("")
        elif b.kind in ("heading", "section"):
            w(f"\n## {e(b.text)}\n")  # a blank line first: never run on from a list
        elif b.kind == "para":
            w(e(b.text) + "\n")
        elif b.kind == "small":
            w(f"- {e(b.text)}")
        elif b.kind == "quote":
            w("> " + e(b.text).replace("\n", "\n> ") + "\n")
        elif b.kind == "bars":
            w("")
            w("| | | |\n|---|---|---:|")
            for name, earned, best in b.rows:
                w(f"| {e(name)} | `{bar(earned, best)}` | {earned} / {best} |")
            w("")
        elif b.kind == "practice":
            mark, rationale, meta = b.rows
            w(f"- **{e(b.text)}**  \n  {e(rationale)}  \n  *{e(meta)}*")
        elif b.kind == "review":
            w(f"1. **{e(b.text)}**")
            for head, why in b.rows:
                lines = "".join(f"  \n     {e(x)}" for x in why.split("\n")) if why else ""
                w(f"   - {e(head)}" + lines)
        elif b.kind == "path":
            (you, best), *rows = b.rows
            w("")
            w(f"| # | {e(you)} | {e(best)} |\n|---:|---|---|")
            for i, a, c in rows:
                w(f"| {i} | {e(a)} | {e(c)} |")
            w("")
    text = "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


_CSS = """body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
line-height:1.5;color:#1d1d1f;background:#fff}h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;
border-bottom:1px solid #ccc}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;
padding:.25rem .5rem;vertical-align:top;text-align:left}.bar{font-family:monospace}
.m-broken{color:#a40000}.m-followed{color:#006400}blockquote{border-left:4px solid #999;margin:0;
padding:.5rem 1rem;background:#f4f4f4}.small{color:#555}
@media (prefers-color-scheme: dark){body{color:#eee;background:#161616}blockquote{background:#222}
.small{color:#aaa}.m-broken{color:#ff8080}.m-followed{color:#7fd67f}}"""


# the after-action report's additions: printable (a section starts a page, tables and
# charts are not split, colours print) and the SVG charts' look; no fonts are fetched, the
# system's own (with Japanese glyphs) are used
_CSS_AAR = """
h2.section{margin-top:3rem}figure.chart{margin:1rem 0}svg.chart{width:100%;height:auto;
font-family:system-ui,sans-serif}svg .t{font-size:13px;font-weight:bold;fill:currentColor}
svg .l{font-size:12px;fill:currentColor}svg .n{font-size:10px;fill:currentColor;text-anchor:middle}
svg .axis{stroke:#999;stroke-width:1}svg .pause{fill:#ddd}svg .best{fill:#e8e8e8;stroke:#999}
svg .earned{fill:#2f6f9f}svg circle{fill:#2f6f9f}svg .k-observation{fill:#b85c00}
svg .k-answer{fill:#006400}svg .k-adjustment,svg .k-override,svg .k-pause{fill:#a40000}
table.grid td,table.grid th{font-size:.9rem}table.timeline td:nth-child(-n+3),table.timeline th{white-space:nowrap}
table.plan td:nth-child(1){width:40%}table.plan td:nth-child(2){width:34%}
table.plan td:nth-child(4),table.plan th{white-space:nowrap}
@media print{body{max-width:none;margin:0;color:#000;background:#fff;font-size:10.5pt}
h2.section{break-before:page;margin-top:0}tr,figure,li,p{break-inside:avoid}
h2{break-after:avoid}
a{color:#000}*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
@page{size:A4;margin:16mm 14mm}"""


@_document
def render_html(db: Debriefing, catalog: Catalog, lang: str, ev=None) -> str:
    # imported here: the html module loads its table of entities (0.4 MiB), which only this
    # export needs, not the debrief on the screen
    import html

    def e(s: str) -> str:
        return html.escape(s).replace("\n", "<br>")

    blocks = outline(db, catalog, lang, ev)
    out = [
        "<!doctype html>",
        f'<html lang="{e(lang)}"><head><meta charset="utf-8">',
        f"<title>{e(blocks[0].text)}</title><style>{_CSS}{_CSS_AAR if ev else ''}</style></head><body>",
    ]
    w = out.append
    status_class = {"+": "m-followed", "-": "m-broken", "?": "m-missed", "=": "m-kept"}
    listing = False
    charted = False
    for b in blocks:
        charted, was_charted = b.kind == "chart" and bool(b.rows[0]), charted
        if listing and b.kind not in ("small",):
            w("</ul>")
            listing = False
        if b.kind == "title":
            w(f"<h1>{e(b.text)}</h1>")
        elif b.kind == "heading":
            w(f"<h2>{e(b.text)}</h2>")
        elif b.kind == "section":
            w(f'<h2 class="section">{e(b.text)}</h2>')
        elif b.kind == "chart":
            if b.rows[0]:  # an SVG built with every text escaped (engine.aar)
                w(f'<figure class="chart">{b.rows[0]}</figure>')
        elif b.kind == "table":
            head, *rows = b.rows
            w(
                f'<table class="grid {e(b.text)}"><thead><tr>'
                + "".join(f"<th>{e(x)}</th>" for x in head)
                + "</tr></thead>"  # repeated on each printed page
            )
            for r in rows:
                w("<tr>" + "".join(f"<td>{e(str(x))}</td>" for x in r) + "</tr>")
            w("</table>")
        elif b.kind == "para":
            w(f"<p>{e(b.text)}</p>")
        elif b.kind == "small":
            if not listing:
                w('<ul class="small">')
                listing = True
            w(f"<li>{e(b.text)}</li>")
        elif b.kind == "quote":
            w(f"<blockquote>{e(b.text)}</blockquote>")
        elif b.kind == "bars" and was_charted:
            pass  # the chart above says the same, with the numbers
        elif b.kind == "bars":
            w("<table>")
            for name, earned, best in b.rows:
                pct = 0 if best <= 0 else max(0, min(100, round(100 * earned / best)))
                w(
                    f'<tr><td>{e(name)}</td><td><meter min="0" max="100" value="{pct}">{pct}%</meter> '
                    f'<span class="bar">{bar(earned, best)}</span></td><td>{earned} / {best}</td></tr>'
                )
            w("</table>")
        elif b.kind == "practice":
            mark, rationale, meta = b.rows
            w(
                f'<p><strong class="{status_class[mark]}">[{e(mark)}] {e(b.text)}</strong><br>'
                f'{e(rationale)}<br><span class="small">{e(meta)}</span></p>'
            )
        elif b.kind == "review":
            w(f"<p><strong>{e(b.text)}</strong></p><ul>")
            for head, why in b.rows:
                lines = "<br>".join(e(x) for x in why.split("\n")) if why else ""
                w(f"<li>{e(head)}" + (f"<br><span class='small'>{lines}</span>" if why else "") + "</li>")
            w("</ul>")
        elif b.kind == "path":
            (you, best), *rows = b.rows
            w(f"<table><tr><th>#</th><th>{e(you)}</th><th>{e(best)}</th></tr>")
            for i, a, c in rows:
                w(f"<tr><td>{i}</td><td>{e(a)}</td><td>{e(c)}</td></tr>")
            w("</table>")
    if listing:
        w("</ul>")
    w("</body></html>")
    return "\n".join(out) + "\n"


def report_data(db: Debriefing, catalog: Catalog, lang: str) -> dict:
    """The debrief as JSON-ready data. ``decisions`` is the ordered list of answers."""
    sc = db.scenario
    due_at = {d.id: d.at for d in sc.deadlines}  # minutes after the start, when each fell due
    best_choices = [c for step in db.best_path for c in step.choices]
    return {
        "scenario": sc.id,
        "title": sc.title.get(lang),
        "lang": lang,
        "ending": db.ending,
        "outcome": db.outcome,
        "score": db.score,
        "best": db.best,
        "worst": db.worst,
        "share": db.share,
        "clock_minutes": db.state.clock,
        "meters": dict(db.meters),
        "decisions": [
            {"node": c.node, "role": c.role, "option": c.option, "at": c.at, "clock": c.clock, "gain": c.gain}
            | ({"level": c.level, "ruled_by": c.ruled_by} if c.level else {})
            | ({"answer": c.text} if c.text else {})
            for c in db.taken
        ],
        "objectives": [
            {
                "id": ob.objective.id,
                "title": ob.objective.title.get(lang),
                "status": ob.status,
                "tasks": [
                    {
                        "id": tr.task.id,
                        "text": tr.task.text.get(lang),
                        "performed": tr.performed,
                        "rated": tr.task.rated,
                        "rating": tr.rating,
                        "rated_by": tr.rated_by,
                        **({"at": tr.task.at} if tr.task.at else {}),
                        "answers": [
                            {"node": n, "role": r, "option": o, "clock": c, "in_time": True}
                            for n, r, o, c in tr.answers
                        ]
                        + [
                            {"node": n, "role": r, "option": o, "clock": c, "in_time": False}
                            for n, r, o, c in tr.late
                        ],
                        "state": dict(tr.flags),
                        "practices": dict(tr.practices),
                    }
                    for tr in ob.tasks
                ],
            }
            for ob in db.objectives
        ],
        "deadlines": [
            {"id": d, "missed": fired, "due": due_at[d], "clock": at} for d, fired, at in db.state.deadlines
        ],
        "best_path": [{"node": c.node, "role": c.role, "option": c.option} for c in best_choices],
        "by_function": [{"function": b.key, "earned": b.earned, "best": b.best} for b in db.categories],
        "by_role": [{"role": b.key, "earned": b.earned, "best": b.best} for b in db.roles],
        "practices": [
            {
                "id": r.practice.id,
                "title": r.practice.title.get(lang),
                "status": r.status,
                "earned": r.earned,
                "lesson": r.lesson,
                "category": r.practice.category,
                "sources": list(r.practice.sources),
                "references": list(r.practice.references),
                "rationale": r.practice.rationale.get(lang),
            }
            for r in db.practices
        ],
        "better_options": [
            {
                "node": r.node,
                "role": r.role,
                "chosen": r.chosen,
                "chosen_weight": r.chosen_weight,
                "best": list(r.best),
                "best_weight": r.best_weight,
            }
            for r in db.reviews
            if r.better_existed
        ],
        "notes": [{"text": n.text, "role": n.role, "node": n.node, "at": n.at} for n in db.state.notes],
        "what_happened": sc.debrief.what_happened.get(lang) if sc.debrief.what_happened else None,
        "attack": list(sc.attack),
    }


CSV_COLUMNS = (
    "n", "at", "clock", "node", "role", "role_name", "option", "option_text", "points", "first",
    "best_points", "best_options", "level", "rated_by", "objectives",
)  # fmt: skip


def render_csv(db: Debriefing, catalog: Catalog, lang: str) -> str:
    """One row per answer, in order: for spreadsheets and after-action tooling."""
    from .encode import to_csv

    sc = db.scenario
    best = {(r.node, r.role): r for r in db.reviews}
    shows: dict = {}  # (node, role, option) -> the objectives whose tasks it shows
    for ob in db.objectives:
        for tr in ob.tasks:
            for node, role, option, _ in tr.answers:
                shows.setdefault((node, role, option), []).append(ob.objective.id)
    rows: list[list] = [list(CSV_COLUMNS)]
    for i, c in enumerate(db.taken, 1):
        q = sc.nodes[c.node].question(c.role)
        r = best.get((c.node, c.role))
        rows.append(
            [
                i,
                c.at,
                clock_label(sc.clock_start, c.clock, lang),
                c.node,
                c.role,
                sc.role_name(catalog, c.role, lang),
                c.option,
                q.option(c.option).text.get(lang),
                c.gain,
                "yes" if c.first else "no",
                r.best_weight if r else "",
                " ".join(r.best) if r else "",
                c.level,
                c.ruled_by,
                " ".join(dict.fromkeys(shows.get((c.node, c.role, c.option), []))) if c.first else "",
            ]
        )
    return to_csv(rows)


def render(db: Debriefing, catalog: Catalog, lang: str, fmt: str, ev=None) -> str:
    """The report in ``fmt``. With ``ev``, the Evaluation of a facilitated drill: the
    after-action report (md, html, text), the MSEL as delivered (csv), and the debrief's
    data with the evaluation under ``evaluation`` (json)."""
    from .encode import to_json

    aar = _aar(ev)
    ev = ev if aar is not None and aar.shown(ev) else None
    if fmt == "csv":
        return aar.render_msel(ev, catalog, lang) if ev else render_csv(db, catalog, lang)
    if fmt == "json":
        data = report_data(db, catalog, lang)
        if ev:
            data["evaluation"] = aar.evaluation_data(ev, catalog, lang)
        return to_json(data, indent=2) + "\n"
    return {"md": render_markdown, "html": render_html, "text": render_text}[fmt](db, catalog, lang, ev)
