"""Plain line mode: the same play as the TUI, as lines of text. For screen readers,
scripts and CI. Injects are printed as they arrive; input is read only at decisions."""

from __future__ import annotations

import secrets
import sys

from engine.play import Decided, Started, apply, initial, settle, waiting
from engine.report import clock_label
from engine.text import clean, pick, wrap

from .cli import EXIT_CANNOT_RUN, EXIT_FINDINGS, EXIT_OK, CliError, _catalog, default_lang, load_or_fail

MAX_WRONG = 20  # consecutive invalid answers from a script before giving up

UI = {
    "roles": {"en": "Roles", "ja": "役割"},
    "you_play": {"en": "you play", "ja": "担当"},
    "seed": {
        "en": "seed {seed} (replay with --seed {seed})",
        "ja": "シード {seed}(--seed {seed} で同じ展開を再現できます)",
    },
    "help": {
        "en": "At each decision type an option number or id, then Enter. ? shows the options again, q quits.",
        "ja": "判断の場面では選択肢の番号か ID を入力して Enter を押してください。? で選択肢を再表示、q で終了します。",
    },
    "decide": {"en": "Decision", "ja": "判断"},
    "for_role": {"en": "for", "ja": "担当"},
    "not_yours": {
        "en": "(not one of your roles: answer as you expect them to act)",
        "ja": "(担当外の役割です。その役割ならどう動くかを考えて答えてください)",
    },
    "choose": {"en": "Your choice [1-{n}]: ", "ja": "選択 [1-{n}]: "},
    "bad": {
        "en": "'{got}' is not an option here: type a number from 1 to {n}, or an option id (? lists them, q quits).",
        "ja": "「{got}」は選択肢にありません。1〜{n} の番号か選択肢の ID を入力してください(? で一覧、q で終了)。",
    },
    "eof": {
        "en": "Input ended before the scenario did; stopped at '{node}' after {n} decision(s).",
        "ja": "シナリオの途中で入力が終わりました。{n} 件の判断のあと「{node}」で停止しました。",
    },
    "quit": {
        "en": "Stopped at '{node}' after {n} decision(s).",
        "ja": "{n} 件の判断のあと「{node}」で終了しました。",
    },
    "too_many": {
        "en": "Stopped: {n} answers in a row were not options, and the input is not a terminal.",
        "ja": "終了しました: 端末以外からの入力で、選択肢にない回答が {n} 回続きました。",
    },
    "hidden": {"en": "[a message for {roles} only]", "ja": "[{roles} のみへの連絡]"},
    "feedback": {"en": "Feedback", "ja": "フィードバック"},
    "ending": {"en": "Ending", "ja": "結末"},
    "lang_missing": {
        "en": "note: this scenario has no {lang} text; showing what it has.",
        "ja": "注意: このシナリオには {lang} のテキストがありません。あるものを表示します。",
    },
}


def t(key: str, lang: str, **kw) -> str:
    return pick(UI, key, lang, **kw)


class Out:
    def __init__(self, stream=None, width: int | None = None) -> None:
        self.stream = stream or sys.stdout
        if width is None:
            width = 78
            if self.stream.isatty():
                import shutil

                width = max(40, min(100, shutil.get_terminal_size((80, 24)).columns - 2))
        self.width = width

    def line(self, s: str = "") -> None:
        self.stream.write(s + "\n")

    def para(self, s: str, indent: str = "", hang: str | None = None) -> None:
        for raw in clean(s).strip().split("\n"):
            if not raw.strip():
                self.line()
                continue
            for line in wrap(raw, self.width, indent, hang):
                self.line(line)

    def flush(self) -> None:
        self.stream.flush()


