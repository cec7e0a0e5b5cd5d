"""Exchange with the tools facilitators already use: IcebergTTX scenario JSON and MSEL
spreadsheets, to and from format v1.

One module a job: ``graph`` is the neutral graph every importer builds and its writing as
format v1 YAML; ``roles`` maps the source's team and recipient names to catalogue roles;
``iceberg`` and ``msel`` convert one format each, both ways; ``order`` is how the exporters
walk a loaded scenario; ``detect`` tells which importer a file needs. Pure conversion: data
in, data or YAML text out; nothing here reads or writes files.
"""
