"""A small scenario to start from: `tabletop new`.

``scaffold(id, roles)`` returns the YAML text of a complete, valid scenario (format v1) whose
comments explain each field. It uses only practices of the built-in catalogue (``PRACTICES``),
and every ending can be reached. Pure: no I/O.
"""

from __future__ import annotations

import difflib

from .encode import to_json
from .loader import ID_RE

DEFAULT_ROLES = ("system", "management")
# the built-in practices the scaffold's options follow or break
PRACTICES = (
    "consider-attack-in-failure-analysis",
    "isolate-affected-systems",
    "timely-transparent-communication",
)


class ScaffoldError(ValueError):
    """A bad id or role list; the message says what to do."""


def check_id(scenario_id: str) -> None:
    if not ID_RE.match(scenario_id or ""):
        raise ScaffoldError(
            f"'{scenario_id}' is not a valid scenario id: use lowercase letters, digits and hyphens, "
            "starting with a letter or digit (such as my-outage)"
        )


def check_roles(roles, known) -> None:
    """Raise ScaffoldError unless ``roles`` is a non-empty list of distinct roles from ``known``."""
    known = sorted(known)
    if not roles:
        raise ScaffoldError("give at least one role, such as --roles system,management")
    seen: set[str] = set()
    for r in roles:
        if r in seen:
            raise ScaffoldError(f"role '{r}' is given twice")
        seen.add(r)
        if r not in known:
            close = difflib.get_close_matches(r, known, n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else "."
            raise ScaffoldError(f"unknown role '{r}'{hint} The roles are: {', '.join(known)}")


def _q(s: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return to_json(s)


def _text(key: str, ja: str, en: str, indent: int) -> list[str]:
    pad = " " * indent
    return [f"{pad}{key}:", f"{pad}  ja: {_q(ja)}", f"{pad}  en: {_q(en)}"]


def _c(code: str, comment: str, col: int = 31) -> str:
    """A line of YAML with a comment, aligned with its neighbours when it fits."""
    return f"{code}{' ' * max(1, col - len(code))}# {comment}"


def _item(ja: str, en: str, indent: int) -> list[str]:
    pad = " " * indent
    return [f"{pad}- ja: {_q(ja)}", f"{pad}  en: {_q(en)}"]


LANG_NOTE = """\
# Languages: every text here is {ja: ..., en: ...}. A scenario of your own may be written
# in one language only: give just that key (en: ...) or a plain string. The scenario's
# languages are those of its title; a text that lacks one of them is a warning (TT060).
# Built-in scenarios (ids fyYYYY-NN-slug) must give both languages everywhere.
"""


def _options_d1(indent: int) -> list[str]:
    p = " " * indent
    out = [f"{p}options:"]
    out += [
        f"{p}  - id: treat-as-possible-attack   # unique within this decision",
        *_text(
            "text",
            "(例)単なる障害と決めつけず、攻撃の可能性も視野に入れて調べる。疑わしい外部接続は切り離す。",
            "(Example) Do not assume a plain fault: investigate with an attack in mind, and cut "
            "suspicious outside links.",
            indent + 4,
        ),
        f"{p}    # practices: practice id -> weight (-10..10); + follows it, - breaks it.",
        f"{p}    # `tabletop practices` lists the ids (scenarios/practices.yaml).",
        f"{p}    practices: {{consider-attack-in-failure-analysis: 2, isolate-affected-systems: 1}}",
        f"{p}    # effects: set a flag, add to a meter (kept within its min/max), advance the clock",
        f"{p}    effects: {{set: {{attack_suspected: true}}, add: {{service: -10}}, advance: 30m}}",
        *_text(
            "feedback",
            "(例)なぜ良い選択なのかを説明します。デブリーフで、または学習モードでは選んだ直後に表示されます。",
            "(Example) Say why this is a good choice. Shown in the debrief, or at once in learn mode.",
            indent + 4,
        ),
        f"{p}  - id: restart-and-watch",
        *_text(
            "text",
            "(例)サーバーを再起動し、様子を見る。",
            "(Example) Restart the server and see whether it happens again.",
            indent + 4,
        ),
        f"{p}    practices: {{consider-attack-in-failure-analysis: -1}}",
        f"{p}    effects: {{add: {{service: -20}}}}",
        *_text(
            "feedback",
            "(例)よくある対応ですが、攻撃の手がかりを消してしまうかもしれません。",
            "(Example) A common reflex, but a restart may wipe the traces of an attack.",
            indent + 4,
        ),
        f"{p}  - id: wait-for-the-vendor",
        *_text(
            "text",
            "(例)保守事業者の回答を待ち、それまでは何もしない。",
            "(Example) Wait for the maintenance contractor's answer and do nothing until then.",
            indent + 4,
        ),
        f"{p}    practices: {{consider-attack-in-failure-analysis: -2}}",
        f"{p}    effects: {{add: {{service: -40}}}}",
        *_text(
            "feedback",
            "(例)待つ間にも被害は広がります。",
            "(Example) While you wait, the damage spreads.",
            indent + 4,
        ),
        f"{p}  # An open answer: the player types what they would do, then (solo) rates it against the",
        f"{p}  # rubric; a facilitator can rule instead. It scores the practices of the level given.",
        f"{p}  # A contested call (`contested: true` on the decision) gives two or more options",
        f"{p}  # `for:` and `against:` texts and a rubric each: the ruling settles their points.",
        f"{p}  - id: own-words",
        f"{p}    open: true",
        *_text(
            "text",
            "(例)どれでもない(自分の言葉で答える)",
            "(Example) None of these: say what you would do",
            indent + 4,
        ),
        *_text(
            "model",
            "(例)攻撃の可能性を前提に、ログを保全してから疑わしい接続を切る。",
            "(Example) Assume it may be an attack: keep the logs, then cut the suspicious links.",
            indent + 4,
        ),
        f"{p}    rubric:",
        f"{p}      - id: attack-in-mind",
        *_text(
            "text",
            "(例)攻撃の可能性を挙げ、証拠を残す手を打った",
            "(Example) Named a possible attack and kept the evidence",
            indent + 8,
        ),
        f"{p}        practices: {{consider-attack-in-failure-analysis: 2}}",
        f"{p}      - id: fault-only",
        *_text(
            "text",
            "(例)障害としてだけ扱った",
            "(Example) Treated it as a fault only",
            indent + 8,
        ),
        f"{p}        practices: {{consider-attack-in-failure-analysis: -1}}",
    ]
    return out


def _options_d2(indent: int, first: bool) -> list[str]:
    p = " " * indent
    note = "   # option ids need only be unique within their question" if first else ""
    share = [
        *_text(
            "text",
            "(例)分かっている事実を今すぐほかの役割と共有し、次の一手を一緒に決める。",
            "(Example) Share the facts you know with the other roles now, and agree the next step together.",
            indent + 4,
        ),
        f"{p}    practices: {{timely-transparent-communication: 2}}",
        f"{p}    effects: {{set: {{shared: true}}}}",
        *_text(
            "feedback",
            "(例)早く正確に共有することで、全員が同じ状況認識で動けます。",
            "(Example) Early, accurate sharing lets everyone act on the same picture.",
            indent + 4,
        ),
    ]
    wait = [
        *_text(
            "text",
            "(例)全体像が分かるまで、共有は1時間待つ。",
            "(Example) Wait an hour, until the whole picture is clear, before telling anyone.",
            indent + 4,
        ),
        f"{p}    practices: {{timely-transparent-communication: -1}}",
        f"{p}    effects: {{add: {{service: -10}}}}",
        *_text(
            "feedback",
            "(例)慎重に見えますが、その1時間にほかの役割は古い情報で動きます。",
            "(Example) It looks careful, but for that hour the others act on old information.",
            indent + 4,
        ),
    ]
    keep = [
        f"{p}    # offered only while this holds: earlier answers change what is possible later",
        f'{p}    when: "not attack_suspected"',
        *_text(
            "text",
            "(例)自分のチームの中だけで対応し、外には伝えない。",
            "(Example) Handle it inside your own team and tell nobody else.",
            indent + 4,
        ),
        f"{p}    practices: {{timely-transparent-communication: -2}}",
        f"{p}    effects: {{add: {{service: -20}}}}",
        *_text(
            "feedback",
            "(例)情報が届かなければ、ほかの役割は判断できません。",
            "(Example) Without the information, the other roles cannot decide anything.",
            indent + 4,
        ),
    ]
    # the best answer is not always first: players must not learn to pick by position
    return [
        f"{p}options:",
        f"{p}  - id: wait-for-more-facts{note}",
        *wait,
        f"{p}  - id: share-facts-now",
        *share,
        f"{p}  - id: keep-it-in-the-team",
        *keep,
    ]


def scaffold(
    scenario_id: str,
    roles=DEFAULT_ROLES,
    lang_note: bool = False,
    filename: str = "",
    role_names: dict | None = None,
) -> str:
    """The YAML text of a small, valid scenario with ``scenario_id`` and ``roles`` (the
    first role answers the first decision; with two or more roles, all of them answer the
    second decision together). ``filename`` is only named in the comments (default ID.yaml);
    ``lang_note`` adds a note on writing in one language; ``role_names`` (role id → Text, from
    the catalogue) names the roles in the example prompts. Raises ScaffoldError for a bad id or an empty role list."""
    check_id(scenario_id)
    roles = tuple(roles)
    if not roles:
        raise ScaffoldError("give at least one role, such as --roles system,management")
    lead = roles[0]
    filename = filename or f"{scenario_id}.yaml"
    out: list[str] = [
        "# yaml-language-server: $schema=./tabletop-scenario.schema.json",
        "# A tabletop scenario (format 1.1): a graph of injects (things that happen), decisions",
        "# (what the team does) and endings. Reference: docs/format.md.",
        f"# Check it:  tabletop validate {filename}",
        f"# Play it:   tabletop play {filename} --plain",
        "# Editor help: `tabletop schema -o tabletop-scenario.schema.json` writes the schema the",
        "# first line points to (see docs/schema.md).",
        "",
    ]
    if lang_note:
        out += [*LANG_NOTE.rstrip("\n").splitlines(), ""]
    out += [
        "format: 1                      # the format version (required)",
        _c(f"id: {scenario_id}", "lowercase letters, digits, hyphens"),
        "# Texts are {ja: ..., en: ...}; the title's languages are the scenario's languages.",
        *_text("title", "(例)受注システムの停止", "(Example) The order system stops", 0),
    ]
    out += [
        "# source: {report: fy2024, case: 2}   # the published case this comes from (built-in scenarios)",
        "# What players read before they start; no spoilers.",
        *_text(
            "summary",
            "(例)月曜の朝、受注システムが応答しなくなります。ただの障害でしょうか。",
            "(Example) On a Monday morning the order system stops answering. Is it just a fault?",
            0,
        ),
        "type: outage                   # the incident type, for filtering",
        "sector: example                # the sector, for filtering",
        "tags: [example]",
        "# attack: [T1133, T1486]       # MITRE ATT&CK technique ids, if the scenario has an attack",
        "difficulty: basic              # basic | intermediate | advanced",
        "duration: 30m                  # expected play time: 30m, 1h30m, ...",
        _c(f"roles: [{', '.join(roles)}]", "the roles that act; each is defined in roles/"),
        "# role_labels:                 # optional: this scenario's own name for a role",
        f"#   {lead}: {{ja: 情報システム課, en: IT section}}",
        'clock: {start: "09:00"}        # the time of day when it begins (quote it)',
        "",
        "# Variables. Flags are hidden booleans, counters hidden integers, meters integers the",
        "# players see. Effects change them; conditions on edges read them.",
        "flags:",
        "  attack_suspected: false      # the team treats the outage as a possible attack",
        "  shared: false                # facts were shared across roles",
        "  others_in_dark: false        # the deadline to tell the others passed",
        "# counters: {delay: {start: 0, min: 0, max: 5}}",
        "meters:",
        "  service: {start: 100, min: 0, max: 100, label: {ja: サービス継続, en: Service continuity}}",
        "",
        "# Objectives (2 to 4): critical tasks a facilitator could see, and what shows them. The",
        "# debrief groups the results by objective: met, partly, not met, with the evidence.",
        "objectives:",
        "  - id: see-the-attack",
        *_text(
            "title", "(例)障害を攻撃の可能性として扱う", "(Example) Treat the fault as a possible attack", 4
        ),
        "    tasks:",
        "      - id: suspect-early",
        *_text(
            "text",
            "(例)最初の1時間以内に攻撃の可能性を挙げる",
            "(Example) Someone names a possible attack within the first hour",
            8,
        ),
        "        practices: [consider-attack-in-failure-analysis]",
        "        answers: [first-move/treat-as-possible-attack]   # node/option (node/role/option)",
        "        by: 1h                   # on the scenario clock",
        "  - id: share",
        *_text("title", "(例)分かったことを共有する", "(Example) Share what is known", 4),
        "    tasks:",
        "      - id: shared",
        *_text("text", "(例)事実を役割の間で共有する", "(Example) The facts are shared across roles", 8),
        "        practices: [timely-transparent-communication]",
        '        when: "shared"             # a condition on the final state',
        "",
        "# Deadlines on the scenario clock: when the clock reaches one and `unless` does not hold,",
        "# the consequence fires by itself (announced to the players; its effects apply).",
        "deadlines:",
        "  tell-the-others:",
        "    at: 3h",
        '    unless: "shared"',
        *_text("title", "(例)関係部署への連絡期限", "(Example) The others are still in the dark", 4),
        *_text(
            "text",
            "(例)3時間たっても連絡がなく、営業部門が顧客に誤った説明をしてしまいました。",
            "(Example) Three hours on and nobody has been told: sales give customers the wrong story.",
            4,
        ),
        *_text("source", "(例)営業部門", "(Example) the sales team", 4),
        "    effects: {set: {others_in_dark: true}}",
        "",
        "start: opening                 # the first node",
        "nodes:                         # node id -> node; ids are lowercase letters, digits, hyphens",
        "",
        "  # An inject: something happens; the players read it, then the story moves on.",
        "  opening:",
        "    kind: inject",
        "    # who says it (the vendor, monitoring, the press, a regulator, a rumour)",
        *_text("source", "(例)監視システム", "(Example) monitoring", 4),
        *_text(
            "text",
            "(例)午前9時、受注システムが応答しなくなりました。ここを、あなたのシナリオで起きる出来事に書き換えてください。",
            "(Example) At 09:00 the order system stops answering. Replace this with what happens "
            "in your scenario.",
            4,
        ),
        "    # Notes for the facilitator, never shown to the players.",
        *_text(
            "facilitator",
            "(例)ファシリテーターへのメモ:この場面で何に注目するか。",
            "(Example) A note for the facilitator: what to watch for here.",
            4,
        ),
        "    next: first-move             # the next node",
        "",
        "  # A decision that one role answers: role, prompt, options (at least two).",
        "  first-move:",
        "    kind: decision",
        f"    role: {lead}",
        "    time_limit: 5m               # optional pressure, shown by the terminal UI",
        *_text(
            "prompt",
            "(例)原因はまだ分かりません。まず何をしますか。",
            "(Example) Nobody knows the cause yet. What do you do first?",
            4,
        ),
        *_text(
            "facilitator",
            "(例)参加者が攻撃の可能性に気付くかどうかを見てください。",
            "(Example) Watch whether anyone asks if this could be an attack.",
            4,
        ),
        "    discussion:                  # questions for the group after the decision",
        *_item(
            "(例)どのような状況なら、これを障害ではなくインシデントとして扱いますか。",
            "(Example) What would make you treat this as an incident rather than a fault?",
            6,
        ),
        *_options_d1(4),
        "    # The decision's next (used by options without their own `next`). A list of edges is",
        "    # tried in order: the first whose `when` holds is taken; the last has no condition.",
        "    next:",
        "      - {when: attack_suspected, to: contained}",
        "      - {to: spreading}",
        "",
        "  contained:",
        "    kind: inject",
        "    advance: 30m                 # the clock moves on this much when the story arrives",
        _c(f"    audience: [{lead}]", "who receives it (absent: everyone)"),
        *_text(
            "text",
            "(例)切り離しによって異常な通信が止まりました。被害は広がっていないようです。",
            "(Example) With the links cut, the strange traffic stops. The damage does not seem to be spreading.",
            4,
        ),
        "    next: share",
        "",
        "  spreading:",
        "    kind: inject",
        "    advance: 1h",
        "    effects: {add: {service: -10}}   # node effects apply when the story arrives",
        *_text(
            "text",
            "(例)ほかのサーバーでも同じ症状が出始めました。",
            "(Example) Other servers start to show the same symptoms.",
            4,
        ),
        "    next: share",
        "",
    ]
    if len(roles) >= 2:
        out += [
            "  # A decision that several roles answer at once: one question per role. The story moves",
            "  # on when all have answered; options here must not name `next`, the decision does.",
            "  share:",
            "    kind: decision",
            *_text(
                "facilitator",
                "(例)各役割が何を、誰に、いつ伝えるかを比べてください。",
                "(Example) Compare what each role tells whom, and when.",
                4,
            ),
            "    questions:",
        ]
        for i, role in enumerate(roles):
            name = (role_names or {}).get(role)
            ja, en = (name.get("ja"), name.get("en")) if name is not None else (role, role)
            out += [
                f"      - role: {role}",
                *_text(
                    "prompt",
                    f"(例){ja}として、ここまでに分かったことをどう扱いますか。",
                    f"(Example) {en}: what do you do with what you know so far?",
                    8,
                ),
                *_options_d2(8, first=i == 0),
            ]
    else:
        out += [
            "  share:",
            "    kind: decision",
            f"    role: {lead}",
            *_text(
                "prompt",
                "(例)ここまでに分かったことをどう扱いますか。",
                "(Example) What do you do with what you know so far?",
                4,
            ),
            *_options_d2(4, first=True),
        ]
    out += [
        "    discussion:",
        *_item(
            "(例)誰が、誰に、何を、いつまでに伝えるべきでしたか。",
            "(Example) Who should have told whom what, and by when?",
            6,
        ),
        "    next: day-after",
        "",
        "  day-after:",
        "    kind: inject",
        "    advance: 1d",
        *_text(
            "text",
            "(例)翌日、システムは復旧しました。結果を振り返ります。",
            "(Example) The next day the system is back. Time to look at how it went.",
            4,
        ),
        "    # Conditions use flags, counters and meters: == != < <= > >=, and, or, not.",
        "    next:",
        '      - {when: "attack_suspected and shared", to: contained-early}',
        '      - {when: "service >= 50", to: back-in-service}',
        "      - {to: long-outage}",
        "",
        "  # Endings: outcome is good, mixed or bad.",
        "  contained-early:",
        "    kind: ending",
        "    outcome: good",
        *_text("title", "(例)早期の封じ込め", "(Example) Contained early", 4),
        *_text(
            "text",
            "(例)攻撃の可能性を早くから考え、情報を共有したことで、被害は小さく済みました。",
            "(Example) Because the team considered an attack early and shared what it knew, the damage "
            "stayed small.",
            4,
        ),
        "",
        "  back-in-service:",
        "    kind: ending",
        "    outcome: mixed",
        *_text("title", "(例)復旧、残る疑問", "(Example) Back in service, questions left", 4),
        *_text(
            "text",
            "(例)サービスは戻りましたが、原因ははっきりしないままです。",
            "(Example) The service is back, but nobody is sure what caused the outage.",
            4,
        ),
        "    # fragments: told after the text when their condition holds at the end",
        "    fragments:",
        '      - when: "others_in_dark"',
        *_text(
            "text",
            "(例)連絡が遅れたため、営業部門はすでに顧客へ誤った説明をしていました。",
            "(Example) Because the word came late, sales had already given customers the wrong story.",
            8,
        ),
        "",
        "  long-outage:",
        "    kind: ending",
        "    outcome: bad",
        *_text("title", "(例)長引く停止", "(Example) A long outage", 4),
        *_text(
            "text",
            "(例)対応が遅れ、サービスは長く止まりました。",
            "(Example) The response came late, and the service stayed down for a long time.",
            4,
        ),
        *_text(
            "facilitator",
            "(例)どの判断が結果を分けたかを話し合ってください。",
            "(Example) Discuss which decisions made the difference.",
            4,
        ),
        "",
        "# The debrief after play.",
        "debrief:",
        *_text(
            "what_happened",
            "(例)実際の事例で組織がどう対応したか(創作のシナリオなら、想定した対応)を書きます。",
            "(Example) What the real organisation did (for an invented scenario, the response you had in mind).",
            2,
        ),
        "  lessons:                      # practice ids; each should be followed by some option",
        "    - consider-attack-in-failure-analysis",
        "    - timely-transparent-communication",
    ]
    return "\n".join(out) + "\n"