def play_plain(args) -> int:
    catalog = _catalog()
    scenario = load_or_fail(args.scenario, catalog)
    lang = args.lang or default_lang()
    out = Out()
    if lang not in scenario.languages and scenario.languages:
        print(t("lang_missing", lang, lang=lang), file=sys.stderr)
    for r in args.role:
        if r not in scenario.roles:
            raise CliError(f"role '{r}' is not in this scenario; its roles are: {', '.join(scenario.roles)}")
    roles = tuple(args.role) or scenario.roles
    seed = args.seed if args.seed is not None else secrets.randbelow(1_000_000)

    def role_name(r: str) -> str:
        return clean(catalog.roles[r].name.get(lang)) if r in catalog.roles else r

    state = apply(scenario, initial(), Started(scenario.id, scenario.digest, seed, roles, lang, "solo"))
    state, _ = settle(scenario, state)

    out.line(f"=== {clean(scenario.title.get(lang))} ===")
    if scenario.summary:
        out.para(scenario.summary.get(lang))
    out.para(
        f"{t('roles', lang)}: "
        + ", ".join(
            role_name(r) + (f" ({t('you_play', lang)})" if r in roles and roles != scenario.roles else "")
            for r in scenario.roles
        )
    )
    out.line(t("seed", lang, seed=seed))
    out.para(t("help", lang))
    shown = 0

    def show_feed():
        nonlocal shown
        for nid, at in zip(state.feed[shown:], state.times[shown:], strict=True):
            node = scenario.nodes[nid]
            stamp = clock_label(scenario.clock_start, at, lang)
            if node.kind == "inject":
                out.line()
                if node.audience and not set(node.audience) & set(roles):
                    out.line(
                        f"[{stamp}] " + t("hidden", lang, roles=", ".join(map(role_name, node.audience)))
                    )
                    continue
                aud = f" → {', '.join(map(role_name, node.audience))}" if node.audience else ""
                out.para(f"[{stamp}]{aud}", "", "  ")
                out.para(node.text.get(lang), "  ")
            elif node.kind == "ending":
                out.line()
                title = clean(node.title.get(lang)) if node.title else nid
                out.line(f"=== {t('ending', lang)}: {title} ===")
                out.para(node.text.get(lang), "  ")
        shown = len(state.feed)

    decisions = 0
    while True:
        show_feed()
        w = waiting(scenario, state)
        if w.kind == "over":
            break
        node = w.node
        role = w.roles[0]
        q = node.question(role)
        stamp = clock_label(scenario.clock_start, state.clock, lang)

        _ask(out, lang, stamp, role, q, role not in roles, role_name)
        n = len(q.options)
        wrong = 0
        while True:
            out.stream.write(t("choose", lang, n=n))
            out.flush()
            try:
                line = sys.stdin.readline()
            except KeyboardInterrupt:
                out.line()
                print(t("quit", lang, node=node.id, n=decisions), file=sys.stderr)
                return 130
            if not line:
                out.line()
                print(t("eof", lang, node=node.id, n=decisions), file=sys.stderr)
                return EXIT_FINDINGS
            got = line.strip()
            if got == "?":
                _ask(out, lang, stamp, role, q, role not in roles, role_name)
                continue
            if got.lower() in ("q", "quit", "exit"):
                print(t("quit", lang, node=node.id, n=decisions), file=sys.stderr)
                return EXIT_FINDINGS
            opt = None
            if got.isdigit() and 1 <= int(got) <= n:
                opt = q.options[int(got) - 1]
            else:
                opt = q.option(got)
            if opt is None:
                out.line(t("bad", lang, got=clean(got)[:40], n=n))
                wrong += 1
                if wrong >= MAX_WRONG and not sys.stdin.isatty():
                    print(t("too_many", lang, n=wrong), file=sys.stderr)
                    return EXIT_FINDINGS
                continue
            break
        state = apply(scenario, state, Decided(node.id, role, opt.id, _now()))
        state, _ = settle(scenario, state)
        decisions += 1
        if args.learn and opt.feedback:
            out.line(f"  {t('feedback', lang)}:")
            out.para(opt.feedback.get(lang), "    ")

    from engine.report import render_text
    from engine.scoring import debrief

    out.line()
    for line in clean(render_text(debrief(scenario, catalog, state), catalog, lang)).split("\n"):
        body = line.lstrip(" ")
        lead = " " * (len(line) - len(body))
        for piece in wrap(body, out.width, lead, lead + "  " if lead else "") if body else [""]:
            out.line(piece)
    out.flush()
    return EXIT_OK if state.ended else EXIT_CANNOT_RUN


def _now() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).isoformat(timespec="seconds")


def _ask(out: Out, lang: str, stamp: str, role: str, q, not_yours: bool, role_name) -> None:
    out.line()
    out.line(f"[{stamp}] {t('decide', lang)} — {role_name(role)}")
    if not_yours:
        out.line(t("not_yours", lang))
    out.para(q.prompt.get(lang), "  ")
    for i, o in enumerate(q.options, 1):
        out.para(f"{i}. {o.text.get(lang)}", "  ", "     ")
