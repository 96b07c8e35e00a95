"""Query results for people and programs: tables and records that fit the terminal, CSV/TSV, W3C JSON
and XML, and RDF for a CONSTRUCT's triples.

The one writer of results, used by `kg query`, the console and `kg serve`: it knows `max_rows`, so a
result cut for the endpoint is cut here, and a table's width, so a table fits a terminal. Widths are
display widths (wcwidth), so "東京都" takes six columns and an accent none, and columns line up.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, TypeVar

import pyoxigraph as ox
from wcwidth import wcswidth, wcwidth

from kg import formats
from kg.vocab import PREFIXES

_BLANKS = str.maketrans({c: " " for c in "\n\r\t\v\f\x85\u2028\u2029"})
ELLIPSIS = "…"
T = TypeVar("T")


@dataclass(frozen=True)
class Layout:
    """How to write a result: the format for solutions and the one for triples; `width` is the
    terminal's (None: lines as long as they come); `expanded` is "on" for one record per row, "auto"
    for that when a table would be wider than `width`; `max_rows` cuts the result."""

    solutions: str = "table"
    graph: str = "turtle"
    width: int | None = None
    expanded: str = "off"
    max_rows: int | None = None

    @classmethod
    def of(cls, fmt: str, width: int | None = None, expanded: str = "off") -> Layout:
        """The layout of `kg query --format` and the console's `\\format`: a CONSTRUCT beside CSV or
        TSV comes as N-Triples, a line per triple, otherwise as Turtle."""
        return cls(fmt, "nt" if fmt in ("csv", "tsv") else "turtle", width, expanded)


@dataclass(frozen=True)
class Written:
    """What was written: `kind` is solutions, triples or boolean; `count` the rows or triples, -1 when
    the format does not say (a whole result in a W3C format); `truncated` if `max_rows` cut it."""

    kind: str
    count: int
    truncated: bool = False


def terminal_width(stream: IO[str]) -> int | None:
    """The width to fit tables to: the terminal's when `stream` is one, else None, so that piped
    output stays whole."""
    return shutil.get_terminal_size().columns if stream.isatty() else None


# A prefixed name's local part (SPARQL's and Turtle's PN_LOCAL, ASCII only): letters, digits, '_', ':',
# percent escapes and '/' escaped as '\/' anywhere, '-' and '.' after the first character, no '.' at the end.
_FIRST = r"(?:[A-Za-z0-9_:]|%[0-9A-Fa-f]{2}|\\/)"
_LAST = r"(?:[A-Za-z0-9_:-]|%[0-9A-Fa-f]{2}|\\/)"
_LOCAL = re.compile(rf"(?:{_FIRST}(?:(?:{_LAST}|\.)*{_LAST})?)?")
_APART = re.compile(r"\.[^.]+\.")  # two runs of '.' with something between
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


def short(term: object) -> str:
    """An IRI as a prefixed name (`actor:egypt`, `incident:border_clash\\/0`: a '/' escaped) where one
    says it, else whole in `<...>`, so that either pastes back into a query; a literal without its datatype."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, iri in _BY_LENGTH:
            local = term.value[len(iri) :].replace("/", "\\/")
            # pyoxigraph 0.5 misreads some '.' beside an escape (`a\\/.\\/.0`) and two runs of '.' apart
            # (`0.0.0`, `a..b.c`): such a name goes whole
            if term.value.startswith(iri) and _LOCAL.fullmatch(local) and not ("." in local and ("\\" in local or _APART.search(local))):
                return f"{prefix}:{local}"
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(getattr(term, "value", term))


def write_results(result: ox.QuerySolutions | ox.QueryTriples | ox.QueryBoolean, layout: Layout, out: IO[bytes]) -> Written:
    """Write a query result as the layout says."""
    if isinstance(result, ox.QueryBoolean):
        if layout.solutions in formats.names(formats.SOLUTIONS):
            result.serialize(out, formats.get(layout.solutions, formats.SOLUTIONS).results)
        else:
            out.write(("true" if bool(result) else "false").encode())
        out.write(b"\n")
        return Written("boolean", 1)
    if isinstance(result, ox.QueryTriples):
        triples, truncated = take(result, layout.max_rows)
        graph = formats.get(layout.graph, formats.GRAPH)
        ox.serialize(triples, out, graph.rdf, prefixes=PREFIXES if graph.name in ("turtle", "xml") else None)
        return Written("triples", len(triples), truncated)
    if layout.solutions == "json" and layout.width is not None:  # for a person at a terminal: indented
        buffer = io.BytesIO()
        written = _write_w3c(result, ox.QueryResultsFormat.JSON, layout.max_rows, buffer)
        out.write(json.dumps(json.loads(buffer.getvalue()), indent=2, ensure_ascii=False).encode() + b"\n")
        return written
    if layout.solutions in formats.names(formats.SOLUTIONS):
        return _write_w3c(result, formats.get(layout.solutions, formats.SOLUTIONS).results, layout.max_rows, out)
    names = [v.value for v in result.variables]
    solutions, truncated = take(result, layout.max_rows)
    rows = [[short(solution[name]) for name in names] for solution in solutions]
    wide = layout.width is not None and table_width(names, rows) > layout.width
    if layout.solutions == "vertical" or layout.expanded == "on" or layout.expanded == "auto" and wide:
        out.write(vertical(names, rows, layout.width).encode())
    else:
        out.write(table(names, rows, layout.width).encode())
    return Written("solutions", len(rows), truncated)


