"""One error type for everything a user can get wrong, printed on one line with its position."""

from __future__ import annotations


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

    def __str__(self) -> str:
        if self.path is None:
            where = f"{self.line}:{self.column}: " if self.line is not None else ""
            return where + self.message
        if self.byte is not None:
            return f"{self.path}: byte {self.byte}: {self.message}"
        if self.line is not None:
            col = f":{self.column}" if self.column is not None else ""
            return f"{self.path}:{self.line}{col}: {self.message}"
        return f"{self.path}: {self.message}"
