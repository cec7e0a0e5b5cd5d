"""Tabletop's pure core: the scenario model, loading and validation, play, scoring.

Nothing in this package talks to a person or imports the terminal UI.
"""
