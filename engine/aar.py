"""The after-action report and improvement plan of a facilitated drill: the sections the
debrief (engine.report) gains when an Evaluation (engine.evaluation) has something to
show, the MSEL as delivered (one CSV row per inject or decision), the evaluation as
JSON-ready data, and the two inline SVG charts of the HTML report (the timeline, the score
by CSF function). Pure: data in, text out; every text is escaped by the renderer of its
format (engine.report), and in the SVG here."""

from __future__ import annotations

import html as _html

import attrs

from .blocks import Block, clock_label, label, rating_word
from .evaluation import Evaluation, Moment
from .model import Catalog
from .stamps import parse
from .text import pick

LABELS = {
    "aar": {"en": "After-action report", "ja": "事後評価報告書"},
    "overview": {"en": "Overview", "ja": "概要"},
    "ov_scenario": {"en": "Scenario: {v}", "ja": "シナリオ: {v}"},
    "ov_date": {"en": "Date: {v}", "ja": "実施日: {v}"},
    "ov_facilitator": {"en": "Facilitator: {v}", "ja": "ファシリテーター: {v}"},
    "ov_participants": {"en": "Participants: {v}", "ja": "参加者: {v}"},
    "ov_roles": {"en": "Roles: {v}", "ja": "役割: {v}"},
    "ov_duration": {
        "en": "Duration: {total} ({paused} paused, {playing} of play)",
        "ja": "所要時間: {total}(うち中断 {paused}、演習 {playing})",
    },
    "ov_unknown": {"en": "unknown", "ja": "不明"},
    "rating": {"en": "rating", "ja": "評定"},
    "by_answers": {"en": "the answers: {verdict}", "ja": "回答から: {verdict}"},
    "ev_observed": {"en": "observed at {at}: {text}", "ja": "{at} の観察: {text}"},
    "ev_obs_rated": {"en": "observed at {at} ({rating}): {text}", "ja": "{at} の観察({rating}): {text}"},
    "strengths": {"en": "Strengths", "ja": "強み"},
    "improve": {"en": "Areas for improvement", "ja": "改善が必要な点"},
    "none_yet": {"en": "None recorded.", "ja": "記録はありません。"},
    "why_rated": {"en": "rated {rating}", "ja": "評定 {rating}"},
    "why_shown": {"en": "shown by the answers", "ja": "回答で確認"},
    "why_not_shown": {"en": "not shown by the answers", "ja": "回答で確認できず"},
    "why_practice": {"en": "good practice {status}", "ja": "グッドプラクティス{status}"},
    "why_deadline": {"en": "deadline missed", "ja": "期限切れ"},
    "timeline": {"en": "Timeline", "ja": "タイムライン"},
    "tl_real": {"en": "Real time", "ja": "実時刻"},
    "tl_clock": {"en": "Scenario time", "ja": "シナリオ時刻"},
    "tl_what": {"en": "What", "ja": "内容"},
    "tl_held": {"en": "(not released)", "ja": "(未配信)"},
    "k_inject": {"en": "inject", "ja": "状況付与"},
    "k_decision": {"en": "decision", "ja": "判断"},
    "k_ending": {"en": "ending", "ja": "結末"},
    "k_deadline": {"en": "deadline", "ja": "期限"},
    "k_adhoc": {"en": "ad-hoc inject", "ja": "臨時の状況付与"},
    "k_answer": {"en": "answer", "ja": "回答"},
    "k_observation": {"en": "observation", "ja": "観察"},
    "k_adjustment": {"en": "adjustment", "ja": "得点調整"},
    "k_override": {"en": "override", "ja": "進行の変更"},
    "k_pause": {"en": "pause", "ja": "中断"},
    "pause_span": {"en": "paused {start} to {end}", "ja": "{start} から {end} まで中断"},
    "still": {"en": "the end", "ja": "終了"},
    "override_to": {"en": "to {to}: {reason}", "ja": "{to} へ: {reason}"},
    "adjustments": {"en": "Score adjustments", "ja": "得点調整"},
    "adj_row": {"en": "{points:+d} {who}: {reason}", "ja": "{points:+d} 点 {who}: {reason}"},
    "lessons": {"en": "Lessons and their cases", "ja": "教訓と出典事例"},
    "hotwash": {"en": "Hotwash", "ja": "ホットウォッシュ(直後の振り返り)"},
    "plan": {"en": "Improvement plan", "ja": "改善計画"},
    "p_issue": {"en": "Issue", "ja": "課題"},
    "p_action": {"en": "Corrective action", "ja": "是正措置"},
    "p_owner": {"en": "Owner", "ja": "担当"},
    "p_due": {"en": "Due", "ja": "期限"},
    "chart_timeline": {"en": "Timeline of the drill (real time)", "ja": "演習のタイムライン(実時刻)"},
    "chart_functions": {"en": "Score by CSF function", "ja": "CSF 機能別の得点"},
    "lane_feed": {"en": "Injects", "ja": "状況付与"},
    "lane_answer": {"en": "Answers", "ja": "回答"},
    "lane_obs": {"en": "Observations", "ja": "観察"},
    "lane_other": {"en": "Rulings", "ja": "裁定・調整"},
}

