"""Query results for people and programs: aligned tables, vertical records, CSV/TSV, W3C JSON and XML.

Shared by `kg query` and the console, so both name the formats the same way.
"""

from __future__ import annotations

import io
from typing import IO

import pyoxigraph as ox

from kg import formats
from kg.vocab import PREFIXES


def short(term: object) -> str:
    """An IRI shortened by the known prefixes, a literal without its datatype."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, iri in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
            if term.value.startswith(iri):
                return f"{prefix}:{term.value[len(iri) :]}"
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(getattr(term, "value", term))


def write_results(result: object, fmt: str, out: IO[bytes]) -> int:
    """Write a query result; returns the number of rows (or triples) written."""
    if isinstance(result, ox.QueryBoolean):
        out.write((("true" if bool(result) else "false") + "\n").encode())
        return 1
    if isinstance(result, ox.QueryTriples):
        triples = list(result)
        ox.serialize(
            triples,
            out,
            ox.RdfFormat.N_TRIPLES if fmt in ("csv", "tsv") else ox.RdfFormat.TURTLE,
            prefixes=None if fmt in ("csv", "tsv") else PREFIXES,
        )
        return len(triples)
    assert isinstance(result, ox.QuerySolutions)
    if fmt in formats.names(formats.SOLUTIONS):
        buffer = io.BytesIO()
        result.serialize(buffer, formats.get(fmt, formats.SOLUTIONS).results)
        data = buffer.getvalue()
        out.write(data if data.endswith(b"\n") else data + b"\n")
        return -1
    names = [v.value for v in result.variables]
    rows = [[short(solution[name]) for name in names] for solution in result]
    text = vertical(names, rows) if fmt == "vertical" else table(names, rows)
    out.write(text.encode())
    return len(rows)


def table(names: list[str], rows: list[list[str]]) -> str:
    cells = [[c.replace("\n", " ") for c in row] for row in rows]
    widths = [max([len(n)] + [len(r[i]) for r in cells]) for i, n in enumerate(names)]
    line = "+" + "+".join("-" * (w + 2) for w in widths) + "+\n"
    fmt_row = lambda r: "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |\n"  # noqa: E731
    return line + fmt_row(names) + line + "".join(fmt_row(r) for r in cells) + line


def vertical(names: list[str], rows: list[list[str]]) -> str:
    width = max((len(n) for n in names), default=0)
    parts = []
    for i, row in enumerate(rows, 1):
        parts.append(f"-[ RECORD {i} ]" + "-" * 20 + "\n")
        parts += [f"{n.ljust(width)} | {c}\n" for n, c in zip(names, row, strict=True)]
    return "".join(parts)
