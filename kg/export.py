"""Store -> Turtle, N-Triples, N-Quads, TriG, JSON-LD or RDF/XML, with the project's prefixes declared."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from importlib.resources import files
from typing import IO, TypeVar

import pyoxigraph as ox

from kg import formats
from kg.store import article_quads
from kg.vocab import KINDS, PREFIXES

Statement = TypeVar("Statement", ox.Quad, ox.Triple)


def jsonld_context() -> dict[str, object]:
    """The shipped @context (ontology/context.jsonld), with `kgd:` following KG_DATA_BASE. The prefixes
    of minted IRIs' kinds stay out: in JSON-LD `place` or `source` would be terms, clashing with the
    properties of those names."""
    with (files("kg.ontology") / "context.jsonld").open("rb") as source:
        context = json.load(source)["@context"]
    return {**context, **{prefix: iri for prefix, iri in PREFIXES.items() if prefix not in KINDS}}


def export(store: ox.Store, fmt: str, out: IO[bytes]) -> int:
    """Write the graph in `fmt`, streaming from the store; returns the number of statements written.

    Formats of datasets get the article graphs; the others the default graph, their union. JSON-LD is
    written by rdflib, to embed the @context."""
    count = 0

    def counted(statements: Iterable[Statement]) -> Iterator[Statement]:
        nonlocal count
        for statement in statements:
            count += 1
            yield statement

    written = formats.get(fmt, formats.GRAPH, formats.DATASET)
    if fmt == "jsonld":
        quads = list(article_quads(store))
        out.write(_jsonld(quads))
        return len(quads)
    if formats.DATASET in written.kinds:
        ox.serialize(counted(article_quads(store)), out, written.rdf, prefixes=PREFIXES if fmt == "trig" else None)
        return count
    triples = counted(ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    if fmt == "xml":
        # Oxigraph writes a carriage return in a literal as is, and XML readers turn a bare one into a line
        # feed; as a character reference it is kept. Markup never holds one, so every one is in a value.
        buffer = io.BytesIO()
        ox.serialize(triples, buffer, written.rdf, prefixes=PREFIXES)
        out.write(buffer.getvalue().replace(b"\r", b"&#13;"))
    else:
        ox.serialize(triples, out, written.rdf, prefixes=PREFIXES if fmt == "turtle" else None)
    return count


def _jsonld(quads: list[ox.Quad]) -> bytes:
    """JSON-LD with the @context embedded rather than linked, so that reading it needs no network.

    rdflib compacts each graph against the context; the graphs are then named here, which keeps rdflib's
    Dataset (whose JSON-LD writer warns of its own deprecated calls) out of the way.
    """
    from rdflib import Graph

    context = jsonld_context()
    by_graph: dict[ox.NamedNode | ox.BlankNode | ox.DefaultGraph, list[ox.Triple]] = {}
    for quad in quads:
        by_graph.setdefault(quad.graph_name, []).append(ox.Triple(quad.subject, quad.predicate, quad.object))
    top: list[object] = []
    for name, triples in sorted(by_graph.items(), key=lambda item: str(item[0])):
        graph = Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
        compacted = json.loads(graph.serialize(format="json-ld", context=context))
        del compacted["@context"]
        nodes = compacted.get("@graph", [compacted])  # a graph of one node comes without "@graph"
        if isinstance(name, ox.DefaultGraph):
            top.extend(nodes)
        else:
            top.append({"@id": name.value if isinstance(name, ox.NamedNode) else str(name), "@graph": nodes})
    return json.dumps({"@context": context, "@graph": top}, indent=1, ensure_ascii=False).encode()
