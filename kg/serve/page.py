"""The query form at `/` and the results page it leads to: plain HTML with no script, so it works with
scripts off and under a Content-Security-Policy that allows none. Results come as a table."""

from __future__ import annotations

import html
from collections.abc import Sequence
from urllib.parse import urlencode

import pyoxigraph as ox

from kg import formats
from kg.results import short

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kg SPARQL</title>
<style>
body{{font-family:sans-serif;margin:2em;max-width:80em}}textarea{{width:100%;font-family:monospace}}
table{{border-collapse:collapse}}th,td{{border:1px solid #ccc;padding:.2em .5em;text-align:left;vertical-align:top}}
th{{background:#eee}}td small{{color:#666}}.error{{color:#a00;font-family:monospace}}
</style>
</head><body>
<h1>kg SPARQL endpoint</h1>
<p>The default graph is the union of the article graphs; the prefixes {prefixes} are declared.
Read-only. Programs send queries to <code>/sparql</code> (SPARQL 1.1 Protocol, GET or POST).</p>
<form action="/sparql" method="get">
<textarea name="query" rows="14">{query}</textarea>
<p><label>Results as <select name="format">{options}</select></label> <button type="submit">Run</button></p>
</form>
{results}
<h2>Named queries</h2><ul>{named}</ul>
</body></html>
"""
_EXAMPLE = """SELECT ?name ?type WHERE {
  ?actor a ?type ; skos:prefLabel ?name .
  VALUES ?type { kg:Person kg:Organization kg:Country }
}
LIMIT 50"""
_PLAIN = {"http://www.w3.org/2001/XMLSchema#string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}


def page(name: str | None = None, query: str | None = None, results: str = "", fmt: str = "html") -> bytes:
    """The query form holding `query`, else the named query `name`, else an example (so it needs no
    script), with `fmt` chosen; `results` is HTML shown under it."""
    from kg.queries import load_query, named_queries
    from kg.vocab import PREFIXES

    named = named_queries()
    text = query if query is not None else load_query(name) if name in named else _EXAMPLE
    options = "".join(f'<option value="{f}"{" selected" * (f == fmt)}>{label}</option>' for f, label in _choices().items())
    links = "".join(f'<li><a href="/?{urlencode({"name": n})}">{html.escape(n)}</a>: {html.escape(d)}</li>' for n, d in named.items())
    prefixes = ", ".join(f"<code>{p}:</code>" for p in PREFIXES)
    return _PAGE.format(prefixes=prefixes, query=html.escape(text), options=options, results=results, named=links).encode()


def _choices() -> dict[str, str]:
    """The form's formats, name -> label, in the table's order (a table for people first); a name
    with one format for solutions and another for graphs shows both ("XML or RDF/XML")."""
    labels: dict[str, list[str]] = {}
    for f in formats.of(formats.PAGE, formats.SOLUTIONS, formats.GRAPH):
        labels.setdefault(f.name, []).append(f.label)
    return {name: " or ".join(parts) for name, parts in labels.items()}


def error_html(message: str) -> str:
    return f'<p class="error">{html.escape(message)}</p>'


def result_table(names: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Rows of terms as an HTML table with a column per name; IRIs link to their description."""
    head = "".join(f"<th>{html.escape(n)}</th>" for n in names)
    body = "".join("<tr>" + "".join(f"<td>{_cell(term)}</td>" for term in row) + "</tr>" for row in rows)
    count = f"{len(rows)} row{'' if len(rows) == 1 else 's'}"
    return f'<p class="count">{count}</p>\n<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _cell(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        link = "/sparql?" + urlencode({"query": f"DESCRIBE <{term.value}>", "format": "html"})
        return f'<a href="{html.escape(link)}" title="{html.escape(term.value)}">{html.escape(short(term))}</a>'
    if isinstance(term, ox.Literal):
        text = html.escape(term.value)
        if term.language:
            return f"{text} <small>@{html.escape(term.language)}</small>"
        if term.datatype.value not in _PLAIN:
            return f"{text} <small>^^{html.escape(short(term.datatype))}</small>"
        return text
    if isinstance(term, ox.Triple):
        return f"&lt;&lt; {_cell(term.subject)} {_cell(term.predicate)} {_cell(term.object)} &gt;&gt;"
    return html.escape(short(term))
