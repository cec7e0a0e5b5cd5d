"""IcebergTTX scenario JSON (schema_version 1.0) to and from format v1.

IcebergTTX keeps only the fields of its own model on save (``ScenarioDefinition`` in its
``app/schemas/scenario_json.py``; tests/data/import/icebergttx_schema.py lists them), so
the export says the structure in those fields alone, by shape:

- a decision is one inject titled ``Decision: <roles>`` whose content is the prompt and
  whose options lead on (``next_inject_id``); an inject with options titled otherwise is
  IcebergTTX's own kind (an inject, then a decision);
- an ending is an inject titled ``Ending (<outcome>): <title>`` that leads nowhere;
- a branch on conditions is an inject whose options are ``branch-N`` labelled
  ``Facilitator: ...`` (after a decision: ``<decision>-then[-<option>]``, folded back into
  the decision); it comes back as even chances;
- a deadline is an inject that nothing leads to, released at ``release_at_minutes``
  (IcebergTTX's parallel timeline), and such an inject imports as a deadline;
- rated critical tasks due at a node are that inject's ``expected_actions``; the debrief
  is ``debrief_notes``.

What IcebergTTX cannot say (practice weights, feedback, every question of a decision that
asks several roles, facilitator notes, conditions) rides in ``x_tabletop``, which a save
inside IcebergTTX drops: the import uses it when it is there and does not need it for
the structure. docs/import.md lists what survives which way.
"""

from __future__ import annotations

import graphlib
import re

from ..model import Catalog, Scenario
from .graph import (
    END_ID,
    WORDS,
    ConvertError,
    GDeadline,
    GNode,
    GOption,
    GQuestion,
    Graph,
    GTask,
    IdMaker,
    bullet_lines,
    finish_graph,
    japanese,
    known_practices,
    note_chances,
    scenario_id,
    settle_origin,
    slug,
    to_yaml,
    word,
)
from .messages import Say
from .order import (
    best_options,
    edge_labels,
    export_lang,
    followed_practices,
    node_order,
    node_title,
    targets_of,
    task_node,
    text_in,
)
from .roles import ROLE_WORDS, RoleMap

SCHEMA_VERSION = "1.0"
MARK = "x_tabletop"  # Tabletop's extra field in exported IcebergTTX JSON (dropped on save)
DECISION_TITLE = "Decision: "  # the title of a decision's inject (order.node_title)
ENDING_TITLE = re.compile(r"^Ending \((good|mixed|bad)\)(?::\s*(.*))?$", re.DOTALL)
BRANCH_ID = re.compile(r"^branch-[0-9]+$")
BRANCH_LABEL = "Facilitator: "
LESSONS = "Lessons:\n"
RELEASE_AT = re.compile(
    "|".join(re.escape(w).replace(re.escape("{n}"), "([0-9]+)") for w in WORDS["release_at"])
)  # the note the import writes for a release time on a path (graph.WORDS, either language)
ORIGIN_TOOL = "icebergttx"  # a scenario's origin.tool for this format (loader.ORIGIN_TOOLS)
ONE_WAY = re.compile(
    "|".join(re.escape(w).replace(re.escape("{label}"), "(.+?)") for w in WORDS["one_way"]), re.DOTALL
)  # the note the import writes for an inject with a single option (either language)
THEN = "-then"  # the id of a decision's branch inject: the decision's id and this


def _need(cond: bool, key: str, /, **facts) -> None:
    """Refuse the file with the message ``key`` (messages.py) unless ``cond``."""
    if not cond:
        raise ConvertError(Say(key, **facts))


# ``what`` below names the field: a JSON key as it is, or a messages.Say ('w_...')
def _str(value, what: Say | str, required: bool = True) -> str:
    if value is None and not required:
        return ""
    _need(isinstance(value, str | int | float) and not isinstance(value, bool), "it_must_string", what=what)
    s = str(value).strip()
    _need(bool(s) or not required, "it_empty", what=what)
    return s


def _list(value, what: Say | str) -> list:
    if value is None:
        return []
    _need(isinstance(value, list), "it_must_list", what=what)
    return value


def _minutes(value, what: Say | str) -> int | None:
    if value is None:
        return None
    ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
    _need(ok, "it_minutes", what=what)
    return value


def _links(inj: dict) -> list[str]:
    """The injects an IcebergTTX inject leads to: its options', then its own next."""
    options = inj.get("options") if isinstance(inj.get("options"), list) else []  # checked later
    out = [o.get("next_inject_id") for o in options if isinstance(o, dict)]
    out.append(inj.get("next_inject_id"))
    return [str(x).strip() for x in out if isinstance(x, str | int) and str(x).strip()]


def _no_cycle(injects: list[dict]) -> None:
    """IcebergTTX refuses a scenario whose injects lead round in a circle; so does the
    import, naming the circle (the scenario would otherwise have a part with no end)."""
    try:
        graphlib.TopologicalSorter({inj["id"]: _links(inj) for inj in injects}).prepare()
    except graphlib.CycleError as e:
        cycle = e.args[1] if len(e.args) > 1 else []
        raise ConvertError(Say("it_circle", names=" -> ".join(reversed(cycle)))) from None


