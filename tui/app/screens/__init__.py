"""The screens of the terminal UI, one module each; this package re-exports them.

Each is imported when first asked for (PEP 562), so that the first frame of the library
does not wait for the play, debrief, graph, setup and sessions screens to be imported."""

from __future__ import annotations

import importlib

_MODULES = {
    "DebriefScreen": "debrief",
    "GraphScreen": "graph",
    "LibraryScreen": "library",
    "PlayScreen": "play",
    "SessionsScreen": "sessions",
    "SetupScreen": "setup",
    "ConsoleScreen": "console",
    "ProjectorScreen": "projector",
    "RoleScreen": "role",
    "ReplayScreen": "replay",
    "ControlScreen": "control",
}

__all__ = list(_MODULES)


def __getattr__(name: str):
    if name in _MODULES:
        return getattr(importlib.import_module(f"{__name__}.{_MODULES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
