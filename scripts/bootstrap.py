#!/usr/bin/env python3
"""Set up this checkout with Python alone — Linux, macOS and Windows.

    python3 scripts/bootstrap.py          # Linux, macOS: .venv with the packages for the site
    py -3.13 scripts\\bootstrap.py test    # Windows: the same plus the test packages

`python3 scripts/bootstrap.py --help` lists the rest (lock, clean, run). The
implementation is scripts/casebook/devenv.py; it needs nothing installed.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from casebook.devenv import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