# MSEL columns as delivered (the names a spreadsheet user reads; English, as the other CSVs)
MSEL_COLUMNS = (
    "n", "kind", "scenario_time", "real_time", "inject", "from", "to", "expected_action",
    "response", "rating", "observation",
)  # fmt: skip


def word(key: str, lang: str, **kw) -> str:
    return pick(LABELS, key, lang, **kw)


def shown(ev: Evaluation) -> bool:
    """Whether the report has facilitated sections: a facilitated session (a solo or
    hot-seat report stays as it was)."""
    return ev.facilitated


def hhmm(stamp: str) -> str:
    t = parse(stamp)
    return t.strftime("%H:%M") if t else ""


def span(seconds: int | None, lang: str) -> str:
    if seconds is None:
        return word("ov_unknown", lang)
    h, rest = divmod(seconds, 3600)
    m = rest // 60
    return f"{h}時間{m}分" if lang == "ja" else f"{h}h{m:02d}m"


# -- the sections ------------------------------------------------------------------------


def overview(ev: Evaluation, catalog: Catalog, lang: str) -> list[Block]:
    sc = ev.debriefing.scenario
    day = parse(ev.started_at)
    rows = [
        word("ov_scenario", lang, v=sc.title.get(lang)),
        word("ov_date", lang, v=day.strftime("%Y-%m-%d") if day else word("ov_unknown", lang)),
        word("ov_roles", lang, v=", ".join(sc.role_name(catalog, r, lang) for r in ev.roles)),
    ]
    if ev.participants:
        rows.append(word("ov_participants", lang, v=", ".join(ev.participants)))
    if ev.facilitator:
        rows.append(word("ov_facilitator", lang, v=ev.facilitator))
    rows.append(
        word(
            "ov_duration",
            lang,
            total=span(ev.duration, lang),
            paused=span(ev.paused, lang),
            playing=span(ev.playing, lang),
        )
    )
    return [Block("heading", word("overview", lang)), *(Block("small", r) for r in rows)]


def objectives(ev: Evaluation, auto: list[Block], lang: str) -> list[Block]:
    """Each objective with its critical tasks: the facilitator's latest rating in words,
    then the evidence: the answers that show it (``auto``: the debrief's objectives
    section, a heading and one block per objective) and every observation against it with
    its time.

    A rated task is performed or not as the facilitator rated it (P, S and M performed, U
    not), whatever the answers showed (engine.scoring): the room's judgement outranks the
    answers, as in ``findings``; the answers' verdict stays beside it."""
    if not ev.objectives:
        return []
    out = [auto[0]]
    for ob, block in zip(ev.objectives, auto[1:], strict=True):
        rows = []
        for te, (head, evidence) in zip(ob.tasks, block.rows, strict=True):
            lines = [evidence] if evidence else []
            lines += [_observed(o, lang) for o in te.observations]
            task = te.task
            if te.rating:
                head = (
                    f"[{'+' if te.automatic.performed else '-'}] {task.text.get(lang)} · {word('rating', lang)} "
                    f"{rating_word(te.rating, lang)}"
                )
                if task.answers or task.cond is not None or task.practices:
                    shown = label("performed" if te.automatic.shown else "not_performed", lang)
                    head += f" ({word('by_answers', lang, verdict=shown)})"
            elif not te.automatic.unrated:
                head = f"{head} · {rating_word('', lang)}"
            rows.append((head, "\n".join(lines)))
        for o in ob.observations:
            rows.append((_observed(o, lang), ""))
        out.append(Block("review", f"{ob.objective.title.get(lang)}: {label(ob.status, lang)}", tuple(rows)))
    return out


