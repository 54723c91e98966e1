"""``python -m stagelint``: the same entry point as the console script."""

from stagelint.cli import main

if __name__ == "__main__":
    main()
