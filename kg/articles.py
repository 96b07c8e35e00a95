"""Plain-text files -> Article: decoding, and the headline, byline and date line many articles carry.

Scraped folders are messy, so reading is strict about what it refuses and says why in one line: files
that are not UTF-8 text, empty ones, HTML saved as .txt, files too large to be one article, and anything
that is not a regular file. The rest is read as it is: `text` keeps every character, so offsets point
into the file, while `body`, the parser's copy, turns invisible and exotic white space into plain spaces
and line breaks of the same length.
"""

from __future__ import annotations

import hashlib
import re
import stat
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path

from kg.errors import KgError
from kg.model import Article

MAX_BYTES = 200_000  # ~30,000 words, far beyond a news article; parsing time grows faster than size
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_WEEKDAY = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\w*"
_DATE_LINE = [
    (re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$"), "%m/%d/%Y"),
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), "%Y-%m-%d"),
    (re.compile(rf"^(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,? )?({_MONTHS}) \d{{1,2}},? \d{{4}}$"), "%B %d %Y"),
    (re.compile(rf"^\d{{1,2}} ({_MONTHS}),? \d{{4}}$"), "%d %B %Y"),
    (re.compile(rf"^(?:{_WEEKDAY},? )?(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\w*\.? \d{{1,2}},? \d{{4}}$"), "%b %d %Y"),
]
_DATE_LABEL = re.compile(r"^(?:published|updated|posted|last updated|date)(?: on)?:?\s+", re.IGNORECASE)  # "Published: June 3, 2025"
_BYLINE = re.compile(r"^(?:By|BY|by)\s+\S.{0,80}$")
_HEADER_LINES = 8  # bylines and date lines sit at the top; further down a short line is text
# A wire dateline opening the lead: "MUSCAT, Oman (AP) — ", "QUITO, March 4th (Reuters) - ", "JEDDAH - ", "LIMA, PERU | Agency | ",
# "WASHINGTON, Sep 15 (APP): ", "RIYADH: ", "MOSCOW, July 8. /TASS/. ". The parser would read it as part of the lead's first sentence
# and its city as the subject, so the parser's copy blanks it: the city in capitals, a region, a date, the
# agency in brackets, a dash or a colon.
_DATELINE = re.compile(
    r"([A-Z][A-Z'.-]{2,}(?: [A-Z][A-Z'.-]+){0,3})"
    r"(?:, [A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,3})?"
    r"(?:,? [A-Z][a-z]{2,8}\.? \d{1,2}(?:st|nd|rd|th)?(?:, \d{4})?)?"
    r"(?: +\([A-Za-z][\w .,/-]{0,30}\)| \| [A-Za-z][\w .-]{0,30})?"
    r"(?: ?[—–-]{1,2}|:| \||\. /[A-Za-z][\w .-]{0,30}/\.) +(?=[A-Z\"“‘'])"
)
_HTML = re.compile(r"<(?:!doctype\s+html|html|head|body|p|div|br|span|table|script|a\s+href)\b[^>]*>", re.IGNORECASE)


def _chars(*ranges: tuple[int, int]) -> str:
    return "".join(chr(c) for first, last in ranges for c in range(first, last + 1))


# The parser splits words at ASCII spaces only: zero-width and direction marks, no-break and other
# Unicode spaces and control characters would glue words into names, so its copy gets plain spaces.
_LINE_BREAKS = _chars((0x0B, 0x0C), (0x1C, 0x1E), (0x85, 0x85), (0x2028, 0x2029))  # str.splitlines' breaks
_SPACES = _chars(
    (0x01, 0x08), (0x0E, 0x1B), (0x1F, 0x1F), (0x7F, 0x84), (0x86, 0xA0),  # controls, no-break space
    (0x061C, 0x061C), (0x1680, 0x1680), (0x180E, 0x180E), (0x2000, 0x200F),  # Unicode spaces, zero-width, LRM/RLM
    (0x202A, 0x202F), (0x205F, 0x206F), (0x3000, 0x3000), (0xFEFF, 0xFEFF),  # bidi embeddings and isolates, BOM
)
_PLAIN = str.maketrans({**dict.fromkeys(_LINE_BREAKS, "\n"), **dict.fromkeys(_SPACES, " ")})
_LONE_CR = re.compile(r"\r(?!\n)")


