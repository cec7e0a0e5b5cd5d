"""Tabletop's shells, the only code that talks to a person: the command line (``cli``,
with the plain line mode) and the Textual app (``app``)."""
