"""Tabletop's shells: the command line, the plain line mode and the terminal UI."""
