"""The screens of the terminal UI, one module each; this package re-exports them."""

from .debrief import DebriefScreen
from .dialogs import ConfirmScreen, FeedbackScreen, ForkScreen, HelpScreen, NoteScreen, PassScreen
from .graph import GraphScreen
from .library import LibraryScreen
from .play import PlayScreen
from .sessions import SessionsScreen
from .setup import SetupScreen

__all__ = [
    "ConfirmScreen",
    "DebriefScreen",
    "FeedbackScreen",
    "ForkScreen",
    "GraphScreen",
    "HelpScreen",
    "LibraryScreen",
    "NoteScreen",
    "PassScreen",
    "PlayScreen",
    "SessionsScreen",
    "SetupScreen",
]
