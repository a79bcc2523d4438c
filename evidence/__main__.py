"""Entry point for ``python -m evidence``."""

import sys

from .cli import main

sys.exit(main())
