"""Errors the user can act on (bad scenario files, bad command-line values)."""


class ConfigError(Exception):
    """Bad input: names the file and the key, printed as one line by the CLI (exit code 2)."""

    def __init__(self, file: str, key: str, message: str):
        self.file = str(file)
        self.key = key
        self.message = message
        super().__init__(f"{self.file}: {key}: {message}" if key else f"{self.file}: {message}")
