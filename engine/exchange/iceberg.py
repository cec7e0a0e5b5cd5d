"""IcebergTTX scenario JSON (schema_version 1.0) to and from format v1.

Tabletop's own exports carry what IcebergTTX cannot say (the kind of each node, decisions
asking several roles, practice weights, branches taken by conditions) in an extra
``x_tabletop`` field (IcebergTTX ignores unknown fields), so that an exported scenario
imports back with the same injects and decisions. Conditions and effects do not survive:
flags, counters and meters are not exported, and a node that branched on a condition
branches by even chances after the round trip (its facilitator note says what the
conditions were).
"""

from __future__ import annotations

from ..model import Catalog, Scenario
from .graph import (
    END_ID,
    ConvertError,
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
    slug,
    to_yaml,
    word,
)
from .order import (
    best_options,
    edge_labels,
    export_lang,
    followed_practices,
    node_order,
    node_title,
    targets_of,
    text_in,
)
from .roles import ROLE_WORDS, RoleMap

SCHEMA_VERSION = "1.0"
MARK = "x_tabletop"  # Tabletop's extra field in exported IcebergTTX JSON


def _need(cond: bool, message: str) -> None:
    if not cond:
        raise ConvertError(message)


def _str(value, what: str, required: bool = True) -> str:
    if value is None and not required:
        return ""
    _need(isinstance(value, str | int | float) and not isinstance(value, bool), f"{what} must be a string")
    s = str(value).strip()
    _need(bool(s) or not required, f"{what} is empty")
    return s


def _list(value, what: str) -> list:
    if value is None:
        return []
    _need(isinstance(value, list), f"{what} must be a list")
    return value


