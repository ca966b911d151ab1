"""``python -m desktop_app`` starts Miz like the ``miz`` command."""

import sys

from .cli import main

sys.exit(main())