def _observed(o, lang: str) -> str:
    if o.rating:
        return word("ev_obs_rated", lang, at=hhmm(o.at), rating=o.rating, text=o.text)
    return word("ev_observed", lang, at=hhmm(o.at), text=o.text)


def findings(ev: Evaluation, catalog: Catalog, lang: str) -> tuple[list[str], list[str]]:
    """Strengths and areas for improvement, derived from the record rather than written:
    a critical task is a strength when the facilitator's latest rating is P, or, unrated,
    when the answers showed it; an area for improvement when rated S, M or U, or, unrated,
    when the answers did not show it (a rating, being the room's judgement, outranks the
    automatic evidence). Good practice followed is a strength; broken or missed is an
    area for improvement, as is a deadline that fired."""
    sc = ev.debriefing.scenario
    good: list[str] = []
    bad: list[str] = []
    for ob in ev.objectives:
        for te in ob.tasks:
            text = f"{te.task.text.get(lang)} ({ob.objective.title.get(lang)})"
            if te.rating:
                (good if te.rating == "P" else bad).append(
                    f"{text}: {word('why_rated', lang, rating=rating_word(te.rating, lang))}"
                )
            elif te.automatic.unrated:
                continue  # waiting for a rating: a gap in the evaluation, not in the response
            elif te.automatic.performed:
                good.append(f"{text}: {word('why_shown', lang)}")
            else:
                bad.append(f"{text}: {word('why_not_shown', lang)}")
    for pr in ev.debriefing.practices:
        status = word("why_practice", lang, status=label(pr.status, lang))
        if pr.status == "followed":
            good.append(f"{pr.practice.title.get(lang)}: {status}")
        elif pr.status in ("broken", "missed"):
            bad.append(f"{pr.practice.title.get(lang)}: {status}")
    due = {d.id: d for d in sc.deadlines}
    for did, fired, _ in ev.debriefing.state.deadlines:
        if fired:
            bad.append(f"{due[did].title.get(lang)}: {word('why_deadline', lang)}")
    return good, bad


def moment_text(ev: Evaluation, catalog: Catalog, m: Moment, lang: str) -> str:
    """What one line of the timeline says (no facilitator notes: the report is shared)."""
    sc = ev.debriefing.scenario
    st = ev.debriefing.state
    if m.kind in ("inject", "ending"):
        node = sc.nodes[m.ref]
        text = (node.title or node.text).get(lang) if (node.title or node.text) else m.ref
    elif m.kind == "decision":
        text = " / ".join(q.prompt.get(lang) for q in sc.nodes[m.ref].questions)
    elif m.kind == "deadline":
        text = next(d.title.get(lang) for d in sc.deadlines if d.id == m.ref)
    elif m.kind == "adhoc":
        a = ev.adhoc[m.index]
        to = ", ".join(sc.role_name(catalog, r, lang) for r in a.roles)
        text = a.text.split("\n")[0] + (f" (→ {to})" if to else "")
    elif m.kind == "answer":
        c = st.choices[m.index]
        opt = sc.nodes[c.node].question(c.role).option(c.option)
        text = f"{sc.role_name(catalog, c.role, lang)}: {opt.text.get(lang)}" + (
            f" ({c.text})" if c.text else ""
        )
    elif m.kind == "observation":
        o = ev.observations[m.index]
        text = (f"[{o.rating}] " if o.rating else "") + o.text
    elif m.kind == "adjustment":
        a = ev.adjustments[m.index]
        text = f"{a.points:+d} {a.reason}"
    elif m.kind == "override":
        o = ev.overrides[m.index]
        text = word("override_to", lang, to=_node_name(sc, o.to, lang), reason=o.reason)
    else:  # pause
        start, end = ev.pauses[m.index]
        text = word("pause_span", lang, start=hhmm(start), end=hhmm(end) or word("still", lang))
    return text.split("\n")[0]  # one line: the table keeps its rows


def _node_name(sc, nid: str, lang: str) -> str:
    node = sc.nodes.get(nid)
    return node.title.get(lang) if node is not None and node.title else nid


SHORT = 90  # characters of an inject's text in the timeline (the MSEL has it whole)


def short(text: str) -> str:
    return text if len(text) <= SHORT else text[: SHORT - 1].rstrip() + "…"


def timeline_rows(ev: Evaluation, catalog: Catalog, lang: str) -> list[tuple[str, str, str, str]]:
    """(real time, scenario time, kind, what) per moment; entries never released are
    marked so."""
    sc = ev.debriefing.scenario
    rows = []
    for m in ev.timeline:
        what = short(moment_text(ev, catalog, m, lang)) + (f" {word('tl_held', lang)}" if m.held else "")
        rows.append((hhmm(m.at), clock_label(sc.clock_start, m.clock, lang), word(f"k_{m.kind}", lang), what))
    return rows


