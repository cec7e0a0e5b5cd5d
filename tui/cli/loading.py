"""What the commands load, turned into user errors when it fails: the catalogue, a
scenario by id or path, the session store."""

from __future__ import annotations

from .errors import CliError
from .messages import describe, say


def load_catalog_or_fail():
    from tabletop.engine.catalog import load_catalog

    catalog, diags = load_catalog()
    errors = [d for d in diags if d.severity == "error"]
    if errors:
        raise CliError(say("catalogue_errors", detail="\n".join(map(str, errors))))
    return catalog


def load_or_fail(ref: str, catalog):
    from tabletop.engine.catalog import ScenarioNotFound, load

    try:
        scenario, diags = load(ref, catalog)
    except ScenarioNotFound as e:
        raise CliError(describe(e)) from None
    errors = [d for d in diags if d.severity == "error"]
    if scenario is None or errors:
        shown = "\n".join(map(str, (errors or diags)[:20]))
        more = say("more_findings", n=len(errors) - 20) if len(errors) > 20 else ""
        raise CliError(say("scenario_errors", ref=ref, detail=shown + more))
    return scenario


def open_store(readonly: bool = False):
    """The session store (``--store``, TABLETOP_STORE, else the data directory's SQLite
    file), or a CliError that says why not. ``readonly`` for commands that only read: they
    work in a read-only data directory."""
    from tabletop.sessions import store

    try:
        return store.open_store(readonly=readonly)
    except store.StoreError as e:
        raise CliError(describe(e)) from None


def session_loader(catalog, saved: bool = True):
    """``ref -> (scenario, catalog)`` for sessions: built-in ids and paths alike. ``saved``:
    the ref comes from a saved session (not from the command line)."""
    from tabletop.sessions.game import catalog_for

    def load(ref: str):
        from tabletop.engine.catalog import ScenarioNotFound

        try:
            cat = catalog_for(ref, catalog)
        except ScenarioNotFound as e:
            raise CliError(
                say("session_scenario_gone", detail=describe(e)) if saved else describe(e)
            ) from None
        return load_or_fail(ref, catalog), cat

    return load


def text_json(t):
    """A scenario text as JSON: ``{"ja": ..., "en": ...}`` with the languages it has."""
    if t is None:
        return None
    if t.any is not None:
        return {"ja": t.any, "en": t.any}
    return {k: v for k, v in (("ja", t.ja), ("en", t.en)) if v is not None}


def source_json(scenario):
    """The case a scenario comes from, as JSON: ``{"report": "fy2024", "case": 2}``."""
    return {"report": scenario.source.report, "case": scenario.source.case} if scenario.source else None
