"""What every command prints besides its result: progress and errors, on stderr."""

import sys


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