def sections(ev: Evaluation, catalog: Catalog, lang: str) -> list[Block]:
    """The sections after the debrief's own: strengths, areas for improvement, the
    timeline, adjustments, lessons, hotwash and the improvement plan."""
    sc = ev.debriefing.scenario
    out: list[Block] = []
    good, bad = findings(ev, catalog, lang)
    for head, items in (("strengths", good), ("improve", bad)):
        out.append(Block("section" if head == "strengths" else "heading", word(head, lang)))
        out += [Block("small", t) for t in items] or [Block("para", word("none_yet", lang))]
    out.append(Block("section", word("timeline", lang)))
    out.append(Block("chart", rows=(svg_timeline(ev, lang),)))
    out.append(
        Block(
            "table",
            "timeline",
            rows=(
                ("#", word("tl_real", lang), word("tl_clock", lang), word("tl_what", lang)),
                *(
                    (str(i), at, clock, f"{kind}: {what}")
                    for i, (at, clock, kind, what) in enumerate(timeline_rows(ev, catalog, lang), 1)
                ),
            ),
        )
    )
    if ev.adjustments:
        out.append(Block("heading", word("adjustments", lang)))
        for a in ev.adjustments:
            who = sc.role_name(catalog, a.role, lang) if a.role else ""
            out.append(Block("small", word("adj_row", lang, points=a.points, who=who, reason=a.reason)))
    lessons = [pr for pr in ev.debriefing.practices if pr.lesson]
    if lessons:
        out.append(Block("heading", word("lessons", lang)))
        for pr in lessons:
            src = ", ".join(pr.practice.sources + pr.practice.references)
            out.append(
                Block(
                    "small",
                    f"{pr.practice.title.get(lang)}" + (f" ({label('source', lang)}: {src})" if src else ""),
                )
            )
    if ev.hotwash:
        out.append(Block("section", word("hotwash", lang)))
        asked: dict[str, list[str]] = {}
        for h in ev.hotwash:
            asked.setdefault(h.question, []).append(h.text)
        out += [Block("review", q, tuple((a, "") for a in answers)) for q, answers in asked.items()]
    out.append(Block("section", word("plan", lang)))
    out.append(Block("table", "plan", rows=plan_rows(ev, bad, lang)))
    return out


def plan_rows(ev: Evaluation, areas: list[str], lang: str) -> tuple:
    """The plan table: a row per plan item, then every area for improvement no item is
    named after, with its action, owner and due date blank until filled (`tabletop report
    NAME --plan ITEM --action ...`)."""
    head = (word("p_issue", lang), word("p_action", lang), word("p_owner", lang), word("p_due", lang))
    named = {p.item for p in ev.plan}
    rows = [(p.item, p.action, p.owner, p.due) for p in ev.plan]
    rows += [(a, "", "", "") for a in areas if a not in named]
    return (head, *rows) if rows else (head, ("", "", "", ""))


# -- the MSEL as delivered ---------------------------------------------------------------


