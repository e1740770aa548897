#!/usr/bin/env python3
"""Build the town-twinning publication: `python build.py --help`."""
import sys

from press.build.cli import main

if __name__ == "__main__":
    sys.exit(main())