def _shape(inj: dict, options: list, referenced: set[str], start: str) -> str:
    """What an inject is, read from IcebergTTX's own fields (Tabletop's export writes
    these shapes; an inject from another author is 'native')."""
    title = str(inj.get("title") or "")
    nxt = inj.get("next_inject_id")
    if inj["id"] not in referenced and inj["id"] != start and inj.get("release_at_minutes") is not None:
        return "deadline"
    if not options and not nxt and ENDING_TITLE.match(title):
        return "ending"
    if options and title.startswith(DECISION_TITLE):
        return "decision"
    if len(options) >= 2 and all(
        BRANCH_ID.match(str(o.get("id"))) and str(o.get("label") or "").startswith(BRANCH_LABEL)
        for o in options
    ):
        return "branch"
    return "native"


def _mark_questions(m: dict) -> list[dict]:
    """The questions ``x_tabletop`` keeps for a decision, when they have the shape
    Tabletop's export gives them; anything else is ignored (the inject's own fields say
    the structure)."""
    qs = m.get("questions")
    ok = isinstance(qs, list) and all(
        isinstance(q, dict)
        and isinstance(q.get("options"), list)
        and all(isinstance(o, dict) for o in q["options"])
        for q in qs
    )
    return qs if ok else []


def _inject_text(title: str, content: str) -> str:
    """The inject's text: its content, with the title in front unless the content
    already starts with it (Tabletop's export titles an inject by its first sentence)."""
    head = title.rstrip("…").strip()
    return content if head and content.startswith(head) else f"{title}\n\n{content}"


def _lessons(notes: str, catalog: Catalog | None) -> tuple[str, list[str]]:
    """debrief_notes → what happened, and the practices its 'Lessons:' list names."""
    if catalog is None or LESSONS not in notes:
        return notes, []
    body, _, tail = notes.rpartition(LESSONS)
    names = [ln[2:].strip() for ln in tail.splitlines() if ln.startswith("- ")]
    by_title = {}
    for pid, p in catalog.practices.items():
        for t in (p.title.en, p.title.ja, p.title.any, pid):
            if t:
                by_title[t.strip()] = pid
    found = [by_title.get(n) for n in names]
    if not names or None in found:
        return notes, []
    return body.strip(), list(dict.fromkeys(found))


