"""Scenarios ready to play, kept between runs: a scenario that passed the checks, with the
catalogue it was checked against, so that opening it again needs neither the YAML reader
nor the checks. The terminal UI keeps each scenario it reads for play, and each it reads
for the library's list (when the summary cache has no card for it: a new or changed
file), so that a game opened later in another run reads no YAML.

Loading a scenario for play reads its YAML, builds the model and runs the structural and
graph checks: the modules that takes (yaml, the loader, the checks) and what they build
along the way were about 2 MiB of a whole playthrough's memory (make bench) and most of
the time from Enter in the library to the play screen.

Each entry is one file, ``cache/scenarios/<key>.pickle`` in the data directory, keyed by
``engine.catalog.source_digest`` (the file's bytes, the catalogue and overlay files it was
checked against, the engine's own code) and the file's path. A changed input is a new
key, so an entry is never stale; entries are kept for the ``KEEP`` scenarios most recently
read or opened. The folder is safe to delete, and a file that is unreadable, corrupt, from
another Python or attrs, or not what it claims is ignored: the scenario is loaded and
checked from its YAML.

The files are Python pickles of the model (frozen attrs classes), and unpickling runs
code: they are read only when the current user owns them and no one else may write them
(the folder is made private, each file is written 0600), so a data directory on a shared
drive cannot be handed a pickle by another account. Nothing else is ever read from them."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile

from .paths import data_dir

FORMAT = 1
KEEP = 64


def _stamp() -> tuple:
    """What a pickle's objects depend on besides the key: a pickle written under another
    Python or attrs may not rebuild the same objects. attrs is told by its main module's
    size and time (its ``__version__`` reads the package metadata: 2 MiB of imports)."""
    import attr._make

    made = os.stat(attr._make.__file__)
    return (FORMAT, sys.version_info[:2], made.st_size, made.st_mtime_ns)


def _file(key: str):
    return data_dir() / "cache" / "scenarios" / f"{key}.pickle"


def key_of(f) -> str | None:
    """The key a scenario file's entry is kept under (its source digest and its path), or
    None when the file cannot be read (the full load then says why). ``f``: what
    engine.catalog.find gave for the scenario asked for."""
    from pathlib import Path

    from tabletop.engine.catalog import source_digest
    from tabletop.engine.digest import cache_key

    try:
        data = (f if hasattr(f, "read_bytes") else Path(f)).read_bytes()
    except OSError:
        return None
    # the file's place too: the model keeps its path (for messages), and an install moved
    # to another folder, with the same bytes, must not show the old one
    h = cache_key()
    h.update(f"{source_digest(f, data)}\0{f}".encode())
    return h.hexdigest()


def get(key: str):
    """``(scenario, catalogue)`` kept under ``key``, or None."""
    import pickle

    from tabletop.engine.model import Catalog, Scenario

    path = _file(key)
    try:
        with open(path, "rb") as f:
            if not _private(os.fstat(f.fileno())):
                return None
            stamp, scenario, catalog = pickle.load(f)
    except Exception:  # missing, unreadable, truncated, or from other code: load afresh
        return None
    if stamp != _stamp() or not isinstance(scenario, Scenario) or not isinstance(catalog, Catalog):
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # opened lately: kept when older entries are dropped
    return scenario, catalog


def _private(st) -> bool:
    """A file only this user wrote and can write (where the system has owners)."""
    if not hasattr(os, "getuid"):
        return True
    return st.st_uid == os.getuid() and not st.st_mode & 0o022


def put(key: str, scenario, catalog) -> None:
    """Keep a scenario that passed the checks; a failure to write is ignored."""
    import pickle

    path = _file(key)
    with contextlib.suppress(Exception):  # a full disk, a read-only home, an object pickle refuses
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pickle")  # 0600
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump((_stamp(), scenario, catalog), f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)  # readers see the old file or the new one, never half
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        _prune(path.parent)


def _prune(folder) -> None:
    entries = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP:]:
        with contextlib.suppress(OSError):
            old.unlink()
