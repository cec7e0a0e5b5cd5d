"""The screens of the terminal UI, one module each; this package re-exports them."""

from .debrief import DebriefScreen
from .graph import GraphScreen
from .library import LibraryScreen
from .play import PlayScreen
from .sessions import SessionsScreen
from .setup import SetupScreen

__all__ = [
    "DebriefScreen",
    "GraphScreen",
    "LibraryScreen",
    "PlayScreen",
    "SessionsScreen",
    "SetupScreen",
]
