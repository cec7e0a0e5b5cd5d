"""Import and export: IcebergTTX scenario JSON (schema_version 1.0) and MSEL spreadsheets
(Master Scenario Events Lists, as CSV) to and from format v1.

Pure conversion: data in, data or YAML text out. Nothing here reads or writes files.
Every importer works in two steps: the source becomes a small neutral graph
(``Graph``: nodes with texts, roles and target lists), and ``to_yaml`` writes that graph
as a format v1 scenario. The exporters walk a loaded ``Scenario`` in topological order
from the start (``node_order``).

Tabletop's own exports carry what the target format cannot say (the kind of each node,
decisions asking several roles, practice weights, branches taken by conditions) in an
extra ``x_tabletop`` field (IcebergTTX ignores unknown fields) or in extra MSEL columns
(``Type``, ``Node ID``, ``Options``, ``Next``), so that an exported scenario imports back
with the same injects and decisions. Conditions and effects do not survive: flags,
counters and meters are not exported, and a node that branched on a condition branches
by even chances after the round trip (its facilitator note says what the conditions were).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import deque

import attrs
import yaml

from .loader import BUILTIN_ID_RE, ID_RE
from .model import Catalog, Node, Scenario, Text

SCHEMA_VERSION = "1.0"
MARK = "x_tabletop"  # Tabletop's extra field in exported IcebergTTX JSON
END_ID = "end"


class ConvertError(ValueError):
    """The input cannot be converted; the message says why, for the user."""


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
    sid = slug(value or title, "imported-scenario", 60)
    if not ID_RE.match(sid):
        sid = "imported-" + sid
    if BUILTIN_ID_RE.match(sid):  # built-in ids are held to the built-in standard
        sid = "imported-" + sid
    return sid


# -- roles -----------------------------------------------------------------------------

# Words in a team's or recipient's name that point to a catalogue role, strongest first.
ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "csirt": ("csirt", "cert", "soc", "security", "infosec", "cyber", "ciso", "incident response", "sirt"),
    "pr": ("public relations", "communications", "comms", "media", "press", "pr", "marketing", "広報"),
    "legal": ("legal", "counsel", "compliance", "privacy", "regulatory", "dpo", "法務"),
    "management": (
        "executive", "exec", "management", "leadership", "board", "ceo", "cio", "coo", "cfo", "crisis",
        "director", "senior", "経営",
    ),
    "vendor": ("vendor", "supplier", "contractor", "third party", "msp", "provider", "maker", "保守"),
    "site": ("site", "plant", "facility", "facilities", "field", "ot", "physical", "depot", "現場"),
    "business": ("business", "finance", "hr", "customer", "sales", "service", "業務"),
    "system": (
        "it", "system", "systems", "infrastructure", "network", "ops", "operations", "tech", "engineering",
        "helpdesk", "service desk", "server", "システム",
    ),
}  # fmt: skip
EVERYONE = {"all", "everyone", "all players", "all teams", "all participants", "players", "全員"}


def _words(name: str) -> str:
    return " " + re.sub(r"[^0-9a-z\u3040-\u30ff\u4e00-\u9fff]+", " ", name.lower()).strip() + " "


def role_scores(name: str, catalog: Catalog | None) -> list[str]:
    """Catalogue roles a name may mean, best first (may be empty)."""
    low = name.strip().lower()
    m = re.search(r"\(([a-z0-9-]+)\)\s*$", low)
    if catalog is not None:
        for rid, role in catalog.roles.items():
            names = {
                rid,
                (role.name.en or "").lower(),
                (role.name.ja or "").lower(),
                (role.name.any or "").lower(),
            }
            if low in names or (m and m.group(1) == rid):
                return [rid]
    words = _words(name)
    scored = []
    for rid, keys in ROLE_WORDS.items():
        for rank, key in enumerate(keys):
            hit = key in name if not key.isascii() else f" {key} " in words
            if hit:
                scored.append((rank, list(ROLE_WORDS).index(rid), rid))
                break
    known = set(catalog.roles) if catalog is not None else set(ROLE_WORDS)
    return [rid for _, _, rid in sorted(scored) if rid in known]


class RoleMap:
    """Source names (teams, recipients) → catalogue role ids, each source name its own
    role where the catalogue has one to spare; labels keep the source's names."""

    def __init__(self, catalog: Catalog | None) -> None:
        self.catalog = catalog
        self.by_name: dict[str, str] = {}
        self.labels: dict[str, list[str]] = {}
        self.order: list[str] = []

    def role(self, name: str) -> str:
        key = name.strip().lower()
        if key in self.by_name:
            return self.by_name[key]
        known = list(self.catalog.roles) if self.catalog is not None else list(ROLE_WORDS)
        candidates = role_scores(name, self.catalog)
        free = [r for r in candidates if r not in self.labels]
        if free:
            rid = free[0]
        elif candidates:
            rid = candidates[0]
        else:  # nothing in the name points anywhere: the first unused role, else business
            rest = [r for r in ("business", "management", "system", "csirt", "pr", "legal", "site", "vendor")
                    if r in known and r not in self.labels]  # fmt: skip
            rid = rest[0] if rest else (known[0] if known else "business")
        self.by_name[key] = rid
        if rid not in self.labels:
            self.labels[rid] = []
            self.order.append(rid)
        if name.strip() not in self.labels[rid]:
            self.labels[rid].append(name.strip())
        return rid

    def fixed(self, rid: str, label: str) -> str:
        """A source name that is already a catalogue role id (Tabletop's own exports)."""
        self.by_name[rid.lower()] = self.by_name[label.strip().lower()] = rid
        if rid not in self.labels:
            self.labels[rid] = []
            self.order.append(rid)
        if label.strip() and label.strip() != rid and label.strip() not in self.labels[rid]:
            self.labels[rid].append(label.strip())
        return rid

    def labels_for(self, rid: str) -> str:
        return " / ".join(self.labels.get(rid) or [rid])

    def role_labels(self) -> dict[str, str]:
        out = {}
        for rid in self.order:
            if not self.labels[rid]:
                continue
            label = " / ".join(self.labels[rid])
            role = self.catalog.roles.get(rid) if self.catalog is not None else None
            official = {(role.name.en or "").lower(), (role.name.ja or "").lower()} if role else set()
            if label.lower() not in official | {rid}:
                out[rid] = label
        return out


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
        if n.kind != "ending" and n.targets:
            d["next"] = _edges(n.targets)
        nodes[n.id] = d
    doc["nodes"] = nodes
    objectives = _objectives(g)
    if objectives:
        doc["objectives"] = objectives
    return doc


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
    japanese = _japanese(g.title + "".join(t.text for t in g.tasks))
    out = []
    for k, tasks in enumerate(chunks, 1):
        titles = list(dict.fromkeys(t.title for t in tasks))
        named = titles[0] if len(titles) == 1 else f"{titles[0]} … {titles[-1]}"
        title = f"期待される対応: {named}" if japanese else f"Expected actions: {named}"
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


