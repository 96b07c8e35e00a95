"""The query form at `/` and the results page it leads to: plain HTML with no script, so it works with
scripts off and under a Content-Security-Policy that allows none. Results come as a table."""

from __future__ import annotations

import html
from collections.abc import Sequence
from urllib.parse import urlencode

import pyoxigraph as ox

from kg import formats
from kg.queries import PAGING, NamedQuery
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
<h2>Named queries</h2>
<p>Each answers at <code>/queries/NAME</code>, with its parameters in the URL and the formats of <code>/sparql</code>;
every one also takes {paging}.</p><ul>{named}</ul>
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
    from kg.queries import catalogue, load_query
    from kg.vocab import PREFIXES

    named = catalogue()
    text = query if query is not None else load_query(name) if name in named else _EXAMPLE
    options = "".join(f'<option value="{f}"{" selected" * (f == fmt)}>{label}</option>' for f, label in _choices().items())
    links = "".join(_link(q) for q in named.values())
    prefixes = ", ".join(f"<code>{p}:</code>" for p in PREFIXES)
    paging = " and ".join(f"<code>{n}</code> ({h})" for n, h in PAGING.items())
    return _PAGE.format(prefixes=prefixes, query=html.escape(text), options=options, results=results, named=links, paging=paging).encode()


def _link(query: NamedQuery) -> str:
    """A named query's entry: its form, its description and its parameters, each with an example URL."""
    name = html.escape(query.name)
    parameters = "".join(f"<li><code>{html.escape(p.name)}</code>: {html.escape(p.help)}</li>" for p in query.parameters)
    example = f"/queries/{query.name}?limit=50"
    return (
        f'<li><a href="/?{urlencode({"name": query.name})}">{name}</a>: {html.escape(query.description)}'
        f'<br>as results: <a href="{html.escape(example)}&amp;format=html"><code>{html.escape(example)}</code></a>'
        f"<ul>{parameters}</ul></li>"
    )


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