def iceberg_to_graph(doc, catalog: Catalog | None = None, sid: str | None = None) -> Graph:
    _need(isinstance(doc, dict), "an IcebergTTX scenario must be a JSON object")
    version = doc.get("schema_version")
    _need(
        str(version) == SCHEMA_VERSION,
        f"unsupported IcebergTTX schema_version {version!r}: only {SCHEMA_VERSION!r} can be imported",
    )
    for key in ("title", "injects", "start_inject_id"):
        _need(key in doc, f"the IcebergTTX scenario has no '{key}' field")
    title = _str(doc["title"], "title")
    injects = _list(doc["injects"], "injects")
    _need(bool(injects), "the IcebergTTX scenario has no injects")
    meta = doc.get("metadata") or {}
    _need(isinstance(meta, dict), "metadata must be an object")
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
        _need(isinstance(t, dict), f"participant team {i + 1} must be an object")
        tid = _str(t.get("id"), f"the id of participant team {i + 1}")
        label = _str(t.get("label") or tid, f"the label of team '{tid}'")
        known = catalog_role_ids(catalog) or set(ROLE_WORDS)
        teams[tid] = roles.fixed(tid, label) if tid in known else roles.role(label)

    ids = IdMaker({END_ID})
    raw_ids = []
    for i, inj in enumerate(injects):
        _need(isinstance(inj, dict), f"inject {i + 1} must be an object")
        iid = _str(inj.get("id"), f"the id of inject {i + 1}")
        _need(iid not in raw_ids, f"inject id '{iid}' is used twice")
        raw_ids.append(iid)
        for key in ("title", "content"):
            _need(key in inj, f"inject '{iid}' has no '{key}' field")
        ids.source(iid, "inject")
    start = _str(doc["start_inject_id"], "start_inject_id")
    _need(start in ids.map, f"start_inject_id '{start}' is not one of the injects")

    def target(ref, where: str) -> list[str]:
        if ref is None or ref == "":
            return []
        ref = _str(ref, f"next_inject_id of {where}")
        _need(ref in ids.map, f"{where} leads to '{ref}', which is not one of the injects")
        return [ids.map[ref]]

    def team_role(t) -> str:
        t = _str(t, "a target team")
        if t not in teams:  # not declared: map it by its name
            teams[t] = roles.role(t)
        return teams[t]

    for inj in injects:
        iid = inj["id"]
        nid = ids.map[iid]
        ititle = _str(inj.get("title"), f"the title of inject '{iid}'")
        content = _str(inj.get("content"), f"the content of inject '{iid}'")
        audience = [team_role(t) for t in _list(inj.get("target_teams"), f"target_teams of '{iid}'")]
        expected = [
            _str(a, f"an expected action of '{iid}'")
            for a in _list(inj.get("expected_actions"), f"expected_actions of '{iid}'")
        ]
        options = _list(inj.get("options"), f"options of '{iid}'")
        comms = _list(inj.get("triggers_communications"), f"triggers_communications of '{iid}'")
        m = inj.get(MARK) if isinstance(inj.get(MARK), dict) else {}
        notes = []
        if expected:
            notes.append("Expected actions:\n" + bullet_lines(expected))
        for i, o in enumerate(options):
            _need(isinstance(o, dict), f"option {i + 1} of inject '{iid}' must be an object")
            _str(o.get("id"), f"the id of option {i + 1} of inject '{iid}'")
            _str(o.get("label"), f"the label of option '{o.get('id')}' of inject '{iid}'")
        kind = m.get("kind")

        if kind == "ending":
            g.nodes[nid] = GNode(
                nid,
                "ending",
                title=ititle,
                text=content,
                outcome=m.get("outcome") if m.get("outcome") in ("good", "mixed", "bad") else "mixed",
                facilitator="\n\n".join(notes),
            )
            continue
        if kind == "decision" and isinstance(m.get("questions"), list) and m["questions"]:
            qs = []
            for q in m["questions"]:
                role = team_role(q.get("role") or "")
                opts = []
                oids = IdMaker()
                for o in _list(q.get("options"), f"options of '{iid}'"):
                    tg = []
                    for t in _list(o.get("next"), "next"):
                        tg += target(t, f"an option of inject '{iid}'")
                    opts.append(
                        GOption(
                            oids.make(str(o.get("id") or o.get("text")), "option"),
                            _str(o.get("text"), f"an option of inject '{iid}'"),
                            tg,
                            feedback=str(o.get("feedback") or ""),
                            practices=known_practices(o.get("practices"), catalog),
                        )
                    )
                qs.append(GQuestion(role, _str(q.get("prompt"), f"a prompt of '{iid}'"), opts))
            tg = []
            for t in _list(m.get("next"), "next"):
                tg += target(t, f"inject '{iid}'")
            fac = str(m.get("facilitator") or "")
            g.nodes[nid] = GNode(nid, "decision", title=ititle, questions=qs, targets=tg, facilitator=fac)
            g.weighted = g.weighted or any(o.practices for q in qs for o in q.options)
            continue
        if kind == "inject" and isinstance(m.get("next"), list):
            tg = []
            for t in m["next"]:
                tg += target(t, f"inject '{iid}'")
            fac = str(m.get("facilitator") or "")
            g.nodes[nid] = GNode(nid, "inject", text=content, audience=audience, targets=tg, facilitator=fac)
            continue

        # IcebergTTX's own meaning: an inject, then a decision when there is a choice
        node = GNode(
            nid, "inject", text=f"{ititle}\n\n{content}", audience=audience, facilitator="\n\n".join(notes)
        )
        g.nodes[nid] = node
        tail = node
        due = nid  # where its expected actions fall due: the inject, or its decision
        if comms:
            cid = ids.make(f"{nid}-messages")
            msgs = []
            for c in comms:
                _need(isinstance(c, dict), f"a communication of inject '{iid}' must be an object")
                subject = _str(c.get("subject"), "subject", required=False)
                body = _str(c.get("body"), "body", required=False)
                ja = japanese(ititle + content + subject + body)
                who = _str(c.get("external_entity") or word("outsider", ja), "external_entity")
                way = "message_to" if c.get("direction") == "outbound" else "message_from"
                msgs.append(
                    word(way, ja, who=who)
                    + (f": {subject}" if subject else "")
                    + (f"\n{body}" if body else "")
                )
            g.nodes[cid] = GNode(cid, "inject", text="\n\n".join(msgs))
            node.targets = [cid]
            tail = g.nodes[cid]
        linear = target(inj.get("next_inject_id"), f"inject '{iid}'")
        if len(options) >= 2:
            did = ids.make(f"{nid}-decision")
            role = audience[0] if audience else (roles.order[0] if roles.order else roles.role("Executive"))
            oids = IdMaker()
            opts = []
            for o in options:
                practices = known_practices(o.get("practices"), catalog)
                opts.append(
                    GOption(
                        oids.make(str(o["id"]), "option"),
                        _str(o["label"], "an option label"),
                        target(o.get("next_inject_id"), f"option '{o['id']}' of inject '{iid}'"),
                        practices=practices,
                    )
                )
            g.weighted = g.weighted or any(o.practices for o in opts)
            best = [o for o in opts if o.practices and sum(o.practices.values()) > 0]
            for o in best:
                if expected:
                    o.feedback = "This follows the expected actions:\n" + bullet_lines(expected)
            dnotes = (
                [f"Teams receiving this inject: {', '.join(roles.labels_for(r) for r in audience)}"]
                if len(audience) > 1
                else []
            )
            dnotes += notes
            g.nodes[did] = GNode(
                did,
                "decision",
                questions=[GQuestion(role, word("what_now", japanese(ititle + content), title=ititle), opts)],
                facilitator="\n\n".join(dnotes),
            )
            tail.targets = [did]
            node.facilitator = ""  # the notes go with the decision
            due = did
        elif len(options) == 1:
            o = options[0]
            tail.targets = target(o.get("next_inject_id"), f"option '{o['id']}' of inject '{iid}'") or linear
            node.facilitator = "\n\n".join(
                [
                    *notes,
                    f"The source offers one way on ('{_str(o['label'], 'an option label')}'), so there is no decision here.",
                ]
            )
        else:
            tail.targets = linear
        g.tasks += [GTask(a, due, iid, ititle) for a in expected if a.strip()]
    g.roles = list(roles.order) or [roles.role("Executive")]
    g.role_labels = roles.role_labels()
    g.start = ids.map[start]
    notes = doc.get("debrief_notes")
    finish_graph(g)
    if isinstance(notes, str) and notes.strip():
        for n in g.nodes.values():
            if n.kind == "ending":
                n.facilitator = "\n\n".join(
                    x for x in (n.facilitator, "Debrief notes: " + notes.strip()) if x
                )
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
    note_chances(g)
    return g


