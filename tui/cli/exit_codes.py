"""The exit codes of every `tabletop` command, in one place (scripts rely on them)."""

OK = 0  # done; for validate and test: nothing found
FINDINGS = 1  # ran, and found problems (validate, test), or play stopped before the end
CANNOT_RUN = 2  # a user error: bad arguments, a missing file, a broken scenario
INTERNAL_ERROR = 70  # a bug: the details are in crash.log (EX_SOFTWARE)
INTERRUPTED = 130  # Ctrl+C (128 + SIGINT)
