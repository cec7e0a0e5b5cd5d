"""The `tabletop` command. Heavy modules are imported inside the commands, so that
`tabletop --help` stays fast."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys

EXIT_OK, EXIT_FINDINGS, EXIT_CANNOT_RUN = 0, 1, 2

DESCRIPTION = """\
Tabletop: incident-response tabletop exercises built from real cases at
critical-infrastructure operators. Choose a scenario, play the decisions, and get a
debrief scored against the good practice the real organisations learned.
"""

EPILOG = """\
examples:
  tabletop list                                   the scenarios
  tabletop                                        the scenario library (terminal UI)
  tabletop play fy2024-02 --lang en               play one in the terminal UI
  tabletop play fy2024-02 --plain --session drill1   play in plain line mode, named
  tabletop resume drill1                          continue a saved session
  tabletop report drill1 --format html -o r.html  write its debrief
  tabletop validate scenarios/                    check scenario files

data directory: $TABLETOP_HOME, else the platform's user data directory.
"""


class CliError(Exception):
    """A user error: printed as a message, never a traceback."""

    def __init__(self, message: str, code: int = EXIT_CANNOT_RUN) -> None:
        super().__init__(message)
        self.code = code


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="tabletop",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action=_VersionAction, nargs=0, help="show the version and exit")
    p.add_argument(
        "--lang",
        dest="top_lang",
        choices=("ja", "en"),
        help="language of the terminal UI (default: the locale)",
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    s = sub.add_parser("list", help="list the scenarios", description="List the built-in scenarios.")
    s.add_argument("--json", action="store_true", help="print JSON for tools")

    s = sub.add_parser(
        "practices", help="the good-practice catalogue", description="Show the good-practice catalogue."
    )
    s.add_argument("--json", action="store_true", help="print JSON for tools")
    s.add_argument("--lang", choices=("ja", "en"), help="language of the titles (default: from the locale)")

    s = sub.add_parser("show", help="show one scenario", description="Show one scenario, loaded and checked.")
    s.add_argument(
        "scenario",
        metavar="ID|PATH",
        help="a scenario id (a unique prefix such as fy2024-02 is enough) or a file",
    )
    s.add_argument("--json", action="store_true", help="print the whole loaded scenario as JSON")
    s.add_argument("--lang", choices=("ja", "en"), help="language (default: from the locale)")

    s = sub.add_parser(
        "play",
        help="play a scenario",
        description="Play a scenario in the terminal UI (solo: you play every role). --plain plays in plain "
        "line mode instead: injects are printed, and an option number or id is read at each decision. "
        "Every session is saved as it is played; see `tabletop sessions` and `tabletop resume`.",
    )
    s.add_argument(
        "scenario",
        metavar="ID|PATH",
        help="a scenario id (a unique prefix such as fy2024-02 is enough) or a file",
    )
    s.add_argument(
        "--plain", action="store_true", help="plain line mode (for scripts, screen readers and CI)"
    )
    s.add_argument("--lang", choices=("ja", "en"), help="language (default: from the locale)")
    s.add_argument(
        "--seed", type=int, help="seed for the scenario's random events (default: a random one, printed)"
    )
    s.add_argument(
        "--role", action="append", default=[], metavar="ROLE", help="a role you play (repeat; default: all)"
    )
    s.add_argument("--learn", action="store_true", help="learn mode: show the feedback after each decision")
    s.add_argument(
        "--session", metavar="NAME", help="name the saved session (default: the scenario and the time)"
    )
    s.add_argument(
        "--watch",
        action="store_true",
        help="for authors: reload the scenario file whenever it is saved, replaying the answers so far, "
        "and show the validation findings (terminal UI; the preview is not saved as a session)",
    )

    s = sub.add_parser(
        "sessions",
        help="list saved sessions",
        description="List the saved sessions, newest first: name, state, decisions, score, scenario.",
    )
    s.add_argument("--json", action="store_true", help="print JSON for tools")

    s = sub.add_parser(
        "resume",
        help="continue a saved session",
        description="Continue a saved session where it stopped (a finished one shows its debrief).",
    )
    s.add_argument("name", metavar="NAME", help="the session's name (see `tabletop sessions`)")
    s.add_argument("--plain", action="store_true", help="plain line mode")
    s.add_argument("--lang", choices=("ja", "en"), help="language (default: the session's)")
    s.add_argument("--learn", action="store_true", help="learn mode: show the feedback after each decision")

    s = sub.add_parser(
        "report",
        help="write a session's debrief",
        description="Write the debrief of a saved session as Markdown, HTML, JSON, CSV or text. JSON has "
        "`decisions`, the ordered list of {node, role, option, at}; CSV has one row per answer.",
    )
    s.add_argument("name", metavar="NAME", help="the session's name (see `tabletop sessions`)")
    s.add_argument(
        "--format", choices=("md", "html", "json", "csv", "text"), default="md", help="default: md"
    )
    s.add_argument("--lang", choices=("ja", "en"), help="language (default: the session's)")
    s.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")

    s = sub.add_parser(
        "validate",
        help="check scenario, role and practice files",
        description="Check scenario files (and roles/*.yaml, practices.yaml). Exit 0 when clean, 1 on "
        "findings, 2 when it could not run. Diagnostics print as path:line:col: CODE severity: message; "
        "the codes are documented in docs/format.md.",
    )
    s.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    s.add_argument("--strict", action="store_true", help="warnings count as findings too")
    for module in dict.fromkeys(_TOOLKIT.values()):
        __import__(f"tui.{module}", fromlist=["add_parser"]).add_parser(sub)
    return p


# authoring commands → the module that has their add_parser(sub) and run(args)
_TOOLKIT = {
    "test": "testcmd",
    "graph": "graph",
    "new": "scaffold",
    "schema": "schema_cmd",
    "import": "convert",
    "export": "convert",
}


class _VersionAction(argparse.Action):
    """--version, looked up only when asked for (importlib.metadata is slow to import)."""

    def __call__(self, parser, namespace, values, option_string=None):
        print(f"tabletop {_version()}")
        parser.exit()


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("tabletop-ir")
    except Exception:
        return "unknown"


def default_lang() -> str:
    for var in ("TABLETOP_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        v = os.environ.get(var)
        if v:
            return "ja" if v.lower().startswith("ja") else "en"
    return "en"


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(errors="replace")
    args = _parser().parse_args(argv)
    try:
        if args.command is None:
            if not _interactive():
                _parser().print_help()
                return EXIT_OK
            from .app import run_app

            return run_app(lang=args.top_lang or default_lang())
        handler = COMMANDS.get(args.command) or _toolkit_handler(args.command)
        return handler(args)
    except CliError as e:
        print(f"tabletop: {e}", file=sys.stderr)
        return e.code
    except KeyboardInterrupt:
        print("\ntabletop: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return EXIT_OK
    except Exception:  # a bug, not a user error: keep the details, show a short message
        return _crash(args)


def _toolkit_handler(command: str):
    return __import__(f"tui.{_TOOLKIT[command]}", fromlist=["run"]).run


def write_crash(detail: str) -> str:
    """Append a traceback to crash.log in the data directory; where it went."""
    from .paths import data_dir

    try:
        d = data_dir()
        d.mkdir(parents=True, exist_ok=True)
        log = d / "crash.log"
        with open(log, "a", encoding="utf-8") as f:
            f.write(f"--- tabletop {_version()} {sys.argv!r}\n{detail}\n")
        return str(log)
    except OSError:
        return "(could not be written)"


def _crash(args) -> int:
    import traceback

    detail = traceback.format_exc()
    where = write_crash(detail)
    last = detail.strip().splitlines()[-1]
    print(f"tabletop: internal error: {last}\nThe details are in {where}; please report it.", file=sys.stderr)
    return 70


# -- commands ----------------------------------------------------------------------------


def _catalog():
    from engine.catalog import load_catalog

    catalog, diags = load_catalog()
    errors = [d for d in diags if d.severity == "error"]
    if errors:
        raise CliError("the built-in catalogue has errors:\n" + "\n".join(map(str, errors)))
    return catalog


def load_or_fail(ref: str, catalog):
    from engine.catalog import ScenarioNotFound, load

    try:
        scenario, diags = load(ref, catalog)
    except ScenarioNotFound as e:
        raise CliError(str(e)) from None
    errors = [d for d in diags if d.severity == "error"]
    if scenario is None or errors:
        shown = "\n".join(map(str, (errors or diags)[:20]))
        more = f"\n... and {len(errors) - 20} more" if len(errors) > 20 else ""
        raise CliError(f"the scenario has errors; fix them first (`tabletop validate {ref}`):\n{shown}{more}")
    return scenario


def _summary(scenario, catalog) -> dict:
    return {
        "id": scenario.id,
        "title": _text(scenario.title),
        "source": {"report": scenario.source.report, "case": scenario.source.case}
        if scenario.source
        else None,
        "languages": list(scenario.languages),
        "roles": list(scenario.roles),
        "type": scenario.type,
        "sector": scenario.sector,
        "difficulty": scenario.difficulty,
        "duration": scenario.duration,
        "nodes": len(scenario.nodes),
        "decisions": len(scenario.decisions),
        "endings": len(scenario.endings),
        "practices": scenario.practice_ids(),
    }


def _source(scenario):
    return {"report": scenario.source.report, "case": scenario.source.case} if scenario.source else None


def _text(t):
    if t is None:
        return None
    if t.any is not None:
        return {"ja": t.any, "en": t.any}
    return {k: v for k, v in (("ja", t.ja), ("en", t.en)) if v is not None}


def cmd_list(args) -> int:
    import json

    from engine.catalog import builtin_files, pack_files

    catalog = _catalog()
    rows = [
        dict(_summary(load_or_fail(str(f), catalog), catalog), origin="built-in") for f in builtin_files()
    ]
    packs, problems = pack_files()
    for f in packs:
        try:
            rows.append(dict(_summary(load_or_fail(str(f), catalog), catalog), origin=str(f)))
        except CliError as e:
            problems.append(str(e))
    for msg in problems:
        print(f"tabletop: {msg}", file=sys.stderr)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    lang = default_lang()
    for r in rows:
        title = r["title"].get(lang) or r["title"].get("en")
        print(f"{r['id']:<42} {title}")
        origin = "" if r["origin"] == "built-in" else f", from {r['origin']}"
        print(
            f"{'':<42} {r['decisions']} decisions, {r['endings']} endings, {'/'.join(r['languages'])}{origin}"
        )
    return EXIT_OK


def cmd_practices(args) -> int:
    import json

    catalog = _catalog()
    if args.json:
        rows = [
            {
                "id": p.id,
                "title": _text(p.title),
                "category": p.category,
                "sources": list(p.sources),
                "references": list(p.references),
                "rationale": _text(p.rationale),
            }
            for p in catalog.practices.values()
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    lang = args.lang or default_lang()
    from engine.text import clean

    for p in catalog.practices.values():
        src = ", ".join(p.sources) or "-"
        print(f"{p.id}  [{p.category}]  ({src})")
        print(f"    {clean(p.title.get(lang))}")
    return EXIT_OK


def scenario_json(scenario) -> dict:
    """The whole loaded scenario, for `show --json`."""

    def edges(es):
        return [{"to": e.to, "when": e.when, "chance": e.chance} for e in es]

    def effects(ef):
        return {"set": dict(ef.set), "add": dict(ef.add), "advance": ef.advance}

    def option(o):
        return {
            "id": o.id,
            "text": _text(o.text),
            "practices": dict(o.practices),
            "effects": effects(o.effects),
            "feedback": _text(o.feedback),
            "next": edges(o.next),
        }

    nodes = {}
    for n in scenario.nodes.values():
        d = {
            "kind": n.kind,
            "facilitator": _text(n.facilitator),
            "discussion": [_text(t) for t in n.discussion],
        }
        if n.kind == "decision":
            qs = [
                {"role": q.role, "prompt": _text(q.prompt), "options": [option(o) for o in q.options]}
                for q in n.questions
            ]
            d["questions"] = qs
            if len(qs) == 1:
                d.update(role=qs[0]["role"], prompt=qs[0]["prompt"], options=qs[0]["options"])
            d["time_limit"] = n.time_limit
        else:
            d["text"] = _text(n.text)
        if n.kind == "ending":
            d["outcome"] = n.outcome
            d["title"] = _text(n.title)
        if n.kind == "inject":
            d["audience"] = list(n.audience)
        d["effects"] = effects(n.effects)
        d["next"] = edges(n.next)
        nodes[n.id] = d
    out = {
        "format": scenario.format,
        "id": scenario.id,
        "title": _text(scenario.title),
        "source": {"report": scenario.source.report, "case": scenario.source.case}
        if scenario.source
        else None,
        "summary": _text(scenario.summary),
        "type": scenario.type,
        "sector": scenario.sector,
        "tags": list(scenario.tags),
        "attack": list(scenario.attack),
        "difficulty": scenario.difficulty,
        "duration": scenario.duration,
        "roles": list(scenario.roles),
        "role_labels": {r: _text(t) for r, t in scenario.role_labels.items()},
        "languages": list(scenario.languages),
        "variables": {
            v.name: {"kind": v.kind, "start": v.start, "min": v.min, "max": v.max, "label": _text(v.label)}
            for v in scenario.variables.values()
        },
        "start": scenario.start,
        "nodes": nodes,
        "debrief": {
            "what_happened": _text(scenario.debrief.what_happened),
            "lessons": list(scenario.debrief.lessons),
        },
    }
    return out


def cmd_show(args) -> int:
    import json

    catalog = _catalog()
    scenario = load_or_fail(args.scenario, catalog)
    if args.json:
        print(json.dumps(scenario_json(scenario), ensure_ascii=False, indent=2))
        return EXIT_OK
    from engine.text import clean

    lang = args.lang or default_lang()
    print(clean(scenario.title.get(lang)))
    if scenario.summary:
        print(clean(scenario.summary.get(lang)))
    print()
    s = _summary(scenario, catalog)
    src = scenario.source.case_id if scenario.source else "-"
    roles = ", ".join(scenario.role_name(catalog, r, lang) for r in scenario.roles)
    print(f"id: {scenario.id}   source: {src}   languages: {'/'.join(s['languages'])}")
    print(f"roles: {roles}")
    print(
        f"type: {scenario.type or '-'}   sector: {scenario.sector or '-'}   difficulty: {scenario.difficulty or '-'}"
        f"   play time: {scenario.duration} min"
    )
    print(
        f"{s['nodes']} nodes, {s['decisions']} decisions, {s['endings']} endings, {len(s['practices'])} practices"
    )
    return EXIT_OK


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def cmd_play(args) -> int:
    from .plain import play_plain

    if args.watch and (args.plain or not _interactive()):
        raise CliError("--watch needs the terminal UI: run it in a terminal, without --plain")
    if args.watch:
        from engine.catalog import ScenarioNotFound, find

        try:
            if not isinstance(find(args.scenario), str):
                raise CliError("--watch takes a scenario file (a path), not a built-in id")
        except ScenarioNotFound as e:
            raise CliError(str(e)) from None
    if args.plain:
        return play_plain(args)
    if not _interactive():
        print("tabletop: not a terminal; playing in plain mode (use --plain to say so).", file=sys.stderr)
        return play_plain(args)
    from .app import run_app

    return run_app(
        lang=args.lang or default_lang(),
        scenario=args.scenario,
        session=args.session,
        seed=args.seed,
        roles=tuple(args.role),
        learn=args.learn,
        watch=args.watch,
    )


def cmd_sessions(args) -> int:
    import json

    from .plain import open_store

    store = open_store()
    try:
        rows = store.list()
    finally:
        store.close()
    if args.json:
        print(json.dumps([_session_json(r) for r in rows], ensure_ascii=False, indent=2))
        return EXIT_OK
    if not rows:
        print("No saved sessions yet. Start one with `tabletop play ID`.")
        return EXIT_OK
    from engine.text import clean, width

    lang = default_lang()
    col = max(width(r.name) for r in rows)
    for r in rows:
        title = clean(r.title.get(lang) or r.title.get("en") or r.title.get("any") or r.scenario)
        state = {"playing": "in play", "ended": "ended", "abandoned": "stopped"}.get(r.status, r.status)
        fork = f" (fork of {r.parent} at decision {r.fork_at})" if r.parent else ""
        score = "-" if r.score is None else str(r.score)
        print(
            f"{r.name}{' ' * (col - width(r.name))}  {r.updated[:16].replace('T', ' ')}  {state:<8}"
            f" {r.decisions:>3} decisions  score {score:>4}  {title}{fork}"
        )
    return EXIT_OK


def _session_json(r) -> dict:
    return {
        "name": r.name,
        "scenario": r.scenario,
        "ref": r.ref,
        "title": r.title,
        "created": r.created,
        "updated": r.updated,
        "status": r.status,
        "decisions": r.decisions,
        "score": r.score,
        "ending": r.ending,
        "parent": r.parent,
        "fork_at": r.fork_at,
    }


def cmd_resume(args) -> int:
    from .plain import play_plain

    if args.plain or not _interactive():
        if not args.plain:
            print("tabletop: not a terminal; resuming in plain mode.", file=sys.stderr)
        args.resume = args.name
        return play_plain(args)
    from .app import run_app

    return run_app(lang=args.lang, resume=args.name, learn=args.learn)


def cmd_report(args) -> int:
    from engine.report import render

    from .game import Game
    from .plain import loader, open_store
    from .store import StoreError

    store = open_store()
    try:
        game = Game.resume(store, args.name, loader(_catalog()))
    except StoreError as e:
        raise CliError(str(e)) from None
    finally:
        store.close()
    lang = args.lang or game.state.lang or default_lang()
    emit(render(game.debrief(), game.catalog, lang, args.format), args.output)
    return EXIT_OK


def emit(text: str, output: str | None) -> None:
    """Write a command's result to ``output`` (saying so on stderr), or to stdout when
    there is none or it is '-'."""
    if not output or output == "-":
        sys.stdout.write(text)
        return
    try:
        with open(output, "w", encoding="utf-8") as f:
            f.write(text)
    except OSError as e:
        raise CliError(f"cannot write {output}: {e.strerror or e}") from None
    print(f"wrote {output}", file=sys.stderr)


def cmd_validate(args) -> int:
    from .validate import run_validate

    return run_validate(args.paths, strict=args.strict)


COMMANDS = {
    "list": cmd_list,
    "practices": cmd_practices,
    "show": cmd_show,
    "play": cmd_play,
    "validate": cmd_validate,
    "sessions": cmd_sessions,
    "resume": cmd_resume,
    "report": cmd_report,
}