def _japanese(text: str) -> bool:
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
    from .text import clean

    if isinstance(value, dict):
        return {k: _cleaned(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_cleaned(v) for v in value]
    return clean(value) if isinstance(value, str) else value


def to_yaml(g: Graph) -> str:
    from .text import one_line

    # one comment line each: a title from the imported file must not end the comment
    # (a newline in it would start YAML keys of its own)
    header = "".join(f"# {one_line(line)}\n" if line else "#\n" for line in g.header)
    body = yaml.dump(
        _cleaned(graph_to_dict(g)), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100
    )
    return header + body


def _finish(g: Graph) -> Graph:
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
        g.nodes[END_ID] = GNode(
            END_ID,
            "ending",
            title="End of the exercise",
            text="The scenario ends here. Time for the debrief.",
            facilitator="A generic ending added by the import: the source scenario stops here "
            "without saying how it turned out, so the outcome is 'mixed'.",
        )
    return g


def _lines(items) -> str:
    return "\n".join(f"- {x}" for x in items if str(x).strip())


# -- IcebergTTX → format v1 ------------------------------------------------------------


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
        known = _catalog_ids(catalog) or set(ROLE_WORDS)
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
            notes.append("Expected actions:\n" + _lines(expected))
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
                            practices=_practices(o.get("practices"), catalog),
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
                who = _str(c.get("external_entity") or "an outside party", "external_entity")
                way = "to" if c.get("direction") == "outbound" else "from"
                subject = _str(c.get("subject"), "subject", required=False)
                body = _str(c.get("body"), "body", required=False)
                msgs.append(
                    f"Message {way} {who}"
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
                practices = _practices(o.get("practices"), catalog)
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
                    o.feedback = "This follows the expected actions:\n" + _lines(expected)
            dnotes = (
                [f"Teams receiving this inject: {', '.join(roles.labels_for(r) for r in audience)}"]
                if len(audience) > 1
                else []
            )
            dnotes += notes
            g.nodes[did] = GNode(
                did,
                "decision",
                questions=[GQuestion(role, f"{ititle}: what do you do?", opts)],
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
    _finish(g)
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
    _note_chances(g)
    return g


def _note_chances(g: Graph) -> None:
    branching = [n for n in g.nodes.values() if len(set(n.targets)) > 1]
    branching += [
        n for n in g.nodes.values() for q in n.questions for o in q.options if len(set(o.targets)) > 1
    ]
    if branching:
        g.header += [
            "Branches that depended on flags, counters or meters (not exported) now go by even",
            "chances; the facilitator notes say what the conditions were.",
        ]


def _catalog_ids(catalog: Catalog | None) -> set[str]:
    return set(catalog.roles) if catalog is not None else set()


def _practices(raw, catalog: Catalog | None) -> dict[str, int]:
    """Practice weights carried by the source (Tabletop's own exports): kept when known."""
    if not isinstance(raw, dict):
        return {}
    out = {}
    for pid, w in raw.items():
        ok = isinstance(w, int) and not isinstance(w, bool) and -10 <= w <= 10 and w
        if ok and (catalog is None or pid in catalog.practices):
            out[str(pid)] = w
    return out


def iceberg_to_yaml(doc, catalog: Catalog | None = None, sid: str | None = None) -> str:
    return to_yaml(iceberg_to_graph(doc, catalog, sid))


# -- MSEL (CSV) → format v1 ------------------------------------------------------------

# Header variants, normalised (lowercase, non-alphanumerics as single spaces).
COLUMNS: dict[str, tuple[str, ...]] = {
    "number": (
        "event", "event no", "event number", "event id", "inject no", "inject number", "inject id", "msel no",
        "msel number", "msel id", "no", "number", "id", "serial", "seq", "sequence", "ref", "item",
    ),
    "time": (
        "time", "scenario time", "exercise time", "planned time", "delivery time", "inject time", "date time",
        "datetime", "timing", "t", "clock", "when", "start time",
    ),
    "from": ("from", "sender", "originator", "source", "simulated sender", "from originator"),
    "to": (
        "to", "recipient", "recipients", "receiver", "player", "players", "audience", "target", "to recipient",
        "intended player", "intended players", "responsible", "assigned to",
    ),
    "method": ("method", "delivery method", "mode", "means", "delivery", "channel", "medium"),
    "title": ("title", "subject", "event title", "inject title", "event name", "inject name", "name", "summary"),
    "message": (
        "message", "description", "event description", "inject description", "content", "details",
        "inject text", "message text", "narrative", "text", "scenario", "inject", "event", "situation",
    ),
    "expected": (
        "expected action", "expected actions", "expected response", "expected player action",
        "expected player actions", "anticipated response", "expected outcome", "expected outcomes",
        "desired response",
    ),
    "notes": ("notes", "note", "remarks", "comments", "controller notes", "facilitator notes", "evaluator notes"),
    "objective": ("objective", "objectives", "capability", "exercise objective", "task"),
    "type": ("type", "kind", "node type"),
    "node": ("node id", "node", "tabletop id"),
    "options": ("options", "choices"),
    "next": ("next", "next node", "goes to"),
}  # fmt: skip


def _norm(h: str) -> str:
    h = h.replace("#", " no ").lower()
    h = re.sub(r"\bnum\b|\bnbr\b", "no", h)
    return re.sub(r"[^0-9a-z]+", " ", h).strip()


def map_columns(header: list[str]) -> dict[str, int]:
    """Header cells → {field: column index}. Exact names win over looser matches."""
    normed = [_norm(h) for h in header]
    out: dict[str, int] = {}
    for exact in (True, False):
        for field, names in COLUMNS.items():
            if field in out:
                continue
            for i, h in enumerate(normed):
                if i in out.values() or not h:
                    continue
                if exact:
                    ok = h in names
                else:  # "Expected Player Action(s)", "Inject # / ID", "Time (T+)"...
                    ok = any(h.startswith(n + " ") or h.endswith(" " + n) for n in names if len(n) > 2)
                if ok:
                    out[field] = i
                    break
    return out


def parse_csv(text: str) -> list[list[str]]:
    """CSV text → rows; the delimiter (comma, semicolon, tab) is sniffed."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise ConvertError("the CSV file is empty")
    from .encode import unneutralise

    # Only the delimiter is sniffed. The quoting rule always is Excel's (doubled quotes):
    # the sniffer guesses doublequote=False when its sample happens to hold no "", and a
    # quote further down would then cut a cell and shift the columns after it.
    try:
        delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    try:
        return [
            [unneutralise(cell) for cell in row]
            for row in csv.reader(io.StringIO(text, newline=""), csv.excel, delimiter=delimiter)
        ]
    except csv.Error as e:
        raise ConvertError(f"the CSV file cannot be read: {e}") from None


TIME_RE = re.compile(r"^(?:day\s*(\d+)\s*)?([01]?\d|2[0-3])[:.h]?([0-5]\d)(?::[0-5]\d)?\Z", re.I | re.ASCII)
OFFSET_RE = re.compile(
    r"^[th]?\s*\+\s*(?:(\d+)\s*[:h]\s*(\d{1,2})|(\d+)\s*(m|min|mins|minutes|h|hr|hours)?)\s*\Z",
    re.I | re.ASCII,
)


def _minutes(cell: str) -> tuple[str, int] | None:
    """'09:15' → ('clock', 555); 'T+0:15', '+15m', 'T+2h' → ('offset', 15...)."""
    s = cell.strip()
    m = OFFSET_RE.match(s)
    if m:
        if m.group(1) is not None:
            return "offset", int(m.group(1)) * 60 + int(m.group(2))
        n = int(m.group(3))
        return "offset", n * 60 if (m.group(4) or "").lower().startswith("h") else n
    m = TIME_RE.match(s)
    if m:
        return "clock", int(m.group(1) or 1) * 1440 - 1440 + int(m.group(2)) * 60 + int(m.group(3))
    return None


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


def msel_to_graph(rows: list[list[str]], catalog: Catalog | None = None, sid: str | None = None,
                  title: str | None = None) -> Graph:  # fmt: skip
    rows = [[c.strip() for c in r] for r in rows]
    rows = [r for r in rows if any(r)]
    if not rows:
        raise ConvertError("the CSV file is empty")
    head_at, cols = None, {}
    for i, r in enumerate(rows[:10]):
        cols = map_columns(r)
        if "message" in cols or "title" in cols:
            head_at = i
            break
    if head_at is None:
        raise ConvertError(
            "no message column found in the first rows of the CSV: an MSEL needs a column such as "
            f"'Message', 'Description' or 'Inject' (header seen: {', '.join(rows[0])[:200]})"
        )
    pre = [c for r in rows[:head_at] for c in r if c]
    body = rows[head_at + 1 :]

    def cell(r, field) -> str:
        i = cols.get(field)
        return r[i].strip() if i is not None and i < len(r) else ""

    body = [r for r in body if cell(r, "message") or cell(r, "title")]
    if not body:
        raise ConvertError("the CSV file has a header but no events (rows with a message)")
    name = (pre[0] if pre else "") or title or "Imported MSEL exercise"
    g = Graph(id=scenario_id(sid, name), title=name)
    roles = RoleMap(catalog)
    graph_mode = "node" in cols and ("next" in cols or "type" in cols)
    ids = IdMaker({END_ID} if not graph_mode else ())
    node_of_row: list[str] = []
    for n, r in enumerate(body):
        key = cell(r, "node") if graph_mode else ""
        if graph_mode and key and not ID_RE.match(key):
            raise ConvertError(
                f"row {n + 1}: node id {key!r} is not valid (lowercase letters, digits, hyphens)"
            )
        if graph_mode and key:
            node_of_row.append(key)
            ids.used.add(key)
        else:
            num = cell(r, "number")
            node_of_row.append(ids.make(f"event-{num}" if num else f"event-{n + 1}", "event"))

    times = [_minutes(cell(r, "time")) for r in body]
    kinds = {k for k, _ in filter(None, times)}
    base = None
    if len(kinds) == 1 and times[0] is not None:
        base = times[0][1]
        if kinds == {"clock"} and base < 1440:
            g.clock_start = f"{base // 60:02d}:{base % 60:02d}"
    last = base

    def recipients(cell_text: str) -> list[str]:
        names = [x.strip() for x in re.split(r"[,;\n]", cell_text) if x.strip()]
        if any(x.lower() in EVERYONE for x in names):
            return []
        return [roles.role(x) for x in names]

    for n, r in enumerate(body):
        nid = node_of_row[n]
        kind = cell(r, "type").lower() if graph_mode else "inject"
        if kind not in ("inject", "decision", "ending"):
            kind = "inject"
        head, msg = cell(r, "title"), cell(r, "message")
        notes = []
        if cell(r, "expected"):
            notes.append("Expected action: " + cell(r, "expected"))
        if cell(r, "objective"):
            notes.append("Objective: " + cell(r, "objective"))
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
                                        practices=_practices(practices, catalog)))  # fmt: skip
                else:
                    opts.append(GOption(oids.make(line, "option"), line.strip().lstrip("-*• ").strip()))
            if len(opts) < 2:
                raise ConvertError(
                    f"row {n + 1}: decision '{nid}' needs at least two lines in its Options cell"
                )
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
                x for x in (f"From: {sender}" if sender else "", f"({method})" if method else "") if x
            )
            text = (msg or head) if graph_mode else "\n\n".join(x for x in (head, msg) if x)
            if via and not graph_mode:
                text = f"{text}\n\n{via}"
            if not graph_mode and cell(r, "time"):
                notes.insert(0, f"MSEL event {cell(r, 'number') or n + 1}, time {cell(r, 'time')}")
            node = GNode(nid, "inject", text=text, audience=recipients(cell(r, "to")),
                         facilitator="\n\n".join(notes), advance=advance)  # fmt: skip
        if nid in g.nodes:
            raise ConvertError(f"row {n + 1}: node id '{nid}' is used twice")
        g.nodes[nid] = node
        if cell(r, "expected") and not graph_mode:  # Tabletop's own export: best options, not tasks
            objective = cell(r, "objective")
            event = f"{cell(r, 'number') or n + 1}"
            name = objective or head or f"#{event} {cell(r, 'time')}".strip()
            g.tasks.append(GTask(cell(r, "expected"), nid, objective or f"event {event}", name))
        if graph_mode and cell(r, "next"):
            node.targets = _next_cell(cell(r, "next"))
            if len(set(node.targets)) > 1:
                node.facilitator = "\n\n".join(
                    x for x in (node.facilitator, "Branches: " + cell(r, "next")) if x
                )
    order = list(g.nodes)
    if not graph_mode:
        for a, b in zip(order, order[1:], strict=False):
            g.nodes[a].targets = [b]
    for n in g.nodes.values():
        for t in n.targets + [t for q in n.questions for o in q.options for t in o.targets]:
            if t not in g.nodes and t != END_ID:
                raise ConvertError(f"'{n.id}' leads to '{t}', which is not a node id in the CSV")
    g.start = order[0]
    g.roles = list(roles.order) or [roles.role("Executive")]
    g.role_labels = roles.role_labels()
    _finish(g)
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
    _note_chances(g)
    return g


def msel_to_yaml(
    rows, catalog: Catalog | None = None, sid: str | None = None, title: str | None = None
) -> str:
    return to_yaml(msel_to_graph(rows, catalog, sid, title))


# -- detecting the kind of input -------------------------------------------------------


def detect(text: str) -> tuple[str, object]:
    """Input text → ('iceberg', parsed JSON) or ('msel', CSV rows)."""
    s = text.lstrip("\ufeff").strip()
    if not s:
        raise ConvertError("the file is empty")
    if s[0] in "{[":
        try:
            data = json.loads(s)
        except json.JSONDecodeError as e:
            raise ConvertError(
                f"the file looks like JSON but is not valid JSON: {e.msg} (line {e.lineno})"
            ) from None
        if not isinstance(data, dict) or not ("injects" in data or "schema_version" in data):
            raise ConvertError(
                "the JSON is not an IcebergTTX scenario (an object with schema_version, injects, start_inject_id)"
            )
        return "iceberg", data
    return "msel", parse_csv(text)


def import_text(text: str, catalog: Catalog | None = None, sid: str | None = None,
                name: str | None = None) -> tuple[str, str]:  # fmt: skip
    """Any supported input → (kind, format v1 YAML text)."""
    kind, data = detect(text)
    if kind == "iceberg":
        return kind, iceberg_to_yaml(data, catalog, sid)
    return kind, msel_to_yaml(data, catalog, sid, name)


# -- exports ---------------------------------------------------------------------------


def _targets(edges) -> list[str]:
    return list(dict.fromkeys(e.to for e in edges))


def _edge_labels(edges) -> list[str]:
    out = []
    for e in edges:
        if e.when:
            out.append(f"if {e.when}: {e.to}")
        elif e.chance:
            out.append(f"chance {e.chance}%: {e.to}")
        elif len(edges) > 1:
            out.append(f"otherwise: {e.to}")
        else:
            out.append(e.to)
    return out


def node_order(scenario: Scenario) -> list[str]:
    """Node ids in topological order from the start (ties broken by distance from the
    start, then file order); a loop's back edges are ignored; unreachable nodes last."""
    from .topology import node_graph

    g = node_graph(scenario)
    file_pos = {nid: i for i, nid in enumerate(scenario.nodes)}
    dist = {scenario.start: 0}
    queue = deque([scenario.start])
    while queue:
        u = queue.popleft()
        for v in sorted(g.successors(u), key=file_pos.get):
            if v not in dist:
                dist[v] = dist[u] + 1
                queue.append(v)
    # drop the edges that close loops (found by a depth-first walk from the start)
    back, state = set(), {}
    stack = [(scenario.start, iter(sorted(g.successors(scenario.start), key=file_pos.get)))]
    state[scenario.start] = 1
    while stack:
        u, it = stack[-1]
        for v in it:
            if state.get(v) == 1:
                back.add((u, v))
            elif v not in state:
                state[v] = 1
                stack.append((v, iter(sorted(g.successors(v), key=file_pos.get))))
                break
        else:
            state[u] = 2
            stack.pop()
    dag = g.subgraph(dist).copy()
    dag.remove_edges_from(back)
    import networkx as nx

    order = list(nx.lexicographical_topological_sort(dag, key=lambda n: (dist[n], file_pos[n])))
    return order + [n for n in scenario.nodes if n not in dist]


def _t(text: Text | None, lang: str) -> str:
    return text.get(lang).strip() if text is not None else ""


def export_lang(scenario: Scenario, lang: str | None) -> str:
    if lang:
        return lang
    langs = scenario.languages
    return "en" if "en" in langs or not langs else langs[0]


def _first_sentence(text: str, limit: int = 80) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    m = re.match(r"^(.+?[.!?。])(\s|$)", line)
    s = m.group(1) if m else line
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"


def _node_title(n: Node, sc: Scenario, catalog: Catalog, lang: str) -> str:
    if n.kind == "ending" and n.title:
        return _t(n.title, lang)
    if n.kind == "decision":
        return "Decision: " + ", ".join(sc.role_name(catalog, q.role, lang) for q in n.questions)
    return _first_sentence(_t(n.text, lang)) or n.id


def _best(q) -> list:
    top = max((max(o.weights) for o in q.options), default=0)
    return [o for o in q.options if max(o.weights) == top and top > 0]


def _followed(o) -> tuple:
    """What an option follows, for formats without rulings: a ruled option (contested call,
    open answer) goes out with the practices of its best rubric level."""
    if o.rubric:
        return max(o.rubric, key=lambda lv: lv.weight).practices
    return o.practices


def _clock_times(sc: Scenario, order: list[str]) -> dict[str, int]:
    """The earliest scenario-clock minute at which each node can arrive."""
    from .topology import node_graph

    g = node_graph(sc)
    pos = {n: i for i, n in enumerate(order)}
    t = {sc.start: sc.nodes[sc.start].effects.advance}
    for u in order:
        if u not in t:
            continue
        for v in g.successors(u):
            if pos.get(v, -1) > pos[u]:
                cand = t[u] + sc.nodes[v].effects.advance
                t[v] = min(t.get(v, cand), cand)
    return t


def scenario_to_msel(sc: Scenario, catalog: Catalog, lang: str | None = None) -> list[list[str]]:
    """One row per inject, decision (one per role asked) and ending, in topological order."""
    lang = export_lang(sc, lang)
    order = node_order(sc)
    times = _clock_times(sc, order)
    head = ["Event #", "Time", "Type", "Node ID", "From", "To", "Method", "Title", "Message", "Options",
            "Next", "Expected Action", "Notes"]  # fmt: skip
    rows = [head]

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
            h, m = divmod((sc.clock_start + minute) % 1440, 60)
            when = f"{h:02d}:{m:02d}"
        else:
            when = f"T+{minute // 60}:{minute % 60:02d}"
        notes = _t(n.facilitator, lang)
        nxt = "; ".join(_edge_labels(n.next))
        if n.kind == "decision":
            for q in n.questions:
                lines = []
                for o in q.options:
                    pr = ", ".join(f"{p} {w:+d}" for p, w in _followed(o))
                    tg = ", ".join(_targets(o.next)) if len(n.questions) == 1 and o.next else ""
                    lines.append(o.id + (f" {{{pr}}}" if pr else "") + (f" (-> {tg})" if tg else "")
                                 + ": " + " ".join(_t(o.text, lang).split()))  # fmt: skip
                best = "; ".join(_t(o.text, lang) for o in _best(q))
                rows.append([str(i), when, "decision", nid, "Facilitator", role(q.role), "Discussion",
                             _node_title(n, sc, catalog, lang), _t(q.prompt, lang), "\n".join(lines), nxt,
                             best, notes])  # fmt: skip
        elif n.kind == "ending":
            rows.append([str(i), when, "ending", nid, "Facilitator", "All", f"Debrief ({n.outcome})",
                         _t(n.title, lang), _t(n.text, lang), "", "", "", notes])  # fmt: skip
        else:
            to = "; ".join(role(r) for r in n.audience) or "All"
            rows.append([str(i), when, "inject", nid, "Facilitator", to, "Briefing",
                         _node_title(n, sc, catalog, lang), _t(n.text, lang), "", nxt, "", notes])  # fmt: skip
    return rows


def rows_to_csv(rows: list[list[str]]) -> str:
    from .encode import to_csv

    return to_csv(rows)


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
            "title": _node_title(n, sc, catalog, lang),
            "content": "",
            "target_teams": [],
            "sequence_order": i,
            "next_inject_id": None,
            "options": [],
            "free_text_response": True,
            "triggers_communications": [],
            "expected_actions": [],
        }
        fac = _t(n.facilitator, lang)
        mark: dict = {"kind": n.kind}
        if fac:
            mark["facilitator"] = fac
        if n.kind == "ending":
            item["content"] = _t(n.text, lang)
            mark["outcome"] = n.outcome
        elif n.kind == "inject":
            item["content"] = _t(n.text, lang)
            item["target_teams"] = list(n.audience)
            targets = _targets(n.next)
            mark["next"] = targets
            fw = forward(nid, targets)
            if len(n.next) == 1:
                item["next_inject_id"] = fw[0] if fw else None
            else:  # a branch on conditions: the facilitator picks it in IcebergTTX
                item["options"] = [
                    {"id": f"branch-{k}", "label": f"Facilitator: {label}", "next_inject_id": e.to}
                    for k, (e, label) in enumerate(zip(n.next, _edge_labels(n.next), strict=True), 1)
                    if e.to in fw
                ]
                if fac:
                    fac += "\n\n"
                mark["facilitator"] = fac + "Branches: " + "; ".join(_edge_labels(n.next))
        else:
            prompts = [
                (f"{sc.role_name(catalog, q.role, lang)}: " if len(n.questions) > 1 else "")
                + _t(q.prompt, lang)
                for q in n.questions
            ]
            item["content"] = "\n\n".join(prompts)
            item["target_teams"] = [q.role for q in n.questions]
            qs = []
            for q in n.questions:
                qs.append(
                    {
                        "role": q.role,
                        "prompt": _t(q.prompt, lang),
                        "options": [
                            {
                                "id": o.id,
                                "text": _t(o.text, lang),
                                "feedback": _t(o.feedback, lang),
                                "practices": dict(_followed(o)),
                                "next": _targets(o.next),
                            }
                            for o in q.options
                        ],
                    }
                )
                item["expected_actions"] += [_t(o.text, lang) for o in _best(q)]
            mark["questions"] = qs
            mark["next"] = _targets(n.next)
            first = n.questions[0]
            for o in first.options:
                edges = (o.next if len(n.questions) == 1 and o.next else None) or n.next
                fw = forward(nid, _targets(edges))
                fallback = edges[-1].to if edges else None
                item["options"].append(
                    {
                        "id": o.id,
                        "label": _t(o.text, lang),
                        "next_inject_id": fallback if fallback in fw else (fw[0] if fw else None),
                    }
                )
        item[MARK] = mark
        injects.append(item)
    teams = [{"id": r, "label": sc.role_name(catalog, r, lang)} for r in sc.roles]
    used = {t for inj in injects for t in inj["target_teams"]}
    teams += [{"id": r, "label": sc.role_name(catalog, r, lang)} for r in sorted(used - set(sc.roles))]
    debrief = _t(sc.debrief.what_happened, lang)
    lessons = [
        catalog.practices[p].title.get(lang) if p in catalog.practices else p for p in sc.debrief.lessons
    ]
    if lessons:
        debrief = (debrief + "\n\n" if debrief else "") + "Lessons:\n" + _lines(lessons)
    return {
        "schema_version": SCHEMA_VERSION,
        "title": _t(sc.title, lang),
        "description": _t(sc.summary, lang),
        "tags": list(sc.tags),
        "metadata": {"author": "Tabletop export", "estimated_duration_minutes": sc.duration or None},
        "participant_teams": teams,
        "injects": injects,
        "start_inject_id": sc.start,
        "debrief_notes": debrief or None,
        MARK: {"id": sc.id, "format": sc.format, "lang": lang},
    }
