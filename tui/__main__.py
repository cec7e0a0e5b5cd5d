"""`python -m tui` runs the `tabletop` command."""

import sys

from tui.cli import main

sys.exit(main())
