"""The Textual app: ``app`` (the App and its services), ``screens`` (one module a screen),
``modals`` (one module a dialog), ``literal`` (scenario text as literal content), ``i18n``
(the UI's strings) and ``app.tcss`` (the styles). It never imports the command line."""

from .app import TabletopApp

__all__ = ["TabletopApp"]
