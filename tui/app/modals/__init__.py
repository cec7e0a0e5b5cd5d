"""Modal dialogs, one module each; this package re-exports them."""

from .changed import ChangedScreen
from .confirm import ConfirmScreen
from .feedback import FeedbackScreen
from .fork import ForkScreen
from .help import HelpScreen
from .note import NoteScreen
from .pass_keyboard import PassScreen
from .ruling import RulingScreen
from .task_rating import TaskRatingScreen

__all__ = [
    "ChangedScreen",
    "ConfirmScreen",
    "FeedbackScreen",
    "ForkScreen",
    "HelpScreen",
    "NoteScreen",
    "PassScreen",
    "RulingScreen",
    "TaskRatingScreen",
]