def msel_rows(ev: Evaluation, catalog: Catalog, lang: str) -> list[list]:
    """One row per inject, ad-hoc inject, decision or ending that reached the room, in the
    order delivered: its times, text, source, audience, the expected action (the critical
    tasks an answer to it shows or that fall due there, and the best option), the response
    recorded, and the facilitator's observations (with their ratings) made while the story
    stood there or against a task due there."""
    db = ev.debriefing
    sc = db.scenario
    st = db.state
    tasks: dict[str, list[str]] = {}
    due: dict[tuple[str, str], str] = {}  # (objective, task) → the node where it falls due
    for ob in sc.objectives:
        for t in ob.tasks:
            for node in dict.fromkeys([*(a[0] for a in t.answers), *([t.at] if t.at else [])]):
                tasks.setdefault(node, []).append(t.text.get(lang))
            if t.at:
                due[(ob.id, t.id)] = t.at
    best = {}
    for r in db.reviews:
        q = sc.nodes[r.node].question(r.role)
        best.setdefault(r.node, []).extend(q.option(o).text.get(lang) for o in r.best if q.option(o))
    rows: list[list] = [list(MSEL_COLUMNS)]
    for m in ev.timeline:
        if m.kind not in ("inject", "decision", "ending", "adhoc") or m.held:
            continue
        if m.kind == "adhoc":
            a = ev.adhoc[m.index]
            roles = a.roles
            source, text, answers, obs = "", a.text, [], []
        else:
            node = sc.nodes[m.ref]
            roles = node.audience or tuple(q.role for q in node.questions)
            source = node.source.get(lang) if node.source else ""
            text = (
                moment_text(ev, catalog, m, lang)
                if m.kind != "inject"
                else (node.text or node.title).get(lang)
            )
            answers = [
                f"{sc.role_name(catalog, c.role, lang)}: {node.question(c.role).option(c.option).text.get(lang)}"
                + (f" ({c.text})" if c.text else "")
                for c in st.choices
                if c.node == node.id
            ]
            # an observation against a task that falls due somewhere goes there, whenever
            # it was made; any other, to the decision where the story stood
            obs = [
                o
                for o in ev.observations
                if ((o.objective, o.task) in due or m.kind == "decision")
                and due.get((o.objective, o.task), o.node) == node.id
            ]
        expected = "\n".join(tasks.get(m.ref, []) + best.get(m.ref, [])) if m.kind != "adhoc" else ""
        rows.append(
            [
                len(rows),
                m.kind,
                clock_label(sc.clock_start, m.clock, lang),
                hhmm(m.at),
                text,
                source,
                ", ".join(sc.role_name(catalog, r, lang) for r in roles),
                expected,
                "\n".join(answers),
                " ".join(o.rating for o in obs if o.rating),
                "\n".join(o.text for o in obs),
            ]
        )
    return rows


def render_msel(ev: Evaluation, catalog: Catalog, lang: str) -> str:
    """The MSEL as delivered, as CSV with a byte-order mark (Excel on Japanese Windows)."""
    from .encode import to_csv

    return to_csv(msel_rows(ev, catalog, lang), bom=True)


# -- JSON --------------------------------------------------------------------------------


def evaluation_data(ev: Evaluation, catalog: Catalog, lang: str) -> dict:
    """The evaluation as JSON-ready data (the report's ``evaluation`` key)."""
    good, bad = findings(ev, catalog, lang)
    return {
        "facilitator": ev.facilitator,
        "participants": list(ev.participants),
        "started_at": ev.started_at,
        "ended_at": ev.ended_at,
        "duration": ev.duration,
        "paused": ev.paused,
        "playing": ev.playing,
        "adjusted": ev.adjusted,
        "objectives": [
            {
                "id": ob.objective.id,
                "status": ob.status,
                "tasks": [
                    {
                        "id": te.task.id,
                        "rating": te.rating,
                        "observations": [_obs(o) for o in te.observations],
                    }
                    for te in ob.tasks
                ],
                "observations": [_obs(o) for o in ob.observations],
            }
            for ob in ev.objectives
        ],
        "observations": [_obs(o) for o in ev.observations],
        "adjustments": [
            {"points": a.points, "reason": a.reason, "role": a.role, "node": a.node, "at": a.at, "by": a.by}
            for a in ev.adjustments
        ],
        "overrides": [
            {"node": o.node, "to": o.to, "reason": o.reason, "at": o.at, "by": o.by} for o in ev.overrides
        ],
        "adhoc": [{"id": a.id, "text": a.text, "roles": list(a.roles), "at": a.at} for a in ev.adhoc],
        "pauses": [list(p) for p in ev.pauses],
        "hotwash": [{"question": h.question, "text": h.text, "at": h.at} for h in ev.hotwash],
        "plan": [{"item": p.item, "action": p.action, "owner": p.owner, "due": p.due} for p in ev.plan],
        "strengths": good,
        "areas_for_improvement": bad,
        "timeline": [
            {
                "kind": m.kind,
                "ref": m.ref,
                "clock": m.clock,
                "at": m.at,
                "roles": list(m.roles),
                "held": m.held,
            }
            for m in ev.timeline
        ],
    }


def _obs(o) -> dict:
    """An observation as it is stored in the state (text, objective, task, rating, role,
    node, clock, at, by)."""
    return attrs.asdict(o)


# -- SVG charts (HTML) -------------------------------------------------------------------

_LANES = (
    ("lane_feed", ("inject", "decision", "ending", "deadline", "adhoc")),
    ("lane_answer", ("answer",)),
    ("lane_obs", ("observation",)),
    ("lane_other", ("adjustment", "override", "pause")),
)