def parse_date_line(line: str) -> date | None:
    """The date a line states when the line is nothing but a date, else None."""
    line = _DATE_LABEL.sub("", line.strip().rstrip("."))
    for pattern, fmt in _DATE_LINE:
        if pattern.match(line):
            cleaned = re.sub(rf"^{_WEEKDAY},? ", "", line).replace(",", "")
            if fmt == "%b %d %Y":  # "Sept. 3 2025" -> "Sep 3 2025"
                cleaned = re.sub(r"^([A-Za-z]{3})\w*\.?", r"\1", cleaned)
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
    return text


def plain(text: str) -> str:
    """The parser's copy of a text, of the same length: invisible and exotic white space made plain,
    a lone carriage return (old Mac files) made a line break."""
    return _LONE_CR.sub("\n", text.translate(_PLAIN))


def read_bytes(path: Path) -> bytes:
    """A regular file's bytes, refused before reading when it cannot be one article.

    Checking first means a named pipe never blocks the build and a huge file is never loaded.
    """
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise KgError("not a regular file (a pipe, socket or device)", path=str(path))
        if info.st_size > MAX_BYTES:
            raise KgError(f"too large for one article ({info.st_size} bytes, limit {MAX_BYTES}): split it", path=str(path))
        with path.open("rb") as file:
            data = file.read(MAX_BYTES + 1)
    except OSError as err:
        raise KgError(err.strerror or str(err), path=str(path)) from None
    if len(data) > MAX_BYTES:  # it grew since stat
        raise KgError(f"too large for one article (over {MAX_BYTES} bytes): split it", path=str(path))
    return data


def read_article(path: Path, published: date | None = None) -> Article:
    """Read one article; `published` is used when the file has no date line."""
    if path.name != path.name.encode("utf-8", "replace").decode():
        raise KgError("file name is not UTF-8: rename the file", path=str(path))  # its stem names the graph
    data = read_bytes(path)
    text = decode(data, str(path))
    normal = plain(text)
    if not normal.strip():
        raise KgError("empty article", path=str(path))
    if match := _HTML.search(text):
        row = text.count("\n", 0, match.start()) + 1
        column = match.start() - text.rfind("\n", 0, match.start())
        raise KgError(f"HTML, not plain text ({match[0][:20]}): save the article as text", path=str(path), line=row, column=column)
    body = list(normal)
    headline = byline = place = None
    date_line = None
    pos = 0
    lines = normal.split("\n")
    nonblank = 0
    lead = None  # where the first line of text starts, once found
    for i, line in enumerate(lines):
        stripped = line.strip()
        blank = False
        header = False
        if stripped and nonblank < _HEADER_LINES:
            nonblank += 1
            if date_line is None and (d := parse_date_line(stripped)):
                date_line, blank = d, True  # a date, even on the first line of an article with no headline
            elif headline is None and nonblank == 1 and not re.search(r"[.!?\"”]$", stripped) and len(stripped) < 200:
                headline, header = stripped, True
            elif stripped == headline:
                blank = True  # a repeated headline would state every fact twice
            elif byline is None and (_BYLINE.match(stripped) or _next_is_date(lines, i)):
                byline, blank = re.sub(r"^(?:By|BY|by)\s+", "", stripped), True
        if blank:
            body[pos : pos + len(line)] = " " * len(line)
        elif stripped and not header and lead is None:
            lead = pos + len(line) - len(line.lstrip())
            if dateline := _DATELINE.match(line.lstrip()):
                body[lead : lead + dateline.end()] = " " * dateline.end()
                place = dateline[1].title()
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
        dateline=place,
    )


def _next_is_date(lines: list[str], i: int) -> bool:
    """A short line without a full stop right above the date line is a byline ("The Media Line Staff")."""
    following = [nxt.strip() for nxt in lines[i + 1 :] if nxt.strip()]
    return bool(following) and len(lines[i].split()) <= 8 and parse_date_line(following[0]) is not None


def find_articles(paths: Iterable[Path]) -> Iterator[Path]:
    """Every .txt file under the given folders, and the given files, in a stable order.

    Other files are left alone (a scraped folder holds .html, .json and images beside the articles), as
    are hidden files and folders (`.git`, macOS `._x.txt`) and symbolic links to folders, which could
    loop; a folder named like an article (`x.txt/`) is a folder, whose articles are read. A .txt entry
    that cannot be read (a broken or looping link, a pipe) and a given path that does not exist are still
    yielded, so reading reports each by name and the build goes on with the rest.
    """
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*.txt") if not p.is_dir() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            yield path
