"""`python -m bot`: the command line (serve by default)."""

import sys

from bot.cli import main

sys.exit(main())
