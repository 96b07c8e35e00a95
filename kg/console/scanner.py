"""Reading SPARQL text as the console types or reads it: where a query ends, and what the cursor is in."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_IRI = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')  # SPARQL's IRIREF; any other '<' is less-than


@dataclass(frozen=True)
class Scan:
    """What a scan of SPARQL text found: nesting depth at its end, whether it ends inside a string or
    comment, and the offsets of the ';' outside any braces, brackets and parentheses (query ends)."""

    depth: int
    state: str  # "code", "string" or "comment"
    ends: list[int]


def scan(text: str) -> Scan:
    """Scan SPARQL text. A ';' inside `{ }` separates predicate lists and inside `( )` GROUP_CONCAT's
    arguments, so only a top-level ';' ends a query."""
    depth, i, n = 0, 0, len(text)
    ends: list[int] = []
    while i < n:
        c = text[i]
        if c == "#":
            j = text.find("\n", i)
            if j < 0:
                return Scan(depth, "comment", ends)
            i = j + 1
            continue
        if c in "\"'":
            quote = c * 3 if text.startswith(c * 3, i) else c
            j = i + len(quote)
            while True:
                if j >= n:
                    return Scan(depth, "string", ends)
                if text[j] == "\\":
                    j += 2
                elif text.startswith(quote, j):
                    j += len(quote)
                    break
                elif len(quote) == 1 and text[j] == "\n":  # a short string cannot span lines
                    break
                else:
                    j += 1
            i = j
            continue
        if c == "<":
            match = _IRI.match(text, i)
            if match:
                i = match.end()
                continue
        if c in "{[(":
            depth += 1
        elif c in "}])":
            depth -= 1
        elif c == ";" and depth <= 0:
            ends.append(i)
        i += 1
    return Scan(depth, "code", ends)


def is_complete(text: str) -> bool:
    """Whether Enter should run the buffer: a backslash command, an empty line, or a query whose last
    character is a top-level ';'."""
    stripped = text.strip()
    if not stripped or stripped.startswith("\\"):
        return True
    if not stripped.endswith(";"):
        return False
    found = scan(stripped)
    return found.state == "code" and bool(found.ends) and found.ends[-1] == len(stripped) - 1


@dataclass(frozen=True)
class Statement:
    """One query or backslash command of a script, with where it starts (1-based) for error positions."""

    text: str
    line: int
    column: int


def statements(text: str) -> Iterator[Statement]:
    """Split a script into `;`-terminated queries (the ';' dropped) and one-line backslash commands.
    A last query without ';' runs too, so `echo 'SELECT ...' | kg console` works."""
    pending, start = "", (1, 1)
    for number, line in enumerate(text.splitlines(keepends=True), 1):
        if line.lstrip().startswith("\\") and scan(pending).state == "code":
            if has_code(pending):  # a backslash command ends an unfinished query, as the end of input does
                yield Statement(pending, *start)
            yield Statement(line.strip(), number, 1)
            pending = ""
            continue
        if not has_code(pending):
            pending, start = "", (number, 1)
        pending += line
        offset = 0
        for end in scan(pending).ends:
            yield Statement(pending[offset:end], *_advance(start, pending[:offset]))
            offset = end + 1
        if offset:
            start, pending = _advance(start, pending[:offset]), pending[offset:]
    if has_code(pending):
        yield Statement(pending, *start)


def _advance(start: tuple[int, int], consumed: str) -> tuple[int, int]:
    """The position just after `consumed`, which begins at `start`."""
    if "\n" not in consumed:
        return start[0], start[1] + len(consumed)
    return start[0] + consumed.count("\n"), len(consumed) - consumed.rfind("\n")


def has_code(text: str) -> bool:
    """Whether the text holds more than blank lines and comments: only then is there something to run."""
    return any(line.strip() and not line.strip().startswith("#") for line in text.splitlines())


def strip_end(text: str) -> str:
    """The input without its final top-level ';', which ends a query but is not SPARQL."""
    stripped = text.rstrip()
    found = scan(stripped)
    if found.ends and found.ends[-1] == len(stripped) - 1 and found.state == "code":
        return stripped[:-1]
    return stripped
