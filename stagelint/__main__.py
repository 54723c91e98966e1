"""``python -m stagelint``: the same entry point, and the same exit codes, as the console
script."""

import sys

from stagelint.entry import main

if __name__ == "__main__":
    sys.exit(main())