def iceberg_to_graph(doc, catalog: Catalog | None = None, sid: str | None = None) -> Graph:
    _need(isinstance(doc, dict), "it_object")
    version = doc.get("schema_version")
    _need(str(version) == SCHEMA_VERSION, "it_version", version=version, ok=SCHEMA_VERSION)
    for key in ("title", "injects", "start_inject_id"):
        _need(key in doc, "it_no_field", key=key)
    title = _str(doc["title"], "title")
    injects = _list(doc["injects"], "injects")
    _need(bool(injects), "it_no_injects")
    meta = doc.get("metadata") or {}
    _need(isinstance(meta, dict), "it_meta")
    mark = doc.get(MARK) if isinstance(doc.get(MARK), dict) else {}

    g = Graph(id=scenario_id(sid or mark.get("id"), title), title=title)
    g.summary = _str(doc.get("description"), "description", required=False)
    g.tags = [slug(t) for t in _list(doc.get("tags"), "tags") if isinstance(t, str) and slug(t, "")]
    dur = meta.get("estimated_duration_minutes")
    if isinstance(dur, int) and not isinstance(dur, bool) and dur > 0:
        g.duration = dur

    roles = RoleMap(catalog)
    teams: dict[str, str] = {}
    for i, t in enumerate(_list(doc.get("participant_teams"), "participant_teams")):
        _need(isinstance(t, dict), "it_team_object", n=i + 1)
        tid = _str(t.get("id"), Say("w_team_id", n=i + 1))
        label = _str(t.get("label") or tid, Say("w_team_label", tid=tid))
        known = catalog_role_ids(catalog) or set(ROLE_WORDS)
        teams[tid] = roles.fixed(tid, label) if tid in known else roles.role(label)
        g.origin_teams.setdefault(teams[tid], tid)  # the first team a role stands for goes back out

    # 'end' is the generic ending's id, unless the source has an ending of that name
    # (a Tabletop scenario imported before, exported again)
    own_end = any(
        isinstance(i, dict) and i.get("id") == END_ID and ENDING_TITLE.match(str(i.get("title") or ""))
        for i in injects
    )
    ids = IdMaker(set() if own_end else {END_ID})
    raw_ids = []
    for i, inj in enumerate(injects):
        _need(isinstance(inj, dict), "it_inject_object", n=i + 1)
        iid = _str(inj.get("id"), Say("w_inject_id", n=i + 1))
        _need(iid not in raw_ids, "it_inject_twice", iid=iid)
        raw_ids.append(iid)
        for key in ("title", "content"):
            _need(key in inj, "it_inject_no_field", iid=iid, key=key)
        inj["id"] = iid
        ids.source(iid, "inject")
    g.origin_tool = ORIGIN_TOOL
    g.origin_ids = {nid: iid for iid, nid in ids.map.items()}  # settle_origin keeps those that differ
    start = _str(doc["start_inject_id"], "start_inject_id")
    _need(start in ids.map, "it_start", start=start)
    _no_cycle(injects)
    referenced = {t for inj in injects for t in _links(inj)}

    def target(ref, where: Say) -> list[str]:
        if ref is None or ref == "":
            return []
        ref = _str(ref, Say("w_next_of", where=where))
        if ref == END_ID and not own_end and ref not in ids.map:
            # the generic ending an import added, which the export leaves out (IcebergTTX
            # stops with a null next_inject_id): x_tabletop's 'next' still names it
            return []
        _need(ref in ids.map, "it_leads", where=where, ref=ref)
        return [ids.map[ref]]

    def team_role(t) -> str:
        t = _str(t, Say("w_target_team"))
        if t not in teams:  # not declared: map it by its name
            teams[t] = roles.role(t)
            g.origin_teams.setdefault(teams[t], t)
        return teams[t]

    def first_role(audience: list[str]) -> str:
        return audience[0] if audience else (roles.order[0] if roles.order else roles.role("Executive"))

    for inj in injects:
        iid = inj["id"]
        nid = ids.map[iid]
        ititle = _str(inj.get("title"), Say("w_the_of_inject", field="title", iid=iid))
        content = _str(inj.get("content"), Say("w_the_of_inject", field="content", iid=iid))
        audience = [
            team_role(t) for t in _list(inj.get("target_teams"), Say("w_of", field="target_teams", iid=iid))
        ]
        expected = [
            _str(a, Say("w_expected_of", iid=iid))
            for a in _list(inj.get("expected_actions"), Say("w_of", field="expected_actions", iid=iid))
        ]
        options = _list(inj.get("options"), Say("w_of", field="options", iid=iid))
        comms = _list(
            inj.get("triggers_communications"), Say("w_of", field="triggers_communications", iid=iid)
        )
        release = _minutes(
            inj.get("release_at_minutes"), Say("w_of_inject", field="release_at_minutes", iid=iid)
        )
        m = inj.get(MARK) if isinstance(inj.get(MARK), dict) else {}
        for i, o in enumerate(options):
            _need(isinstance(o, dict), "it_option_object", n=i + 1, iid=iid)
            _str(o.get("id"), Say("w_option_id", n=i + 1, iid=iid))
            _str(o.get("label"), Say("w_option_label", oid=o.get("id"), iid=iid))
        shape = _shape(inj, options, referenced, start)
        # an expected action that is one of the inject's own options says which option is
        # expected (Tabletop's export of a scenario without rated tasks): not a task to rate
        mq = _mark_questions(m)
        labels = {str(o.get("label")).strip() for o in options}
        labels |= {str(o.get("text")).strip() for q in mq for o in q["options"]}
        tasks = [a for a in expected if a not in labels]
        ja = japanese(ititle + content)  # the words the import writes follow the inject's text
        notes = [word("expected_list", ja) + "\n" + bullet_lines(expected)] if expected else []
        fac = str(m.get("facilitator") or "") or "\n\n".join(notes)
        kind = m.get("kind") or shape
        due = nid  # where its expected actions fall due: the inject, or its decision

        if kind == "deadline" or (shape == "deadline" and kind != "ending"):
            g.deadlines.append(GDeadline(nid, release or 0, ititle, content, facilitator=fac))
            tasks = []  # a deadline is no node: nothing can fall due at it
        elif kind == "ending":
            hit = ENDING_TITLE.match(ititle)
            outcome = m.get("outcome") or (hit.group(1) if hit else "mixed")
            etitle = (hit.group(2) or "").strip() if hit else ititle
            g.nodes[nid] = GNode(
                nid,
                "ending",
                title=etitle or ititle,
                text=content,
                outcome=outcome if outcome in ("good", "mixed", "bad") else "mixed",
                facilitator=fac,
            )
        elif kind == "decision" and mq:
            qs = []
            for q in mq:
                role = team_role(q.get("role") or "")
                opts = []
                oids = IdMaker()
                for o in _list(q.get("options"), Say("w_of", field="options", iid=iid)):
                    tg = []
                    for t in _list(o.get("next"), "next"):
                        tg += target(t, Say("w_an_option", iid=iid))
                    oid = oids.make(str(o.get("id") or o.get("text")), "option")
                    if isinstance(o.get("id"), str | int) and not isinstance(o.get("id"), bool):
                        g.origin_ids.setdefault(f"{nid}/{oid}", str(o["id"]).strip())
                    opts.append(
                        GOption(
                            oid,
                            _str(o.get("text"), Say("w_an_option", iid=iid)),
                            tg,
                            feedback=str(o.get("feedback") or ""),
                            practices=known_practices(o.get("practices"), catalog),
                        )
                    )
                qs.append(GQuestion(role, _str(q.get("prompt"), Say("w_prompt", iid=iid)), opts))
            tg = []
            for t in _list(m.get("next"), "next"):
                tg += target(t, Say("w_inject", iid=iid))
            g.nodes[nid] = GNode(nid, "decision", title=ititle, questions=qs, targets=tg, facilitator=fac)
            g.weighted = g.weighted or any(o.practices for q in qs for o in q.options)
        elif kind == "decision":  # the export's shape: the options are the decision's
            q = GQuestion(first_role(audience), content, _options(g, nid, options, expected, target, iid, ja))
            g.nodes[nid] = GNode(nid, "decision", title=ititle, questions=[q], facilitator=fac)
        elif kind == "inject" and isinstance(m.get("next"), list):
            tg = []
            for t in m["next"]:
                tg += target(t, Say("w_inject", iid=iid))
            # the title the export split off the text (a heading line) goes back above it
            text = _inject_text(ititle, content)
            g.nodes[nid] = GNode(nid, "inject", text=text, audience=audience, targets=tg, facilitator=fac)
            if len(options) == 1:  # the single option of the export's own shape
                _one_way_id(g, nid, options[0])
            if comms:
                msgs = _messages_node(g, ids, nid, ititle + content, comms, iid)
                msgs.targets, g.nodes[nid].targets = tg, [msgs.id]
        elif kind == "branch":  # a branch on conditions: even chances now
            tg = []
            for o in options:
                tg += target(o.get("next_inject_id"), Say("w_option_of", oid=o["id"], iid=iid))
            labels_ = "; ".join(str(o["label"])[len(BRANCH_LABEL) :] for o in options)
            note = "\n\n".join(x for x in (fac, word("branches", japanese(content)) + labels_) if x)
            g.nodes[nid] = GNode(nid, "inject", text=content, audience=audience, targets=tg, facilitator=note)
        else:
            due = _native(g, ids, roles, inj, nid, ititle, content, audience, options, comms, notes, expected,
                          target, first_role, release)  # fmt: skip
        g.tasks += [GTask(a, due, iid, ititle) for a in tasks if a.strip()]
    _fold_branches(g)
    g.roles = list(roles.order) or [roles.role("Executive")]
    g.role_labels = roles.role_labels()
    g.start = ids.map[start]
    finish_graph(g)
    _prune_unreachable(g)
    settle_origin(g)
    notes = doc.get("debrief_notes")
    if isinstance(notes, str) and notes.strip():
        # the lessons come back as practices only with the weights that earn them
        g.debrief, g.lessons = _lessons(notes.strip(), catalog) if g.weighted else (notes.strip(), [])
    author = meta.get("author")
    by = f" by {author.strip()}" if isinstance(author, str) and author.strip() else ""
    g.header = [
        f"Imported with `tabletop import` from the IcebergTTX scenario (schema_version {SCHEMA_VERSION})",
        f"'{title}'{by}.",
        "Text is in one language (plain strings), as the source is.",
    ]
    if not g.weighted:
        g.header += [
            "IcebergTTX does not say which option is the expected one, so no option carries a",
            "practice weight: every score is 0. Expected actions are in the facilitator notes",
            "and are the critical tasks of the objectives, which the facilitator rates; give",
            "options `practices:` weights (see docs/format.md) to score the exercise too.",
        ]
    if g.role_labels:
        g.header.append("Teams are mapped to Tabletop roles; role_labels keep the teams' own names.")
    if g.origin_ids or g.origin_teams:
        g.header.append("origin keeps IcebergTTX's own ids and team ids: the export gives them back.")
    if g.deadlines:
        g.header.append("Injects nothing leads to, released on their clock, are deadlines.")
    note_chances(g)
    return g


