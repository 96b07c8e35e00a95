"""The persistent Oxigraph store: one named graph per article, the union of them as default graph.

This is the one module that opens the store. It speaks pyoxigraph where speed and safety live
(transactions, bulk loading, read-only opening) and hands the rest plain quads.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib.term import Node

from kg.errors import KgError
from kg.vocab import KG, PREFIXES

FORMAT_VERSION = 1
_MARKER = "kg-store.json"  # beside Oxigraph's files: says the folder is a kg store, and of which format


def _marker(path: Path) -> Path:
    return path / _MARKER


def open_store(path: str | Path, create: bool = False, read_only: bool = False) -> ox.Store:
    """Open the store at `path`; `create` makes one in a missing or empty folder.

    A read-only opening works while a build holds the store, so a console can read during a build.
    """
    path = Path(path)
    marker = _marker(path)
    if not marker.exists():
        if create and (not path.exists() or not any(path.iterdir())):
            path.mkdir(parents=True, exist_ok=True)
            store = ox.Store(str(path))
            marker.write_text(json.dumps({"format": FORMAT_VERSION}) + "\n")
            return store
        if not path.exists():
            raise KgError("no store here: run `kg build ARTICLES --store DIR` first", path=str(path))
        raise KgError("not a kg store (no kg-store.json): refusing to touch it", path=str(path))
    version = json.loads(marker.read_text()).get("format")
    if version != FORMAT_VERSION:
        raise KgError(f"store format {version} is not supported (this kg reads format {FORMAT_VERSION})", path=str(path))
    try:
        return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except OSError as err:
        if "lock" in str(err).lower():
            raise KgError("store is locked by another kg process (a running build?)", path=str(path)) from None
        raise KgError(str(err), path=str(path)) from None


def stored_hash(store: ox.Store, graph: str) -> str | None:
    """The content hash the store holds for an article graph, or None if the article is new."""
    node = ox.NamedNode(graph)
    for quad in store.quads_for_pattern(node, ox.NamedNode(KG + "contentHash"), None, node):
        return quad.object.value
    return None


def replace_graph(store: ox.Store, graph: str, triples: Iterable[tuple[Node, Node, Node]]) -> None:
    """Swap an article's graph for new content in one update, which Oxigraph runs as one transaction:
    a crash leaves the old graph or the new one, never half of either."""
    body = " .\n".join(f"{s.n3()} {p.n3()} {o.n3()}" for s, p, o in triples)
    store.update(f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n{body} }} }}")


def remove_graph(store: ox.Store, graph: str) -> None:
    store.remove_graph(ox.NamedNode(graph))


def article_graphs(store: ox.Store) -> list[str]:
    return sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))


def query(store: ox.Store, sparql: str) -> ox.QuerySolutions | ox.QueryTriples | ox.QueryBoolean:
    """Run a SPARQL query over the union of the article graphs, with the project's prefixes declared."""
    try:
        return store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True)
    except SyntaxError as err:
        raise syntax_error(err) from None


def update(store: ox.Store, sparql: str) -> None:
    """Run a SPARQL update (the console's --write), with the project's prefixes declared."""
    try:
        store.update(sparql, prefixes=PREFIXES)
    except SyntaxError as err:
        raise syntax_error(err) from None


def syntax_error(err: SyntaxError) -> KgError:
    """pyoxigraph says "error at 3:14: expected ...": keep the message, lift out the position."""
    text = str(err.msg or err).splitlines()[0]
    match = re.match(r"error at (\d+):(\d+): (.*)", text)
    if match:
        return KgError(f"SPARQL syntax error: {match[3]}", line=int(match[1]), column=int(match[2]))
    return KgError(f"SPARQL syntax error: {text}")
