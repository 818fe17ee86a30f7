"""``python -m autograder <command>``."""

import sys

from .cli import main

sys.exit(main())