def _native(g, ids, roles, inj, nid, ititle, content, audience, options, comms, notes, expected,
            target, first_role, release) -> str:  # fmt: skip
    """IcebergTTX's own meaning: an inject, then its triggered messages, then a decision
    when there is a choice. Returns the node its expected actions fall due at."""
    iid = inj["id"]
    ja = japanese(ititle + content)
    node = GNode(nid, "inject", text=_inject_text(ititle, content), audience=audience)
    if release is not None:  # on a path, a release time is only a timing hint
        notes = [
            *notes,
            word("release_at", ja, n=release),
        ]
    node.facilitator = "\n\n".join(notes)
    g.nodes[nid] = node
    tail = node
    due = nid
    if comms:
        tail = _messages_node(g, ids, nid, ititle + content, comms, iid)
        node.targets = [tail.id]
    linear = target(inj.get("next_inject_id"), Say("w_inject", iid=iid))
    if len(options) >= 2:
        did = ids.make(f"{nid}-decision")
        opts = _options(g, did, options, expected, target, iid, ja)
        dnotes = (
            [word("teams_receiving", ja, teams=", ".join(roles.labels_for(r) for r in audience))]
            if len(audience) > 1
            else []
        )
        dnotes += notes
        g.nodes[did] = GNode(
            did,
            "decision",
            questions=[GQuestion(first_role(audience), word("what_now", ja, title=ititle), opts)],
            facilitator="\n\n".join(dnotes),
        )
        tail.targets = [did]
        node.facilitator = ""  # the notes go with the decision
        due = did
    elif len(options) == 1:
        o = options[0]
        tail.targets = target(o.get("next_inject_id"), Say("w_option_of", oid=o["id"], iid=iid)) or linear
        _one_way_id(g, nid, o)
        node.facilitator = "\n\n".join(
            [
                *notes,
                word("one_way", ja, label=_str(o["label"], Say("w_option_label_any"))),
            ]
        )
    else:
        tail.targets = linear
    return due


