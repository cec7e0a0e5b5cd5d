"""Where scenarios, roles and practices come from: the built-in data packages (their
folders, or importlib.resources where a package is not a folder, so an installed copy
works anywhere) or a path."""

from __future__ import annotations

import functools
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .diagnostics import Diagnostic, Sink
    from .model import Catalog, Scenario

# The loader, the model and the diagnostics are imported where they are used: `tabletop
# list` with its summaries cached needs only the file lists and digests below, and the
# loader's imports (attrs, yaml) are most of its start-up time.


def builtin_dir(package: str = "scenarios"):
    """The folder of one of Tabletop's packages: a built-in data package (scenarios,
    roles), or the engine, whose code the caches' digests include. A package installed as
    files (every install pip makes, editable or not) is its folder, a Path; importlib.
    resources is asked only for anything else (a zip), because its first answer imports
    its readers and zipfile, milliseconds the library would pay before its list fills."""
    import importlib
    from pathlib import Path

    spec = importlib.import_module(f"tabletop.{package}").__spec__
    places = list(spec.submodule_search_locations or ()) if spec else []
    if len(places) == 1 and Path(places[0]).is_dir():
        return Path(places[0])
    from importlib import resources

    return resources.files(f"tabletop.{package}")


def _yaml_files(folder) -> list:
    return sorted((f for f in folder.iterdir() if f.name.endswith((".yaml", ".yml"))), key=lambda f: f.name)


def load_catalog(roles_dir=None, practices_file=None) -> tuple[Catalog, list[Diagnostic]]:
    """The role definitions and the good-practice catalogue."""
    from .diagnostics import Sink
    from .loader import load_practices, load_role
    from .model import Catalog

    diags: list[Diagnostic] = []
    roles = {}
    for f in _yaml_files(roles_dir or builtin_dir("roles")):
        sink = Sink(_display(f))
        role = load_role(str(f), sink, _read(f, sink))
        diags += sink.items
        if role is not None:
            if role.id in roles:
                sink.error("TT023", None, f"role '{role.id}' is also defined in {roles[role.id].path}")
                diags += sink.items[-1:]
            roles[role.id] = role
    pf = practices_file or (builtin_dir() / "practices.yaml")
    sink = Sink(_display(pf))
    data = _read(pf, sink)
    practices = load_practices(str(pf), sink, data) if data is not None else {}
    diags += sink.items
    return Catalog(roles=roles, practices=practices), diags


def _read(f, sink: Sink) -> bytes | None:
    try:
        return f.read_bytes()
    except OSError as e:
        sink.error("TT002", None, f"cannot read the file: {e.strerror or e}")
        return None


def _display(f) -> str:
    """A short path for messages: relative to the working directory when possible."""
    p = str(f)
    try:
        rel = os.path.relpath(p)
        return rel if not rel.startswith("..") else p
    except ValueError:
        return p