def take(result: Iterable[T], max_rows: int | None) -> tuple[list[T], bool]:
    """The first `max_rows` items of a result (all of them for None), and whether any were left."""
    taken: list[T] = []
    for item in result:
        if max_rows is not None and len(taken) == max_rows:
            return taken, True
        taken.append(item)
    return taken, False


def _write_w3c(result: ox.QuerySolutions, fmt: ox.QueryResultsFormat, max_rows: int | None, out: IO[bytes]) -> Written:
    """Solutions in a W3C format. pyoxigraph writes only a whole result, so a cut one is built row by
    row as SPARQL JSON and converted."""
    if max_rows is None:
        buffer = io.BytesIO()
        result.serialize(buffer, fmt)
        data = buffer.getvalue()
        out.write(data if data.endswith(b"\n") else data + b"\n")
        return Written("solutions", -1)
    names = [v.value for v in result.variables]
    rows, truncated = take(result, max_rows)
    bindings = [{n: _json_term(s[n]) for n in names if s[n] is not None} for s in rows]
    body = json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}, ensure_ascii=False).encode()
    if fmt == ox.QueryResultsFormat.JSON:
        out.write(body)
    else:
        ox.parse_query_results(body, ox.QueryResultsFormat.JSON).serialize(out, fmt)
    return Written("solutions", len(rows), truncated)


def _json_term(term: object) -> dict:
    """A term in the W3C SPARQL JSON results format."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        parts = {"subject": term.subject, "predicate": term.predicate, "object": term.object}
        return {"type": "triple", "value": {k: _json_term(v) for k, v in parts.items()}}
    assert isinstance(term, ox.Literal)
    found = {"type": "literal", "value": term.value}
    if term.language:
        found["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        found["datatype"] = term.datatype.value
    return found


def cell(text: str) -> str:
    """A value on one line: line breaks and tabs as spaces, other control characters as U+FFFD (they
    have no width a terminal agrees on)."""
    text = text.translate(_BLANKS)
    return text if wcswidth(text) >= 0 else "".join(c if wcwidth(c) >= 0 else "\ufffd" for c in text)


def display_width(text: str) -> int:
    """Columns the text takes in a terminal: two for a wide character, none for a combining mark."""
    return max(wcswidth(text), 0)


def fit(text: str, width: int) -> str:
    """The text padded to `width` columns, or cut to them with an ellipsis."""
    used = display_width(text)
    if used <= width:
        return text + " " * (width - used)
    kept, used = [], 0
    for char in text:
        size = max(wcwidth(char), 0)
        if used + size > width - 1:
            break
        kept.append(char)
        used += size
    return "".join(kept) + ELLIPSIS + " " * (width - 1 - used)


def _widths(names: list[str], rows: list[list[str]]) -> list[int]:
    return [max([display_width(n)] + [display_width(r[i]) for r in rows]) for i, n in enumerate(names)]


def table_width(names: list[str], rows: list[list[str]]) -> int:
    """The width of the table `table` draws for these rows, uncut."""
    cells = [[cell(c) for c in row] for row in rows]
    return sum(_widths(names, cells)) + 3 * len(names) + 1


def table(names: list[str], rows: list[list[str]], width: int | None = None) -> str:
    """An aligned table; with `width`, the widest columns are narrowed, their cells cut with an
    ellipsis, until every line fits."""
    cells = [[cell(c) for c in row] for row in rows]
    widths = _widths(names, cells)
    if width is not None:
        widths = _narrowed(widths, width - 3 * len(names) - 1)
    line = "+" + "+".join("-" * (w + 2) for w in widths) + "+\n"
    draw = lambda r: "| " + " | ".join(fit(c, w) for c, w in zip(r, widths, strict=True)) + " |\n"  # noqa: E731
    return line + draw(names) + line + "".join(draw(r) for r in cells) + line


def _narrowed(widths: list[int], room: int) -> list[int]:
    """Column widths that add up to at most `room`: the widest are cut to a common cap, the narrow kept
    whole; no column below one character and its ellipsis."""
    if sum(widths) <= room:
        return widths
    cap = max(widths)
    while cap > 2 and sum(min(w, cap) for w in widths) > room:
        cap -= 1
    return [min(w, cap) for w in widths]


def vertical(names: list[str], rows: list[list[str]], width: int | None = None) -> str:
    """One record per row, `name | value`, as psql's expanded display; with `width`, long values wrap
    onto lines of their own rather than run past it."""
    name_width = max((display_width(n) for n in names), default=0)
    room = None if width is None else max(width - name_width - 3, 8)
    parts = []
    for i, row in enumerate(rows, 1):
        parts.append(f"-[ RECORD {i} ]{'-' * 20}"[:width] + "\n")
        for name, value in zip(names, row, strict=True):
            pieces = _wrap(cell(value), room)
            parts.append(f"{fit(name, name_width)} | {pieces[0]}\n")
            parts += [f"{' ' * name_width} | {piece}\n" for piece in pieces[1:]]
    return "".join(parts)


def _wrap(text: str, width: int | None) -> list[str]:
    """The text in lines of at most `width` columns, by display width."""
    if width is None or display_width(text) <= width:
        return [text]
    lines: list[str] = []
    current: list[str] = []
    used = 0
    for char in text:
        size = max(wcwidth(char), 0)
        if used + size > width:
            lines.append("".join(current))
            current, used = [], 0
        current.append(char)
        used += size
    return lines + ["".join(current)]