def _fold_branches(g: Graph) -> None:
    """A branch inject reached only from a decision, ``<decision>-then`` (the decision's
    own next branches) or ``<decision>-then-<option>`` (that option's next branches): the
    export's shape for a decision going on by conditions, folded back into it."""
    for nid in [n for n in g.nodes if THEN in n]:
        x = g.nodes[nid]
        base, _, option = nid.partition(THEN)
        d = g.nodes.get(base)
        if d is None or d.kind != "decision" or x.kind != "inject" or len(x.targets) < 2:
            continue
        into = [
            n.id
            for n in g.nodes.values()
            if nid in n.targets or any(nid in o.targets for q in n.questions for o in q.options)
        ]
        if into not in ([d.id], []) or nid in d.targets:  # [] : x_tabletop gave the decision its way on
            continue
        if option:  # that option's own next
            for q in d.questions:
                for o in q.options:
                    if o.targets == [nid]:
                        o.targets = list(x.targets)
        else:
            d.targets = list(x.targets)
            for q in d.questions:
                for o in q.options:
                    if o.targets == [nid]:
                        o.targets = []
        del g.nodes[nid]


def _options(
    g: Graph, did: str, options: list, expected: list[str], target, iid: str, ja: bool
) -> list[GOption]:
    """An IcebergTTX inject's options as the decision ``did``'s: ids in Tabletop's spelling
    (the source's kept in ``origin``), each leading where its next_inject_id does; one its
    expected actions name is the expected choice."""
    oids = IdMaker()
    out = []
    for o in options:
        oid = oids.make(str(o["id"]), "option")
        g.origin_ids[f"{did}/{oid}"] = str(o["id"]).strip()
        out.append(
            GOption(
                oid,
                _str(o["label"], Say("w_option_label_any")),
                target(o.get("next_inject_id"), Say("w_option_of", oid=o["id"], iid=iid)),
                feedback=word("expected_choice", ja) if str(o["label"]).strip() in expected else "",
            )
        )
    return out


def _one_way_id(g: Graph, nid: str, option: dict) -> None:
    """The id of an inject's single option, which Tabletop plays as the inject's way on: kept
    in ``origin`` as '<inject>/<option>' unless it is the one the export makes of its label."""
    oid = str(option.get("id")).strip()
    if oid != slug(str(option.get("label")), "option"):
        g.origin_ids[f"{nid}/{slug(oid, 'option')}"] = oid