class ScenarioNotFound(LookupError):
    """No scenario for a reference. ``kind`` (unknown_id | ambiguous_id | no_such_file),
    ``ref`` and ``near`` (close or matching ids) let a shell word it in its own language."""

    def __init__(self, message: str, kind: str = "", ref: str = "", near: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.kind = kind
        self.ref = ref
        self.near = near


def builtin_files() -> list:
    return [f for f in _yaml_files(builtin_dir()) if f.name != "practices.yaml"]


PACK_GROUP = "tabletop.scenarios"


def pack_files() -> tuple[list, list[str]]:
    """Scenario files installed by other Python packages: each entry point in the group
    ``tabletop.scenarios`` names a package (or module) whose folder holds scenario files,
    and may hold a practices.yaml beside them and a roles/ folder beside that folder.
    Returns the files and a message for each pack that could not be read."""
    from pathlib import Path

    files, problems = [], []
    if not _may_have_packs():
        return files, problems
    from importlib import resources
    from importlib.metadata import entry_points

    for ep in sorted(entry_points(group=PACK_GROUP), key=lambda e: e.name):
        try:
            target = ep.load()
            folder = (
                Path(str(resources.files(target)))
                if hasattr(target, "__path__")
                else Path(target.__file__).parent
            )
            found = [f for f in _yaml_files(folder) if f.name != "practices.yaml"]
        except Exception as e:  # a broken pack must not break the library
            problems.append(f"scenario pack '{ep.name}' ({ep.value}) cannot be read: {e}")
            continue
        files += found
    return files, problems


def _may_have_packs() -> bool:
    """Whether any installed distribution's entry points name the pack group: read from
    the entry_points.txt files on sys.path (where importlib.metadata finds them too), since
    importing importlib.metadata costs more than all of `tabletop list` otherwise does.
    Anything but plain folders on the path (a zip, say) leaves the answer to it."""
    import sys

    for entry in sys.path:
        folder = entry or "."
        if not os.path.isdir(folder):
            if os.path.exists(folder):
                return True
            continue
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            if name.endswith((".dist-info", ".egg-info")):
                try:
                    with open(os.path.join(folder, name, "entry_points.txt"), encoding="utf-8") as f:
                        if PACK_GROUP in f.read():
                            return True
                except (OSError, UnicodeDecodeError):
                    continue
    return False


def scenario_files() -> list:
    """Every scenario file the library offers: the built-in ones, then installed packs."""
    return builtin_files() + pack_files()[0]


def builtin_ids() -> dict[str, object]:
    """Scenario id → file, for the built-in scenarios (the id is the file's stem)."""
    return {f.name.rsplit(".", 1)[0]: f for f in builtin_files()}


def find(ref: str):
    """A scenario id (or a unique prefix of one, such as fy2024-02) or a path → the file."""
    if os.sep in ref or ref.endswith((".yaml", ".yml")) or os.path.exists(ref):
        if not os.path.exists(ref):
            raise ScenarioNotFound(f"no such file: {ref}", "no_such_file", ref)
        return ref
    ids = builtin_ids()
    if ref in ids:
        return ids[ref]
    packs = {str(f.name).rsplit(".", 1)[0]: str(f) for f in pack_files()[0]}
    ids = {**packs, **ids}
    if ref in ids:
        return ids[ref]
    matches = [i for i in ids if i.startswith(ref)]
    if len(matches) == 1:
        return ids[matches[0]]
    if len(matches) > 1:
        raise ScenarioNotFound(
            f"'{ref}' matches several scenarios: {', '.join(matches)}", "ambiguous_id", ref, tuple(matches)
        )
    import difflib

    # "fy2024-2" for "fy2024-02": compare with the short ids (fyYYYY-NN) as well as the whole ones
    short = {i.split("-", 2)[0] + "-" + i.split("-", 2)[1]: i for i in ids if i.count("-") >= 2}
    near = difflib.get_close_matches(ref, [*short, *ids], n=2, cutoff=0.6)
    hint = f"; did you mean {' or '.join(near)}?" if near else ""
    raise ScenarioNotFound(
        f"unknown scenario id '{ref}'{hint} (`tabletop list` shows them)", "unknown_id", ref, tuple(near)
    )


def overlay(base: Catalog, scenario_file) -> Catalog:
    """The catalogue for a scenario outside the built-in folder: the built-in one, overlaid
    with a practices.yaml beside the scenario and the role files in a roles/ folder beside
    the scenario's folder, when they exist."""
    from pathlib import Path

    from .diagnostics import Sink
    from .loader import load_practices, load_role
    from .model import Catalog

    folder = Path(str(scenario_file)).resolve().parent
    practices, roles = dict(base.practices), dict(base.roles)
    pf = folder / "practices.yaml"
    if pf.is_file() and folder != Path(str(builtin_dir())).resolve():
        practices.update(load_practices(str(pf), Sink(str(pf))))
    rd = folder.parent / "roles"
    if rd.is_dir():
        for rf in sorted(rd.glob("*.yaml")):
            r = load_role(str(rf), Sink(str(rf)))
            if r is not None:
                roles[r.id] = r
    return Catalog(roles=roles, practices=practices)


def load(ref, catalog: Catalog, deep: bool = False) -> tuple[Scenario | None, list[Diagnostic]]:
    """Load a scenario by id or path, with the structural and graph checks (``deep``
    adds those that play it, see engine.lint). A path outside the built-in folder gets
    the overlaid catalogue (see ``overlay``)."""
    from .diagnostics import Sink
    from .lint import lint
    from .loader import gc_paused, load_scenario

    f = find(ref) if isinstance(ref, str) else ref
    if isinstance(f, str):
        catalog = overlay(catalog, f)
    sink = Sink(_display(f))
    data = _read(f, sink) if hasattr(f, "read_bytes") else None
    if data is None and sink.items:
        return None, sink.items
    with gc_paused():  # the checks build tables as large as the scenario too
        scenario = load_scenario(str(f), catalog, sink, data)
        if scenario is not None and not sink.has_errors:
            lint(scenario, catalog, sink, deep)
    return scenario, sink.items


_base_digest: str | None = None
_code_digest: str | None = None


@functools.cache
def _builtin():
    """The built-in scenario folder, resolved (once: it is compared with every file's)."""
    from pathlib import Path

    return Path(str(builtin_dir())).resolve()


def code_digest() -> str:
    """A digest of the engine's own code (and PyYAML's version), read once: what is
    derived from a scenario depends on it too, so every cache's key includes it (an
    upgrade, or two installations sharing a data directory, must not be shown each
    other's results)."""
    global _code_digest
    if _code_digest is None:
        from importlib.util import find_spec
        from pathlib import Path

        from .digest import cache_key

        h = cache_key()
        engine = builtin_dir("engine")
        files = sorted((f for f in engine.iterdir() if f.name.endswith(".py")), key=lambda f: f.name)
        # and the YAML reader's version, told by its package's first file (which names it)
        # without importing it: `list` from the cache never imports yaml
        spec = find_spec("yaml")
        if spec is not None and spec.origin:
            files.append(Path(spec.origin))
        for f in files:
            h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
        _code_digest = h.hexdigest()
    return _code_digest


def source_digest(scenario_file, data: bytes) -> str:
    """A digest of everything a scenario's loaded form depends on: its bytes, the built-in
    roles and practices, the overlay files beside it (see ``overlay``) and the engine's own
    code. Caches of derived data key their entries by it, so they are never stale. A key,
    not a name: it is BLAKE2b (engine.digest), and nothing outside a cache keeps it."""
    from pathlib import Path

    from .digest import cache_key

    global _base_digest
    if _base_digest is None:
        h = cache_key()
        h.update(code_digest().encode())
        for f in [*_yaml_files(builtin_dir("roles")), builtin_dir() / "practices.yaml"]:
            h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
        _base_digest = h.hexdigest()
    h = cache_key()
    h.update(_base_digest.encode())
    # A built-in file's overlay is the built-in roles and practices, in the base already:
    # reading the roles again for each of them was most of the library's digest time.
    if (
        isinstance(scenario_file, str | Path)
        and (folder := Path(scenario_file).resolve().parent) != _builtin()
    ):
        rd = folder.parent / "roles"
        extra = [folder / "practices.yaml", *(sorted(rd.glob("*.yaml")) if rd.is_dir() else [])]
        for f in extra:
            if f.is_file():
                try:
                    body = f.read_bytes()
                except OSError as e:  # overlay() skips it: the key says it could not be read
                    body = f"\0unreadable {e.errno}".encode()
                h.update(str(f).encode() + b"\0" + body + b"\0")
    h.update(data)
    return h.hexdigest()
