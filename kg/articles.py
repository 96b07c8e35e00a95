"""Plain-text files -> Article: decoding, and the headline, byline and date line many articles carry."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path

from kg.errors import KgError
from kg.model import Article

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATE_LINE = [
    (re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$"), "%m/%d/%Y"),
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), "%Y-%m-%d"),
    (re.compile(rf"^(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,? )?({_MONTHS}) \d{{1,2}},? \d{{4}}$"), "%B %d %Y"),
    (re.compile(rf"^\d{{1,2}} ({_MONTHS}),? \d{{4}}$"), "%d %B %Y"),
]
_BYLINE = re.compile(r"^(?:By|BY|by)\s+\S.{0,80}$")
_HEADER_LINES = 8  # bylines and date lines sit at the top; further down a short line is text


def parse_date_line(line: str) -> date | None:
    """The date a line states when the line is nothing but a date, else None."""
    line = line.strip().rstrip(".")
    for pattern, fmt in _DATE_LINE:
        if pattern.match(line):
            cleaned = re.sub(r"^\w+day,? ", "", line).replace(",", "")
            try:
                return datetime.strptime(cleaned, fmt.replace(",", "")).date()
            except ValueError:
                return None
    return None


def decode(data: bytes, path: str) -> str:
    """UTF-8 text, or a KgError naming the first bad byte."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise KgError(f"invalid UTF-8 (0x{data[err.start]:02x})", path=path, byte=err.start) from None
    if "\x00" in text:
        raise KgError("binary file (NUL byte)", path=path, byte=data.index(b"\x00"))
    return text.lstrip("\ufeff")


def read_article(path: Path, published: date | None = None) -> Article:
    """Read one article; `published` is used when the file has no date line."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise KgError(err.strerror or str(err), path=str(path)) from None
    text = decode(data, str(path))
    if not text.strip():
        raise KgError("empty article", path=str(path))
    body = list(text)
    headline = byline = None
    date_line = None
    pos = 0
    lines = text.split("\n")
    nonblank = 0
    for line in lines:
        stripped = line.strip()
        blank = False
        if stripped and nonblank < _HEADER_LINES:
            nonblank += 1
            if headline is None and nonblank == 1 and not re.search(r"[.!?\"”]$", stripped) and len(stripped) < 200:
                headline = stripped
            elif stripped == headline:
                blank = True  # a repeated headline would state every fact twice
            elif date_line is None and (d := parse_date_line(stripped)):
                date_line, blank = d, True
            elif byline is None and (_BYLINE.match(stripped) or _next_is_date(lines, line)):
                byline, blank = re.sub(r"^(?:By|BY|by)\s+", "", stripped), True
        if blank:
            body[pos : pos + len(line)] = " " * len(line)
        pos += len(line) + 1
    return Article(
        id=path.stem,
        path=str(path),
        text=text,
        body="".join(body),
        sha256=hashlib.sha256(data).hexdigest(),
        headline=headline,
        byline=byline,
        published=date_line or published,
    )


def _next_is_date(lines: list[str], line: str) -> bool:
    """A short line without a full stop right above the date line is a byline ("The Media Line Staff")."""
    i = lines.index(line)
    following = [nxt.strip() for nxt in lines[i + 1 :] if nxt.strip()]
    return bool(following) and len(line.split()) <= 8 and parse_date_line(following[0]) is not None


def find_articles(paths: Iterable[Path]) -> Iterator[Path]:
    """Every .txt file under the given files and folders, in a stable order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.txt") if p.is_file())
        elif path.exists():
            yield path
        else:
            raise KgError("no such file or directory", path=str(path))
