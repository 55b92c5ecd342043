"""Errors the user can act on (bad scenario files, bad command-line values, unsafe outputs)."""

from __future__ import annotations

import difflib


class ConfigError(Exception):
    """Bad input: names the file and the key, printed as one line by the CLI (exit code 2).

    Picklable (``__reduce__``), so that an error raised in a worker process reaches the user
    as the same one line as in a single run.
    """

    def __init__(self, file: str, key: str, message: str):
        self.file = str(file)
        self.key = key
        self.message = " ".join(str(message).split())  # one line, whatever the cause said
        text = f"{self.file}: {key}: {self.message}" if key else f"{self.file}: {self.message}"
        super().__init__(text)

    def __reduce__(self):
        return (type(self), (self.file, self.key, self.message))


class TamperedError(Exception):
    """A manifest that disagrees with itself (edited after the run): exit code 1, one line."""


def suggest(word: str, valid, n: int = 3, prefix: str = "") -> str:
    """' (did you mean a, b?)' with the closest names in ``valid`` (difflib), each written
    after ``prefix``; '' when none is close."""
    close = difflib.get_close_matches(str(word), [str(v) for v in valid], n=n, cutoff=0.6)
    return f" (did you mean {', '.join(prefix + c for c in close)}?)" if close else ""
