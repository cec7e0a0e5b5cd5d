"""Plain line mode: the same play as the TUI, as lines of text. For screen readers,
scripts and CI. Injects are printed as they arrive; input is read only at decisions."""

from __future__ import annotations

import sys
import time

from tabletop.engine.play import fragments, offered
from tabletop.engine.report import clock_label
from tabletop.engine.text import clean, wrap

from . import exit_codes
from .errors import CliError
from .lang import default_lang
from .loading import load_catalog_or_fail, open_store, session_loader
from .messages import describe, say

MAX_WRONG = 20  # consecutive invalid answers from a script before giving up


def _short(typed: str, room: int = 40) -> str:
    """A typed choice as echoed or quoted back: one line, cut with an ellipsis."""
    text = clean(typed).replace("\n", " ")
    return text if len(text) <= room else text[: room - 1] + "…"


def t(key: str, lang: str, **kw) -> str:
    return say(key, lang, **kw)


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


def _overtaken(out: Out, lang: str, e, scenario, role_name) -> None:
    """Another terminal answered first: say who answered what (the log has been reloaded)."""
    out.line()
    for d in e.answers:
        q = scenario.nodes[d.node].question(d.role)
        o = q.option(d.option) if q else None
        out.para(t("elsewhere", lang, role=role_name(d.role), option=o.text.get(lang) if o else d.option))
    if e.stopped:
        out.line(t("stopped_elsewhere", lang))
    if not e.answers and not e.stopped:
        out.line(t("moved_on", lang))


def play_plain(args) -> int:
    from tabletop.sessions.game import Game
    from tabletop.sessions.store import StoreError

    catalog = load_catalog_or_fail()
    lang = args.lang or default_lang()
    store = open_store()
    try:
        if getattr(args, "resume", None):
            game = _resume(store, args, session_loader(catalog))
            if game is None:
                return exit_codes.OK
            lang = args.lang or game.state.lang
            roles = game.state.roles
            resumed = True
        else:
            scenario, cat = session_loader(catalog, saved=False)(args.scenario)
            for r in args.role:
                if r not in scenario.roles:
                    raise CliError(
                        f"role '{r}' is not in this scenario; its roles are: {', '.join(scenario.roles)}"
                    )
            roles = tuple(args.role) or scenario.roles
            game = Game.new(
                scenario, cat, args.scenario, store, args.session, args.seed, roles, lang,
                learn=bool(getattr(args, "learn", False)), timer=getattr(args, "timer", 0) or 0,
            )  # fmt: skip
            resumed = False
        learn = bool(getattr(args, "learn", False)) or game.started.learn
        return _run(game, lang, roles, learn, resumed)
    except StoreError as e:
        raise CliError(describe(e)) from None
    finally:
        store.close()


def _resume(store, args, load):
    """The session to go on with; when its scenario has changed since it was played, the
    version it was played on or a fork onto the new one, as asked (--as-played, --fork, or
    a question when a person is at the terminal). None: the person cancelled."""
    from tabletop.sessions.game import Game, ScenarioChanged

    name = args.resume
    fork = bool(getattr(args, "fork", False))
    try:
        if not fork:
            return Game.resume(store, name, load, as_played=bool(getattr(args, "as_played", False)))
    except ScenarioChanged as e:
        if not e.kept or not (sys.stdin.isatty() and sys.stderr.isatty()):
            raise
        print(say("changed_ask"), end="", file=sys.stderr, flush=True)
        answer = sys.stdin.readline().strip()
        if answer not in ("1", "2"):
            return None
        if answer == "1":
            return Game.resume(store, name, load, as_played=True)
    game, replayed, total = Game.fork_onto_current(store, name, load)
    print(say("forked_onto_new", name=game.name, replayed=replayed, total=total, old=name), file=sys.stderr)
    return game


