"""The command line: `tabletop` and its commands (one module each in ``commands/``), the
plain line mode, and the errors and exit codes they share."""
