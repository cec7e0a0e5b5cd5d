"""Playing sessions: a session being played (``game``) and its event log in a store
(``store``: SQLite), kept in the data directory (``paths``). Below the shells, above the
engine: it does I/O, which the engine never does."""
