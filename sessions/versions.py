"""The scenario versions sessions were played on, kept so that a session outlives an edit of
its scenario.

A session's log records the digest of the scenario file it began on. When the file changes
(a built-in scenario reworked by a new release, an author editing a pack), the log may no
longer fit the new graph, and even when it does its points mean something else. So each
session keeps a *version record*: the file's bytes and the practices it cites, as they were,
under that digest. Resuming a changed session can then show it as it was played, or fork its
answers onto the new version (see ``Game.resume`` and ``Game.fork_onto_current``).

Records live in the session database (table ``versions``, written when a session begins)
and, for sessions begun before records were kept, in the built-in archive: one
``scenarios/archive/<digest>.json.gz`` per built-in scenario version a release replaced
(``python -m tabletop.sessions.versions FILE...`` writes them; see docs/authoring.md).
"""

from __future__ import annotations

import gzip
import json
import sys
import zlib

import attrs

from tabletop.engine.codec import converter
from tabletop.engine.digest import sha256
from tabletop.engine.encode import to_json
from tabletop.engine.model import Catalog, Practice, Scenario

FORMAT = 1


@attrs.frozen
class Version:
    digest: str  # the scenario digest its sessions' start events record
    scenario_id: str
    source: bytes  # the scenario file as it was
    practices: dict[str, Practice]  # the practices it cited, as they were


def file_digest(data: bytes) -> str:
    """The digest a scenario's start event records (``Scenario.digest``)."""
    return sha256(data).hexdigest()[:16]


def capture(scenario: Scenario, data: bytes, catalog: Catalog) -> Version | None:
    """The record of ``scenario`` read from ``data``; None when the bytes are not the ones
    it was loaded from (the file changed in between)."""
    if file_digest(data) != scenario.digest:
        return None
    cited = set(scenario.practice_ids()) | {
        p for o in scenario.objectives for t in o.tasks for p in t.practices
    }
    return Version(
        scenario.digest,
        scenario.id,
        data,
        {p: catalog.practices[p] for p in sorted(cited) if p in catalog.practices},
    )


def record_json(v: Version) -> bytes:
    doc = {
        "format": FORMAT,
        "digest": v.digest,
        "id": v.scenario_id,
        "source": v.source.decode("utf-8"),
        "practices": [converter.unstructure(p) for p in v.practices.values()],
    }
    return to_json(doc).encode("utf-8")


def from_json(data: bytes) -> Version | None:
    """The record, or None for anything that is not a whole, consistent one: a record is
    read back from a database or a file that may be damaged, and is never trusted."""
    try:
        doc = json.loads(data)
        if doc.get("format") != FORMAT:
            return None
        source = doc["source"].encode("utf-8")
        if file_digest(source) != doc["digest"]:
            return None
        practices = [converter.structure(p, Practice) for p in doc["practices"]]
        return Version(doc["digest"], str(doc["id"]), source, {p.id: p for p in practices})
    except Exception:  # noqa: BLE001 - any malformed record is simply not a record
        return None


def to_blob(v: Version) -> bytes:
    """The record as the session database keeps it."""
    return zlib.compress(record_json(v), 9)


def from_blob(blob: bytes) -> Version | None:
    try:
        return from_json(zlib.decompress(blob))
    except zlib.error:
        return None


def archived(digest: str) -> Version | None:
    """A built-in scenario version a release replaced, from the archive shipped with Tabletop."""
    from tabletop.engine.catalog import builtin_dir

    if not digest.isalnum():
        return None
    try:
        return from_json(gzip.decompress((builtin_dir() / "archive" / f"{digest}.json.gz").read_bytes()))
    except (OSError, EOFError, gzip.BadGzipFile):
        return None


def load_version(v: Version, base: Catalog) -> tuple[Scenario | None, Catalog, list]:
    """The scenario as it was, with a catalogue whose practices are those it cited then
    (the roles are today's: a role's name is all a past session needs of it)."""
    from tabletop.engine.diagnostics import Sink
    from tabletop.engine.loader import load_scenario

    catalog = Catalog(roles=base.roles, practices={**base.practices, **v.practices})
    where = f"{v.scenario_id}@{v.digest}"
    sink = Sink(where)
    scenario = load_scenario(where, catalog, sink, v.source)
    if sink.has_errors:
        return None, catalog, sink.items
    return scenario, catalog, sink.items


def main(argv: list[str]) -> int:
    """Archive the current version of built-in scenario files before a release changes them,
    so that sessions begun on them keep their debrief (writes scenarios/archive/)."""
    from pathlib import Path

    from tabletop.engine.catalog import load, load_catalog

    if not argv or argv[0] in ("-h", "--help"):
        print("usage: python -m tabletop.sessions.versions SCENARIO.yaml...", file=sys.stderr)
        return 2
    catalog, _ = load_catalog()
    out = Path(__file__).resolve().parent.parent / "scenarios" / "archive"
    out.mkdir(exist_ok=True)
    for name in argv:
        data = Path(name).read_bytes()
        scenario, diags = load(name, catalog)
        v = capture(scenario, data, catalog) if scenario is not None else None
        if v is None:
            print(f"{name}: cannot be archived: {[str(d) for d in diags][:3]}", file=sys.stderr)
            return 1
        target = out / f"{v.digest}.json.gz"
        target.write_bytes(gzip.compress(record_json(v), 9, mtime=0))
        print(f"{name}: {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