def catalog_role_ids(catalog: Catalog | None) -> set[str]:
    return set(catalog.roles) if catalog is not None else set()


def iceberg_to_yaml(doc, catalog: Catalog | None = None, sid: str | None = None) -> str:
    return to_yaml(iceberg_to_graph(doc, catalog, sid))


# -- format v1 → IcebergTTX ------------------------------------------------------------


def scenario_to_iceberg(sc: Scenario, catalog: Catalog, lang: str | None = None) -> dict:
    """An IcebergTTX scenario (schema_version 1.0). IcebergTTX cannot say what format v1
    can (conditions, effects, several roles answering at once): each inject carries
    ``x_tabletop`` so that Tabletop can read its own export back."""
    lang = export_lang(sc, lang)
    order = node_order(sc)
    pos = {nid: i for i, nid in enumerate(order)}

    def forward(src: str, targets: list[str]) -> list[str]:
        # IcebergTTX refuses loops: keep only the arrows that go forward in the order
        return [t for t in targets if pos.get(t, -1) > pos[src]]

    injects = []
    for i, nid in enumerate(order, 1):
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
            "expected_actions": [],
        }
        fac = text_in(n.facilitator, lang)
        mark: dict = {"kind": n.kind}
        if fac:
            mark["facilitator"] = fac
        if n.kind == "ending":
            item["content"] = text_in(n.text, lang)
            mark["outcome"] = n.outcome
        elif n.kind == "inject":
            item["content"] = text_in(n.text, lang)
            item["target_teams"] = list(n.audience)
            targets = targets_of(n.next)
            mark["next"] = targets
            fw = forward(nid, targets)
            if len(n.next) == 1:
                item["next_inject_id"] = fw[0] if fw else None
            else:  # a branch on conditions: the facilitator picks it in IcebergTTX
                item["options"] = [
                    {"id": f"branch-{k}", "label": f"Facilitator: {label}", "next_inject_id": e.to}
                    for k, (e, label) in enumerate(zip(n.next, edge_labels(n.next), strict=True), 1)
                    if e.to in fw
                ]
                if fac:
                    fac += "\n\n"
                mark["facilitator"] = fac + "Branches: " + "; ".join(edge_labels(n.next))
        else:
            prompts = [
                (f"{sc.role_name(catalog, q.role, lang)}: " if len(n.questions) > 1 else "")
                + text_in(q.prompt, lang)
                for q in n.questions
            ]
            item["content"] = "\n\n".join(prompts)
            item["target_teams"] = [q.role for q in n.questions]
            qs = []
            for q in n.questions:
                qs.append(
                    {
                        "role": q.role,
                        "prompt": text_in(q.prompt, lang),
                        "options": [
                            {
                                "id": o.id,
                                "text": text_in(o.text, lang),
                                "feedback": text_in(o.feedback, lang),
                                "practices": dict(followed_practices(o)),
                                "next": targets_of(o.next),
                            }
                            for o in q.options
                        ],
                    }
                )
                item["expected_actions"] += [text_in(o.text, lang) for o in best_options(q)]
            mark["questions"] = qs
            mark["next"] = targets_of(n.next)
            first = n.questions[0]
            for o in first.options:
                edges = (o.next if len(n.questions) == 1 and o.next else None) or n.next
                fw = forward(nid, targets_of(edges))
                fallback = edges[-1].to if edges else None
                item["options"].append(
                    {
                        "id": o.id,
                        "label": text_in(o.text, lang),
                        "next_inject_id": fallback if fallback in fw else (fw[0] if fw else None),
                    }
                )
        item[MARK] = mark
        injects.append(item)
    teams = [{"id": r, "label": sc.role_name(catalog, r, lang)} for r in sc.roles]
    used = {t for inj in injects for t in inj["target_teams"]}
    teams += [{"id": r, "label": sc.role_name(catalog, r, lang)} for r in sorted(used - set(sc.roles))]
    debrief = text_in(sc.debrief.what_happened, lang)
    lessons = [
        catalog.practices[p].title.get(lang) if p in catalog.practices else p for p in sc.debrief.lessons
    ]
    if lessons:
        debrief = (debrief + "\n\n" if debrief else "") + "Lessons:\n" + bullet_lines(lessons)
    return {
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