def _messages_node(g: Graph, ids: IdMaker, nid: str, context: str, comms: list, iid: str) -> GNode:
    """An inject's triggered communications: an inject of their own after it, each
    message saying who it is from (inbound) or to (outbound) and its delay."""
    cid = ids.make(f"{nid}-messages")
    msgs = []
    delay = 0
    for c in comms:
        _need(isinstance(c, dict), "it_comm_object", iid=iid)
        subject = _str(c.get("subject"), "subject", required=False)
        body = _str(c.get("body"), "body", required=False)
        ja = japanese(context + subject + body)
        who = _str(c.get("external_entity") or word("outsider", ja), "external_entity")
        way = "message_to" if c.get("direction") == "outbound" else "message_from"
        secs = c.get("delay_after_release_seconds")
        secs = secs if isinstance(secs, int) and not isinstance(secs, bool) and secs > 0 else 0
        delay = max(delay, secs)
        when = ""
        if secs:
            when = word("after", ja, n=secs // 60) if secs % 60 == 0 else word("after_s", ja, n=secs)
        msgs.append(
            word(way, ja, who=who)
            + when
            + (f": {subject}" if subject else "")
            + (f"\n{body}" if body else "")
        )
    # the messages arrive after their delay: the scenario clock moves by the longest
    g.nodes[cid] = GNode(cid, "inject", text="\n\n".join(msgs), advance=round(delay / 60))
    return g.nodes[cid]


def _prune_unreachable(g: Graph) -> None:
    """Drop what the start cannot reach (an IcebergTTX inject nothing leads to, and no
    clock releases, is released by hand before the first answer: Tabletop plays one
    path), saying which, so the scenario validates."""
    seen, todo = set(), [g.start]
    while todo:
        nid = todo.pop()
        if nid in seen or nid not in g.nodes:
            continue
        seen.add(nid)
        n = g.nodes[nid]
        todo += n.targets + [t for q in n.questions for o in q.options for t in o.targets]
    lost = [nid for nid in g.nodes if nid not in seen]
    if lost:
        for nid in lost:
            del g.nodes[nid]
        g.tasks = [t for t in g.tasks if t.at in g.nodes]
        g.report.append(Say("it_not_imported", ids=", ".join(lost)))


def catalog_role_ids(catalog: Catalog | None) -> set[str]:
    return set(catalog.roles) if catalog is not None else set()


def iceberg_to_yaml(doc, catalog: Catalog | None = None, sid: str | None = None) -> str:
    return to_yaml(iceberg_to_graph(doc, catalog, sid))


# -- format v1 → IcebergTTX ------------------------------------------------------------


def _message_patterns() -> list[tuple[re.Pattern, str]]:
    """The first line of a triggered message as the import writes it (graph.WORDS, in
    either language): who, the delay, the subject."""
    out = []
    for key, direction in (("message_from", "inbound"), ("message_to", "outbound")):
        for lang in (0, 1):
            who = re.escape(WORDS[key][lang]).replace(re.escape("{who}"), "(?P<who>.+?)")
            delays = "|".join(
                re.escape(WORDS[k][lang]).replace(re.escape("{n}"), f"(?P<{unit}>[0-9]+)")
                for k, unit in (("after", "min"), ("after_s", "sec"))
            )
            out.append((re.compile(f"^{who}(?:{delays})?(?:: (?P<subject>.*))?$"), direction))
    return out


MESSAGE_LINES = _message_patterns()
WHAT_NOW = [
    re.compile("^" + re.escape(w).replace(re.escape("{title}"), ".+") + "$", re.DOTALL)
    for w in WORDS["what_now"]
]


def _title_and_content(text: str, title: str) -> tuple[str, str]:
    """An inject's text whose first paragraph is a heading (one short line, no full
    stop: what the import makes of an IcebergTTX title and content) splits back into
    the two; any other text is the content, titled by its first sentence."""
    head, sep, rest = text.partition("\n\n")
    heading = sep and rest.strip() and "\n" not in head and len(head) <= 80
    if heading and not head.rstrip().endswith((".", "。", "!", "?", "！", "？", ":", "：")):
        return head.strip(), rest.strip()
    return title, text


def _asks_what_now(prompt: str) -> bool:
    """The prompt the import gives IcebergTTX's own choices (graph.WORDS)."""
    return any(p.match(prompt) for p in WHAT_NOW)


def _messages(text: str) -> list[dict] | None:
    """The triggered communications an imported ``<inject>-messages`` node holds, or None
    when its text is not (only) messages the import wrote."""
    comms = []
    for block in text.split("\n\n"):
        first, _, body = block.partition("\n")
        hit = next(((p.match(first), way) for p, way in MESSAGE_LINES if p.match(first)), None)
        if hit is None:
            return None
        m, direction = hit
        delay = int(m["min"]) * 60 if m["min"] else int(m["sec"] or 0)
        comms.append(
            {
                "external_entity": m["who"],
                "direction": direction,
                "subject": m["subject"] or "",
                "body": body,
                "delay_after_release_seconds": delay,
            }
        )
    return comms or None


def _branch_options(edges, fw: list[str]) -> list[dict]:
    return [
        {"id": f"branch-{k}", "label": BRANCH_LABEL + label, "next_inject_id": e.to}
        for k, (e, label) in enumerate(zip(edges, edge_labels(edges), strict=True), 1)
        if e.to in fw
    ]


def _branch_inject(iid: str, edges, fw: list[str], lang: str) -> dict:
    """Where a decision goes on by conditions: an inject of its own in IcebergTTX, whose
    options someone picks; the import folds it back into the decision."""
    return {
        "id": iid,
        "title": "Branch",
        "content": (
            "Tabletop picks the way on by what the team did; here the facilitator picks it."
            if lang != "ja"
            else "Tabletop はチームの対応で次を選びます。ここではファシリテーターが選びます。"
        ),
        "target_teams": [],
        "sequence_order": 0,
        "next_inject_id": None,
        "options": _branch_options(edges, fw),
        "free_text_response": False,
        "triggers_communications": [],
        "expected_actions": [],
        MARK: {"kind": "branch"},
    }


class _Back:
    """The source's own ids for the way back: the scenario's ``origin`` when it came from
    IcebergTTX (inject, option and team ids as they were), Tabletop's ids otherwise."""

    def __init__(self, sc: Scenario) -> None:
        origin = sc.origin if sc.origin is not None and sc.origin.tool == ORIGIN_TOOL else None
        self.ids = dict(origin.ids) if origin else {}
        self.teams = dict(origin.teams) if origin else {}
        self.singles: dict[str, str] = {}  # inject → its single option's id ('<inject>/<option>')
        for key, value in self.ids.items():
            nid, slash, _ = key.partition("/")
            if slash:
                self.singles.setdefault(nid, value)

    def options(self, nid: str, oids: list[str]) -> list[str]:
        """The ids of node ``nid``'s options (Tabletop's where two would be one)."""
        out = [self.ids.get(f"{nid}/{oid}", oid) for oid in oids]
        return out if len(set(out)) == len(out) else list(oids)

    def single(self, nid: str) -> str | None:
        """The id of the single option the source had on inject ``nid``, if kept."""
        return self.singles.get(nid)

    def give_back(self, doc: dict, sc: Scenario) -> None:
        """Inject and team ids in ``doc`` (written with Tabletop's) as the source had them,
        everywhere they are named: the injects, every next_inject_id, the start, the teams and
        target_teams, and x_tabletop's own references. Nothing changes without an origin."""
        names = set(sc.nodes) | {d.id for d in sc.deadlines}
        rename = {k: v for k, v in self.ids.items() if "/" not in k and k in names}
        final = [rename.get(i["id"], i["id"]) for i in doc["injects"]]
        if len(set(final)) != len(final):  # two injects would be one: Tabletop's ids then
            rename = {}
        teams = {r: self.teams.get(r, r) for r in {t["id"] for t in doc["participant_teams"]}}
        if len(set(teams.values())) != len(teams):
            teams = {}

        def node(x):
            return rename.get(x, x) if isinstance(x, str) else x

        def team(x):
            return teams.get(x, x) if isinstance(x, str) else x

        doc["start_inject_id"] = node(doc["start_inject_id"])
        for t in doc["participant_teams"]:
            t["id"] = team(t["id"])
        for inj in doc["injects"]:
            inj["id"] = node(inj["id"])
            inj["next_inject_id"] = node(inj["next_inject_id"])
            inj["target_teams"] = [team(t) for t in inj["target_teams"]]
            for o in inj["options"]:
                o["next_inject_id"] = node(o["next_inject_id"])
            mark = inj.get(MARK) or {}
            if "next" in mark:
                mark["next"] = [node(t) for t in mark["next"]]
            for q in mark.get("questions") or []:
                q["role"] = team(q["role"])
                for o in q["options"]:
                    o["next"] = [node(t) for t in o["next"]]


def scenario_to_iceberg(sc: Scenario, catalog: Catalog, lang: str | None = None) -> dict:
    """An IcebergTTX scenario (schema_version 1.0) whose own fields carry the structure
    (the shapes in this module's docstring); ``x_tabletop`` adds what IcebergTTX cannot
    say, for Tabletop to read back while it is there."""
    lang = export_lang(sc, lang)
    back = _Back(sc)
    order = node_order(sc)
    end = sc.nodes.get(END_ID)
    if end is not None and end.kind == "ending" and text_in(end.text, lang) in WORDS["end_text"]:
        # the generic ending an import added where the source stopped: IcebergTTX's own
        # way to stop is a next_inject_id of null, and the import adds it again
        order.remove(END_ID)
    pos = {nid: i for i, nid in enumerate(order)}

    def forward(src: str, targets: list[str]) -> list[str]:
        # IcebergTTX refuses loops: keep only the arrows that go forward in the order
        return [t for t in targets if pos.get(t, -1) > pos[src]]

    # critical tasks are the expected actions (IcebergTTX's evaluator cues) of the inject
    # where they fall due, which imports them as tasks the facilitator rates
    due: dict[str, list[str]] = {}
    for o in sc.objectives:
        for t in o.tasks:
            due.setdefault(task_node(sc, t), []).append(text_in(t.text, lang))
    # an inject's triggered messages (the import's '<inject>-messages' node, reached from
    # that inject alone) go back on the inject as triggers_communications
    comms: dict[str, tuple[str, list[dict]]] = {}
    for nid, n in sc.nodes.items():
        m = sc.nodes.get(f"{nid}-messages")
        if n.kind == "inject" and m is not None and m.kind == "inject" and targets_of(n.next) == [m.id]:
            into = [x for x in sc.nodes.values() if m.id in targets_of(x.next)] + [
                x for x in sc.decisions for q in x.questions for o in q.options if m.id in targets_of(o.next)
            ]
            found = _messages(text_in(m.text, lang)) if len(into) == 1 and len(m.next) == 1 else None
            if found and not m.facilitator:
                comms[nid] = (m.id, found)
    # IcebergTTX's own shape, imported as an inject then '<inject>-decision' asking
    # "<title>: what do you do?": the options go back on the inject
    folded: dict[str, str] = {}
    for nid, n in sc.nodes.items():
        d = sc.nodes.get(f"{nid}-decision")
        tail = comms[nid][0] if nid in comms else nid
        if n.kind != "inject" or d is None or d.kind != "decision" or len(d.questions) != 1:
            continue
        into = [x.id for x in sc.nodes.values() if d.id in targets_of(x.next)]
        into += [
            x.id for x in sc.decisions for q in x.questions for o in q.options if d.id in targets_of(o.next)
        ]
        if (
            into == [tail]
            and targets_of(sc.nodes[tail].next) == [d.id]
            and _asks_what_now(text_in(d.questions[0].prompt, lang))
        ):
            folded[nid] = d.id
    skip = {mid for mid, _ in comms.values()} | set(folded.values())
    injects = []
    for i, nid in enumerate([x for x in order if x not in skip], 1):
        n = sc.nodes[nid]
        item: dict = {
            "id": nid,
            "title": node_title(n, sc, catalog, lang),
            "content": "",
            "target_teams": [],
            "sequence_order": i,
            "next_inject_id": None,
            "options": [],
            "free_text_response": True,
            "triggers_communications": [],
            "expected_actions": list(due.get(nid, [])),
        }
        fac = text_in(n.facilitator, lang)
        mark: dict = {"kind": n.kind}
        if fac:
            mark["facilitator"] = fac
        if n.kind == "ending":
            item["title"] = f"Ending ({n.outcome or 'mixed'}): {item['title']}"
            item["content"] = text_in(n.text, lang)
            mark["outcome"] = n.outcome
        elif n.kind == "inject":
            item["title"], item["content"] = _title_and_content(text_in(n.text, lang), item["title"])
            if hit := RELEASE_AT.search(fac):  # the release time an import noted goes back out
                item["release_at_minutes"] = int(next(x for x in hit.groups() if x is not None))
            item["target_teams"] = list(n.audience)
            targets = targets_of(n.next)
            if nid in comms:  # the messages go with the inject; it leads where they led
                mid, item["triggers_communications"] = comms[nid]
                targets = targets_of(sc.nodes[mid].next)
            mark["next"] = targets
            fw = forward(nid, targets)
            if nid in folded:  # the options of IcebergTTX's own inject, back on it
                d = sc.nodes[folded[nid]]
                mark = {"kind": "native"}  # its own fields say it all
                opts = d.questions[0].options
                item["options"] = [
                    {
                        "id": oid,
                        "label": text_in(o.text, lang),
                        "next_inject_id": (forward(nid, targets_of(o.next or d.next)) or [None])[0],
                    }
                    for o, oid in zip(opts, back.options(d.id, [o.id for o in opts]), strict=True)
                ]
                cues = (
                    due.get(d.id, [])
                    if due
                    else [text_in(o.text, lang) for o in best_options(d.questions[0])]
                )
                item["expected_actions"] += cues
            elif (one := ONE_WAY.search(fac)) and len(fw) == 1:
                # an inject with one option in IcebergTTX, which the import noted: the option again
                label = next(x for x in one.groups() if x is not None)
                oid = back.single(nid) or slug(label, "option")
                item["options"] = [{"id": oid, "label": label, "next_inject_id": fw[0]}]
            elif len(targets) == 1 or len(fw) <= 1:
                item["next_inject_id"] = fw[0] if fw else None
            else:  # a branch on conditions: someone picks it in IcebergTTX
                item["options"] = _branch_options(n.next, fw)
                mark["facilitator"] = (
                    (fac + "\n\n" if fac else "")
                    + word("branches", lang == "ja")
                    + "; ".join(edge_labels(n.next))
                )
        else:
            prompts = [
                (f"{sc.role_name(catalog, q.role, lang)}: " if len(n.questions) > 1 else "")
                + text_in(q.prompt, lang)
                for q in n.questions
            ]
            item["content"] = "\n\n".join(prompts)
            item["target_teams"] = list(dict.fromkeys(q.role for q in n.questions))
            qs = []
            for q in n.questions:
                oids = back.options(nid, [o.id for o in q.options])
                qs.append(
                    {
                        "role": q.role,
                        "prompt": text_in(q.prompt, lang),
                        "options": [
                            {
                                "id": oid,
                                "text": text_in(o.text, lang),
                                "feedback": text_in(o.feedback, lang),
                                "practices": dict(followed_practices(o)),
                                "next": targets_of(o.next),
                            }
                            for o, oid in zip(q.options, oids, strict=True)
                        ],
                    }
                )
            mark["questions"] = qs
            mark["next"] = targets_of(n.next)
            first = n.questions[0]
            if not due:  # no rated tasks anywhere: the best options (of the question whose
                # options the inject carries) are the evaluator's cues
                item["expected_actions"] += [text_in(o.text, lang) for o in best_options(first)]
            # where the decision (or an option) goes on by conditions: a branch inject after it
            branches: list[dict] = []
            for o, oid in zip(first.options, back.options(nid, [o.id for o in first.options]), strict=True):
                edges = (o.next if len(n.questions) == 1 and o.next else None) or n.next
                fw = forward(nid, targets_of(edges))
                fallback = edges[-1].to if edges else None
                nxt = fallback if fallback in fw else (fw[0] if fw else None)
                if len(fw) > 1:
                    bid = f"{nid}{THEN}" if edges is n.next else f"{nid}{THEN}-{o.id}"
                    if bid not in [b["id"] for b in branches]:
                        branches.append(_branch_inject(bid, edges, fw, lang))
                    nxt = bid
                item["options"].append({"id": oid, "label": text_in(o.text, lang), "next_inject_id": nxt})
            if branches:
                item[MARK] = mark
                injects += [item, *branches]
                continue
        item[MARK] = mark
        injects.append(item)
    # a deadline happens at its time whatever the players do: IcebergTTX's parallel
    # timeline, an inject nothing leads to that its clock releases
    for d in sc.deadlines:
        did = d.id if d.id not in sc.nodes else f"{d.id}-deadline"
        dmark: dict = {"kind": "deadline"}
        dfac = text_in(d.facilitator, lang)
        if d.unless:
            dfac = (dfac + "\n\n" if dfac else "") + word("passes_if", lang == "ja", cond=d.unless)
        if dfac:
            dmark["facilitator"] = dfac
        injects.append(
            {
                "id": did,
                "title": text_in(d.title, lang),
                "content": text_in(d.text, lang),
                "target_teams": [],
                "sequence_order": len(injects) + 1,
                "next_inject_id": None,
                "options": [],
                "free_text_response": True,
                "triggers_communications": [],
                "expected_actions": [],
                "release_at_minutes": d.at,
                MARK: dmark,
            }
        )
    teams = [{"id": r, "label": sc.role_name(catalog, r, lang)} for r in sc.roles]
    used = {t for inj in injects for t in inj["target_teams"]}
    teams += [{"id": r, "label": sc.role_name(catalog, r, lang)} for r in sorted(used - set(sc.roles))]
    debrief = text_in(sc.debrief.what_happened, lang)
    lessons = [
        catalog.practices[p].title.get(lang) if p in catalog.practices else p for p in sc.debrief.lessons
    ]
    if lessons:
        debrief = (debrief + "\n\n" if debrief else "") + LESSONS + bullet_lines(lessons)
    doc = {
        "schema_version": SCHEMA_VERSION,
        "title": text_in(sc.title, lang),
        "description": text_in(sc.summary, lang),
        "tags": list(sc.tags),
        "metadata": {"author": "Tabletop export", "estimated_duration_minutes": sc.duration or None},
        "participant_teams": teams,
        "injects": injects,
        "start_inject_id": sc.start,
        "debrief_notes": debrief or None,
        MARK: {"id": sc.id, "format": sc.format, "lang": lang},
    }
    back.give_back(doc, sc)
    return doc
