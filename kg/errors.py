"""One error type for everything a user can get wrong, printed on one line with its position."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")


def printable(text: str) -> str:
    """Text safe to print on one line: control characters and line breaks escaped, and bytes of a file
    name that is not UTF-8 (Python keeps them as surrogates) shown as \\xNN rather than crashing print."""
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return _CONTROL.sub(lambda m: m[0].encode("unicode_escape").decode(), text)


def one_line(err: Exception) -> str:
    """A library's message cut to its first line (pyoxigraph's may hold a backtrace), or the error's type
    when it has none: what kg prints of errors it does not word itself."""
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__


class KgError(Exception):
    """A user-facing error: ``path:line:col: message``, ``path: byte N: message`` or just the message."""

    def __init__(
        self,
        message: str,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        byte: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        self.byte = byte

    def __reduce__(self) -> tuple[type[KgError], tuple[str, str | None, int | None, int | None, int | None]]:
        """Pickled whole, positions included, so an error raised in a worker process reads the same."""
        return KgError, (self.message, self.path, self.line, self.column, self.byte)

    def __str__(self) -> str:
        if self.path is None:
            where = f"{self.line}:{self.column}: " if self.line is not None else ""
        elif self.byte is not None:
            where = f"{self.path}: byte {self.byte}: "
        elif self.line is not None:
            where = f"{self.path}:{self.line}" + (f":{self.column}" if self.column is not None else "") + ": "
        else:
            where = f"{self.path}: "
        return printable(where + self.message)
