"""The projector: the room's screen of a facilitated drill. It draws only
``engine.views.projector`` (never a facilitator note, a rubric, feedback or the score)."""

from __future__ import annotations

from tabletop.engine import views

from .following import Following


class ProjectorScreen(Following):
    def on_mount(self) -> None:
        self.title = self.app.t("fc_projector_title")
        super().on_mount()

    def view(self):
        return views.projector(self.game.scenario, self.game.state, self.app.lang, self.now())
