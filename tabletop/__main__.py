"""`python -m tabletop` runs the `tabletop` command."""

import sys

from tabletop.tui.cli.main import main

sys.exit(main())
