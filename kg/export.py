"""Store -> Turtle, N-Triples, N-Quads, TriG or JSON-LD, with the project's prefixes declared."""

from __future__ import annotations

from typing import IO

import pyoxigraph as ox

from kg.vocab import PREFIXES

# format name -> (pyoxigraph format or None for rdflib, keeps named graphs)
FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "xml": ox.RdfFormat.RDF_XML,
    "jsonld": None,
}
DATASET_FORMATS = {"nquads", "trig", "jsonld"}


def export(store: ox.Store, fmt: str, out: IO[bytes]) -> int:
    """Write the graph; triple formats get the union of article graphs. Returns the number of statements."""
    if fmt in DATASET_FORMATS and fmt != "jsonld":
        quads = list(store.quads_for_pattern(None, None, None, None))
        ox.serialize(quads, out, FORMATS[fmt], prefixes=PREFIXES if fmt == "trig" else None)
        return len(quads)
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, None)}
    ordered = sorted(triples, key=str)
    if fmt == "jsonld":
        from rdflib import Dataset

        data = Dataset()
        data.parse(data=ox.serialize(list(store.quads_for_pattern(None, None, None, None)), format=ox.RdfFormat.N_QUADS), format="nquads")
        for prefix, iri in PREFIXES.items():
            data.bind(prefix, iri)
        out.write(data.serialize(format="json-ld", context=dict(PREFIXES), indent=1).encode())
        return len(ordered)
    kwargs = {"prefixes": PREFIXES} if fmt in ("turtle", "xml") else {}
    ox.serialize(ordered, out, FORMATS[fmt], **kwargs)
    return len(ordered)
