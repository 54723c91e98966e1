"""``python -m stagelint``: the same entry point, and the same exit codes, as the console
script."""

from stagelint.entry import console_main

if __name__ == "__main__":
    console_main()
