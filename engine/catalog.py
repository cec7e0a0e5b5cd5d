"""Where scenarios, roles and practices come from: the built-in data packages
(read with importlib.resources, so an installed copy works anywhere) or a path."""

from __future__ import annotations

import os
from importlib import resources

from .diagnostics import Diagnostic, Sink
from .loader import load_practices, load_role, load_scenario
from .model import Catalog, Scenario


def builtin_dir(package: str = "scenarios"):
    return resources.files(package)


def _yaml_files(folder) -> list:
    return sorted((f for f in folder.iterdir() if f.name.endswith((".yaml", ".yml"))), key=lambda f: f.name)


def load_catalog(roles_dir=None, practices_file=None) -> tuple[Catalog, list[Diagnostic]]:
    """The role definitions and the good-practice catalogue."""
    diags: list[Diagnostic] = []
    roles = {}
    for f in _yaml_files(roles_dir or builtin_dir("roles")):
        sink = Sink(_display(f))
        role = load_role(str(f), sink, f.read_bytes())
        diags += sink.items
        if role is not None:
            if role.id in roles:
                sink.error("TT023", None, f"role '{role.id}' is also defined in {roles[role.id].path}")
                diags += sink.items[-1:]
            roles[role.id] = role
    pf = practices_file or (builtin_dir() / "practices.yaml")
    sink = Sink(_display(pf))
    practices = load_practices(str(pf), sink, pf.read_bytes())
    diags += sink.items
    return Catalog(roles=roles, practices=practices), diags


def _display(f) -> str:
    """A short path for messages: relative to the working directory when possible."""
    p = str(f)
    try:
        rel = os.path.relpath(p)
        return rel if not rel.startswith("..") else p
    except ValueError:
        return p


class ScenarioNotFound(LookupError):
    pass


def builtin_files() -> list:
    return [f for f in _yaml_files(builtin_dir()) if f.name != "practices.yaml"]


def builtin_ids() -> dict[str, object]:
    """Scenario id → file, for the built-in scenarios (the id is the file's stem)."""
    return {f.name.rsplit(".", 1)[0]: f for f in builtin_files()}


def find(ref: str):
    """A scenario id (or a unique prefix of one, such as fy2024-02) or a path → the file."""
    if os.sep in ref or ref.endswith((".yaml", ".yml")) or os.path.exists(ref):
        if not os.path.exists(ref):
            raise ScenarioNotFound(f"no such file: {ref}")
        return ref
    ids = builtin_ids()
    if ref in ids:
        return ids[ref]
    matches = [i for i in ids if i.startswith(ref)]
    if len(matches) == 1:
        return ids[matches[0]]
    if len(matches) > 1:
        raise ScenarioNotFound(f"'{ref}' matches several scenarios: {', '.join(matches)}")
    raise ScenarioNotFound(f"no scenario '{ref}'; `tabletop list` shows them")


def load(ref, catalog: Catalog) -> tuple[Scenario | None, list[Diagnostic]]:
    """Load a scenario by id or path, with the structural and graph checks."""
    from .lint import lint

    f = find(ref) if isinstance(ref, str) else ref
    sink = Sink(_display(f))
    data = f.read_bytes() if hasattr(f, "read_bytes") else None
    scenario = load_scenario(str(f), catalog, sink, data)
    if scenario is not None and not sink.has_errors:
        lint(scenario, catalog, sink)
    return scenario, sink.items
