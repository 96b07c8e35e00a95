"""What a SPARQL update can change, and the operations that mend the union of the article graphs there
alone, which kg.store runs in the update's transaction.

The update is read with rdflib's SPARQL parser, which gives each operation's templates and graphs as
terms. Oxigraph itself runs the update; nothing here evaluates it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import XSD, Literal, URIRef
from rdflib.term import Node

from kg.vocab import ONTOLOGY_IRI

# One triple pattern: a term where the update names one, None where it may write any.
Pattern = tuple[URIRef | Literal | None, URIRef | Literal | None, URIRef | Literal | None]
# Past this many characters an update is mended by the whole pass: rdflib's parser reads some 600 triples
# a second, and slower as they grow (2,000 took 12 s), while the pass costs about a second per million
# statements. Typed updates are far shorter; a long script of data would otherwise wait on the parser.
LONGEST = 10_000
# The same written as SPARQL terms (`<iri>`, `"text"`), for VALUES.
Row = tuple[str | None, ...]


@dataclass(frozen=True)
class Reach:
    """Every triple an update can add to or take from any graph: those matching one of `patterns`, and
    those the graphs named in `graphs` held before it ran (what DROP and CLEAR take away, and what COPY,
    MOVE and ADD take from or put in a graph)."""

    patterns: frozenset[Pattern]
    graphs: frozenset[str]


def reach(update: str, prefixes: dict[str, str]) -> Reach | None:
    """What `update` can change, or None when that is everything or cannot be told: an operation on the
    default graph or on all graphs at once (CLEAR DEFAULT, DROP ALL, MOVE <g> TO DEFAULT), a LOAD, a
    template that may write any triple, text rdflib's parser does not read (Oxigraph's extensions), or
    text longer than LONGEST."""
    if len(update) > LONGEST:
        return None
    from rdflib import Namespace
    from rdflib.plugins.sparql.algebra import translateUpdate
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        operations = translateUpdate(parseUpdate(update), initNs={p: Namespace(iri) for p, iri in prefixes.items()}).algebra
    except Exception:  # pyparsing's and rdflib's errors have no common base; Oxigraph words the real one
        return None
    patterns: set[Pattern] = set()
    graphs: set[str] = set()
    for op in operations:
        if op.name in ("InsertData", "DeleteData", "DeleteWhere"):
            patterns.update(_patterns(op))
        elif op.name == "Modify":
            patterns.update(p for clause in (op.delete, op.insert) if clause is not None for p in _patterns(clause))
        elif op.name in ("Drop", "Clear") and isinstance(op.graphiri, URIRef):
            graphs.add(str(op.graphiri))
        elif op.name in ("Copy", "Move", "Add"):
            # The default graph as a source gives only what the union holds already.
            source, target = op.graph
            if (target == "DEFAULT" and op.name != "Add") or (source == "DEFAULT" and op.name == "Move"):
                return None
            graphs.update(str(g) for g in (source, target) if g != "DEFAULT")
        elif op.name != "Create":
            return None
    if (None, None, None) in patterns:
        return None
    return Reach(frozenset(patterns), frozenset(graphs))


def _patterns(clause: object) -> Iterable[Pattern]:
    """The triple patterns of a template or data block, in every graph it names."""
    triples = list(getattr(clause, "triples", None) or [])
    for graph_triples in (getattr(clause, "quads", None) or {}).values():
        triples.extend(graph_triples)
    for s, p, o in triples:
        yield _bound(s), _bound(p), _bound(o)


def _bound(term: Node) -> URIRef | Literal | None:
    """The term, when it stands for itself alone. Variables and blank nodes may be anything; so may a
    literal with a datatype or language, which rdflib and Oxigraph may write in different forms
    ("01" and "1"): a broader pattern only costs a longer look."""
    if isinstance(term, URIRef):
        return term
    if isinstance(term, Literal) and term.language is None and term.datatype in (None, XSD.string):
        return term
    return None


def mending(rows: Iterable[Row] | None) -> str:
    """Operations that make the default graph the union of the article graphs again for the triples
    matching one of `rows`, one VALUES block per shape of row, or for every triple when None. Two passes
    each, both looking every triple up in an index: an update may drop an article's last statement of a
    triple, or write the default graph alone."""
    if rows is None:
        return _union("")
    shapes: dict[tuple[bool, ...], list[Row]] = {}
    for row in rows:
        shapes.setdefault(tuple(term is not None for term in row), []).append(row)
    mends = []
    for shape, group in shapes.items():
        names = " ".join(name for name, bound in zip(("?s", "?p", "?o"), shape, strict=True) if bound)
        values = " ".join("(" + " ".join(term for term in row if term is not None) + ")" for row in group)
        mends.append(_union(f"VALUES ({names}) {{ {values} }}"))
    return " ;\n".join(mends)


def _union(where: str) -> str:
    """The two passes over the triples `where` allows; the ontology's graph is no article, so it is kept
    out of the union (kg.store.put_ontology)."""
    article = f"GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{ONTOLOGY_IRI}>)"
    return (
        f"DELETE {{ ?s ?p ?o }} WHERE {{ {where} ?s ?p ?o FILTER NOT EXISTS {{ {article} }} }} ;\n"
        f"INSERT {{ ?s ?p ?o }} WHERE {{ {where} {article} FILTER NOT EXISTS {{ ?s ?p ?o }} }}"
    )
