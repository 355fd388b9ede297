"""``python -m symact`` runs the command line."""

import sys

from symact.cli import main

sys.exit(main())