def _x(text: str) -> str:
    return _html.escape(text, quote=True)


def svg_timeline(ev: Evaluation, lang: str) -> str:
    """The moments on a real-time axis, one lane per kind, numbered as the table below it;
    pauses shaded. Empty when the times are unknown."""
    start = parse(ev.started_at)
    times = [parse(m.at) for m in ev.timeline]
    if start is None or not any(times):
        return ""
    try:
        offs = [None if t is None else max(0.0, (t - start).total_seconds()) for t in times]
    except TypeError:  # stamps with and without a time zone
        return ""
    total = max([ev.duration or 0, *(o for o in offs if o is not None)]) or 60
    left, width, lane_h = 130, 560, 34
    height = 30 + lane_h * len(_LANES) + 30
    scale = width / total
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {left + width + 20} {height}" '
        f'role="img" aria-label="{_x(word("chart_timeline", lang))}">',
        f'<text x="4" y="16" class="t">{_x(word("chart_timeline", lang))}</text>',
    ]
    for p, r in ev.pauses:
        p0, r0 = parse(p), parse(r) if r else parse(ev.ended_at)
        if p0 is None or r0 is None:
            continue
        try:
            a, b = (p0 - start).total_seconds(), (r0 - start).total_seconds()
        except TypeError:
            continue
        parts.append(
            f'<rect x="{left + a * scale:.1f}" y="24" width="{max(1.0, (b - a) * scale):.1f}" '
            f'height="{lane_h * len(_LANES)}" class="pause"/>'
        )
    for i, (key, _) in enumerate(_LANES):
        y = 30 + lane_h * i + lane_h / 2
        parts.append(f'<text x="4" y="{y + 4:.0f}" class="l">{_x(word(key, lang))}</text>')
        parts.append(f'<line x1="{left}" y1="{y:.0f}" x2="{left + width}" y2="{y:.0f}" class="axis"/>')
    lane_of = {k: i for i, (_, kinds) in enumerate(_LANES) for k in kinds}
    # a number is written above its dot, or below when the one above would touch the last
    # number written in that lane; when both would, the dot goes unnumbered (the table
    # below lists every moment)
    last: dict[tuple[int, int], float] = {}
    for n, (m, off) in enumerate(zip(ev.timeline, offs, strict=True), 1):
        if off is None or m.kind not in lane_of:
            continue
        lane = lane_of[m.kind]
        x = left + off * scale
        y = 30 + lane_h * lane + lane_h / 2
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.0f}" r="4" class="k-{m.kind}"/>')
        gap = 6 * len(str(n)) + 4
        for side, dy in ((0, -7), (1, 14)):
            if x - last.get((lane, side), -1e9) >= gap:
                parts.append(f'<text x="{x:.1f}" y="{y + dy:.0f}" class="n">{n}</text>')
                last[(lane, side)] = x
                break
    axis_y = 30 + lane_h * len(_LANES) + 16
    for k in range(5):
        secs = total * k / 4
        when = start.timestamp() + secs
        from datetime import datetime

        tick = datetime.fromtimestamp(when, start.tzinfo).strftime("%H:%M")
        parts.append(f'<text x="{left + secs * scale:.1f}" y="{axis_y}" class="n">{tick}</text>')
    parts.append("</svg>")
    return "".join(parts)


def svg_functions(ev: Evaluation, lang: str) -> str:
    """Earned against best per CSF function as horizontal bars, with the numbers."""
    bars = ev.debriefing.categories
    if not bars:
        return ""
    left, width, row = 110, 420, 26
    height = 26 + row * len(bars)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {left + width + 90} {height}" '
        f'role="img" aria-label="{_x(word("chart_functions", lang))}">',
        f'<text x="4" y="16" class="t">{_x(word("chart_functions", lang))}</text>',
    ]
    for i, b in enumerate(bars):
        y = 24 + row * i
        share = 0.0 if b.best <= 0 else max(0.0, min(1.0, b.earned / b.best))
        parts.append(f'<text x="4" y="{y + 15}" class="l">{_x(label(b.key, lang))}</text>')
        parts.append(f'<rect x="{left}" y="{y + 3}" width="{width}" height="16" class="best"/>')
        parts.append(f'<rect x="{left}" y="{y + 3}" width="{width * share:.1f}" height="16" class="earned"/>')
        parts.append(f'<text x="{left + width + 6}" y="{y + 15}" class="l">{b.earned} / {b.best}</text>')
    parts.append("</svg>")
    return "".join(parts)
