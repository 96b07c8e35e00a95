"""The one table of formats: what `kg query`, `kg export`, the console and `kg serve` can write, by name.

The CLI's choices, the console's `\\format`, the endpoint's content negotiation and query form, and the
writers' pyoxigraph formats all read this table, so a format is added or renamed in one place. A name
means one format per kind: `xml` is SPARQL Results XML for solutions and RDF/XML for graphs, as a
SPARQL endpoint's `format=xml` means both. The first format of a kind is its default.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # imported where a writer needs it, so building the CLI's choices stays light
    import pyoxigraph as ox

SCREEN = "screen"  # solutions drawn for people: `kg query`, the console
SOLUTIONS = "solutions"  # a SELECT's or ASK's results in a W3C format, for programs
GRAPH = "graph"  # triples: a CONSTRUCT's, or the union of the article graphs
DATASET = "dataset"  # quads: one named graph per article
PAGE = "page"  # an HTML table, for the endpoint's query form


@dataclass(frozen=True)
class Format:
    """One format: its name, media type, file extension and label, the kinds of result it holds, and
    other names or media types clients send for it (taken only where requests arrive)."""

    name: str
    media: str
    extension: str
    label: str
    kinds: frozenset[str]
    aliases: tuple[str, ...] = ()

    @property
    def rdf(self) -> ox.RdfFormat:
        import pyoxigraph

        return _known(pyoxigraph.RdfFormat.from_media_type(self.media), self)

    @property
    def results(self) -> ox.QueryResultsFormat:
        import pyoxigraph

        return _known(pyoxigraph.QueryResultsFormat.from_media_type(self.media), self)


W = TypeVar("W")


def _known(found: W | None, fmt: Format) -> W:
    """pyoxigraph's format for a media type, which it must know."""
    if found is None:
        raise KeyError(f"pyoxigraph writes no {fmt.name} ({fmt.media}) of this kind")
    return found


def _f(name: str, media: str, extension: str, label: str, *kinds: str, aliases: tuple[str, ...] = ()) -> Format:
    return Format(name, media, extension, label, frozenset(kinds), aliases)


FORMATS = (
    _f("html", "text/html", "html", "table", PAGE),
    _f("table", "text/plain", "txt", "table", SCREEN),
    _f("vertical", "text/plain", "txt", "one record per result", SCREEN),
    _f("json", "application/sparql-results+json", "srj", "JSON", SOLUTIONS, aliases=("application/json",)),
    _f("xml", "application/sparql-results+xml", "srx", "XML", SOLUTIONS, aliases=("application/xml", "text/xml")),
    _f("csv", "text/csv", "csv", "CSV", SOLUTIONS),
    _f("tsv", "text/tab-separated-values", "tsv", "TSV", SOLUTIONS),
    _f("turtle", "text/turtle", "ttl", "Turtle", GRAPH, aliases=("application/turtle", "application/x-turtle")),
    _f("nt", "application/n-triples", "nt", "N-Triples", GRAPH, aliases=("text/plain",)),
    # SPARQLWrapper sends `format=rdf` and `format=json` for its RDF and JSON return formats on CONSTRUCT
    _f("xml", "application/rdf+xml", "rdf", "RDF/XML", GRAPH, aliases=("rdf",)),
    _f("jsonld", "application/ld+json", "jsonld", "JSON-LD", GRAPH, DATASET, aliases=("application/x-json+ld", "application/json", "json")),
    _f("nquads", "application/n-quads", "nq", "N-Quads", DATASET),
    _f("trig", "application/trig", "trig", "TriG", DATASET),
)


def of(*kinds: str) -> tuple[Format, ...]:
    """The formats holding any of these kinds of result, in the table's order."""
    return tuple(f for f in FORMATS if f.kinds & set(kinds))


def names(*kinds: str) -> list[str]:
    """Their names, each once: the choices the CLI and the console offer."""
    return list(dict.fromkeys(f.name for f in of(*kinds)))


def get(name: str, *kinds: str) -> Format:
    """The format of that name holding one of these kinds; KeyError if there is none."""
    for f in of(*kinds):
        if f.name == name:
            return f
    raise KeyError(name)


def by_media(formats: Iterable[Format]) -> dict[str, str]:
    """Media type or alias -> format name, for reading what a client asks for."""
    found: dict[str, str] = {}
    for f in formats:
        found.setdefault(f.media, f.name)
        for alias in f.aliases:
            found.setdefault(alias, f.name)
    return found


QUERY = names(SCREEN, SOLUTIONS)  # `kg query --format`, the console's `\\format`
EXPORT = names(GRAPH, DATASET)  # `kg export --format`
