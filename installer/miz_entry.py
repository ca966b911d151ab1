"""Entry point of the frozen (PyInstaller) Miz: the same as the ``miz`` command."""

import sys

from desktop_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
