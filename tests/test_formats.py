"""The one table of formats: every name and media type users and clients have, each resolving to the
writer's format, and the CLI offering exactly the table's choices."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg import formats
from tests.conftest import run


def test_the_names_each_command_offers():
    assert formats.QUERY == ["table", "vertical", "json", "xml", "csv", "tsv"]
    assert sorted(formats.EXPORT) == ["jsonld", "nquads", "nt", "trig", "turtle", "xml"]
    assert formats.names(formats.DATASET) == ["jsonld", "nquads", "trig"]


@pytest.mark.parametrize(
    "name, kind, media, writer",
    [
        ("json", formats.SOLUTIONS, "application/sparql-results+json", ox.QueryResultsFormat.JSON),
        ("xml", formats.SOLUTIONS, "application/sparql-results+xml", ox.QueryResultsFormat.XML),
        ("csv", formats.SOLUTIONS, "text/csv", ox.QueryResultsFormat.CSV),
        ("tsv", formats.SOLUTIONS, "text/tab-separated-values", ox.QueryResultsFormat.TSV),
        ("turtle", formats.GRAPH, "text/turtle", ox.RdfFormat.TURTLE),
        ("nt", formats.GRAPH, "application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("xml", formats.GRAPH, "application/rdf+xml", ox.RdfFormat.RDF_XML),
        ("jsonld", formats.GRAPH, "application/ld+json", ox.RdfFormat.JSON_LD),
        ("nquads", formats.DATASET, "application/n-quads", ox.RdfFormat.N_QUADS),
        ("trig", formats.DATASET, "application/trig", ox.RdfFormat.TRIG),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_one_name_per_kind_with_its_media_type_and_writer(name, kind, media, writer):
    found = formats.get(name, kind)
    assert found.media == media
    assert (found.results if kind == formats.SOLUTIONS else found.rdf) == writer


def test_media_types_clients_send_for_the_same_formats():
    assert formats.by_media(formats.of(formats.SOLUTIONS))["application/json"] == "json"
    graphs = formats.by_media(formats.of(formats.GRAPH))
    assert (graphs["application/x-turtle"], graphs["text/plain"], graphs["rdf"], graphs["json"]) == ("turtle", "nt", "xml", "jsonld")


def test_an_unknown_name_or_kind_is_no_format():
    with pytest.raises(KeyError):
        formats.get("nquads", formats.GRAPH)


@pytest.mark.parametrize("command, default", [("query", "table"), ("export", "turtle")])
def test_the_cli_lists_the_table(command, default):
    shown = " ".join(run(command, "--help").output.split())
    names = formats.QUERY if command == "query" else formats.EXPORT
    assert f"[{'|'.join(names)}]" in shown and f"[default: {default}]" in shown
