"""The bottom of the stack when the app opens straight on a game (``tabletop play X``,
``tabletop resume NAME``): a blank screen that becomes the library when the player leaves
the game. The library is not built under a game nobody has left: its list, filters and
cards would hold about 2 MiB for the whole drill (make bench, the playthrough's memory)."""

from __future__ import annotations

from textual.screen import Screen


class LibraryLater(Screen):
    def on_screen_resume(self) -> None:
        # resumed when the screen above it is popped; the app's own start also resumes it,
        # before on_mount has pushed the game, so wait for that to settle first
        self.call_later(self._become_library)

    def _become_library(self) -> None:
        app = self.app
        if app.screen is not self or app.return_code is not None:
            return  # a game is on top, or the app is ending (a bad argument, a quit)
        from . import LibraryScreen

        # pushed over this screen, not switched for it: Textual cannot switch out the
        # bottom screen (it has no result callback to drop)
        app.push_screen(LibraryScreen())