def _run(game, lang: str, roles: tuple[str, ...], learn: bool, resumed: bool) -> int:
    from tabletop.sessions.game import Overtaken

    scenario, catalog = game.scenario, game.catalog
    out = Out()
    if lang not in scenario.languages and scenario.languages:
        print(t("lang_missing", lang, lang=lang), file=sys.stderr)

    def role_name(r: str) -> str:
        return clean(scenario.role_name(catalog, r, lang))

    out.line(f"=== {clean(scenario.title.get(lang))} ===")
    if resumed:
        out.line(t("resumed", lang, name=game.name, n=game.decisions))
        if game.warning == "as_played":
            out.line(t("as_played", lang))
    elif scenario.summary:
        out.para(scenario.summary.get(lang))
    if not resumed:
        out.para(
            f"{t('roles', lang)}: "
            + ", ".join(
                role_name(r) + (f" ({t('you_play', lang)})" if r in roles and roles != scenario.roles else "")
                for r in scenario.roles
            )
        )
        out.line(t("seed", lang, seed=game.state.seed))
    out.line(t("session", lang, name=game.name))
    timer = game.started.timer
    if timer:
        out.line(t("timer", lang, m=timer // 60 if timer % 60 == 0 else round(timer / 60, 1)))
    out.para(t("help", lang))
    # on resume, show only the latest inject again: the rest was seen before
    shown = 0
    deadlines_shown = len(game.state.deadlines) if resumed else 0
    if resumed:
        kinds = [scenario.nodes[n].kind for n in game.state.feed]
        shown = max((i for i, k in enumerate(kinds) if k != "decision"), default=0)

    def show_deadlines(before: int | None = None):
        """Announce the deadlines missed so far (those due before ``before`` on the clock),
        stamped with the time they fell due."""
        nonlocal deadlines_shown
        due = {d.id: d for d in scenario.deadlines}
        for did, fired, _ in game.state.deadlines[deadlines_shown:]:
            d = due[did]
            if before is not None and d.at >= before:
                break
            deadlines_shown += 1
            if not fired:
                continue  # met in time: nothing happens, nothing to announce
            out.line()
            out.para(
                f"!!! [{clock_label(scenario.clock_start, d.at, lang)}] "
                + t("deadline", lang, title=d.title.get(lang))
            )
            if d.source:
                out.para(t("source", lang, who=d.source.get(lang)), "  ")
            out.para(d.text.get(lang), "  ")

    # ad-hoc injects (a facilitator's, the control cell's): on resume, only those still to come
    adhoc_shown = len(game.state.adhoc) if resumed else 0

    def show_injects():
        nonlocal adhoc_shown
        for a in game.state.adhoc[adhoc_shown:]:
            if a.roles and not set(a.roles) & set(roles):
                continue
            out.line()
            out.para(f"★ [{clock_label(scenario.clock_start, a.clock, lang)}] " + t("adhoc", lang), "", "  ")
            out.para(a.text, "  ")
        adhoc_shown = len(game.state.adhoc)

    def take_injects() -> bool:
        """Read what other terminals wrote while the player was typing: ad-hoc injects and
        notes are shown and play goes on; True when the story itself moved (then said)."""
        from tabletop.engine.play import AdHoc, Noted
        from tabletop.sessions.store import StoreError

        if game.store is None or not game.name:
            return False
        try:
            new = game.follow()
        except StoreError as e:
            out.line(clean(str(e)))
            return False
        show_injects()
        others = [e for e in new if not isinstance(e, AdHoc | Noted)]
        if others:
            _overtaken(out, lang, Overtaken(others), scenario, role_name)
        return bool(others)

    def show_feed():
        nonlocal shown
        state = game.state
        for nid, at in zip(state.feed[shown:], state.times[shown:], strict=True):
            node = scenario.nodes[nid]
            stamp = clock_label(scenario.clock_start, at, lang)
            show_deadlines(before=at)  # what fell due on the way here comes first
            if node.kind == "inject":
                out.line()
                if node.audience and not set(node.audience) & set(roles):
                    out.line(
                        f"[{stamp}] " + t("hidden", lang, roles=", ".join(map(role_name, node.audience)))
                    )
                    continue
                aud = f" → {', '.join(map(role_name, node.audience))}" if node.audience else ""
                src = f" ({t('source', lang, who=node.source.get(lang))})" if node.source else ""
                out.para(f"[{stamp}]{aud}{src}", "", "  ")
                out.para(node.text.get(lang), "  ")
            elif node.kind == "ending":
                out.line()
                title = clean(node.title.get(lang)) if node.title else nid
                show_deadlines()  # every consequence comes before the end
                out.line(f"=== {t('ending', lang)}: {title} ===")
                out.para(node.text.get(lang), "  ")
                for part in fragments(node, state):
                    out.para(part.get(lang), "  ")
        shown = len(state.feed)
        show_deadlines()
        show_injects()

    while True:
        show_feed()
        w = game.waiting
        if w.kind == "over":
            break
        node = w.node
        if w.kind == "rule":  # resumed between an answer and its rating
            last = game.state.choices[-1]
            code = _rate(out, lang, node.question(last.role).option(last.option), game, role_name)
            if code is not None:
                return code
            continue
        role = w.roles[0]
        q = node.question(role)
        options = offered(q, game.state)
        stamp = clock_label(scenario.clock_start, game.state.clock, lang)

        _ask(out, lang, stamp, role, node, options, role not in roles, role_name)
        n = len(options)
        wrong = 0
        asked = time.monotonic()
        moved = False
        while True:
            out.stream.write(t("choose", lang, n=n))
            out.flush()
            try:
                line = sys.stdin.readline()
            except KeyboardInterrupt:
                out.line()
                print(t("quit", lang, node=node.id, n=game.decisions, name=game.name), file=sys.stderr)
                return exit_codes.INTERRUPTED
            if not line:
                out.line()
                print(t("eof", lang, node=node.id, n=game.decisions, name=game.name), file=sys.stderr)
                return exit_codes.FINDINGS
            got = line.strip()
            if not sys.stdin.isatty():  # not echoed: show it, so that what follows starts a line
                out.line(_short(got))
            if take_injects():
                moved = True  # the question answered here may be gone: ask again from the log
                break
            if got == "?":
                _ask(out, lang, stamp, role, node, options, role not in roles, role_name)
                continue
            if got.lower() in ("q", "quit", "exit"):
                print(t("quit", lang, node=node.id, n=game.decisions, name=game.name), file=sys.stderr)
                return exit_codes.FINDINGS
            if got.lower().startswith(("n ", "note ")):
                text = got.split(" ", 1)[1].strip()
                if text:
                    game.note(text, role)
                    out.line(t("noted", lang))
                continue
            opt = None
            if got.isdigit() and 1 <= int(got) <= n:
                opt = options[int(got) - 1]
            else:
                opt = next((o for o in options if o.id == got), None)
            if opt is None:
                out.line(t("bad", lang, got=_short(got), n=n))
                wrong += 1
                if wrong >= MAX_WRONG and not sys.stdin.isatty():
                    print(t("too_many", lang, n=wrong), file=sys.stderr)
                    return exit_codes.FINDINGS
                continue
            break
        if moved:
            continue
        took = time.monotonic() - asked
        text = ""
        if opt.open:
            text = _read_line(out, lang, t("your_answer", lang))
            if text is None:
                print(t("quit", lang, node=node.id, n=game.decisions, name=game.name), file=sys.stderr)
                return exit_codes.FINDINGS
        try:
            if timer and took > timer:
                game.note(t("timer_note", lang, s=round(took)), role)
            game.decide(node.id, role, opt.id, text=text)
        except Overtaken as e:
            _overtaken(out, lang, e, scenario, role_name)
            continue
        out.para(t("saved", lang, n=game.decisions, role=role_name(role), option=opt.text.get(lang)))
        if opt.ruled:
            code = _rate(out, lang, opt, game, role_name)
            if code is not None:
                return code
        if learn and opt.feedback:
            out.line(f"  {t('feedback', lang)}:")
            out.para(opt.feedback.get(lang), "    ")

    if game.awaiting_own_rating():
        _assess(out, lang, game, role_name)

    from tabletop.engine.report import render_text

    out.line()
    for line in clean(render_text(game.debrief(), catalog, lang)).split("\n"):
        body = line.lstrip(" ")
        lead = " " * (len(line) - len(body))
        for piece in wrap(body, out.width, lead, lead + "  " if lead else "") if body else [""]:
            out.line(piece)
    out.para(t("report_hint", lang, name=game.name))
    # a command to copy: on a line of its own, never wrapped (a session name has no spaces)
    out.line(f"  tabletop report {game.name} --format md|html|json|csv")
    out.flush()
    return exit_codes.OK if game.state.ended and not game.state.abandoned else exit_codes.CANNOT_RUN


def _assess(out: Out, lang: str, game, role_name) -> None:
    """The players rate the critical tasks only a rating shows (no facilitator is there),
    each saved as it is given; Enter skips one, q or the end of input stops rating (the
    debrief follows either way)."""
    from tabletop.engine.play import RATINGS
    from tabletop.engine.views import due_at
    from tabletop.sessions.game import Overtaken

    tasks = game.awaiting_own_rating()
    out.line()
    out.para(t("assess_intro", lang, n=len(tasks)))
    for k, (ob, task) in enumerate(tasks, 1):
        out.line()
        out.line(f"{t('assess_task', lang, k=k, n=len(tasks))}: {clean(ob.title.get(lang))}")
        out.para(f"▶ {task.text.get(lang)}", "  ", "    ")
        due = due_at(game.scenario, task, lang)
        if due:
            out.para(f"{t('assess_due', lang)}: {due}", "  ", "    ")
        wrong = 0
        while True:
            got = _read_line(out, lang, t("assess_prompt", lang), empty_ok=True)
            if got is None:
                return
            if not got or got.upper() in RATINGS:
                break
            out.line(t("assess_bad", lang, got=_short(got)))
            wrong += 1
            if wrong >= MAX_WRONG and not sys.stdin.isatty():
                return
        if got:
            try:
                game.observe("", ob.id, task.id, got.upper(), by="self")
            except Overtaken as e:  # another terminal wrote first: say what it did, stop
                _overtaken(out, lang, e, game.scenario, role_name)
                return


def _now() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).isoformat(timespec="seconds")


def _ask(out: Out, lang: str, stamp: str, role: str, node, options, not_yours: bool, role_name) -> None:
    q = node.question(role)
    out.line()
    out.line(f"[{stamp}] {t('decide', lang)} — {role_name(role)}")
    if not_yours:
        out.line(t("not_yours", lang))
    out.para(q.prompt.get(lang), "  ")
    if node.contested and any(o.argument_for or o.argument_against for o in options):
        out.para(t("contested", lang), "  ")
    for i, o in enumerate(options, 1):
        out.para(f"{i}. {o.text.get(lang)}" + (f" {t('open', lang)}" if o.open else ""), "  ", "     ")
        if o.argument_for:
            out.para(f"+ {t('for', lang)}: {o.argument_for.get(lang)}", "     ", "       ")
        if o.argument_against:
            out.para(f"- {t('against', lang)}: {o.argument_against.get(lang)}", "     ", "       ")


def _read_line(out: Out, lang: str, prompt: str, empty_ok: bool = False) -> str | None:
    """One non-empty line of free text (or, with ``empty_ok``, an empty one: ""); None at
    the end of input or on q."""
    while True:
        out.stream.write(prompt)
        out.flush()
        try:
            line = sys.stdin.readline()
        except KeyboardInterrupt:
            return None
        if not sys.stdin.isatty():  # not echoed: show it, as for the choices
            out.para(clean(line.strip()))  # an answer in the player's own words: all of it
        if not line or line.strip().lower() in ("q", "quit", "exit"):
            return None
        if line.strip() or empty_ok:
            return line.strip()
        out.line(t("empty", lang))


def _rate(out: Out, lang: str, opt, game, role_name) -> int | None:
    """Show the rubric (and the model answer) and record the player's own rating.
    Returns an exit code if the player stops, else None."""
    out.line()
    out.para(t("rubric", lang), "  ")
    for i, lv in enumerate(opt.rubric, 1):
        pts = sum(w for _, w in lv.practices)
        out.para(f"{i}. {lv.text.get(lang)} ({pts:+d})", "  ", "     ")
    if opt.model:
        out.para(f"{t('model', lang)}: {opt.model.get(lang)}", "  ", "    ")
    n = len(opt.rubric)
    wrong = 0
    while True:
        got = _read_line(out, lang, t("rate", lang, n=n))
        if got is None:
            node = game.state.node
            print(t("quit", lang, node=node, n=game.decisions, name=game.name), file=sys.stderr)
            return exit_codes.FINDINGS
        level = None
        if got.isdigit() and 1 <= int(got) <= n:
            level = opt.rubric[int(got) - 1]
        else:
            level = opt.level(got)
        if level is not None:
            break
        out.line(t("bad", lang, got=_short(got), n=n))
        wrong += 1
        if wrong >= MAX_WRONG and not sys.stdin.isatty():
            print(t("too_many", lang, n=wrong), file=sys.stderr)
            return exit_codes.FINDINGS
    from tabletop.sessions.game import Overtaken

    last = game.state.choices[-1]
    try:
        game.rule(last.node, last.role, level.id, by="self")
    except Overtaken as e:  # another terminal moved on meanwhile: say what it did, go on from there
        _overtaken(out, lang, e, game.scenario, role_name)
    return None
