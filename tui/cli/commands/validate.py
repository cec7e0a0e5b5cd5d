"""`tabletop validate PATH...`: check scenario, role and practice files."""

from __future__ import annotations

import sys
from pathlib import Path

from .. import exit_codes


def add_parser(sub) -> None:
    s = sub.add_parser(
        "validate",
        help="check scenario, role and practice files",
        description="Check scenario files (and roles/*.yaml, practices.yaml). Exit 0 when clean, 1 on "
        "findings, 2 when it could not run. Diagnostics print as path:line:col: CODE severity: message; "
        "the codes are documented in docs/format.md.",
    )
    s.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    s.add_argument("--strict", action="store_true", help="warnings count as findings too")


def run(args) -> int:
    return run_validate(args.paths, strict=args.strict)


def _files(paths: list[str]) -> tuple[list[Path], list[str]]:
    files, missing = [], []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found = sorted(
                f
                for f in path.rglob("*")
                if f.suffix in (".yaml", ".yml") and f.is_file() and ".venv" not in f.parts
            )
            files += found
        elif path.is_file():
            files.append(path)
        else:
            missing.append(p)
    return files, missing


class Overlays:
    """One overlaid catalogue per folder (see engine.catalog.overlay); the built-in one is
    read only when a file needs checking (a run whose every file is in the cache reads none)."""

    def __init__(self) -> None:
        self._base = None
        self.cache: dict = {}

    def for_file(self, f: Path):
        from tabletop.engine.catalog import load_catalog, overlay

        if self._base is None:
            self._base, _ = load_catalog()
        folder = f.resolve().parent
        if folder not in self.cache:
            self.cache[folder] = overlay(self._base, f)
        return self.cache[folder]


def check_file(f: Path, overlays: Overlays, memo=None) -> list:
    """The diagnostics of one file. ``memo`` (a DigestCache) keeps them by the digest of
    everything they follow from (the file, the catalogue and overlays it is checked
    against, the engine's code: engine.catalog.source_digest), so an unchanged file is
    not checked again, and a changed one always is."""
    from tabletop.engine.diagnostics import Diagnostic

    try:
        data = f.read_bytes()
    except OSError:
        data = None  # the loaders say why, as a diagnostic
    key = None
    if memo is not None and data is not None:
        from tabletop.engine.catalog import source_digest

        key = f"{f}\0{source_digest(f, data)}"
        rows = memo.get(key)
        if _rows_ok(rows):
            return [Diagnostic(str(f), *row) for row in rows]
    items = _check(f, data, overlays)
    if key is not None:
        memo.put(key, [[d.line, d.col, d.code, d.severity, d.message] for d in items])
    return items


def _rows_ok(rows) -> bool:
    """A cached entry is used only when it has exactly the shape written (it is never trusted)."""
    shape = (int, int, str, str, str)
    return isinstance(rows, list) and all(
        isinstance(r, list) and len(r) == 5 and all(type(v) is t for v, t in zip(r, shape, strict=True))
        for r in rows
    )


def _check(f: Path, data: bytes | None, overlays: Overlays) -> list:
    from tabletop.engine.diagnostics import Sink
    from tabletop.engine.lint import lint
    from tabletop.engine.loader import load_practices, load_role, load_scenario

    sink = Sink(str(f))
    if f.name == "practices.yaml":
        load_practices(str(f), sink, data)
    elif f.parent.name == "roles":
        load_role(str(f), sink, data)
    else:
        catalog = overlays.for_file(f)
        scenario = load_scenario(str(f), catalog, sink, data)
        if scenario is not None and not sink.has_errors:
            lint(scenario, catalog, sink)
    return sink.items


def run_validate(paths: list[str], strict: bool = False) -> int:
    from tabletop.engine.diagnostics import ERROR

    from ..messages import say

    files, missing = _files(paths)
    for m in missing:
        print(say("error", message=say("no_such_path", path=m)), file=sys.stderr)
    if not files:
        if not missing:
            print(say("error", message=say("no_yaml", paths=", ".join(paths))), file=sys.stderr)
        return exit_codes.CANNOT_RUN
    from tabletop.sessions.cache import DigestCache

    overlays = Overlays()
    memo = DigestCache("validate", keep=500)
    errors = warnings = 0
    for f in files:
        for d in sorted(check_file(f, overlays, memo), key=lambda d: (d.line, d.col, d.code)):
            print(d)
            if d.severity == ERROR:
                errors += 1
            else:
                warnings += 1
    memo.save()
    n = len(files)
    plural = {
        "n_s": "s" if n != 1 else "",
        "e_s": "s" if errors != 1 else "",
        "w_s": "s" if warnings != 1 else "",
    }
    print(say("checked", n=n, errors=errors, warnings=warnings, **plural), file=sys.stderr)
    if missing:
        return exit_codes.CANNOT_RUN
    if errors or (strict and warnings):
        return exit_codes.FINDINGS
    return exit_codes.OK
